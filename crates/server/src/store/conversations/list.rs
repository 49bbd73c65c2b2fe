//! The conversation list: keyset pagination over one or two parts of an ordering, and the
//! counts of the views.

use rusqlite::types::Value;
use rusqlite::{params_from_iter, Connection};
use textpeak_api::{
    ConversationFilter, ConversationPage, ConversationStatus, ConversationSummary, SortOrder,
    ViewCounts,
};

use crate::http::problem::ApiError;
use crate::store::conversations::caller::Caller;
use crate::store::conversations::cursor::Cursor;
use crate::store::conversations::filter::{base_conditions, view_conditions, Conditions};
use crate::store::conversations::rows::{
    attach_tags, summary_from_row, SUMMARY_COLUMNS, SUMMARY_JOINS,
};

/// What the client asks of the list: the filter, how many rows, and where to go on from.
pub struct PageRequest {
    pub filter: ConversationFilter,
    pub limit: usize,
    pub cursor: Option<Cursor>,
}

/// One part of an ordering: its rows, their order and the key a cursor records.
struct Part {
    tag: char,
    /// Extra condition selecting the rows of this part.
    only: &'static str,
    key: &'static str,
    descending: bool,
}

impl Part {
    const fn new(tag: char, only: &'static str, key: &'static str, descending: bool) -> Part {
        Part {
            tag,
            only,
            key,
            descending,
        }
    }
}

const NEWEST: Part = Part::new('n', "1", "c.last_activity_at", true);
const OLDEST: Part = Part::new('o', "1", "c.last_activity_at", false);
const WAITING: Part = Part::new(
    'w',
    "c.status = 'open' AND c.waiting_since IS NOT NULL",
    "c.waiting_since",
    false,
);
/// After the waiting ones: everything else, newest first.
const NOT_WAITING: Part = Part::new(
    'r',
    "NOT (c.status = 'open' AND c.waiting_since IS NOT NULL)",
    "c.last_activity_at",
    true,
);

fn parts(sort: SortOrder) -> &'static [Part] {
    match sort {
        SortOrder::Newest => &[NEWEST],
        SortOrder::Oldest => &[OLDEST],
        SortOrder::WaitingLongest => &[WAITING, NOT_WAITING],
    }
}

/// Up to `limit` rows of one part, after `after` (a key and id within this part).
fn page_of_part(
    conn: &Connection,
    base: &Conditions,
    part: &Part,
    after: Option<&Cursor>,
    limit: usize,
) -> rusqlite::Result<Vec<ConversationSummary>> {
    let mut w = base.clone();
    w.push(format!("({})", part.only), []);
    let (cmp, dir) = if part.descending {
        ("<", "DESC")
    } else {
        (">", "ASC")
    };
    if let Some(after) = after {
        w.push(
            format!(
                "({key} {cmp} ? OR ({key} = ? AND c.id {cmp} ?))",
                key = part.key
            ),
            [
                Value::Text(after.key.clone()),
                Value::Text(after.key.clone()),
                Value::Integer(after.id),
            ],
        );
    }
    let sql = format!(
        "SELECT {SUMMARY_COLUMNS} FROM {} {SUMMARY_JOINS}
         WHERE {} ORDER BY {} {dir}, c.id {dir} LIMIT {limit}",
        w.from,
        w.text(),
        part.key
    );
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map(params_from_iter(w.all_params()), summary_from_row)?;
    rows.collect()
}

fn sort_key(part: &Part, c: &ConversationSummary) -> String {
    if part.key == "c.waiting_since" {
        c.waiting_since.clone().unwrap_or_default()
    } else {
        c.last_activity_at.clone()
    }
}

/// One page of the space's list for the caller, with the counts of the three views.
pub fn page(
    conn: &Connection,
    caller: &Caller,
    space_id: i64,
    request: &PageRequest,
) -> Result<ConversationPage, ApiError> {
    let PageRequest {
        filter,
        limit,
        cursor,
    } = request;
    let limit = *limit;
    // Read first: a change that lands while the page is read is after this id, and a client
    // applying the events after it sees that change (twice at worst, which is harmless).
    let (_, event_id) = crate::store::events::bounds(conn)?;
    let parts = parts(filter.sort);
    let start = match cursor {
        None => 0,
        Some(c) => parts
            .iter()
            .position(|p| p.tag == c.part)
            .ok_or_else(|| ApiError::validation("cursor", "The cursor belongs to another sort"))?,
    };

    let base = base_conditions(caller, space_id, filter);
    let me = caller.viewer.user.id;
    let view = view_conditions(caller, space_id, filter);

    // One more row than asked tells whether there is a next page.
    let mut items: Vec<ConversationSummary> = Vec::new();
    for (i, part) in parts.iter().enumerate().skip(start) {
        let after = cursor.as_ref().filter(|_| i == start);
        let want = limit + 1 - items.len();
        items.extend(page_of_part(conn, &view, part, after, want)?);
        if items.len() > limit {
            break;
        }
    }
    let next_cursor = if items.len() > limit {
        items.truncate(limit);
        // The last row shown is where the next page starts, in the part it belongs to.
        let last = items.last().expect("limit is at least 1");
        let part = parts
            .iter()
            .find(|p| part_contains(p, last))
            .unwrap_or(&parts[start]);
        Some(
            Cursor {
                part: part.tag,
                key: sort_key(part, last),
                id: last.id,
            }
            .encode(),
        )
    } else {
        None
    };
    attach_tags(conn, &mut items)?;

    let counts = conn.query_row(
        &format!(
            "SELECT count(*) FILTER (WHERE c.assignee_id = ?),
                    count(*) FILTER (WHERE c.assignee_id IS NULL),
                    count(*)
             FROM {} WHERE {}",
            base.from,
            base.text()
        ),
        params_from_iter(std::iter::once(&Value::Integer(me)).chain(base.all_params())),
        |r| {
            Ok(ViewCounts {
                mine: r.get(0)?,
                unassigned: r.get(1)?,
                all: r.get(2)?,
                snoozed: 0,
            })
        },
    )?;
    // What the Snoozed status filter would show in this view.
    let snoozed_filter = ConversationFilter {
        status: Some(ConversationStatus::Snoozed),
        ..filter.clone()
    };
    let snoozed = view_conditions(caller, space_id, &snoozed_filter);
    let counts = ViewCounts {
        snoozed: conn.query_row(
            &format!(
                "SELECT count(*) FROM {} WHERE {}",
                snoozed.from,
                snoozed.text()
            ),
            params_from_iter(snoozed.all_params()),
            |r| r.get(0),
        )?,
        ..counts
    };
    Ok(ConversationPage {
        items,
        next_cursor,
        counts,
        event_id: Some(event_id),
    })
}

/// Whether a row belongs to a part (the same rule as `Part::only`).
fn part_contains(part: &Part, c: &ConversationSummary) -> bool {
    let waiting = c.status == ConversationStatus::Open && c.waiting_since.is_some();
    match part.tag {
        'w' => waiting,
        'r' => !waiting,
        _ => true,
    }
}
