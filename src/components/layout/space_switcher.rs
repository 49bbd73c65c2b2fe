//! The space switcher at the bottom left of the Inbox: the current space's name and an arrow
//! button that opens the list of the user's spaces. Shown as a plain label when the user has
//! only one space. Keyboard: Enter/Space/↑/↓ open, ↑/↓/Home/End move, Enter chooses, Esc closes;
//! focus returns to the button.

use std::collections::HashMap;

use leptos::ev::KeyboardEvent;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use textpeak_api::SpaceInfo;

use crate::components::ui::icons::{Icon, Svg};
use crate::components::ui::unique_id;
use crate::logic::routes::href;

fn team_label(count: u32) -> String {
    match count {
        1 => "1 team".into(),
        n => format!("{n} teams"),
    }
}

#[component]
pub fn SpaceSwitcher(
    #[prop(into)] spaces: Signal<Vec<SpaceInfo>>,
    #[prop(into)] current: Signal<i64>,
    /// Conversations with unread messages per space, when known (live updates keep it current).
    unread: Option<Signal<HashMap<i64, u64>>>,
) -> impl IntoView {
    let unread_in =
        move |space: i64| unread.map_or(0, |u| u.with(|c| c.get(&space).copied().unwrap_or(0)));
    // Other spaces with news show a dot on the closed switcher.
    let others_unread = move || {
        unread.is_some_and(|u| u.with(|c| c.iter().any(|(id, n)| *id != current.get() && *n > 0)))
    };
    let navigate = use_navigate();
    let open = RwSignal::new(false);
    let active = RwSignal::new(0usize);
    let list_id = unique_id("tp-space-list");
    let label_id = unique_id("tp-space-label");
    let button = NodeRef::<leptos::html::Button>::new();
    let listbox = NodeRef::<leptos::html::Ul>::new();

    let current_name = move || {
        spaces.with(|s| {
            s.iter()
                .find(|sp| sp.id == current.get())
                .map(|sp| sp.name.clone())
                .unwrap_or_default()
        })
    };
    let current_index = move || {
        spaces.with(|s| {
            s.iter()
                .position(|sp| sp.id == current.get_untracked())
                .unwrap_or(0)
        })
    };

    let open_list = move || {
        active.set(current_index());
        open.set(true);
        request_animation_frame(move || {
            if let Some(l) = listbox.get_untracked() {
                let _ = l.focus();
            }
        });
    };
    let close_list = move || {
        open.set(false);
        if let Some(b) = button.get_untracked() {
            let _ = b.focus();
        }
    };
    let choose = {
        let navigate = navigate.clone();
        move |index: usize| {
            let target = spaces.with_untracked(|s| s.get(index).map(|sp| sp.id));
            close_list();
            if let Some(id) = target {
                if id != current.get_untracked() {
                    navigate(&href::dashboard(id), Default::default());
                }
            }
        }
    };

    let on_list_key = {
        let choose = choose.clone();
        move |ev: KeyboardEvent| {
            if !open.get_untracked() {
                return;
            }
            let count = spaces.with_untracked(|s| s.len());
            if count == 0 {
                return;
            }
            match ev.key().as_str() {
                "ArrowDown" => active.update(|a| *a = (*a + 1).min(count - 1)),
                "ArrowUp" => active.update(|a| *a = a.saturating_sub(1)),
                "Home" => active.set(0),
                "End" => active.set(count - 1),
                "Enter" | " " => choose(active.get_untracked()),
                "Escape" => close_list(),
                "Tab" => open.set(false),
                _ => return,
            }
            if ev.key() != "Tab" {
                ev.prevent_default();
            }
        }
    };
    // Focus moves to the list a frame after it opens; keys pressed before that (fast typing,
    // a busy machine) reach the button, which then acts for the open list.
    let on_button_key = {
        let on_list_key = on_list_key.clone();
        move |ev: KeyboardEvent| {
            if open.get_untracked() {
                on_list_key(ev);
            } else if matches!(ev.key().as_str(), "ArrowDown" | "ArrowUp") {
                ev.prevent_default();
                open_list();
            }
        }
    };
    let option_id = {
        let list_id = list_id.clone();
        move |i: usize| format!("{list_id}-{i}")
    };

    view! {
        <div class="tp-space-switcher">
            <span class="tp-space-switcher__caption" id=label_id.clone()>
                "Space"
            </span>
            <Show
                when=move || spaces.with(|s| s.len() > 1)
                fallback=move || {
                    view! { <p class="tp-space-switcher__single">{current_name}</p> }
                }
            >
                <button
                    type="button"
                    class="tp-space-switcher__button"
                    node_ref=button
                    aria-haspopup="listbox"
                    aria-expanded=move || open.get().to_string()
                    aria-controls=list_id.clone()
                    on:click=move |_| if open.get_untracked() { close_list() } else { open_list() }
                    on:keydown=on_button_key.clone()
                >
                    <span class="tp-space-switcher__name">{current_name}</span>
                    <Show when=others_unread>
                        <span class="tp-space-switcher__dot" aria-hidden="true"></span>
                        <span class="tp-visually-hidden">", other spaces have unread conversations"</span>
                    </Show>
                    <span class="tp-visually-hidden">", switch space"</span>
                    <Svg icon=Icon::ChevronUpDown class="tp-space-switcher__arrow"/>
                </button>
                <ul
                    class="tp-space-switcher__list"
                    id=list_id.clone()
                    role="listbox"
                    aria-labelledby=label_id.clone()
                    tabindex="-1"
                    node_ref=listbox
                    hidden=move || !open.get()
                    aria-activedescendant={
                        let option_id = option_id.clone();
                        move || open.get().then(|| option_id(active.get()))
                    }
                    on:keydown=on_list_key.clone()
                    on:focusout=move |ev| {
                        // Closing when focus leaves keeps the list from lingering behind a click.
                        let to = ev.related_target();
                        let inside = listbox.get_untracked().is_some_and(|l| {
                            let node = to.and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Node>(t).ok());
                            l.contains(node.as_ref())
                        });
                        if !inside { open.set(false) }
                    }
                >
                    {
                        let choose = choose.clone();
                        let option_id = option_id.clone();
                        move || {
                            spaces
                                .get()
                                .into_iter()
                                .enumerate()
                                .map(|(i, sp)| {
                                    let choose = choose.clone();
                                    let selected = sp.id == current.get();
                                    let space = sp.id;
                                    let badge = move || {
                                        let n = unread_in(space);
                                        (n > 0).then(|| view! {
                                            <span class="tp-space-switcher__unread">{format!("{n} unread")}</span>
                                        })
                                    };
                                    view! {
                                        <li
                                            role="option"
                                            id=option_id(i)
                                            class="tp-space-switcher__option"
                                            class:tp-space-switcher__option--active=move || active.get() == i
                                            aria-selected=selected.to_string()
                                            on:mousedown=|ev| ev.prevent_default()
                                            on:click=move |_| choose(i)
                                        >
                                            <span class="tp-space-switcher__option-name">{sp.name}</span>
                                            <span class="tp-space-switcher__option-meta">
                                                {team_label(sp.team_count)}
                                            </span>
                                            {badge}
                                            <Show when=move || selected>
                                                <Svg icon=Icon::Check class="tp-space-switcher__check"/>
                                            </Show>
                                        </li>
                                    }
                                })
                                .collect_view()
                        }
                    }
                </ul>
            </Show>
        </div>
    }
}
