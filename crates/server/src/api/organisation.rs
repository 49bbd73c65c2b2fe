//! Settings → Spaces and teams, and the scope that Settings → Users and roles shares with it
//! (product.md §3): the owner and Admins manage the whole tenant; a Manager the spaces assigned
//! to them, the teams in them and the people assigned to them, and cannot create or delete
//! spaces. Ids of other tenants or outside a Manager's spaces answer 404, revealing nothing.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use rusqlite::{params, Connection, OptionalExtension};
use textpeak_api::permissions::{self, Membership};
use textpeak_api::{
    Capability, ErrorCode, SpaceInput, SpaceSetting, Subject, TeamInput, TeamMemberInput,
    TeamMemberSetting, TeamSetting, UserRef,
};

use crate::access::{self, id_list};
use crate::api::tags::viewer_allowed;
use crate::api::{ApiJson, ApiPath};
use crate::auth::Authenticated;
use crate::problem::ApiError;
use crate::AppState;

/// What the caller may manage in the organisation settings.
pub(super) struct OrgScope {
    pub tenant: i64,
    pub caller: i64,
    subject: Subject,
    membership: Membership,
}

impl OrgScope {
    /// 403 unless the caller may manage the organisation at all (owner, Admins, Managers).
    pub fn load(conn: &Connection, user_id: i64) -> Result<OrgScope, ApiError> {
        let (viewer, subject) = viewer_allowed(conn, user_id, &[Capability::ManageOrganisation])?;
        Ok(OrgScope {
            tenant: viewer.tenant.id,
            caller: viewer.user.id,
            membership: viewer.membership(conn)?,
            subject,
        })
    }

    /// Owner and Admins: the whole tenant, the Admin role, creating and deleting spaces.
    pub fn is_admin(&self) -> bool {
        permissions::can(&self.subject, Capability::GrantAdmin)
    }

    /// 403 for a Manager: "Only Inbox Admins can {action}".
    pub fn require_admin(&self, action: &str) -> Result<(), ApiError> {
        if self.is_admin() {
            Ok(())
        } else {
            Err(ApiError::new(
                ErrorCode::Forbidden,
                format!("Only Inbox Admins can {action}"),
            ))
        }
    }

    /// An SQL condition that holds for the spaces the caller manages, on a column of space ids.
    pub fn space_condition(&self, column: &str) -> String {
        if self.is_admin() {
            "1".into()
        } else if self.membership.assigned_spaces.is_empty() {
            "0".into()
        } else {
            format!(
                "{column} IN ({})",
                id_list(&self.membership.assigned_spaces)
            )
        }
    }

    /// An SQL condition that holds for the users the caller manages (their tenant is checked
    /// separately): a Manager's are the people assigned to one of the Manager's spaces.
    pub fn user_condition(&self, column: &str) -> String {
        if self.is_admin() {
            "1".into()
        } else {
            format!(
                "EXISTS (SELECT 1 FROM space_members sm WHERE sm.user_id = {column} AND {})",
                self.space_condition("sm.space_id")
            )
        }
    }

    /// Whether the space is the tenant's and the caller manages it.
    pub fn space_in_scope(&self, conn: &Connection, space_id: i64) -> rusqlite::Result<bool> {
        access::space_in_scope(conn, self.tenant, space_id, &self.subject, &self.membership)
    }

    /// The space of a team the caller manages; None for other tenants' and other spaces' teams.
    pub fn team_space(&self, conn: &Connection, team_id: i64) -> rusqlite::Result<Option<i64>> {
        let space: Option<i64> = conn
            .query_row(
                "SELECT t.space_id FROM teams t JOIN spaces s ON s.id = t.space_id
                 WHERE t.id = ?1 AND s.tenant_id = ?2",
                params![team_id, self.tenant],
                |r| r.get(0),
            )
            .optional()?;
        match space {
            Some(space) if self.space_in_scope(conn, space)? => Ok(Some(space)),
            _ => Ok(None),
        }
    }

    /// Whether the user is the tenant's and the caller manages them.
    pub fn user_in_scope(&self, conn: &Connection, user_id: i64) -> rusqlite::Result<bool> {
        conn.prepare(&format!(
            "SELECT 1 FROM users u WHERE u.id = ?1 AND u.tenant_id = ?2 AND {}",
            self.user_condition("u.id")
        ))?
        .exists(params![user_id, self.tenant])
    }
}

/// "1 conversation", "3 conversations".
pub(super) fn counted(n: u64, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

fn conflict(title: String) -> ApiError {
    ApiError::new(ErrorCode::Conflict, title)
}

// ---------------------------------------------------------------------------------------------
// Reading.

fn team_setting(conn: &Connection, team_id: i64) -> Result<TeamSetting, ApiError> {
    let (name, space_id, conversations, routing_rules) = conn.query_row(
        "SELECT t.name, t.space_id,
                (SELECT count(*) FROM conversations c
                 WHERE c.space_id = t.space_id AND c.team_id = t.id),
                (SELECT count(*) FROM routing_rules r WHERE r.team_id = t.id)
         FROM teams t WHERE t.id = ?1",
        [team_id],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
    )?;
    let members = conn
        .prepare_cached(
            "SELECT u.id, u.name, m.is_manager FROM team_members m JOIN users u ON u.id = m.user_id
             WHERE m.team_id = ?1 ORDER BY u.name, u.id",
        )?
        .query_map([team_id], |r| {
            Ok(TeamMemberSetting {
                user_id: r.get(0)?,
                name: r.get(1)?,
                is_manager: r.get(2)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(TeamSetting {
        id: team_id,
        name,
        space_id,
        members,
        conversations,
        routing_rules,
    })
}

fn space_setting(conn: &Connection, space_id: i64) -> Result<SpaceSetting, ApiError> {
    let (name, conversations, sender_profiles) = conn.query_row(
        "SELECT s.name,
                (SELECT count(*) FROM conversations c WHERE c.space_id = s.id),
                (SELECT count(*) FROM sender_profiles p WHERE p.space_id = s.id)
         FROM spaces s WHERE s.id = ?1",
        [space_id],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?;
    let team_ids: Vec<i64> = conn
        .prepare_cached("SELECT id FROM teams WHERE space_id = ?1 ORDER BY name, id")?
        .query_map([space_id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let teams = team_ids
        .into_iter()
        .map(|id| team_setting(conn, id))
        .collect::<Result<_, _>>()?;
    let members = conn
        .prepare_cached(
            "SELECT u.id, u.name FROM space_members m JOIN users u ON u.id = m.user_id
             WHERE m.space_id = ?1 ORDER BY u.name, u.id",
        )?
        .query_map([space_id], |r| {
            Ok(UserRef {
                id: r.get(0)?,
                name: r.get(1)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(SpaceSetting {
        id: space_id,
        name,
        teams,
        members,
        conversations,
        sender_profiles,
    })
}

/// 404 unless the caller manages the space.
fn require_space(scope: &OrgScope, conn: &Connection, space_id: i64) -> Result<(), ApiError> {
    if scope.space_in_scope(conn, space_id)? {
        Ok(())
    } else {
        Err(ApiError::not_found())
    }
}

/// 422 on `name` when another space of the tenant has the name (names ignore case).
fn require_unique_space_name(
    conn: &Connection,
    tenant: i64,
    name: &str,
    except: Option<i64>,
) -> Result<(), ApiError> {
    let taken = conn
        .prepare_cached("SELECT 1 FROM spaces WHERE tenant_id = ?1 AND name = ?2 AND id IS NOT ?3")?
        .exists(params![tenant, name, except])?;
    if taken {
        Err(ApiError::validation(
            "name",
            format!("There is already a space called \u{201c}{name}\u{201d}."),
        ))
    } else {
        Ok(())
    }
}

// ---------------------------------------------------------------------------------------------
// Spaces.

/// `GET /api/settings/spaces`: the spaces the caller manages, by name, with their teams.
pub async fn list_spaces(
    State(state): State<AppState>,
    auth: Authenticated,
) -> Result<Json<Vec<SpaceSetting>>, ApiError> {
    let spaces = state
        .db
        .call(move |conn| {
            let scope = OrgScope::load(conn, auth.user_id)?;
            let ids: Vec<i64> = conn
                .prepare(&format!(
                    "SELECT id FROM spaces WHERE tenant_id = ?1 AND {} ORDER BY name, id",
                    scope.space_condition("id")
                ))?
                .query_map([scope.tenant], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            ids.into_iter()
                .map(|id| space_setting(conn, id))
                .collect::<Result<Vec<_>, _>>()
        })
        .await?;
    Ok(Json(spaces))
}

/// `POST /api/settings/spaces` (Admins only).
pub async fn create_space(
    State(state): State<AppState>,
    auth: Authenticated,
    ApiJson(input): ApiJson<SpaceInput>,
) -> Result<(StatusCode, Json<SpaceSetting>), ApiError> {
    let space = state
        .db
        .call(move |conn| {
            let scope = OrgScope::load(conn, auth.user_id)?;
            scope.require_admin("create spaces")?;
            let input = input.normalized()?;
            require_unique_space_name(conn, scope.tenant, &input.name, None)?;
            conn.execute(
                "INSERT INTO spaces (tenant_id, name) VALUES (?1, ?2)",
                params![scope.tenant, input.name],
            )?;
            space_setting(conn, conn.last_insert_rowid())
        })
        .await?;
    Ok((StatusCode::CREATED, Json(space)))
}

/// `PATCH /api/settings/spaces/{id}`: renames; a Manager may rename their own spaces.
pub async fn rename_space(
    State(state): State<AppState>,
    auth: Authenticated,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<SpaceInput>,
) -> Result<Json<SpaceSetting>, ApiError> {
    let space = state
        .db
        .call(move |conn| {
            let scope = OrgScope::load(conn, auth.user_id)?;
            require_space(&scope, conn, id)?;
            let input = input.normalized()?;
            require_unique_space_name(conn, scope.tenant, &input.name, Some(id))?;
            conn.execute(
                "UPDATE spaces SET name = ?1 WHERE id = ?2",
                params![input.name, id],
            )?;
            space_setting(conn, id)
        })
        .await?;
    Ok(Json(space))
}

/// `DELETE /api/settings/spaces/{id}` (Admins only): the space goes with everything in it, by
/// the schema's cascades in one statement: its teams (with their members and routing rules),
/// sender profiles, assignments, and conversations with their messages. The senders of its
/// profiles and rules stay in the tenant's sender registry, unassigned, and contacts stay with
/// the tenant. 409 for the tenant's last space: the Inbox has nothing to show without one.
pub async fn delete_space(
    State(state): State<AppState>,
    auth: Authenticated,
    ApiPath(id): ApiPath<i64>,
) -> Result<StatusCode, ApiError> {
    state
        .db
        .call(move |conn| {
            let scope = OrgScope::load(conn, auth.user_id)?;
            scope.require_admin("delete spaces")?;
            require_space(&scope, conn, id)?;
            let tx = conn.transaction()?;
            let spaces: u64 = tx.query_row(
                "SELECT count(*) FROM spaces WHERE tenant_id = ?1",
                [scope.tenant],
                |r| r.get(0),
            )?;
            if spaces <= 1 {
                return Err(conflict(
                    "This is the only space: create another before deleting it.".into(),
                ));
            }
            tx.execute("DELETE FROM spaces WHERE id = ?1", [id])?;
            tx.commit()?;
            Ok(())
        })
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

// ---------------------------------------------------------------------------------------------
// Teams.

/// The space of a team the caller manages; 404 otherwise.
fn require_team(scope: &OrgScope, conn: &Connection, team_id: i64) -> Result<i64, ApiError> {
    scope
        .team_space(conn, team_id)?
        .ok_or_else(ApiError::not_found)
}

/// 422 on `space_id` unless the caller manages the space a team is to be in.
fn require_team_space(scope: &OrgScope, conn: &Connection, space_id: i64) -> Result<(), ApiError> {
    if scope.space_in_scope(conn, space_id)? {
        Ok(())
    } else {
        Err(ApiError::validation(
            "space_id",
            "Choose one of your spaces.",
        ))
    }
}

/// 422 on `name` when another team of the space has the name (names ignore case).
fn require_unique_team_name(
    conn: &Connection,
    space_id: i64,
    name: &str,
    except: Option<i64>,
) -> Result<(), ApiError> {
    let taken = conn
        .prepare_cached("SELECT 1 FROM teams WHERE space_id = ?1 AND name = ?2 AND id IS NOT ?3")?
        .exists(params![space_id, name, except])?;
    if taken {
        Err(ApiError::validation(
            "name",
            format!("There is already a team called \u{201c}{name}\u{201d} in this space."),
        ))
    } else {
        Ok(())
    }
}

/// 422 on `members` unless each is a person of the tenant who is active and whom the caller
/// manages. People already in the team may stay whatever changed about them since (deactivated,
/// or moved out of a Manager's spaces by an Admin), so that saving the form keeps working.
fn check_members(
    scope: &OrgScope,
    conn: &Connection,
    team_id: Option<i64>,
    members: &[TeamMemberInput],
) -> Result<(), ApiError> {
    for member in members {
        let user: Option<(String, bool, bool)> = conn
            .query_row(
                "SELECT u.name, u.active,
                        EXISTS (SELECT 1 FROM team_members m WHERE m.team_id = ?3 AND m.user_id = u.id)
                 FROM users u WHERE u.id = ?1 AND u.tenant_id = ?2",
                params![member.user_id, scope.tenant, team_id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?;
        let refusal = match user {
            None => "One of the chosen people is not in your organisation.".to_owned(),
            Some((_, _, true)) => continue,
            Some((name, false, _)) => format!("{name} is deactivated."),
            Some((name, true, _)) => {
                if scope.user_in_scope(conn, member.user_id)? {
                    continue;
                }
                format!("{name} is not assigned to any of your spaces.")
            }
        };
        return Err(ApiError::validation("members", refusal));
    }
    Ok(())
}

/// Replaces the team's members. Belonging to a team means working in its space, so members
/// are also assigned to the space.
fn replace_members(
    conn: &Connection,
    tenant: i64,
    team_id: i64,
    space_id: i64,
    members: &[TeamMemberInput],
) -> rusqlite::Result<()> {
    conn.execute("DELETE FROM team_members WHERE team_id = ?1", [team_id])?;
    let mut member = conn.prepare_cached(
        "INSERT INTO team_members (team_id, user_id, is_manager) VALUES (?1, ?2, ?3)",
    )?;
    let mut assign = conn.prepare_cached(
        "INSERT OR IGNORE INTO space_members (space_id, user_id, tenant_id) VALUES (?1, ?2, ?3)",
    )?;
    for m in members {
        member.execute(params![team_id, m.user_id, m.is_manager])?;
        assign.execute(params![space_id, m.user_id, tenant])?;
    }
    Ok(())
}

/// 422 on `space_id` when something ties the team to its space. Conversations are on the
/// space's sender profiles, so a team with conversations stays. Routing rules and profiles
/// restricted to the team are refused rather than deleted or rewritten: they send the space's
/// senders to the team, and the person moving it decides what becomes of them.
fn require_movable(conn: &Connection, team_id: i64, space_id: i64) -> Result<(), ApiError> {
    let (name, conversations, rules): (String, u64, u64) = conn.query_row(
        "SELECT t.name,
                (SELECT count(*) FROM conversations c WHERE c.space_id = ?2 AND c.team_id = t.id),
                (SELECT count(*) FROM routing_rules r WHERE r.team_id = t.id)
         FROM teams t WHERE t.id = ?1",
        params![team_id, space_id],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?;
    if conversations > 0 {
        return Err(ApiError::validation(
            "space_id",
            format!(
                "{name} has {}, which belong to this space's sender profiles, so it stays in \
                 its space. Create a new team in the other space instead.",
                counted(conversations, "conversation", "conversations")
            ),
        ));
    }
    if rules > 0 {
        let (send, them) = if rules == 1 {
            ("sends", "it")
        } else {
            ("send", "them")
        };
        return Err(ApiError::validation(
            "space_id",
            format!(
                "{} {send} this space's senders to {name}: point {them} at another team or \
                 delete {them} before moving it.",
                counted(rules, "routing rule", "routing rules"),
            ),
        ));
    }
    let profile: Option<String> = conn
        .query_row(
            "SELECT p.name FROM sender_profile_teams pt
             JOIN sender_profiles p ON p.id = pt.sender_profile_id
             WHERE pt.team_id = ?1 ORDER BY p.name LIMIT 1",
            [team_id],
            |r| r.get(0),
        )
        .optional()?;
    if let Some(profile) = profile {
        return Err(ApiError::validation(
            "space_id",
            format!(
                "The sender profile \u{201c}{profile}\u{201d} is available to {name}: change \
                 the profile before moving the team."
            ),
        ));
    }
    Ok(())
}

/// `POST /api/teams`: in a space the caller manages.
pub async fn create_team(
    State(state): State<AppState>,
    auth: Authenticated,
    ApiJson(input): ApiJson<TeamInput>,
) -> Result<(StatusCode, Json<TeamSetting>), ApiError> {
    let team = state
        .db
        .call(move |conn| {
            let scope = OrgScope::load(conn, auth.user_id)?;
            let input = input.normalized()?;
            require_team_space(&scope, conn, input.space_id)?;
            require_unique_team_name(conn, input.space_id, &input.name, None)?;
            check_members(&scope, conn, None, &input.members)?;
            let tx = conn.transaction()?;
            tx.execute(
                "INSERT INTO teams (space_id, name) VALUES (?1, ?2)",
                params![input.space_id, input.name],
            )?;
            let id = tx.last_insert_rowid();
            replace_members(&tx, scope.tenant, id, input.space_id, &input.members)?;
            tx.commit()?;
            team_setting(conn, id)
        })
        .await?;
    Ok((StatusCode::CREATED, Json(team)))
}

/// `PATCH /api/teams/{id}`: renames, replaces the members, and with a different `space_id`
/// moves the team (see [`require_movable`]; a Manager only between their own spaces).
pub async fn update_team(
    State(state): State<AppState>,
    auth: Authenticated,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<TeamInput>,
) -> Result<Json<TeamSetting>, ApiError> {
    let team = state
        .db
        .call(move |conn| {
            let scope = OrgScope::load(conn, auth.user_id)?;
            let space_id = require_team(&scope, conn, id)?;
            let input = input.normalized()?;
            if input.space_id != space_id {
                require_team_space(&scope, conn, input.space_id)?;
                require_movable(conn, id, space_id)?;
            }
            require_unique_team_name(conn, input.space_id, &input.name, Some(id))?;
            check_members(&scope, conn, Some(id), &input.members)?;
            let tx = conn.transaction()?;
            tx.execute(
                "UPDATE teams SET name = ?1, space_id = ?2 WHERE id = ?3",
                params![input.name, input.space_id, id],
            )?;
            replace_members(&tx, scope.tenant, id, input.space_id, &input.members)?;
            tx.commit()?;
            team_setting(conn, id)
        })
        .await?;
    Ok(Json(team))
}

/// `DELETE /api/teams/{id}`: 409 while the team has conversations (they cannot be left without
/// a team). Otherwise the team goes, and by the schema's cascades its memberships, its place in
/// restricted sender profiles, and the routing rules that send conversations to it (their
/// senders stay, unrouted). 409 too when a restricted profile is available to this team alone,
/// since it would be left usable by nobody.
pub async fn delete_team(
    State(state): State<AppState>,
    auth: Authenticated,
    ApiPath(id): ApiPath<i64>,
) -> Result<StatusCode, ApiError> {
    state
        .db
        .call(move |conn| {
            let scope = OrgScope::load(conn, auth.user_id)?;
            let space_id = require_team(&scope, conn, id)?;
            let (name, conversations): (String, u64) = conn.query_row(
                "SELECT t.name, (SELECT count(*) FROM conversations c
                                 WHERE c.space_id = ?2 AND c.team_id = t.id)
                 FROM teams t WHERE t.id = ?1",
                params![id, space_id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?;
            if conversations > 0 {
                return Err(conflict(format!(
                    "{name} still has {}: a team with conversations cannot be deleted.",
                    counted(conversations, "conversation", "conversations")
                )));
            }
            let only_for_this_team: Option<String> = conn
                .query_row(
                    "SELECT p.name FROM sender_profile_teams pt
                     JOIN sender_profiles p ON p.id = pt.sender_profile_id
                     WHERE pt.team_id = ?1
                       AND NOT EXISTS (SELECT 1 FROM sender_profile_teams o
                                       WHERE o.sender_profile_id = p.id AND o.team_id <> ?1)
                       AND NOT EXISTS (SELECT 1 FROM sender_profile_users pu
                                       WHERE pu.sender_profile_id = p.id)
                     ORDER BY p.name LIMIT 1",
                    [id],
                    |r| r.get(0),
                )
                .optional()?;
            if let Some(profile) = only_for_this_team {
                return Err(conflict(format!(
                    "The sender profile \u{201c}{profile}\u{201d} is available to {name} alone: \
                     change the profile before deleting the team."
                )));
            }
            conn.execute("DELETE FROM teams WHERE id = ?1", [id])?;
            Ok(())
        })
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
