//! Settings → Tags: `/api/tags` and `/api/tags/{id}`.

use axum::{Json, Router};
use textpeak_api::collections::Tags;
use textpeak_api::TagInput;

use crate::routes::crud;
use crate::state::AppState;

/// The tag forms have always read their body with axum's own `Json` (see [`crud::FormBody`]).
pub fn router() -> Router<AppState> {
    crud::collection_read_with::<Tags, Json<TagInput>>()
}
