//! `GET /api/me`: who the caller is, their tenant, role, capabilities and spaces.

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use textpeak_api::{paths, Me};

use crate::domain::access::Viewer;
use crate::http::auth::Authenticated;
use crate::http::problem::ApiError;
use crate::routes::kit::{api_path, read_db};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route(api_path(paths::ME), get(me))
}

async fn me(State(state): State<AppState>, auth: Authenticated) -> Result<Json<Me>, ApiError> {
    read_db(&state, move |conn| {
        Viewer::load(conn, auth.user_id)?.me(conn)
    })
    .await
}
