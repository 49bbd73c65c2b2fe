//! The conversation list of one space and filter.
//!
//! Its first page is a `LocalResource` keyed on the space and the filter: a new space or
//! filter is a new list, and an answer to an older request never replaces a newer one. Each
//! answer is a [`ListPages`]: the rows loaded so far, the cursor to the next page and the
//! keyboard cursor, in reference-counted signals. The next pages are appended by a
//! [`PageLoader`] made for that one list, so a page that arrives after the filter changed lands
//! in a list nobody shows any more.

use std::collections::{HashSet, VecDeque};

use leptos::prelude::*;
use textpeak_api::{
    ConversationFilter, ConversationPage, ConversationStatus, ConversationSummary, ViewCounts,
};

use super::loader::PageLoader;
use crate::api::{ApiClient, ApiError};
use crate::logic::live::{belongs, position};
use crate::logic::shortcuts::{move_cursor, Shortcut};
use crate::logic::triage::{next_after, stays_in_list};

/// The first page's answer, with the space it was asked for.
#[derive(Clone)]
struct Answer {
    space: i64,
    pages: Result<ListPages, ApiError>,
}

/// The list the dashboard shows. Copy, lives in context.
#[derive(Clone, Copy)]
pub struct ConversationList {
    first: LocalResource<Answer>,
    /// The last counts the server gave: they stay while a new first page loads or fails.
    counts: Memo<Option<ViewCounts>>,
    /// A counts request waiting for a burst of live events to end.
    counts_timer: StoredValue<Option<TimeoutHandle>>,
    /// The latest live changes, for a first page still on its way.
    recent: StoredValue<VecDeque<(i64, Change)>>,
    /// Live changes waiting to be rendered together.
    pending: StoredValue<Vec<Change>>,
    me: i64,
}

/// A live change the list applied, kept a while with its event id: a first page that was read
/// before the change (its `event_id` is older) gets it applied when it arrives.
#[derive(Clone)]
enum Change {
    Row(ConversationSummary),
    Hidden(i64),
}

/// Live changes kept for a first page still on its way; a page takes longer than this many
/// events only in a storm, and then it is read after most of them anyway.
const RECENT_CHANGES: usize = 500;

impl ConversationList {
    /// Loads the first page of `filter` in `space`, again whenever either changes; `me` is the
    /// viewer (for Mine).
    pub fn new(
        client: ApiClient,
        space: impl Into<Signal<i64>>,
        filter: impl Into<Signal<ConversationFilter>>,
        me: i64,
    ) -> Self {
        let (space, filter) = (space.into(), filter.into());
        let recent = StoredValue::new(VecDeque::<(i64, Change)>::new());
        let first = LocalResource::new(move || {
            let client = client.clone();
            let (space, filter) = (space.get(), filter.get());
            async move {
                let pages = client
                    .conversations(space, &filter, None)
                    .await
                    .map(|page| {
                        let read_at = page.event_id;
                        let pages = ListPages::new(client, space, filter, page);
                        // What happened while the page was on its way.
                        let missed: Vec<Change> = recent.with_value(|recent| {
                            recent
                                .iter()
                                .filter(|(id, _)| read_at.is_some_and(|read_at| *id > read_at))
                                .map(|(_, change)| change.clone())
                                .collect()
                        });
                        pages.apply(&missed, me);
                        pages
                    });
                Answer { space, pages }
            }
        });
        let counts = Memo::new(move |previous: Option<&Option<ViewCounts>>| {
            first
                .with(|a| {
                    a.as_ref()
                        .and_then(|a| a.pages.as_ref().ok().map(|p| p.counts.get()))
                })
                .or_else(|| previous.copied().flatten())
        });
        let counts_timer = StoredValue::new(None::<TimeoutHandle>);
        on_cleanup(move || {
            if let Some(timer) = counts_timer.try_get_value().flatten() {
                timer.clear();
            }
        });
        ConversationList {
            first,
            counts,
            counts_timer,
            recent,
            pending: StoredValue::new(Vec::new()),
            me,
        }
    }

    /// The event log's id when the first page shown was read, untracked: where the live
    /// stream starts so that nothing after the page is missed.
    pub fn read_at_untracked(&self) -> Option<i64> {
        self.first
            .with_untracked(|a| a.as_ref().and_then(|a| a.pages.as_ref().ok()?.read_at))
    }

    /// Waits for the first page (inside `Suspense`, which shows its fallback meanwhile).
    pub async fn loaded(self) -> Result<ListPages, ApiError> {
        self.first.await.pages
    }

    /// Asks for the first page again (after it failed).
    pub fn retry(&self) {
        self.first.refetch();
    }

    /// The space whose first page has been answered last, tracked: what waits for the list
    /// (the space's figures) waits for this to be the current space.
    pub fn answered_space(&self) -> Option<i64> {
        self.first.with(|a| a.as_ref().map(|a| a.space))
    }

    /// How many conversations each view has, tracked.
    pub fn counts(&self) -> Option<ViewCounts> {
        self.counts.get()
    }

    fn current_untracked(&self) -> Option<ListPages> {
        self.first
            .with_untracked(|a| a.as_ref().and_then(|a| a.pages.clone().ok()))
    }

    /// Whether row `id` has unread messages.
    pub fn is_unread_untracked(&self, id: i64) -> bool {
        self.current_untracked().is_some_and(|p| {
            p.rows
                .with_untracked(|rows| rows.iter().any(|r| r.id == id && r.unread_count > 0))
        })
    }

    /// Moves the keyboard cursor; without one it starts from the open conversation's row.
    /// Returns the row it is on now.
    pub fn move_cursor(&self, shortcut: Shortcut, open: Option<i64>) -> Option<usize> {
        let pages = self.current_untracked()?;
        let (current, len) = pages.rows.with_untracked(|rows| {
            let current = pages
                .cursor
                .get_untracked()
                .or_else(|| rows.iter().position(|r| Some(r.id) == open));
            (current, rows.len())
        });
        let next = move_cursor(current, shortcut, len);
        pages.cursor.set(next);
        next
    }

    /// The conversation the keyboard cursor is on.
    pub fn at_cursor_untracked(&self) -> Option<i64> {
        let pages = self.current_untracked()?;
        let index = pages.cursor.get_untracked()?;
        pages
            .rows
            .with_untracked(|rows| rows.get(index).map(|r| r.id))
    }

    /// Opening a conversation read it: its row loses the unread badge.
    pub fn mark_read(&self, id: i64) {
        self.patch(id, |row| row.unread_count = 0);
    }

    /// A close or reopen went through.
    pub fn set_status(&self, id: i64, status: ConversationStatus) {
        self.patch(id, |row| row.status = status);
    }

    /// A live event (log id `event_id`) showed conversation `row.id` as it is now: its row
    /// moves to where the sort puts it, joins the list when it belongs there now, or leaves
    /// it; the keyboard cursor stays on the conversation it was on, and the counts are asked
    /// for again once the burst of events is over.
    pub fn apply_live(&self, row: ConversationSummary, event_id: Option<i64>) {
        self.change(Change::Row(row), event_id);
    }

    /// Conversation `id` left what the viewer may see.
    pub fn remove(&self, id: i64, event_id: Option<i64>) {
        self.change(Change::Hidden(id), event_id);
    }

    fn change(&self, change: Change, event_id: Option<i64>) {
        if let Some(id) = event_id {
            self.recent.update_value(|recent| {
                recent.push_back((id, change.clone()));
                if recent.len() > RECENT_CHANGES {
                    recent.pop_front();
                }
            });
        }
        if self.current_untracked().is_none() {
            return;
        }
        // The events of one chunk of the stream (a burst, a catch-up after a reconnect)
        // render once, right after the chunk, not once per event.
        let first = self.pending.try_update_value(|p| {
            p.push(change);
            p.len() == 1
        });
        if first == Some(true) {
            let this = *self;
            queue_microtask(move || this.flush());
        }
    }

    fn flush(self) {
        let Some(changes) = self.pending.try_update_value(std::mem::take) else {
            return;
        };
        let Some(pages) = self.current_untracked() else {
            return;
        };
        let cursor_on = self.at_cursor_untracked();
        pages.apply(&changes, self.me);
        self.keep_cursor_on(&pages, cursor_on);
        self.refresh_counts_soon(&pages);
    }

    /// Loads the first page again if one is shown (the live stream could not resume: what
    /// happened meanwhile is unknown). A first page still loading will be current anyway.
    pub fn refresh_if_loaded(&self) {
        if self.current_untracked().is_some() {
            self.first.refetch();
        }
    }

    fn keep_cursor_on(&self, pages: &ListPages, id: Option<i64>) {
        if let Some(id) = id {
            let index = pages
                .rows
                .with_untracked(|rows| rows.iter().position(|r| r.id == id));
            pages.cursor.set(index);
        }
    }

    fn refresh_counts_soon(&self, pages: &ListPages) {
        if self.counts_timer.get_value().is_some() {
            return;
        }
        let (client, counts, space, filter) = (
            pages.client.clone(),
            pages.counts.clone(),
            pages.space,
            pages.filter.clone(),
        );
        let timer = self.counts_timer;
        let handle = set_timeout_with_handle(
            move || {
                timer.try_set_value(None);
                leptos::task::spawn_local(async move {
                    if let Ok(fresh) = client.view_counts(space, &filter).await {
                        counts.set(fresh);
                    }
                });
            },
            std::time::Duration::from_millis(400),
        )
        .ok();
        self.counts_timer.set_value(handle);
    }

    /// An action changed conversation `row.id` (issue 13): its row follows (and joins the
    /// list when it belongs there now), or leaves the list when it no longer matches the filter for the viewer `me` (snoozed, moved to
    /// another team, assigned away from Mine); the counts are asked for again.
    pub fn apply_change(&self, row: ConversationSummary, me: i64) {
        let Some(pages) = self.current_untracked() else {
            return;
        };
        let stays = stays_in_list(&pages.filter, &row, me);
        // A row that now belongs (unsnoozed in a list without the Snoozed filter) comes first,
        // as a conversation with news does.
        pages.rows.try_update(
            |rows| match (stays, rows.iter_mut().find(|r| r.id == row.id)) {
                (true, Some(existing)) => *existing = row,
                (true, None) => rows.insert(0, row),
                (false, _) => rows.retain(|r| r.id != row.id),
            },
        );
        pages.cursor.set(None);
        let (client, counts) = (pages.client.clone(), pages.counts.clone());
        leptos::task::spawn_local(async move {
            if let Ok(fresh) = client.view_counts(pages.space, &pages.filter).await {
                counts.set(fresh);
            }
        });
    }

    /// The conversation "close and next" opens after `current`: the row below it in the list
    /// in view, else the one above; None when the list has no other row.
    pub fn next_after_untracked(&self, current: i64) -> Option<i64> {
        let pages = self.current_untracked()?;
        let ids = pages
            .rows
            .with_untracked(|rows| rows.iter().map(|r| r.id).collect::<Vec<_>>());
        next_after(&ids, current).filter(|id| *id != current)
    }

    fn patch(&self, id: i64, change: impl FnOnce(&mut ConversationSummary)) {
        if let Some(pages) = self.current_untracked() {
            pages.rows.try_update(|rows| {
                if let Some(row) = rows.iter_mut().find(|r| r.id == id) {
                    change(row);
                }
            });
        }
    }
}

/// What bulk selection, the toolbar and the New conversation dialog need of the list.
impl ConversationList {
    /// The ids of the rows loaded so far, in list order.
    pub fn loaded_ids_untracked(&self) -> Vec<i64> {
        self.current_untracked().map_or_else(Vec::new, |p| {
            p.rows
                .with_untracked(|rows| rows.iter().map(|r| r.id).collect())
        })
    }

    /// The loaded row `id`, if the list has it.
    pub fn row_untracked(&self, id: i64) -> Option<ConversationSummary> {
        let pages = self.current_untracked()?;
        pages
            .rows
            .with_untracked(|rows| rows.iter().find(|r| r.id == id).cloned())
    }

    /// The row the keyboard cursor is on.
    pub fn cursor_untracked(&self) -> Option<usize> {
        self.current_untracked()?.cursor.get_untracked()
    }

    /// Loads the list and its counts again from the first page (after a bulk action or a new
    /// conversation changed what it shows).
    pub fn refresh(&self) {
        self.first.refetch();
    }
}

/// One loaded list: its rows so far, where the next page starts, and the keyboard cursor.
/// Cheap to clone (the signals are shared).
#[derive(Clone)]
pub struct ListPages {
    client: ApiClient,
    space: i64,
    filter: ConversationFilter,
    rows: ArcRwSignal<Vec<ConversationSummary>>,
    next_cursor: ArcRwSignal<Option<String>>,
    /// The keyboard cursor: the row that J/K and the arrows are on.
    cursor: ArcRwSignal<Option<usize>>,
    /// The server's counts: of the first page, then again after each action.
    counts: ArcRwSignal<ViewCounts>,
    /// The event log's id when the first page was read.
    read_at: Option<i64>,
}

impl ListPages {
    fn new(
        client: ApiClient,
        space: i64,
        filter: ConversationFilter,
        page: ConversationPage,
    ) -> Self {
        ListPages {
            client,
            space,
            filter,
            rows: ArcRwSignal::new(page.items),
            next_cursor: ArcRwSignal::new(page.next_cursor),
            cursor: ArcRwSignal::new(None),
            counts: ArcRwSignal::new(page.counts),
            read_at: page.event_id,
        }
    }

    /// One live change: a row where the sort puts it (or out, when it no longer belongs for
    /// the viewer `me`), or a row gone.
    fn apply(&self, changes: &[Change], me: i64) {
        let more = self.next_cursor.with_untracked(Option::is_some);
        self.rows.try_update(|rows| {
            for change in changes {
                match change {
                    Change::Row(row) => {
                        let shown = rows.iter().position(|r| r.id == row.id);
                        let belongs = belongs(&self.filter, row, me, shown.is_some());
                        if let Some(i) = shown {
                            rows.remove(i);
                        }
                        if belongs {
                            if let Some(at) = position(rows, row, self.filter.sort, more) {
                                rows.insert(at, row.clone());
                            }
                        }
                    }
                    Change::Hidden(id) => rows.retain(|r| r.id != *id),
                }
            }
        });
    }

    /// The rows, for the list to render.
    pub fn rows(&self) -> Signal<Vec<ConversationSummary>> {
        self.rows.clone().into()
    }

    /// The keyboard cursor, tracked.
    pub fn cursor(&self) -> Signal<Option<usize>> {
        self.cursor.clone().into()
    }

    /// A row took the focus: the keyboard cursor follows it.
    pub fn set_cursor(&self, index: usize) {
        self.cursor.set(Some(index));
    }

    /// Adds the next page. A conversation that moved up since the first page was loaded can
    /// come again; the list shows it once.
    fn append(&self, page: ConversationPage) {
        self.rows.update(|rows| {
            let seen: HashSet<i64> = rows.iter().map(|r| r.id).collect();
            rows.extend(page.items.into_iter().filter(|c| !seen.contains(&c.id)));
        });
        self.next_cursor.set(page.next_cursor);
    }

    /// The action that loads this list's next pages; make it where the list is shown.
    pub fn more_loader(&self) -> PageLoader {
        let pages = self.clone();
        PageLoader::new(self.next_cursor.clone(), move |cursor| {
            let pages = pages.clone();
            async move {
                let page = pages
                    .client
                    .conversations(pages.space, &pages.filter, Some(cursor))
                    .await?;
                pages.append(page);
                Ok(())
            }
        })
    }
}
