//! Starting a conversation: what the New conversation dialog offers in a space, the Telegram
//! contacts a bot may write to, the open conversation that already exists with a contact, and
//! the start itself.

use textpeak_api::{
    paths, ConversationDetail, ExistingConversation, NewConversation, StartContact, StartOptions,
};

use super::client::{ApiClient, ApiError, ApiResult};

/// Whom the dialog is about to write to, for the look-up of an existing conversation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StartTarget {
    /// SMS and WhatsApp: the number as typed (the server normalises it).
    Phone(String),
    /// Telegram: a contact from `start_contacts`.
    Contact(i64),
}

impl ApiClient {
    pub async fn start_options(&self, space_id: i64) -> ApiResult<StartOptions> {
        self.get(&paths::space_start(space_id)).await
    }

    /// The Telegram contacts who started a chat with the profile's bot, matching `q`.
    pub async fn start_contacts(
        &self,
        space_id: i64,
        sender_profile_id: i64,
        q: &str,
    ) -> ApiResult<Vec<StartContact>> {
        let mut query = vec![("sender_profile", sender_profile_id.to_string())];
        let q = q.trim();
        if !q.is_empty() {
            query.push(("q", q.to_owned()));
        }
        self.get_with_query(&paths::space_start_contacts(space_id), query)
            .await
    }

    /// The open conversation with that contact on that profile, if the caller may see one.
    pub async fn start_existing(
        &self,
        space_id: i64,
        sender_profile_id: i64,
        target: &StartTarget,
    ) -> ApiResult<ExistingConversation> {
        let mut query = vec![("sender_profile", sender_profile_id.to_string())];
        query.push(match target {
            StartTarget::Phone(phone) => ("phone", phone.trim().to_owned()),
            StartTarget::Contact(id) => ("contact", id.to_string()),
        });
        self.get_with_query(&paths::space_start_existing(space_id), query)
            .await
    }

    /// Starts the conversation and sends its first message. The message's `client_id` is the
    /// `Idempotency-Key`, so a retried start never makes two conversations.
    pub async fn start_conversation(
        &self,
        space_id: i64,
        request: &NewConversation,
    ) -> ApiResult<ConversationDetail> {
        self.post_idempotent(
            &paths::space_new_conversation(space_id),
            &request.message.client_id,
            request,
        )
        .await
        .map_err(|(error, _): (ApiError, _)| error)
    }
}
