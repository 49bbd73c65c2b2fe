//! Settings → Spaces and teams, the teams: `POST /api/teams`, `PATCH` and `DELETE
//! /api/teams/{id}` (teams are listed with their space).

use axum::routing::{patch, post};
use axum::Router;
use textpeak_api::collections::Teams;
use textpeak_api::{paths, TeamInput};

use crate::http::extract::ApiJson;
use crate::routes::crud;
use crate::routes::kit::{api_path, item_path};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            api_path(paths::TEAMS),
            post(crud::create::<Teams, ApiJson<TeamInput>>),
        )
        .route(
            &item_path(paths::TEAMS),
            patch(crud::update::<Teams, ApiJson<TeamInput>>).delete(crud::delete::<Teams>),
        )
}
