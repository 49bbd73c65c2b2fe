//! What the dashboard changes: a conversation's status and its unread count.

use rusqlite::{params, Connection};
use textpeak_api::permissions;
use textpeak_api::{Capability, ConversationDetail, ConversationStatus, ErrorCode};

use crate::clock;
use crate::http::problem::ApiError;
use crate::store::conversations::caller::Caller;
use crate::store::conversations::rows::conversation_detail;

/// Closes or reopens a conversation the caller may see: needs `Close` or `Reopen` (a custom
/// role can lose either), adds the event to the thread, and answers the updated details.
/// Closing a closed conversation changes nothing and adds no event.
pub fn set_status(
    conn: &mut Connection,
    caller: &Caller,
    id: i64,
    status: ConversationStatus,
) -> Result<ConversationDetail, ApiError> {
    let (needs, event) = match status {
        ConversationStatus::Closed => (Capability::Close, "closed"),
        ConversationStatus::Open => (Capability::Reopen, "reopened"),
        ConversationStatus::Snoozed => {
            return Err(ApiError::validation("status", "A snooze needs a time"))
        }
    };
    if !permissions::can(&caller.subject, needs) {
        return Err(ApiError::new(
            ErrorCode::Forbidden,
            "Your role does not allow this",
        ));
    }
    let tx = conn.transaction()?;
    let now = clock::now_text();
    let changed = tx.execute(
        "UPDATE conversations SET status = ?1, last_activity_at = ?2 WHERE id = ?3 AND status <> ?1",
        params![status.as_str(), now, id],
    )?;
    if changed > 0 {
        tx.execute(
            "INSERT INTO messages (conversation_id, kind, author_id, event_type, created_at)
             VALUES (?1, 'event', ?2, ?3, ?4)",
            params![id, caller.viewer.user.id, event, now],
        )?;
    }
    tx.commit()?;
    conversation_detail(conn, id)
}

/// Opening a conversation marks it read.
pub fn mark_read(conn: &Connection, id: i64) -> Result<(), ApiError> {
    conn.execute(
        "UPDATE conversations SET unread_count = 0 WHERE id = ?1 AND unread_count <> 0",
        [id],
    )?;
    Ok(())
}
