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

/// Runs `f` on a read-only connection ([`Db::read`](crate::db::Db::read)) and answers what it
/// returns as JSON: the body of the handlers that only read.
pub async fn read_db<T, F>(state: &AppState, f: F) -> Result<Json<T>, ApiError>
where
    T: Serialize + Send + 'static,
    F: FnOnce(&Connection) -> Result<T, ApiError> + Send + 'static,
{
    Ok(Json(state.db.read(f).await?))
}

/// Runs `f` on the database (the writer) and answers what it returns as JSON: the body of the
/// handlers that write.
pub async fn on_db<T, F>(state: &AppState, f: F) -> Result<Json<T>, ApiError>
where
    T: Serialize + Send + 'static,
    F: FnOnce(&mut Connection) -> Result<T, ApiError> + Send + 'static,
{
    Ok(Json(state.db.call(f).await?))
}
