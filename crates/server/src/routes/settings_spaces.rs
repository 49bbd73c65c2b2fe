//! Settings → Spaces: `/api/settings/spaces` and `/api/settings/spaces/{id}`.

use axum::Router;
use textpeak_api::collections::Spaces;

use crate::routes::crud;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    crud::collection::<Spaces>()
}
