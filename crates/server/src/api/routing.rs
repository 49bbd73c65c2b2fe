//! Settings → Incoming routing: rules that send the conversations contacts start on some
//! senders to a team.
//!
//! Needs `ManageChannelSettings`. A Manager manages the rules whose team is in one of their
//! assigned spaces: the list leaves the others out, their ids answer 404, and a `team_id`
//! outside their spaces is a 422 on `team_id`.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use rusqlite::{params, Connection, OptionalExtension};
use textpeak_api::{Capability, NamedRef, RoutingRuleInput, RoutingRuleSetting, Stream, TeamRef};

use crate::api::channel_settings::{place_senders, sender_holders, senders_of, Holder};
use crate::api::conversations::wire;
use crate::api::settings_names::{require_unique_name, Named};
use crate::api::settings_scope::SettingsScope;
use crate::api::{ApiJson, ApiPath};
use crate::auth::Authenticated;
use crate::problem::ApiError;
use crate::AppState;

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

/// Every check beyond `RoutingRuleInput::normalized`, each a 422 naming its field.
fn check(
    conn: &Connection,
    scope: &SettingsScope,
    input: &RoutingRuleInput,
    id: Option<i64>,
) -> Result<(), ApiError> {
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

/// Stores a checked rule and its senders (unknown ones join the registry, in no profile yet).
fn save(
    conn: &Connection,
    tenant: i64,
    input: &RoutingRuleInput,
    id: Option<i64>,
) -> Result<i64, ApiError> {
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

/// `GET /api/routing-rules`: the rules routing to the caller's spaces, by name.
pub async fn list(
    State(state): State<AppState>,
    auth: Authenticated,
) -> Result<Json<Vec<RoutingRuleSetting>>, ApiError> {
    let rules = state
        .db
        .call(move |conn| {
            let scope = SettingsScope::load(conn, auth.user_id, Capability::ManageChannelSettings)?;
            let rules = conn
                .prepare(&format!(
                    "{RULE_COLUMNS} WHERE r.tenant_id = ?1 AND {}
                     ORDER BY r.name COLLATE NOCASE, r.id",
                    scope.space_condition("s.id")
                ))?
                .query_map([scope.tenant], rule_from_row)?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            rules
                .into_iter()
                .map(|rule| {
                    Ok(RoutingRuleSetting {
                        senders: senders_of(conn, Holder::Rule(rule.id))?,
                        ..rule
                    })
                })
                .collect::<Result<Vec<_>, ApiError>>()
        })
        .await?;
    Ok(Json(rules))
}

/// `POST /api/routing-rules`.
pub async fn create(
    State(state): State<AppState>,
    auth: Authenticated,
    ApiJson(input): ApiJson<RoutingRuleInput>,
) -> Result<(StatusCode, Json<RoutingRuleSetting>), ApiError> {
    let rule = state
        .db
        .call(move |conn| {
            let scope = SettingsScope::load(conn, auth.user_id, Capability::ManageChannelSettings)?;
            let input = input.normalized()?;
            let tx = conn.transaction()?;
            check(&tx, &scope, &input, None)?;
            let id = save(&tx, scope.tenant, &input, None)?;
            let rule = rule_setting(&tx, &scope, id)?;
            tx.commit()?;
            Ok(rule)
        })
        .await?;
    Ok((StatusCode::CREATED, Json(rule)))
}

/// `PATCH /api/routing-rules/{id}`: the whole form again. Conversations already started stay
/// with their team; the rule decides for new ones.
pub async fn update(
    State(state): State<AppState>,
    auth: Authenticated,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<RoutingRuleInput>,
) -> Result<Json<RoutingRuleSetting>, ApiError> {
    let rule = state
        .db
        .call(move |conn| {
            let scope = SettingsScope::load(conn, auth.user_id, Capability::ManageChannelSettings)?;
            rule_setting(conn, &scope, id)?;
            let input = input.normalized()?;
            let tx = conn.transaction()?;
            check(&tx, &scope, &input, Some(id))?;
            save(&tx, scope.tenant, &input, Some(id))?;
            let rule = rule_setting(&tx, &scope, id)?;
            tx.commit()?;
            Ok(rule)
        })
        .await?;
    Ok(Json(rule))
}

/// `DELETE /api/routing-rules/{id}`: its senders stay in the registry, unrouted (new
/// conversations on them go to the default team, see `inbound`).
pub async fn delete(
    State(state): State<AppState>,
    auth: Authenticated,
    ApiPath(id): ApiPath<i64>,
) -> Result<StatusCode, ApiError> {
    state
        .db
        .call(move |conn| {
            let scope = SettingsScope::load(conn, auth.user_id, Capability::ManageChannelSettings)?;
            rule_setting(conn, &scope, id)?;
            conn.execute("DELETE FROM routing_rules WHERE id = ?1", [id])?;
            Ok(())
        })
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
