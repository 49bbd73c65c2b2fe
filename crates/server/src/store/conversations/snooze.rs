//! The end of snoozes: by their time (the waker and the test clock) or because the contact
//! wrote (`store::inbound`). Ending one by hand is the Unsnooze action (`actions`).

use rusqlite::{params, Connection, TransactionBehavior};

use crate::clock;
use crate::http::problem::ApiError;
use crate::store::events::{Mark, Watch};

/// Ends every snooze whose time has come: the conversation is open again, at the top of the
/// list, with a `snooze_ended` event (no author: nobody did it). Answers how many.
pub fn wake_due(conn: &mut Connection) -> Result<u64, ApiError> {
    let now = clock::now_text();
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let mark = Mark::take(&tx, Watch::Nothing)?;
    tx.execute(
        "INSERT INTO messages (conversation_id, kind, event_type, created_at)
         SELECT id, 'event', 'snooze_ended', ?1 FROM conversations
         WHERE snoozed_until IS NOT NULL AND snoozed_until <= ?1 ORDER BY id",
        [&now],
    )?;
    let woken = tx.execute(
        "UPDATE conversations SET status = 'open', snoozed_until = NULL, last_activity_at = ?1
         WHERE snoozed_until IS NOT NULL AND snoozed_until <= ?1",
        [&now],
    )?;
    mark.record(&tx, None, &[])?;
    tx.commit()?;
    Ok(woken as u64)
}

/// The contact wrote to a snoozed conversation: it is open again, with a `woken_by_contact`
/// event (no author). Does nothing to a conversation that is not snoozed. Run inside the
/// transaction that stores the message.
pub fn wake_by_contact(conn: &Connection, id: i64, now: &str) -> Result<bool, ApiError> {
    let woken = conn.execute(
        "UPDATE conversations SET status = 'open', snoozed_until = NULL
         WHERE id = ?1 AND status = 'snoozed'",
        [id],
    )?;
    if woken > 0 {
        conn.execute(
            "INSERT INTO messages (conversation_id, kind, event_type, created_at)
             VALUES (?1, 'event', 'woken_by_contact', ?2)",
            params![id, now],
        )?;
    }
    Ok(woken > 0)
}
