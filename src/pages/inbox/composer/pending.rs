//! The open thread's own sends from the outbox (sending, failed with Retry and Edit, or
//! confirmed until the thread has the server's copy), and the polling that follows delivery
//! statuses while one can still move.

use std::cell::Cell;
use std::rc::Rc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_use::use_interval_fn;
use textpeak_api::{MessageKind, SendMessage};

use super::state::ComposerState;
use crate::api::ApiClient;
use crate::components::ui::icons::{Icon, Svg};
use crate::format::{date_time, time_of_day};
use crate::logic::compose::{ComposeMode, POLL_INTERVAL_MS};
use crate::state::inbox::{new_client_id, OpenConversation, Outbox, SendState, ThreadPages};
use crate::state::Host;
use crate::state::Session;

use super::super::message_parts::{delivery_badge, Body};

/// The sends of the open conversation the thread does not show itself yet, after its messages.
#[component]
pub fn PendingSends(pages: ThreadPages) -> impl IntoView {
    let outbox = expect_context::<Outbox>();
    let conversation = expect_context::<OpenConversation>();
    let id = conversation.id();
    let ids = move || {
        outbox
            .ids_for(id)
            .into_iter()
            .filter(|c| !pages.has_client_id(c))
            .collect::<Vec<_>>()
    };
    view! {
        <ol class="tp-thread__page tp-thread__pending">
            <For each=ids key=|c: &String| c.clone() let:client_id>
                <li class="tp-thread__item"><PendingView client_id=client_id/></li>
            </For>
        </ol>
    }
}

#[component]
fn PendingView(client_id: String) -> impl IntoView {
    let host = Host::current();
    let outbox = expect_context::<Outbox>();
    let composer = expect_context::<ComposerState>();
    let session = expect_context::<Session>();
    let me = session.with_me(|me| me.map(|m| m.user.name.clone()));
    let id = StoredValue::new(client_id);
    let pending = Memo::new(move |_| outbox.get(&id.read_value()));
    let dom_id = format!("tp-send-{}", id.read_value());
    // A refusal makes the message taller: keep all of it, buttons included, in view.
    let failed = Memo::new(move |_| {
        pending.with(|p| matches!(p, Some(p) if matches!(p.state, SendState::Failed { .. })))
    });
    Effect::new({
        let dom_id = dom_id.clone();
        move |_| {
            if failed.get() {
                let dom_id = dom_id.clone();
                request_animation_frame(move || {
                    if let Some(el) = host.by_id(&dom_id) {
                        el.scroll_into_view_with_bool(false);
                    }
                });
            }
        }
    });
    let retry = move |_| outbox.retry(&id.read_value());
    let edit = move |_| {
        if let Some(p) = outbox.take(&id.read_value()) {
            composer.edit(ComposeMode::of_kind(p.message.kind), p.message.body);
        }
    };
    move || {
        let p = pending.get()?;
        let note = p.message.kind == MessageKind::Note;
        let (created_at, full_time) = match &p.state {
            SendState::Sent(m) => (m.created_at.clone(), date_time(&m.created_at)),
            _ => (p.created_at.clone(), date_time(&p.created_at)),
        };
        let time = time_of_day(&created_at);
        let author = me.clone().unwrap_or_default();
        let status = match &p.state {
            SendState::Sending => view! {
                <span class="tp-delivery tp-delivery--sending">
                    <span class="tp-spinner tp-spinner--xs" aria-hidden="true"></span>
                    <span>"Sending"</span>
                </span>
            }
            .into_any(),
            SendState::Failed { .. } => view! {
                <span class="tp-delivery tp-delivery--failed">
                    <Svg icon=Icon::Alert/>
                    <span>"Not sent"</span>
                </span>
            }
            .into_any(),
            SendState::Sent(m) => match (note, m.status) {
                (false, Some(s)) => delivery_badge(s).into_any(),
                _ => ().into_any(),
            },
        };
        let failure = match &p.state {
            SendState::Failed { reason, retry_in } => {
                let wait = retry_in.map(|s| format!(" Trying again in {s} s."));
                Some(view! {
                    <div class="tp-msg__failure tp-msg__failure--unsent" role="alert">
                        <span>{format!("Not sent: {reason}{}", wait.unwrap_or_default())}</span>
                        <span class="tp-msg__actions">
                            <button type="button" class="tp-button tp-button--small" on:click=retry>
                                <Svg icon=Icon::RotateCcw/>
                                "Retry"
                            </button>
                            <button type="button" class="tp-button tp-button--small" on:click=edit>
                                <Svg icon=Icon::Pencil/>
                                "Edit"
                            </button>
                        </span>
                    </div>
                })
            }
            _ => None,
        };
        let profile = p.sender_profile.clone().filter(|_| !note).map(
            |name| view! { <span class="tp-msg__profile" title="Sender profile">{name}</span> },
        );
        let failed = matches!(p.state, SendState::Failed { .. });
        let body = view! { <p class="tp-msg__body"><Body text=p.message.body.clone()/></p> };
        Some(if note {
            view! {
                <article id=dom_id.clone() class="tp-msg tp-msg--note" class:tp-msg--unsent=failed>
                    <p class="tp-msg__meta">
                        <Svg icon=Icon::Lock/>
                        <span class="tp-msg__kind">"Internal note"</span>
                        <span>{author}</span>
                        <time datetime=created_at title=full_time>{time}</time>
                        {status}
                    </p>
                    {body}
                    {failure}
                </article>
            }
            .into_any()
        } else {
            view! {
                <article id=dom_id.clone() class="tp-msg tp-msg--out" class:tp-msg--unsent=failed>
                    {body}
                    <p class="tp-msg__meta">
                        <span class="tp-msg__author">{author}</span>
                        {profile}
                        <time datetime=created_at title=full_time>{time}</time>
                        {status}
                    </p>
                    {failure}
                </article>
            }
            .into_any()
        })
    }
}

/// "Send again" under an own reply the channel failed to deliver: a new send of the same text
/// (the failed one stays in the thread as it was).
#[component]
pub fn RetryCarrierFailure(body: String) -> impl IntoView {
    let outbox = expect_context::<Outbox>();
    let conversation = expect_context::<OpenConversation>();
    let body = StoredValue::new(body);
    let again = move |_| {
        let message = SendMessage {
            kind: MessageKind::Reply,
            body: body.get_value(),
            sender_profile_id: None,
            template_id: None,
            client_id: new_client_id(),
        };
        outbox.send(conversation.id(), message, None);
    };
    view! {
        <button type="button" class="tp-button tp-button--small" on:click=again>
            <Svg icon=Icon::RotateCcw/>
            "Send again"
        </button>
    }
}

/// Asks for the newest page of the thread every two seconds while a message of it can still
/// change status (or a send of it is on its way), until the thread goes away.
pub fn use_delivery_poll(pages: ThreadPages, conversation: OpenConversation) {
    let outbox = expect_context::<Outbox>();
    let client = expect_context::<ApiClient>();
    let id = conversation.id();
    let stream = Memo::new(move |_| conversation.with_detail(|d| d.map(|d| d.summary.stream)));
    let busy = Rc::new(Cell::new(false));
    let _ = use_interval_fn(
        move || {
            if busy.get() {
                return;
            }
            let Some(Some(stream)) = stream.try_get_untracked() else {
                return;
            };
            if !pages.awaiting_delivery(stream, js_sys::Date::now())
                && !outbox.awaiting_untracked(id)
            {
                return;
            }
            busy.set(true);
            let (client, pages, busy) = (client.clone(), pages.clone(), busy.clone());
            spawn_local(async move {
                if let Ok(page) = client.messages(id).await {
                    // A reply reopens a closed conversation: its header follows.
                    let reopened = page
                        .items
                        .iter()
                        .rev()
                        .find_map(|m| match m.event.as_deref() {
                            Some("reopened") => Some(true),
                            Some("closed") => Some(false),
                            _ => None,
                        });
                    pages.merge_newest(page);
                    outbox.settle(id, |c| pages.has_client_id(c));
                    let closed = conversation.status_untracked()
                        == Some(textpeak_api::ConversationStatus::Closed);
                    if closed && reopened == Some(true) {
                        conversation.reload_detail();
                    }
                }
                busy.set(false);
            });
        },
        POLL_INTERVAL_MS,
    );
}
