//! What the route modules share: the paths of `textpeak_api::paths` as the router nested
//! under `/api` sees them, and the usual body of a handler.

use axum::Json;
use rusqlite::Connection;
use serde::Serialize;

use crate::http::problem::ApiError;
use crate::state::AppState;

/// Where the API is nested; every path of `textpeak_api::paths` starts with it.
pub const API_PREFIX: &str = "/api";

/// A path of `textpeak_api::paths` as the router nested under [`API_PREFIX`] sees it.
pub fn api_path(path: &'static str) -> &'static str {
    path.strip_prefix(API_PREFIX)
        .expect("every path of textpeak_api::paths starts with /api")
}

/// The path of one item of a collection: `/tags` → `/tags/{id}`.
pub fn item_path(collection: &'static str) -> String {
    format!("{}/{{id}}", api_path(collection))
}

/// Runs `f` on the database and answers what it returns as JSON: the body of most handlers.
pub async fn on_db<T, F>(state: &AppState, f: F) -> Result<Json<T>, ApiError>
where
    T: Serialize + Send + 'static,
    F: FnOnce(&mut Connection) -> Result<T, ApiError> + Send + 'static,
{
    Ok(Json(state.db.call(f).await?))
}
