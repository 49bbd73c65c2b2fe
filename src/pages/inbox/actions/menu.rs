//! The action menus' one popup: a button that opens a list of choices (a listbox), with a
//! search box above it when typing filters (a combobox). Arrows, Home and End move, Enter
//! chooses, Escape closes and gives the focus back to the button, Tab or a click outside
//! closes. The caller filters the choices by the query and says what a choice does.

use leptos::ev::KeyboardEvent;
use leptos::html::{Button, Div, Input, Ul};
use leptos::prelude::*;
use leptos_use::on_click_outside;
use wasm_bindgen::JsCast;

use crate::components::domain::Avatar;
use crate::components::ui::icons::{Icon, Svg};
use crate::components::ui::unique_id;

/// What a choice shows before its label.
#[derive(Debug, Clone, PartialEq)]
pub enum Lead {
    /// A person's initials.
    Avatar(String),
    /// A tag's colour.
    Dot(String),
    Icon(Icon),
}

/// One choice of a menu.
#[derive(Debug, Clone, PartialEq)]
pub struct MenuItem {
    /// Unique in the menu: what `on_choose` gets.
    pub key: String,
    pub label: String,
    /// A second, quieter text (a time, "assigned now").
    pub hint: Option<String>,
    pub lead: Lead,
    /// The key that does the same from anywhere (shown, not read out: the button says it).
    pub shortcut: Option<&'static str>,
    /// What is so now (the assignee, a tag the conversation has): marked with a check.
    pub checked: bool,
}

impl MenuItem {
    pub fn new(key: impl Into<String>, label: impl Into<String>, lead: Lead) -> Self {
        MenuItem {
            key: key.into(),
            label: label.into(),
            hint: None,
            lead,
            shortcut: None,
            checked: false,
        }
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn shortcut(mut self, key: &'static str) -> Self {
        self.shortcut = Some(key);
        self
    }

    pub fn checked(mut self, checked: bool) -> Self {
        self.checked = checked;
        self
    }
}

/// The height a menu needs below its button; with less room there it opens upwards.
const MENU_ROOM_PX: f64 = 340.0;
/// A menu's width (`.tp-menu` in actions.css).
const MENU_WIDTH_PX: f64 = 288.0;

/// The top, bottom, left and right of an element in the viewport (its bounding client
/// rectangle).
fn bounds(el: &web_sys::Element) -> Option<(f64, f64, f64, f64)> {
    use js_sys::{Function, Reflect};
    let method: Function = Reflect::get(el, &"getBoundingClientRect".into())
        .ok()?
        .dyn_into()
        .ok()?;
    let rect = method.call0(el).ok()?;
    let read = |k: &str| Reflect::get(&rect, &k.into()).ok().and_then(|v| v.as_f64());
    Some((read("top")?, read("bottom")?, read("left")?, read("right")?))
}

/// Keeps the active option in view inside the scrolling list.
fn reveal(list: NodeRef<Ul>, option_id: &str) {
    let Some(list) = list.get_untracked() else {
        return;
    };
    let option = list
        .query_selector(&format!("[id=\"{option_id}\"]"))
        .ok()
        .flatten()
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    let Some(option) = option else {
        return;
    };
    let (top, bottom) = (
        option.offset_top(),
        option.offset_top() + option.offset_height(),
    );
    if top < list.scroll_top() {
        list.set_scroll_top(top);
    } else if bottom > list.scroll_top() + list.client_height() {
        list.set_scroll_top(bottom - list.client_height());
    }
}

#[component]
pub fn ActionMenu(
    /// The list's name (and the search box's, with a search).
    label: &'static str,
    open: RwSignal<bool>,
    /// The button's look.
    trigger_class: &'static str,
    /// The button's tooltip, with its shortcut.
    #[prop(into)]
    title: String,
    /// The button's accessible name when its content does not say it all.
    #[prop(optional, into)]
    trigger_label: Option<Signal<String>>,
    /// The button's content.
    trigger: ViewFn,
    /// With a search box: typing filters (the caller filters `items` by it).
    #[prop(optional)]
    query: Option<RwSignal<String>>,
    #[prop(optional)] placeholder: &'static str,
    #[prop(into)] items: Signal<Vec<MenuItem>>,
    /// Said when there is nothing to choose.
    #[prop(into)]
    empty: Signal<String>,
    on_choose: Callback<String>,
    /// The popup opens towards the left, under the button's right edge.
    #[prop(optional)]
    align_end: bool,
    /// Under the list (the snooze menu's date-and-time picker).
    #[prop(optional)]
    footer: Option<ViewFn>,
    /// The button is shown but does nothing (an action is under way).
    #[prop(optional, into)]
    busy: Signal<bool>,
) -> impl IntoView {
    let list_id = unique_id("tp-menu-list");
    let anchor = NodeRef::<Div>::new();
    let button = NodeRef::<Button>::new();
    let search = NodeRef::<Input>::new();
    let listbox = NodeRef::<Ul>::new();
    let active = RwSignal::new(0usize);
    // Opens upwards when there is no room below (a menu low in the details panel).
    let upwards = RwSignal::new(false);
    let endwards = RwSignal::new(align_end);
    let option_id = {
        let list_id = list_id.clone();
        move |i: usize| format!("{list_id}-{i}")
    };
    let len = Memo::new(move |_| items.with(Vec::len));
    // The list may shrink under the active choice (typing filters it).
    let active_index = move || active.get().min(len.get().saturating_sub(1));
    let active_id = {
        let option_id = option_id.clone();
        move || (open.get() && len.get() > 0).then(|| option_id(active_index()))
    };

    let focus_button = move || {
        if let Some(b) = button.get_untracked() {
            let _ = b.focus();
        }
    };
    let close = move |restore: bool| {
        open.set(false);
        if restore {
            focus_button();
        }
    };
    let choose = move |index: usize| {
        let key = items.with_untracked(|all| all.get(index).map(|i| i.key.clone()));
        if let Some(key) = key {
            close(true);
            on_choose.run(key);
        }
    };
    // Opening (by click or a shortcut) puts the focus in the menu, on its first choice.
    Effect::new(move |was: Option<bool>| {
        let is = open.get();
        if is && was != Some(true) {
            active.set(0);
            if let Some((top, bottom, left, right)) =
                anchor.get_untracked().and_then(|el| bounds(&el))
            {
                let size = |v: Result<wasm_bindgen::JsValue, wasm_bindgen::JsValue>| {
                    v.ok().and_then(|v| v.as_f64()).unwrap_or(0.0)
                };
                let (width, height) = (size(window().inner_width()), size(window().inner_height()));
                let below = height - bottom;
                upwards.set(below < MENU_ROOM_PX && top > below);
                // The side it opens towards, unless the screen ends there (a phone).
                endwards.set(
                    align_end && (right - MENU_WIDTH_PX >= 0.0 || left + MENU_WIDTH_PX > width),
                );
            }
            if let Some(q) = query {
                q.set(String::new());
            }
            request_animation_frame(move || {
                if let Some(input) = search.get_untracked() {
                    let _ = input.focus();
                } else if let Some(list) = listbox.get_untracked() {
                    let _ = list.focus();
                }
            });
        }
        is
    });
    let _ = on_click_outside(anchor, move |_| {
        if open.get_untracked() {
            close(false);
        }
    });

    let on_key = {
        let option_id = option_id.clone();
        move |ev: KeyboardEvent| {
            let n = len.get_untracked();
            let step = |to: usize| {
                active.set(to);
                reveal(listbox, &option_id(to));
            };
            match ev.key().as_str() {
                "ArrowDown" if n > 0 => {
                    ev.prevent_default();
                    step((active.get_untracked().min(n - 1) + 1) % n);
                }
                "ArrowUp" if n > 0 => {
                    ev.prevent_default();
                    let at = active.get_untracked().min(n - 1);
                    step(if at == 0 { n - 1 } else { at - 1 });
                }
                "Home" if n > 0 && query.is_none() => {
                    ev.prevent_default();
                    step(0);
                }
                "End" if n > 0 && query.is_none() => {
                    ev.prevent_default();
                    step(n - 1);
                }
                "Enter" | " " if ev.key() == "Enter" || query.is_none() => {
                    ev.prevent_default();
                    if n > 0 {
                        choose(active.get_untracked().min(n - 1));
                    }
                }
                "Escape" => {
                    ev.prevent_default();
                    ev.stop_propagation();
                    close(true);
                }
                "Tab" => close(false),
                _ => {}
            }
        }
    };

    let options = {
        let option_id = option_id.clone();
        move || {
            items
                .get()
                .into_iter()
                .enumerate()
                .map(|(i, item)| {
                    let is_active = move || active_index() == i;
                    let lead = match item.lead {
                        Lead::Avatar(name) => view! { <Avatar name=name size="xs"/> }.into_any(),
                        Lead::Dot(color) => view! {
                            <span class="tp-tag__dot tp-menu__dot" style:background-color=color></span>
                        }
                        .into_any(),
                        Lead::Icon(icon) => view! { <Svg icon=icon class="tp-menu__icon"/> }.into_any(),
                    };
                    view! {
                        <li
                            id=option_id(i)
                            role="option"
                            class="tp-menu__option"
                            class:tp-menu__option--active=is_active
                            aria-selected=move || is_active().to_string()
                            on:mousedown=|ev| ev.prevent_default()
                            on:mouseenter=move |_| active.set(i)
                            on:click=move |_| choose(i)
                        >
                            {lead}
                            <span class="tp-menu__label">{item.label}</span>
                            {item.hint.map(|h| view! { <span class="tp-menu__hint">{h}</span> })}
                            {item.shortcut.map(|k| view! { <kbd class="tp-kbd tp-menu__key" aria-hidden="true">{k}</kbd> })}
                            {item.checked.then(|| view! {
                                <Svg icon=Icon::Check class="tp-menu__check"/>
                                <span class="tp-visually-hidden">", current"</span>
                            })}
                        </li>
                    }
                })
                .collect_view()
        }
    };
    let empty_line = move || {
        (len.get() == 0)
            .then(|| view! { <p class="tp-menu__empty" role="status">{move || empty.get()}</p> })
    };
    let list_attrs = list_id.clone();
    let list_active = active_id.clone();
    let list_key = on_key.clone();
    let list = move || {
        let searchable = query.is_some();
        let active_id = list_active.clone();
        view! {
            <ul
                id=list_attrs.clone()
                node_ref=listbox
                class="tp-menu__list"
                role="listbox"
                aria-label=label
                tabindex=if searchable { "-1" } else { "0" }
                aria-activedescendant=move || (!searchable).then(&active_id).flatten()
                on:keydown=list_key.clone()
                hidden=move || len.get() == 0
            >
                {options.clone()}
            </ul>
        }
    };
    let search_box = {
        let list_id = list_id.clone();
        let on_key = on_key.clone();
        let active_id = active_id.clone();
        move || {
            query.map(|q| {
                view! {
                    <input
                        node_ref=search
                        type="text"
                        class="tp-input tp-menu__search"
                        role="combobox"
                        aria-label=format!("Search: {label}")
                        aria-autocomplete="list"
                        aria-expanded="true"
                        aria-controls=list_id.clone()
                        aria-activedescendant=active_id.clone()
                        placeholder=placeholder
                        autocomplete="off"
                        spellcheck="false"
                        prop:value=move || q.get()
                        on:input=move |ev| {
                            q.set(event_target_value(&ev));
                            active.set(0);
                        }
                        on:keydown=on_key.clone()
                    />
                }
            })
        }
    };
    let popup = move || {
        view! {
            <div class="tp-menu" class:tp-menu--end=move || endwards.get() class:tp-menu--up=move || upwards.get()>
                {search_box.clone()}
                {list.clone()}
                {empty_line}
                {footer.as_ref().map(|f| f.run())}
            </div>
        }
    };
    let list_ref = list_id.clone();
    view! {
        <div class="tp-menu-anchor" node_ref=anchor>
            <button
                type="button"
                node_ref=button
                class=trigger_class
                title=title
                aria-label=move || trigger_label.map(|l| l.get())
                aria-haspopup="listbox"
                aria-expanded=move || open.get().to_string()
                aria-controls=move || open.get().then(|| list_ref.clone())
                aria-disabled=move || busy.get().then_some("true")
                on:click=move |_| {
                    if !busy.get_untracked() {
                        open.update(|o| *o = !*o);
                    }
                }
                on:keydown=move |ev: KeyboardEvent| {
                    if !open.get_untracked() && matches!(ev.key().as_str(), "ArrowDown" | "ArrowUp") {
                        ev.prevent_default();
                        open.set(true);
                    }
                }
            >
                {trigger.run()}
            </button>
            <Show when=move || open.get()>{popup.clone()}</Show>
        </div>
    }
}

/// Whether `label` matches what was typed (case-insensitive, anywhere in it).
pub fn matches(label: &str, query: &str) -> bool {
    let q = query.trim().to_lowercase();
    q.is_empty() || label.to_lowercase().contains(&q)
}
