//! Beta access over HTTP: the tenant's request and TextPeak support's review. The state machine
//! itself is `store::beta_access`, shared with the `access` command.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use textpeak_api::{paths, AccessRequestReview, TenantInfo};

use crate::domain::beta_access::Decision;
use crate::http::auth::{Authenticated, Support};
use crate::http::extract::ApiPath;
use crate::http::problem::ApiError;
use crate::routes::kit::{api_path, read_db};
use crate::state::AppState;
use crate::store::{beta_access, tenants};

pub fn router() -> Router<AppState> {
    let decision = |verb: &str| {
        format!(
            "{}/{{tenant_id}}/{verb}",
            api_path(paths::SUPPORT_ACCESS_REQUESTS)
        )
    };
    Router::new()
        .route(api_path(paths::ACCESS_REQUEST), post(request))
        .route(api_path(paths::SUPPORT_ACCESS_REQUESTS), get(support_list))
        .route(&decision("approve"), post(decide::<true>))
        .route(&decision("decline"), post(decide::<false>))
}

/// `POST /api/access-request`: the signed-in user's tenant asks for Beta access. The body may
/// be empty or a JSON object (nothing in it is read yet).
async fn request(
    State(state): State<AppState>,
    auth: Authenticated,
    body: Bytes,
) -> Result<(StatusCode, Json<TenantInfo>), ApiError> {
    let empty = body.iter().all(u8::is_ascii_whitespace);
    if !empty && !serde_json::from_slice::<serde_json::Value>(&body).is_ok_and(|v| v.is_object()) {
        return Err(ApiError::validation(
            "body",
            "The body must be empty or a JSON object",
        ));
    }
    let user_id = auth.user_id;
    let tenant = state
        .db
        .call(move |conn| beta_access::request(conn, user_id))
        .await?;
    tracing::info!(user_id, tenant_id = tenant.id, "Beta access requested");
    Ok((StatusCode::CREATED, Json(tenant)))
}

/// `GET /api/support/access-requests`: every tenant's Beta access, pending requests first.
async fn support_list(
    State(state): State<AppState>,
    _support: Support,
) -> Result<Json<Vec<AccessRequestReview>>, ApiError> {
    read_db(&state, tenants::list).await
}

/// `POST /api/support/access-requests/{tenant_id}/approve` (`APPROVE`) and `…/decline`.
async fn decide<const APPROVE: bool>(
    State(state): State<AppState>,
    _support: Support,
    ApiPath(tenant_id): ApiPath<i64>,
) -> Result<Json<AccessRequestReview>, ApiError> {
    let decision = if APPROVE {
        Decision::Approve
    } else {
        Decision::Decline
    };
    let review = state
        .db
        .call(move |conn| beta_access::decide(conn, tenant_id, decision))
        .await?;
    tracing::info!(
        tenant_id,
        status = review.status.as_str(),
        "Beta access reviewed by support"
    );
    Ok(Json(review))
}
