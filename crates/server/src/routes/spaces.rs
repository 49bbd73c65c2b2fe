//! `GET /api/spaces/{id}/summary`: the counts of the space switcher.

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use textpeak_api::SpaceSummary;

use crate::http::auth::Authenticated;
use crate::http::extract::ApiPath;
use crate::http::problem::ApiError;
use crate::routes::kit::read_db;
use crate::state::AppState;
use crate::store::spaces;

/// `textpeak_api::paths::space_summary(id)` spelt as the router's template, under `/api`.
const SPACE_SUMMARY: &str = "/spaces/{id}/summary";

pub fn router() -> Router<AppState> {
    Router::new().route(SPACE_SUMMARY, get(summary))
}

/// Counts over the conversations of the space that the caller may see.
async fn summary(
    State(state): State<AppState>,
    auth: Authenticated,
    ApiPath(space_id): ApiPath<i64>,
) -> Result<Json<SpaceSummary>, ApiError> {
    read_db(&state, move |conn| {
        spaces::summary(conn, auth.user_id, space_id)
    })
    .await
}
