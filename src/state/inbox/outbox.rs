//! The outbox: every reply and note the user sent that the server has not confirmed yet, and
//! the sends it refused. The only writer of that state. A send shows in its thread at once,
//! keyed by the id the app generated for it; that id is also the `Idempotency-Key`, so a
//! retry (by hand, after a `Retry-After`, or after a reload) can never store it twice.
//!
//! Unconfirmed sends are kept in local storage per user: a reload, a sign-out or a closed tab
//! loses no word. Sends still on their way when the page went away are sent again on the next
//! load (the server answers the stored message if the first attempt had arrived).

use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;
use serde::{Deserialize, Serialize};
use textpeak_api::{Message, SendMessage};

use crate::api::{ApiClient, SendFailure};
use crate::logic::compose::outbox_key;
use crate::state::storage;

#[derive(Debug, Clone, PartialEq)]
pub enum SendState {
    Sending,
    Failed {
        reason: String,
        /// The server asked to wait this many seconds (429); the outbox tries again by itself.
        retry_in: Option<u32>,
    },
    /// Stored by the server; shown until the thread holds the server's copy. Never kept in
    /// local storage.
    Sent(Box<Message>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct PendingSend {
    pub conversation_id: i64,
    pub message: SendMessage,
    /// The sender profile's name, for the thread (replies only).
    pub sender_profile: Option<String>,
    /// When the user pressed Send (device clock).
    pub created_at: String,
    pub state: SendState,
}

impl PendingSend {
    pub fn client_id(&self) -> &str {
        &self.message.client_id
    }

    fn unconfirmed(&self) -> bool {
        !matches!(self.state, SendState::Sent(_))
    }
}

/// The sends of one signed-in user. Copy, lives in context while the dashboard shows.
#[derive(Clone, Copy)]
pub struct Outbox {
    items: RwSignal<Vec<PendingSend>>,
    client: StoredValue<ApiClient>,
    key: StoredValue<String>,
}

fn now_iso() -> String {
    js_sys::Date::new_0()
        .to_iso_string()
        .as_string()
        .unwrap_or_default()
}

/// A send as local storage keeps it: only what is not confirmed, so never a server message.
#[derive(Serialize, Deserialize)]
struct Stored {
    conversation_id: i64,
    message: SendMessage,
    sender_profile: Option<String>,
    created_at: String,
    /// Why it failed; None while it was on its way.
    failed: Option<String>,
}

fn load(key: &str) -> Vec<PendingSend> {
    let stored: Vec<Stored> = storage::read_json(key).unwrap_or_default();
    stored
        .into_iter()
        .map(|s| PendingSend {
            conversation_id: s.conversation_id,
            message: s.message,
            sender_profile: s.sender_profile,
            created_at: s.created_at,
            state: match s.failed {
                Some(reason) => SendState::Failed {
                    reason,
                    retry_in: None,
                },
                None => SendState::Sending,
            },
        })
        .collect()
}

fn save(key: &str, items: &[PendingSend]) {
    let stored: Vec<Stored> = items
        .iter()
        .filter_map(|p| {
            let failed = match &p.state {
                SendState::Sent(_) => return None,
                SendState::Sending => None,
                SendState::Failed { reason, .. } => Some(reason.clone()),
            };
            Some(Stored {
                conversation_id: p.conversation_id,
                message: p.message.clone(),
                sender_profile: p.sender_profile.clone(),
                created_at: p.created_at.clone(),
                failed,
            })
        })
        .collect();
    if stored.is_empty() {
        storage::remove(key);
    } else {
        storage::write_json(key, &stored);
    }
}

impl Outbox {
    /// The user's unconfirmed sends from local storage; those that were on their way when the
    /// page went away go out again.
    pub fn new(client: ApiClient, user_id: i64) -> Self {
        let key = outbox_key(user_id);
        let items = load(&key);
        let resend: Vec<String> = items
            .iter()
            .filter(|p| p.state == SendState::Sending)
            .map(|p| p.client_id().to_owned())
            .collect();
        let outbox = Outbox {
            items: RwSignal::new(items),
            client: StoredValue::new(client),
            key: StoredValue::new(key),
        };
        for id in resend {
            outbox.start(id);
        }
        outbox
    }

    fn persist(&self) {
        let key = self.key.get_value();
        self.items.with_untracked(|items| save(&key, items));
    }

    /// The client ids of a conversation's sends, oldest first, tracked.
    pub fn ids_for(&self, conversation_id: i64) -> Vec<String> {
        self.items.with(|items| {
            items
                .iter()
                .filter(|p| p.conversation_id == conversation_id)
                .map(|p| p.client_id().to_owned())
                .collect()
        })
    }

    /// One send, tracked; None once it is gone (confirmed and shown by the thread, or taken
    /// back into the composer).
    pub fn get(&self, client_id: &str) -> Option<PendingSend> {
        self.items
            .try_with(|items| items.iter().find(|p| p.client_id() == client_id).cloned())
            .flatten()
    }

    /// Shows the message in its thread at once and sends it.
    pub fn send(&self, conversation_id: i64, message: SendMessage, sender_profile: Option<String>) {
        let id = message.client_id.clone();
        self.items.update(|items| {
            items.push(PendingSend {
                conversation_id,
                message,
                sender_profile,
                created_at: now_iso(),
                state: SendState::Sending,
            })
        });
        self.start(id);
    }

    fn start(&self, client_id: String) {
        let Some(pending) = self.items.try_update(|items| {
            let p = items.iter_mut().find(|p| p.client_id() == client_id)?;
            p.state = SendState::Sending;
            Some((p.conversation_id, p.message.clone()))
        }) else {
            return;
        };
        let Some((conversation_id, message)) = pending else {
            return;
        };
        self.persist();
        let this = *self;
        let client = self.client.get_value();
        let key = self.key.get_value();
        spawn_local(async move {
            let result = client.send_message(conversation_id, &message).await;
            this.finish(&key, &client_id, result);
        });
    }

    fn finish(&self, key: &str, client_id: &str, result: Result<Message, SendFailure>) {
        let (state, retry_in) = match result {
            Ok(message) => (SendState::Sent(Box::new(message)), None),
            Err(failure) => (
                SendState::Failed {
                    reason: failure.error.message(),
                    retry_in: failure.retry_after,
                },
                failure.retry_after,
            ),
        };
        let apply = |items: &mut Vec<PendingSend>| {
            if let Some(p) = items.iter_mut().find(|p| p.client_id() == client_id) {
                p.state = state.clone();
            }
        };
        if self.items.try_update(apply).is_some() {
            self.persist();
        } else {
            // The dashboard went away meanwhile (signed out): keep the stored list right.
            let mut items = load(key);
            apply(&mut items);
            save(key, &items);
            return;
        }
        if let Some(seconds) = retry_in {
            let (this, id) = (*self, client_id.to_owned());
            set_timeout(move || this.retry(&id), Duration::from_secs(seconds.into()));
        }
    }

    /// Sends a failed message again, with the same client id.
    pub fn retry(&self, client_id: &str) {
        let failed = self
            .items
            .try_with_untracked(|items| {
                items.iter().any(|p| {
                    p.client_id() == client_id && matches!(p.state, SendState::Failed { .. })
                })
            })
            .unwrap_or(false);
        if failed {
            self.start(client_id.to_owned());
        }
    }

    /// Takes a failed send out of the outbox (to edit it in the composer, or to drop it).
    pub fn take(&self, client_id: &str) -> Option<PendingSend> {
        let taken = self.items.try_update(|items| {
            let at = items.iter().position(|p| {
                p.client_id() == client_id && matches!(p.state, SendState::Failed { .. })
            })?;
            Some(items.remove(at))
        })??;
        self.persist();
        Some(taken)
    }

    /// Forgets the confirmed sends of a conversation that its thread now shows itself.
    pub fn settle(&self, conversation_id: i64, shown: impl Fn(&str) -> bool) {
        let settled = self
            .items
            .try_with_untracked(|items| {
                items.iter().any(|p| {
                    p.conversation_id == conversation_id && !p.unconfirmed() && shown(p.client_id())
                })
            })
            .unwrap_or(false);
        if settled {
            self.items.update(|items| {
                items.retain(|p| {
                    p.conversation_id != conversation_id || p.unconfirmed() || !shown(p.client_id())
                })
            });
        }
    }

    /// Whether a conversation has sends still on their way or waiting for the thread to show
    /// the server's copy, untracked.
    pub fn awaiting_untracked(&self, conversation_id: i64) -> bool {
        self.items
            .try_with_untracked(|items| {
                items.iter().any(|p| {
                    p.conversation_id == conversation_id
                        && matches!(p.state, SendState::Sending | SendState::Sent(_))
                })
            })
            .unwrap_or(false)
    }
}

/// A new client id for a send (also its `Idempotency-Key`): `crypto.randomUUID()`, or a
/// version-4 UUID from `Math.random` where that is missing (pages served over plain HTTP).
pub fn new_client_id() -> String {
    use js_sys::{Function, Reflect};
    use wasm_bindgen::{JsCast, JsValue};
    let from_crypto = (|| {
        let crypto = Reflect::get(&js_sys::global(), &JsValue::from_str("crypto")).ok()?;
        let f = Reflect::get(&crypto, &JsValue::from_str("randomUUID"))
            .ok()?
            .dyn_into::<Function>()
            .ok()?;
        f.call0(&crypto).ok()?.as_string()
    })();
    from_crypto.unwrap_or_else(|| {
        let mut bytes = [0u8; 16];
        for b in &mut bytes {
            *b = (js_sys::Math::random() * 256.0) as u8;
        }
        crate::logic::compose::uuid_v4(bytes)
    })
}
