//! `/api/*`.

mod access_request;
mod channel_settings;
mod conversations;
mod extract;
mod inbound;
mod me;
mod onboarding;
mod organisation;
mod routing;
mod sender_profiles;
mod session;
mod settings_names;
mod settings_rows;
mod settings_scope;
mod spaces;
mod tags;
mod templates;
mod users;

use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, patch, post, put};
use axum::{Json, Router};
use serde_json::json;
use textpeak_api::{ErrorCode, Problem};
use tower_http::set_header::SetResponseHeaderLayer;

use crate::problem::{problem_response, ApiError};
use crate::AppState;

pub use extract::{ApiJson, ApiPath};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/health", get(health))
        .route("/session", post(session::sign_in).delete(session::sign_out))
        .route("/me", get(me::me))
        .route("/onboarding", get(onboarding::show))
        .route(
            "/onboarding/skips/{step}",
            put(onboarding::skip).delete(onboarding::unskip),
        )
        .route("/onboarding/finish", post(onboarding::finish))
        .route("/spaces/{id}/summary", get(spaces::summary))
        .route(
            "/spaces/{id}/conversations",
            get(conversations::list_conversations),
        )
        .route("/spaces/{id}/filters", get(conversations::space_filters))
        .route("/conversations/{id}", get(conversations::detail))
        .route("/conversations/{id}/messages", get(conversations::messages))
        .route("/conversations/{id}/read", post(conversations::mark_read))
        .route("/conversations/{id}/close", post(conversations::close))
        .route("/conversations/{id}/reopen", post(conversations::reopen))
        .route("/tags", get(tags::list).post(tags::create))
        .route("/tags/{id}", patch(tags::update).delete(tags::delete))
        .route("/senders", get(channel_settings::list))
        .route(
            "/sender-profiles",
            get(sender_profiles::list).post(sender_profiles::create),
        )
        .route(
            "/sender-profiles/{id}",
            patch(sender_profiles::update).delete(sender_profiles::delete),
        )
        .route("/routing-rules", get(routing::list).post(routing::create))
        .route(
            "/routing-rules/{id}",
            patch(routing::update).delete(routing::delete),
        )
        .route("/templates", get(templates::list).post(templates::create))
        .route(
            "/templates/{id}",
            patch(templates::update).delete(templates::delete),
        )
        .route(
            "/settings/spaces",
            get(organisation::list_spaces).post(organisation::create_space),
        )
        .route(
            "/settings/spaces/{id}",
            patch(organisation::rename_space).delete(organisation::delete_space),
        )
        .route("/teams", post(organisation::create_team))
        .route(
            "/teams/{id}",
            patch(organisation::update_team).delete(organisation::delete_team),
        )
        .route("/users", get(users::list_users).post(users::invite_user))
        .route("/users/{id}", patch(users::update_user))
        .route("/roles", get(users::list_roles).post(users::create_role))
        .route(
            "/roles/{id}",
            patch(users::update_role).delete(users::delete_role),
        )
        .route("/access-request", post(access_request::request))
        .route(
            "/support/access-requests",
            get(access_request::support_list),
        )
        .route(
            "/support/access-requests/{tenant_id}/approve",
            post(access_request::support_approve),
        )
        .route(
            "/support/access-requests/{tenant_id}/decline",
            post(access_request::support_decline),
        )
        .route("/support/inbound", post(inbound::receive))
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

async fn method_not_allowed() -> Response {
    // There is no code of its own for this; the client treats it like an unknown endpoint.
    let mut problem = Problem::new(ErrorCode::NotFound, "Method not allowed on this endpoint");
    problem.status = 405;
    problem_response(&problem).into_response()
}
