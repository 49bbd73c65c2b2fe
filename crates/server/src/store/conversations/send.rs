//! `POST /api/conversations/{id}/messages`: a reply or an internal note written in the Inbox.
//!
//! In one short write transaction (`BEGIN IMMEDIATE`, as every read-then-write here): a retry
//! of a stored `client_id` answers the stored message; otherwise the role, the sender profile,
//! the template and the channel rules (`textpeak_api::compose`, the composer's own) decide, and
//! the message is stored: a reply outbound and `queued` for the delivery simulator, a note
//! without status. A reply updates the conversation as an inbound message does (preview, last
//! activity) and ends the contact's wait; a reply to a closed conversation reopens it.

use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
use textpeak_api::permissions;
use textpeak_api::{
    check_note, check_reply, fill_placeholders, Capability, ConversationStatus, ErrorCode, Message,
    MessageKind, Problem, ReplyFacts, RuleViolation, SendMessage, Stream, CLIENT_ID_MAX,
};

use crate::clock;
use crate::domain::compose::{same_request, whatsapp_window_open, SendRequest};
use crate::http::problem::ApiError;
use crate::store::conversations::caller::Caller;
use crate::store::conversations::compose::{
    default_profile, facts, placeholder_values, template, usable_profiles, ConversationFacts,
};
use crate::store::conversations::thread;
use crate::store::events::{Mark, Watch};

/// How much of the last message a conversation row shows, as inbound messages and the seed do.
const PREVIEW_CHARS: usize = 140;

/// The stored message, and whether this request created it (false: a retry).
#[derive(Debug)]
pub struct Sent {
    pub message: Message,
    pub created: bool,
}

fn forbidden(title: &str) -> ApiError {
    ApiError::new(ErrorCode::Forbidden, title)
}

/// 422 `channel_rule` naming the rule, on the body.
pub fn rule_problem(violation: &RuleViolation) -> ApiError {
    ApiError::Problem(
        Problem::new(ErrorCode::ChannelRule, violation.message())
            .with_rule(violation.rule())
            .with_field("body"),
    )
}

/// A client id: 1 to [`CLIENT_ID_MAX`] visible ASCII characters (a UUID, typically).
fn valid_client_id(id: &str) -> bool {
    (1..=CLIENT_ID_MAX).contains(&id.len()) && id.bytes().all(|b| b.is_ascii_graphic())
}

/// 422 on `client_id` unless it is 1 to [`CLIENT_ID_MAX`] visible characters.
pub fn check_client_id(id: &str) -> Result<(), ApiError> {
    if valid_client_id(id) {
        Ok(())
    } else {
        Err(ApiError::validation(
            "client_id",
            format!("The client id must be 1 to {CLIENT_ID_MAX} visible characters."),
        ))
    }
}

/// 403 unless the caller's role may send a message of this kind (422 for an event).
pub fn require_send_permission(caller: &Caller, kind: MessageKind) -> Result<(), ApiError> {
    let needs = match kind {
        MessageKind::Reply => Capability::Reply,
        MessageKind::Note => Capability::AddNotes,
        MessageKind::Event => {
            return Err(ApiError::validation(
                "kind",
                "Only replies and notes can be sent.",
            ))
        }
    };
    if !permissions::can(&caller.subject, needs) {
        return Err(forbidden(match kind {
            MessageKind::Note => "Your role does not allow adding notes",
            _ => "Your role does not allow replying",
        }));
    }
    Ok(())
}

/// Sends `input` in conversation `id`, which the caller may see.
pub fn send(
    conn: &mut Connection,
    caller: &Caller,
    id: i64,
    input: &SendMessage,
) -> Result<Sent, ApiError> {
    check_client_id(&input.client_id)?;
    require_send_permission(caller, input.kind)?;
    let body = input.body.trim();
    let author = caller.viewer.user.id;

    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    if let Some(first) = stored_send(&tx, author, &input.client_id)? {
        let retry = SendRequest {
            conversation_id: id,
            kind: input.kind,
            body,
            sender_profile_id: input.sender_profile_id,
        };
        check_repeat(&retry, &first)?;
        return Ok(Sent {
            message: thread::message(&tx, first.message_id)?,
            created: false,
        });
    }
    let facts = facts(&tx, caller.viewer.tenant.id, id)?;
    let mark = Mark::take(&tx, Watch::Nothing)?;
    let now = clock::now();
    let now_text = clock::format(now);
    let message_id = match input.kind {
        MessageKind::Note => {
            if let Some(template_id) = input.template_id {
                template(&tx, caller.viewer.tenant.id, template_id)?;
            }
            check_note(body).map_err(|v| rule_problem(&v))?;
            tx.execute(
                "INSERT INTO messages (conversation_id, kind, author_id, body, client_id,
                    created_at)
                 VALUES (?1, 'note', ?2, ?3, ?4, ?5)",
                params![id, author, body, input.client_id, now_text],
            )?;
            let message_id = tx.last_insert_rowid();
            tx.execute(
                "UPDATE conversations SET last_activity_at = max(last_activity_at, ?2)
                 WHERE id = ?1",
                params![id, now_text],
            )?;
            message_id
        }
        _ => {
            let profile = reply_profile(&tx, caller, &facts, input.sender_profile_id)?;
            send_reply(&tx, caller, &facts, input, body, profile, now)?
        }
    };
    let message = thread::message(&tx, message_id)?;
    mark.record(&tx, Some(author), &[])?;
    tx.commit()?;
    Ok(Sent {
        message,
        created: true,
    })
}

/// Sends the reply `body` (trimmed) from `profile` in the conversation of `facts`, inside the
/// caller's transaction: the template (if named) and the channel rules decide (422
/// `channel_rule` on the body), then the message is stored outbound and `queued` for the
/// delivery simulator, a closed conversation reopens (with the event; a snoozed one stays
/// snoozed), and the conversation shows it (preview, last activity) and no longer waits. Answers the message's id.
pub fn send_reply(
    tx: &Connection,
    caller: &Caller,
    facts: &ConversationFacts,
    input: &SendMessage,
    body: &str,
    profile: i64,
    now: time::OffsetDateTime,
) -> Result<i64, ApiError> {
    let id = facts.id;
    let author = caller.viewer.user.id;
    let now_text = clock::format(now);
    let approved_template = approved_template(tx, caller, facts, input, body)?;
    let last_inbound = facts.last_inbound_at.as_deref().and_then(clock::parse);
    let rules = ReplyFacts {
        stream: facts.stream,
        window_open: whatsapp_window_open(last_inbound, now),
        contact_started_chat: facts.contact_started_chat,
        approved_template,
    };
    check_reply(body, &rules).map_err(|v| rule_problem(&v))?;
    if facts.status == ConversationStatus::Closed {
        tx.execute(
            "INSERT INTO messages (conversation_id, kind, author_id, event_type, created_at)
             VALUES (?1, 'event', ?2, 'reopened', ?3)",
            params![id, author, now_text],
        )?;
    }
    tx.execute(
        "INSERT INTO messages (conversation_id, kind, direction, author_id, body, status,
            sender_profile_id, client_id, created_at, status_changed_at)
         VALUES (?1, 'reply', 'outbound', ?2, ?3, 'queued', ?4, ?5, ?6, ?6)",
        params![id, author, body, profile, input.client_id, now_text],
    )?;
    let message_id = tx.last_insert_rowid();
    let preview: String = body.chars().take(PREVIEW_CHARS).collect();
    tx.execute(
        // A reply reopens a closed conversation; a snoozed one stays snoozed (it waits for the
        // contact's answer, or its time).
        "UPDATE conversations SET status = CASE status WHEN 'closed' THEN 'open' ELSE status END,
            last_message_preview = ?2,
            last_activity_at = max(last_activity_at, ?3), waiting_since = NULL
         WHERE id = ?1",
        params![id, preview, now_text],
    )?;
    Ok(message_id)
}

/// A message an earlier request stored under a client id, as far as a retry must repeat it.
#[derive(Debug, Clone)]
pub struct StoredSend {
    pub message_id: i64,
    pub conversation_id: i64,
    pub kind: MessageKind,
    pub body: String,
    pub sender_profile_id: Option<i64>,
}

/// The message the caller already stored under `client_id`, if any.
pub fn stored_send(
    conn: &Connection,
    author: i64,
    client_id: &str,
) -> Result<Option<StoredSend>, ApiError> {
    Ok(conn
        .query_row(
            "SELECT id, conversation_id, kind, body, sender_profile_id FROM messages
             WHERE author_id = ?1 AND client_id = ?2",
            params![author, client_id],
            |r| {
                Ok(StoredSend {
                    message_id: r.get(0)?,
                    conversation_id: r.get(1)?,
                    kind: MessageKind::parse(&r.get::<_, String>(2)?).unwrap_or(MessageKind::Event),
                    body: r.get(3)?,
                    sender_profile_id: r.get(4)?,
                })
            },
        )
        .optional()?)
}

/// Ok when `retry` repeats the request that stored `first` under the same key; 422
/// `idempotency_key_reused` when the key was used for something else.
pub fn check_repeat(retry: &SendRequest, first: &StoredSend) -> Result<(), ApiError> {
    let stored = SendRequest {
        conversation_id: first.conversation_id,
        kind: first.kind,
        body: &first.body,
        sender_profile_id: first.sender_profile_id,
    };
    if same_request(retry, &stored) {
        Ok(())
    } else {
        Err(ApiError::Problem(
            Problem::new(
                ErrorCode::IdempotencyKeyReused,
                "This message id was already used for another message",
            )
            .with_detail("Send a new message with a new client id (Idempotency-Key).")
            .with_field("client_id"),
        ))
    }
}

/// The profile a reply goes out from: the one asked for, which must be of the conversation's
/// space and stream (422) and usable by the caller (403), or the composer's default.
fn reply_profile(
    conn: &Connection,
    caller: &Caller,
    facts: &ConversationFacts,
    asked: Option<i64>,
) -> Result<i64, ApiError> {
    let usable = usable_profiles(conn, caller, facts)?;
    match asked {
        Some(id) if usable.iter().any(|p| p.id == id) => Ok(id),
        Some(id) => {
            let exists: bool = conn
                .prepare(
                    "SELECT 1 FROM sender_profiles
                     WHERE id = ?1 AND tenant_id = ?2 AND space_id = ?3 AND stream = ?4",
                )?
                .exists(params![
                    id,
                    caller.viewer.tenant.id,
                    facts.space_id,
                    facts.stream.as_str()
                ])?;
            if exists {
                Err(ApiError::Problem(
                    Problem::new(
                        ErrorCode::Forbidden,
                        "You may not send from this sender profile",
                    )
                    .with_field("sender_profile_id"),
                ))
            } else {
                Err(ApiError::validation(
                    "sender_profile_id",
                    "Choose a sender profile of this conversation's channel and space.",
                ))
            }
        }
        None => default_profile(&usable, facts).ok_or_else(|| {
            ApiError::Problem(
                Problem::new(
                    ErrorCode::Forbidden,
                    "No sender profile of this channel is available to you",
                )
                .with_field("sender_profile_id"),
            )
        }),
    }
}

/// Whether the reply is an approved WhatsApp template, unchanged: the only way to write after
/// the window. A template named must be the tenant's and suit the stream (422 otherwise).
fn approved_template(
    conn: &Connection,
    caller: &Caller,
    facts: &ConversationFacts,
    input: &SendMessage,
    body: &str,
) -> Result<bool, ApiError> {
    let Some(template_id) = input.template_id else {
        return Ok(false);
    };
    let found = template(conn, caller.viewer.tenant.id, template_id)?;
    if !found.suits(facts.stream) {
        return Err(ApiError::validation(
            "template_id",
            "This template is for another channel.",
        ));
    }
    let filled = fill_placeholders(&found.template.body, &placeholder_values(caller, facts));
    Ok(facts.stream == Stream::Whatsapp
        && found.template.whatsapp_approved
        && body == filled.trim())
}
