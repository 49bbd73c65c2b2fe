//! Live updates in process: the hub between the event log (`store::events`) and the streams
//! of `GET /api/events` (`routes::events`).
//!
//! One dispatcher task reads the rows the writers added to the log (woken by `Db::call`,
//! with a slow poll as a safety net for writes it is not told about) and publishes each once
//! on a bounded broadcast channel; every stream (`stream.rs`) filters what it receives for its
//! subscriber. A stream that falls behind the channel reads the log from its last id instead:
//! memory stays bounded and nothing is lost. Presence (`presence.rs`) is not logged: it goes
//! through the same channel without an id. Shutting the hub down ends every stream, so that
//! the server's graceful shutdown can finish.

pub mod presence;
pub mod stream;

use std::sync::{Arc, Mutex, PoisonError};

use rusqlite::Connection;
use textpeak_api::live::{LiveEvent, PresenceUpdate};
use textpeak_api::permissions::ConversationAccess;
use textpeak_api::UserRef;
use tokio::sync::{broadcast, watch};
use tokio::task::JoinHandle;
use tokio::time::Instant;

use crate::config::LiveConfig;
use crate::db::Db;
use crate::http::problem::ApiError;
use crate::live::presence::{Announcement, Expiry, Registry};
use crate::store::events::{self, LoggedEvent};

/// How many log rows one read takes (the dispatcher's and a catching-up stream's).
const PAGE: usize = 500;

/// What the hub publishes.
#[derive(Debug)]
pub enum Published {
    /// A row of the log.
    Logged(LoggedEvent),
    /// A conversation's presence list, for those who may see the conversation.
    Presence {
        tenant_id: i64,
        access: ConversationAccess,
        /// The `LiveEvent::Presence` as JSON.
        data: String,
    },
}

struct Inner {
    db: Db,
    config: LiveConfig,
    sender: broadcast::Sender<Arc<Published>>,
    shutdown: watch::Sender<bool>,
    presence: Mutex<Registry>,
    /// The dispatcher and the presence sweeper, once started (held across the read of the
    /// dispatcher's first id, so that two streams opening at once start one dispatcher).
    tasks: tokio::sync::Mutex<Vec<JoinHandle<()>>>,
}

/// The live hub of one server; cheap to clone.
#[derive(Clone)]
pub struct Hub {
    inner: Arc<Inner>,
}

impl Hub {
    /// A hub over `db`; its tasks start with [`Hub::ensure_running`].
    pub fn new(db: Db, config: LiveConfig) -> Hub {
        let (sender, _) = broadcast::channel(config.fan_out_capacity.max(1));
        let (shutdown, _) = watch::channel(false);
        Hub {
            inner: Arc::new(Inner {
                db,
                config,
                sender,
                shutdown,
                presence: Mutex::new(Registry::new(Expiry {
                    viewing: config.presence_viewing_ttl,
                    typing: config.presence_typing_ttl,
                })),
                tasks: tokio::sync::Mutex::new(Vec::new()),
            }),
        }
    }

    pub fn config(&self) -> &LiveConfig {
        &self.inner.config
    }

    /// Starts the dispatcher and the presence sweeper on the current runtime unless they run
    /// (again, when the runtime they ran on has gone, as between tests). Does nothing after
    /// [`Hub::shut_down`]. A stream calls it before it reads the log: the dispatcher then
    /// publishes every event after the newest id the stream could have read.
    pub async fn ensure_running(&self) -> Result<(), ApiError> {
        let mut tasks = self.inner.tasks.lock().await;
        if !tasks.is_empty() && tasks.iter().all(|t| !t.is_finished()) {
            return Ok(());
        }
        for task in tasks.drain(..) {
            task.abort();
        }
        if *self.inner.shutdown.borrow() {
            return Ok(());
        }
        let (_, newest) = read(&self.inner.db, events::bounds).await?;
        tasks.push(tokio::spawn(dispatch(self.clone(), newest)));
        tasks.push(tokio::spawn(sweep_presence(self.clone())));
        Ok(())
    }

    /// Ends every stream and the hub's tasks (SIGINT, SIGTERM).
    pub fn shut_down(&self) {
        self.inner.shutdown.send_replace(true);
    }

    pub fn subscribe(&self) -> broadcast::Receiver<Arc<Published>> {
        self.inner.sender.subscribe()
    }

    pub fn shutdown_signal(&self) -> watch::Receiver<bool> {
        self.inner.shutdown.subscribe()
    }

    /// Keeps the newest `event_log_keep` events (at start and periodically).
    pub async fn prune(&self) -> Result<usize, ApiError> {
        let keep = self.inner.config.event_log_keep;
        quiet_write(&self.inner.db, move |conn| events::prune(conn, keep)).await
    }

    /// A client's presence report, by `user`, in a conversation they may see.
    pub fn report_presence(
        &self,
        conversation_id: i64,
        tenant_id: i64,
        access: ConversationAccess,
        user: UserRef,
        update: PresenceUpdate,
    ) {
        let announcement = self
            .inner
            .presence
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .report(
                conversation_id,
                tenant_id,
                access,
                user,
                update,
                Instant::now(),
            );
        if let Some(announcement) = announcement {
            self.announce(announcement);
        }
    }

    fn announce(&self, announcement: Announcement) {
        let event = LiveEvent::Presence(announcement.presence);
        match serde_json::to_string(&event) {
            Ok(data) => {
                // No subscriber is no error: nobody is there to tell.
                let _ = self.inner.sender.send(Arc::new(Published::Presence {
                    tenant_id: announcement.tenant_id,
                    access: announcement.access,
                    data,
                }));
            }
            Err(e) => tracing::error!(error = %e, "cannot encode a presence event"),
        }
    }

    fn db(&self) -> &Db {
        &self.inner.db
    }
}

/// Reads on the read-only pool (`Db::read`), which does not wake the hub (its own reads
/// must not count as changes).
pub async fn read<T, F>(db: &Db, f: F) -> Result<T, ApiError>
where
    T: Send + 'static,
    F: FnOnce(&Connection) -> Result<T, ApiError> + Send + 'static,
{
    db.read(f).await
}

/// Writes on the writer without waking the hub: pruning the log adds no event.
async fn quiet_write<T, F>(db: &Db, f: F) -> Result<T, ApiError>
where
    T: Send + 'static,
    F: FnOnce(&mut Connection) -> Result<T, ApiError> + Send + 'static,
{
    let db = db.clone();
    tokio::task::spawn_blocking(move || db.with_conn(f))
        .await
        .map_err(|e| ApiError::internal(format!("database task failed: {e}")))?
}

/// Publishes every row of the log after `last`, in id order, until the hub shuts down.
async fn dispatch(hub: Hub, mut last: i64) {
    let config = *hub.config();
    let changed = hub.db().changed();
    let mut shutdown = hub.shutdown_signal();
    let mut next_prune = Instant::now() + config.prune_every;
    loop {
        tokio::select! {
            _ = changed.notified() => {}
            _ = tokio::time::sleep(config.poll) => {}
            _ = shutdown.wait_for(|stop| *stop) => return,
        }
        loop {
            let after = last;
            match read(hub.db(), move |conn| events::since(conn, after, PAGE)).await {
                Ok(page) => {
                    let full = page.len() == PAGE;
                    for event in page {
                        last = event.id;
                        // Without subscribers the event only stays in the log.
                        let _ = hub.inner.sender.send(Arc::new(Published::Logged(event)));
                    }
                    if !full {
                        break;
                    }
                }
                Err(e) => {
                    tracing::error!(error = %e, "live updates: cannot read new events");
                    break;
                }
            }
        }
        if Instant::now() >= next_prune {
            next_prune = Instant::now() + config.prune_every;
            match hub.prune().await {
                Ok(0) => {}
                Ok(pruned) => tracing::debug!(pruned, "event log pruned"),
                Err(e) => tracing::error!(error = %e, "cannot prune the event log"),
            }
        }
    }
}

/// Announces presence that expired, with the conversation's access as it is now (it may have
/// moved since the last report).
async fn sweep_presence(hub: Hub) {
    let mut shutdown = hub.shutdown_signal();
    let mut tick = tokio::time::interval(hub.config().presence_sweep);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            _ = tick.tick() => {}
            _ = shutdown.wait_for(|stop| *stop) => return,
        }
        let expired = hub
            .inner
            .presence
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .sweep(Instant::now());
        for mut announcement in expired {
            let id = announcement.presence.conversation_id;
            match read(hub.db(), move |conn| events::conversation_access(conn, id)).await {
                Ok(Some((tenant_id, access))) => {
                    announcement.tenant_id = tenant_id;
                    announcement.access = access;
                    hub.announce(announcement);
                }
                // Deleted: nobody sees it any more.
                Ok(None) => {}
                Err(e) => tracing::error!(error = %e, "presence: cannot read a conversation"),
            }
        }
    }
}
