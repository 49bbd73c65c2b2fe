//! Who the caller is and what they may see, decided with `textpeak_api::permissions`, the
//! same rules the app evaluates. Loading the caller from the database is `store::viewer`.

use textpeak_api::permissions::{self, Membership, SpaceScope};
use textpeak_api::{
    BetaAccess, Capability, ErrorCode, RoleBase, RoleFlag, RoleInfo, Subject, TenantInfo, UserInfo,
};

use crate::http::problem::ApiError;

/// 403 `no_inbox_permission`: the user has no inbox permission at all.
pub fn no_inbox_permission() -> ApiError {
    ApiError::new(
        ErrorCode::NoInboxPermission,
        "You don't have access to Inbox — ask your account owner",
    )
}

/// The signed-in user with tenant and role, as stored.
#[derive(Debug, Clone)]
pub struct Viewer {
    pub user: UserInfo,
    pub tenant: TenantInfo,
    pub is_owner: bool,
    pub inbox_permission: bool,
    pub role: Option<RoleInfo>,
    pub onboarding_finished: bool,
}

/// `roles.disabled` is a comma-separated list of flag names; unknown names are ignored so that
/// an older server reading a newer database stays up.
pub fn parse_flags(s: &str) -> Vec<RoleFlag> {
    s.split(',')
        .map(str::trim)
        .filter_map(RoleFlag::parse)
        .collect()
}

pub fn flags_text(flags: &[RoleFlag]) -> String {
    flags
        .iter()
        .map(|f| f.as_str())
        .collect::<Vec<_>>()
        .join(",")
}

impl Viewer {
    pub fn subject(&self) -> Subject {
        Subject::of(
            self.is_owner,
            self.inbox_permission,
            self.role.as_ref(),
            self.tenant.beta_access,
        )
    }

    /// Refuses with the most helpful code when the user may not use the inbox at all.
    pub fn require_inbox(&self) -> Result<Subject, ApiError> {
        let subject = self.subject();
        if permissions::can(&subject, Capability::UseInbox) {
            return Ok(subject);
        }
        Err(if !self.inbox_permission {
            no_inbox_permission()
        } else if self.tenant.beta_access != BetaAccess::Approved {
            ApiError::new(
                ErrorCode::BetaAccessRequired,
                "Inbox is in Beta: your account needs Beta access",
            )
        } else {
            ApiError::new(ErrorCode::Forbidden, "Your role does not allow this")
        })
    }
}

/// Which teams a Manager or Agent works in, for lists and counts: a Manager the teams they
/// manage, an Agent the teams they belong to (permissions::can_see_conversation's team rule).
pub fn working_teams(subject: &Subject, membership: &Membership) -> Vec<i64> {
    match subject.role {
        Some(RoleBase::Manager) => membership.manages_teams.clone(),
        Some(RoleBase::Agent) => membership.member_of_teams.clone(),
        _ => Vec::new(),
    }
}

/// Ids for an SQL `IN (…)` list: integers read from the database or parsed as i64, so inlining
/// them is safe.
pub fn id_list(ids: &[i64]) -> String {
    ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",")
}

/// A SQL condition on a conversations row aliased `c` that holds exactly when
/// `permissions::can_see_conversation` allows it (tests compare the two row by row).
/// Ids are integers read from the database, so inlining them is safe.
pub fn conversation_visibility_sql(subject: &Subject, membership: &Membership) -> String {
    match permissions::space_scope(subject) {
        SpaceScope::None => "0".into(),
        SpaceScope::All => "1".into(),
        SpaceScope::Assigned => {
            if membership.assigned_spaces.is_empty() {
                return "0".into();
            }
            let spaces = id_list(&membership.assigned_spaces);
            let teams = working_teams(subject, membership);
            let team_rule = if teams.is_empty() {
                String::new()
            } else {
                format!("c.team_id IN ({}) OR ", id_list(&teams))
            };
            format!(
                "(c.space_id IN ({spaces}) AND ({team_rule}c.assignee_id = {}))",
                membership.user_id
            )
        }
    }
}
