//! The dashboard's endpoints: the conversation list of a space and its filter menus, a
//! conversation's details and thread, marking it read, its actions (close and reopen also at
//! their own paths) and their menus, and bulk actions on a space's conversations.

mod query;

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use rusqlite::Connection;
use serde::Serialize;
use textpeak_api::{
    ActionOptions, BulkOutcome, BulkRequest, ConversationAction, ConversationDetail,
    ConversationPage, ConversationStatus, MessagePage, SpaceFilters,
};

use crate::http::auth::Authenticated;
use crate::http::extract::{ApiJson, ApiPath, ApiQueryPairs};
use crate::http::problem::ApiError;
use crate::routes::kit::{on_db, read_db};
use crate::state::AppState;
use crate::store::conversations::caller::Caller;
use crate::store::conversations::rows::conversation_detail;
use crate::store::conversations::{actions, list, menus, thread};

/// `textpeak_api::paths` spells these with ids (`space_conversations(id)`…); the router needs
/// their templates, under `/api`.
const SPACE_CONVERSATIONS: &str = "/spaces/{id}/conversations";
const SPACE_FILTERS: &str = "/spaces/{id}/filters";
const CONVERSATION: &str = "/conversations/{id}";
const CONVERSATION_MESSAGES: &str = "/conversations/{id}/messages";
const CONVERSATION_READ: &str = "/conversations/{id}/read";
const CONVERSATION_CLOSE: &str = "/conversations/{id}/close";
const CONVERSATION_REOPEN: &str = "/conversations/{id}/reopen";
const CONVERSATION_ACTIONS: &str = "/conversations/{id}/actions";
const CONVERSATION_OPTIONS: &str = "/conversations/{id}/options";
const SPACE_BULK: &str = "/spaces/{id}/conversations/bulk";

pub fn router() -> Router<AppState> {
    Router::new()
        .route(SPACE_CONVERSATIONS, get(list_conversations))
        .route(SPACE_FILTERS, get(space_filters))
        .route(CONVERSATION, get(detail))
        .route(CONVERSATION_MESSAGES, get(messages))
        .route(CONVERSATION_READ, post(mark_read))
        .route(CONVERSATION_CLOSE, post(set_status::<true>))
        .route(CONVERSATION_REOPEN, post(set_status::<false>))
        .route(CONVERSATION_ACTIONS, post(act))
        .route(CONVERSATION_OPTIONS, get(options))
        .route(SPACE_BULK, post(bulk))
}

/// What a dashboard request is about: 404 unless the caller may see it.
#[derive(Clone, Copy)]
enum Seen {
    Space(i64),
    Conversation(i64),
}

impl Seen {
    /// The caller, loaded and allowed to see this (404 otherwise).
    fn caller(self, conn: &Connection, user_id: i64) -> Result<Caller, ApiError> {
        let caller = Caller::load(conn, user_id)?;
        match self {
            Seen::Space(id) => caller.require_space(conn, id)?,
            Seen::Conversation(id) => caller.require_conversation(conn, id)?,
        }
        Ok(caller)
    }
}

/// Runs `f` for a caller who may see `seen` on a read-only connection and answers its result
/// as JSON.
async fn read_for_caller<T, F>(
    state: &AppState,
    auth: Authenticated,
    seen: Seen,
    f: F,
) -> Result<Json<T>, ApiError>
where
    T: Serialize + Send + 'static,
    F: FnOnce(&Connection, &Caller) -> Result<T, ApiError> + Send + 'static,
{
    read_db(state, move |conn| {
        let caller = seen.caller(conn, auth.user_id)?;
        f(conn, &caller)
    })
    .await
}

/// Runs `f` for a caller who may see `seen` on the writer and answers its result as JSON.
async fn for_caller<T, F>(
    state: &AppState,
    auth: Authenticated,
    seen: Seen,
    f: F,
) -> Result<Json<T>, ApiError>
where
    T: Serialize + Send + 'static,
    F: FnOnce(&mut Connection, &Caller) -> Result<T, ApiError> + Send + 'static,
{
    on_db(state, move |conn| {
        let caller = seen.caller(conn, auth.user_id)?;
        f(conn, &caller)
    })
    .await
}

/// `GET /api/spaces/{id}/conversations`.
async fn list_conversations(
    State(state): State<AppState>,
    auth: Authenticated,
    ApiPath(space_id): ApiPath<i64>,
    query: ApiQueryPairs,
) -> Result<Json<ConversationPage>, ApiError> {
    read_for_caller(&state, auth, Seen::Space(space_id), move |conn, caller| {
        let request = query::page_request(&query)?;
        list::page(conn, caller, space_id, &request)
    })
    .await
}

/// `GET /api/spaces/{id}/filters`: the teams and tags the filter menus offer.
async fn space_filters(
    State(state): State<AppState>,
    auth: Authenticated,
    ApiPath(space_id): ApiPath<i64>,
) -> Result<Json<SpaceFilters>, ApiError> {
    read_for_caller(&state, auth, Seen::Space(space_id), move |conn, caller| {
        menus::space_filters(conn, caller, space_id)
    })
    .await
}

/// `GET /api/conversations/{id}`.
async fn detail(
    State(state): State<AppState>,
    auth: Authenticated,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<ConversationDetail>, ApiError> {
    read_for_caller(&state, auth, Seen::Conversation(id), move |conn, _| {
        conversation_detail(conn, id)
    })
    .await
}

/// `POST /api/conversations/{id}/close` (`CLOSE`) and `/reopen` (see
/// [`actions::set_status`]).
async fn set_status<const CLOSE: bool>(
    State(state): State<AppState>,
    auth: Authenticated,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<ConversationDetail>, ApiError> {
    let status = if CLOSE {
        ConversationStatus::Closed
    } else {
        ConversationStatus::Open
    };
    for_caller(&state, auth, Seen::Conversation(id), move |conn, caller| {
        actions::set_status(conn, caller, id, status)
    })
    .await
}

/// `GET /api/conversations/{id}/messages?before=&limit=`: a page of the thread, oldest first,
/// ending just before `before` (the newest messages without it).
async fn messages(
    State(state): State<AppState>,
    auth: Authenticated,
    ApiPath(id): ApiPath<i64>,
    query: ApiQueryPairs,
) -> Result<Json<MessagePage>, ApiError> {
    read_for_caller(&state, auth, Seen::Conversation(id), move |conn, _| {
        let (limit, before) = query::thread_request(&query)?;
        thread::page(conn, id, limit, before.as_ref())
    })
    .await
}

/// `POST /api/conversations/{id}/read`: opening a conversation marks it read.
async fn mark_read(
    State(state): State<AppState>,
    auth: Authenticated,
    ApiPath(id): ApiPath<i64>,
) -> Result<StatusCode, ApiError> {
    for_caller(&state, auth, Seen::Conversation(id), move |conn, caller| {
        actions::mark_read(conn, caller.viewer.user.id, id)
    })
    .await
    .map(|_| StatusCode::NO_CONTENT)
}

/// `POST /api/conversations/{id}/actions` (see [`actions::apply`]).
async fn act(
    State(state): State<AppState>,
    auth: Authenticated,
    ApiPath(id): ApiPath<i64>,
    ApiJson(action): ApiJson<ConversationAction>,
) -> Result<Json<ConversationDetail>, ApiError> {
    for_caller(&state, auth, Seen::Conversation(id), move |conn, caller| {
        actions::apply(conn, caller, id, &action)
    })
    .await
}

/// `GET /api/conversations/{id}/options`: what the action menus offer the caller.
async fn options(
    State(state): State<AppState>,
    auth: Authenticated,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<ActionOptions>, ApiError> {
    read_for_caller(&state, auth, Seen::Conversation(id), move |conn, caller| {
        menus::action_options(conn, caller, id)
    })
    .await
}

/// `POST /api/spaces/{id}/conversations/bulk` (see [`actions::bulk`]).
async fn bulk(
    State(state): State<AppState>,
    auth: Authenticated,
    ApiPath(space_id): ApiPath<i64>,
    ApiJson(request): ApiJson<BulkRequest>,
) -> Result<Json<BulkOutcome>, ApiError> {
    let started = std::time::Instant::now();
    let outcome = for_caller(&state, auth, Seen::Space(space_id), move |conn, caller| {
        actions::bulk(conn, caller, space_id, &request)
    })
    .await?;
    tracing::info!(
        space_id,
        matched = outcome.matched,
        done = outcome.done,
        elapsed_ms = started.elapsed().as_millis() as u64,
        "bulk action"
    );
    Ok(outcome)
}
