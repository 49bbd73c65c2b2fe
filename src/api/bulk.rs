//! Bulk actions: one action on the selected conversations of a space (ticked rows, or every
//! conversation a filter matches), answered with what was done and what was skipped.

use textpeak_api::{paths, ActionOptions, BulkOutcome, BulkRequest};

use super::client::{ApiClient, ApiResult};

impl ApiClient {
    pub async fn bulk_action(
        &self,
        space_id: i64,
        request: &BulkRequest,
    ) -> ApiResult<BulkOutcome> {
        self.post(&paths::space_bulk(space_id), request).await
    }

    /// What the action menus of a conversation offer the caller (the bulk Assign menu asks
    /// one conversation per team of the selection).
    pub async fn action_options(&self, id: i64) -> ApiResult<ActionOptions> {
        self.get(&paths::conversation_options(id)).await
    }
}
