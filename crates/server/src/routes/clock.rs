//! `POST /api/support/clock` (support token, only on a server started with `--test-clock`):
//! moves the server's clock forward and ends the snoozes that became due, so that end-to-end
//! tests need not wait for them.

use axum::extract::State;
use axum::routing::post;
use axum::{Json, Router};
use textpeak_api::{paths, ClockAdvance, ClockAdvanced, CLOCK_ADVANCE_MAX_SECONDS};

use crate::clock;
use crate::http::auth::Support;
use crate::http::extract::ApiJson;
use crate::http::problem::ApiError;
use crate::routes::kit::api_path;
use crate::state::AppState;
use crate::store::conversations::snooze;

pub fn router() -> Router<AppState> {
    Router::new().route(api_path(paths::SUPPORT_CLOCK), post(advance))
}

/// Without `--test-clock` the endpoint does not exist (404, like an unknown path).
async fn advance(
    State(state): State<AppState>,
    _support: Support,
    ApiJson(by): ApiJson<ClockAdvance>,
) -> Result<Json<ClockAdvanced>, ApiError> {
    if !state.test_clock {
        return Err(ApiError::no_such_endpoint());
    }
    if !(1..=CLOCK_ADVANCE_MAX_SECONDS).contains(&by.seconds) {
        return Err(ApiError::validation(
            "seconds",
            format!("The clock moves forward by 1 to {CLOCK_ADVANCE_MAX_SECONDS} seconds"),
        ));
    }
    let now = clock::advance(time::Duration::seconds(by.seconds));
    let woken = state.db.call(snooze::wake_due).await?;
    tracing::info!(seconds = by.seconds, woken, "test clock moved forward");
    Ok(Json(ClockAdvanced {
        now: clock::format(now),
        woken,
    }))
}
