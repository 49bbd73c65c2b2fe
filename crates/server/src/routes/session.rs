//! `POST /api/session` signs in (a session cookie, or a bearer token in the body);
//! `DELETE /api/session` signs out.

use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use axum_extra::extract::cookie::CookieJar;
use textpeak_api::{paths, ErrorCode, SignInRequest, SignInResponse};

use crate::auth;
use crate::domain::access::Viewer;
use crate::http::auth::{
    clear_session_cookie, credentials, csrf_ok, csrf_rejection, session_cookie, Via,
};
use crate::http::extract::ApiJson;
use crate::http::problem::ApiError;
use crate::routes::kit::api_path;
use crate::state::AppState;
use crate::store::sessions;

pub fn router() -> Router<AppState> {
    Router::new().route(api_path(paths::SESSION), post(sign_in).delete(sign_out))
}

/// `POST /api/session`.
async fn sign_in(
    State(state): State<AppState>,
    ApiJson(req): ApiJson<SignInRequest>,
) -> Result<Response, ApiError> {
    let email = req.email.trim().to_owned();
    if email.is_empty() {
        return Err(ApiError::validation("email", "Enter your e-mail address"));
    }
    if req.password.is_empty() {
        return Err(ApiError::validation("password", "Enter your password"));
    }

    let lookup = email.clone();
    let user: Option<(i64, String)> = state
        .db
        .call(move |conn| Ok(sessions::sign_in_candidate(conn, &lookup)?))
        .await?;

    // Verified off the async workers (argon2 takes tens of milliseconds on purpose), and
    // without holding the database.
    let password = req.password;
    let hash = user.as_ref().map(|(_, hash)| hash.clone());
    let ok =
        tokio::task::spawn_blocking(move || auth::check_credentials(&password, hash.as_deref()))
            .await
            .map_err(|e| ApiError::internal(format!("password check failed: {e}")))?;
    let user_id = match (ok, user) {
        (true, Some((id, _))) => id,
        _ => {
            tracing::info!(%email, "sign-in refused");
            return Err(ApiError::new(
                ErrorCode::InvalidCredentials,
                "Wrong e-mail or password",
            ));
        }
    };

    let (token, me) = state
        .db
        .call(move |conn| {
            let token = sessions::create(conn, user_id)?;
            let me = Viewer::load(conn, user_id)?.me(conn)?;
            Ok((token, me))
        })
        .await?;
    tracing::info!(user_id, bearer = req.bearer, "signed in");

    if req.bearer {
        let body = SignInResponse {
            me,
            token: Some(token),
        };
        Ok(Json(body).into_response())
    } else {
        let body = SignInResponse { me, token: None };
        let jar = CookieJar::new().add(session_cookie(&token, state.secure_cookies));
        Ok((jar, Json(body)).into_response())
    }
}

/// `DELETE /api/session`: idempotent, so a stale tab can always sign out.
async fn sign_out(
    State(state): State<AppState>,
    method: Method,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let creds = credentials(&headers)?;
    if let Some(creds) = creds {
        if creds.via == Via::Cookie && !csrf_ok(&method, &headers) {
            return Err(csrf_rejection());
        }
        let hash = auth::token_hash(&creds.token);
        state
            .db
            .call(move |conn| Ok(sessions::delete(conn, &hash)?))
            .await?;
    }
    let jar = CookieJar::new().add(clear_session_cookie(state.secure_cookies));
    Ok((StatusCode::NO_CONTENT, jar).into_response())
}
