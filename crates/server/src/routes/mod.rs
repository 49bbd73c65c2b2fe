//! `/api/*`: one module per resource, each with its own router built from the paths of
//! `textpeak_api::paths` (the contract the app's client uses too), merged here with the
//! answers for unknown paths (404) and methods (405).

mod access_request;
mod clock;
mod conversations;
mod crud;
mod events;
pub mod kit;
mod me;
mod messages;
mod onboarding;
mod providers;
mod roles;
mod routing_rules;
mod sender_profiles;
mod senders;
mod session;
mod settings_spaces;
mod spaces;
mod start;
mod tags;
mod teams;
mod templates;
mod users;

use axum::http::{header, HeaderValue};
use axum::routing::get;
use axum::{Json, Router};
use serde_json::json;
use textpeak_api::paths;
use tower_http::set_header::SetResponseHeaderLayer;

use crate::http::problem::ApiError;
use crate::routes::kit::api_path;
use crate::state::AppState;

pub fn api() -> Router<AppState> {
    Router::new()
        .route(api_path(paths::HEALTH), get(health))
        .merge(session::router())
        .merge(me::router())
        .merge(onboarding::router())
        .merge(spaces::router())
        .merge(conversations::router())
        .merge(messages::router())
        .merge(start::router())
        .merge(tags::router())
        .merge(senders::router())
        .merge(sender_profiles::router())
        .merge(routing_rules::router())
        .merge(templates::router())
        .merge(settings_spaces::router())
        .merge(teams::router())
        .merge(users::router())
        .merge(roles::router())
        .merge(access_request::router())
        .merge(providers::router())
        .merge(clock::router())
        .merge(events::router())
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        // Answers depend on who asks; no cache may keep or share them.
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ))
}

async fn health() -> Json<serde_json::Value> {
    Json(json!({ "status": "ok" }))
}

async fn not_found() -> ApiError {
    ApiError::no_such_endpoint()
}

async fn method_not_allowed() -> ApiError {
    ApiError::method_not_allowed()
}
