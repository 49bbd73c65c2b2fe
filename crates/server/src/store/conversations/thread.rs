//! A page of a conversation's thread, newest last, and one message as the thread shows it.

use rusqlite::types::Value;
use rusqlite::{params_from_iter, Connection, OptionalExtension, Row};
use textpeak_api::{DeliveryStatus, Direction, Message, MessageKind, MessagePage, TagRef, TeamRef};

use crate::http::problem::ApiError;
use crate::store::conversations::cursor::Cursor;
use crate::store::wire::{user_ref, wire};

/// The `limit` messages just before `before` (the newest without it), oldest first, with the
/// cursor of the page before when there is one.
pub fn page(
    conn: &Connection,
    id: i64,
    limit: usize,
    before: Option<&Cursor>,
) -> Result<MessagePage, ApiError> {
    let mut conds = vec!["m.conversation_id = ?".to_owned()];
    let mut values = vec![Value::Integer(id)];
    if let Some(b) = before {
        conds.push("(m.created_at < ? OR (m.created_at = ? AND m.id < ?))".into());
        values.extend([
            Value::Text(b.key.clone()),
            Value::Text(b.key.clone()),
            Value::Integer(b.id),
        ]);
    }
    let sql = format!(
        "SELECT {MESSAGE_COLUMNS} FROM {MESSAGE_JOINS}
         WHERE {} ORDER BY m.created_at DESC, m.id DESC LIMIT {}",
        conds.join(" AND "),
        limit + 1
    );
    let mut stmt = conn.prepare(&sql)?;
    let mut items = stmt
        .query_map(params_from_iter(values.iter()), message_from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let more = items.len() > limit;
    items.truncate(limit);
    items.reverse();
    let before_cursor = if more {
        items.first().map(|m| {
            Cursor {
                part: 'm',
                key: m.created_at.clone(),
                id: m.id,
            }
            .encode()
        })
    } else {
        None
    };
    Ok(MessagePage {
        items,
        before_cursor,
    })
}

/// The columns [`message_from_row`] reads, from [`MESSAGE_JOINS`]. An outbound reply shows the
/// profile it went out from; seeded history, which has none recorded, the conversation's.
pub const MESSAGE_COLUMNS: &str =
    "m.id, m.kind, m.direction, m.author_id, u.name, m.body, m.event_type,
    m.status, m.failure_reason, m.created_at,
    m.event_user_id, eu.name, m.event_tag_id, t.name, t.color,
    CASE WHEN m.direction = 'outbound' THEN coalesce(mp.name, cp.name) END, m.client_id,
    m.event_team_id, et.name, m.event_until";
pub const MESSAGE_JOINS: &str = "messages m
    JOIN conversations c ON c.id = m.conversation_id
    LEFT JOIN sender_profiles cp ON cp.id = c.sender_profile_id
    LEFT JOIN sender_profiles mp ON mp.id = m.sender_profile_id
    LEFT JOIN users u ON u.id = m.author_id
    LEFT JOIN users eu ON eu.id = m.event_user_id
    LEFT JOIN tags t ON t.id = m.event_tag_id
    LEFT JOIN teams et ON et.id = m.event_team_id";

/// A message from [`MESSAGE_COLUMNS`].
pub fn message_from_row(r: &Row) -> rusqlite::Result<Message> {
    let author = user_ref(r, 3)?;
    Ok(Message {
        id: r.get(0)?,
        kind: wire(MessageKind::parse, 1, r.get(1)?)?,
        direction: r
            .get::<_, Option<String>>(2)?
            .map(|s| wire(Direction::parse, 2, s))
            .transpose()?,
        author,
        body: r.get(5)?,
        event: r.get(6)?,
        status: r
            .get::<_, Option<String>>(7)?
            .map(|s| wire(DeliveryStatus::parse, 7, s))
            .transpose()?,
        failure_reason: r.get(8)?,
        created_at: r.get(9)?,
        sender_profile: r.get(15)?,
        client_id: r.get(16)?,
        event_user: user_ref(r, 10)?,
        event_team: match r.get::<_, Option<i64>>(17)? {
            Some(id) => Some(TeamRef {
                id,
                name: r.get(18)?,
            }),
            None => None,
        },
        event_until: r.get(19)?,
        event_tag: match r.get::<_, Option<i64>>(12)? {
            Some(id) => Some(TagRef {
                id,
                name: r.get(13)?,
                color: r.get(14)?,
            }),
            None => None,
        },
    })
}

/// One message, as the thread shows it.
pub fn message(conn: &Connection, id: i64) -> Result<Message, ApiError> {
    conn.query_row(
        &format!("SELECT {MESSAGE_COLUMNS} FROM {MESSAGE_JOINS} WHERE m.id = ?1"),
        [id],
        message_from_row,
    )
    .optional()?
    .ok_or_else(ApiError::not_found)
}
