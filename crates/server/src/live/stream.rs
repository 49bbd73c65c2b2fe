//! One subscriber's stream: where it starts (`Last-Event-ID`), what it sends of each event
//! (`domain::live`), how it catches up from the log, and when it ends.
//!
//! It subscribes to the hub before it reads anything, and remembers the id of the last log
//! row it has looked at: a row it receives twice (from the log and then from the channel) is
//! skipped, a row it missed (the channel lagged, or a gap in the ids) is read from the log.
//! Ids are contiguous because SQLite has one writer and AUTOINCREMENT never reuses an id.

use std::collections::VecDeque;
use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use axum::response::sse::Event;
use futures_util::stream::{self, Stream};
use textpeak_api::live::{HiddenReason, LiveEvent, STREAM_RETRY_MS};
use textpeak_api::permissions::{self, Membership};
use textpeak_api::{Capability, Subject};
use tokio::sync::broadcast::error::RecvError;
use tokio::sync::{broadcast, watch};

use crate::domain::access::{no_inbox_permission, Viewer};
use crate::domain::live::{delivery, sees_space, Delivery};
use crate::http::problem::ApiError;
use crate::live::{read, Hub, Published, PAGE};
use crate::store::events::{self, LoggedEvent};

/// Where a new stream starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Start {
    /// After the newest event: nothing old.
    Newest,
    /// Every event after this id the subscriber may see, then live.
    After(i64),
    /// The id cannot be resumed from: `reset`, then live.
    Reset,
}

/// Where a client resuming from `last_event_id` starts, given the log's oldest retained id
/// and its newest: from that id when every later event is still in the log; `Reset` when some
/// were pruned, or the id is from the future (another server's, or a reset database).
pub fn start_from(last_event_id: Option<&str>, oldest: Option<i64>, newest: i64) -> Start {
    let Some(text) = last_event_id.map(str::trim).filter(|t| !t.is_empty()) else {
        return Start::Newest;
    };
    let Ok(id) = text.parse::<i64>() else {
        return Start::Reset;
    };
    if id < 0 || id > newest {
        return Start::Reset;
    }
    // Resuming needs every id after `id`: the oldest retained one must be at most id + 1.
    let first_needed = id + 1;
    match oldest {
        Some(oldest) if oldest > first_needed => Start::Reset,
        // An empty log with `id` < newest: everything after it was pruned.
        None if id < newest => Start::Reset,
        _ => Start::After(id),
    }
}

/// The SSE name of a logged event: the log holds conversation events, which carry their
/// access, and `access_changed`, which does not.
fn logged_name(event: &LoggedEvent) -> &'static str {
    if event.access.is_some() {
        "conversation"
    } else {
        "access_changed"
    }
}

struct Subscriber {
    hub: Hub,
    user_id: i64,
    tenant_id: i64,
    subject: Subject,
    membership: Membership,
    rx: broadcast::Receiver<Arc<Published>>,
    shutdown: watch::Receiver<bool>,
    /// The last log id looked at (sent or not).
    last_id: i64,
    /// Reading the log from `last_id` until it is exhausted.
    catching_up: bool,
    /// Ready to send, in order; at most one page of the log.
    pending: VecDeque<Event>,
    /// Send what is pending, then end.
    ending: bool,
}

/// What woke a waiting stream.
enum Woken {
    Shutdown,
    Received(Arc<Published>),
    Lagged,
    Closed,
}

/// Who a stream is for, as their access is now: 401 when they are gone (deactivated), 403
/// without the inbox permission. A user whose tenant still waits for Beta access may listen:
/// they see no conversation, but learn of the approval at once.
fn subscriber_access(
    conn: &rusqlite::Connection,
    user_id: i64,
) -> Result<(i64, Subject, Membership), ApiError> {
    let viewer = Viewer::load(conn, user_id)?;
    let subject = viewer.subject();
    if !permissions::can(&subject, Capability::SeeInboxTab) {
        return Err(no_inbox_permission());
    }
    let membership = viewer.membership(conn)?;
    Ok((viewer.tenant.id, subject, membership))
}

/// Opens the stream of `user_id`: 401/403 problems when they may not have one (the route
/// answers them before any byte of the stream).
pub async fn open(
    hub: Hub,
    user_id: i64,
    last_event_id: Option<String>,
) -> Result<impl Stream<Item = Result<Event, Infallible>>, ApiError> {
    hub.ensure_running().await?;
    // Before anything is read: what is written from now on reaches the channel.
    let rx = hub.subscribe();
    let shutdown = hub.shutdown_signal();
    let ((tenant_id, subject, membership), (oldest, newest)) = read(hub.db(), move |conn| {
        Ok((subscriber_access(conn, user_id)?, events::bounds(conn)?))
    })
    .await?;
    let start = start_from(last_event_id.as_deref(), oldest, newest);
    let (last_id, catching_up) = match start {
        Start::Newest | Start::Reset => (newest, false),
        Start::After(id) => (id, true),
    };
    // The first block says where the stream starts (an `id:` without data, which moves the
    // client's last event id), so that a client that drops before any event resumes from here
    // rather than from nothing.
    let mut pending = VecDeque::new();
    pending.push_back(
        Event::default()
            .retry(Duration::from_millis(STREAM_RETRY_MS))
            .id(last_id.to_string()),
    );
    if start == Start::Reset {
        pending.push_back(encode(Some(newest), &LiveEvent::Reset));
    }
    let subscriber = Subscriber {
        hub,
        user_id,
        tenant_id,
        subject,
        membership,
        rx,
        shutdown,
        last_id,
        catching_up,
        pending,
        ending: false,
    };
    Ok(stream::unfold(subscriber, |mut s| async move {
        let event = s.next().await?;
        Some((Ok(event), s))
    }))
}

/// An event of the stream: its `id:` (logged events only), `event:` and `data:`.
fn encode(id: Option<i64>, event: &LiveEvent) -> Event {
    let data = serde_json::to_string(event).unwrap_or_else(|_| "{}".into());
    with_id(Event::default().event(event.name()).data(data), id)
}

fn with_id(event: Event, id: Option<i64>) -> Event {
    match id {
        Some(id) => event.id(id.to_string()),
        None => event,
    }
}

impl Subscriber {
    /// The next event to send; None ends the stream.
    async fn next(&mut self) -> Option<Event> {
        loop {
            if let Some(event) = self.pending.pop_front() {
                return Some(event);
            }
            if self.ending || *self.shutdown.borrow() {
                return None;
            }
            if self.catching_up {
                self.catch_up().await;
                continue;
            }
            let woken = tokio::select! {
                _ = self.shutdown.wait_for(|stop| *stop) => Woken::Shutdown,
                received = self.rx.recv() => match received {
                    Ok(published) => Woken::Received(published),
                    Err(RecvError::Lagged(_)) => Woken::Lagged,
                    Err(RecvError::Closed) => Woken::Closed,
                },
            };
            match woken {
                Woken::Shutdown | Woken::Closed => return None,
                // Fell behind the channel: the log has everything that was dropped.
                Woken::Lagged => self.catching_up = true,
                Woken::Received(published) => match &*published {
                    Published::Logged(event) if event.id <= self.last_id => {}
                    // A gap: read it from the log (this event included).
                    Published::Logged(event) if event.id > self.last_id + 1 => {
                        self.catching_up = true
                    }
                    Published::Logged(event) => self.accept(event).await,
                    Published::Presence {
                        tenant_id,
                        access,
                        data,
                    } => {
                        if *tenant_id == self.tenant_id
                            && permissions::can_see_conversation(
                                &self.subject,
                                &self.membership,
                                *access,
                            )
                        {
                            self.pending
                                .push_back(Event::default().event("presence").data(data.clone()));
                        }
                    }
                },
            }
        }
    }

    /// Reads the next page of the log after `last_id`; catching up ends with a short page.
    async fn catch_up(&mut self) {
        let after = self.last_id;
        match read(self.hub.db(), move |conn| events::since(conn, after, PAGE)).await {
            Ok(page) => {
                self.catching_up = page.len() == PAGE;
                for event in &page {
                    if event.id > self.last_id {
                        self.accept(event).await;
                    }
                }
            }
            Err(e) => {
                // The client reconnects with its last id and resumes from there.
                tracing::error!(error = %e, "live stream: cannot read the event log");
                self.ending = true;
            }
        }
    }

    /// Sends what the subscriber may see of one logged event.
    async fn accept(&mut self, event: &LoggedEvent) {
        self.last_id = event.id;
        if event.tenant_id != self.tenant_id {
            return;
        }
        match &event.access {
            Some(access) => match delivery(&self.subject, &self.membership, access) {
                Delivery::Send => self.pending.push_back(
                    Event::default()
                        .id(event.id.to_string())
                        .event(logged_name(event))
                        .data(event.payload.clone()),
                ),
                Delivery::Hidden => {
                    if let Some(conversation_id) = event.conversation_id {
                        let hidden = LiveEvent::ConversationHidden {
                            space_id: access.now.space_id,
                            conversation_id,
                            reason: HiddenReason::Moved,
                        };
                        self.pending.push_back(encode(Some(event.id), &hidden));
                    }
                }
                Delivery::Nothing => {}
            },
            None => self.access_changed(event).await,
        }
    }

    /// The tenant's settings or access changed: reload the subscriber's, tell them when it
    /// concerns a space they see (saw), and end the stream when they may no longer have one
    /// (deactivated, or the inbox permission taken away).
    async fn access_changed(&mut self, event: &LoggedEvent) {
        let saw = sees_space(&self.subject, &self.membership, event.space_id);
        let user_id = self.user_id;
        let message = Event::default()
            .id(event.id.to_string())
            .event(logged_name(event))
            .data(event.payload.clone());
        match read(self.hub.db(), move |conn| subscriber_access(conn, user_id)).await {
            Ok((_, subject, membership)) => {
                self.subject = subject;
                self.membership = membership;
                if saw || sees_space(&self.subject, &self.membership, event.space_id) {
                    self.pending.push_back(message);
                }
            }
            Err(ApiError::Problem(_)) => {
                // Deactivated, or no inbox permission any more: they learn it and the stream
                // ends.
                self.pending.push_back(message);
                self.ending = true;
            }
            Err(e) => {
                tracing::error!(error = %e, "live stream: cannot reload the subscriber");
                self.ending = true;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resumes_only_when_every_later_event_is_retained() {
        assert_eq!(start_from(None, Some(1), 10), Start::Newest);
        assert_eq!(start_from(Some(" "), Some(1), 10), Start::Newest);
        assert_eq!(start_from(Some("10"), Some(1), 10), Start::After(10));
        assert_eq!(start_from(Some("4"), Some(5), 10), Start::After(4));
        assert_eq!(start_from(Some("3"), Some(5), 10), Start::Reset);
        assert_eq!(start_from(Some("11"), Some(5), 10), Start::Reset);
        assert_eq!(start_from(Some("-1"), Some(1), 10), Start::Reset);
        assert_eq!(start_from(Some("abc"), Some(1), 10), Start::Reset);
        assert_eq!(start_from(Some("0"), None, 0), Start::After(0));
        assert_eq!(start_from(Some("0"), Some(1), 3), Start::After(0));
        assert_eq!(start_from(Some("2"), None, 7), Start::Reset);
    }
}
