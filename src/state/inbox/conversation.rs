//! The open conversation: its details and its thread, both `LocalResource`s of this one
//! conversation, and what changes it (opening it reads it; close, reopen). Made when a
//! conversation opens and dropped when it closes, so nothing of another conversation can
//! show in its place.

use std::collections::HashMap;
use std::sync::Arc;

use leptos::prelude::*;
use textpeak_api::{
    ConversationAction, ConversationDetail, ConversationStatus, ConversationSummary,
    DeliveryStatus, Direction, Message, MessageKind, MessagePage, Stream,
};

use super::list::ConversationList;
use super::loader::PageLoader;
use crate::api::{ApiClient, ApiError};
use crate::format::day_key;
use crate::logic::compose::worth_polling;
use crate::logic::presence::replied_meanwhile;

/// The open conversation. Copy, lives in context while it is open.
#[derive(Clone, Copy)]
pub struct OpenConversation {
    id: i64,
    detail: LocalResource<Result<ConversationDetail, ApiError>>,
    thread: LocalResource<Result<ThreadPages, ApiError>>,
    client: StoredValue<ApiClient>,
    list: ConversationList,
    /// Reads the conversation (on opening it, and when new messages arrive while it is open).
    mark_read: Action<(), ()>,
}

impl OpenConversation {
    /// Loads the details and the newest page of the thread; once the details are in, marks
    /// the conversation read if it had unread messages (opening it read them).
    pub fn open(client: ApiClient, id: i64, list: ConversationList) -> Self {
        let detail = LocalResource::new({
            let client = client.clone();
            move || {
                let client = client.clone();
                async move { client.conversation(id).await }
            }
        });
        let thread = LocalResource::new({
            let client = client.clone();
            move || {
                let client = client.clone();
                async move { client.messages(id).await.map(ThreadPages::new) }
            }
        });
        let mark_read = Action::new_local({
            let client = client.clone();
            move |_: &()| {
                let client = client.clone();
                async move {
                    if client.mark_read(id).await.is_ok() {
                        list.mark_read(id);
                    }
                }
            }
        });
        // Once per opening: a close or reopen that replaces the details is not a new read.
        Effect::new(move |read: Option<bool>| {
            if read == Some(true) {
                return true;
            }
            let Some(Some(unread)) =
                detail.map(|d| d.as_ref().ok().map(|d| d.summary.unread_count > 0))
            else {
                return false;
            };
            if unread || list.is_unread_untracked(id) {
                mark_read.dispatch(());
            }
            true
        });
        OpenConversation {
            id,
            detail,
            thread,
            client: StoredValue::new(client),
            list,
            mark_read,
        }
    }

    pub fn id(&self) -> i64 {
        self.id
    }

    /// The details, tracked: None while they load.
    pub fn detail(&self) -> Option<Result<ConversationDetail, ApiError>> {
        self.detail.get()
    }

    /// Reads the details without cloning them, tracked.
    pub fn with_detail<R>(&self, f: impl FnOnce(Option<&ConversationDetail>) -> R) -> R {
        self.detail
            .with(|d| f(d.as_ref().and_then(|d| d.as_ref().ok())))
    }

    /// Waits for the details (inside `Suspense`).
    pub async fn loaded_detail(self) -> Result<ConversationDetail, ApiError> {
        self.detail.await
    }

    /// Open or closed, untracked; None while loading or once the conversation closed.
    pub fn status_untracked(&self) -> Option<ConversationStatus> {
        self.detail
            .try_with_untracked(|d| {
                d.as_ref()
                    .and_then(|d| d.as_ref().ok())
                    .map(|d| d.summary.status)
            })
            .flatten()
    }

    pub fn reload_detail(&self) {
        self.detail.refetch();
    }

    /// Waits for the newest page of the thread (inside `Suspense`/`Transition`).
    pub async fn loaded_thread(self) -> Result<ThreadPages, ApiError> {
        self.thread.await
    }

    pub fn reload_thread(&self) {
        self.thread.refetch();
    }

    /// Closes or reopens the conversation. The server checks the role (a custom role can lose
    /// either); the list's row, the details and the thread (its newest page has the event)
    /// follow its answer. Run it from an action.
    pub fn set_status(
        &self,
        status: ConversationStatus,
    ) -> impl std::future::Future<Output = Result<(), ApiError>> {
        let this = *self;
        let client = self.client.get_value();
        async move {
            let detail = client.set_conversation_status(this.id, status).await?;
            this.list.set_status(this.id, detail.summary.status);
            // The conversation may have closed meanwhile.
            if !this.detail.is_disposed() {
                this.detail.set(Some(Ok(detail)));
                this.thread.refetch();
            }
            Ok(())
        }
    }
}

/// What live events do to the open conversation.
impl OpenConversation {
    /// A live event about this conversation: its details take the row as it is now, and the
    /// thread the entry the event carries (a new message at its end, or a reply whose
    /// delivery moved on). An event seen twice (a replay after a reconnect) changes nothing.
    pub fn apply_live(&self, row: ConversationSummary, message: Option<Message>) {
        // Only loaded details take the row: writing to the resource while it loads would
        // drop the answer on its way and wake its readers with nothing in it (a panic).
        let loaded = self
            .detail
            .try_with_untracked(|d| matches!(d, Some(Ok(_))))
            .unwrap_or(false);
        if loaded {
            self.detail.update(|d| {
                if let Some(Ok(detail)) = d {
                    detail.summary = row;
                }
            });
        }
        let Some(message) = message else {
            return;
        };
        match self.thread.try_get_untracked() {
            Some(Some(Ok(pages))) => pages.take_live(message),
            // Still loading: its answer may predate the message (and news dropped now would be
            // lost until a reload), so it is asked again; the server has the message by now.
            Some(None) => self.thread.refetch(),
            _ => {}
        }
    }

    /// The stream could not resume: the details again, and the thread's newest page merged in
    /// (not replaced, so the reader keeps their place).
    pub fn resync(&self) {
        let this = *self;
        let client = self.client.get_value();
        leptos::task::spawn_local(async move {
            // Set, not refetched: the views waiting on the details keep what they show until
            // the fresh copy is in.
            if let Ok(detail) = client.conversation(this.id).await {
                if !this.detail.is_disposed() {
                    this.detail.set(Some(Ok(detail)));
                }
            }
            let Some(Some(Ok(pages))) = this.thread.try_get_untracked() else {
                return;
            };
            if let Ok(page) = client.messages(this.id).await {
                pages.merge_newest(page);
            }
        });
    }

    /// The newest entry of the loaded thread, untracked.
    pub fn newest_entry_id_untracked(&self) -> Option<i64> {
        let pages = self.thread.try_get_untracked().flatten()?.ok()?;
        pages.chunks.with_untracked(|chunks| {
            chunks
                .iter()
                .rev()
                .find_map(|c| c.entries.last())
                .map(|e| e.message.id)
        })
    }

    /// Who other than `me` answered the customer after entry `since`, by name (collision
    /// detection before a reply goes out).
    pub fn answered_since_untracked(&self, since: i64, me: i64) -> Option<String> {
        let pages = self.thread.try_get_untracked().flatten()?.ok()?;
        pages.chunks.with_untracked(|chunks| {
            replied_meanwhile(
                chunks
                    .iter()
                    .flat_map(|c| c.entries.iter().map(|e| &e.message)),
                since,
                me,
            )
        })
    }

    /// Reads the conversation again (new messages arrived while it is open and in view).
    pub fn mark_read_now(&self) {
        self.mark_read.dispatch(());
    }
}

impl OpenConversation {
    /// Applies one action (issue 13). The server checks it; its answer replaces the details,
    /// the list's row and counts follow (for the viewer `me`), and the thread takes in its
    /// newest page, which holds the action's event. On a refusal nothing changes here. Run it
    /// from an action.
    pub fn act(
        &self,
        action: ConversationAction,
        me: i64,
    ) -> impl std::future::Future<Output = Result<ConversationDetail, ApiError>> {
        let this = *self;
        let client = self.client.get_value();
        async move {
            let detail = client.conversation_action(this.id, &action).await?;
            this.list.apply_change(detail.summary.clone(), me);
            // The conversation may have closed meanwhile.
            if !this.detail.is_disposed() {
                this.detail.set(Some(Ok(detail.clone())));
                if let Some(Ok(pages)) = this.thread.try_get_untracked().flatten() {
                    if let Ok(page) = client.messages(this.id).await {
                        pages.merge_newest(page);
                    }
                }
            }
            Ok(detail)
        }
    }
}

/// A message with its local calendar day, worked out once when it arrives.
#[derive(Clone)]
pub struct Entry {
    pub message: Message,
    pub day: Option<(u32, u32, u32)>,
    pub opens_day: bool,
}

/// One page of the thread as the server sent it. The thread renders page by page, so that
/// putting an older page in front moves one node list, not thousands of messages.
pub struct Chunk {
    pub entries: Vec<Entry>,
    /// Whether the chunk's first message opens a day: true until an older page arrives whose
    /// last message is from the same day. Inside a chunk, `Entry::opens_day` is fixed.
    pub first_opens_day: ArcRwSignal<bool>,
}

impl Chunk {
    fn new(items: Vec<Message>) -> SharedChunk {
        let mut previous = None;
        let entries = items
            .into_iter()
            .enumerate()
            .map(|(i, m)| {
                let day = day_key(&m.created_at);
                let opens_day = i == 0 || day != previous;
                previous = day;
                Entry {
                    day,
                    opens_day,
                    message: m,
                }
            })
            .collect::<Vec<_>>();
        Arc::new(Chunk {
            entries,
            first_opens_day: ArcRwSignal::new(true),
        })
    }

    /// A stable key for rendering: the id of its first message.
    pub fn key(&self) -> i64 {
        self.entries.first().map_or(0, |e| e.message.id)
    }
}

/// Pages are cloned for every render; their messages are not.
pub type SharedChunk = Arc<Chunk>;

/// The loaded part of one thread: its pages, oldest first, and where the older ones start.
/// Cheap to clone (the signals are shared).
#[derive(Clone)]
pub struct ThreadPages {
    chunks: ArcRwSignal<Vec<SharedChunk>>,
    before: ArcRwSignal<Option<String>>,
    /// Statuses that changed since a message arrived (delivery moves on), by message id.
    statuses: ArcRwSignal<HashMap<i64, Delivery>>,
    /// How many messages live events added at the end, tracked by the thread view (to follow
    /// them, or to offer a "new messages" button to a reader scrolled up).
    arrived: ArcRwSignal<u32>,
}

/// An outbound message's delivery status and, once failed, the carrier's reason.
pub type Delivery = (DeliveryStatus, Option<String>);

fn delivery_of(m: &Message) -> Option<Delivery> {
    let outbound = m.kind == MessageKind::Reply && m.direction == Some(Direction::Outbound);
    outbound
        .then(|| m.status.map(|s| (s, m.failure_reason.clone())))
        .flatten()
}

impl ThreadPages {
    fn new(page: MessagePage) -> Self {
        ThreadPages {
            chunks: ArcRwSignal::new(vec![Chunk::new(page.items)]),
            before: ArcRwSignal::new(page.before_cursor),
            statuses: ArcRwSignal::new(HashMap::new()),
            arrived: ArcRwSignal::new(0),
        }
    }

    /// How many messages arrived live since the thread opened, tracked.
    pub fn arrived(&self) -> u32 {
        self.arrived.get()
    }

    /// One entry a live event carries: new at the end, or a delivery status of one already
    /// shown that moved on. Older than the thread's last message and not shown: an entry of a
    /// page not loaded yet, nothing to do.
    fn take_live(&self, message: Message) {
        let (shown, last) = self.chunks.with_untracked(|chunks| {
            let shown = chunks
                .iter()
                .rev()
                .flat_map(|c| c.entries.iter().rev())
                .any(|e| e.message.id == message.id);
            let last = chunks
                .iter()
                .rev()
                .find_map(|c| c.entries.last())
                .map_or(i64::MIN, |e| e.message.id);
            (shown, last)
        });
        if shown {
            if let Some(now) = delivery_of(&message) {
                if self
                    .statuses
                    .with_untracked(|s| s.get(&message.id) != Some(&now))
                {
                    self.statuses.update(|s| {
                        s.insert(message.id, now);
                    });
                }
            }
        } else if message.id > last {
            self.append_all(vec![message]);
            self.arrived.update(|n| *n += 1);
        }
    }

    /// A message's delivery as it is now (it may have moved on since it arrived), tracked.
    pub fn delivery(&self, message: &Message) -> Option<Delivery> {
        self.statuses
            .with(|s| s.get(&message.id).cloned())
            .or_else(|| delivery_of(message))
    }

    /// Whether the thread holds the message the client sent as `client_id`, tracked.
    pub fn has_client_id(&self, client_id: &str) -> bool {
        self.chunks.with(|chunks| {
            chunks.iter().rev().any(|c| {
                c.entries
                    .iter()
                    .any(|e| e.message.client_id.as_deref() == Some(client_id))
            })
        })
    }

    /// Whether an outbound message of the thread may still change status (and is recent
    /// enough to wait for), untracked.
    pub fn awaiting_delivery(&self, stream: Stream, now_ms: f64) -> bool {
        let statuses = self.statuses.read_untracked();
        self.chunks.with_untracked(|chunks| {
            chunks.iter().flat_map(|c| c.entries.iter()).any(|e| {
                let Some((status, _)) = statuses
                    .get(&e.message.id)
                    .cloned()
                    .or_else(|| delivery_of(&e.message))
                else {
                    return false;
                };
                let created = js_sys::Date::parse(&e.message.created_at);
                worth_polling(status, stream, now_ms - created)
            })
        })
    }

    /// Takes in the newest page again: statuses that moved forward, and messages newer than
    /// the thread's last one at its end (an answer, a send confirmed meanwhile).
    pub fn merge_newest(&self, page: MessagePage) {
        let last = self.chunks.with_untracked(|chunks| {
            chunks
                .iter()
                .rev()
                .find_map(|c| c.entries.last())
                .map_or(i64::MIN, |e| e.message.id)
        });
        let mut changed = Vec::new();
        let mut newer = Vec::new();
        self.chunks.with_untracked(|chunks| {
            let statuses = self.statuses.read_untracked();
            for m in page.items {
                if m.id > last {
                    newer.push(m);
                    continue;
                }
                let Some(now) = delivery_of(&m) else { continue };
                let known = statuses.get(&m.id).cloned().or_else(|| {
                    chunks
                        .iter()
                        .rev()
                        .flat_map(|c| c.entries.iter().rev())
                        .find(|e| e.message.id == m.id)
                        .and_then(|e| delivery_of(&e.message))
                });
                if known.as_ref() != Some(&now) {
                    changed.push((m.id, now));
                }
            }
        });
        if !changed.is_empty() {
            self.statuses.update(|s| s.extend(changed));
        }
        if !newer.is_empty() {
            self.append_all(newer);
        }
    }

    /// The pages, tracked.
    pub fn chunks(&self) -> Vec<SharedChunk> {
        self.chunks.get()
    }

    /// Puts an older page in front; the day heading of the page after it goes when both
    /// pages meet on the same day.
    fn prepend(&self, page: MessagePage) {
        let older = Chunk::new(page.items);
        self.chunks.update(|all| {
            if let (Some(first), Some(last)) = (all.first(), older.entries.last()) {
                let same_day = first.entries.first().map(|e| e.day) == Some(last.day);
                first.first_opens_day.set(!same_day);
            }
            all.insert(0, older);
        });
        self.before.set(page.before_cursor);
    }

    fn append_all(&self, messages: Vec<Message>) {
        self.chunks.update(|all| {
            let previous_day = all.last().and_then(|c| c.entries.last()).map(|e| e.day);
            let chunk = Chunk::new(messages);
            let same_day = chunk.entries.first().map(|e| e.day) == previous_day;
            chunk.first_opens_day.set(!same_day);
            all.push(chunk);
        });
    }

    /// The action that loads the older pages of this thread, for conversation `id`.
    /// `keep_place` runs the insertion of each page, so that the view can keep what the
    /// reader was looking at in place; it may skip it (the thread closed meanwhile).
    pub fn older_loader(
        &self,
        client: ApiClient,
        id: i64,
        keep_place: impl Fn(Box<dyn FnOnce()>) + Clone + 'static,
    ) -> PageLoader {
        let pages = self.clone();
        PageLoader::new(self.before.clone(), move |cursor| {
            let (client, pages, keep_place) = (client.clone(), pages.clone(), keep_place.clone());
            async move {
                let page = client.messages_before(id, cursor).await?;
                keep_place(Box::new(move || pages.prepend(page)));
                Ok(())
            }
        })
    }
}
