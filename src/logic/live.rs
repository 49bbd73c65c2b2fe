//! The rules of live updates that need no browser: how long to wait before reconnecting, and
//! where a conversation that changed belongs in the list on screen.

use std::cmp::Ordering;

use textpeak_api::live::{STREAM_BACKOFF_CAP_MS, STREAM_RETRY_MS};
use textpeak_api::{ConversationFilter, ConversationStatus, ConversationSummary, SortOrder};

use crate::logic::triage::stays_in_list;

/// How long to wait before reconnection attempt `attempt` (0 for the first after a drop):
/// the server's `retry` the first time, doubling after each failure up to the cap, and then a
/// random part of it (`jitter` in 0..1) so that a restarted server is not hit by every client
/// in the same millisecond ("equal jitter": between half and all of the step).
pub fn backoff_ms(attempt: u32, retry_ms: Option<u64>, jitter: f64) -> u64 {
    let base = retry_ms.unwrap_or(STREAM_RETRY_MS).max(250);
    let step = base
        .saturating_mul(1u64 << attempt.min(16))
        .min(STREAM_BACKOFF_CAP_MS.max(base));
    let jitter = jitter.clamp(0.0, 1.0);
    step / 2 + ((step / 2) as f64 * jitter) as u64
}

/// No bytes (not even a heartbeat) for this long: the connection is dead, though the browser
/// has not noticed (a laptop woke up, a proxy dropped it silently).
pub const STREAM_SILENCE_MS: u64 = textpeak_api::live::STREAM_HEARTBEAT_SECS * 2_000 + 5_000;

/// Whether a conversation, as a live event shows it, belongs in the list of `filter` for the
/// viewer `me`. A search the client cannot run itself: only rows already shown (which matched
/// it) stay, `already_shown` tells.
pub fn belongs(
    filter: &ConversationFilter,
    row: &ConversationSummary,
    me: i64,
    already_shown: bool,
) -> bool {
    let searched = filter.q.as_deref().is_some_and(|q| !q.trim().is_empty());
    stays_in_list(filter, row, me)
        && filter.stream.is_none_or(|s| row.stream == s)
        && (!filter.unread || row.unread_count > 0)
        && (!searched || already_shown)
}

/// Where `row` goes among `rows` (which it is not among) in `sort`'s order; None when it sorts
/// after the last row shown while more pages follow (it comes with a later page).
pub fn position(
    rows: &[ConversationSummary],
    row: &ConversationSummary,
    sort: SortOrder,
    more_pages: bool,
) -> Option<usize> {
    let at = rows
        .iter()
        .position(|r| compare(row, r, sort) == Ordering::Less)
        .unwrap_or(rows.len());
    (at < rows.len() || !more_pages).then_some(at)
}

/// The list's order, as the server sorts it (`store/conversations/list.rs`): the sort key,
/// then the id in the same direction.
fn compare(a: &ConversationSummary, b: &ConversationSummary, sort: SortOrder) -> Ordering {
    fn newest(a: &ConversationSummary, b: &ConversationSummary) -> Ordering {
        (&b.last_activity_at, b.id).cmp(&(&a.last_activity_at, a.id))
    }
    match sort {
        SortOrder::Newest => newest(a, b),
        SortOrder::Oldest => (&a.last_activity_at, a.id).cmp(&(&b.last_activity_at, b.id)),
        SortOrder::WaitingLongest => {
            fn waiting(r: &ConversationSummary) -> Option<&String> {
                r.waiting_since
                    .as_ref()
                    .filter(|_| r.status == ConversationStatus::Open)
            }
            match (waiting(a), waiting(b)) {
                (Some(x), Some(y)) => (x, a.id).cmp(&(y, b.id)),
                (Some(_), None) => Ordering::Less,
                (None, Some(_)) => Ordering::Greater,
                (None, None) => newest(a, b),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use textpeak_api::{ContactInfo, InboxView, Stream, TeamRef, UserRef};

    fn row(id: i64, at: &str) -> ConversationSummary {
        ConversationSummary {
            id,
            contact: ContactInfo {
                id,
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
            assignee: None,
            tags: vec![],
            preview: String::new(),
            last_activity_at: at.into(),
            waiting_since: None,
            unread_count: 1,
            snoozed_until: None,
        }
    }

    #[test]
    fn backoff_starts_at_the_servers_retry_doubles_and_stops_at_the_cap() {
        assert_eq!(backoff_ms(0, Some(3000), 1.0), 3000);
        assert_eq!(backoff_ms(0, Some(3000), 0.0), 1500);
        assert_eq!(backoff_ms(1, Some(3000), 1.0), 6000);
        assert_eq!(backoff_ms(3, Some(3000), 1.0), 24000);
        assert_eq!(backoff_ms(4, Some(3000), 1.0), STREAM_BACKOFF_CAP_MS);
        assert_eq!(backoff_ms(40, None, 1.0), STREAM_BACKOFF_CAP_MS);
        let some = backoff_ms(2, None, 0.37);
        assert!((6000..=12000).contains(&some));
    }

    #[test]
    fn a_row_goes_where_the_sort_puts_it() {
        let rows = vec![row(3, "2026-12-02T10:00"), row(2, "2026-12-02T09:00")];
        let newer = row(9, "2026-12-02T11:00");
        let between = row(8, "2026-12-02T09:30");
        let older = row(1, "2026-12-02T08:00");
        assert_eq!(position(&rows, &newer, SortOrder::Newest, true), Some(0));
        assert_eq!(position(&rows, &between, SortOrder::Newest, true), Some(1));
        assert_eq!(position(&rows, &older, SortOrder::Newest, false), Some(2));
        // Below the last row shown while more pages follow: it comes with its page.
        assert_eq!(position(&rows, &older, SortOrder::Newest, true), None);
        let oldest_first = vec![row(2, "2026-12-02T09:00"), row(3, "2026-12-02T10:00")];
        assert_eq!(
            position(&oldest_first, &newer, SortOrder::Oldest, true),
            None
        );
        assert_eq!(
            position(&oldest_first, &newer, SortOrder::Oldest, false),
            Some(2)
        );
    }

    #[test]
    fn waiting_rows_come_first_longest_waiting_first() {
        let mut waiting = row(5, "2026-12-02T07:00");
        waiting.waiting_since = Some("2026-12-02T06:00".into());
        let rows = vec![row(3, "2026-12-02T10:00")];
        assert_eq!(
            position(&rows, &waiting, SortOrder::WaitingLongest, true),
            Some(0)
        );
        let mut longer = row(6, "2026-12-02T05:00");
        longer.waiting_since = Some("2026-12-02T05:00".into());
        assert_eq!(
            position(
                &[waiting.clone(), row(3, "x")],
                &longer,
                SortOrder::WaitingLongest,
                true
            ),
            Some(0)
        );
    }

    #[test]
    fn filters_the_client_can_check_are_checked() {
        let mut filter = ConversationFilter::default();
        let r = row(1, "t");
        assert!(belongs(&filter, &r, 7, false));
        filter.stream = Some(Stream::Whatsapp);
        assert!(!belongs(&filter, &r, 7, false));
        filter.stream = None;
        filter.view = InboxView::Mine;
        assert!(!belongs(&filter, &r, 7, false));
        let mut mine = r.clone();
        mine.assignee = Some(UserRef {
            id: 7,
            name: "Me".into(),
        });
        assert!(belongs(&filter, &mine, 7, false));
        filter.unread = true;
        mine.unread_count = 0;
        assert!(!belongs(&filter, &mine, 7, true));
        // A search: only what it already showed stays.
        let mut searched = ConversationFilter {
            q: Some("ana".into()),
            ..Default::default()
        };
        assert!(!belongs(&searched, &r, 7, false));
        assert!(belongs(&searched, &r, 7, true));
        searched.q = Some("  ".into());
        assert!(belongs(&searched, &r, 7, false));
    }
}
