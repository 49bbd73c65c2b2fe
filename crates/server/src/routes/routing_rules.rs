//! Settings → Incoming routing: `/api/routing-rules` and `/api/routing-rules/{id}`.

use axum::Router;
use textpeak_api::paths;

use crate::routes::crud;
use crate::state::AppState;
use crate::store::settings::routing_rules::RoutingRules;

pub fn router() -> Router<AppState> {
    crud::collection::<RoutingRules>(paths::ROUTING_RULES)
}
