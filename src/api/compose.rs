//! The composer: what it offers in a conversation, and sending a reply or a note.

use textpeak_api::{paths, ComposeContext, Message, SendMessage};

use super::client::{ApiClient, ApiError, ApiResult};
use crate::logic::compose::retry_after;

/// A send that did not go through: why, and how long the server asked to wait (429).
#[derive(Debug, Clone, PartialEq)]
pub struct SendFailure {
    pub error: ApiError,
    pub retry_after: Option<u32>,
}

impl ApiClient {
    pub async fn compose_context(&self, conversation_id: i64) -> ApiResult<ComposeContext> {
        self.get(&paths::conversation_compose(conversation_id))
            .await
    }

    /// Sends a reply or a note. Its `client_id` is the `Idempotency-Key`: repeating the same
    /// send answers the message already stored, never a second one.
    pub async fn send_message(
        &self,
        conversation_id: i64,
        message: &SendMessage,
    ) -> Result<Message, SendFailure> {
        self.post_idempotent(
            &paths::conversation_send(conversation_id),
            &message.client_id,
            message,
        )
        .await
        .map_err(|(error, retry)| SendFailure {
            error,
            retry_after: retry_after(retry.as_deref()),
        })
    }
}
