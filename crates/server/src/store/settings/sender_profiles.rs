//! Settings → Sender profiles: named groups of senders on one stream, in one space, usable by
//! all of the space or only by some of its teams and agents.
//!
//! Needs `ManageChannelSettings`. A Manager manages the profiles of their assigned spaces: the
//! list leaves the others out, their ids answer 404 like another tenant's, and choosing a space
//! outside their scope as `space_id` is a 422 on `space_id`.

use rusqlite::{params, Connection, OptionalExtension};
use textpeak_api::collections::SenderProfiles;
use textpeak_api::{
    Capability, ErrorCode, NamedRef, Problem, SenderProfileInput, SenderProfileSetting, Stream,
};

use crate::db::optional_value;
use crate::http::problem::ApiError;
use crate::store::settings::names::{counted, require_unique_name, Named};
use crate::store::settings::resource::{ListedResource, SettingsResource};
use crate::store::settings::rows::{linked, rows_by_id, Linked};
use crate::store::settings::scope::SettingsScope;
use crate::store::settings::senders::{place_senders, sender_holders, senders_of, Holder};
use crate::store::wire::wire;

/// A stored profile, as far as an edit or a delete must know it.
pub struct Existing {
    name: String,
    stream: Stream,
    space: NamedRef,
    conversations: u64,
}

/// 404 unless the profile is the tenant's and in the caller's spaces.
fn existing(conn: &Connection, scope: &SettingsScope, id: i64) -> Result<Existing, ApiError> {
    let found = conn
        .query_row(
            "SELECT p.name, p.stream, s.id, s.name,
                    (SELECT count(*) FROM conversations c WHERE c.sender_profile_id = p.id)
             FROM sender_profiles p JOIN spaces s ON s.id = p.space_id
             WHERE p.id = ?1 AND p.tenant_id = ?2",
            params![id, scope.tenant],
            |r| {
                Ok(Existing {
                    name: r.get(0)?,
                    stream: wire(Stream::parse, 1, r.get(1)?)?,
                    space: NamedRef {
                        id: r.get(2)?,
                        name: r.get(3)?,
                    },
                    conversations: r.get(4)?,
                })
            },
        )
        .optional()?;
    found
        .filter(|p| scope.covers(p.space.id))
        .ok_or_else(ApiError::not_found)
}

/// The settings row of a profile known to exist.
fn profile_setting(conn: &Connection, id: i64) -> Result<SenderProfileSetting, ApiError> {
    let mut profile = conn.query_row(
        "SELECT p.id, p.name, p.stream, s.id, s.name, p.restricted,
                (SELECT count(*) FROM conversations c WHERE c.sender_profile_id = p.id)
         FROM sender_profiles p JOIN spaces s ON s.id = p.space_id
         WHERE p.id = ?1",
        [id],
        |r| {
            Ok(SenderProfileSetting {
                id: r.get(0)?,
                name: r.get(1)?,
                stream: wire(Stream::parse, 2, r.get(2)?)?,
                space: NamedRef {
                    id: r.get(3)?,
                    name: r.get(4)?,
                },
                senders: Vec::new(),
                restricted: r.get(5)?,
                teams: Vec::new(),
                agents: Vec::new(),
                conversations: r.get(6)?,
            })
        },
    )?;
    profile.senders = senders_of(conn, Holder::Profile(id))?;
    profile.teams = linked(conn, Linked::ProfileTeams, id, "1")?;
    profile.agents = linked(conn, Linked::ProfileAgents, id, "1")?;
    Ok(profile)
}

/// Every check of a create (`id` None) or an edit beyond `SenderProfileInput::normalized`,
/// each a 422 naming its field; answers the chosen space.
fn check_profile(
    conn: &Connection,
    scope: &SettingsScope,
    input: &SenderProfileInput,
    id: Option<i64>,
    before: Option<&Existing>,
) -> Result<NamedRef, ApiError> {
    let space = scope.require_space(conn, input.space_id, "space_id")?;
    require_unique_name(conn, Named::SenderProfile, scope.tenant, &input.name, id)?;

    // Conversations copy the profile's stream and space (foreign keys keep the copies true),
    // so those of a profile in use cannot change under them.
    if let Some(before) = before.filter(|b| b.conversations > 0) {
        let used_by = counted(before.conversations, "conversation", "conversations");
        if input.stream != before.stream {
            return Err(ApiError::validation(
                "stream",
                format!(
                    "The channel cannot change: the profile's {used_by} are on {}. Create a new profile instead.",
                    stream_label(before.stream)
                ),
            ));
        }
        if input.space_id != before.space.id {
            return Err(ApiError::validation(
                "space_id",
                format!(
                    "The space cannot change: the profile's {used_by} belong to the space \u{201c}{}\u{201d}.",
                    before.space.name
                ),
            ));
        }
    }

    for address in &input.senders {
        let holders = sender_holders(conn, scope.tenant, input.stream, address)?;
        if let Some((_, profile, _)) = holders.profile.filter(|(p, _, _)| Some(*p) != id) {
            return Err(ApiError::validation(
                "senders",
                format!("{address} is already in the profile \u{201c}{profile}\u{201d}."),
            ));
        }
        // A conversation's team and profile are in one space: a number routed to a team of
        // another space could not start one.
        if let Some((_, rule, rule_space)) = holders.rule.filter(|(_, _, s)| s.id != space.id) {
            return Err(ApiError::validation(
                "senders",
                format!(
                    "{address} is routed by the rule \u{201c}{rule}\u{201d} to a team of the space \u{201c}{}\u{201d}, so a profile of \u{201c}{}\u{201d} cannot use it. Change the rule first.",
                    rule_space.name, space.name
                ),
            ));
        }
    }

    let mut team_in_space =
        conn.prepare_cached("SELECT 1 FROM teams WHERE id = ?1 AND space_id = ?2")?;
    for team in &input.team_ids {
        if !team_in_space.exists(params![team, space.id])? {
            return Err(ApiError::validation(
                "availability",
                format!(
                    "Choose teams of the space \u{201c}{}\u{201d}: team {team} is not one of them.",
                    space.name
                ),
            ));
        }
    }
    let mut agent_of_space = conn.prepare_cached(
        "SELECT 1 FROM users u JOIN space_members m ON m.user_id = u.id AND m.space_id = ?2
         WHERE u.id = ?1 AND u.active = 1 AND (u.inbox_permission = 1 OR u.is_owner = 1)",
    )?;
    for agent in &input.agent_ids {
        if !agent_of_space.exists(params![agent, space.id])? {
            let name: Option<String> = optional_value(
                conn,
                "SELECT name FROM users WHERE id = ?1 AND tenant_id = ?2",
                params![agent, scope.tenant],
            )?;
            let who = name.unwrap_or_else(|| format!("User {agent}"));
            return Err(ApiError::validation(
                "availability",
                format!(
                    "{who} is not an active Inbox user of the space \u{201c}{}\u{201d}.",
                    space.name
                ),
            ));
        }
    }
    Ok(space)
}

fn stream_label(stream: Stream) -> &'static str {
    match stream {
        Stream::Sms => "SMS",
        Stream::Whatsapp => "WhatsApp",
        Stream::Telegram => "Telegram",
    }
}

/// The sender profiles of the tenant's spaces.
impl SettingsResource for SenderProfiles {
    type Stored = Existing;

    const CAPABILITIES: &'static [Capability] = &[Capability::ManageChannelSettings];

    fn stored(conn: &Connection, scope: &SettingsScope, id: i64) -> Result<Existing, ApiError> {
        existing(conn, scope, id)
    }

    fn check(
        conn: &Connection,
        scope: &SettingsScope,
        input: &SenderProfileInput,
        edit: Option<(i64, &Existing)>,
    ) -> Result<(), ApiError> {
        let (id, before) = edit.unzip();
        check_profile(conn, scope, input, id, before).map(drop)
    }

    /// Stores a checked profile: the row, its senders, who may use it (the whole form again on
    /// an edit). Answers its id.
    fn save(
        conn: &Connection,
        scope: &SettingsScope,
        input: &SenderProfileInput,
        id: Option<i64>,
    ) -> Result<i64, ApiError> {
        let tenant = scope.tenant;
        let id = match id {
            Some(id) => {
                conn.execute(
                    "UPDATE sender_profiles SET name = ?1, stream = ?2, space_id = ?3, restricted = ?4
                     WHERE id = ?5",
                    params![
                        input.name,
                        input.stream.as_str(),
                        input.space_id,
                        input.restricted,
                        id
                    ],
                )?;
                id
            }
            None => {
                conn.execute(
                    "INSERT INTO sender_profiles (tenant_id, space_id, name, stream, restricted)
                     VALUES (?1, ?2, ?3, ?4, ?5)",
                    params![
                        tenant,
                        input.space_id,
                        input.name,
                        input.stream.as_str(),
                        input.restricted
                    ],
                )?;
                conn.last_insert_rowid()
            }
        };
        place_senders(
            conn,
            tenant,
            input.stream,
            &input.senders,
            Holder::Profile(id),
        )?;
        conn.execute(
            "DELETE FROM sender_profile_teams WHERE sender_profile_id = ?1",
            [id],
        )?;
        conn.execute(
            "DELETE FROM sender_profile_users WHERE sender_profile_id = ?1",
            [id],
        )?;
        for team in &input.team_ids {
            conn.execute(
                "INSERT INTO sender_profile_teams (sender_profile_id, team_id) VALUES (?1, ?2)",
                params![id, team],
            )?;
        }
        for user in &input.agent_ids {
            conn.execute(
                "INSERT INTO sender_profile_users (sender_profile_id, user_id) VALUES (?1, ?2)",
                params![id, user],
            )?;
        }
        Ok(id)
    }

    fn read(
        conn: &Connection,
        _scope: &SettingsScope,
        id: i64,
    ) -> Result<SenderProfileSetting, ApiError> {
        profile_setting(conn, id)
    }

    /// Only while no conversation uses the profile (they keep the profile they started on: 409
    /// otherwise). Its senders stay in the registry, detached.
    fn delete(conn: &Connection, scope: &SettingsScope, id: i64) -> Result<(), ApiError> {
        let profile = existing(conn, scope, id)?;
        if profile.conversations > 0 {
            let problem = Problem::new(
                ErrorCode::Conflict,
                format!(
                    "\u{201c}{}\u{201d} cannot be deleted: it has {}.",
                    profile.name,
                    counted(profile.conversations, "conversation", "conversations")
                ),
            )
            .with_detail(
                "Conversations keep the sender profile they were started on. Rename the profile or restrict who may use it instead.",
            );
            return Err(problem.into());
        }
        conn.execute("DELETE FROM sender_profiles WHERE id = ?1", [id])?;
        Ok(())
    }
}

impl ListedResource for SenderProfiles {
    /// The profiles of the caller's spaces, by name.
    fn list(
        conn: &Connection,
        scope: &SettingsScope,
    ) -> Result<Vec<SenderProfileSetting>, ApiError> {
        let ids_in_scope = format!(
            "SELECT id FROM sender_profiles WHERE tenant_id = ?1 AND {}
             ORDER BY name COLLATE NOCASE, id",
            scope.space_condition("space_id")
        );
        rows_by_id(conn, &ids_in_scope, scope.tenant, |id| {
            profile_setting(conn, id)
        })
    }
}
