//! A contact's message arrives (`POST /api/support/inbound`, support token) on one of a
//! tenant's senders. The reference server stands in for the providers' webhooks here.
//!
//! The sender decides everything: its tenant, its profile (and so the space and stream), and
//! through its routing rule the team of a conversation the contact starts. A sender without a
//! rule sends new conversations to the default team: the first team (lowest id, the oldest) of
//! the profile's space. So does a rule whose team has since moved out of the profile's space,
//! rather than losing the message.
//!
//! A contact writing again on the same profile continues their most recent conversation on it,
//! whatever its team, and reopens it when closed (product.md §2: contact × profile × team).

use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
use textpeak_api::{
    normalize_e164, normalize_sender, ErrorCode, InboundMessage, InboundReceipt, NamedRef, Stream,
    TeamRef,
};

use crate::clock;
use crate::db::optional_value;
use crate::http::problem::ApiError;
use crate::store::conversations::snooze;
use crate::store::events::{Mark, Watch};
use crate::store::settings::senders::SENDER_JOINS;

/// How much of the last message a conversation row shows, as the seeded data does.
const PREVIEW_CHARS: usize = 140;

/// How the contact is known on the stream.
enum ContactKey {
    Phone(String),
    TelegramHandle(String),
}

fn contact_key(stream: Stream, from: &str) -> Result<ContactKey, ApiError> {
    match stream {
        Stream::Sms | Stream::Whatsapp => normalize_e164(from)
            .map(ContactKey::Phone)
            .map_err(|m| ApiError::validation("from", m)),
        Stream::Telegram => {
            let handle = from.trim().trim_start_matches('@');
            let valid = (1..=64).contains(&handle.len())
                && handle
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_');
            if valid {
                Ok(ContactKey::TelegramHandle(handle.to_owned()))
            } else {
                Err(ApiError::validation(
                    "from",
                    format!(
                        "\u{201c}{}\u{201d} is not a Telegram username: letters, digits and underscores, for example @anna_smith.",
                        from.trim()
                    ),
                ))
            }
        }
    }
}

/// The sender a message arrived on, with its profile and rule.
struct Destination {
    tenant: i64,
    profile_id: i64,
    space: NamedRef,
    /// The rule's name and team, when its team is in the profile's space.
    rule: Option<(NamedRef, TeamRef)>,
}

fn destination(conn: &Connection, stream: Stream, to: &str) -> Result<Destination, ApiError> {
    // One row per tenant that registered the sender; None for a registration in no profile.
    let registrations: Vec<Option<Destination>> = conn
        .prepare(&format!(
            "SELECT s.tenant_id, p.id, ps.id, ps.name, r.id, r.name, t.id, t.name {SENDER_JOINS}
             LEFT JOIN teams t ON t.id = r.team_id AND t.space_id = p.space_id
             WHERE s.stream = ?1 AND s.address = ?2"
        ))?
        .query_map(params![stream.as_str(), to], |r| {
            let Some(profile_id) = r.get::<_, Option<i64>>(1)? else {
                return Ok(None);
            };
            let rule = match (r.get::<_, Option<i64>>(4)?, r.get::<_, Option<i64>>(6)?) {
                (Some(rule_id), Some(team_id)) => Some((
                    NamedRef {
                        id: rule_id,
                        name: r.get(5)?,
                    },
                    TeamRef {
                        id: team_id,
                        name: r.get(7)?,
                    },
                )),
                _ => None,
            };
            Ok(Some(Destination {
                tenant: r.get(0)?,
                profile_id,
                space: NamedRef {
                    id: r.get(2)?,
                    name: r.get(3)?,
                },
                rule,
            }))
        })?
        .collect::<rusqlite::Result<_>>()?;
    if registrations.is_empty() {
        return Err(ApiError::new(
            ErrorCode::NotFound,
            format!("No tenant has the sender {to} on {}", stream.as_str()),
        ));
    }
    let mut in_profiles = registrations.into_iter().flatten();
    let Some(found) = in_profiles.next() else {
        return Err(ApiError::validation(
            "to",
            "No sender profile uses this sender, so nobody could answer the conversation.",
        ));
    };
    // The registry is per tenant, so two tenants may both claim a number; guessing which one
    // the contact meant would hand a conversation to the wrong business.
    if in_profiles.next().is_some() {
        return Err(ApiError::new(
            ErrorCode::Conflict,
            "More than one tenant's sender profile uses this sender",
        ));
    }
    Ok(found)
}

/// The contact's id, created (unnamed) on their first message.
fn contact_id(conn: &Connection, tenant: i64, key: &ContactKey) -> Result<i64, ApiError> {
    let (column, value) = match key {
        ContactKey::Phone(phone) => ("phone", phone),
        ContactKey::TelegramHandle(handle) => ("telegram_handle", handle),
    };
    let found: Option<i64> = optional_value(
        conn,
        &format!("SELECT id FROM contacts WHERE tenant_id = ?1 AND {column} = ?2"),
        params![tenant, value],
    )?;
    if let Some(id) = found {
        return Ok(id);
    }
    conn.execute(
        &format!("INSERT INTO contacts (tenant_id, {column}, created_at) VALUES (?1, ?2, ?3)"),
        params![tenant, value, clock::now_text()],
    )?;
    Ok(conn.last_insert_rowid())
}

/// The team of a conversation the contact starts: the rule's, or the default team.
fn new_conversation_team(
    conn: &Connection,
    to: &Destination,
) -> Result<(TeamRef, Option<NamedRef>), ApiError> {
    if let Some((rule, team)) = &to.rule {
        return Ok((team.clone(), Some(rule.clone())));
    }
    let default: Option<TeamRef> = conn
        .query_row(
            "SELECT id, name FROM teams WHERE space_id = ?1 ORDER BY id LIMIT 1",
            [to.space.id],
            |r| {
                Ok(TeamRef {
                    id: r.get(0)?,
                    name: r.get(1)?,
                })
            },
        )
        .optional()?;
    default.map(|team| (team, None)).ok_or_else(|| {
        ApiError::new(
            ErrorCode::Conflict,
            format!(
                "The space \u{201c}{}\u{201d} has no team to receive the conversation",
                to.space.name
            ),
        )
    })
}

/// Delivers the message: it continues the contact's conversation on the profile (reopening it
/// when closed) or starts one with the team the sender routes to.
pub fn deliver(
    conn: &mut Connection,
    message: &InboundMessage,
) -> Result<InboundReceipt, ApiError> {
    let to =
        normalize_sender(message.stream, &message.to).map_err(|m| ApiError::validation("to", m))?;
    let key = contact_key(message.stream, &message.from)?;
    let text = message.text.trim();
    if text.is_empty() {
        return Err(ApiError::validation("text", "The message has no text."));
    }
    let preview: String = text.chars().take(PREVIEW_CHARS).collect();
    let now = clock::now_text();

    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let destination = destination(&tx, message.stream, &to)?;
    let contact = contact_id(&tx, destination.tenant, &key)?;
    let latest: Option<(i64, TeamRef, bool)> = tx
        .query_row(
            "SELECT c.id, t.id, t.name, c.status = 'closed'
             FROM conversations c JOIN teams t ON t.id = c.team_id
             WHERE c.contact_id = ?1 AND c.sender_profile_id = ?2
             ORDER BY c.last_activity_at DESC, c.id DESC LIMIT 1",
            params![contact, destination.profile_id],
            |r| {
                let team = TeamRef {
                    id: r.get(1)?,
                    name: r.get(2)?,
                };
                Ok((r.get(0)?, team, r.get(3)?))
            },
        )
        .optional()?;

    // The contact's message (and the wake and reopen lines around it) reach the live streams.
    let mark = Mark::take(&tx, Watch::Nothing)?;
    let receipt = match latest {
        Some((conversation_id, team, closed)) => {
            // The contact writing ends a snooze (the event comes before their message).
            snooze::wake_by_contact(&tx, conversation_id, &now)?;
            insert_inbound(&tx, conversation_id, text, &now)?;
            if closed {
                // Reopened by the contact's message, not by a person: an event without author.
                tx.execute(
                    "INSERT INTO messages (conversation_id, kind, event_type, created_at)
                     VALUES (?1, 'event', 'reopened', ?2)",
                    params![conversation_id, now],
                )?;
            }
            tx.execute(
                "UPDATE conversations SET status = 'open', unread_count = unread_count + 1,
                    last_message_preview = ?2, last_activity_at = ?3, last_inbound_at = ?3,
                    waiting_since = coalesce(waiting_since, ?3)
                 WHERE id = ?1",
                params![conversation_id, preview, now],
            )?;
            InboundReceipt {
                conversation_id,
                team,
                space: destination.space.clone(),
                rule: None,
                created: false,
            }
        }
        None => {
            let (team, rule) = new_conversation_team(&tx, &destination)?;
            tx.execute(
                "INSERT INTO conversations (tenant_id, space_id, team_id, contact_id,
                    sender_profile_id, stream, status, unread_count, last_message_preview,
                    last_activity_at, last_inbound_at, waiting_since, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'open', 1, ?7, ?8, ?8, ?8, ?8)",
                params![
                    destination.tenant,
                    destination.space.id,
                    team.id,
                    contact,
                    destination.profile_id,
                    message.stream.as_str(),
                    preview,
                    now
                ],
            )?;
            let conversation_id = tx.last_insert_rowid();
            insert_inbound(&tx, conversation_id, text, &now)?;
            InboundReceipt {
                conversation_id,
                team,
                space: destination.space.clone(),
                rule,
                created: true,
            }
        }
    };
    let created: &[i64] = if receipt.created {
        &[receipt.conversation_id]
    } else {
        &[]
    };
    mark.record(&tx, None, created)?;
    tx.commit()?;
    Ok(receipt)
}

fn insert_inbound(
    conn: &Connection,
    conversation_id: i64,
    text: &str,
    now: &str,
) -> Result<(), ApiError> {
    conn.execute(
        "INSERT INTO messages (conversation_id, kind, direction, body, created_at)
         VALUES (?1, 'reply', 'inbound', ?2, ?3)",
        params![conversation_id, text, now],
    )?;
    Ok(())
}
