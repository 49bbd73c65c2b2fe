//! The snooze waker: every [`POLL`] it ends the snoozes whose time has come
//! (`store::conversations::snooze::wake_due`), so that a snoozed conversation comes back by
//! itself. The test clock wakes them at once as well.

use std::time::Duration;

use tokio::task::JoinHandle;

use crate::db::Db;
use crate::store::conversations::snooze;

/// How often the waker looks for due snoozes.
pub const POLL: Duration = Duration::from_secs(5);

/// Starts the waker on the current tokio runtime.
pub fn spawn(db: Db) -> JoinHandle<()> {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(POLL);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            match db.call(snooze::wake_due).await {
                Ok(0) => {}
                Ok(woken) => tracing::info!(woken, "snoozes ended"),
                Err(e) => tracing::warn!(error = %e, "snooze waker: cannot end due snoozes"),
            }
        }
    })
}
