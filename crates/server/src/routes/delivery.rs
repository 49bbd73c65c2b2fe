//! `POST /api/support/delivery-status` (support token): a provider's delivery-status callback.
//! The delivery simulator applies its statuses through the same `store::delivery::apply`.

use axum::extract::State;
use axum::routing::post;
use axum::{Json, Router};
use textpeak_api::{paths, DeliveryCallback, Message};

use crate::http::auth::Support;
use crate::http::extract::ApiJson;
use crate::http::problem::ApiError;
use crate::routes::kit::api_path;
use crate::state::AppState;
use crate::store::delivery;

pub fn router() -> Router<AppState> {
    Router::new().route(api_path(paths::SUPPORT_DELIVERY_STATUS), post(callback))
}

/// 200 with the message as it now is; a status that would move it backwards (a late or
/// repeated callback) changes nothing.
async fn callback(
    State(state): State<AppState>,
    _support: Support,
    ApiJson(callback): ApiJson<DeliveryCallback>,
) -> Result<Json<Message>, ApiError> {
    Ok(Json(
        state
            .db
            .call(move |conn| delivery::apply(conn, &callback))
            .await?,
    ))
}
