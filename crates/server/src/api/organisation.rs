//! Settings → Spaces and teams, in the scope that Settings → Users and roles shares with it
//! (product.md §3): the owner and Admins manage the whole tenant; a Manager the spaces assigned
//! to them, the teams in them and the people assigned to them, and cannot create or delete
//! spaces. Ids of other tenants or outside a Manager's spaces answer 404, revealing nothing.
//! Both pages load a [`SettingsScope`] with `ManageOrganisation`.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use rusqlite::{params, Connection, OptionalExtension};
use textpeak_api::{
    Capability, ErrorCode, SpaceInput, SpaceSetting, TeamInput, TeamMemberInput, TeamMemberSetting,
    TeamSetting, UserRef,
};

use crate::api::settings_names::{counted, require_unique_name, Named};
use crate::api::settings_rows::{id_names, rows_by_id};
use crate::api::settings_scope::SettingsScope;
use crate::api::{ApiJson, ApiPath};
use crate::auth::Authenticated;
use crate::problem::ApiError;
use crate::AppState;

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
    let teams = rows_by_id(
        conn,
        "SELECT id FROM teams WHERE space_id = ?1 ORDER BY name, id",
        space_id,
        |id| team_setting(conn, id),
    )?;
    let members = id_names(
        conn,
        "SELECT u.id, u.name FROM space_members m JOIN users u ON u.id = m.user_id
         WHERE m.space_id = ?1 ORDER BY u.name, u.id",
        space_id,
        |id, name| UserRef { id, name },
    )?;
    Ok(SpaceSetting {
        id: space_id,
        name,
        teams,
        members,
        conversations,
        sender_profiles,
    })
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
            let scope = SettingsScope::load(conn, auth.user_id, Capability::ManageOrganisation)?;
            let ids_in_scope = format!(
                "SELECT id FROM spaces WHERE tenant_id = ?1 AND {} ORDER BY name, id",
                scope.space_condition("id")
            );
            rows_by_id(conn, &ids_in_scope, scope.tenant, |id| {
                space_setting(conn, id)
            })
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
            let scope = SettingsScope::load(conn, auth.user_id, Capability::ManageOrganisation)?;
            scope.require_admin("create spaces")?;
            let input = input.normalized()?;
            require_unique_name(conn, Named::Space, scope.tenant, &input.name, None)?;
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
            let scope = SettingsScope::load(conn, auth.user_id, Capability::ManageOrganisation)?;
            scope.require_space_found(conn, id)?;
            let input = input.normalized()?;
            require_unique_name(conn, Named::Space, scope.tenant, &input.name, Some(id))?;
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
            let scope = SettingsScope::load(conn, auth.user_id, Capability::ManageOrganisation)?;
            scope.require_admin("delete spaces")?;
            scope.require_space_found(conn, id)?;
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
fn require_team(scope: &SettingsScope, conn: &Connection, team_id: i64) -> Result<i64, ApiError> {
    scope
        .team_space(conn, team_id)?
        .ok_or_else(ApiError::not_found)
}

/// 422 on `members` unless each is a person of the tenant who is active and whom the caller
/// manages. People already in the team may stay whatever changed about them since (deactivated,
/// or moved out of a Manager's spaces by an Admin), so that saving the form keeps working.
fn check_members(
    scope: &SettingsScope,
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
            let scope = SettingsScope::load(conn, auth.user_id, Capability::ManageOrganisation)?;
            let input = input.normalized()?;
            scope.require_space(conn, input.space_id, "space_id")?;
            require_unique_name(conn, Named::Team, input.space_id, &input.name, None)?;
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
            let scope = SettingsScope::load(conn, auth.user_id, Capability::ManageOrganisation)?;
            let space_id = require_team(&scope, conn, id)?;
            let input = input.normalized()?;
            if input.space_id != space_id {
                scope.require_space(conn, input.space_id, "space_id")?;
                require_movable(conn, id, space_id)?;
            }
            require_unique_name(conn, Named::Team, input.space_id, &input.name, Some(id))?;
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
            let scope = SettingsScope::load(conn, auth.user_id, Capability::ManageOrganisation)?;
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
