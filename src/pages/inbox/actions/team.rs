//! Which team the conversation belongs to, as a menu of the teams of its space (the server
//! offers no other). Moving it unassigns an assignee who is not in the new team.

use leptos::prelude::*;
use textpeak_api::{Capability, ConversationAction};

use super::actor::{permission, Actor, After};
use super::menu::{matches, ActionMenu, Lead, MenuItem};
use crate::components::ui::icons::{Icon, Svg};
use crate::state::inbox::OpenConversation;

#[component]
pub fn TeamMenu() -> impl IntoView {
    let conversation = expect_context::<OpenConversation>();
    let actor = expect_context::<Actor>();
    let may_move = permission(Capability::Assign);
    let open = RwSignal::new(false);
    let query = RwSignal::new(String::new());
    let team = Memo::new(move |_| conversation.with_detail(|d| d.map(|d| d.summary.team.clone())));
    let current = move || team.with(|t| t.as_ref().map(|t| t.id));
    let name = move || team.with(|t| t.as_ref().map(|t| t.name.clone()).unwrap_or_default());

    let items = Signal::derive(move || {
        let Some(Ok(options)) = actor.options() else {
            return Vec::new();
        };
        let q = query.get();
        options
            .teams
            .iter()
            .filter(|t| matches(&t.name, &q))
            .map(|t| {
                MenuItem::new(t.id.to_string(), t.name.clone(), Lead::Icon(Icon::Users))
                    .checked(current() == Some(t.id))
            })
            .collect::<Vec<_>>()
    });
    let empty = Signal::derive(move || match actor.options() {
        None => "Loading…".to_owned(),
        Some(Err(e)) => e.message(),
        Some(Ok(_)) => format!("No team matches “{}”.", query.get().trim()),
    });
    let on_choose = Callback::new(move |key: String| {
        if let Ok(team_id) = key.parse::<i64>() {
            if current() != Some(team_id) {
                actor.run(ConversationAction::MoveTeam { team_id }, After::Stay);
            }
        }
    });
    // Moving needs another team to move to.
    let movable = move || {
        may_move()
            && actor
                .options()
                .is_some_and(|o| o.is_ok_and(|o| o.teams.len() > 1))
    };
    move || {
        if !movable() {
            return view! { <span>{name}</span> }.into_any();
        }
        view! {
            <ActionMenu
                label="Move to team"
                open=open
                trigger_class="tp-property"
                title="Move to another team of this space"
                trigger_label=Signal::derive(move || format!("Team: {}. Move to another team", name()))
                trigger=ViewFn::from(move || view! {
                    <span class="tp-assign__name">{name}</span>
                    <Svg icon=Icon::ChevronUpDown class="tp-menu__chevron"/>
                })
                query=query
                placeholder="Move to team…"
                items=items
                empty=empty
                on_choose=on_choose
                busy=Signal::derive(move || actor.busy())
            />
        }
        .into_any()
    }
}
