//! The live connection: one `GET /api/events` stream for the signed-in user, kept open.
//!
//! It reconnects by itself after a drop, with backoff and jitter (`logic::live::backoff_ms`),
//! resuming from the last event id it saw, so the server sends every later event once. It
//! notices a dead connection that the browser has not (no bytes, not even a heartbeat, for
//! `STREAM_SILENCE_MS`), and waits for the browser to come back online instead of retrying
//! in vain. It opens from the event id the list was read at (`ConversationPage::event_id`),
//! so that nothing between the page and the stream is missed. Views subscribe with
//! [`Live::on_event`]; a reconnect that cannot resume, and the server's own `reset`, reach them
//! as [`LiveEvent::Reset`], and they refetch what they show.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use leptos::prelude::*;
use textpeak_api::live::LiveEvent;
use wasm_bindgen::{closure::Closure, JsCast, JsValue};
use web_sys::AbortController;

use crate::api::ApiClient;
use crate::logic::live::{backoff_ms, STREAM_SILENCE_MS};
use crate::logic::sse::SseParser;

/// What the connection is doing, for the banner.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum LiveStatus {
    /// The first connection is being made.
    Connecting,
    /// Events arrive.
    Live,
    /// The connection dropped; the next attempt starts at `at_ms` (`Date.now()`).
    Reconnecting { at_ms: f64 },
    /// The browser is offline; the stream reconnects when it is back.
    Offline,
    /// The server refused the stream (signed out, no access): nothing to show.
    Stopped,
}

/// A subscriber: each event with its log id (None for presence and for what the app says
/// itself, such as a reset after a reconnect that could not resume).
type Handler = Rc<dyn Fn(&LiveEvent, Option<i64>)>;

struct Inner {
    client: ApiClient,
    last_id: RefCell<Option<String>>,
    retry_ms: Cell<Option<u64>>,
    handlers: RefCell<Vec<(u64, Handler)>>,
    next_handler: Cell<u64>,
    stopped: Cell<bool>,
    controller: RefCell<Option<AbortController>>,
    /// Ends the wait before the next attempt early (Retry now, back online).
    wake: RefCell<Option<js_sys::Function>>,
    last_byte_ms: Cell<f64>,
    started: Cell<bool>,
    signed_out: Rc<dyn Fn()>,
}

impl Inner {
    fn dispatch(&self, event: &LiveEvent, id: Option<i64>) {
        // A handler may subscribe or unsubscribe others: call a copy of the list.
        let handlers: Vec<Handler> = self
            .handlers
            .borrow()
            .iter()
            .map(|(_, h)| h.clone())
            .collect();
        for handler in handlers {
            handler(event, id);
        }
    }

    fn abort(&self) {
        if let Some(controller) = self.controller.borrow_mut().take() {
            controller.abort();
        }
    }

    fn wake_up(&self) {
        if let Some(wake) = self.wake.borrow_mut().take() {
            let _ = wake.call0(&JsValue::NULL);
        }
    }
}

/// The live stream. Copy, lives in context while the Inbox shows.
#[derive(Clone, Copy)]
pub struct Live {
    status: RwSignal<LiveStatus>,
    inner: StoredValue<Rc<Inner>, LocalStorage>,
}

impl Live {
    /// The stream of the calling owner: it opens with [`Live::connect`] and stays open until
    /// the owner is cleaned up. `signed_out` runs when the server says the session ended.
    pub fn new(client: ApiClient, signed_out: impl Fn() + 'static) -> Self {
        let inner = Rc::new(Inner {
            client,
            last_id: RefCell::new(None),
            retry_ms: Cell::new(None),
            handlers: RefCell::new(Vec::new()),
            next_handler: Cell::new(0),
            stopped: Cell::new(false),
            controller: RefCell::new(None),
            wake: RefCell::new(None),
            last_byte_ms: Cell::new(js_sys::Date::now()),
            started: Cell::new(false),
            signed_out: Rc::new(signed_out),
        });
        let live = Live {
            status: RwSignal::new(LiveStatus::Connecting),
            inner: StoredValue::new_local(inner.clone()),
        };
        live.watch_the_connection(inner.clone());
        let inner = send_wrapper::SendWrapper::new(inner);
        on_cleanup(move || {
            inner.stopped.set(true);
            inner.abort();
            inner.wake_up();
            inner.handlers.borrow_mut().clear();
        });
        live
    }

    /// Opens the stream (once; later calls do nothing), after event `after` when given: what
    /// the views show was read at that point of the log, and the server sends everything
    /// since.
    pub fn connect(&self, after: Option<i64>) {
        let Some(inner) = self.inner.try_get_value() else {
            return;
        };
        if inner.started.replace(true) {
            return;
        }
        *inner.last_id.borrow_mut() = after.map(|id| id.to_string());
        leptos::task::spawn_local(run(inner, self.status));
    }

    /// What the connection is doing, tracked.
    pub fn status(&self) -> LiveStatus {
        self.status.get()
    }

    /// Calls `handler` with every event and its log id until the calling owner is cleaned up.
    pub fn on_event(&self, handler: impl Fn(&LiveEvent, Option<i64>) + 'static) {
        let Some(inner) = self.inner.try_get_value() else {
            return;
        };
        let id = inner.next_handler.get();
        inner.next_handler.set(id + 1);
        inner.handlers.borrow_mut().push((id, Rc::new(handler)));
        let inner = send_wrapper::SendWrapper::new(Rc::downgrade(&inner));
        on_cleanup(move || {
            if let Some(inner) = inner.upgrade() {
                inner.handlers.borrow_mut().retain(|(i, _)| *i != id);
            }
        });
    }

    /// Tries to reconnect now instead of waiting for the next attempt.
    pub fn retry_now(&self) {
        if let Some(inner) = self.inner.try_get_value() {
            inner.wake_up();
        }
    }

    /// The heartbeat watchdog and the browser's online/offline events.
    fn watch_the_connection(&self, inner: Rc<Inner>) {
        let status = self.status;
        let watched = send_wrapper::SendWrapper::new(inner.clone());
        let watchdog = set_interval_with_handle(
            move || {
                let silent = js_sys::Date::now() - watched.last_byte_ms.get();
                if status.get_untracked() == LiveStatus::Live && silent > STREAM_SILENCE_MS as f64 {
                    watched.abort();
                }
            },
            std::time::Duration::from_secs(5),
        )
        .ok();
        let window = window();
        let offline = {
            let inner = inner.clone();
            Closure::<dyn Fn()>::new(move || {
                status.set(LiveStatus::Offline);
                inner.abort();
            })
        };
        let online = {
            let inner = inner.clone();
            Closure::<dyn Fn()>::new(move || inner.wake_up())
        };
        let _ =
            window.add_event_listener_with_callback("offline", offline.as_ref().unchecked_ref());
        let _ = window.add_event_listener_with_callback("online", online.as_ref().unchecked_ref());
        let listeners = send_wrapper::SendWrapper::new((offline, online));
        on_cleanup(move || {
            if let Some(w) = watchdog {
                w.clear();
            }
            let (offline, online) = &*listeners;
            let window = leptos::prelude::window();
            let _ = window
                .remove_event_listener_with_callback("offline", offline.as_ref().unchecked_ref());
            let _ = window
                .remove_event_listener_with_callback("online", online.as_ref().unchecked_ref());
        });
    }
}

fn online() -> bool {
    window().navigator().on_line()
}

/// Waits `ms`, or until `inner.wake_up()`.
async fn sleep(inner: &Inner, ms: Option<u64>) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(ms) = ms {
            let _ = window().set_timeout_with_callback_and_timeout_and_arguments_0(
                &resolve,
                ms.min(i32::MAX as u64) as i32,
            );
        }
        *inner.wake.borrow_mut() = Some(resolve);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
    inner.wake.borrow_mut().take();
}

/// Connects, reads, and reconnects, until the owner is cleaned up or the server refuses.
async fn run(inner: Rc<Inner>, status: RwSignal<LiveStatus>) {
    let mut attempt = 0u32;
    let mut opened_before = false;
    while !inner.stopped.get() {
        if !online() {
            status.try_set(LiveStatus::Offline);
            sleep(&inner, None).await;
            continue;
        }
        let Ok(controller) = AbortController::new() else {
            return;
        };
        let signal = controller.signal();
        *inner.controller.borrow_mut() = Some(controller);
        let resume = inner.last_id.borrow().clone();
        match inner.client.open_events(resume.as_deref(), &signal).await {
            Ok(stream) => {
                attempt = 0;
                inner.last_byte_ms.set(js_sys::Date::now());
                status.try_set(LiveStatus::Live);
                // A reconnect that cannot resume (no event id seen yet): what happened while
                // the stream was down is unknown.
                if resume.is_none() && opened_before {
                    inner.dispatch(&LiveEvent::Reset, None);
                }
                opened_before = true;
                let mut parser = SseParser::new();
                while let Some(text) = stream.next_chunk().await {
                    inner.last_byte_ms.set(js_sys::Date::now());
                    let parsed = parser.feed(&text);
                    if let Some(ms) = parsed.retry_ms {
                        inner.retry_ms.set(Some(ms));
                    }
                    for event in parsed.events {
                        let id = event.id.as_deref().and_then(|id| id.parse().ok());
                        if let Ok(event) = serde_json::from_str::<LiveEvent>(&event.data) {
                            inner.dispatch(&event, id);
                        }
                    }
                    // After the events are applied: a reconnect resumes after the last one.
                    if let Some(id) = parsed.last_id {
                        *inner.last_id.borrow_mut() = Some(id);
                    }
                    if inner.stopped.get() {
                        break;
                    }
                }
                stream.cancel();
            }
            Err(e) if e.is_unauthenticated() => {
                status.try_set(LiveStatus::Stopped);
                (inner.signed_out)();
                return;
            }
            Err(e) if e.code().is_some_and(|c| c.http_status() == 403) => {
                // No inbox permission, Beta access pending: a retry will not change it.
                status.try_set(LiveStatus::Stopped);
                return;
            }
            Err(_) => {}
        }
        inner.controller.borrow_mut().take();
        if inner.stopped.get() {
            return;
        }
        if !online() {
            continue;
        }
        let wait = backoff_ms(attempt, inner.retry_ms.get(), js_sys::Math::random());
        attempt = attempt.saturating_add(1);
        status.try_set(LiveStatus::Reconnecting {
            at_ms: js_sys::Date::now() + wait as f64,
        });
        sleep(&inner, Some(wait)).await;
    }
}
