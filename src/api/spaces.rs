//! A space as the dashboard shows it: its summary and the options of its list filters.

use textpeak_api::{paths, SpaceFilters, SpaceSummary};

use super::client::{ApiClient, ApiResult};

impl ApiClient {
    pub async fn space_summary(&self, space_id: i64) -> ApiResult<SpaceSummary> {
        self.get(&paths::space_summary(space_id)).await
    }

    pub async fn space_filters(&self, space_id: i64) -> ApiResult<SpaceFilters> {
        self.get(&paths::space_filters(space_id)).await
    }
}
