//! `GET /api/senders`: the tenant's sender registry, for the channel settings forms.

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use textpeak_api::{paths, SenderSetting};

use crate::http::auth::Authenticated;
use crate::http::problem::ApiError;
use crate::routes::kit::{api_path, read_db};
use crate::state::AppState;
use crate::store::settings::senders;

pub fn router() -> Router<AppState> {
    Router::new().route(api_path(paths::SENDERS), get(list))
}

/// Every sender of the tenant with the names of the profile and rule that hold it.
async fn list(
    State(state): State<AppState>,
    auth: Authenticated,
) -> Result<Json<Vec<SenderSetting>>, ApiError> {
    read_db(&state, move |conn| senders::list(conn, auth.user_id)).await
}
