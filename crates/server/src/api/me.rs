use axum::extract::State;
use axum::Json;
use textpeak_api::Me;

use crate::access::Viewer;
use crate::auth::Authenticated;
use crate::problem::ApiError;
use crate::AppState;

pub async fn me(State(state): State<AppState>, auth: Authenticated) -> Result<Json<Me>, ApiError> {
    let me = state
        .db
        .call(move |conn| Viewer::load(conn, auth.user_id)?.me(conn))
        .await?;
    Ok(Json(me))
}
