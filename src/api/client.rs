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

use super::credentials::Credentials;
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
    credentials: Credentials,
}

/// How to make a request (again, for the retry with a renewed token): its method, URL and own
/// headers; the client adds the common headers and the credentials.
pub(super) type Make<'a> = &'a dyn Fn() -> RequestBuilder;

impl ApiClient {
    pub fn new(base: &str, credentials: Credentials) -> Self {
        ApiClient {
            base: base.trim_end_matches('/').into(),
            credentials,
        }
    }

    pub(super) fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    /// `builder` with the common headers and the credentials of now, for a request sent
    /// without the client's renewal (one that outlives the page).
    pub(super) fn authenticated(&self, builder: RequestBuilder) -> RequestBuilder {
        let token = self.credentials.token();
        self.prepare(builder, "application/json", token.as_deref())
    }

    fn prepare(
        &self,
        builder: RequestBuilder,
        accept: &str,
        token: Option<&str>,
    ) -> RequestBuilder {
        // The header marks the request as coming from the app; the server requires it (or a
        // JSON body) on cookie-authenticated writes, which a cross-site form cannot send.
        let builder = builder
            .header("Accept", accept)
            .header("X-TextPeak-Request", "1");
        match token {
            None => builder.credentials(RequestCredentials::Include),
            Some(token) => builder
                .credentials(RequestCredentials::Omit)
                .header("Authorization", &format!("Bearer {token}")),
        }
    }

    /// Sends the request `make` describes, with `json` as its body, and answers the response
    /// whatever its status. A bearer token the API refuses (401) is renewed through the host
    /// and the request made once more, so an expired token costs the user nothing.
    pub(super) async fn fetch(&self, make: Make<'_>, json: Option<&str>) -> ApiResult<Response> {
        self.fetch_as(make, json, "application/json").await
    }

    /// [`fetch`](Self::fetch) of an answer of the type `accept` names (the live stream's).
    pub(super) async fn fetch_as(
        &self,
        make: Make<'_>,
        json: Option<&str>,
        accept: &str,
    ) -> ApiResult<Response> {
        let mut renewed = false;
        loop {
            let token = self.credentials.token();
            let builder = self.prepare(make(), accept, token.as_deref());
            let request = match json {
                Some(json) => builder
                    .header("Content-Type", "application/json")
                    .body(json.to_owned()),
                None => builder.build(),
            };
            let response = request
                .map_err(|_| ApiError::Network)?
                .send()
                .await
                .map_err(|_| ApiError::Network)?;
            if response.status() != 401 || renewed {
                return Ok(response);
            }
            match token {
                Some(token) if self.credentials.renew(&token).await => renewed = true,
                _ => return Ok(response),
            }
        }
    }

    /// [`fetch`](Self::fetch), with an unsuccessful answer turned into its [`ApiError`].
    pub(super) async fn send(&self, make: Make<'_>, json: Option<&str>) -> ApiResult<Response> {
        let response = self.fetch(make, json).await?;
        if response.ok() {
            return Ok(response);
        }
        Err(problem_of(response).await)
    }

    /// Sends a request and reads a successful answer's body. Every typed method goes through
    /// this one non-generic path and only encodes and decodes JSON itself, so the sending code
    /// is in the bundle once rather than once per type.
    async fn answer(&self, make: Make<'_>, json: Option<&str>) -> ApiResult<Answer> {
        let response = self.send(make, json).await?;
        let status = response.status();
        let text = response
            .text()
            .await
            .map_err(|_| ApiError::Unexpected(status))?;
        Ok(Answer { status, text })
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
        let abort = abort_on_cleanup();
        let make = || Request::get(&url).abort_signal(abort.as_ref());
        self.answer(&make, None).await
    }

    pub async fn post<B: Serialize, T: DeserializeOwned>(
        &self,
        path: &str,
        body: &B,
    ) -> ApiResult<T> {
        let url = self.url(path);
        self.json_body(&|| Request::post(&url), body).await
    }

    pub async fn patch<B: Serialize, T: DeserializeOwned>(
        &self,
        path: &str,
        body: &B,
    ) -> ApiResult<T> {
        let url = self.url(path);
        self.json_body(&|| Request::patch(&url), body).await
    }

    /// Sends `body` as JSON and decodes the JSON answer (what POST and PATCH share).
    async fn json_body<B: Serialize, T: DeserializeOwned>(
        &self,
        make: Make<'_>,
        body: &B,
    ) -> ApiResult<T> {
        let json = serde_json::to_string(body).map_err(|_| ApiError::Network)?;
        self.answer(make, Some(&json)).await?.decode()
    }

    /// A `PUT` without a body (setting a flag the path names), answering JSON.
    pub async fn put<T: DeserializeOwned>(&self, path: &str) -> ApiResult<T> {
        let url = self.url(path);
        self.answer(&|| Request::put(&url), None).await?.decode()
    }

    /// A `DELETE` whose answer is JSON (the updated state).
    pub async fn delete_json<T: DeserializeOwned>(&self, path: &str) -> ApiResult<T> {
        let url = self.url(path);
        self.answer(&|| Request::delete(&url), None).await?.decode()
    }

    pub async fn delete(&self, path: &str) -> ApiResult<()> {
        let url = self.url(path);
        self.send(&|| Request::delete(&url), None).await?;
        Ok(())
    }

    /// A `POST` without a body whose answer carries nothing the app reads.
    pub async fn post_empty(&self, path: &str) -> ApiResult<()> {
        let url = self.url(path);
        self.send(&|| Request::post(&url), None).await?;
        Ok(())
    }

    /// A `POST` carrying an `Idempotency-Key` header (a send the server must store once, however
    /// often it is repeated). A refusal comes with its `Retry-After` header, if any.
    pub async fn post_idempotent<B: Serialize, T: DeserializeOwned>(
        &self,
        path: &str,
        key: &str,
        body: &B,
    ) -> Result<T, (ApiError, Option<String>)> {
        let url = self.url(path);
        let json = serde_json::to_string(body).map_err(|_| (ApiError::Network, None))?;
        let make = || Request::post(&url).header("Idempotency-Key", key);
        let response = self
            .fetch(&make, Some(&json))
            .await
            .map_err(|e| (e, None))?;
        let status = response.status();
        if response.ok() {
            let text = response
                .text()
                .await
                .map_err(|_| (ApiError::Unexpected(status), None))?;
            return Answer { status, text }.decode().map_err(|e| (e, None));
        }
        let retry_after = response.headers().get("Retry-After");
        Err((problem_of(response).await, retry_after))
    }

    /// A `POST` with a JSON body whose answer carries nothing the app reads (a 204).
    pub async fn post_quiet<B: Serialize>(&self, path: &str, body: &B) -> ApiResult<()> {
        let url = self.url(path);
        let json = serde_json::to_string(body).map_err(|_| ApiError::Network)?;
        self.send(&|| Request::post(&url), Some(&json)).await?;
        Ok(())
    }
}

/// An unsuccessful answer as the problem it reports (or `Unexpected` with its status).
pub(super) async fn problem_of(response: Response) -> ApiError {
    let status = response.status();
    match response.json::<Problem>().await {
        Ok(problem) => ApiError::Problem(problem),
        Err(_) => ApiError::Unexpected(status),
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
