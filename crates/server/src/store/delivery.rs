//! Delivery statuses of outbound replies: what a provider's status callback
//! (`POST /api/support/delivery-status`) and the delivery simulator both apply, through the one
//! function [`apply`], and what the simulator still has to move.
//!
//! Callbacks arrive out of order (docs/channels.md): a status only moves forward
//! (`DeliveryStatus::can_become`, and the schema's trigger behind it); a late or repeated one
//! changes nothing and is answered with the message as it is.

use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
use textpeak_api::live::ConversationChange;
use textpeak_api::{DeliveryCallback, DeliveryStatus, ErrorCode, Message, Problem, Stream};

use crate::clock;
use crate::http::problem::ApiError;
use crate::store::conversations::thread;
use crate::store::events;
use crate::store::wire::wire;

/// The reason a failure without one is stored with.
pub const DEFAULT_FAILURE_REASON: &str = "The provider reported the message as failed";
/// The longest failure reason kept.
const REASON_MAX_CHARS: usize = 300;

/// Whether `status` exists on the stream: SMS has no read receipts, Telegram bots neither
/// delivered nor read.
pub fn exists_on(stream: Stream, status: DeliveryStatus) -> bool {
    status == DeliveryStatus::Failed || DeliveryStatus::path(stream).contains(&status)
}

/// Applies a status to an outbound reply when it moves it forward; answers the message as it
/// now is. 404 for anything but an outbound reply; 422 for a status the channel does not have.
pub fn apply(conn: &mut Connection, callback: &DeliveryCallback) -> Result<Message, ApiError> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let row: Option<(String, String)> = tx
        .query_row(
            "SELECT m.status, c.stream FROM messages m
             JOIN conversations c ON c.id = m.conversation_id
             WHERE m.id = ?1 AND m.kind = 'reply' AND m.direction = 'outbound'",
            [callback.message_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let (current, stream) =
        row.ok_or_else(|| ApiError::new(ErrorCode::NotFound, "No outbound message with this id"))?;
    let current = wire(DeliveryStatus::parse, 0, current)?;
    let stream = wire(Stream::parse, 1, stream)?;
    if !exists_on(stream, callback.status) {
        return Err(ApiError::Problem(
            Problem::new(
                ErrorCode::Validation,
                format!(
                    "{} messages have no \u{201c}{}\u{201d} status",
                    stream.as_str(),
                    callback.status.as_str()
                ),
            )
            .with_field("status"),
        ));
    }
    let moves = current.can_become(callback.status);
    if moves {
        let reason = (callback.status == DeliveryStatus::Failed).then(|| {
            callback
                .reason
                .as_deref()
                .map(str::trim)
                .filter(|r| !r.is_empty())
                .map(|r| r.chars().take(REASON_MAX_CHARS).collect::<String>())
                .unwrap_or_else(|| DEFAULT_FAILURE_REASON.to_owned())
        });
        tx.execute(
            "UPDATE messages SET status = ?2, failure_reason = ?3, status_changed_at = ?4
             WHERE id = ?1",
            params![
                callback.message_id,
                callback.status.as_str(),
                reason,
                clock::now_text()
            ],
        )?;
    }
    let message = thread::message(&tx, callback.message_id)?;
    if moves {
        let conversation_id: i64 = tx.query_row(
            "SELECT conversation_id FROM messages WHERE id = ?1",
            [callback.message_id],
            |r| r.get(0),
        )?;
        events::record_conversation(
            &tx,
            conversation_id,
            ConversationChange::Delivery,
            Some(message.id),
            None,
        )?;
    }
    tx.commit()?;
    Ok(message)
}

/// An outbound reply sent from the Inbox whose status is not final yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Undelivered {
    pub message_id: i64,
    pub conversation_id: i64,
    pub stream: Stream,
    pub status: DeliveryStatus,
}

/// The Inbox's outbound replies after `after_id` that have not reached a final status, oldest
/// first (ids grow with every insert, so this is the order they were sent in).
pub fn undelivered_after(conn: &Connection, after_id: i64) -> Result<Vec<Undelivered>, ApiError> {
    let rows = conn
        .prepare_cached(
            "SELECT m.id, m.conversation_id, c.stream, m.status FROM messages m
             JOIN conversations c ON c.id = m.conversation_id
             WHERE m.id > ?1 AND m.client_id IS NOT NULL
               AND m.status IN ('queued', 'sent', 'delivered')
             ORDER BY m.id",
        )?
        .query_map([after_id], |r| {
            Ok(Undelivered {
                message_id: r.get(0)?,
                conversation_id: r.get(1)?,
                stream: wire(Stream::parse, 2, r.get(2)?)?,
                status: wire(DeliveryStatus::parse, 3, r.get(3)?)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows
        .into_iter()
        .filter(|m| !m.status.is_final(m.stream))
        .collect())
}
