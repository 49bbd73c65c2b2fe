//! Starting a conversation (`New conversation`): what the dialog offers in a space
//! (`GET /api/spaces/{id}/start`), the Telegram contact picker (`…/start/contacts`), the open
//! conversation offered instead of a duplicate (`…/start/existing`), and the start itself
//! (`POST /api/spaces/{id}/conversations`, with an `Idempotency-Key`). See
//! `store::conversations::start`.

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::{get, post};
use axum::{Json, Router};
use textpeak_api::{
    ConversationDetail, ExistingConversation, NewConversation, StartContact, StartOptions,
};

use crate::http::auth::Authenticated;
use crate::http::extract::{ApiJson, ApiPath, ApiQueryPairs};
use crate::http::problem::ApiError;
use crate::routes::kit::read_db;
use crate::routes::messages::idempotency_key;
use crate::state::AppState;
use crate::store::conversations::caller::Caller;
use crate::store::conversations::rows::conversation_detail;
use crate::store::conversations::start::{self, ContactKey};

/// `textpeak_api::paths::space_start(id)`, `space_start_contacts(id)`,
/// `space_start_existing(id)` and `space_new_conversation(id)` as templates, under `/api`.
const SPACE_START: &str = "/spaces/{id}/start";
const SPACE_START_CONTACTS: &str = "/spaces/{id}/start/contacts";
const SPACE_START_EXISTING: &str = "/spaces/{id}/start/existing";
const SPACE_NEW_CONVERSATION: &str = "/spaces/{id}/conversations";

pub fn router() -> Router<AppState> {
    Router::new()
        .route(SPACE_START, get(options))
        .route(SPACE_START_CONTACTS, get(contacts))
        .route(SPACE_START_EXISTING, get(existing))
        .route(SPACE_NEW_CONVERSATION, post(new_conversation))
}

/// The caller, who must see the space (404 otherwise).
fn caller_in_space(
    conn: &rusqlite::Connection,
    user_id: i64,
    space_id: i64,
) -> Result<Caller, ApiError> {
    let caller = Caller::load(conn, user_id)?;
    caller.require_space(conn, space_id)?;
    Ok(caller)
}

/// `sender_profile`: required, an id (422 naming it otherwise).
fn profile_param(query: &ApiQueryPairs) -> Result<i64, ApiError> {
    let Some(value) = query.get("sender_profile") else {
        return Err(ApiError::validation(
            "sender_profile",
            "Choose a sender profile first.",
        ));
    };
    value
        .parse()
        .map_err(|_| ApiError::validation("sender_profile", "The sender profile is not an id."))
}

/// `GET /api/spaces/{id}/start`.
async fn options(
    State(state): State<AppState>,
    auth: Authenticated,
    ApiPath(space_id): ApiPath<i64>,
) -> Result<Json<StartOptions>, ApiError> {
    read_db(&state, move |conn| {
        let caller = caller_in_space(conn, auth.user_id, space_id)?;
        start::options(conn, &caller, space_id)
    })
    .await
}

/// `GET /api/spaces/{id}/start/contacts?sender_profile=&q=`.
async fn contacts(
    State(state): State<AppState>,
    auth: Authenticated,
    ApiPath(space_id): ApiPath<i64>,
    query: ApiQueryPairs,
) -> Result<Json<Vec<StartContact>>, ApiError> {
    read_db(&state, move |conn| {
        let caller = caller_in_space(conn, auth.user_id, space_id)?;
        let profile = profile_param(&query)?;
        start::contacts(
            conn,
            &caller,
            space_id,
            profile,
            query.get("q").unwrap_or(""),
        )
    })
    .await
}

/// `GET /api/spaces/{id}/start/existing?sender_profile=&phone=|contact=`.
async fn existing(
    State(state): State<AppState>,
    auth: Authenticated,
    ApiPath(space_id): ApiPath<i64>,
    query: ApiQueryPairs,
) -> Result<Json<ExistingConversation>, ApiError> {
    read_db(&state, move |conn| {
        let caller = caller_in_space(conn, auth.user_id, space_id)?;
        let profile = profile_param(&query)?;
        let key = match (query.get("phone"), query.get("contact")) {
            (Some(phone), _) => ContactKey::Phone(phone.to_owned()),
            (None, Some(contact)) => ContactKey::Id(
                contact
                    .parse()
                    .map_err(|_| ApiError::validation("contact", "The contact is not an id."))?,
            ),
            (None, None) => {
                return Err(ApiError::validation(
                    "phone",
                    "Give the contact's number (phone) or, on Telegram, the contact.",
                ))
            }
        };
        start::existing(conn, &caller, space_id, profile, &key)
    })
    .await
}

/// `POST /api/spaces/{id}/conversations`: 201 with the new conversation's details, 200 with
/// the same conversation for a repeat of the same `Idempotency-Key`.
async fn new_conversation(
    State(state): State<AppState>,
    auth: Authenticated,
    ApiPath(space_id): ApiPath<i64>,
    headers: HeaderMap,
    ApiJson(input): ApiJson<NewConversation>,
) -> Result<(StatusCode, Json<ConversationDetail>), ApiError> {
    idempotency_key(&headers, &input.message)?;
    let (started, detail) = state
        .db
        .call(move |conn| {
            let caller = caller_in_space(conn, auth.user_id, space_id)?;
            let started = start::start(conn, &caller, space_id, &input)?;
            Ok((started, conversation_detail(conn, started.conversation_id)?))
        })
        .await?;
    if !started.created {
        return Ok((StatusCode::OK, Json(detail)));
    }
    state.delivery_wake.notify_one();
    tracing::info!(
        space_id,
        conversation_id = started.conversation_id,
        "conversation started"
    );
    Ok((StatusCode::CREATED, Json(detail)))
}
