//! Settings → Sender profiles: `/api/sender-profiles` and `/api/sender-profiles/{id}`.

use axum::Router;
use textpeak_api::paths;

use crate::routes::crud;
use crate::state::AppState;
use crate::store::settings::sender_profiles::SenderProfiles;

pub fn router() -> Router<AppState> {
    crud::collection::<SenderProfiles>(paths::SENDER_PROFILES)
}
