//! The HTTP side of the settings scaffold (`store::settings::resource`): the list, create,
//! edit and delete handlers of any [`SettingsResource`], and the router of a collection.

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, patch};
use axum::{Json, Router};

use crate::http::auth::Authenticated;
use crate::http::extract::{ApiJson, ApiPath};
use crate::http::problem::ApiError;
use crate::routes::kit::{api_path, item_path, on_db};
use crate::state::AppState;
use crate::store::settings::resource::{self, ListedResource, SettingsResource};

/// `GET` and `POST` on the collection, `PATCH` and `DELETE` on `{collection}/{id}`.
pub fn collection<R: ListedResource>(path: &'static str) -> Router<AppState> {
    Router::new()
        .route(api_path(path), get(list::<R>).post(create::<R>))
        .route(&item_path(path), patch(update::<R>).delete(delete::<R>))
}

/// `GET`: the rows in the caller's scope.
pub async fn list<R: ListedResource>(
    State(state): State<AppState>,
    auth: Authenticated,
) -> Result<Json<Vec<R::Row>>, ApiError> {
    on_db(&state, move |conn| resource::list::<R>(conn, auth.user_id)).await
}

/// `POST`: 201 with the new row.
pub async fn create<R: SettingsResource>(
    State(state): State<AppState>,
    auth: Authenticated,
    ApiJson(input): ApiJson<R::Input>,
) -> Result<(StatusCode, Json<R::Row>), ApiError> {
    created::<R>(state, auth, input).await
}

/// What [`create`] answers, for a route that reads its body its own way.
pub async fn created<R: SettingsResource>(
    state: AppState,
    auth: Authenticated,
    input: R::Input,
) -> Result<(StatusCode, Json<R::Row>), ApiError> {
    let row = state
        .db
        .call(move |conn| resource::create::<R>(conn, auth.user_id, input))
        .await?;
    Ok((StatusCode::CREATED, Json(row)))
}

/// `PATCH {id}`: the edited row.
pub async fn update<R: SettingsResource>(
    State(state): State<AppState>,
    auth: Authenticated,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<R::Input>,
) -> Result<Json<R::Row>, ApiError> {
    updated::<R>(state, auth, id, input).await
}

/// What [`update`] answers, for a route that reads its body its own way.
pub async fn updated<R: SettingsResource>(
    state: AppState,
    auth: Authenticated,
    id: i64,
    input: R::Input,
) -> Result<Json<R::Row>, ApiError> {
    on_db(&state, move |conn| {
        resource::update::<R>(conn, auth.user_id, id, input)
    })
    .await
}

/// `DELETE {id}`: 204.
pub async fn delete<R: SettingsResource>(
    State(state): State<AppState>,
    auth: Authenticated,
    ApiPath(id): ApiPath<i64>,
) -> Result<StatusCode, ApiError> {
    state
        .db
        .call(move |conn| resource::delete::<R>(conn, auth.user_id, id))
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
