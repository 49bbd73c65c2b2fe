//! Request and response bodies. Timestamps are RFC 3339 strings in UTC.

use serde::{Deserialize, Serialize};

use crate::people;
use crate::permissions::{self, BetaAccess, Capability, RoleBase, RoleFlag, Subject};

/// `POST /api/session`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SignInRequest {
    pub email: String,
    pub password: String,
    /// Ask for a bearer token in the body instead of a session cookie (for embedding hosts).
    #[serde(default)]
    pub bearer: bool,
}

/// Answer to a sign-in.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SignInResponse {
    pub me: Me,
    /// Present only when the request asked for `bearer`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UserInfo {
    pub id: i64,
    pub name: String,
    pub email: String,
}

impl Subject {
    /// The facts the rules need, from what `/api/me` (or the server's viewer) knows.
    pub fn of(
        is_owner: bool,
        inbox_permission: bool,
        role: Option<&RoleInfo>,
        beta_access: BetaAccess,
    ) -> Subject {
        Subject {
            is_owner,
            inbox_permission,
            role: role.map(|r| r.base),
            disabled: role.map(|r| r.disabled.clone()).unwrap_or_default(),
            beta_access,
        }
    }
}

impl UserInfo {
    /// The avatar's initials, by the one rule of `people::initials` ("" for a bare number).
    pub fn initials(&self) -> String {
        people::initials(&self.name).unwrap_or_default()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TenantInfo {
    pub id: i64,
    pub name: String,
    pub beta_access: BetaAccess,
    /// When the latest Beta access request was sent (pending, approved or declined).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_requested_at: Option<String>,
    /// Who sent it (the user's name).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_requested_by: Option<String>,
    /// When TextPeak support approved or declined it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_reviewed_at: Option<String>,
}

/// One tenant's Beta access as TextPeak support reviews it
/// (`GET /api/support/access-requests`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AccessRequestReview {
    pub tenant_id: i64,
    pub tenant_name: String,
    pub status: BetaAccess,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requested_at: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requested_by: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reviewed_at: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RoleInfo {
    pub id: i64,
    pub name: String,
    pub base: RoleBase,
    pub builtin: bool,
    #[serde(default)]
    pub disabled: Vec<RoleFlag>,
}

/// A space as the signed-in user sees it in the switcher.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SpaceInfo {
    pub id: i64,
    pub name: String,
    /// Teams of the space the user belongs to (all teams for owner and Admins).
    pub team_count: u32,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct OnboardingInfo {
    pub finished: bool,
    /// Whom to ask while onboarding is unfinished: the tenant's owner, then its active Inbox
    /// Admins by name. Managers and Agents cannot read the checklist, so this is what their
    /// "Inbox is being set up by your admin" state names.
    #[serde(default)]
    pub contacts: Vec<UserInfo>,
}

/// `GET /api/me`: who is signed in and what they may do.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Me {
    pub user: UserInfo,
    pub tenant: TenantInfo,
    pub is_owner: bool,
    pub inbox_permission: bool,
    pub role: Option<RoleInfo>,
    /// Computed by the server with [`permissions::capabilities`].
    pub capabilities: Vec<Capability>,
    pub spaces: Vec<SpaceInfo>,
    pub onboarding: OnboardingInfo,
}

impl Me {
    pub fn subject(&self) -> Subject {
        Subject::of(
            self.is_owner,
            self.inbox_permission,
            self.role.as_ref(),
            self.tenant.beta_access,
        )
    }

    /// Evaluated with the shared rules, so the app never trusts a stale list over its own view.
    pub fn can(&self, capability: Capability) -> bool {
        permissions::can(&self.subject(), capability)
    }

    /// "Tenant owner", the role's name, or "No Inbox access" (`people::role_label`).
    pub fn role_label(&self) -> String {
        people::role_label(
            self.is_owner,
            self.inbox_permission,
            self.role.as_ref().map(|r| r.name.as_str()),
        )
    }

    pub fn space(&self, id: i64) -> Option<&SpaceInfo> {
        self.spaces.iter().find(|s| s.id == id)
    }
}

/// `GET /api/spaces/{id}/summary`: conversation counts of one space, as the user may see them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SpaceSummary {
    pub space_id: i64,
    pub open: u64,
    pub unassigned_open: u64,
    pub mine_open: u64,
    pub unread: u64,
    pub teams: Vec<TeamInfo>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TeamInfo {
    pub id: i64,
    pub name: String,
    pub open: u64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn initials_take_first_and_last_word() {
        let u = |name: &str| UserInfo {
            id: 1,
            name: name.into(),
            email: "x@y".into(),
        };
        assert_eq!(u("Ada Lovelace").initials(), "AL");
        assert_eq!(u("ada maria lovelace").initials(), "AL");
        // One rule with the conversation list's avatars (`people::initials`): a one-word name
        // gives its first two letters, where this method alone used to give one.
        assert_eq!(u("Zoë").initials(), "ZO");
        assert_eq!(u("").initials(), "");
    }

    #[test]
    fn beta_access_names_round_trip() {
        for b in [
            BetaAccess::None,
            BetaAccess::Requested,
            BetaAccess::Approved,
            BetaAccess::Declined,
        ] {
            assert_eq!(BetaAccess::parse(b.as_str()), Some(b));
            let json = serde_json::to_string(&b).unwrap();
            assert_eq!(json, format!("\"{}\"", b.as_str()));
        }
    }
}
