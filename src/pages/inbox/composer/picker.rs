//! The canned-template picker: a search box (combobox) over a list of templates (listbox),
//! opened by typing `/` in an empty composer or by the Templates button. Arrows move, Enter
//! picks, Escape closes and gives the focus back to where it was.

use leptos::ev::KeyboardEvent;
use leptos::html::{Div, Input};
use leptos::prelude::*;
use leptos_use::on_click_outside;
use textpeak_api::ComposeTemplate;

use crate::logic::compose::filter_templates;
use crate::state::Host;

pub const PICKER_LIST_ID: &str = "tp-template-list";

fn option_id(id: i64) -> String {
    format!("tp-template-{id}")
}

/// Where the focus goes back to when the picker closes.
pub type ReturnFocus = StoredValue<Option<web_sys::HtmlElement>, LocalStorage>;

/// Keeps the active option in view inside the scrolling list.
fn reveal(host: Host, id: &str) {
    let (Some(option), Some(list)) = (host.by_id(id), host.by_id(PICKER_LIST_ID)) else {
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
pub fn TemplatePicker(
    templates: StoredValue<Vec<ComposeTemplate>>,
    /// Outside the WhatsApp window: only approved templates.
    approved_only: bool,
    /// WhatsApp conversations mark the approved templates.
    show_approval: bool,
    open: RwSignal<bool>,
    return_focus: ReturnFocus,
    on_pick: Callback<ComposeTemplate>,
) -> impl IntoView {
    let host = Host::current();
    let (query, set_query) = signal(String::new());
    let (active, set_active) = signal(0usize);
    let input = NodeRef::<Input>::new();
    let popover = NodeRef::<Div>::new();
    let shown = Memo::new(move |_| {
        query.with(|q| {
            templates.with_value(|all| {
                filter_templates(all, q, approved_only)
                    .into_iter()
                    .cloned()
                    .collect::<Vec<_>>()
            })
        })
    });
    let active_id = move || {
        shown.with(|s| {
            s.get(active.get().min(s.len().saturating_sub(1)))
                .map(|t| option_id(t.id))
        })
    };
    let close = move |restore: bool| {
        open.set(false);
        if restore {
            if let Some(el) = return_focus.get_value() {
                let _ = el.focus();
            }
        }
    };
    let pick = move |t: ComposeTemplate| {
        open.set(false);
        on_pick.run(t);
    };
    // The search box takes the focus once it is in the page.
    request_animation_frame(move || {
        if let Some(el) = input.get_untracked() {
            let _ = el.focus();
        }
    });
    let _ = on_click_outside(popover, move |_| close(false));
    let on_key = move |ev: KeyboardEvent| {
        let len = shown.with(Vec::len);
        let step = |to: usize| {
            set_active.set(to);
            if let Some(id) = active_id() {
                reveal(host, &id);
            }
        };
        match ev.key().as_str() {
            "ArrowDown" if len > 0 => {
                ev.prevent_default();
                step((active.get_untracked() + 1).min(len - 1));
            }
            "ArrowUp" if len > 0 => {
                ev.prevent_default();
                step(active.get_untracked().saturating_sub(1));
            }
            "Home" if len > 0 => {
                ev.prevent_default();
                step(0);
            }
            "End" if len > 0 => {
                ev.prevent_default();
                step(len - 1);
            }
            "Enter" => {
                ev.prevent_default();
                let chosen = shown.with_untracked(|s| s.get(active.get_untracked()).cloned());
                if let Some(t) = chosen {
                    pick(t);
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
    };
    let has_options = move || shown.with(|s| !s.is_empty());
    let options = move || {
        shown
            .get()
            .into_iter()
            .enumerate()
            .map(|(i, t)| {
                let id = option_id(t.id);
                let selected = move || active.get() == i;
                let approved = (show_approval && t.whatsapp_approved).then(|| {
                    view! { <span class="tp-picker__badge">"Approved"</span> }
                });
                let chosen = t.clone();
                view! {
                    <li
                        id=id
                        role="option"
                        class="tp-picker__option"
                        class:tp-picker__option--active=selected
                        aria-selected=move || selected().to_string()
                        on:mousedown=|ev| ev.prevent_default()
                        on:mouseenter=move |_| set_active.set(i)
                        on:click=move |_| pick(chosen.clone())
                    >
                        <span class="tp-picker__name">{t.name.clone()} {approved}</span>
                        <span class="tp-picker__preview">{t.body.clone()}</span>
                    </li>
                }
            })
            .collect_view()
    };
    let empty = move || {
        (!has_options()).then(|| {
            let text = if templates.with_value(Vec::is_empty) {
                "There are no templates for this channel yet.".to_owned()
            } else if approved_only && query.with(|q| q.trim().is_empty()) {
                "There are no approved WhatsApp templates.".to_owned()
            } else {
                format!("No templates match “{}”.", query.get().trim())
            };
            view! { <p class="tp-picker__empty" role="status">{text}</p> }
        })
    };
    view! {
        <div class="tp-picker" node_ref=popover>
            <input
                node_ref=input
                type="text"
                class="tp-input tp-picker__search"
                role="combobox"
                aria-label="Search templates"
                aria-autocomplete="list"
                aria-expanded=move || has_options().to_string()
                aria-controls=move || has_options().then_some(PICKER_LIST_ID)
                aria-activedescendant=active_id
                placeholder=if approved_only { "Search approved templates" } else { "Search templates" }
                autocomplete="off"
                prop:value=move || query.get()
                on:input=move |ev| {
                    set_query.set(event_target_value(&ev));
                    set_active.set(0);
                }
                on:keydown=on_key
            />
            {move || has_options().then(|| view! {
                <ul id=PICKER_LIST_ID class="tp-picker__list" role="listbox" aria-label="Templates">
                    {options}
                </ul>
            })}
            {empty}
            <p class="tp-picker__help" aria-hidden="true">"↑↓ to choose · Enter to insert · Esc to close"</p>
        </div>
    }
}
