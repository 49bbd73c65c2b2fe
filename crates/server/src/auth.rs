//! Passwords (argon2id), session tokens, and who is calling.

use std::sync::LazyLock;

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, HeaderValue, Method};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use rusqlite::{params, OptionalExtension};
use sha2::{Digest, Sha256};
use textpeak_api::ErrorCode;

use crate::clock;
use crate::problem::ApiError;
use crate::AppState;

pub const SESSION_COOKIE: &str = "tp_session";
pub const SESSION_DAYS: i64 = 14;
/// The header the app sends on every unsafe request; see [`csrf_ok`].
pub const CSRF_HEADER: &str = "x-textpeak-request";

/// Argon2id with the crate's defaults (19 MiB, 2 passes: OWASP's recommendation), a fresh
/// random salt per password.
pub fn hash_password(password: &str) -> String {
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).expect("the OS random source failed");
    let salt = SaltString::encode_b64(&salt).expect("16 bytes is a valid salt");
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .expect("argon2 with default parameters cannot fail")
        .to_string()
}

pub fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash)
        .map(|parsed| {
            Argon2::default()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
        })
        .unwrap_or(false)
}

/// Verified against when the e-mail is unknown, so that "no such user" takes as long as "wrong
/// password" and response times do not reveal which addresses have accounts.
static DUMMY_HASH: LazyLock<String> = LazyLock::new(|| hash_password("not a real password"));

/// Checks a sign-in attempt in constant work: `hash` is None for an unknown or inactive user.
pub fn check_credentials(password: &str, hash: Option<&str>) -> bool {
    match hash {
        Some(hash) => verify_password(password, hash),
        None => {
            let _ = verify_password(password, &DUMMY_HASH);
            false
        }
    }
}

/// Warms the dummy hash at start-up instead of on the first failed sign-in.
pub fn prepare() {
    LazyLock::force(&DUMMY_HASH);
}

/// 32 random bytes, base64url: what the client holds. Only its SHA-256 is stored.
pub fn new_token() -> String {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).expect("the OS random source failed");
    URL_SAFE_NO_PAD.encode(bytes)
}

/// A first password for an invited user, read out or pasted by whoever invites them: 12
/// base64url characters of a fresh token (72 random bits), short enough to type.
pub fn temporary_password() -> String {
    new_token()[..12].to_owned()
}

pub fn token_hash(token: &str) -> [u8; 32] {
    Sha256::digest(token.as_bytes()).into()
}

/// Stores a new session for the user and returns its token.
pub fn create_session(conn: &rusqlite::Connection, user_id: i64) -> rusqlite::Result<String> {
    let token = new_token();
    conn.execute(
        "INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES (?1, ?2, ?3, ?4)",
        params![
            token_hash(&token).as_slice(),
            user_id,
            clock::now_text(),
            clock::in_future(time::Duration::days(SESSION_DAYS)),
        ],
    )?;
    Ok(token)
}

pub fn delete_expired_sessions(conn: &rusqlite::Connection) -> rusqlite::Result<usize> {
    conn.execute(
        "DELETE FROM sessions WHERE expires_at <= ?1",
        [clock::now_text()],
    )
}

pub fn session_cookie(token: &str, secure: bool) -> HeaderValue {
    let max_age = SESSION_DAYS * 24 * 60 * 60;
    let secure = if secure { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{SESSION_COOKIE}={token}; HttpOnly; SameSite=Lax; Path=/; Max-Age={max_age}{secure}"
    ))
    .expect("base64url is a valid header value")
}

pub fn clear_session_cookie(secure: bool) -> HeaderValue {
    let secure = if secure { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{SESSION_COOKIE}=; HttpOnly; SameSite=Lax; Path=/; Max-Age=0{secure}"
    ))
    .expect("static text is a valid header value")
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
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, value)| *name == SESSION_COOKIE && !value.is_empty())
        .map(|(_, value)| value.to_owned())
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

pub fn lookup_session(
    conn: &rusqlite::Connection,
    token_hash: &[u8; 32],
) -> rusqlite::Result<Option<i64>> {
    conn.query_row(
        "SELECT s.user_id FROM sessions s JOIN users u ON u.id = s.user_id
         WHERE s.token_hash = ?1 AND s.expires_at > ?2 AND u.active = 1",
        params![token_hash.as_slice(), clock::now_text()],
        |r| r.get(0),
    )
    .optional()
}

impl FromRequestParts<AppState> for Authenticated {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let creds = credentials(&parts.headers)?.ok_or_else(ApiError::unauthenticated)?;
        let hash = token_hash(&creds.token);
        let user_id = state
            .db
            .call(move |conn| Ok(lookup_session(conn, &hash)?))
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

/// Compares two digests in time independent of where they differ. (The digests are of the
/// presented and the configured token, so even a leak would not reveal the token's bytes.)
pub fn hashes_equal(a: &[u8; 32], b: &[u8; 32]) -> bool {
    let diff = a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y));
    std::hint::black_box(diff) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_verify_and_salts_differ() {
        let a = hash_password("demo");
        let b = hash_password("demo");
        assert_ne!(a, b);
        assert!(a.starts_with("$argon2id$"));
        assert!(verify_password("demo", &a));
        assert!(!verify_password("Demo", &a));
        assert!(!check_credentials("demo", None));
    }

    #[test]
    fn tokens_are_32_random_bytes() {
        let t = new_token();
        assert_eq!(URL_SAFE_NO_PAD.decode(&t).unwrap().len(), 32);
        assert_ne!(t, new_token());
    }

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
    fn digests_compare_equal_only_when_identical() {
        let a = token_hash("support");
        assert!(hashes_equal(&a, &token_hash("support")));
        assert!(!hashes_equal(&a, &token_hash("support ")));
        let mut b = a;
        b[31] ^= 1;
        assert!(!hashes_equal(&a, &b));
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
