//! Who holds the conversation: Assign to me, the people of its team (the assignee checked),
//! Unassign. The server's options list only people the conversation may go to.

use leptos::prelude::*;
use textpeak_api::{Capability, ConversationAction};

use super::actor::{permission, ActionKeys, Actor, After};
use super::menu::{matches, ActionMenu, Lead, MenuItem};
use crate::components::domain::Avatar;
use crate::components::ui::icons::{Icon, Svg};
use crate::logic::shortcuts::Shortcut;
use crate::state::inbox::OpenConversation;

const ME: &str = "me";
const NOBODY: &str = "nobody";

/// The assignee, as a button that opens the Assign menu (plain text for a role that may not
/// assign). `shortcut`: this one answers A and M (the header's, not the details panel's).
#[component]
pub fn AssignMenu(
    #[prop(optional)] shortcut: bool,
    /// The look of the details panel's row instead of the header's button.
    #[prop(optional)]
    in_details: bool,
) -> impl IntoView {
    let conversation = expect_context::<OpenConversation>();
    let actor = expect_context::<Actor>();
    let may_assign = permission(Capability::Assign);
    let open = RwSignal::new(false);
    let query = RwSignal::new(String::new());
    let assignee = Memo::new(move |_| {
        conversation.with_detail(|d| d.and_then(|d| d.summary.assignee.clone()))
    });
    let me = actor.me();

    if shortcut {
        let keys = expect_context::<ActionKeys>();
        Effect::new(move |_| {
            if keys.take(Shortcut::Assign) && may_assign() {
                open.set(true);
            }
        });
        Effect::new(move |_| {
            if keys.take(Shortcut::AssignToMe)
                && may_assign()
                && assignee.with_untracked(|a| a.as_ref().map(|a| a.id)) != Some(me)
            {
                actor.run(
                    ConversationAction::Assign { user_id: Some(me) },
                    After::Stay,
                );
            }
        });
    }

    let items = Signal::derive(move || {
        let Some(Ok(options)) = actor.options() else {
            return Vec::new();
        };
        let current = assignee.with(|a| a.as_ref().map(|a| a.id));
        let q = query.get();
        let mut items = Vec::new();
        let may_take = options.assignees.iter().any(|u| u.id == me);
        if may_take && current != Some(me) && matches("Assign to me", &q) {
            items.push(MenuItem::new(ME, "Assign to me", Lead::Icon(Icon::UserCheck)).hint("M"));
        }
        items.extend(
            options
                .assignees
                .iter()
                .filter(|u| matches(&u.name, &q))
                .map(|u| {
                    let item = MenuItem::new(
                        format!("user:{}", u.id),
                        u.name.clone(),
                        Lead::Avatar(u.name.clone()),
                    )
                    .checked(current == Some(u.id));
                    if u.id == me {
                        item.hint("you")
                    } else {
                        item
                    }
                }),
        );
        if current.is_some() && matches("Unassign", &q) {
            items.push(MenuItem::new(NOBODY, "Unassign", Lead::Icon(Icon::Close)));
        }
        items
    });
    let empty = Signal::derive(move || match actor.options() {
        None => "Loading…".to_owned(),
        Some(Err(e)) => e.message(),
        Some(Ok(_)) if !query.with(|q| q.trim().is_empty()) => {
            format!("No one in the team matches “{}”.", query.get().trim())
        }
        Some(Ok(_)) => "No one else can hold this conversation.".to_owned(),
    });
    let on_choose = Callback::new(move |key: String| {
        let user_id = match key.as_str() {
            ME => Some(me),
            NOBODY => None,
            other => match other.strip_prefix("user:").and_then(|id| id.parse().ok()) {
                Some(id) => Some(id),
                None => return,
            },
        };
        if assignee.with_untracked(|a| a.as_ref().map(|a| a.id)) != user_id {
            actor.run(ConversationAction::Assign { user_id }, After::Stay);
        }
    });
    let name = move || assignee.with(|a| a.as_ref().map(|a| a.name.clone()));
    let face = move || match name() {
        Some(n) => {
            view! { <Avatar name=n.clone() size="xs"/> <span class="tp-assign__name">{n}</span> }
                .into_any()
        }
        None => {
            view! { <Svg icon=Icon::UserCheck/> <span class="tp-assign__name">"Unassigned"</span> }
                .into_any()
        }
    };
    let label = Signal::derive(move || match name() {
        Some(n) => format!("Assignee: {n}. Change"),
        None => "Assignee: unassigned. Assign".to_owned(),
    });
    let (class, align_end) = if in_details {
        ("tp-property", false)
    } else {
        ("tp-button tp-button--small tp-assign", true)
    };
    move || {
        if !may_assign() {
            return view! { <span class="tp-assign tp-assign--static">{face}</span> }.into_any();
        }
        view! {
            <ActionMenu
                label="Assign to"
                open=open
                trigger_class=class
                title="Assign (A) · Assign to me (M)"
                trigger_label=label
                trigger=ViewFn::from(move || view! { {face} <Svg icon=Icon::ChevronUpDown class="tp-menu__chevron"/> })
                query=query
                placeholder="Assign to…"
                items=items
                empty=empty
                on_choose=on_choose
                align_end=align_end
                busy=Signal::derive(move || actor.busy())
            />
        }
        .into_any()
    }
}
