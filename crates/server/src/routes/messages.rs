//! The composer's endpoints: what it offers the caller in a conversation
//! (`GET /api/conversations/{id}/compose`) and sending a reply or a note
//! (`POST /api/conversations/{id}/messages`, with an `Idempotency-Key`). See
//! `store::conversations::compose` and `::send`.

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::{get, post};
use axum::{Json, Router};
use textpeak_api::{ComposeContext, Message, MessageKind, SendMessage};

use crate::http::auth::Authenticated;
use crate::http::extract::{ApiJson, ApiPath};
use crate::http::problem::ApiError;
use crate::routes::kit::read_db;
use crate::state::AppState;
use crate::store::conversations::caller::Caller;
use crate::store::conversations::{compose, send};

/// `textpeak_api::paths::conversation_compose(id)` and `conversation_send(id)` as templates,
/// under `/api`.
const CONVERSATION_COMPOSE: &str = "/conversations/{id}/compose";
const CONVERSATION_SEND: &str = "/conversations/{id}/messages";

/// The header of a send; it must equal the body's `client_id`.
pub const IDEMPOTENCY_KEY: &str = "idempotency-key";

pub fn router() -> Router<AppState> {
    Router::new()
        .route(CONVERSATION_COMPOSE, get(compose_context))
        .route(CONVERSATION_SEND, post(send_message))
}

/// `GET /api/conversations/{id}/compose`: 404 unless the caller may see the conversation.
async fn compose_context(
    State(state): State<AppState>,
    auth: Authenticated,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<ComposeContext>, ApiError> {
    read_db(&state, move |conn| {
        let caller = Caller::load(conn, auth.user_id)?;
        caller.require_conversation(conn, id)?;
        compose::context(conn, &caller, id)
    })
    .await
}

/// The `Idempotency-Key` header, which must be the body's `client_id` (422 naming it).
pub fn idempotency_key(headers: &HeaderMap, input: &SendMessage) -> Result<(), ApiError> {
    match headers.get(IDEMPOTENCY_KEY).map(|v| v.to_str()) {
        None => Err(ApiError::validation(
            "Idempotency-Key",
            "Send the message's client id as the Idempotency-Key header.",
        )),
        Some(Ok(key)) if key.trim() == input.client_id => Ok(()),
        Some(_) => Err(ApiError::validation(
            "Idempotency-Key",
            "The Idempotency-Key header must equal the message's client id.",
        )),
    }
}

/// `POST /api/conversations/{id}/messages`: 201 with the new message, 200 with the stored one
/// for a retry of the same `client_id`.
async fn send_message(
    State(state): State<AppState>,
    auth: Authenticated,
    ApiPath(id): ApiPath<i64>,
    headers: HeaderMap,
    ApiJson(input): ApiJson<SendMessage>,
) -> Result<(StatusCode, Json<Message>), ApiError> {
    idempotency_key(&headers, &input)?;
    let sent = state
        .db
        .call(move |conn| {
            let caller = Caller::load(conn, auth.user_id)?;
            caller.require_conversation(conn, id)?;
            send::send(conn, &caller, id, &input)
        })
        .await?;
    if !sent.created {
        return Ok((StatusCode::OK, Json(sent.message)));
    }
    if sent.message.kind == MessageKind::Reply {
        state.delivery_wake.notify_one();
    }
    tracing::info!(
        conversation_id = id,
        message_id = sent.message.id,
        kind = sent.message.kind.as_str(),
        "message sent"
    );
    Ok((StatusCode::CREATED, Json(sent.message)))
}
