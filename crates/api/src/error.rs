//! Errors are RFC 9457 problem details with a stable `code` the app can switch on.

use serde::{Deserialize, Serialize};

/// Stable, machine-readable error codes. Never rename one: clients match on them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// No valid session or bearer token.
    Unauthenticated,
    /// E-mail or password do not match an active user.
    InvalidCredentials,
    /// Signed in, but the role or tenant state does not allow this.
    Forbidden,
    /// The user has no inbox permission at all.
    NoInboxPermission,
    /// The tenant has not been granted Beta access to the Inbox.
    BetaAccessRequired,
    NotFound,
    /// The path exists, but not with this method (405).
    MethodNotAllowed,
    /// The request body or parameters are malformed or fail validation.
    Validation,
    /// A uniqueness or state rule was violated (for example a duplicate name).
    Conflict,
    /// A message breaks a rule of its channel (`Problem::rule` names which: `whatsapp_window`,
    /// `telegram_not_started`, `sms_segments`, `too_long`, `unfilled_placeholder`, `empty`).
    ChannelRule,
    /// An `Idempotency-Key` (a message's `client_id`) was used before with another request.
    IdempotencyKeyReused,
    /// Too many requests; the `Retry-After` header says when to try again.
    RateLimited,
    /// A Beta access request of the tenant is already waiting for review.
    AccessAlreadyRequested,
    /// The tenant already has Beta access; there is nothing to request.
    AccessAlreadyGranted,
    /// Anything unexpected on the server; the detail never leaks internals.
    Internal,
    /// Anything the client does not know yet, so that old apps survive new codes.
    #[serde(other)]
    Unknown,
}

impl ErrorCode {
    pub fn http_status(self) -> u16 {
        match self {
            ErrorCode::Unauthenticated | ErrorCode::InvalidCredentials => 401,
            ErrorCode::Forbidden | ErrorCode::NoInboxPermission | ErrorCode::BetaAccessRequired => {
                403
            }
            ErrorCode::NotFound => 404,
            ErrorCode::MethodNotAllowed => 405,
            ErrorCode::Validation | ErrorCode::ChannelRule | ErrorCode::IdempotencyKeyReused => 422,
            ErrorCode::RateLimited => 429,
            ErrorCode::Conflict
            | ErrorCode::AccessAlreadyRequested
            | ErrorCode::AccessAlreadyGranted => 409,
            ErrorCode::Internal | ErrorCode::Unknown => 500,
        }
    }
}

/// A problem-details body (`application/problem+json`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Problem {
    pub code: ErrorCode,
    pub title: String,
    pub status: u16,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// The request field the problem concerns, so a form can show it inline.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// `channel_rule` problems: which rule (`RuleViolation::rule`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
    /// `conflict` problems of a new conversation: the open conversation that already exists
    /// with that contact on that profile.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub conversation_id: Option<i64>,
}

impl Problem {
    pub fn new(code: ErrorCode, title: impl Into<String>) -> Self {
        Problem {
            code,
            title: title.into(),
            status: code.http_status(),
            detail: None,
            field: None,
            rule: None,
            conversation_id: None,
        }
    }

    pub fn with_detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = Some(detail.into());
        self
    }

    pub fn with_rule(mut self, rule: impl Into<String>) -> Self {
        self.rule = Some(rule.into());
        self
    }

    pub fn with_field(mut self, field: impl Into<String>) -> Self {
        self.field = Some(field.into());
        self
    }

    pub fn with_conversation(mut self, conversation_id: i64) -> Self {
        self.conversation_id = Some(conversation_id);
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_snake_case_on_the_wire_and_unknown_ones_survive() {
        let p = Problem::new(ErrorCode::InvalidCredentials, "Wrong e-mail or password");
        let json = serde_json::to_string(&p).unwrap();
        assert!(json.contains("\"code\":\"invalid_credentials\""), "{json}");
        assert!(json.contains("\"status\":401"));
        let future: Problem =
            serde_json::from_str(r#"{"code":"quota_exceeded","title":"Slow down","status":429}"#)
                .unwrap();
        assert_eq!(future.code, ErrorCode::Unknown);
    }
}
