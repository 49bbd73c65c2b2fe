//! The TextPeak Inbox API contract: every request and response body that crosses the wire,
//! the machine-readable error codes, and the permission rules. The app and the reference
//! server both depend on this crate, so the two sides cannot drift apart.

pub mod error;
pub mod model;
pub mod permissions;

pub use error::{ErrorCode, Problem};
pub use model::*;
pub use permissions::{Capability, RoleBase, RoleFlag, Subject};

/// Paths of the API, relative to the API base URL. Kept here so that a typo is a compile error.
pub mod paths {
    pub const SESSION: &str = "/api/session";
    pub const ME: &str = "/api/me";
    pub const HEALTH: &str = "/api/health";

    pub fn space_summary(space_id: i64) -> String {
        format!("/api/spaces/{space_id}/summary")
    }
}
