//! Conversation rows as the API shows them: summaries with their tags, and the details panel.

use std::collections::HashMap;

use rusqlite::{Connection, OptionalExtension, Row};
use textpeak_api::{
    ContactInfo, ConversationDetail, ConversationStatus, ConversationSummary, Stream, TagRef,
    TeamRef,
};

use crate::http::problem::ApiError;
use crate::store::wire::{user_ref, wire};

pub const SUMMARY_COLUMNS: &str =
    "c.id, c.contact_id, k.name, k.phone, k.telegram_handle, c.stream,
    c.status, c.team_id, t.name, c.assignee_id, u.name, c.last_message_preview,
    c.last_activity_at, c.waiting_since, c.unread_count, c.snoozed_until";
pub const SUMMARY_JOINS: &str = "JOIN contacts k ON k.id = c.contact_id
    JOIN teams t ON t.id = c.team_id
    LEFT JOIN users u ON u.id = c.assignee_id";

/// A summary without its tags (see [`attach_tags`]), from [`SUMMARY_COLUMNS`].
pub fn summary_from_row(r: &Row) -> rusqlite::Result<ConversationSummary> {
    let assignee = user_ref(r, 9)?;
    Ok(ConversationSummary {
        id: r.get(0)?,
        contact: ContactInfo {
            id: r.get(1)?,
            name: r.get(2)?,
            phone: r.get(3)?,
            telegram: r.get(4)?,
        },
        stream: wire(Stream::parse, 5, r.get(5)?)?,
        status: wire(ConversationStatus::parse, 6, r.get(6)?)?,
        team: TeamRef {
            id: r.get(7)?,
            name: r.get(8)?,
        },
        assignee,
        tags: Vec::new(),
        preview: r.get(11)?,
        last_activity_at: r.get(12)?,
        waiting_since: r.get(13)?,
        unread_count: r.get(14)?,
        snoozed_until: r.get(15)?,
    })
}

pub fn attach_tags(conn: &Connection, items: &mut [ConversationSummary]) -> rusqlite::Result<()> {
    if items.is_empty() {
        return Ok(());
    }
    let ids = items
        .iter()
        .map(|c| c.id.to_string())
        .collect::<Vec<_>>()
        .join(",");
    let mut stmt = conn.prepare(&format!(
        "SELECT ct.conversation_id, g.id, g.name, g.color
         FROM conversation_tags ct JOIN tags g ON g.id = ct.tag_id
         WHERE ct.conversation_id IN ({ids}) ORDER BY g.name, g.id"
    ))?;
    let mut by_conversation: HashMap<i64, Vec<TagRef>> = HashMap::new();
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            TagRef {
                id: r.get(1)?,
                name: r.get(2)?,
                color: r.get(3)?,
            },
        ))
    })?;
    for row in rows {
        let (id, tag) = row?;
        by_conversation.entry(id).or_default().push(tag);
    }
    for item in items {
        item.tags = by_conversation.remove(&item.id).unwrap_or_default();
    }
    Ok(())
}

/// The details panel of a conversation the caller may see.
pub fn conversation_detail(conn: &Connection, id: i64) -> Result<ConversationDetail, ApiError> {
    let (summary, sender_profile, created_at) = conn
        .query_row(
            &format!(
                "SELECT {SUMMARY_COLUMNS}, p.name, c.created_at
                     FROM conversations c {SUMMARY_JOINS}
                     JOIN sender_profiles p ON p.id = c.sender_profile_id
                     WHERE c.id = ?1"
            ),
            [id],
            |r| Ok((summary_from_row(r)?, r.get(16)?, r.get(17)?)),
        )
        .optional()?
        .ok_or_else(ApiError::not_found)?;
    let mut one = [summary];
    attach_tags(conn, &mut one)?;
    let [summary] = one;
    Ok(ConversationDetail {
        summary,
        sender_profile,
        created_at,
    })
}
