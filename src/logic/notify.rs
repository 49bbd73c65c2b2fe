//! Which live events deserve a desktop notification (opt-in): a new conversation in the
//! user's views, and a customer's message in a conversation assigned to them. Never for what
//! the user did themselves, and never for what they are looking at.

use textpeak_api::live::ConversationChange;
use textpeak_api::{ConversationSummary, Direction, Message, MessageKind, UserRef};

/// Longest body shown; notifications cut long text anyway, and less is more on a lock screen.
const BODY_CHARS: usize = 140;

/// A notification to show: its title, its text, and the conversation a click opens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub title: String,
    pub body: String,
    pub conversation_id: i64,
}

/// What to tell the user `me` of one conversation event; `in_view` when they have that
/// conversation open in a visible page.
pub fn notice_for(
    change: ConversationChange,
    row: &ConversationSummary,
    message: Option<&Message>,
    actor: Option<&UserRef>,
    me: i64,
    in_view: bool,
) -> Option<Notice> {
    if in_view || actor.is_some_and(|a| a.id == me) {
        return None;
    }
    let contact = row.contact.display_name();
    let (title, text) = match change {
        ConversationChange::Created => (
            format!("New conversation: {contact}"),
            message.map_or(row.preview.as_str(), |m| m.body.as_str()),
        ),
        ConversationChange::Message => {
            let m = message?;
            let from_customer =
                m.kind == MessageKind::Reply && m.direction == Some(Direction::Inbound);
            let mine = row.assignee.as_ref().is_some_and(|a| a.id == me);
            if !(from_customer && mine) {
                return None;
            }
            (contact, m.body.as_str())
        }
        _ => return None,
    };
    let mut body: String = text.chars().take(BODY_CHARS).collect();
    if text.chars().count() > BODY_CHARS {
        body.push('…');
    }
    Some(Notice {
        title,
        body,
        conversation_id: row.id,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use textpeak_api::{ContactInfo, ConversationStatus, Stream, TeamRef};

    fn row(assignee: Option<i64>) -> ConversationSummary {
        ConversationSummary {
            id: 4,
            contact: ContactInfo {
                id: 1,
                name: Some("Ana".into()),
                phone: None,
                telegram: None,
            },
            stream: Stream::Sms,
            status: ConversationStatus::Open,
            team: TeamRef {
                id: 1,
                name: "Care".into(),
            },
            assignee: assignee.map(|id| UserRef {
                id,
                name: "X".into(),
            }),
            tags: vec![],
            preview: "Hello".into(),
            last_activity_at: "t".into(),
            waiting_since: None,
            unread_count: 1,
            snoozed_until: None,
        }
    }

    fn inbound(body: &str) -> Message {
        serde_json::from_value(serde_json::json!({
            "id": 1, "kind": "reply", "direction": "inbound", "body": body,
            "created_at": "2026-12-02T10:00:00Z",
        }))
        .unwrap()
    }

    #[test]
    fn new_conversations_and_customer_messages_to_me_notify() {
        let created = notice_for(
            ConversationChange::Created,
            &row(None),
            None,
            None,
            7,
            false,
        )
        .unwrap();
        assert_eq!(created.title, "New conversation: Ana");
        assert_eq!(created.body, "Hello");
        assert_eq!(created.conversation_id, 4);
        let m = inbound("Where is my booking?");
        let to_me = notice_for(
            ConversationChange::Message,
            &row(Some(7)),
            Some(&m),
            None,
            7,
            false,
        )
        .unwrap();
        assert_eq!(
            (to_me.title.as_str(), to_me.body.as_str()),
            ("Ana", "Where is my booking?")
        );
    }

    #[test]
    fn others_work_my_own_and_what_i_look_at_do_not() {
        let m = inbound("hi");
        // Assigned to someone else, or nobody.
        assert_eq!(
            notice_for(
                ConversationChange::Message,
                &row(Some(8)),
                Some(&m),
                None,
                7,
                false
            ),
            None
        );
        assert_eq!(
            notice_for(
                ConversationChange::Message,
                &row(None),
                Some(&m),
                None,
                7,
                false
            ),
            None
        );
        // Open in front of me.
        assert_eq!(
            notice_for(
                ConversationChange::Message,
                &row(Some(7)),
                Some(&m),
                None,
                7,
                true
            ),
            None
        );
        // Started by me.
        let me = UserRef {
            id: 7,
            name: "Me".into(),
        };
        assert_eq!(
            notice_for(
                ConversationChange::Created,
                &row(None),
                None,
                Some(&me),
                7,
                false
            ),
            None
        );
        // Other changes.
        assert_eq!(
            notice_for(
                ConversationChange::Delivery,
                &row(Some(7)),
                Some(&m),
                None,
                7,
                false
            ),
            None
        );
    }

    #[test]
    fn long_text_is_cut() {
        let long = "x".repeat(500);
        let n = notice_for(
            ConversationChange::Message,
            &row(Some(7)),
            Some(&inbound(&long)),
            None,
            7,
            false,
        )
        .unwrap();
        assert_eq!(n.body.chars().count(), BODY_CHARS + 1);
    }
}
