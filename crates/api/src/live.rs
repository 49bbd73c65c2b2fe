//! Live updates: the Server-Sent Events stream of `GET /api/events` and the presence of
//! colleagues in a conversation.
//!
//! Every change is written to the server's event log, in the same transaction as the change,
//! with a monotonically increasing id (the SSE `id:` line). A client that reconnects sends the
//! last id it saw as `Last-Event-ID` and receives every later event once; when that id is older
//! than the retained log (or unknown) it receives [`LiveEvent::Reset`] and refetches. Each event
//! is filtered per subscriber by the same visibility rules as the REST endpoints: a stream never
//! carries a conversation (not even its id) that its user may not see. Presence is not logged:
//! it travels without an `id:` line and is lost on a reconnect, as it expires anyway.
//!
//! The SSE `event:` name of an event is [`LiveEvent::name`], its `data:` the JSON of the
//! [`LiveEvent`] itself (with its `type`), so a client can parse `data` alone.

use serde::{Deserialize, Serialize};

use crate::conversations::{ConversationSummary, Message, MessageKind, UserRef};
use crate::wire::wire_enum;

/// The server asks clients to wait this long before reconnecting (the SSE `retry:` line);
/// clients add their own backoff and jitter after repeated failures.
pub const STREAM_RETRY_MS: u64 = 3_000;
/// A comment line (`: ping`) at least this often keeps proxies from closing an idle stream and
/// lets a client notice a dead connection (no bytes for twice this long).
pub const STREAM_HEARTBEAT_SECS: u64 = 15;
/// The longest a client waits between reconnection attempts, before jitter.
pub const STREAM_BACKOFF_CAP_MS: u64 = 30_000;

/// A viewer who sent no presence for this long is no longer shown.
pub const PRESENCE_VIEWING_TTL_SECS: u64 = 30;
/// "Typing" ends this long after the last keystroke report.
pub const PRESENCE_TYPING_TTL_SECS: u64 = 6;
/// How often an open conversation repeats `PresenceUpdate { viewing: true }`.
pub const PRESENCE_HEARTBEAT_SECS: u64 = 10;

/// The name of the DOM event the app dispatches on its mount element whenever the unread total
/// changes (`CustomEvent`, the count in `detail`), for the portal's menu badge.
pub const UNREAD_DOM_EVENT: &str = "textpeak:unread";

wire_enum! {
    /// What changed in a conversation.
    ConversationChange {
        /// It was created: a contact wrote for the first time, or an agent started it.
        Created => "created",
        /// A thread entry was added: an inbound or outbound reply, a note, or the event line of
        /// an action (the entry is in `message`).
        Message => "message",
        /// An outbound reply's delivery status moved on (the reply as it now is in `message`).
        Delivery => "delivery",
        /// Assigned, unassigned, moved to another team, tagged or untagged, closed, reopened,
        /// snoozed or woken (the event line, when the thread shows one, in `message`).
        Updated => "updated",
        /// Someone read it: its unread count went to zero.
        Read => "read",
    }
}

wire_enum! {
    /// Why a subscriber may no longer see a conversation.
    HiddenReason {
        /// It moved to a team the subscriber does not work in (or was unassigned from them).
        Moved => "moved",
        /// The subscriber's own access changed (role, teams, spaces).
        AccessChanged => "access_changed",
    }
}

/// One event of the stream.
// Most events are conversation events: boxing their row would cost an allocation each for
// nothing, as events are built once and moved rarely.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum LiveEvent {
    /// A conversation the subscriber may see changed or appeared: its list row as it now is and,
    /// when the change added or updated a thread entry, that entry.
    Conversation {
        space_id: i64,
        change: ConversationChange,
        conversation: ConversationSummary,
        #[serde(default)]
        message: Option<Message>,
        /// Who did it; None for the contact, the providers and the clock.
        #[serde(default)]
        actor: Option<UserRef>,
    },
    /// The subscriber could see this conversation until this change and no longer can. Only
    /// its id, which they already knew.
    ConversationHidden {
        space_id: i64,
        conversation_id: i64,
        reason: HiddenReason,
    },
    /// Who else is viewing a conversation and who is writing in it. Not logged (no `id:`).
    Presence(ConversationPresence),
    /// Settings or access that shape what the subscriber sees changed (roles, teams, spaces,
    /// tags, sender profiles, Beta access): refetch `/api/me`, the filters and the lists. None
    /// for the whole tenant.
    AccessChanged {
        #[serde(default)]
        space_id: Option<i64>,
    },
    /// The stream could not resume from `Last-Event-ID` (older than the retained log, or not
    /// this server's): refetch everything shown; the events after this one follow as usual.
    Reset,
}

impl LiveEvent {
    /// The SSE `event:` name.
    pub fn name(&self) -> &'static str {
        match self {
            LiveEvent::Conversation { .. } => "conversation",
            LiveEvent::ConversationHidden { .. } => "conversation_hidden",
            LiveEvent::Presence(_) => "presence",
            LiveEvent::AccessChanged { .. } => "access_changed",
            LiveEvent::Reset => "reset",
        }
    }

    /// The conversation the event is about, if any.
    pub fn conversation_id(&self) -> Option<i64> {
        match self {
            LiveEvent::Conversation { conversation, .. } => Some(conversation.id),
            LiveEvent::ConversationHidden {
                conversation_id, ..
            } => Some(*conversation_id),
            LiveEvent::Presence(p) => Some(p.conversation_id),
            LiveEvent::AccessChanged { .. } | LiveEvent::Reset => None,
        }
    }
}

/// Everyone present in a conversation, the subscriber included when they are (clients leave
/// themselves out).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConversationPresence {
    pub conversation_id: i64,
    pub present: Vec<PresenceEntry>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PresenceEntry {
    pub user: UserRef,
    /// Writing a reply or a note right now.
    #[serde(default)]
    pub typing: Option<MessageKind>,
}

/// `POST /api/conversations/{id}/presence`: the caller has the conversation open (repeated every
/// `PRESENCE_HEARTBEAT_SECS`), is typing (at most every couple of seconds), or left it
/// (`viewing: false`). Answers 204; 404 when the caller may not see the conversation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct PresenceUpdate {
    pub viewing: bool,
    #[serde(default)]
    pub typing: Option<MessageKind>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::conversations::{ContactInfo, ConversationStatus, Stream, TeamRef};

    fn summary() -> ConversationSummary {
        ConversationSummary {
            id: 7,
            contact: ContactInfo {
                id: 3,
                name: Some("Ana".into()),
                phone: None,
                telegram: None,
            },
            stream: Stream::Sms,
            status: ConversationStatus::Open,
            team: TeamRef {
                id: 1,
                name: "Support".into(),
            },
            assignee: None,
            tags: vec![],
            preview: "hi".into(),
            last_activity_at: "2026-12-01T10:00:00Z".into(),
            waiting_since: None,
            unread_count: 1,
            snoozed_until: None,
        }
    }

    #[test]
    fn events_carry_their_type_in_the_data() {
        let event = LiveEvent::Conversation {
            space_id: 2,
            change: ConversationChange::Created,
            conversation: summary(),
            message: None,
            actor: None,
        };
        let json = serde_json::to_value(&event).unwrap();
        assert_eq!(json["type"], "conversation");
        assert_eq!(json["change"], "created");
        assert_eq!(event.name(), "conversation");
        assert_eq!(event.conversation_id(), Some(7));
        let back: LiveEvent = serde_json::from_value(json).unwrap();
        assert_eq!(back, event);

        let reset = serde_json::to_value(LiveEvent::Reset).unwrap();
        assert_eq!(reset, serde_json::json!({"type": "reset"}));
        let presence = LiveEvent::Presence(ConversationPresence {
            conversation_id: 7,
            present: vec![PresenceEntry {
                user: UserRef {
                    id: 1,
                    name: "Max".into(),
                },
                typing: Some(MessageKind::Note),
            }],
        });
        let json = serde_json::to_value(&presence).unwrap();
        assert_eq!(json["type"], "presence");
        assert_eq!(json["conversation_id"], 7);
        assert_eq!(json["present"][0]["typing"], "note");
        assert_eq!(serde_json::from_value::<LiveEvent>(json).unwrap(), presence);
    }
}
