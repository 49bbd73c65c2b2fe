//! Settings → Incoming routing: `/api/routing-rules` and `/api/routing-rules/{id}`.

use axum::Router;
use textpeak_api::collections::RoutingRules;

use crate::routes::crud;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    crud::collection::<RoutingRules>()
}
