//! Settings → Incoming routing: rules that send the conversations contacts start on some
//! senders to a team.
//!
//! Needs `ManageChannelSettings`. A Manager manages the rules whose team is in one of their
//! assigned spaces: the list leaves the others out, their ids answer 404, and a `team_id`
//! outside their spaces is a 422 on `team_id`.

use rusqlite::{params, Connection, OptionalExtension};
use textpeak_api::collections::RoutingRules;
use textpeak_api::{Capability, NamedRef, RoutingRuleInput, RoutingRuleSetting, Stream, TeamRef};

use crate::http::problem::ApiError;
use crate::store::settings::names::{require_unique_name, Named};
use crate::store::settings::resource::{ListedResource, SettingsResource};
use crate::store::settings::rows::all_rows;
use crate::store::settings::scope::SettingsScope;
use crate::store::settings::senders::{place_senders, sender_holders, senders_of, Holder};
use crate::store::wire::wire;

const RULE_COLUMNS: &str = "SELECT r.id, r.name, r.stream, t.id, t.name, s.id, s.name
    FROM routing_rules r JOIN teams t ON t.id = r.team_id JOIN spaces s ON s.id = t.space_id";

/// A rule from [`RULE_COLUMNS`], without its senders.
fn rule_from_row(r: &rusqlite::Row) -> rusqlite::Result<RoutingRuleSetting> {
    Ok(RoutingRuleSetting {
        id: r.get(0)?,
        name: r.get(1)?,
        stream: wire(Stream::parse, 2, r.get(2)?)?,
        senders: Vec::new(),
        team: TeamRef {
            id: r.get(3)?,
            name: r.get(4)?,
        },
        space: NamedRef {
            id: r.get(5)?,
            name: r.get(6)?,
        },
    })
}

/// The rule with its senders; 404 unless it is the tenant's and routes to the caller's spaces.
fn rule_setting(
    conn: &Connection,
    scope: &SettingsScope,
    id: i64,
) -> Result<RoutingRuleSetting, ApiError> {
    let rule = conn
        .query_row(
            &format!("{RULE_COLUMNS} WHERE r.id = ?1 AND r.tenant_id = ?2"),
            params![id, scope.tenant],
            rule_from_row,
        )
        .optional()?
        .filter(|rule| scope.covers(rule.space.id))
        .ok_or_else(ApiError::not_found)?;
    Ok(RoutingRuleSetting {
        senders: senders_of(conn, Holder::Rule(id))?,
        ..rule
    })
}

/// The tenant's routing rules.
impl SettingsResource for RoutingRules {
    type Stored = RoutingRuleSetting;

    const CAPABILITIES: &'static [Capability] = &[Capability::ManageChannelSettings];

    fn stored(
        conn: &Connection,
        scope: &SettingsScope,
        id: i64,
    ) -> Result<RoutingRuleSetting, ApiError> {
        rule_setting(conn, scope, id)
    }

    /// Every check beyond `RoutingRuleInput::normalized`, each a 422 naming its field.
    fn check(
        conn: &Connection,
        scope: &SettingsScope,
        input: &RoutingRuleInput,
        edit: Option<(i64, &RoutingRuleSetting)>,
    ) -> Result<(), ApiError> {
        let id = edit.map(|(id, _)| id);
        require_unique_name(conn, Named::RoutingRule, scope.tenant, &input.name, id)?;
        let team_space: Option<NamedRef> = conn
            .query_row(
                "SELECT s.id, s.name FROM teams t JOIN spaces s ON s.id = t.space_id
                 WHERE t.id = ?1 AND s.tenant_id = ?2",
                params![input.team_id, scope.tenant],
                |r| {
                    Ok(NamedRef {
                        id: r.get(0)?,
                        name: r.get(1)?,
                    })
                },
            )
            .optional()?;
        let Some(space) = team_space.filter(|s| scope.covers(s.id)) else {
            return Err(ApiError::validation(
                "team_id",
                "Choose a team of one of your spaces.",
            ));
        };
        for address in &input.senders {
            let holders = sender_holders(conn, scope.tenant, input.stream, address)?;
            if let Some((_, rule, _)) = holders.rule.filter(|(r, _, _)| Some(*r) != id) {
                return Err(ApiError::validation(
                    "senders",
                    format!("{address} is already in the rule \u{201c}{rule}\u{201d}."),
                ));
            }
            // A conversation's team and profile are in one space.
            if let Some((_, profile, profile_space)) =
                holders.profile.filter(|(_, _, s)| s.id != space.id)
            {
                return Err(ApiError::validation(
                    "senders",
                    format!(
                        "{address} is in the profile \u{201c}{profile}\u{201d}: conversations on that number belong to the space \u{201c}{}\u{201d}. Choose a team of \u{201c}{}\u{201d}.",
                        profile_space.name, profile_space.name
                    ),
                ));
            }
        }
        Ok(())
    }

    /// Stores a checked rule and its senders (unknown ones join the registry, in no profile
    /// yet): the whole form again on an edit. Conversations already started stay with their
    /// team; the rule decides for new ones.
    fn save(
        conn: &Connection,
        scope: &SettingsScope,
        input: &RoutingRuleInput,
        id: Option<i64>,
    ) -> Result<i64, ApiError> {
        let tenant = scope.tenant;
        let id = match id {
            Some(id) => {
                conn.execute(
                    "UPDATE routing_rules SET name = ?1, stream = ?2, team_id = ?3 WHERE id = ?4",
                    params![input.name, input.stream.as_str(), input.team_id, id],
                )?;
                id
            }
            None => {
                conn.execute(
                    "INSERT INTO routing_rules (tenant_id, name, stream, team_id)
                     VALUES (?1, ?2, ?3, ?4)",
                    params![tenant, input.name, input.stream.as_str(), input.team_id],
                )?;
                conn.last_insert_rowid()
            }
        };
        place_senders(conn, tenant, input.stream, &input.senders, Holder::Rule(id))?;
        Ok(id)
    }

    fn read(
        conn: &Connection,
        scope: &SettingsScope,
        id: i64,
    ) -> Result<RoutingRuleSetting, ApiError> {
        rule_setting(conn, scope, id)
    }

    /// Its senders stay in the registry, unrouted (new conversations on them go to the default
    /// team, see `inbound`).
    fn delete(conn: &Connection, scope: &SettingsScope, id: i64) -> Result<(), ApiError> {
        rule_setting(conn, scope, id)?;
        conn.execute("DELETE FROM routing_rules WHERE id = ?1", [id])?;
        Ok(())
    }
}

impl ListedResource for RoutingRules {
    /// The rules routing to the caller's spaces, by name.
    fn list(conn: &Connection, scope: &SettingsScope) -> Result<Vec<RoutingRuleSetting>, ApiError> {
        let sql = format!(
            "{RULE_COLUMNS} WHERE r.tenant_id = ?1 AND {}
             ORDER BY r.name COLLATE NOCASE, r.id",
            scope.space_condition("s.id")
        );
        all_rows(conn, &sql, [scope.tenant], rule_from_row)?
            .into_iter()
            .map(|rule| {
                Ok(RoutingRuleSetting {
                    senders: senders_of(conn, Holder::Rule(rule.id))?,
                    ..rule
                })
            })
            .collect()
    }
}
