//! The event log of live updates (`events`, migration 0005): what every write path records in
//! its own transaction, and what the live hub reads back.
//!
//! A conversation event carries the conversation's list row as it is after the change and the
//! thread entry the change added (built with the same row code as the REST answers, so the
//! stream and the lists never disagree), and the access columns the hub filters on.

use std::collections::HashMap;

use rusqlite::{params, Connection, OptionalExtension};
use textpeak_api::live::{ConversationChange, LiveEvent};
use textpeak_api::permissions::ConversationAccess;
use textpeak_api::{ConversationSummary, Message, UserRef};

use crate::clock;
use crate::domain::live::EventAccess;
use crate::http::problem::ApiError;
use crate::store::conversations::rows::{
    attach_tags, summary_from_row, SUMMARY_COLUMNS, SUMMARY_JOINS,
};
use crate::store::conversations::thread::{message_from_row, MESSAGE_COLUMNS, MESSAGE_JOINS};

/// One row of the log, as the hub reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoggedEvent {
    pub id: i64,
    pub tenant_id: i64,
    pub space_id: Option<i64>,
    pub conversation_id: Option<i64>,
    /// Who may see it: always there for a `conversation` event, never for `access_changed`
    /// (the only two kinds the log holds).
    pub access: Option<EventAccess>,
    /// The `LiveEvent` as JSON.
    pub payload: String,
}

/// The team and assignee of a conversation: what decides who sees it within its space.
type Holder = (i64, Option<i64>);

/// One conversation event to record.
#[derive(Debug, Clone)]
pub struct ConversationEvent {
    pub conversation_id: i64,
    pub change: ConversationChange,
    pub message_id: Option<i64>,
    pub actor: Option<i64>,
    /// The team and assignee before the change, when the change may have altered them.
    pub prior: Option<Holder>,
}

/// Which conversations' team and assignee a [`Mark`] remembers, to record who saw them before.
#[derive(Debug, Clone, Copy)]
pub enum Watch<'a> {
    /// The change moves or reassigns nothing.
    Nothing,
    One(i64),
    /// The ids a query selects (the actions' selection table).
    Query(&'a str),
}

/// The state before a change: the newest message id (every message written after it, in this
/// transaction, is the change's) and the access of the watched conversations.
#[derive(Debug)]
pub struct Mark {
    last_message_id: i64,
    prior: HashMap<i64, Holder>,
}

impl Mark {
    /// Taken inside the change's transaction, before it writes anything.
    pub fn take(conn: &Connection, watch: Watch) -> Result<Mark, ApiError> {
        let last_message_id: i64 =
            conn.query_row("SELECT coalesce(max(id), 0) FROM messages", [], |r| {
                r.get(0)
            })?;
        let ids = match watch {
            Watch::Nothing => None,
            Watch::One(id) => Some(id.to_string()),
            Watch::Query(sql) => Some(sql.to_owned()),
        };
        let mut prior = HashMap::new();
        if let Some(ids) = ids {
            let mut stmt = conn.prepare(&format!(
                "SELECT id, team_id, assignee_id FROM conversations WHERE id IN ({ids})"
            ))?;
            let rows = stmt.query_map([], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?))))?;
            for row in rows {
                let (id, holder) = row?;
                prior.insert(id, holder);
            }
        }
        Ok(Mark {
            last_message_id,
            prior,
        })
    }

    /// Records one event per thread entry written since the mark, in their order: `Created`
    /// for the first entry of a conversation in `created`, `Message` for replies and notes,
    /// `Updated` for the event lines of actions. Answers how many.
    pub fn record(
        self,
        conn: &Connection,
        actor: Option<i64>,
        created: &[i64],
    ) -> Result<usize, ApiError> {
        let mut stmt = conn.prepare_cached(
            "SELECT id, conversation_id, kind FROM messages WHERE id > ?1 ORDER BY id",
        )?;
        let written = stmt
            .query_map([self.last_message_id], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, i64>(1)?,
                    r.get::<_, String>(2)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let mut first_seen: Vec<i64> = Vec::new();
        let events: Vec<ConversationEvent> = written
            .into_iter()
            .map(|(message_id, conversation_id, kind)| {
                let change = if created.contains(&conversation_id)
                    && !first_seen.contains(&conversation_id)
                {
                    first_seen.push(conversation_id);
                    ConversationChange::Created
                } else if kind == "event" {
                    ConversationChange::Updated
                } else {
                    ConversationChange::Message
                };
                ConversationEvent {
                    conversation_id,
                    change,
                    message_id: Some(message_id),
                    actor,
                    prior: self.prior.get(&conversation_id).copied(),
                }
            })
            .collect();
        record_conversations(conn, &events)?;
        Ok(events.len())
    }
}

/// Records one conversation event without a [`Mark`] (a delivery status, a read).
pub fn record_conversation(
    conn: &Connection,
    conversation_id: i64,
    change: ConversationChange,
    message_id: Option<i64>,
    actor: Option<i64>,
) -> Result<(), ApiError> {
    record_conversations(
        conn,
        &[ConversationEvent {
            conversation_id,
            change,
            message_id,
            actor,
            prior: None,
        }],
    )
}

/// A JSON array of ids, for `IN (SELECT value FROM json_each(?))`.
fn id_array(ids: impl IntoIterator<Item = i64>) -> String {
    let ids: Vec<i64> = ids.into_iter().collect();
    serde_json::to_string(&ids).unwrap_or_else(|_| "[]".into())
}

/// Conversation rows as they are now, with tenant and space.
fn summaries(
    conn: &Connection,
    ids: &[i64],
) -> Result<HashMap<i64, (ConversationSummary, i64, i64)>, ApiError> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {SUMMARY_COLUMNS}, c.tenant_id, c.space_id FROM conversations c {SUMMARY_JOINS}
         WHERE c.id IN (SELECT value FROM json_each(?1))"
    ))?;
    let rows = stmt
        .query_map([id_array(ids.iter().copied())], |r| {
            Ok((
                summary_from_row(r)?,
                r.get::<_, i64>(16)?,
                r.get::<_, i64>(17)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let (mut items, places): (Vec<ConversationSummary>, Vec<(i64, i64)>) = rows
        .into_iter()
        .map(|(summary, tenant, space)| (summary, (tenant, space)))
        .unzip();
    attach_tags(conn, &mut items)?;
    Ok(items
        .into_iter()
        .zip(places)
        .map(|(summary, (tenant, space))| (summary.id, (summary, tenant, space)))
        .collect())
}

fn messages(conn: &Connection, ids: &[i64]) -> Result<HashMap<i64, Message>, ApiError> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let mut stmt = conn.prepare(&format!(
        "SELECT {MESSAGE_COLUMNS} FROM {MESSAGE_JOINS}
         WHERE m.id IN (SELECT value FROM json_each(?1))"
    ))?;
    let rows = stmt
        .query_map([id_array(ids.iter().copied())], message_from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows.into_iter().map(|m| (m.id, m)).collect())
}

fn actors(conn: &Connection, ids: &[i64]) -> Result<HashMap<i64, UserRef>, ApiError> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, name FROM users WHERE id IN (SELECT value FROM json_each(?1))",
    )?;
    let rows = stmt
        .query_map([id_array(ids.iter().copied())], |r| {
            Ok(UserRef {
                id: r.get(0)?,
                name: r.get(1)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows.into_iter().map(|u| (u.id, u)).collect())
}

/// Records conversation events, in the given order: each with its conversation's row as it is
/// now (one read for all of them, however many).
pub fn record_conversations(
    conn: &Connection,
    events: &[ConversationEvent],
) -> Result<(), ApiError> {
    if events.is_empty() {
        return Ok(());
    }
    let mut conversation_ids: Vec<i64> = events.iter().map(|e| e.conversation_id).collect();
    conversation_ids.sort_unstable();
    conversation_ids.dedup();
    let rows = summaries(conn, &conversation_ids)?;
    let message_ids: Vec<i64> = events.iter().filter_map(|e| e.message_id).collect();
    let mut messages = messages(conn, &message_ids)?;
    let mut actor_ids: Vec<i64> = events.iter().filter_map(|e| e.actor).collect();
    actor_ids.sort_unstable();
    actor_ids.dedup();
    let actors = actors(conn, &actor_ids)?;
    let now = clock::now_text();
    let mut insert = conn.prepare_cached(
        "INSERT INTO events (tenant_id, space_id, conversation_id, team_id, assignee_id,
             prior_team_id, prior_assignee_id, payload, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?;
    for event in events {
        let Some((summary, tenant_id, space_id)) = rows.get(&event.conversation_id) else {
            // Deleted in the same transaction: nobody can be shown it any more.
            continue;
        };
        let holder = (summary.team.id, summary.assignee.as_ref().map(|u| u.id));
        let prior = event.prior.filter(|prior| *prior != holder);
        let message = event.message_id.and_then(|id| messages.remove(&id));
        let live = LiveEvent::Conversation {
            space_id: *space_id,
            change: event.change,
            conversation: summary.clone(),
            message,
            actor: event.actor.and_then(|id| actors.get(&id).cloned()),
        };
        let payload = serde_json::to_string(&live)
            .map_err(|e| ApiError::internal(format!("event payload: {e}")))?;
        insert.execute(params![
            tenant_id,
            space_id,
            event.conversation_id,
            holder.0,
            holder.1,
            prior.map(|p| p.0),
            prior.and_then(|p| p.1),
            payload,
            now
        ])?;
    }
    Ok(())
}

/// Records that settings or access of the tenant (or of one of its spaces) changed.
pub fn record_access_changed(
    conn: &Connection,
    tenant_id: i64,
    space_id: Option<i64>,
) -> Result<(), ApiError> {
    let payload = serde_json::to_string(&LiveEvent::AccessChanged { space_id })
        .map_err(|e| ApiError::internal(format!("event payload: {e}")))?;
    conn.prepare_cached(
        "INSERT INTO events (tenant_id, space_id, payload, created_at) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![tenant_id, space_id, payload, clock::now_text()])?;
    Ok(())
}

/// Up to `limit` events after `after_id`, oldest first.
pub fn since(conn: &Connection, after_id: i64, limit: usize) -> Result<Vec<LoggedEvent>, ApiError> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, tenant_id, space_id, conversation_id, team_id, assignee_id, prior_team_id,
                prior_assignee_id, payload
         FROM events WHERE id > ?1 ORDER BY id LIMIT ?2",
    )?;
    let rows = stmt
        .query_map(params![after_id, limit as i64], |r| {
            let space_id: Option<i64> = r.get(2)?;
            let conversation: Option<i64> = r.get(3)?;
            let team: Option<i64> = r.get(4)?;
            let access = match (space_id, conversation, team) {
                (Some(space_id), Some(_), Some(team_id)) => {
                    let at = |team_id, assignee_id| ConversationAccess {
                        space_id,
                        team_id,
                        assignee_id,
                    };
                    let prior_team: Option<i64> = r.get(6)?;
                    Some(EventAccess {
                        now: at(team_id, r.get(5)?),
                        prior: match prior_team {
                            Some(team) => Some(at(team, r.get(7)?)),
                            None => None,
                        },
                    })
                }
                _ => None,
            };
            Ok(LoggedEvent {
                id: r.get(0)?,
                tenant_id: r.get(1)?,
                space_id,
                conversation_id: conversation,
                access,
                payload: r.get(8)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// The oldest retained and the newest id of the log (the newest ever written, even when
/// pruning or a reset emptied it; 0 before the first event). None oldest: the log is empty.
pub fn bounds(conn: &Connection) -> Result<(Option<i64>, i64), ApiError> {
    let (oldest, newest): (Option<i64>, Option<i64>) =
        conn.query_row("SELECT min(id), max(id) FROM events", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?;
    let newest = match newest {
        Some(id) => id,
        None => conn
            .query_row(
                "SELECT seq FROM sqlite_sequence WHERE name = 'events'",
                [],
                |r| r.get(0),
            )
            .optional()?
            .unwrap_or(0),
    };
    Ok((oldest, newest))
}

/// Keeps the newest `keep` events; answers how many were removed.
pub fn prune(conn: &Connection, keep: u64) -> Result<usize, ApiError> {
    let keep = i64::try_from(keep).unwrap_or(i64::MAX);
    Ok(conn.execute(
        "DELETE FROM events WHERE id <= (SELECT max(id) FROM events) - ?1",
        [keep],
    )?)
}

/// The tenant of a conversation and who may see it; None when it does not exist.
pub fn conversation_access(
    conn: &Connection,
    id: i64,
) -> Result<Option<(i64, ConversationAccess)>, ApiError> {
    Ok(conn
        .prepare_cached(
            "SELECT tenant_id, space_id, team_id, assignee_id FROM conversations WHERE id = ?1",
        )?
        .query_row([id], |r| {
            Ok((
                r.get(0)?,
                ConversationAccess {
                    space_id: r.get(1)?,
                    team_id: r.get(2)?,
                    assignee_id: r.get(3)?,
                },
            ))
        })
        .optional()?)
}
