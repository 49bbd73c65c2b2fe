//! axum's extractors, with rejections as problem+json.

use axum::extract::rejection::{JsonRejection, PathRejection};
use axum::extract::{FromRequest, FromRequestParts, Path, Query, Request};
use axum::http::request::Parts;
use serde::de::DeserializeOwned;
use textpeak_api::{ErrorCode, Problem};

use crate::http::problem::ApiError;

/// A JSON body; a malformed or mistyped one is a 422 validation problem.
pub struct ApiJson<T>(pub T);

impl<S, T> FromRequest<S> for ApiJson<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, ApiError> {
        match axum::Json::<T>::from_request(req, state).await {
            Ok(axum::Json(value)) => Ok(ApiJson(value)),
            Err(rejection) => Err(json_problem(rejection)),
        }
    }
}

fn json_problem(rejection: JsonRejection) -> ApiError {
    let title = match &rejection {
        JsonRejection::MissingJsonContentType(_) => "Expected a JSON body",
        JsonRejection::JsonSyntaxError(_) => "The body is not valid JSON",
        JsonRejection::JsonDataError(_) => "The body does not have the expected fields",
        _ => "The body could not be read",
    };
    ApiError::Problem(Problem::new(ErrorCode::Validation, title).with_detail(rejection.body_text()))
}

/// A path parameter; one that does not parse names nothing that exists, so it is a 404.
pub struct ApiPath<T>(pub T);

impl<S, T> FromRequestParts<S> for ApiPath<T>
where
    T: DeserializeOwned + Send,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        match Path::<T>::from_request_parts(parts, state).await {
            Ok(Path(value)) => Ok(ApiPath(value)),
            Err(PathRejection::FailedToDeserializePathParams(_)) => Err(ApiError::not_found()),
            Err(other) => Err(ApiError::internal(format!("path: {other}"))),
        }
    }
}

/// The query string as its pairs, in order (a key may repeat); one that does not parse is a
/// 422 on `query`.
pub struct ApiQueryPairs(pub Vec<(String, String)>);

impl<S> FromRequestParts<S> for ApiQueryPairs
where
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        match Query::<Vec<(String, String)>>::from_request_parts(parts, state).await {
            Ok(Query(pairs)) => Ok(ApiQueryPairs(pairs)),
            Err(e) => Err(ApiError::validation("query", e.body_text())),
        }
    }
}

impl ApiQueryPairs {
    /// The value of the last `key`, trimmed; None when it is missing or empty.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.0
            .iter()
            .rev()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.trim())
            .filter(|v| !v.is_empty())
    }
}
