//! Errors of the API as `application/problem+json` bodies of [`textpeak_api::Problem`].

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use textpeak_api::{ErrorCode, FieldError, Problem};

pub const PROBLEM_JSON: &str = "application/problem+json";

#[derive(Debug)]
pub enum ApiError {
    /// Shown to the client as is.
    Problem(Problem),
    /// Logged with its detail; the client gets a generic 500.
    Internal(String),
}

impl ApiError {
    pub fn new(code: ErrorCode, title: impl Into<String>) -> ApiError {
        ApiError::Problem(Problem::new(code, title))
    }

    pub fn internal(detail: impl Into<String>) -> ApiError {
        ApiError::Internal(detail.into())
    }

    pub fn unauthenticated() -> ApiError {
        ApiError::new(ErrorCode::Unauthenticated, "Please sign in")
    }

    pub fn not_found() -> ApiError {
        ApiError::new(ErrorCode::NotFound, "Not found")
    }

    /// What an unknown path answers; disabled endpoints answer the same.
    pub fn no_such_endpoint() -> ApiError {
        ApiError::new(ErrorCode::NotFound, "No such endpoint")
    }

    /// What a known path answers to a method it does not have (405).
    pub fn method_not_allowed() -> ApiError {
        ApiError::new(
            ErrorCode::MethodNotAllowed,
            "Method not allowed on this endpoint",
        )
    }

    pub fn validation(field: &str, title: impl Into<String>) -> ApiError {
        ApiError::Problem(Problem::new(ErrorCode::Validation, title).with_field(field))
    }
}

impl From<Problem> for ApiError {
    fn from(p: Problem) -> Self {
        ApiError::Problem(p)
    }
}

/// A form field that failed the contract's shared validation: 422 naming the field.
impl From<FieldError> for ApiError {
    fn from(e: FieldError) -> Self {
        ApiError::validation(e.field, e.message)
    }
}

impl From<rusqlite::Error> for ApiError {
    fn from(e: rusqlite::Error) -> Self {
        ApiError::Internal(format!("database: {e}"))
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ApiError::Problem(p) => write!(f, "{:?}: {}", p.code, p.title),
            ApiError::Internal(detail) => write!(f, "internal: {detail}"),
        }
    }
}

impl std::error::Error for ApiError {}

pub fn problem_response(problem: &Problem) -> Response {
    let status = StatusCode::from_u16(problem.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let body = serde_json::to_vec(problem).unwrap_or_default();
    (
        status,
        [(header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON))],
        body,
    )
        .into_response()
}

pub fn internal_problem() -> Problem {
    Problem::new(ErrorCode::Internal, "Something went wrong on our side")
        .with_detail("The error was logged. Please try again.")
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        match self {
            ApiError::Problem(p) => problem_response(&p),
            ApiError::Internal(detail) => {
                tracing::error!(%detail, "internal error");
                problem_response(&internal_problem())
            }
        }
    }
}
