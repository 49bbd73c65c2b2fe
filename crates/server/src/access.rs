//! Who the caller is and what they may see, loaded from the database and decided with
//! `textpeak_api::permissions`, the same rules the app evaluates.

use rusqlite::{params, Connection, OptionalExtension};
use textpeak_api::permissions::{self, Membership, SpaceScope};
use textpeak_api::{
    BetaAccess, Capability, ErrorCode, Me, OnboardingInfo, RoleBase, RoleFlag, RoleInfo, SpaceInfo,
    Subject, TenantInfo, UserInfo,
};

use crate::beta_access;
use crate::problem::ApiError;

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

pub fn parse_role_base(s: &str) -> Option<RoleBase> {
    match s {
        "admin" => Some(RoleBase::Admin),
        "manager" => Some(RoleBase::Manager),
        "agent" => Some(RoleBase::Agent),
        _ => None,
    }
}

pub fn role_base_str(base: RoleBase) -> &'static str {
    match base {
        RoleBase::Admin => "admin",
        RoleBase::Manager => "manager",
        RoleBase::Agent => "agent",
    }
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
    pub fn load(conn: &Connection, user_id: i64) -> Result<Viewer, ApiError> {
        let row = conn
            .query_row(
                "SELECT u.id, u.name, u.email, u.is_owner, u.inbox_permission,
                        t.id, t.onboarding_finished_at,
                        r.id, r.name, r.base, r.builtin, r.disabled
                 FROM users u
                 JOIN tenants t ON t.id = u.tenant_id
                 LEFT JOIN roles r ON r.id = u.role_id
                 WHERE u.id = ?1 AND u.active = 1",
                [user_id],
                |r| {
                    let role = match r.get::<_, Option<i64>>(7)? {
                        None => None,
                        Some(id) => Some((
                            id,
                            r.get::<_, String>(8)?,
                            r.get::<_, String>(9)?,
                            r.get::<_, bool>(10)?,
                            r.get::<_, String>(11)?,
                        )),
                    };
                    Ok((
                        UserInfo {
                            id: r.get(0)?,
                            name: r.get(1)?,
                            email: r.get(2)?,
                        },
                        r.get::<_, bool>(3)?,
                        r.get::<_, bool>(4)?,
                        r.get::<_, i64>(5)?,
                        r.get::<_, Option<String>>(6)?.is_some(),
                        role,
                    ))
                },
            )
            .optional()?
            .ok_or_else(ApiError::unauthenticated)?;
        let (user, is_owner, inbox_permission, tenant_id, onboarding_finished, role) = row;
        // Beta access with its history, as the support review and the request endpoint see it.
        let tenant = beta_access::tenant_info(conn, tenant_id)?;
        let role = match role {
            None => None,
            Some((id, name, base, builtin, disabled)) => Some(RoleInfo {
                id,
                name,
                base: parse_role_base(&base)
                    .ok_or_else(|| ApiError::internal(format!("role {id}: base {base}")))?,
                builtin,
                disabled: parse_flags(&disabled),
            }),
        };
        Ok(Viewer {
            user,
            tenant,
            // The owner always holds the inbox permission (permissions::Subject says so too).
            inbox_permission: inbox_permission || is_owner,
            is_owner,
            role,
            onboarding_finished,
        })
    }

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

    pub fn membership(&self, conn: &Connection) -> rusqlite::Result<Membership> {
        let user_id = self.user.id;
        let ids = |sql: &str| -> rusqlite::Result<Vec<i64>> {
            let mut stmt = conn.prepare_cached(sql)?;
            let rows = stmt.query_map([user_id], |r| r.get(0))?;
            rows.collect()
        };
        Ok(Membership {
            user_id,
            assigned_spaces: ids(
                "SELECT space_id FROM space_members WHERE user_id = ?1 ORDER BY space_id",
            )?,
            member_of_teams: ids(
                "SELECT team_id FROM team_members WHERE user_id = ?1 ORDER BY team_id",
            )?,
            manages_teams: ids(
                "SELECT team_id FROM team_members WHERE user_id = ?1 AND is_manager = 1 ORDER BY team_id",
            )?,
        })
    }

    pub fn me(&self, conn: &Connection) -> Result<Me, ApiError> {
        let subject = self.subject();
        let membership = self.membership(conn)?;
        let spaces = visible_spaces(conn, self.tenant.id, &subject, &membership)?;
        Ok(Me {
            user: self.user.clone(),
            tenant: self.tenant.clone(),
            is_owner: self.is_owner,
            inbox_permission: self.inbox_permission,
            role: self.role.clone(),
            capabilities: permissions::capabilities(&subject),
            spaces,
            onboarding: OnboardingInfo {
                finished: self.onboarding_finished,
                contacts: onboarding_contacts(conn, self.tenant.id)?,
            },
        })
    }
}

/// Who sets the tenant's inbox up: the owner first, then active Inbox Admins with the inbox
/// permission by name (an Admin without it cannot open the checklist, so naming them would
/// send people to someone who cannot help).
pub fn onboarding_contacts(conn: &Connection, tenant_id: i64) -> rusqlite::Result<Vec<UserInfo>> {
    let mut stmt = conn.prepare_cached(
        "SELECT u.id, u.name, u.email FROM users u LEFT JOIN roles r ON r.id = u.role_id
         WHERE u.tenant_id = ?1 AND u.active = 1
           AND (u.is_owner = 1 OR (r.base = 'admin' AND u.inbox_permission = 1))
         ORDER BY u.is_owner DESC, u.name, u.id",
    )?;
    let rows = stmt.query_map([tenant_id], |r| {
        Ok(UserInfo {
            id: r.get(0)?,
            name: r.get(1)?,
            email: r.get(2)?,
        })
    })?;
    rows.collect()
}

/// Which teams a Manager or Agent works in, for lists and counts: a Manager the teams they
/// manage, an Agent the teams they belong to (permissions::can_see_conversation's team rule).
fn working_teams(subject: &Subject, membership: &Membership) -> Vec<i64> {
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

/// The spaces of the tenant in the user's scope, by name.
pub fn visible_spaces(
    conn: &Connection,
    tenant_id: i64,
    subject: &Subject,
    membership: &Membership,
) -> rusqlite::Result<Vec<SpaceInfo>> {
    let spaces: Vec<(i64, String)> = match permissions::space_scope(subject) {
        SpaceScope::None => return Ok(Vec::new()),
        SpaceScope::All => {
            let mut stmt = conn.prepare_cached(
                "SELECT id, name FROM spaces WHERE tenant_id = ?1 ORDER BY name, id",
            )?;
            let rows = stmt.query_map([tenant_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
            rows.collect::<rusqlite::Result<_>>()?
        }
        SpaceScope::Assigned => {
            let mut stmt = conn.prepare_cached(
                "SELECT s.id, s.name FROM spaces s JOIN space_members m ON m.space_id = s.id
                 WHERE s.tenant_id = ?1 AND m.user_id = ?2 ORDER BY s.name, s.id",
            )?;
            let rows = stmt.query_map(params![tenant_id, membership.user_id], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })?;
            rows.collect::<rusqlite::Result<_>>()?
        }
    };
    spaces
        .into_iter()
        .map(|(id, name)| {
            let team_count = visible_teams(conn, id, subject, membership)?.len() as u32;
            Ok(SpaceInfo {
                id,
                name,
                team_count,
            })
        })
        .collect()
}

/// Whether the space exists in the user's tenant and scope. Callers answer 404 otherwise, so
/// that other tenants' ids reveal nothing.
pub fn space_in_scope(
    conn: &Connection,
    tenant_id: i64,
    space_id: i64,
    subject: &Subject,
    membership: &Membership,
) -> rusqlite::Result<bool> {
    let exists = conn
        .prepare_cached("SELECT 1 FROM spaces WHERE id = ?1 AND tenant_id = ?2")?
        .exists(params![space_id, tenant_id])?;
    Ok(exists
        && match permissions::space_scope(subject) {
            SpaceScope::All => true,
            SpaceScope::Assigned => membership.assigned_spaces.contains(&space_id),
            SpaceScope::None => false,
        })
}

/// Teams of one space the user works in (every team for owner and Admins), by name.
pub fn visible_teams(
    conn: &Connection,
    space_id: i64,
    subject: &Subject,
    membership: &Membership,
) -> rusqlite::Result<Vec<(i64, String)>> {
    let filter = match permissions::space_scope(subject) {
        SpaceScope::None => return Ok(Vec::new()),
        SpaceScope::All => String::new(),
        SpaceScope::Assigned => {
            let teams = working_teams(subject, membership);
            if teams.is_empty() || !membership.assigned_spaces.contains(&space_id) {
                return Ok(Vec::new());
            }
            format!(" AND id IN ({})", id_list(&teams))
        }
    };
    let mut stmt = conn.prepare(&format!(
        "SELECT id, name FROM teams WHERE space_id = ?1{filter} ORDER BY name, id"
    ))?;
    let rows = stmt.query_map([space_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
    rows.collect()
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
