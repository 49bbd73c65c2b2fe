//! Settings → Sender profiles: `/api/sender-profiles` and `/api/sender-profiles/{id}`.

use axum::Router;
use textpeak_api::collections::SenderProfiles;

use crate::routes::crud;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    crud::collection::<SenderProfiles>()
}
