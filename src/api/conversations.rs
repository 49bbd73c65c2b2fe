//! Conversations: the list of a space, one conversation, its messages, and what the dashboard
//! changes on them (status, read).

use textpeak_api::{
    paths, ConversationDetail, ConversationFilter, ConversationPage, ConversationStatus,
    MessagePage,
};

use super::client::{ApiClient, ApiResult};

impl ApiClient {
    /// A page of the space's conversations the user may see; `cursor` continues a list.
    pub async fn conversations(
        &self,
        space_id: i64,
        filter: &ConversationFilter,
        cursor: Option<String>,
    ) -> ApiResult<ConversationPage> {
        let mut query = filter.to_query();
        query.extend(cursor.map(|c| ("cursor", c)));
        self.get_with_query(&paths::space_conversations(space_id), query)
            .await
    }

    pub async fn conversation(&self, id: i64) -> ApiResult<ConversationDetail> {
        self.get(&paths::conversation(id)).await
    }

    /// The newest page of the thread (the server's default size: quick to show).
    pub async fn messages(&self, id: i64) -> ApiResult<MessagePage> {
        self.get(&paths::conversation_messages(id)).await
    }

    /// The page before `before`; larger, as someone scrolling back reads on.
    pub async fn messages_before(&self, id: i64, before: String) -> ApiResult<MessagePage> {
        let query = vec![("before", before), ("limit", "100".to_owned())];
        self.get_with_query(&paths::conversation_messages(id), query)
            .await
    }

    /// Closes or reopens a conversation; answers its updated details.
    pub async fn set_conversation_status(
        &self,
        id: i64,
        status: ConversationStatus,
    ) -> ApiResult<ConversationDetail> {
        let path = match status {
            ConversationStatus::Closed => paths::conversation_close(id),
            ConversationStatus::Open | ConversationStatus::Snoozed => {
                paths::conversation_reopen(id)
            }
        };
        self.post(&path, &serde_json::json!({})).await
    }

    pub async fn mark_read(&self, id: i64) -> ApiResult<()> {
        self.post_empty(&paths::conversation_read(id)).await
    }
}
