//! The TextPeak Inbox API contract: every request and response body that crosses the wire,
//! the machine-readable error codes, and the permission rules. The app and the reference
//! server both depend on this crate, so the two sides cannot drift apart.

pub mod actions;
pub mod collections;
pub mod compose;
pub mod conversations;
pub mod error;
pub mod live;
pub mod model;
pub mod onboarding;
pub mod people;
pub mod permissions;
pub mod phone;
pub mod settings;
mod wire;

pub use actions::*;
pub use compose::*;
pub use conversations::*;
pub use error::{ErrorCode, Problem};
pub use live::*;
pub use model::*;
pub use onboarding::*;
pub use people::{initials, role_label};
pub use permissions::{BetaAccess, Capability, RoleBase, RoleFlag, Subject};
pub use settings::*;

/// Paths of the API, relative to the API base URL. Kept here so that a typo is a compile error.
pub mod paths {
    pub const SESSION: &str = "/api/session";
    pub const ME: &str = "/api/me";
    pub const HEALTH: &str = "/api/health";

    /// `GET`: the caller's tenant's checklist (`Onboarding`; owner and Inbox Admins only).
    pub const ONBOARDING: &str = "/api/onboarding";
    /// `POST`: "Go to Inbox"; answers the finished `Onboarding`, or 409 `conflict` while a
    /// required step is incomplete.
    pub const ONBOARDING_FINISH: &str = "/api/onboarding/finish";

    /// `PUT` skips an optional step, `DELETE` takes the skip back; both answer `Onboarding`.
    pub fn onboarding_skip(step: crate::OnboardingStep) -> String {
        format!("/api/onboarding/skips/{}", step.as_str())
    }
    /// `POST`: the signed-in user's tenant asks for Beta access; answers the updated `TenantInfo`.
    pub const ACCESS_REQUEST: &str = "/api/access-request";
    /// `GET`: every tenant's Beta access, for TextPeak support (support token only).
    pub const SUPPORT_ACCESS_REQUESTS: &str = "/api/support/access-requests";

    /// `POST`: TextPeak support approves or declines a tenant's pending request.
    pub fn support_access_decision(tenant_id: i64, approve: bool) -> String {
        let verb = if approve { "approve" } else { "decline" };
        format!("/api/support/access-requests/{tenant_id}/{verb}")
    }

    pub fn space_summary(space_id: i64) -> String {
        format!("/api/spaces/{space_id}/summary")
    }

    /// `GET`: a page of the space's conversations (`ConversationFilter` fields, `cursor`,
    /// `limit`); answers `ConversationPage`.
    pub fn space_conversations(space_id: i64) -> String {
        format!("/api/spaces/{space_id}/conversations")
    }

    /// `GET`: the teams and tags the filter menus offer in the space; answers `SpaceFilters`.
    pub fn space_filters(space_id: i64) -> String {
        format!("/api/spaces/{space_id}/filters")
    }

    /// `GET`: the details panel; answers `ConversationDetail`.
    pub fn conversation(conversation_id: i64) -> String {
        format!("/api/conversations/{conversation_id}")
    }

    /// `GET`: the thread (`before`, `limit`); answers `MessagePage`.
    pub fn conversation_messages(conversation_id: i64) -> String {
        format!("/api/conversations/{conversation_id}/messages")
    }

    /// `POST` (`SendMessage`, with an `Idempotency-Key` header equal to its `client_id`): a
    /// reply or an internal note; answers the stored `Message` (201, or 200 for a repeat).
    pub fn conversation_send(conversation_id: i64) -> String {
        conversation_messages(conversation_id)
    }

    /// `GET`: what the composer offers the caller in a conversation; answers `ComposeContext`.
    pub fn conversation_compose(conversation_id: i64) -> String {
        format!("/api/conversations/{conversation_id}/compose")
    }

    /// `POST` (`DeliveryCallback`, support token): a provider's delivery-status callback;
    /// answers the `Message` as it now is.
    pub const SUPPORT_DELIVERY_STATUS: &str = "/api/support/delivery-status";

    /// `POST`: marks the conversation read; answers 204.
    pub fn conversation_read(conversation_id: i64) -> String {
        format!("/api/conversations/{conversation_id}/read")
    }

    /// `POST`: closes the conversation (needs `Capability::Close`); answers the updated
    /// `ConversationDetail` and adds a "closed" event to the thread.
    pub fn conversation_close(conversation_id: i64) -> String {
        format!("/api/conversations/{conversation_id}/close")
    }

    /// `POST`: reopens a closed conversation (needs `Capability::Reopen`); answers the updated
    /// `ConversationDetail`.
    pub fn conversation_reopen(conversation_id: i64) -> String {
        format!("/api/conversations/{conversation_id}/reopen")
    }

    /// `POST` (`ConversationAction`): assign, move, tag, close, reopen, snooze or unsnooze one
    /// conversation; answers the updated `ConversationDetail`.
    pub fn conversation_actions(conversation_id: i64) -> String {
        format!("/api/conversations/{conversation_id}/actions")
    }

    /// `GET`: what the action menus of a conversation offer the caller; answers
    /// `ActionOptions`.
    pub fn conversation_options(conversation_id: i64) -> String {
        format!("/api/conversations/{conversation_id}/options")
    }

    /// `POST` (`BulkRequest`): one action on selected or matching conversations of the space;
    /// answers `BulkOutcome`.
    pub fn space_bulk(space_id: i64) -> String {
        format!("/api/spaces/{space_id}/conversations/bulk")
    }

    /// `POST` (`NewConversation`) on the space's conversations: starts a conversation.
    pub fn space_new_conversation(space_id: i64) -> String {
        space_conversations(space_id)
    }

    /// `GET`: what the New conversation dialog offers in the space; answers `StartOptions`.
    pub fn space_start(space_id: i64) -> String {
        format!("/api/spaces/{space_id}/start")
    }

    /// `GET` (`sender_profile`, `q`): Telegram contacts who started a chat with the profile's
    /// bots; answers `Vec<StartContact>`.
    pub fn space_start_contacts(space_id: i64) -> String {
        format!("/api/spaces/{space_id}/start/contacts")
    }

    /// `GET` (`sender_profile` and `phone` or `contact`): answers `ExistingConversation`.
    pub fn space_start_existing(space_id: i64) -> String {
        format!("/api/spaces/{space_id}/start/existing")
    }

    /// `POST` (`ClockAdvance`, support token; only on a server started with `--test-clock`):
    /// moves the server's clock forward, then wakes the snoozes that became due.
    pub const SUPPORT_CLOCK: &str = "/api/support/clock";

    /// `GET`: the signed-in user's live updates, as Server-Sent Events (`LiveEvent`), resuming
    /// after the `Last-Event-ID` header when given. Session cookie or bearer token.
    pub const EVENTS: &str = "/api/events";

    /// `POST` (`PresenceUpdate`): the caller views, types in or left the conversation; 204.
    pub fn conversation_presence(conversation_id: i64) -> String {
        format!("/api/conversations/{conversation_id}/presence")
    }

    /// `GET`: every sender of the tenant and what holds it (`SenderSetting`).
    pub const SENDERS: &str = "/api/senders";

    /// `POST` (`InboundMessage`, support token): a contact's message arrives; answers
    /// `InboundReceipt`.
    pub const SUPPORT_INBOUND: &str = "/api/support/inbound";

    /// The settings collections (`crate::collections`).
    pub use crate::collections::paths::*;
}
