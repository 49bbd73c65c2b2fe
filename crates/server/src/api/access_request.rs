//! Beta access over HTTP: the tenant's request and TextPeak support's review. The state machine
//! itself is `crate::beta_access`, shared with the `access` command.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use textpeak_api::{AccessRequestReview, TenantInfo};

use crate::api::ApiPath;
use crate::auth::{Authenticated, Support};
use crate::beta_access::{self, Decision};
use crate::problem::ApiError;
use crate::AppState;

/// `POST /api/access-request`: the signed-in user's tenant asks for Beta access. The body may
/// be empty or a JSON object (nothing in it is read yet).
pub async fn request(
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
pub async fn support_list(
    State(state): State<AppState>,
    _support: Support,
) -> Result<Json<Vec<AccessRequestReview>>, ApiError> {
    Ok(Json(state.db.call(|conn| beta_access::list(conn)).await?))
}

/// `POST /api/support/access-requests/{tenant_id}/approve`.
pub async fn support_approve(
    state: State<AppState>,
    support: Support,
    tenant_id: ApiPath<i64>,
) -> Result<Json<AccessRequestReview>, ApiError> {
    decide(state, support, tenant_id, Decision::Approve).await
}

/// `POST /api/support/access-requests/{tenant_id}/decline`.
pub async fn support_decline(
    state: State<AppState>,
    support: Support,
    tenant_id: ApiPath<i64>,
) -> Result<Json<AccessRequestReview>, ApiError> {
    decide(state, support, tenant_id, Decision::Decline).await
}

async fn decide(
    State(state): State<AppState>,
    _support: Support,
    ApiPath(tenant_id): ApiPath<i64>,
    decision: Decision,
) -> Result<Json<AccessRequestReview>, ApiError> {
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
