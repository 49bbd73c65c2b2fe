//! Settings → Tags: `/api/tags` and `/api/tags/{id}`.

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, patch};
use axum::{Json, Router};
use textpeak_api::{paths, TagInput, TagSetting};

use crate::http::auth::Authenticated;
use crate::http::extract::ApiPath;
use crate::http::problem::ApiError;
use crate::routes::crud;
use crate::routes::kit::{api_path, item_path};
use crate::state::AppState;
use crate::store::settings::tags::Tags;

pub fn router() -> Router<AppState> {
    Router::new()
        .route(api_path(paths::TAGS), get(crud::list::<Tags>).post(create))
        .route(
            &item_path(paths::TAGS),
            patch(update).delete(crud::delete::<Tags>),
        )
}

// The tag forms have always read their body with axum's own `Json`, whose rejections are
// plain-text 400/415/422 rather than problems; kept so, since clients may rely on it.

/// `POST /api/tags`.
async fn create(
    State(state): State<AppState>,
    auth: Authenticated,
    Json(input): Json<TagInput>,
) -> Result<(StatusCode, Json<TagSetting>), ApiError> {
    crud::created::<Tags>(state, auth, input).await
}

/// `PATCH /api/tags/{id}`: a new name or colour.
async fn update(
    State(state): State<AppState>,
    auth: Authenticated,
    ApiPath(id): ApiPath<i64>,
    Json(input): Json<TagInput>,
) -> Result<Json<TagSetting>, ApiError> {
    crud::updated::<Tags>(state, auth, id, input).await
}
