//! What live events do to the dashboard: the list, the counts, the space figures and the other
//! spaces' unread counts follow every event; the open conversation follows the events about
//! it, and closes with a word of explanation when the user may no longer see it.

use leptos::prelude::*;
use leptos_use::{use_debounce_fn_with_options, DebounceOptions};
use textpeak_api::live::{ConversationChange, HiddenReason, LiveEvent, UNREAD_DOM_EVENT};
use textpeak_api::{Direction, MessageKind};
use wasm_bindgen::JsValue;

use super::idle::SummaryResource;
use super::url::InboxUrl;
use crate::components::ui::toast::Toasts;
use crate::state::host::Host;
use crate::state::inbox::{ConversationList, OpenConversation, Outbox, Presence};
use crate::state::unread::SpaceUnread;
use crate::state::{Live, PageTitle, Session};

/// Space figures are asked for at most this often during a burst of events.
const SUMMARY_DEBOUNCE_MS: f64 = 500.0;
/// Messages arriving in the open conversation are marked read together: after a pause this
/// long, or at least every four of them.
const READ_DEBOUNCE_MS: f64 = 300.0;

/// Applies the live events of the whole dashboard.
pub fn use_live_dashboard(
    live: Live,
    list: ConversationList,
    space_id: Memo<i64>,
    summary: SummaryResource,
    unread: SpaceUnread,
) {
    let session = expect_context::<Session>();
    // During steady traffic the figures still follow, at most every few pauses' worth.
    let refetch_summary = use_debounce_fn_with_options(
        move || summary.refetch(),
        SUMMARY_DEBOUNCE_MS,
        DebounceOptions::default().max_wait(Some(SUMMARY_DEBOUNCE_MS * 4.0)),
    );
    // The current space's summary carries its unread count; the others are asked for.
    Effect::new(move |_| {
        if let Some(Some(Ok(s))) = summary.get() {
            unread.set(s.space_id, s.unread);
        }
    });
    let others = move || {
        let current = space_id.get_untracked();
        session.with_me(|me| {
            me.map(|m| {
                m.spaces
                    .iter()
                    .map(|s| s.id)
                    .filter(|id| *id != current)
                    .collect()
            })
            .unwrap_or_else(Vec::<i64>::new)
        })
    };
    // The other spaces once the list is in (it is what people wait for).
    Effect::new(move |done: Option<bool>| {
        if done == Some(true) || list.answered_space().is_none() {
            return done.unwrap_or(false);
        }
        unread.touch(untrack(others));
        true
    });
    live.on_event(move |event, event_id| match event {
        LiveEvent::Conversation {
            space_id: space,
            conversation,
            ..
        } => {
            if *space == space_id.get_untracked() {
                list.apply_live(conversation.clone(), event_id);
                refetch_summary();
            } else {
                unread.touch([*space]);
            }
        }
        LiveEvent::ConversationHidden {
            space_id: space,
            conversation_id,
            ..
        } => {
            if *space == space_id.get_untracked() {
                list.remove(*conversation_id, event_id);
                refetch_summary();
            } else {
                unread.touch([*space]);
            }
        }
        LiveEvent::AccessChanged { .. } => {
            session.refresh();
            list.refresh_if_loaded();
            refetch_summary();
            unread.touch(others());
        }
        LiveEvent::Reset => {
            list.refresh_if_loaded();
            refetch_summary();
            unread.touch(others());
        }
        LiveEvent::Presence(_) => {}
    });

    // Attention: the unread total in the title and, for the portal's menu badge, on the
    // mount element.
    let title = expect_context::<PageTitle>();
    let host = use_context::<Host>();
    let tell = move |total: u64| {
        if let Some(host) = &host {
            host.dispatch(UNREAD_DOM_EVENT, JsValue::from_f64(total as f64));
        }
    };
    let told = StoredValue::new(None::<u64>);
    Effect::new(move |_| {
        let total = unread.total();
        title.set_unread(total);
        if told.get_value() != Some(total) {
            told.set_value(Some(total));
            tell(total);
        }
    });
    on_cleanup(move || {
        title.set_unread(0);
        if told.try_get_value().flatten().is_some_and(|t| t > 0) {
            tell(0);
        }
    });
}

/// Applies the live events about the open conversation.
pub fn use_live_conversation(live: Live, conversation: OpenConversation, presence: Presence) {
    let url = expect_context::<InboxUrl>();
    let toasts = expect_context::<Toasts>();
    let outbox = use_context::<Outbox>();
    let id = conversation.id();
    let read_soon = use_debounce_fn_with_options(
        move || conversation.mark_read_now(),
        READ_DEBOUNCE_MS,
        DebounceOptions::default().max_wait(Some(READ_DEBOUNCE_MS * 4.0)),
    );
    live.on_event(move |event, _| match event {
        LiveEvent::Conversation {
            conversation: row,
            message,
            change,
            ..
        } if row.id == id => {
            let inbound = message.as_ref().is_some_and(|m| {
                m.kind == MessageKind::Reply && m.direction == Some(Direction::Inbound)
            });
            conversation.apply_live(row.clone(), message.clone());
            // One of our own sends, confirmed by the stream before (or instead of) its answer.
            if let (Some(outbox), Some(sent)) =
                (outbox, message.as_ref().and_then(|m| m.client_id.clone()))
            {
                outbox.settle(id, |c| c == sent);
            }
            // The reader has it in front of them: it is read (once for a burst of them).
            if *change == ConversationChange::Message && inbound && page_visible() {
                read_soon();
            }
        }
        LiveEvent::ConversationHidden {
            conversation_id,
            reason,
            ..
        } if *conversation_id == id => {
            presence.revoked();
            url.close_conversation();
            let why = match reason {
                HiddenReason::Moved => "It moved to a team you don't work in.",
                HiddenReason::AccessChanged => "Your access changed.",
            };
            toasts.push(
                crate::components::ui::toast::ToastKind::Info,
                "That conversation is no longer in your Inbox",
                Some(why.into()),
            );
        }
        LiveEvent::Presence(p) => presence.take(p),
        LiveEvent::Reset => {
            conversation.resync();
            presence.renew();
        }
        _ => {}
    });
}

fn page_visible() -> bool {
    document().visibility_state() == web_sys::VisibilityState::Visible
}
