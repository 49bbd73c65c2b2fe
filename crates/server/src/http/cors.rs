//! Cross-origin access for the portal: the origins of `--allowed-origins` (and only those) may
//! call the API and load the app's files from another origin, with credentials, so that an
//! embed works in cookie mode as in bearer mode. A preflight from an allowed origin is answered
//! here; every other origin gets no CORS header at all (its browser then refuses the answer),
//! and its preflight goes on to the router like any other request.

use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// What a preflight may ask for: the methods the API uses, the headers the app sends.
const ALLOW_METHODS: &str = "GET, POST, PUT, PATCH, DELETE";
const ALLOW_HEADERS: &str =
    "accept, authorization, content-type, idempotency-key, last-event-id, x-textpeak-request";
/// Headers of an answer the app reads besides the body.
const EXPOSE_HEADERS: &str = "retry-after";
/// How long a browser may reuse a preflight's answer (seconds).
const MAX_AGE: &str = "600";

/// The allow-list, as exact `scheme://host[:port]` origins.
#[derive(Debug, Clone, Default)]
pub struct AllowedOrigins(Arc<[String]>);

impl AllowedOrigins {
    pub fn new(origins: impl IntoIterator<Item = String>) -> AllowedOrigins {
        AllowedOrigins(origins.into_iter().collect())
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The request's `Origin`, when it is on the list.
    fn allowed(&self, headers: &HeaderMap) -> Option<HeaderValue> {
        let origin = headers.get(header::ORIGIN)?;
        let text = origin.to_str().ok()?;
        self.0.iter().any(|o| o == text).then(|| origin.clone())
    }
}

/// Checks that `text` is an origin as browsers send it: `http` or `https`, a host, maybe a
/// port, and nothing else (no path, no trailing slash). Answers it as given.
pub fn parse_origin(text: &str) -> Result<String, String> {
    let text = text.trim();
    let rest = text
        .strip_prefix("https://")
        .or_else(|| text.strip_prefix("http://"))
        .ok_or_else(|| format!("{text:?}: an origin starts with http:// or https://"))?;
    let (host, port) = match rest.rsplit_once(':') {
        Some((host, port)) if !host.ends_with(']') || rest.starts_with('[') => (host, Some(port)),
        _ => (rest, None),
    };
    let host_ok = !host.is_empty()
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '[' | ']' | ':'));
    let port_ok = port.is_none_or(|p| !p.is_empty() && p.parse::<u16>().is_ok());
    if !host_ok || !port_ok {
        return Err(format!(
            "{text:?}: an origin is scheme://host[:port], without a path or a trailing slash"
        ));
    }
    Ok(text.to_owned())
}

/// The middleware: a preflight of an allowed origin is answered at once; every answer to an
/// allowed origin carries its CORS headers.
pub async fn cors(State(origins): State<AllowedOrigins>, request: Request, next: Next) -> Response {
    if origins.is_empty() {
        return next.run(request).await;
    }
    let allowed = origins.allowed(request.headers());
    let preflight = request.method() == Method::OPTIONS
        && request
            .headers()
            .contains_key(header::ACCESS_CONTROL_REQUEST_METHOD);
    let mut response = match (&allowed, preflight) {
        (Some(_), true) => {
            let mut response = (StatusCode::NO_CONTENT, Body::empty()).into_response();
            let headers = response.headers_mut();
            headers.insert(
                header::ACCESS_CONTROL_ALLOW_METHODS,
                HeaderValue::from_static(ALLOW_METHODS),
            );
            headers.insert(
                header::ACCESS_CONTROL_ALLOW_HEADERS,
                HeaderValue::from_static(ALLOW_HEADERS),
            );
            headers.insert(
                header::ACCESS_CONTROL_MAX_AGE,
                HeaderValue::from_static(MAX_AGE),
            );
            response
        }
        _ => next.run(request).await,
    };
    let headers = response.headers_mut();
    // Answers differ by origin: caches must keep them apart.
    headers.append(header::VARY, HeaderValue::from_static("origin"));
    if let Some(origin) = allowed {
        headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin);
        headers.insert(
            header::ACCESS_CONTROL_ALLOW_CREDENTIALS,
            HeaderValue::from_static("true"),
        );
        headers.insert(
            header::ACCESS_CONTROL_EXPOSE_HEADERS,
            HeaderValue::from_static(EXPOSE_HEADERS),
        );
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_are_scheme_host_and_port_only() {
        for ok in [
            "https://portal.textpeak.example",
            "http://127.0.0.1:8081",
            "https://portal-eu.example.com:8443",
            "http://[::1]:3000",
        ] {
            assert_eq!(parse_origin(ok).as_deref(), Ok(ok), "{ok}");
        }
        for bad in [
            "portal.example",
            "https://",
            "https://portal.example/",
            "https://portal.example/inbox",
            "ftp://portal.example",
            "https://portal.example:port",
            "https://portal.example:99999",
            "*",
        ] {
            assert!(parse_origin(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn only_listed_origins_match_exactly() {
        let origins = AllowedOrigins::new(["https://portal.example".to_owned()]);
        let with = |origin: &str| {
            let mut h = HeaderMap::new();
            h.insert(header::ORIGIN, HeaderValue::from_str(origin).unwrap());
            h
        };
        assert!(origins.allowed(&with("https://portal.example")).is_some());
        for other in [
            "http://portal.example",
            "https://portal.example:443",
            "https://evil.portal.example",
            "https://portal.example.evil",
            "null",
        ] {
            assert!(origins.allowed(&with(other)).is_none(), "{other}");
        }
        assert!(origins.allowed(&HeaderMap::new()).is_none());
    }
}
