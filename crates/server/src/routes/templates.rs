//! Settings → Canned templates: `/api/templates` and `/api/templates/{id}`.

use axum::Router;
use textpeak_api::paths;

use crate::routes::crud;
use crate::state::AppState;
use crate::store::settings::templates::Templates;

pub fn router() -> Router<AppState> {
    crud::collection::<Templates>(paths::TEMPLATES)
}
