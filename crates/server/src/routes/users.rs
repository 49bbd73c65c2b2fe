//! Settings → Users: `GET` and `POST /api/users` (an invitation), `PATCH /api/users/{id}`.

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, patch};
use axum::{Json, Router};
use textpeak_api::{paths, UserInviteInput, UserInvited, UserSetting, UserUpdate};

use crate::auth;
use crate::http::auth::Authenticated;
use crate::http::extract::{ApiJson, ApiPath};
use crate::http::problem::ApiError;
use crate::routes::kit::{api_path, item_path, on_db, read_db};
use crate::state::AppState;
use crate::store::settings::users;

pub fn router() -> Router<AppState> {
    Router::new()
        .route(api_path(paths::USERS), get(list).post(invite))
        .route(&item_path(paths::USERS), patch(update))
}

/// `GET /api/users`.
async fn list(
    State(state): State<AppState>,
    auth: Authenticated,
) -> Result<Json<Vec<UserSetting>>, ApiError> {
    read_db(&state, move |conn| users::list(conn, auth.user_id)).await
}

/// `POST /api/users`: the new user and a temporary password the answer carries once (only its
/// hash is stored).
async fn invite(
    State(state): State<AppState>,
    auth: Authenticated,
    ApiJson(input): ApiJson<UserInviteInput>,
) -> Result<(StatusCode, Json<UserInvited>), ApiError> {
    let caller = auth.user_id;
    // Checked before hashing, so that a refused request costs no argon2 work, and again in the
    // writing transaction, since the database was free for others in between.
    let first_look = input.clone();
    state
        .db
        .call(move |conn| users::checked_invite(conn, caller, &first_look).map(drop))
        .await?;
    let password = auth::temporary_password();
    let for_hashing = password.clone();
    let hash = tokio::task::spawn_blocking(move || auth::hash_password(&for_hashing))
        .await
        .map_err(|e| ApiError::internal(format!("password hashing failed: {e}")))?;
    let user = state
        .db
        .call(move |conn| users::invite(conn, caller, &input, &hash))
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(UserInvited {
            user,
            temporary_password: password,
        }),
    ))
}

/// `PATCH /api/users/{id}`: what is given changes.
async fn update(
    State(state): State<AppState>,
    auth: Authenticated,
    ApiPath(id): ApiPath<i64>,
    ApiJson(update): ApiJson<UserUpdate>,
) -> Result<Json<UserSetting>, ApiError> {
    on_db(&state, move |conn| {
        users::update(conn, auth.user_id, id, &update)
    })
    .await
}
