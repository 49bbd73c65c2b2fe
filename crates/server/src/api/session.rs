use axum::extract::State;
use axum::http::{header, HeaderMap, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use rusqlite::OptionalExtension;
use textpeak_api::{ErrorCode, SignInRequest, SignInResponse};

use crate::access::Viewer;
use crate::api::ApiJson;
use crate::auth::{self, Via};
use crate::problem::ApiError;
use crate::AppState;

/// `POST /api/session`.
pub async fn sign_in(
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
        .call(move |conn| {
            Ok(conn
                .query_row(
                    "SELECT id, password_hash FROM users WHERE email = ?1 AND active = 1",
                    [lookup],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?)
        })
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
            let token = auth::create_session(conn, user_id)?;
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
        Ok((
            [(
                header::SET_COOKIE,
                auth::session_cookie(&token, state.secure_cookies),
            )],
            Json(body),
        )
            .into_response())
    }
}

/// `DELETE /api/session`: idempotent, so a stale tab can always sign out.
pub async fn sign_out(
    State(state): State<AppState>,
    method: Method,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let creds = auth::credentials(&headers)?;
    if let Some(creds) = creds {
        if creds.via == Via::Cookie && !auth::csrf_ok(&method, &headers) {
            return Err(auth::csrf_rejection());
        }
        let hash = auth::token_hash(&creds.token);
        state
            .db
            .call(move |conn| {
                conn.execute(
                    "DELETE FROM sessions WHERE token_hash = ?1",
                    [hash.as_slice()],
                )?;
                Ok(())
            })
            .await?;
    }
    Ok((
        StatusCode::NO_CONTENT,
        [(
            header::SET_COOKIE,
            auth::clear_session_cookie(state.secure_cookies),
        )],
    )
        .into_response())
}
