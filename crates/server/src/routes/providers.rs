//! `POST /api/support/inbound` (support token): a contact's message arrives on one of a
//! tenant's senders (see `store::inbound`).

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::post;
use axum::{Json, Router};
use textpeak_api::{paths, InboundMessage, InboundReceipt};

use crate::http::auth::Support;
use crate::http::extract::ApiJson;
use crate::http::problem::ApiError;
use crate::routes::kit::api_path;
use crate::state::AppState;
use crate::store::inbound;

pub fn router() -> Router<AppState> {
    Router::new().route(api_path(paths::SUPPORT_INBOUND), post(receive))
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
