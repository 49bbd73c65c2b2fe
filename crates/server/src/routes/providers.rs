//! What the providers call (support token): `POST /api/support/inbound`, a contact's message
//! arriving on one of a tenant's senders (see `store::inbound`), and
//! `POST /api/support/delivery-status`, a delivery-status callback. The delivery simulator
//! applies its statuses through the same `store::delivery::apply`.

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::post;
use axum::{Json, Router};
use textpeak_api::{paths, DeliveryCallback, InboundMessage, InboundReceipt, Message};

use crate::http::auth::Support;
use crate::http::extract::ApiJson;
use crate::http::problem::ApiError;
use crate::routes::kit::{api_path, on_db};
use crate::state::AppState;
use crate::store::{delivery, inbound};

pub fn router() -> Router<AppState> {
    Router::new()
        .route(api_path(paths::SUPPORT_INBOUND), post(receive))
        .route(api_path(paths::SUPPORT_DELIVERY_STATUS), post(callback))
}

/// 201 with the receipt when the message started a conversation, 200 when it joined the
/// contact's existing one. There is no live-update channel yet: clients see the message on
/// their next load.
async fn receive(
    State(state): State<AppState>,
    _support: Support,
    ApiJson(message): ApiJson<InboundMessage>,
) -> Result<(StatusCode, Json<InboundReceipt>), ApiError> {
    let receipt = state
        .db
        .call(move |conn| inbound::deliver(conn, &message))
        .await?;
    tracing::info!(
        conversation_id = receipt.conversation_id,
        created = receipt.created,
        "inbound message delivered"
    );
    let status = if receipt.created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((status, Json(receipt)))
}

/// 200 with the message as it now is; a status that would move it backwards (a late or
/// repeated callback) changes nothing.
async fn callback(
    State(state): State<AppState>,
    _support: Support,
    ApiJson(callback): ApiJson<DeliveryCallback>,
) -> Result<Json<Message>, ApiError> {
    on_db(&state, move |conn| delivery::apply(conn, &callback)).await
}
