//! The HTTP side of the settings scaffold (`store::settings::resource`): the list, create,
//! edit and delete handlers of any [`SettingsResource`], and the router of a collection.

use axum::extract::{FromRequest, State};
use axum::http::StatusCode;
use axum::routing::{get, patch};
use axum::{Json, Router};

use crate::http::auth::Authenticated;
use crate::http::extract::{ApiJson, ApiPath};
use crate::http::problem::ApiError;
use crate::routes::kit::{api_path, item_path, on_db, read_db};
use crate::state::AppState;
use crate::store::settings::resource::{self, ListedResource, SettingsResource};

/// How a form's body is read: [`ApiJson`] (rejections as problems) for every kind but tags,
/// whose forms have always read it with axum's own `Json` (plain-text 400/415/422 rejections,
/// kept so since clients may rely on it).
pub trait FormBody<T>: FromRequest<AppState> + Send + 'static {
    fn into_form(self) -> T;
}

impl<T: Send + 'static> FormBody<T> for ApiJson<T>
where
    ApiJson<T>: FromRequest<AppState>,
{
    fn into_form(self) -> T {
        self.0
    }
}

impl<T: Send + 'static> FormBody<T> for Json<T>
where
    Json<T>: FromRequest<AppState>,
{
    fn into_form(self) -> T {
        self.0
    }
}

/// `GET` and `POST` on the collection's path, `PATCH` and `DELETE` on `{collection}/{id}`.
pub fn collection<R: ListedResource>() -> Router<AppState> {
    collection_read_with::<R, ApiJson<R::Input>>()
}

/// [`collection`], reading the forms with `B`.
pub fn collection_read_with<R: ListedResource, B: FormBody<R::Input>>() -> Router<AppState> {
    Router::new()
        .route(api_path(R::PATH), get(list::<R>).post(create::<R, B>))
        .route(
            &item_path(R::PATH),
            patch(update::<R, B>).delete(delete::<R>),
        )
}

/// `GET`: the rows in the caller's scope.
pub async fn list<R: ListedResource>(
    State(state): State<AppState>,
    auth: Authenticated,
) -> Result<Json<Vec<R::Row>>, ApiError> {
    read_db(&state, move |conn| resource::list::<R>(conn, auth.user_id)).await
}

/// `POST`: 201 with the new row.
pub async fn create<R: SettingsResource, B: FormBody<R::Input>>(
    State(state): State<AppState>,
    auth: Authenticated,
    body: B,
) -> Result<(StatusCode, Json<R::Row>), ApiError> {
    let input = body.into_form();
    let row = state
        .db
        .call(move |conn| resource::create::<R>(conn, auth.user_id, input))
        .await?;
    Ok((StatusCode::CREATED, Json(row)))
}

/// `PATCH {id}`: the edited row.
pub async fn update<R: SettingsResource, B: FormBody<R::Input>>(
    State(state): State<AppState>,
    auth: Authenticated,
    ApiPath(id): ApiPath<i64>,
    body: B,
) -> Result<Json<R::Row>, ApiError> {
    let input = body.into_form();
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
