//! A tiny HTTP client over `tower::ServiceExt::oneshot`: requests with or without a session,
//! and answers that assert what a test expects of them.

use std::fmt::Display;

use axum::body::{Body, Bytes};
use axum::http::{header, HeaderMap, Method, Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use serde::de::DeserializeOwned;
use serde_json::{json, Value};
use textpeak_api::{paths, ErrorCode, Me, Problem, SignInResponse};
use tower::ServiceExt;

/// An answer, with the request it answers for the messages of failed assertions.
pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Bytes,
    /// "METHOD uri", after the client's label when it has one.
    pub request: String,
}

impl Reply {
    pub fn json<T: DeserializeOwned>(&self) -> T {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| {
            panic!(
                "{e}: {}: {} {}",
                self.request,
                self.status,
                String::from_utf8_lossy(&self.body)
            )
        })
    }

    /// The problem of an error answer: `application/problem+json`, its status the answer's.
    pub fn problem(&self) -> Problem {
        assert_eq!(
            self.header(header::CONTENT_TYPE.as_str()),
            Some("application/problem+json"),
            "{}: {}",
            self.request,
            self.text()
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

    /// Asserts the status, naming the request and showing the body when it differs.
    #[track_caller]
    pub fn expect(&self, status: StatusCode) -> &Reply {
        self.expect_because(status, "")
    }

    /// [`Reply::expect`] with what the test was about, for a failure inside a loop.
    #[track_caller]
    pub fn expect_because(&self, status: StatusCode, why: impl Display) -> &Reply {
        assert_eq!(
            self.status,
            status,
            "{why} {}: {}",
            self.request,
            self.text()
        );
        self
    }

    /// Asserts the status and decodes the body.
    #[track_caller]
    pub fn decode<T: DeserializeOwned>(&self, status: StatusCode) -> T {
        self.expect(status).json()
    }

    /// Asserts a 2xx status and decodes the body.
    #[track_caller]
    pub fn success<T: DeserializeOwned>(&self) -> T {
        assert!(
            self.status.is_success(),
            "{}: {} {}",
            self.request,
            self.status,
            self.text()
        );
        self.json()
    }

    /// Asserts the status and the problem's code; answers the problem.
    #[track_caller]
    pub fn expect_problem(&self, status: StatusCode, code: ErrorCode) -> Problem {
        self.expect(status);
        let p = self.problem();
        assert_eq!(p.code, code, "{}: {p:?}", self.request);
        p
    }

    /// Asserts a 409 conflict whose title mentions `text`; answers the problem.
    #[track_caller]
    pub fn expect_conflict(&self, text: &str) -> Problem {
        let p = self.expect_problem(StatusCode::CONFLICT, ErrorCode::Conflict);
        assert!(
            p.title.contains(text),
            "{}: {p:?} lacks {text:?}",
            self.request
        );
        p
    }

    /// [`Reply::expect_invalid`] whose message mentions each of `parts`.
    #[track_caller]
    pub fn expect_invalid_saying(&self, field: &str, parts: &[&str]) -> Problem {
        let p = self.expect_invalid(field);
        for part in parts {
            assert!(
                p.title.contains(part),
                "{}: {:?} lacks {part:?}",
                self.request,
                p.title
            );
        }
        p
    }

    /// Asserts a 422 validation problem naming `field`; answers the problem.
    #[track_caller]
    pub fn expect_invalid(&self, field: &str) -> Problem {
        let p = self.expect_problem(StatusCode::UNPROCESSABLE_ENTITY, ErrorCode::Validation);
        assert_eq!(p.field.as_deref(), Some(field), "{}: {p:?}", self.request);
        p
    }
}

pub async fn send(app: &Router, req: Request<Body>) -> Reply {
    let request = format!("{} {}", req.method(), req.uri());
    let res = app.clone().oneshot(req).await.unwrap();
    let status = res.status();
    let headers = res.headers().clone();
    let body = res.into_body().collect().await.unwrap().to_bytes();
    Reply {
        status,
        headers,
        body,
        request,
    }
}

pub fn get(uri: &str) -> Request<Body> {
    Request::get(uri).body(Body::empty()).unwrap()
}

pub fn json_request(method: Method, uri: &str, body: Value) -> Request<Body> {
    Request::builder()
        .method(method)
        .uri(uri)
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body.to_string()))
        .unwrap()
}

/// A request without a body, as the app sends some writes: `extra` headers only.
pub fn bare(method: Method, uri: &str, extra: &[(&str, &str)]) -> Request<Body> {
    let mut req = Request::builder().method(method).uri(uri);
    for (name, value) in extra {
        req = req.header(*name, *value);
    }
    req.body(Body::empty()).unwrap()
}

#[derive(Clone, Copy)]
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
            json!({ "email": email, "password": "demo" }),
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
            json!({ "email": email, "password": "demo", "bearer": true }),
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

#[derive(Clone)]
enum Credential {
    None,
    Cookie(String),
    Bearer(String),
}

/// Someone using a test server: anonymous, or signed in with a cookie or a bearer token.
/// Writes send JSON; a delete sends `{}`.
#[derive(Clone)]
pub struct Client {
    pub app: Router,
    credential: Credential,
    /// Who this is, in the messages of failed assertions.
    label: String,
}

impl Client {
    pub fn anonymous(app: &Router) -> Client {
        Client {
            app: app.clone(),
            credential: Credential::None,
            label: "anonymous".into(),
        }
    }

    /// Signs in as a demo account for a bearer token.
    pub async fn bearer(app: &Router, email: &str) -> Client {
        Client::sign_in(app, email).await.0
    }

    /// Signs in as each of the demo accounts, in order, for bearer tokens.
    pub async fn bearers<const N: usize>(app: &Router, emails: [&str; N]) -> [Client; N] {
        let mut clients = Vec::with_capacity(N);
        for email in emails {
            clients.push(Client::bearer(app, email).await);
        }
        match clients.try_into() {
            Ok(clients) => clients,
            Err(_) => unreachable!("one client per e-mail"),
        }
    }

    /// Signs in as a demo account for a bearer token; also answers the sign-in's `Me`.
    pub async fn sign_in(app: &Router, email: &str) -> (Client, Me) {
        let (token, signed_in) = bearer_session(app, email).await;
        (Client::with_bearer(app, &token).named(email), signed_in.me)
    }

    /// Signs in as a demo account with a cookie, as the browser does.
    pub async fn cookie(app: &Router, email: &str) -> Client {
        let token = cookie_session(app, email).await;
        Client {
            app: app.clone(),
            credential: Credential::Cookie(token),
            label: email.into(),
        }
    }

    /// Sends `token` as the bearer token (a session or the support token).
    pub fn with_bearer(app: &Router, token: &str) -> Client {
        Client {
            app: app.clone(),
            credential: Credential::Bearer(token.into()),
            label: "bearer".into(),
        }
    }

    /// Calls this client `label` in the messages of failed assertions.
    pub fn named(mut self, label: &str) -> Client {
        self.label = label.into();
        self
    }

    /// The session token (or bearer token).
    pub fn token(&self) -> &str {
        match &self.credential {
            Credential::Cookie(t) | Credential::Bearer(t) => t,
            Credential::None => panic!("an anonymous client has no token"),
        }
    }

    pub fn auth(&self) -> Option<Auth<'_>> {
        match &self.credential {
            Credential::None => None,
            Credential::Cookie(t) => Some(Auth::Cookie(t)),
            Credential::Bearer(t) => Some(Auth::Bearer(t)),
        }
    }

    /// `req` with this client's credential.
    pub fn authed(&self, req: Request<Body>) -> Request<Body> {
        match self.auth() {
            Some(auth) => with_auth(req, &auth),
            None => req,
        }
    }

    /// Sends `req` with this client's credential.
    pub async fn send(&self, req: Request<Body>) -> Reply {
        let mut reply = send(&self.app, self.authed(req)).await;
        reply.request = format!("{} {}", self.label, reply.request);
        reply
    }

    pub async fn get(&self, uri: &str) -> Reply {
        self.send(get(uri)).await
    }

    pub async fn post(&self, uri: &str, body: Value) -> Reply {
        self.call(Method::POST, uri, body).await
    }

    pub async fn put(&self, uri: &str, body: Value) -> Reply {
        self.call(Method::PUT, uri, body).await
    }

    pub async fn patch(&self, uri: &str, body: Value) -> Reply {
        self.call(Method::PATCH, uri, body).await
    }

    pub async fn delete(&self, uri: &str) -> Reply {
        self.call(Method::DELETE, uri, json!({})).await
    }

    /// Deletes what `uri` names (204), and finds nothing to delete the second time (404).
    pub async fn expect_deleted(&self, uri: &str) {
        self.delete(uri).await.expect(StatusCode::NO_CONTENT);
        self.delete(uri).await.expect(StatusCode::NOT_FOUND);
    }

    /// Any method: a GET without a body (`body` unused), the others with `body` as JSON.
    pub async fn call(&self, method: Method, uri: &str, body: Value) -> Reply {
        if method == Method::GET {
            self.get(uri).await
        } else {
            self.send(json_request(method, uri, body)).await
        }
    }

    /// A GET that must answer 200, decoded.
    pub async fn read<T: DeserializeOwned>(&self, uri: &str) -> T {
        self.get(uri).await.decode(StatusCode::OK)
    }

    /// `GET /api/me`, which must answer 200.
    pub async fn me(&self) -> Me {
        self.read(paths::ME).await
    }
}
