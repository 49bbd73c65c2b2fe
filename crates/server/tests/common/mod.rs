//! Helpers shared by the integration tests: a seeded in-memory server and a tiny HTTP client
//! over `tower::ServiceExt::oneshot`.
#![allow(dead_code)]

use std::path::PathBuf;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::OnceLock;

use axum::body::{Body, Bytes};
use axum::http::{header, HeaderMap, Method, Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use serde::de::DeserializeOwned;
use textpeak_api::{Problem, SignInResponse};
use textpeak_server::{router, seed, AppState, Db};
use tower::ServiceExt;

pub const SEEDED_CONVERSATIONS: u32 = 200;

/// One seeded database per test binary: seeding hashes 18 passwords, so do it once.
pub fn seeded_state() -> AppState {
    static STATE: OnceLock<AppState> = OnceLock::new();
    STATE
        .get_or_init(|| {
            let db = Db::open_in_memory().unwrap();
            db.with_conn(|conn| seed::seed(conn, SEEDED_CONVERSATIONS))
                .unwrap();
            AppState::new(db, "/nonexistent/textpeak-dist")
        })
        .clone()
}

pub fn app() -> Router {
    router(seeded_state())
}

pub fn temp_dir(label: &str) -> PathBuf {
    static N: AtomicU32 = AtomicU32::new(0);
    let dir = std::env::temp_dir().join(format!(
        "textpeak-test-{label}-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Bytes,
}

impl Reply {
    pub fn json<T: DeserializeOwned>(&self) -> T {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| {
            panic!(
                "{e}: {} {}",
                self.status,
                String::from_utf8_lossy(&self.body)
            )
        })
    }

    pub fn problem(&self) -> Problem {
        assert_eq!(
            self.header(header::CONTENT_TYPE.as_str()),
            Some("application/problem+json"),
            "{}",
            String::from_utf8_lossy(&self.body)
        );
        let p: Problem = self.json();
        assert_eq!(p.status, self.status.as_u16());
        p
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

pub async fn send(app: &Router, req: Request<Body>) -> Reply {
    let res = app.clone().oneshot(req).await.unwrap();
    let status = res.status();
    let headers = res.headers().clone();
    let body = res.into_body().collect().await.unwrap().to_bytes();
    Reply {
        status,
        headers,
        body,
    }
}

pub fn get(uri: &str) -> Request<Body> {
    Request::get(uri).body(Body::empty()).unwrap()
}

pub fn json_request(method: Method, uri: &str, body: serde_json::Value) -> Request<Body> {
    Request::builder()
        .method(method)
        .uri(uri)
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body.to_string()))
        .unwrap()
}

pub enum Auth<'a> {
    Cookie(&'a str),
    Bearer(&'a str),
}

pub fn with_auth(mut req: Request<Body>, auth: &Auth) -> Request<Body> {
    let value = match auth {
        Auth::Cookie(token) => (header::COOKIE, format!("tp_session={token}")),
        Auth::Bearer(token) => (header::AUTHORIZATION, format!("Bearer {token}")),
    };
    req.headers_mut().insert(value.0, value.1.parse().unwrap());
    req
}

/// Signs in with a cookie and returns the session token from `Set-Cookie`.
pub async fn cookie_session(app: &Router, email: &str) -> String {
    let reply = send(
        app,
        json_request(
            Method::POST,
            "/api/session",
            serde_json::json!({ "email": email, "password": "demo" }),
        ),
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK, "{email}: {}", reply.text());
    let cookie = reply.header("set-cookie").expect("a session cookie");
    cookie
        .strip_prefix("tp_session=")
        .and_then(|rest| rest.split(';').next())
        .expect("tp_session=…")
        .to_owned()
}

/// Signs in for a bearer token.
pub async fn bearer_session(app: &Router, email: &str) -> (String, SignInResponse) {
    let reply = send(
        app,
        json_request(
            Method::POST,
            "/api/session",
            serde_json::json!({ "email": email, "password": "demo", "bearer": true }),
        ),
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK, "{email}: {}", reply.text());
    assert!(
        reply.header("set-cookie").is_none(),
        "bearer sign-in sets no cookie"
    );
    let body: SignInResponse = reply.json();
    (body.token.clone().expect("a token in the body"), body)
}
