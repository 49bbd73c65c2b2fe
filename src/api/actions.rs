//! What an agent does to one conversation besides writing: the action menus' options, the
//! action itself (assign, move, tag, close, reopen, snooze, unsnooze), a tag created on the
//! spot, and the list's counts after an action.

use textpeak_api::{
    paths, ActionOptions, ConversationAction, ConversationDetail, ConversationFilter,
    ConversationPage, TagInput, TagSetting, ViewCounts,
};

use super::client::{ApiClient, ApiResult};

impl ApiClient {
    /// What the action menus of the conversation offer the caller.
    pub async fn action_options(&self, id: i64) -> ApiResult<ActionOptions> {
        self.get(&paths::conversation_options(id)).await
    }

    /// Applies one action; answers the conversation as it now is.
    pub async fn conversation_action(
        &self,
        id: i64,
        action: &ConversationAction,
    ) -> ApiResult<ConversationDetail> {
        self.post(&paths::conversation_actions(id), action).await
    }

    /// Creates a tag of the caller's tenant (needs `ManageChannelSettings`).
    pub async fn create_tag(&self, input: &TagInput) -> ApiResult<TagSetting> {
        self.post(paths::TAGS, input).await
    }

    /// The counts of the list `filter` shows in `space` (one row asked for, only the counts
    /// read).
    pub async fn view_counts(
        &self,
        space_id: i64,
        filter: &ConversationFilter,
    ) -> ApiResult<ViewCounts> {
        let mut query = filter.to_query();
        query.push(("limit", "1".to_owned()));
        let page: ConversationPage = self
            .get_with_query(&paths::space_conversations(space_id), query)
            .await?;
        Ok(page.counts)
    }
}
