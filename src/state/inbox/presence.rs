//! Who else has the open conversation open, and who is writing in it. The app reports its own
//! presence (viewing, repeated every `PRESENCE_HEARTBEAT_SECS`; typing, throttled; leaving)
//! and keeps the latest list the server announced, without the user themselves. The server
//! expires stale entries and announces the change, so nothing here times out on its own.

use leptos::prelude::*;
use textpeak_api::live::{
    ConversationPresence, PresenceEntry, PresenceUpdate, PRESENCE_HEARTBEAT_SECS,
};
use textpeak_api::MessageKind;

use crate::api::ApiClient;
use crate::logic::presence::should_report_typing;

/// Copy, in context while a conversation is open.
#[derive(Clone, Copy)]
pub struct Presence {
    id: i64,
    me: i64,
    others: RwSignal<Vec<PresenceEntry>>,
    last_typing_report: StoredValue<Option<f64>>,
    client: StoredValue<ApiClient>,
    /// False once the user may no longer see the conversation: reports would only be refused.
    allowed: StoredValue<bool>,
}

impl Presence {
    /// Says "I am here" now and every heartbeat until the calling owner is cleaned up, then
    /// "I left".
    /// `signed_in` says whether the session still holds (after a sign-out, "I left" would
    /// only be refused; the server forgets the user's presence by itself).
    pub fn join(
        client: ApiClient,
        id: i64,
        me: i64,
        signed_in: impl Fn() -> bool + Send + Sync + 'static,
    ) -> Self {
        let presence = Presence {
            id,
            me,
            others: RwSignal::new(Vec::new()),
            last_typing_report: StoredValue::new(None),
            client: StoredValue::new(client.clone()),
            allowed: StoredValue::new(true),
        };
        presence.report(PresenceUpdate {
            viewing: true,
            typing: None,
        });
        let heartbeat = set_interval_with_handle(
            move || {
                presence.report(PresenceUpdate {
                    viewing: true,
                    typing: None,
                })
            },
            std::time::Duration::from_secs(PRESENCE_HEARTBEAT_SECS),
        )
        .ok();
        let unload = window_event_listener(leptos::ev::pagehide, {
            let client = client.clone();
            move |_| {
                if presence.allowed.try_get_value() == Some(true) {
                    client.report_leaving_now(id)
                }
            }
        });
        on_cleanup(move || {
            unload.remove();
            if let Some(h) = heartbeat {
                h.clear();
            }
            if !signed_in() || presence.allowed.try_get_value() != Some(true) {
                return;
            }
            let client = client.clone();
            leptos::task::spawn_local(async move {
                let _ = client
                    .report_presence(
                        id,
                        PresenceUpdate {
                            viewing: false,
                            typing: None,
                        },
                    )
                    .await;
            });
        });
        presence
    }

    /// The others here, tracked.
    pub fn others(&self) -> Vec<PresenceEntry> {
        self.others.get()
    }

    /// A presence list the server announced.
    pub fn take(&self, presence: &ConversationPresence) {
        if presence.conversation_id != self.id {
            return;
        }
        let others: Vec<PresenceEntry> = presence
            .present
            .iter()
            .filter(|p| p.user.id != self.me)
            .cloned()
            .collect();
        if self.others.with_untracked(|o| *o != others) {
            self.others.try_set(others);
        }
    }

    /// The user may no longer see the conversation: no more reports.
    pub fn revoked(&self) {
        self.allowed.try_set_value(false);
    }

    /// The stream reconnected: the server may have dropped us meanwhile.
    pub fn renew(&self) {
        self.report(PresenceUpdate {
            viewing: true,
            typing: None,
        });
    }

    /// A keystroke in the composer (a reply or a note).
    pub fn typing(&self, kind: MessageKind) {
        let now = js_sys::Date::now();
        if !should_report_typing(self.last_typing_report.get_value(), now) {
            return;
        }
        self.last_typing_report.set_value(Some(now));
        self.report(PresenceUpdate {
            viewing: true,
            typing: Some(kind),
        });
    }

    /// The text was sent or emptied: no longer typing.
    pub fn stopped_typing(&self) {
        if self.last_typing_report.get_value().is_some() {
            self.last_typing_report.set_value(None);
            self.renew();
        }
    }

    fn report(&self, update: PresenceUpdate) {
        if self.allowed.try_get_value() != Some(true) {
            return;
        }
        let Some(client) = self.client.try_get_value() else {
            return;
        };
        let id = self.id;
        leptos::task::spawn_local(async move {
            // Presence is best effort: a lost report is renewed by the next heartbeat.
            let _ = client.report_presence(id, update).await;
        });
    }
}
