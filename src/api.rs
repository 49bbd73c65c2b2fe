//! The HTTP client of the app: one place that knows the API base URL, how to authenticate,
//! and how to turn any failure into an [`ApiError`] a view can show.

use std::sync::Arc;

use gloo_net::http::{Request, RequestBuilder, Response};
use serde::{de::DeserializeOwned, Serialize};
use textpeak_api::{
    paths, ConversationDetail, ConversationFilter, ConversationPage, ConversationStatus, ErrorCode,
    Me, MessagePage, Problem, SignInRequest, SignInResponse, SpaceFilters, SpaceSummary,
    TenantInfo,
};
use web_sys::RequestCredentials;

use crate::embed::AuthMode;

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

    fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    fn prepare(&self, builder: RequestBuilder) -> RequestBuilder {
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

    async fn send(&self, request: ApiResult<Request>) -> ApiResult<Response> {
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

    async fn decode<T: DeserializeOwned>(response: Response) -> ApiResult<T> {
        let status = response.status();
        response
            .json::<T>()
            .await
            .map_err(|_| ApiError::Unexpected(status))
    }

    /// Sends a built request and decodes its JSON answer.
    async fn fetch<T: DeserializeOwned>(
        &self,
        request: Result<Request, gloo_net::Error>,
    ) -> ApiResult<T> {
        let response = self.send(request.map_err(|_| ApiError::Network)).await?;
        Self::decode(response).await
    }

    /// A request without a body, answering JSON.
    async fn without_body<T: DeserializeOwned>(&self, builder: RequestBuilder) -> ApiResult<T> {
        self.fetch(self.prepare(builder).build()).await
    }

    /// A request with a JSON body, answering JSON.
    async fn with_body<B: Serialize, T: DeserializeOwned>(
        &self,
        builder: RequestBuilder,
        body: &B,
    ) -> ApiResult<T> {
        self.fetch(self.prepare(builder).json(body)).await
    }

    pub async fn get<T: DeserializeOwned>(&self, path: &str) -> ApiResult<T> {
        self.get_with_query(path, Vec::new()).await
    }

    /// A GET with query-string pairs (encoded by the browser's URLSearchParams).
    pub async fn get_with_query<T: DeserializeOwned>(
        &self,
        path: &str,
        query: Vec<(&str, String)>,
    ) -> ApiResult<T> {
        self.without_body(Request::get(&self.url(path)).query(query))
            .await
    }

    pub async fn post<B: Serialize, T: DeserializeOwned>(
        &self,
        path: &str,
        body: &B,
    ) -> ApiResult<T> {
        self.with_body(Request::post(&self.url(path)), body).await
    }

    pub async fn patch<B: Serialize, T: DeserializeOwned>(
        &self,
        path: &str,
        body: &B,
    ) -> ApiResult<T> {
        self.with_body(Request::patch(&self.url(path)), body).await
    }

    /// A `PUT` without a body (setting a flag the path names), answering JSON.
    pub async fn put<T: DeserializeOwned>(&self, path: &str) -> ApiResult<T> {
        self.without_body(Request::put(&self.url(path))).await
    }

    /// A `DELETE` whose answer is JSON (the updated state).
    pub async fn delete_json<T: DeserializeOwned>(&self, path: &str) -> ApiResult<T> {
        self.without_body(Request::delete(&self.url(path))).await
    }

    pub async fn delete(&self, path: &str) -> ApiResult<()> {
        let request = self.prepare(Request::delete(&self.url(path))).build();
        self.send(request.map_err(|_| ApiError::Network)).await?;
        Ok(())
    }

    // Endpoints. Kept as thin, typed wrappers so views never spell a path.

    pub async fn me(&self) -> ApiResult<Me> {
        self.get(paths::ME).await
    }

    pub async fn sign_in(&self, email: String, password: String) -> ApiResult<Me> {
        let body = SignInRequest {
            email,
            password,
            bearer: false,
        };
        let response: SignInResponse = self.post(paths::SESSION, &body).await?;
        Ok(response.me)
    }

    pub async fn sign_out(&self) -> ApiResult<()> {
        self.delete(paths::SESSION).await
    }

    /// Asks TextPeak support for Beta access for the user's tenant.
    pub async fn request_access(&self) -> ApiResult<TenantInfo> {
        self.post(paths::ACCESS_REQUEST, &serde_json::json!({}))
            .await
    }

    pub async fn space_summary(&self, space_id: i64) -> ApiResult<SpaceSummary> {
        self.get(&paths::space_summary(space_id)).await
    }

    /// A page of the space's conversations the user may see; `cursor` continues a list.
    pub async fn conversations(
        &self,
        space_id: i64,
        filter: &ConversationFilter,
        cursor: Option<String>,
    ) -> ApiResult<ConversationPage> {
        let mut query = filter.to_query();
        query.extend(cursor.map(|c| ("cursor", c)));
        self.get_with_query(&paths::space_conversations(space_id), query)
            .await
    }

    pub async fn space_filters(&self, space_id: i64) -> ApiResult<SpaceFilters> {
        self.get(&paths::space_filters(space_id)).await
    }

    pub async fn conversation(&self, id: i64) -> ApiResult<ConversationDetail> {
        self.get(&paths::conversation(id)).await
    }

    /// The newest page of the thread (the server's default size: quick to show).
    pub async fn messages(&self, id: i64) -> ApiResult<MessagePage> {
        self.get(&paths::conversation_messages(id)).await
    }

    /// The page before `before`; larger, as someone scrolling back reads on.
    pub async fn messages_before(&self, id: i64, before: String) -> ApiResult<MessagePage> {
        let query = vec![("before", before), ("limit", "100".to_owned())];
        self.get_with_query(&paths::conversation_messages(id), query)
            .await
    }

    /// Closes or reopens a conversation; answers its updated details.
    pub async fn set_conversation_status(
        &self,
        id: i64,
        status: ConversationStatus,
    ) -> ApiResult<ConversationDetail> {
        let path = match status {
            ConversationStatus::Closed => paths::conversation_close(id),
            ConversationStatus::Open => paths::conversation_reopen(id),
        };
        self.post(&path, &serde_json::json!({})).await
    }

    pub async fn mark_read(&self, id: i64) -> ApiResult<()> {
        let request = self
            .prepare(Request::post(&self.url(&paths::conversation_read(id))))
            .build();
        self.send(request.map_err(|_| ApiError::Network)).await?;
        Ok(())
    }
}
