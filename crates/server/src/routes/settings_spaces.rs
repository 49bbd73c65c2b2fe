//! Settings → Spaces: `/api/settings/spaces` and `/api/settings/spaces/{id}`.

use axum::Router;
use textpeak_api::paths;

use crate::routes::crud;
use crate::state::AppState;
use crate::store::settings::spaces::Spaces;

pub fn router() -> Router<AppState> {
    crud::collection::<Spaces>(paths::SETTINGS_SPACES)
}
