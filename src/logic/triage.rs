//! What an action on a conversation does to the list in view: whether its row still belongs
//! there, and which conversation "close and next" opens.

use textpeak_api::{ConversationFilter, ConversationStatus, ConversationSummary, InboxView};

/// Whether `row`, as an action left it, still matches the list's `filter` for the viewer
/// `me` (the server decides the search; a row that matched it still does).
pub fn stays_in_list(filter: &ConversationFilter, row: &ConversationSummary, me: i64) -> bool {
    let status = match filter.status {
        // Without a status filter, snoozed conversations are set aside.
        None => row.status != ConversationStatus::Snoozed,
        Some(status) => row.status == status,
    };
    let view = match filter.view {
        InboxView::Mine => row.assignee.as_ref().is_some_and(|a| a.id == me),
        InboxView::Unassigned => row.assignee.is_none(),
        InboxView::All => true,
    };
    let team = filter.team.is_none_or(|t| row.team.id == t);
    let tag = filter
        .tag
        .is_none_or(|t| row.tags.iter().any(|tag| tag.id == t));
    status && view && team && tag
}

/// The conversation to open after `current` is done with, among the list's `ids` in order:
/// the one below it, else the one above it (it was the last), else none. When `current` is
/// not in the list, its first row.
pub fn next_after(ids: &[i64], current: i64) -> Option<i64> {
    match ids.iter().position(|id| *id == current) {
        Some(i) => ids
            .get(i + 1)
            .or_else(|| i.checked_sub(1).and_then(|j| ids.get(j)))
            .copied(),
        None => ids.first().copied(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use textpeak_api::{ContactInfo, Stream, TagRef, TeamRef, UserRef};

    fn row(status: ConversationStatus, assignee: Option<i64>) -> ConversationSummary {
        ConversationSummary {
            id: 1,
            contact: ContactInfo {
                id: 1,
                name: Some("Anna".into()),
                phone: None,
                telegram: None,
            },
            stream: Stream::Sms,
            status,
            team: TeamRef {
                id: 7,
                name: "Care".into(),
            },
            assignee: assignee.map(|id| UserRef {
                id,
                name: "Someone".into(),
            }),
            tags: vec![TagRef {
                id: 3,
                name: "VIP".into(),
                color: "#aabbcc".into(),
            }],
            preview: String::new(),
            last_activity_at: "2026-12-02T10:00:00Z".into(),
            waiting_since: None,
            unread_count: 0,
            snoozed_until: None,
        }
    }

    #[test]
    fn snoozed_rows_leave_lists_without_the_snoozed_filter() {
        let all = ConversationFilter::default();
        assert!(stays_in_list(&all, &row(ConversationStatus::Open, None), 5));
        assert!(stays_in_list(
            &all,
            &row(ConversationStatus::Closed, None),
            5
        ));
        assert!(!stays_in_list(
            &all,
            &row(ConversationStatus::Snoozed, None),
            5
        ));
        let snoozed = ConversationFilter {
            status: Some(ConversationStatus::Snoozed),
            ..ConversationFilter::default()
        };
        assert!(stays_in_list(
            &snoozed,
            &row(ConversationStatus::Snoozed, None),
            5
        ));
        assert!(!stays_in_list(
            &snoozed,
            &row(ConversationStatus::Open, None),
            5
        ));
        let open = ConversationFilter {
            status: Some(ConversationStatus::Open),
            ..ConversationFilter::default()
        };
        assert!(!stays_in_list(
            &open,
            &row(ConversationStatus::Closed, None),
            5
        ));
    }

    #[test]
    fn views_teams_and_tags_follow_the_change() {
        let mine = ConversationFilter {
            view: InboxView::Mine,
            ..ConversationFilter::default()
        };
        assert!(stays_in_list(
            &mine,
            &row(ConversationStatus::Open, Some(5)),
            5
        ));
        assert!(!stays_in_list(
            &mine,
            &row(ConversationStatus::Open, Some(6)),
            5
        ));
        assert!(!stays_in_list(
            &mine,
            &row(ConversationStatus::Open, None),
            5
        ));
        let unassigned = ConversationFilter {
            view: InboxView::Unassigned,
            ..ConversationFilter::default()
        };
        assert!(!stays_in_list(
            &unassigned,
            &row(ConversationStatus::Open, Some(5)),
            5
        ));
        let team = ConversationFilter {
            team: Some(8),
            ..ConversationFilter::default()
        };
        assert!(!stays_in_list(
            &team,
            &row(ConversationStatus::Open, None),
            5
        ));
        let tag = ConversationFilter {
            tag: Some(3),
            ..ConversationFilter::default()
        };
        let mut untagged = row(ConversationStatus::Open, None);
        assert!(stays_in_list(&tag, &untagged, 5));
        untagged.tags.clear();
        assert!(!stays_in_list(&tag, &untagged, 5));
    }

    #[test]
    fn next_is_below_then_above_then_nothing() {
        assert_eq!(next_after(&[1, 2, 3], 2), Some(3));
        assert_eq!(next_after(&[1, 2, 3], 3), Some(2));
        assert_eq!(next_after(&[1, 2, 3], 1), Some(2));
        assert_eq!(next_after(&[2], 2), None);
        assert_eq!(next_after(&[], 2), None);
        assert_eq!(next_after(&[4, 5], 9), Some(4));
    }
}
