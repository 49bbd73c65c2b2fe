//! Bulk actions: one action on the selected conversations of a space (ticked rows, or every
//! conversation a filter matches), answered with what was done and what was skipped.

use textpeak_api::{paths, BulkOutcome, BulkRequest};

use super::client::{ApiClient, ApiResult};

impl ApiClient {
    pub async fn bulk_action(
        &self,
        space_id: i64,
        request: &BulkRequest,
    ) -> ApiResult<BulkOutcome> {
        self.post(&paths::space_bulk(space_id), request).await
    }
}
