//! Onboarding (product.md §4.2): `GET /api/onboarding`, `PUT` and `DELETE
//! /api/onboarding/skips/{step}`, `POST /api/onboarding/finish`. Only the owner and Inbox Admins
//! (`Capability::SeeOnboarding`) may read or change it.

use axum::extract::State;
use axum::routing::{get, post, put};
use axum::{Json, Router};
use textpeak_api::{paths, Onboarding};

use crate::http::auth::Authenticated;
use crate::http::extract::ApiPath;
use crate::http::problem::ApiError;
use crate::routes::kit::{api_path, on_db, read_db};
use crate::state::AppState;
use crate::store::onboarding;

pub fn router() -> Router<AppState> {
    Router::new()
        .route(api_path(paths::ONBOARDING), get(show))
        .route(
            &format!("{}/skips/{{step}}", api_path(paths::ONBOARDING)),
            put(set_skipped::<true>).delete(set_skipped::<false>),
        )
        .route(api_path(paths::ONBOARDING_FINISH), post(finish))
}

/// `GET /api/onboarding`.
async fn show(
    State(state): State<AppState>,
    auth: Authenticated,
) -> Result<Json<Onboarding>, ApiError> {
    read_db(&state, move |conn| onboarding::show(conn, auth.user_id)).await
}

/// `PUT /api/onboarding/skips/{step}` skips a step, `DELETE` takes the skip back. Both are
/// idempotent, so a double click or a retry is harmless, and no skip to take back is fine.
async fn set_skipped<const SKIPPED: bool>(
    State(state): State<AppState>,
    auth: Authenticated,
    ApiPath(step): ApiPath<String>,
) -> Result<Json<Onboarding>, ApiError> {
    on_db(&state, move |conn| {
        onboarding::set_skipped(conn, auth.user_id, &step, SKIPPED)
    })
    .await
}

/// `POST /api/onboarding/finish`: "Go to Inbox".
async fn finish(
    State(state): State<AppState>,
    auth: Authenticated,
) -> Result<Json<Onboarding>, ApiError> {
    on_db(&state, move |conn| onboarding::finish(conn, auth.user_id)).await
}
