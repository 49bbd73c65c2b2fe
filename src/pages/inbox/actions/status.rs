//! Close (and go to the next conversation of the list) or Reopen, where the role allows it.
//! E closes and moves on, Shift+E closes and stays (or reopens a closed conversation).

use leptos::prelude::*;
use textpeak_api::{Capability, ConversationAction, ConversationStatus};

use super::actor::{permission, ActionKeys, Actor, After};
use crate::components::ui::icons::{Icon, Svg};
use crate::logic::shortcuts::Shortcut;
use crate::state::inbox::OpenConversation;

#[component]
pub fn CloseControl() -> impl IntoView {
    let conversation = expect_context::<OpenConversation>();
    let actor = expect_context::<Actor>();
    let keys = expect_context::<ActionKeys>();
    let may_close = permission(Capability::Close);
    let may_reopen = permission(Capability::Reopen);
    let status = Memo::new(move |_| conversation.with_detail(|d| d.map(|d| d.summary.status)));
    let closed = move || status.get_untracked() == Some(ConversationStatus::Closed);
    let loaded = move || status.get_untracked().is_some();
    Effect::new(move |_| {
        if keys.take(Shortcut::CloseAndNext) && loaded() && !closed() && may_close() {
            actor.run(ConversationAction::Close, After::Next);
        }
    });
    Effect::new(move |_| {
        if keys.take(Shortcut::Close) && loaded() {
            if closed() && may_reopen() {
                actor.run(ConversationAction::Reopen, After::Stay);
            } else if !closed() && may_close() {
                actor.run(ConversationAction::Close, After::Stay);
            }
        }
    });
    let button = move |label: &'static str,
                       title: &'static str,
                       icon: Icon,
                       action: ConversationAction,
                       after: After| {
        view! {
            <button
                type="button"
                class="tp-button tp-button--small"
                title=title
                aria-disabled=move || actor.busy().then_some("true")
                on:click=move |_| {
                    if !actor.busy() {
                        actor.run(action.clone(), after);
                    }
                }
            >
                <Svg icon=icon/>
                <span class="tp-thread__action-label">{label}</span>
            </button>
        }
    };
    move || match status.get()? {
        ConversationStatus::Closed => may_reopen().then(|| {
            button(
                "Reopen",
                "Reopen (Shift+E)",
                Icon::RotateCcw,
                ConversationAction::Reopen,
                After::Stay,
            )
            .into_any()
        }),
        ConversationStatus::Open | ConversationStatus::Snoozed => may_close().then(|| {
            button(
                "Close",
                "Close and go to the next conversation (E) · Close and stay (Shift+E)",
                Icon::CircleCheck,
                ConversationAction::Close,
                After::Next,
            )
            .into_any()
        }),
    }
}
