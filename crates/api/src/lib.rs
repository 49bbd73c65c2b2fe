//! The TextPeak Inbox API contract: every request and response body that crosses the wire,
//! the machine-readable error codes, and the permission rules. The app and the reference
//! server both depend on this crate, so the two sides cannot drift apart.

pub mod conversations;
pub mod error;
pub mod model;
pub mod permissions;
pub mod settings;

pub use conversations::*;
pub use error::{ErrorCode, Problem};
pub use model::*;
pub use permissions::{Capability, RoleBase, RoleFlag, Subject};
pub use settings::{TagInput, TagSetting};

/// Paths of the API, relative to the API base URL. Kept here so that a typo is a compile error.
pub mod paths {
    pub const SESSION: &str = "/api/session";
    pub const ME: &str = "/api/me";
    pub const HEALTH: &str = "/api/health";
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

    /// `GET`: the tenant's tags with their use (`TagSetting`); `POST` (`TagInput`) creates one.
    pub const TAGS: &str = "/api/tags";

    /// `PATCH` (`TagInput`) renames or recolours a tag; `DELETE` removes it everywhere.
    pub fn tag(tag_id: i64) -> String {
        format!("/api/tags/{tag_id}")
    }

    /// `POST`: marks the conversation read; answers 204.
    pub fn conversation_read(conversation_id: i64) -> String {
        format!("/api/conversations/{conversation_id}/read")
    }
}
