//! Live updates: `GET /api/events`, the signed-in user's Server-Sent Events stream (session
//! cookie or bearer token; `Last-Event-ID`, or `?last_event_id=` for clients that cannot set
//! headers), and `POST /api/conversations/{id}/presence`. See `live`.

use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::sse::{KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use textpeak_api::live::PresenceUpdate;
use textpeak_api::{paths, UserRef};

use crate::http::auth::Authenticated;
use crate::http::extract::{ApiJson, ApiPath, ApiQueryPairs};
use crate::http::problem::ApiError;
use crate::live::stream;
use crate::routes::kit::api_path;
use crate::state::AppState;
use crate::store::conversations::caller::Caller;
use crate::store::events;

/// `textpeak_api::paths::conversation_presence(id)` as a template, under `/api`.
const CONVERSATION_PRESENCE: &str = "/conversations/{id}/presence";
const LAST_EVENT_ID: &str = "last-event-id";

pub fn router() -> Router<AppState> {
    Router::new()
        .route(api_path(paths::EVENTS), get(events_stream))
        .route(CONVERSATION_PRESENCE, post(presence))
}

/// `GET /api/events`: 401 without a session, 403 for users who may not use the inbox.
async fn events_stream(
    State(state): State<AppState>,
    auth: Authenticated,
    headers: HeaderMap,
    query: ApiQueryPairs,
) -> Result<Response, ApiError> {
    // The header wins: EventSource sends it on its own reconnects, after the URL's first id.
    let last_event_id = headers
        .get(LAST_EVENT_ID)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
        .or_else(|| query.get("last_event_id").map(str::to_owned));
    let hub = state.live.clone();
    let heartbeat = hub.config().heartbeat;
    let events = stream::open(hub, auth.user_id, last_event_id).await?;
    let mut response = Sse::new(events)
        .keep_alive(KeepAlive::new().interval(heartbeat).text("ping"))
        .into_response();
    // Proxies such as nginx would otherwise buffer the stream.
    response
        .headers_mut()
        .insert("x-accel-buffering", HeaderValue::from_static("no"));
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(response)
}

/// `POST /api/conversations/{id}/presence`: 204; 404 when the caller may not see it.
async fn presence(
    State(state): State<AppState>,
    auth: Authenticated,
    ApiPath(id): ApiPath<i64>,
    ApiJson(update): ApiJson<PresenceUpdate>,
) -> Result<StatusCode, ApiError> {
    // A pure read: on the read pool, so that heartbeats neither queue behind writes nor wake
    // the hub (which `Db::call` does after every call).
    let (user, tenant_id, access) = state
        .db
        .read(move |conn| {
            let caller = Caller::load(conn, auth.user_id)?;
            caller.require_conversation(conn, id)?;
            let (tenant_id, access) =
                events::conversation_access(conn, id)?.ok_or_else(ApiError::not_found)?;
            let user = UserRef {
                id: caller.viewer.user.id,
                name: caller.viewer.user.name.clone(),
            };
            Ok((user, tenant_id, access))
        })
        .await?;
    state.live.ensure_running().await?;
    state
        .live
        .report_presence(id, tenant_id, access, user, update);
    Ok(StatusCode::NO_CONTENT)
}
