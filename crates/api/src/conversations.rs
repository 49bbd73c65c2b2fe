//! The dashboard: conversation lists with views, filters, search and sort; the thread; the
//! details panel. The filter also lives in the app's URL, through [`ConversationFilter::to_query`]
//! and [`ConversationFilter::from_query`], so that links and reloads keep it.

use serde::{Deserialize, Serialize};

use crate::wire::wire_enum;

wire_enum! {
    /// A channel.
    Stream { Sms => "sms", Whatsapp => "whatsapp", Telegram => "telegram" }
}

wire_enum! {
    /// A snoozed conversation is open work set aside until a time: lists leave it out unless
    /// the status filter asks for it, and it becomes open again when the time passes or the
    /// contact writes.
    ConversationStatus { Open => "open", Snoozed => "snoozed", Closed => "closed" }
}

wire_enum! {
    /// The tabs above the list; All by default.
    #[derive(Default)]
    InboxView {
        /// Assigned to the viewer.
        Mine => "mine",
        /// Assigned to nobody.
        Unassigned => "unassigned",
        /// Everything the viewer may see.
        #[default]
        All => "all",
    }
}

wire_enum! {
    /// Newest by default.
    #[derive(Default)]
    SortOrder {
        /// Most recent activity first.
        #[default]
        Newest => "newest",
        /// Least recent activity first.
        Oldest => "oldest",
        /// Open conversations whose contact has waited longest for an answer first; those not
        /// waiting come last.
        WaitingLongest => "waiting_longest",
    }
}

wire_enum! {
    MessageKind { Reply => "reply", Note => "note", Event => "event" }
}

wire_enum! {
    Direction { Inbound => "inbound", Outbound => "outbound" }
}

wire_enum! {
    /// Delivery status of an outbound reply; only ever moves forward.
    DeliveryStatus {
        Queued => "queued",
        Sent => "sent",
        Delivered => "delivered",
        Read => "read",
        Failed => "failed",
    }
}

/// What the list shows: view, filters, search and sort. Every field has a default, so an empty
/// query string is the default list (All, every status, newest first).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ConversationFilter {
    pub view: InboxView,
    pub status: Option<ConversationStatus>,
    pub stream: Option<Stream>,
    pub team: Option<i64>,
    pub tag: Option<i64>,
    /// Only conversations with unread messages.
    pub unread: bool,
    /// Search (case-insensitive substring) in contact name, phone number (spaces and dashes
    /// ignored), Telegram handle and, from 3 characters on, message text.
    pub q: Option<String>,
    pub sort: SortOrder,
}

impl ConversationFilter {
    /// The query-string pairs of the values that differ from the default, in a stable order
    /// (not percent-encoded).
    pub fn to_query(&self) -> Vec<(&'static str, String)> {
        let mut pairs = Vec::new();
        if self.view != InboxView::default() {
            pairs.push(("view", self.view.as_str().to_owned()));
        }
        if let Some(status) = self.status {
            pairs.push(("status", status.as_str().to_owned()));
        }
        if let Some(stream) = self.stream {
            pairs.push(("stream", stream.as_str().to_owned()));
        }
        if let Some(team) = self.team {
            pairs.push(("team", team.to_string()));
        }
        if let Some(tag) = self.tag {
            pairs.push(("tag", tag.to_string()));
        }
        if self.unread {
            pairs.push(("unread", "1".to_owned()));
        }
        if let Some(q) = self.q.as_deref().map(str::trim).filter(|q| !q.is_empty()) {
            pairs.push(("q", q.to_owned()));
        }
        if self.sort != SortOrder::default() {
            pairs.push(("sort", self.sort.as_str().to_owned()));
        }
        pairs
    }

    /// Whether anything narrows the view: a filter or a search (view and sort do not).
    pub fn is_narrowed(&self) -> bool {
        self.status.is_some()
            || self.stream.is_some()
            || self.team.is_some()
            || self.tag.is_some()
            || self.unread
            || self.q.is_some()
    }

    /// The same view and sort with every filter and the search cleared.
    pub fn cleared(&self) -> ConversationFilter {
        ConversationFilter {
            view: self.view,
            sort: self.sort,
            ..ConversationFilter::default()
        }
    }

    /// Reads decoded query-string pairs; unknown keys and invalid values are ignored (the field
    /// keeps its default), so a hand-edited or stale URL still opens a list.
    pub fn from_query(pairs: impl IntoIterator<Item = (String, String)>) -> Self {
        let mut filter = ConversationFilter::default();
        for (key, value) in pairs {
            let v = value.trim();
            match key.as_str() {
                "view" => filter.view = InboxView::parse(v).unwrap_or_default(),
                "status" => filter.status = ConversationStatus::parse(v),
                "stream" => filter.stream = Stream::parse(v),
                "team" => filter.team = v.parse().ok(),
                "tag" => filter.tag = v.parse().ok(),
                "unread" => filter.unread = matches!(v, "1" | "true"),
                "q" => filter.q = Some(v.to_owned()).filter(|q| !q.is_empty()),
                "sort" => filter.sort = SortOrder::parse(v).unwrap_or_default(),
                _ => {}
            }
        }
        filter
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserRef {
    pub id: i64,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TagRef {
    pub id: i64,
    pub name: String,
    /// `#rrggbb`.
    pub color: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamRef {
    pub id: i64,
    pub name: String,
}

/// The customer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactInfo {
    pub id: i64,
    pub name: Option<String>,
    /// E.164.
    pub phone: Option<String>,
    /// Telegram handle, without `@`.
    pub telegram: Option<String>,
}

impl ContactInfo {
    /// The name, else the phone number, else `@handle`.
    pub fn display_name(&self) -> String {
        let non_empty = |s: &Option<String>| {
            s.as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
        };
        non_empty(&self.name)
            .or_else(|| non_empty(&self.phone))
            .or_else(|| non_empty(&self.telegram).map(|t| format!("@{t}")))
            .unwrap_or_default()
    }
}

/// A row of the list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConversationSummary {
    pub id: i64,
    pub contact: ContactInfo,
    pub stream: Stream,
    pub status: ConversationStatus,
    pub team: TeamRef,
    pub assignee: Option<UserRef>,
    pub tags: Vec<TagRef>,
    /// The last message, shortened.
    pub preview: String,
    pub last_activity_at: String,
    /// Since when the contact has been waiting for an answer.
    pub waiting_since: Option<String>,
    pub unread_count: u32,
    /// Snoozed conversations: when they come back.
    #[serde(default)]
    pub snoozed_until: Option<String>,
}

/// How many conversations each view would show with the same filters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ViewCounts {
    pub mine: u64,
    pub unassigned: u64,
    pub all: u64,
    /// Snoozed conversations of the current view with the same filters but any status (what
    /// the Snoozed status filter would show).
    #[serde(default)]
    pub snoozed: u64,
}

/// `GET /api/spaces/{id}/conversations`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConversationPage {
    pub items: Vec<ConversationSummary>,
    /// Pass as `cursor` for the next page; None on the last page.
    pub next_cursor: Option<String>,
    pub counts: ViewCounts,
    /// The newest id of the live event log when this page was read (no change after it is in
    /// the page): a client applies the live events after this id to it, and a stream resumed
    /// from it misses nothing the page does not show.
    #[serde(default)]
    pub event_id: Option<i64>,
}

/// `GET /api/conversations/{id}`: the details panel.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConversationDetail {
    pub summary: ConversationSummary,
    /// The sender profile's name; raw sender numbers are never shown.
    pub sender_profile: String,
    pub created_at: String,
}

/// One entry of the thread.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Message {
    pub id: i64,
    pub kind: MessageKind,
    /// Replies only.
    pub direction: Option<Direction>,
    /// The user who wrote an outbound reply or note, or caused an event.
    pub author: Option<UserRef>,
    pub body: String,
    /// Events only: `assigned`, `unassigned`, `closed`, `reopened`, `tagged`, `untagged`,
    /// `moved` (to `event_team`), `snoozed` (until `event_until`), `unsnoozed` (by `author`),
    /// `snooze_ended` (the time passed), `woken_by_contact` (the contact wrote while it was
    /// snoozed), `started` (`author` started the conversation).
    pub event: Option<String>,
    /// `assigned` and `unassigned` events: whom the event is about.
    #[serde(default)]
    pub event_user: Option<UserRef>,
    /// `tagged` and `untagged` events: which tag.
    #[serde(default)]
    pub event_tag: Option<TagRef>,
    /// `moved` events: the team it moved to.
    #[serde(default)]
    pub event_team: Option<TeamRef>,
    /// `snoozed` events: until when.
    #[serde(default)]
    pub event_until: Option<String>,
    /// Outbound replies only.
    pub status: Option<DeliveryStatus>,
    /// Failed replies only.
    pub failure_reason: Option<String>,
    pub created_at: String,
    /// Outbound replies: the sender profile's name (never the raw sender).
    #[serde(default)]
    pub sender_profile: Option<String>,
    /// Messages written in the Inbox: the id the client generated (`SendMessage::client_id`),
    /// echoed so that the composer can match its optimistic copy.
    #[serde(default)]
    pub client_id: Option<String>,
}

/// `GET /api/conversations/{id}/messages`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MessagePage {
    /// Oldest first.
    pub items: Vec<Message>,
    /// Pass as `before` to load older messages; None when the page reaches the start.
    pub before_cursor: Option<String>,
}

/// `GET /api/spaces/{id}/filters`: what the filter menus offer in that space.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct SpaceFilters {
    pub teams: Vec<TeamRef>,
    pub tags: Vec<TagRef>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(q: &[(&str, &str)]) -> Vec<(String, String)> {
        q.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    fn round_trip(f: &ConversationFilter) -> ConversationFilter {
        ConversationFilter::from_query(
            f.to_query()
                .into_iter()
                .map(|(k, v)| (k.to_owned(), v))
                .collect::<Vec<_>>(),
        )
    }

    #[test]
    fn the_default_filter_is_an_empty_query() {
        assert!(ConversationFilter::default().to_query().is_empty());
        assert_eq!(
            ConversationFilter::from_query(Vec::new()),
            ConversationFilter::default()
        );
        assert_eq!(ConversationFilter::default().view, InboxView::All);
        assert_eq!(ConversationFilter::default().sort, SortOrder::Newest);
    }

    #[test]
    fn every_field_round_trips() {
        for view in &InboxView::ALL {
            for sort in &SortOrder::ALL {
                for status in [
                    None,
                    Some(ConversationStatus::Open),
                    Some(ConversationStatus::Closed),
                ] {
                    for stream in std::iter::once(None).chain(Stream::ALL.iter().copied().map(Some))
                    {
                        let f = ConversationFilter {
                            view: *view,
                            status,
                            stream,
                            team: Some(12),
                            tag: None,
                            unread: stream.is_some(),
                            q: Some("Anna +4915".into()),
                            sort: *sort,
                        };
                        assert_eq!(round_trip(&f), f);
                    }
                }
            }
        }
        let f = ConversationFilter {
            tag: Some(-3),
            team: None,
            ..ConversationFilter::default()
        };
        assert_eq!(round_trip(&f), f);
    }

    #[test]
    fn only_non_default_values_are_written() {
        let f = ConversationFilter {
            view: InboxView::Mine,
            unread: true,
            q: Some("   ".into()),
            ..ConversationFilter::default()
        };
        assert_eq!(
            f.to_query(),
            vec![("view", "mine".to_owned()), ("unread", "1".to_owned())]
        );
        let f = ConversationFilter {
            sort: SortOrder::WaitingLongest,
            q: Some(" hello ".into()),
            ..ConversationFilter::default()
        };
        assert_eq!(
            f.to_query(),
            vec![
                ("q", "hello".to_owned()),
                ("sort", "waiting_longest".to_owned())
            ]
        );
    }

    #[test]
    fn unknown_or_invalid_values_fall_back_to_the_default() {
        let f = ConversationFilter::from_query(pairs(&[
            ("view", "everything"),
            ("status", "pending"),
            ("stream", "fax"),
            ("team", "x1"),
            ("tag", ""),
            ("unread", "maybe"),
            ("q", "  "),
            ("sort", "random"),
            ("page", "3"),
        ]));
        assert_eq!(f, ConversationFilter::default());
        let f = ConversationFilter::from_query(pairs(&[
            ("status", "closed"),
            ("stream", "telegram"),
            ("unread", "true"),
            ("team", " 7 "),
        ]));
        assert_eq!(f.status, Some(ConversationStatus::Closed));
        assert_eq!(f.stream, Some(Stream::Telegram));
        assert!(f.unread);
        assert_eq!(f.team, Some(7));
    }

    #[test]
    fn clearing_keeps_view_and_sort_and_drops_every_filter() {
        let f = ConversationFilter {
            view: InboxView::Mine,
            sort: SortOrder::Oldest,
            ..ConversationFilter::default()
        };
        assert!(!f.is_narrowed());
        for narrowed in [
            ConversationFilter {
                status: Some(ConversationStatus::Open),
                ..f.clone()
            },
            ConversationFilter {
                stream: Some(Stream::Sms),
                ..f.clone()
            },
            ConversationFilter {
                team: Some(1),
                ..f.clone()
            },
            ConversationFilter {
                tag: Some(1),
                ..f.clone()
            },
            ConversationFilter {
                unread: true,
                ..f.clone()
            },
            ConversationFilter {
                q: Some("anna".into()),
                ..f.clone()
            },
        ] {
            assert!(narrowed.is_narrowed(), "{narrowed:?}");
            assert_eq!(narrowed.cleared(), f);
        }
    }

    #[test]
    fn enums_use_snake_case_on_the_wire() {
        assert_eq!(
            serde_json::to_string(&SortOrder::WaitingLongest).unwrap(),
            "\"waiting_longest\""
        );
        for s in &Stream::ALL {
            assert_eq!(
                serde_json::to_string(s).unwrap(),
                format!("\"{}\"", s.as_str())
            );
        }
        for s in &DeliveryStatus::ALL {
            assert_eq!(DeliveryStatus::parse(s.as_str()), Some(*s));
        }
        let f: ConversationFilter = serde_json::from_str(r#"{"view":"unassigned"}"#).unwrap();
        assert_eq!(f.view, InboxView::Unassigned);
        assert_eq!(f.sort, SortOrder::Newest);
    }

    #[test]
    fn display_name_prefers_name_then_phone_then_handle() {
        let mut c = ContactInfo {
            id: 1,
            name: Some("Anna Berg".into()),
            phone: Some("+4915112345678".into()),
            telegram: Some("anna_b".into()),
        };
        assert_eq!(c.display_name(), "Anna Berg");
        c.name = Some(" ".into());
        assert_eq!(c.display_name(), "+4915112345678");
        c.phone = None;
        assert_eq!(c.display_name(), "@anna_b");
    }
}
