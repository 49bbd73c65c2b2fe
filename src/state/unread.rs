//! How many conversations with unread messages each of the user's spaces has, for the space
//! switcher, the document title and the host's menu badge. Loaded from each space's summary,
//! then asked again (debounced) whenever a live event touches a space.

use std::collections::{HashMap, HashSet};
use std::time::Duration;

use leptos::prelude::*;

use crate::api::ApiClient;

/// Live events come in bursts; one summary request per space per this long is enough.
const REFRESH_AFTER: Duration = Duration::from_millis(400);

#[derive(Clone, Copy)]
pub struct SpaceUnread {
    counts: RwSignal<HashMap<i64, u64>>,
    dirty: StoredValue<HashSet<i64>>,
    timer: StoredValue<Option<TimeoutHandle>>,
    client: StoredValue<ApiClient>,
}

impl SpaceUnread {
    pub fn new(client: ApiClient) -> Self {
        let unread = SpaceUnread {
            counts: RwSignal::new(HashMap::new()),
            dirty: StoredValue::new(HashSet::new()),
            timer: StoredValue::new(None),
            client: StoredValue::new(client),
        };
        on_cleanup(move || {
            if let Some(timer) = unread.timer.try_get_value().flatten() {
                timer.clear();
            }
        });
        unread
    }

    /// Each space's count, tracked; a space not loaded yet is missing.
    pub fn counts(&self) -> HashMap<i64, u64> {
        self.counts.get()
    }

    /// All spaces together, tracked.
    pub fn total(&self) -> u64 {
        self.counts.with(|c| c.values().sum())
    }

    /// The summary of `space` says `count`.
    pub fn set(&self, space: i64, count: u64) {
        if self
            .counts
            .with_untracked(|c| c.get(&space) != Some(&count))
        {
            self.counts.update(|c| {
                c.insert(space, count);
            });
        }
    }

    /// Something changed in these spaces: ask for their counts again, soon.
    pub fn touch(&self, spaces: impl IntoIterator<Item = i64>) {
        self.dirty.update_value(|d| d.extend(spaces));
        if self.timer.get_value().is_some() {
            return;
        }
        let this = *self;
        let timer = set_timeout_with_handle(move || this.flush(), REFRESH_AFTER).ok();
        self.timer.set_value(timer);
    }

    fn flush(self) {
        let Some(spaces) = self.dirty.try_update_value(std::mem::take) else {
            return;
        };
        self.timer.set_value(None);
        let client = self.client.get_value();
        for space in spaces {
            let client = client.clone();
            leptos::task::spawn_local(async move {
                if let Ok(summary) = client.space_summary(space).await {
                    self.counts.try_update(|c| {
                        c.insert(space, summary.unread);
                    });
                }
            });
        }
    }
}
