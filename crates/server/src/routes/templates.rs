//! Settings → Canned templates: `/api/templates` and `/api/templates/{id}`.

use axum::Router;
use textpeak_api::collections::Templates;

use crate::routes::crud;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    crud::collection::<Templates>()
}
