//! Settings → Users and roles, the custom roles: `/api/roles` and `/api/roles/{id}`.

use axum::Router;
use textpeak_api::collections::Roles;

use crate::routes::crud;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    crud::collection::<Roles>()
}
