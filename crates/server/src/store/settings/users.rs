//! Settings → Users: the people of the tenant with their role, access, spaces and teams, and
//! inviting them. Scope as in [`SettingsScope`]: a Manager sees and edits the people assigned
//! to their spaces, never an Admin or the owner, and grants only roles that are not
//! Admin-based. Nobody edits themselves, so nobody can lock themselves out or promote
//! themselves. (Custom roles are `roles`.)

use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
use textpeak_api::{
    Capability, ErrorCode, NamedRef, RoleBase, UserInviteInput, UserSetting, UserUpdate,
};

use crate::db::optional_value;
use crate::domain::access::id_list;
use crate::http::problem::ApiError;
use crate::store::events;
use crate::store::settings::rows::{linked, rows_by_id, Linked};
use crate::store::settings::scope::SettingsScope;

/// A person of the tenant as the caller sees them: a Manager sees only the spaces and teams
/// of their own spaces, not where else the person works.
fn user_setting(
    conn: &Connection,
    scope: &SettingsScope,
    user_id: i64,
) -> Result<UserSetting, ApiError> {
    let (name, email, is_owner, inbox_permission, active, role) = conn
        .query_row(
            "SELECT u.name, u.email, u.is_owner, u.inbox_permission, u.active, r.id, r.name, r.base
             FROM users u LEFT JOIN roles r ON r.id = u.role_id
             WHERE u.id = ?1 AND u.tenant_id = ?2",
            params![user_id, scope.tenant],
            |r| {
                let role = match r.get::<_, Option<i64>>(5)? {
                    None => None,
                    Some(id) => Some((
                        NamedRef {
                            id,
                            name: r.get(6)?,
                        },
                        r.get::<_, String>(7)?,
                    )),
                };
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, bool>(2)?,
                    r.get::<_, bool>(3)?,
                    r.get::<_, bool>(4)?,
                    role,
                ))
            },
        )
        .optional()?
        .ok_or_else(ApiError::not_found)?;
    // A Manager sees only the spaces and teams of their own spaces.
    let (own_spaces, own_teams) = (
        scope.space_condition("x.id"),
        scope.space_condition("x.space_id"),
    );
    let spaces = linked(conn, Linked::UserSpaces, user_id, &own_spaces)?;
    let teams = linked(conn, Linked::UserTeams, user_id, &own_teams)?;
    let holds_admin_role = role
        .as_ref()
        .is_some_and(|(_, base)| RoleBase::parse(base) == Some(RoleBase::Admin));
    Ok(UserSetting {
        id: user_id,
        name,
        email,
        is_owner,
        // The owner always holds the inbox permission (as in access::Viewer).
        inbox_permission: inbox_permission || is_owner,
        role: role.map(|(role, _)| role),
        active,
        spaces,
        teams,
        editable: !is_owner && user_id != scope.caller && (scope.is_admin() || !holds_admin_role),
    })
}

/// 422 on `role_id` unless the role is a built-in one or a custom role of the tenant; 403 when
/// a Manager would grant an Admin-based role (a refusal of the caller, not of the form).
fn require_grantable_role(
    conn: &Connection,
    scope: &SettingsScope,
    role_id: i64,
) -> Result<(), ApiError> {
    let base: Option<String> = optional_value(
        conn,
        "SELECT base FROM roles WHERE id = ?1 AND coalesce(tenant_id, ?2) = ?2",
        params![role_id, scope.tenant],
    )?;
    match base.as_deref().and_then(RoleBase::parse) {
        None => Err(ApiError::validation("role_id", "Choose one of the roles.")),
        Some(RoleBase::Admin) => scope.require_admin("grant the Admin role"),
        Some(_) => Ok(()),
    }
}

/// 422 on `space_ids` unless the caller manages every space.
fn require_spaces(
    conn: &Connection,
    scope: &SettingsScope,
    space_ids: &[i64],
) -> Result<(), ApiError> {
    for &space_id in space_ids {
        if !scope.manages_space(conn, space_id)? {
            return Err(ApiError::validation(
                "space_ids",
                "Choose among your spaces.",
            ));
        }
    }
    Ok(())
}

/// A team someone is to join, with the space it brings.
struct TeamPlace {
    team_id: i64,
    space_id: i64,
}

/// 422 on `team_ids` unless the caller manages every team.
fn require_teams(
    conn: &Connection,
    scope: &SettingsScope,
    team_ids: &[i64],
) -> Result<Vec<TeamPlace>, ApiError> {
    team_ids
        .iter()
        .map(|&team_id| match scope.team_space(conn, team_id)? {
            Some(space_id) => Ok(TeamPlace { team_id, space_id }),
            None => Err(ApiError::validation(
                "team_ids",
                "Choose among the teams of your spaces.",
            )),
        })
        .collect()
}

/// Replaces the user's spaces and/or teams within the caller's spaces: a Manager's edit leaves
/// the person's places in other spaces as they are. Leaving a space leaves its teams (a team
/// member outside the team's space would see nothing of it); joining a team joins its space.
/// Kept teams keep their manager flag.
fn set_memberships(
    conn: &Connection,
    scope: &SettingsScope,
    user_id: i64,
    space_ids: Option<&[i64]>,
    teams: Option<&[TeamPlace]>,
) -> rusqlite::Result<()> {
    let managed = scope.space_condition("space_id");
    if let Some(space_ids) = space_ids {
        let keep = id_list(space_ids);
        conn.execute(
            &format!(
                "DELETE FROM team_members WHERE user_id = ?1 AND team_id IN
                 (SELECT id FROM teams WHERE {managed} AND space_id NOT IN ({keep}))"
            ),
            [user_id],
        )?;
        conn.execute(
            &format!(
                "DELETE FROM space_members
                 WHERE user_id = ?1 AND {managed} AND space_id NOT IN ({keep})"
            ),
            [user_id],
        )?;
    }
    if let Some(teams) = teams {
        let keep = id_list(&teams.iter().map(|t| t.team_id).collect::<Vec<_>>());
        conn.execute(
            &format!(
                "DELETE FROM team_members WHERE user_id = ?1 AND team_id NOT IN ({keep})
                 AND team_id IN (SELECT id FROM teams WHERE {managed})"
            ),
            [user_id],
        )?;
    }
    let joined_spaces = space_ids
        .unwrap_or_default()
        .iter()
        .chain(teams.unwrap_or_default().iter().map(|t| &t.space_id));
    let mut assign = conn.prepare_cached(
        "INSERT OR IGNORE INTO space_members (space_id, user_id, tenant_id) VALUES (?1, ?2, ?3)",
    )?;
    for space_id in joined_spaces {
        assign.execute(params![space_id, user_id, scope.tenant])?;
    }
    let mut join = conn.prepare_cached(
        "INSERT OR IGNORE INTO team_members (team_id, user_id, is_manager) VALUES (?1, ?2, 0)",
    )?;
    for team in teams.unwrap_or_default() {
        join.execute(params![team.team_id, user_id])?;
    }
    Ok(())
}

/// Admins every person of the tenant (with or without the inbox permission), a Manager the
/// people assigned to their spaces; by name.
pub fn list(conn: &Connection, user_id: i64) -> Result<Vec<UserSetting>, ApiError> {
    let scope = SettingsScope::load(conn, user_id, &[Capability::ManageOrganisation])?;
    let ids_in_scope = format!(
        "SELECT u.id FROM users u WHERE u.tenant_id = ?1 AND {} ORDER BY u.name, u.id",
        scope.user_condition("u.id")
    );
    rows_by_id(conn, &ids_in_scope, scope.tenant, |id| {
        user_setting(conn, &scope, id)
    })
}

pub struct CheckedInvite {
    scope: SettingsScope,
    input: UserInviteInput,
    teams: Vec<TeamPlace>,
}

/// An invitation the caller may send, normalised, with the spaces of its teams: 422 on `name`,
/// `email` (also when the address has an account, in any tenant: e-mails are global),
/// `role_id`, `space_ids`, `team_ids`; 403 for a Manager granting an Admin role.
pub fn checked_invite(
    conn: &Connection,
    user_id: i64,
    input: &UserInviteInput,
) -> Result<CheckedInvite, ApiError> {
    let scope = SettingsScope::load(conn, user_id, &[Capability::ManageOrganisation])?;
    let input = input.normalized()?;
    let taken = conn
        .prepare_cached("SELECT 1 FROM users WHERE email = ?1")?
        .exists([&input.email])?;
    if taken {
        return Err(ApiError::validation(
            "email",
            "There is already a user with this e-mail.",
        ));
    }
    require_grantable_role(conn, &scope, input.role_id)?;
    require_spaces(conn, &scope, &input.space_ids)?;
    let teams = require_teams(conn, &scope, &input.team_ids)?;
    if !scope.is_admin() && input.space_ids.is_empty() && teams.is_empty() {
        // Otherwise the Manager could not see the person they just invited.
        return Err(ApiError::validation(
            "space_ids",
            "Assign the person to at least one of your spaces.",
        ));
    }
    Ok(CheckedInvite {
        scope,
        input,
        teams,
    })
}

/// Stores an invitation checked again here (the database was free for others since the
/// first look): an active user with the inbox permission, the role, spaces and teams, and the
/// hash of their temporary password.
pub fn invite(
    conn: &mut Connection,
    caller: i64,
    input: &UserInviteInput,
    hash: &str,
) -> Result<UserSetting, ApiError> {
    let CheckedInvite {
        scope,
        input,
        teams,
    } = checked_invite(conn, caller, input)?;
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    tx.execute(
        "INSERT INTO users (tenant_id, email, name, password_hash, inbox_permission, role_id)
         VALUES (?1, ?2, ?3, ?4, 1, ?5)",
        params![scope.tenant, input.email, input.name, hash, input.role_id],
    )?;
    let id = tx.last_insert_rowid();
    set_memberships(&tx, &scope, id, Some(&input.space_ids), Some(&teams))?;
    events::record_access_changed(&tx, scope.tenant, None)?;
    tx.commit()?;
    user_setting(conn, &scope, id)
}

/// What is given changes. 404 outside the caller's scope; 403 for the caller themselves, the
/// owner, and (for a Manager) Admins; deactivating ends the person's sessions at once.
pub fn update(
    conn: &mut Connection,
    caller: i64,
    id: i64,
    update: &UserUpdate,
) -> Result<UserSetting, ApiError> {
    let scope = SettingsScope::load(conn, caller, &[Capability::ManageOrganisation])?;
    if !scope.user_in_scope(conn, id)? {
        return Err(ApiError::not_found());
    }
    let (is_owner, base): (bool, Option<String>) = conn.query_row(
        "SELECT u.is_owner, r.base FROM users u LEFT JOIN roles r ON r.id = u.role_id
         WHERE u.id = ?1",
        [id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let refuse = |title: &str| Err(ApiError::new(ErrorCode::Forbidden, title));
    if id == scope.caller {
        return refuse("You cannot change your own role or access: ask an Inbox Admin.");
    }
    if is_owner {
        return refuse("The account owner's role and access cannot be changed.");
    }
    if base.as_deref().and_then(RoleBase::parse) == Some(RoleBase::Admin) {
        scope.require_admin("change an Inbox Admin")?;
    }
    if let Some(role_id) = update.role_id {
        require_grantable_role(conn, &scope, role_id)?;
    }
    if let Some(space_ids) = &update.space_ids {
        require_spaces(conn, &scope, space_ids)?;
    }
    let teams = match &update.team_ids {
        Some(team_ids) => Some(require_teams(conn, &scope, team_ids)?),
        None => None,
    };

    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    if let Some(role_id) = update.role_id {
        tx.execute(
            "UPDATE users SET role_id = ?1 WHERE id = ?2",
            params![role_id, id],
        )?;
    }
    if let Some(inbox_permission) = update.inbox_permission {
        tx.execute(
            "UPDATE users SET inbox_permission = ?1 WHERE id = ?2",
            params![inbox_permission, id],
        )?;
    }
    if let Some(active) = update.active {
        tx.execute(
            "UPDATE users SET active = ?1 WHERE id = ?2",
            params![active, id],
        )?;
        if !active {
            tx.execute("DELETE FROM sessions WHERE user_id = ?1", [id])?;
        }
    }
    set_memberships(
        &tx,
        &scope,
        id,
        update.space_ids.as_deref(),
        teams.as_deref(),
    )?;
    // The person's own stream reloads their access (or ends); everyone else's menus follow.
    events::record_access_changed(&tx, scope.tenant, None)?;
    tx.commit()?;
    user_setting(conn, &scope, id)
}
