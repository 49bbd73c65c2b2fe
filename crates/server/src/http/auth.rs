//! The auth layer: who is calling. A session token comes as `Authorization: Bearer` or as the
//! session cookie (read with axum-extra's `CookieJar`); [`Authenticated`] and [`Support`] are
//! the extractors handlers ask for.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, Method};
use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};
use textpeak_api::ErrorCode;

use crate::auth::{hashes_equal, token_hash};
use crate::http::problem::ApiError;
use crate::state::AppState;
use crate::store::sessions::{self, SESSION_DAYS};

pub const SESSION_COOKIE: &str = "tp_session";
/// The header the app sends on every unsafe request; see [`csrf_ok`].
pub const CSRF_HEADER: &str = "x-textpeak-request";

/// The session cookie for a new session: `HttpOnly`, `SameSite=Lax`, for the whole site, as
/// long as the session lives.
pub fn session_cookie(token: &str, secure: bool) -> Cookie<'static> {
    Cookie::build((SESSION_COOKIE, token.to_owned()))
        .http_only(true)
        .same_site(SameSite::Lax)
        .path("/")
        .max_age(time::Duration::days(SESSION_DAYS))
        .secure(secure)
        .build()
}

/// The cookie that makes the browser forget the session.
pub fn clear_session_cookie(secure: bool) -> Cookie<'static> {
    Cookie::build((SESSION_COOKIE, ""))
        .http_only(true)
        .same_site(SameSite::Lax)
        .path("/")
        .max_age(time::Duration::ZERO)
        .secure(secure)
        .build()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Via {
    Cookie,
    Bearer,
}

/// A token as presented by the client, not yet checked.
#[derive(Debug, Clone)]
pub struct Credentials {
    pub token: String,
    pub via: Via,
}

/// `Authorization: Bearer` wins over the cookie: an embedding host that passes a token means it.
pub fn credentials(headers: &HeaderMap) -> Result<Option<Credentials>, ApiError> {
    if let Some(value) = headers.get(header::AUTHORIZATION) {
        let token = value
            .to_str()
            .ok()
            .and_then(|v| {
                v.strip_prefix("Bearer ")
                    .or_else(|| v.strip_prefix("bearer "))
            })
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .ok_or_else(ApiError::unauthenticated)?;
        return Ok(Some(Credentials {
            token: token.to_owned(),
            via: Via::Bearer,
        }));
    }
    Ok(session_cookie_value(headers).map(|token| Credentials {
        token,
        via: Via::Cookie,
    }))
}

fn session_cookie_value(headers: &HeaderMap) -> Option<String> {
    CookieJar::from_headers(headers)
        .get(SESSION_COOKIE)
        .map(|cookie| cookie.value().to_owned())
        .filter(|value| !value.is_empty())
}

/// CSRF defence for cookie-authenticated requests that change something.
///
/// A browser attaches the session cookie to requests that other sites trigger. SameSite=Lax
/// already keeps it off cross-site POSTs, but not off requests from sibling subdomains
/// ("same site") or older browsers. A plain cross-origin form or `fetch` can only send the
/// "simple" content types (form-urlencoded, multipart, text/plain) without custom headers;
/// anything else (a JSON content type, or our own header) makes the browser ask us first with a
/// CORS preflight, which this server never grants. So requiring one of the two proves that the
/// request came from our own origin's script. Bearer tokens are never sent automatically and
/// need no such check.
pub fn csrf_ok(method: &Method, headers: &HeaderMap) -> bool {
    if matches!(
        *method,
        Method::GET | Method::HEAD | Method::OPTIONS | Method::TRACE
    ) {
        return true;
    }
    let custom = headers
        .get(CSRF_HEADER)
        .is_some_and(|v| v.as_bytes() == b"1");
    let json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|mime| mime.trim().eq_ignore_ascii_case("application/json"));
    custom || json
}

pub fn csrf_rejection() -> ApiError {
    ApiError::Problem(
        textpeak_api::Problem::new(ErrorCode::Forbidden, "Request refused").with_detail(
            "Requests that change data must send Content-Type: application/json or X-TextPeak-Request: 1.",
        ),
    )
}

/// A signed-in caller: a valid, unexpired session of an active user.
#[derive(Debug, Clone)]
pub struct Authenticated {
    pub user_id: i64,
    pub token_hash: [u8; 32],
    pub via: Via,
}

impl FromRequestParts<AppState> for Authenticated {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let creds = credentials(&parts.headers)?.ok_or_else(ApiError::unauthenticated)?;
        let hash = token_hash(&creds.token);
        let user_id = state
            .db
            .read(move |conn| Ok(sessions::user_of(conn, &hash)?))
            .await?
            .ok_or_else(ApiError::unauthenticated)?;
        if creds.via == Via::Cookie && !csrf_ok(&parts.method, &parts.headers) {
            return Err(csrf_rejection());
        }
        Ok(Authenticated {
            user_id,
            token_hash: hash,
            via: creds.via,
        })
    }
}

/// TextPeak support, authenticated by the support bearer token of the configuration. Tenant
/// credentials never pass: the check looks at nothing but that token, so no session, cookie or
/// tenant bearer token can stand in for it.
///
/// 404 when no support token is configured (the endpoints do not exist), 401 without any
/// credentials, 403 `forbidden` for a session cookie or any other bearer token.
#[derive(Debug, Clone, Copy)]
pub struct Support;

impl FromRequestParts<AppState> for Support {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let Some(expected) = state.support_token_hash else {
            return Err(ApiError::no_such_endpoint());
        };
        let refused = || ApiError::new(ErrorCode::Forbidden, "For TextPeak support only");
        match credentials(&parts.headers)? {
            None => Err(ApiError::new(
                ErrorCode::Unauthenticated,
                "TextPeak support token required",
            )),
            Some(Credentials {
                via: Via::Cookie, ..
            }) => Err(refused()),
            Some(Credentials {
                token,
                via: Via::Bearer,
            }) => {
                if hashes_equal(&token_hash(&token), &expected) {
                    Ok(Support)
                } else {
                    Err(refused())
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use axum::http::HeaderValue;

    use super::*;

    #[test]
    fn reads_the_session_cookie_among_others() {
        let mut h = HeaderMap::new();
        h.insert(
            header::COOKIE,
            HeaderValue::from_static("a=1; tp_session=abc; b=2"),
        );
        let c = credentials(&h).unwrap().unwrap();
        assert_eq!((c.token.as_str(), c.via), ("abc", Via::Cookie));
        h.insert(
            header::AUTHORIZATION,
            HeaderValue::from_static("Bearer xyz"),
        );
        let c = credentials(&h).unwrap().unwrap();
        assert_eq!((c.token.as_str(), c.via), ("xyz", Via::Bearer));
        h.insert(header::AUTHORIZATION, HeaderValue::from_static("Basic xyz"));
        assert!(credentials(&h).is_err());
    }

    #[test]
    fn csrf_rule() {
        let mut h = HeaderMap::new();
        assert!(csrf_ok(&Method::GET, &h));
        assert!(!csrf_ok(&Method::POST, &h));
        h.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/plain"));
        assert!(!csrf_ok(&Method::DELETE, &h));
        h.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json; charset=utf-8"),
        );
        assert!(csrf_ok(&Method::PATCH, &h));
        let mut h = HeaderMap::new();
        h.insert(CSRF_HEADER, HeaderValue::from_static("1"));
        assert!(csrf_ok(&Method::DELETE, &h));
    }
}
