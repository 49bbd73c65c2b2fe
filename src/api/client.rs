//! The HTTP client of the app: one place that knows the API base URL, how to authenticate,
//! and how to turn any failure into an [`ApiError`] a view can show. The typed endpoint
//! methods live next door, one module per resource (`session.rs`, `spaces.rs`, …).
//!
//! A read (`GET`) started under a reactive owner (a `LocalResource`'s fetcher) is aborted when
//! that owner is cleaned up: the view went away or the resource reloads, so the browser stops
//! the download. Writes always run to the end: a click on Save must not be undone by leaving.

use std::sync::Arc;

use gloo_net::http::{Request, RequestBuilder, Response};
use serde::{de::DeserializeOwned, Serialize};
use textpeak_api::{ErrorCode, Problem};
use web_sys::{AbortController, AbortSignal, RequestCredentials};

use crate::config::AuthMode;
use crate::logic::query;

/// Every way a request can fail, each with a message a person can act on.
#[derive(Debug, Clone, PartialEq)]
pub enum ApiError {
    /// The server could not be reached (offline, DNS, CORS, server down).
    Network,
    /// The server answered with a problem-details body.
    Problem(Problem),
    /// The server answered something this app does not understand.
    Unexpected(u16),
}

impl ApiError {
    /// The request field a validation problem concerns, for showing it next to that field.
    pub fn field(&self) -> Option<&str> {
        match self {
            ApiError::Problem(p) => p.field.as_deref(),
            _ => None,
        }
    }

    pub fn code(&self) -> Option<ErrorCode> {
        match self {
            ApiError::Problem(p) => Some(p.code),
            _ => None,
        }
    }

    pub fn is_unauthenticated(&self) -> bool {
        self.code() == Some(ErrorCode::Unauthenticated)
    }

    /// One sentence for the user.
    pub fn message(&self) -> String {
        match self {
            ApiError::Network => {
                "We couldn't reach TextPeak. Check your connection and try again.".into()
            }
            ApiError::Problem(p) => match &p.detail {
                Some(detail) if !detail.is_empty() => format!("{} {}", p.title, detail),
                _ => p.title.clone(),
            },
            ApiError::Unexpected(status) => {
                format!("Something went wrong on our side (HTTP {status}). Please try again.")
            }
        }
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message())
    }
}

impl std::error::Error for ApiError {}

pub type ApiResult<T> = Result<T, ApiError>;

/// Cheap to clone; lives in context.
#[derive(Clone, Debug)]
pub struct ApiClient {
    base: Arc<str>,
    auth: AuthMode,
}

impl ApiClient {
    pub fn new(base: &str, auth: AuthMode) -> Self {
        ApiClient {
            base: base.trim_end_matches('/').into(),
            auth,
        }
    }

    pub(super) fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    pub(super) fn prepare(&self, builder: RequestBuilder) -> RequestBuilder {
        // The header marks the request as coming from the app; the server requires it (or a
        // JSON body) on cookie-authenticated writes, which a cross-site form cannot send.
        let builder = builder
            .header("Accept", "application/json")
            .header("X-TextPeak-Request", "1");
        match &self.auth {
            AuthMode::Cookie => builder.credentials(RequestCredentials::Include),
            AuthMode::Bearer(token) => builder
                .credentials(RequestCredentials::Omit)
                .header("Authorization", &format!("Bearer {token}")),
        }
    }

    pub(super) async fn send(&self, request: ApiResult<Request>) -> ApiResult<Response> {
        let response = request?.send().await.map_err(|_| ApiError::Network)?;
        if response.ok() {
            return Ok(response);
        }
        let status = response.status();
        match response.json::<Problem>().await {
            Ok(problem) => Err(ApiError::Problem(problem)),
            Err(_) => Err(ApiError::Unexpected(status)),
        }
    }

    /// Sends a built request and reads a successful answer's body. Every typed method goes
    /// through this one non-generic path and only encodes and decodes JSON itself, so the
    /// sending code is in the bundle once rather than once per type.
    async fn answer(&self, request: ApiResult<Request>) -> ApiResult<Answer> {
        let response = self.send(request).await?;
        let status = response.status();
        let text = response
            .text()
            .await
            .map_err(|_| ApiError::Unexpected(status))?;
        Ok(Answer { status, text })
    }

    /// A request without a body.
    async fn without_body(&self, builder: RequestBuilder) -> ApiResult<Answer> {
        let request = self.prepare(builder).build();
        self.answer(request.map_err(|_| ApiError::Network)).await
    }

    /// A request with a JSON body (None: the body could not be encoded).
    async fn with_body(&self, builder: RequestBuilder, json: Option<String>) -> ApiResult<Answer> {
        let request = match json {
            Some(json) => self
                .prepare(builder)
                .header("Content-Type", "application/json")
                .body(json)
                .map_err(|_| ApiError::Network),
            None => Err(ApiError::Network),
        };
        self.answer(request).await
    }

    pub async fn get<T: DeserializeOwned>(&self, path: &str) -> ApiResult<T> {
        self.get_with_query(path, Vec::new()).await
    }

    /// A GET with query-string pairs, encoded as the app's own links are (`logic::query`).
    pub async fn get_with_query<T: DeserializeOwned>(
        &self,
        path: &str,
        query: Vec<(&str, String)>,
    ) -> ApiResult<T> {
        self.get_answer(path, query).await?.decode()
    }

    async fn get_answer(&self, path: &str, query: Vec<(&str, String)>) -> ApiResult<Answer> {
        let url = self.url(&query::with_query(path, &query));
        let request = Request::get(&url);
        let request = match abort_on_cleanup() {
            Some(signal) => request.abort_signal(Some(&signal)),
            None => request,
        };
        self.without_body(request).await
    }

    pub async fn post<B: Serialize, T: DeserializeOwned>(
        &self,
        path: &str,
        body: &B,
    ) -> ApiResult<T> {
        self.json_body(Request::post(&self.url(path)), body).await
    }

    pub async fn patch<B: Serialize, T: DeserializeOwned>(
        &self,
        path: &str,
        body: &B,
    ) -> ApiResult<T> {
        self.json_body(Request::patch(&self.url(path)), body).await
    }

    /// Sends `body` as JSON and decodes the JSON answer (what POST and PATCH share).
    async fn json_body<B: Serialize, T: DeserializeOwned>(
        &self,
        builder: RequestBuilder,
        body: &B,
    ) -> ApiResult<T> {
        let json = serde_json::to_string(body).ok();
        self.with_body(builder, json).await?.decode()
    }

    /// A `PUT` without a body (setting a flag the path names), answering JSON.
    pub async fn put<T: DeserializeOwned>(&self, path: &str) -> ApiResult<T> {
        self.without_body(Request::put(&self.url(path)))
            .await?
            .decode()
    }

    /// A `DELETE` whose answer is JSON (the updated state).
    pub async fn delete_json<T: DeserializeOwned>(&self, path: &str) -> ApiResult<T> {
        self.without_body(Request::delete(&self.url(path)))
            .await?
            .decode()
    }

    pub async fn delete(&self, path: &str) -> ApiResult<()> {
        self.without_answer(Request::delete(&self.url(path))).await
    }

    /// A `POST` without a body whose answer carries nothing the app reads.
    pub async fn post_empty(&self, path: &str) -> ApiResult<()> {
        self.without_answer(Request::post(&self.url(path))).await
    }

    /// A `POST` carrying an `Idempotency-Key` header (a send the server must store once, however
    /// often it is repeated). A refusal comes with its `Retry-After` header, if any.
    pub async fn post_idempotent<B: Serialize, T: DeserializeOwned>(
        &self,
        path: &str,
        key: &str,
        body: &B,
    ) -> Result<T, (ApiError, Option<String>)> {
        let builder = Request::post(&self.url(path)).header("Idempotency-Key", key);
        let request = self
            .prepare(builder)
            .json(body)
            .map_err(|_| (ApiError::Network, None))?;
        let response = request
            .send()
            .await
            .map_err(|_| (ApiError::Network, None))?;
        if response.ok() {
            let status = response.status();
            let text = response
                .text()
                .await
                .map_err(|_| (ApiError::Unexpected(status), None))?;
            return Answer { status, text }.decode().map_err(|e| (e, None));
        }
        let retry_after = response.headers().get("Retry-After");
        let status = response.status();
        let error = match response.json::<Problem>().await {
            Ok(problem) => ApiError::Problem(problem),
            Err(_) => ApiError::Unexpected(status),
        };
        Err((error, retry_after))
    }

    /// A `POST` with a JSON body whose answer carries nothing the app reads (a 204).
    pub async fn post_quiet<B: Serialize>(&self, path: &str, body: &B) -> ApiResult<()> {
        let builder = self
            .prepare(Request::post(&self.url(path)))
            .header("Content-Type", "application/json");
        let request = match serde_json::to_string(body) {
            Ok(json) => builder.body(json).map_err(|_| ApiError::Network),
            Err(_) => Err(ApiError::Network),
        };
        self.send(request).await?;
        Ok(())
    }

    async fn without_answer(&self, builder: RequestBuilder) -> ApiResult<()> {
        let request = self.prepare(builder).build();
        self.send(request.map_err(|_| ApiError::Network)).await?;
        Ok(())
    }
}

/// A successful answer, not decoded yet.
struct Answer {
    status: u16,
    text: String,
}

impl Answer {
    /// The answer as `T`; one the app does not understand is `Unexpected`.
    fn decode<T: DeserializeOwned>(self) -> ApiResult<T> {
        serde_json::from_str(&self.text).map_err(|_| ApiError::Unexpected(self.status))
    }
}

/// An abort signal tied to the reactive owner the request is started under (a resource's
/// fetcher): when the owner is cleaned up, the request is aborted, as leptos' hackernews
/// example does. A task started with `spawn_local` runs without an owner: nothing is aborted.
fn abort_on_cleanup() -> Option<AbortSignal> {
    use leptos::prelude::{on_cleanup, Owner};
    let _owner = Owner::current()?;
    let controller = AbortController::new().ok()?;
    let signal = controller.signal();
    let controller = send_wrapper::SendWrapper::new(controller);
    on_cleanup(move || controller.abort());
    Some(signal)
}
