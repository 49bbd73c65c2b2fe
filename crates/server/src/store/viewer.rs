//! Loading who the caller is, and the spaces and teams they may see, from the database.
//! The rules are `domain::access`'s.

use rusqlite::{params, Connection, OptionalExtension};
use textpeak_api::permissions::{self, Membership, SpaceScope};
use textpeak_api::{Me, OnboardingInfo, RoleBase, RoleInfo, SpaceInfo, Subject, UserInfo};

use crate::domain::access::{id_list, parse_flags, working_teams, Viewer};
use crate::http::problem::ApiError;
use crate::store::tenants;

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
        let tenant = tenants::tenant_info(conn, tenant_id)?;
        let role = match role {
            None => None,
            Some((id, name, base, builtin, disabled)) => Some(RoleInfo {
                id,
                name,
                base: RoleBase::parse(&base)
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
