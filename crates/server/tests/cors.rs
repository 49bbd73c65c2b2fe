//! Cross-origin access (`--allowed-origins`): the listed portal origins get CORS answers with
//! credentials, for the API (preflights included), the live stream and the app's files; every
//! other origin gets no CORS header, and a server without the list sends none at all.

mod common;

use axum::body::Body;
use axum::http::{header, HeaderMap, Method, Request, StatusCode};
use axum::Router;
use common::seeded_state;
use textpeak_server::router;
use tower::ServiceExt;

const PORTAL: &str = "https://portal.textpeak.example";

fn app(origins: &[&str]) -> Router {
    router(seeded_state().with_allowed_origins(origins.iter().map(|o| o.to_string())))
}

async fn send(
    app: &Router,
    method: Method,
    path: &str,
    headers: &[(&str, &str)],
) -> (StatusCode, HeaderMap) {
    let mut request = Request::builder().method(method).uri(path);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let response = app
        .clone()
        .oneshot(request.body(Body::empty()).unwrap())
        .await
        .unwrap();
    (response.status(), response.headers().clone())
}

fn cors_headers(headers: &HeaderMap) -> Vec<String> {
    headers
        .keys()
        .map(|k| k.as_str().to_owned())
        .filter(|k| k.starts_with("access-control-"))
        .collect()
}

fn preflight(origin: &str, method: &str, asked: &str) -> Vec<(&'static str, String)> {
    vec![
        ("origin", origin.to_owned()),
        ("access-control-request-method", method.to_owned()),
        ("access-control-request-headers", asked.to_owned()),
    ]
}

async fn send_owned(
    app: &Router,
    method: Method,
    path: &str,
    headers: Vec<(&'static str, String)>,
) -> (StatusCode, HeaderMap) {
    let borrowed: Vec<(&str, &str)> = headers.iter().map(|(k, v)| (*k, v.as_str())).collect();
    send(app, method, path, &borrowed).await
}

#[tokio::test]
async fn a_listed_origin_gets_its_preflight_answered_with_credentials() {
    let app = app(&[PORTAL, "http://127.0.0.1:8081"]);
    let (status, headers) = send_owned(
        &app,
        Method::OPTIONS,
        "/api/conversations/1/messages",
        preflight(
            PORTAL,
            "POST",
            "content-type, idempotency-key, x-textpeak-request",
        ),
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(headers[header::ACCESS_CONTROL_ALLOW_ORIGIN], PORTAL);
    assert_eq!(headers[header::ACCESS_CONTROL_ALLOW_CREDENTIALS], "true");
    let methods = headers[header::ACCESS_CONTROL_ALLOW_METHODS]
        .to_str()
        .unwrap();
    for m in ["GET", "POST", "PUT", "PATCH", "DELETE"] {
        assert!(methods.contains(m), "{methods}");
    }
    let allowed = headers[header::ACCESS_CONTROL_ALLOW_HEADERS]
        .to_str()
        .unwrap();
    for h in [
        "authorization",
        "content-type",
        "idempotency-key",
        "last-event-id",
        "x-textpeak-request",
    ] {
        assert!(allowed.contains(h), "{allowed}");
    }
    assert!(headers.contains_key(header::ACCESS_CONTROL_MAX_AGE));
    assert!(headers.get_all(header::VARY).iter().any(|v| v == "origin"));
}

#[tokio::test]
async fn answers_to_a_listed_origin_carry_cors_headers_even_refusals() {
    let app = app(&[PORTAL]);
    // Signed out: a 401, which the portal's page must be able to read.
    let (status, headers) = send(&app, Method::GET, "/api/me", &[("origin", PORTAL)]).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(headers[header::ACCESS_CONTROL_ALLOW_ORIGIN], PORTAL);
    assert_eq!(headers[header::ACCESS_CONTROL_ALLOW_CREDENTIALS], "true");
    assert_eq!(
        headers[header::ACCESS_CONTROL_EXPOSE_HEADERS],
        "retry-after"
    );
    // The app's files too: the portal imports the bundle's module from this origin.
    let (_, headers) = send(&app, Method::GET, "/api/health", &[("origin", PORTAL)]).await;
    assert_eq!(headers[header::ACCESS_CONTROL_ALLOW_ORIGIN], PORTAL);
    let (_, headers) = send(
        &app,
        Method::GET,
        "/textpeak-inbox.js",
        &[("origin", PORTAL)],
    )
    .await;
    assert_eq!(headers[header::ACCESS_CONTROL_ALLOW_ORIGIN], PORTAL);
}

#[tokio::test]
async fn every_other_origin_gets_no_cors_header() {
    let app = app(&[PORTAL]);
    for other in [
        "https://evil.example",
        "http://portal.textpeak.example",
        "https://portal.textpeak.example:8443",
        "https://portal.textpeak.example.evil",
        "null",
    ] {
        let (status, headers) = send_owned(
            &app,
            Method::OPTIONS,
            "/api/me",
            preflight(other, "GET", "authorization"),
        )
        .await;
        assert_ne!(status, StatusCode::NO_CONTENT, "{other}");
        assert_eq!(cors_headers(&headers), Vec::<String>::new(), "{other}");
        let (_, headers) = send(&app, Method::GET, "/api/me", &[("origin", other)]).await;
        assert_eq!(cors_headers(&headers), Vec::<String>::new(), "{other}");
    }
    // No Origin at all (same-origin navigations, curl): nothing either.
    let (_, headers) = send(&app, Method::GET, "/api/me", &[]).await;
    assert_eq!(cors_headers(&headers), Vec::<String>::new());
}

#[tokio::test]
async fn without_a_list_no_origin_gets_cors_headers() {
    let app = app(&[]);
    let (_, headers) = send_owned(
        &app,
        Method::OPTIONS,
        "/api/me",
        preflight(PORTAL, "GET", "authorization"),
    )
    .await;
    assert_eq!(cors_headers(&headers), Vec::<String>::new());
    let (_, headers) = send(&app, Method::GET, "/api/me", &[("origin", PORTAL)]).await;
    assert_eq!(cors_headers(&headers), Vec::<String>::new());
    // (Compression varies by Accept-Encoding; nothing varies by origin.)
    assert!(headers
        .get_all(header::VARY)
        .iter()
        .all(|v| !v.to_str().unwrap().contains("origin")));
}
