//! Settings → Users and roles, the custom roles: `/api/roles` and `/api/roles/{id}`.

use axum::Router;
use textpeak_api::paths;

use crate::routes::crud;
use crate::state::AppState;
use crate::store::settings::roles::Roles;

pub fn router() -> Router<AppState> {
    crud::collection::<Roles>(paths::ROLES)
}
