//! Settings → Spaces and teams: the teams of the spaces the caller manages (a Manager only
//! between their own spaces), with their members. Loads a [`SettingsScope`] with
//! `ManageOrganisation`.

use rusqlite::{params, Connection, OptionalExtension};
use textpeak_api::collections::Teams;
use textpeak_api::{
    Capability, ErrorCode, TeamInput, TeamMemberInput, TeamMemberSetting, TeamSetting,
};

use crate::db::optional_value;
use crate::http::problem::ApiError;
use crate::store::settings::names::{counted, require_unique_name, Named};
use crate::store::settings::resource::SettingsResource;
use crate::store::settings::scope::SettingsScope;

fn conflict(title: String) -> ApiError {
    ApiError::new(ErrorCode::Conflict, title)
}

pub fn team_setting(conn: &Connection, team_id: i64) -> Result<TeamSetting, ApiError> {
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
    let profile: Option<String> = optional_value(
        conn,
        "SELECT p.name FROM sender_profile_teams pt
             JOIN sender_profiles p ON p.id = pt.sender_profile_id
             WHERE pt.team_id = ?1 ORDER BY p.name LIMIT 1",
        [team_id],
    )?;
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

/// The teams of the tenant's spaces.
impl SettingsResource for Teams {
    /// The team's space.
    type Stored = i64;

    const CAPABILITIES: &'static [Capability] = &[Capability::ManageOrganisation];

    /// The space of a team the caller manages; 404 otherwise.
    fn stored(conn: &Connection, scope: &SettingsScope, id: i64) -> Result<i64, ApiError> {
        scope.team_space(conn, id)?.ok_or_else(ApiError::not_found)
    }

    /// In a space the caller manages; with a different `space_id` an edit moves the team (see
    /// [`require_movable`]).
    fn check(
        conn: &Connection,
        scope: &SettingsScope,
        input: &TeamInput,
        edit: Option<(i64, &i64)>,
    ) -> Result<(), ApiError> {
        match edit {
            None => {
                scope.require_space(conn, input.space_id, "space_id")?;
            }
            Some((id, &space_id)) => {
                if input.space_id != space_id {
                    scope.require_space(conn, input.space_id, "space_id")?;
                    require_movable(conn, id, space_id)?;
                }
            }
        }
        let id = edit.map(|(id, _)| id);
        require_unique_name(conn, Named::Team, input.space_id, &input.name, id)?;
        check_members(scope, conn, id, &input.members)
    }

    /// The name, the space and the members.
    fn save(
        conn: &Connection,
        scope: &SettingsScope,
        input: &TeamInput,
        id: Option<i64>,
    ) -> Result<i64, ApiError> {
        let id = match id {
            Some(id) => {
                conn.execute(
                    "UPDATE teams SET name = ?1, space_id = ?2 WHERE id = ?3",
                    params![input.name, input.space_id, id],
                )?;
                id
            }
            None => {
                conn.execute(
                    "INSERT INTO teams (space_id, name) VALUES (?1, ?2)",
                    params![input.space_id, input.name],
                )?;
                conn.last_insert_rowid()
            }
        };
        replace_members(conn, scope.tenant, id, input.space_id, &input.members)?;
        Ok(id)
    }

    fn read(conn: &Connection, _scope: &SettingsScope, id: i64) -> Result<TeamSetting, ApiError> {
        team_setting(conn, id)
    }

    /// 409 while the team has conversations (they cannot be left without a team). Otherwise
    /// the team goes, and by the schema's cascades its memberships, its place in restricted
    /// sender profiles, and the routing rules that send conversations to it (their senders
    /// stay, unrouted). 409 too when a restricted profile is available to this team alone,
    /// since it would be left usable by nobody.
    fn delete(conn: &Connection, scope: &SettingsScope, id: i64) -> Result<(), ApiError> {
        let space_id = Self::stored(conn, scope, id)?;
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
        let only_for_this_team: Option<String> = optional_value(
            conn,
            "SELECT p.name FROM sender_profile_teams pt
                 JOIN sender_profiles p ON p.id = pt.sender_profile_id
                 WHERE pt.team_id = ?1
                   AND NOT EXISTS (SELECT 1 FROM sender_profile_teams o
                                   WHERE o.sender_profile_id = p.id AND o.team_id <> ?1)
                   AND NOT EXISTS (SELECT 1 FROM sender_profile_users pu
                                   WHERE pu.sender_profile_id = p.id)
                 ORDER BY p.name LIMIT 1",
            [id],
        )?;
        if let Some(profile) = only_for_this_team {
            return Err(conflict(format!(
                "The sender profile \u{201c}{profile}\u{201d} is available to {name} alone: \
                 change the profile before deleting the team."
            )));
        }
        conn.execute("DELETE FROM teams WHERE id = ?1", [id])?;
        Ok(())
    }
}
