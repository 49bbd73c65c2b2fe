//! A modal dialog: focus moves into it when it opens, Tab and Shift+Tab stay inside, Esc or
//! the close button or a click on the backdrop closes it, and focus returns to whatever had it.

use leptos::ev::KeyboardEvent;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::HtmlElement;

use crate::components::ui::icons::{icon_button, Icon};
use crate::components::ui::unique_id;
use crate::state::Host;

const FOCUSABLE: &str = "a[href], button:not([disabled]), input:not([disabled]), \
     select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex='-1'])";

fn focusables(root: &HtmlElement) -> Vec<HtmlElement> {
    let Ok(list) = root.query_selector_all(FOCUSABLE) else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| n.dyn_into::<HtmlElement>().ok())
        .collect()
}

#[component]
pub fn Modal(
    /// Open while true; the dialog sets it to false when the user closes it.
    open: RwSignal<bool>,
    #[prop(into)] title: Signal<String>,
    /// A sentence under the title, read out with it.
    #[prop(optional, into)]
    description: Option<Signal<String>>,
    /// Room for a form with several fields side by side.
    #[prop(optional)]
    wide: bool,
    /// The id of the element that takes the focus when the dialog opens (else its first
    /// focusable element).
    #[prop(optional)]
    initial_focus: Option<&'static str>,
    children: ChildrenFn,
) -> impl IntoView {
    let title_id = unique_id("tp-modal-title");
    let description_id = unique_id("tp-modal-desc");
    let dialog = NodeRef::<leptos::html::Div>::new();
    let return_focus = StoredValue::new_local(None::<HtmlElement>);
    let children = StoredValue::new(children);
    let host = Host::current();

    // Moving focus is syncing with the outside world (the DOM), which is what effects are for.
    Effect::new(move |was_open: Option<bool>| {
        let is_open = open.get();
        if is_open && was_open != Some(true) {
            return_focus.set_value(host.focused());
            request_animation_frame(move || {
                if let Some(dialog) = dialog.try_get_untracked().flatten() {
                    let dialog: HtmlElement = dialog.into();
                    let chosen = initial_focus.and_then(|id| host.by_id(id));
                    let first = chosen.or_else(|| focusables(&dialog).into_iter().next());
                    let _ = first.unwrap_or(dialog).focus();
                }
            });
        } else if !is_open && was_open == Some(true) {
            if let Some(el) = return_focus.get_value() {
                let _ = el.focus();
            }
        }
        is_open
    });

    let on_keydown = move |ev: KeyboardEvent| match ev.key().as_str() {
        "Escape" => {
            ev.prevent_default();
            ev.stop_propagation();
            open.set(false);
        }
        "Tab" => {
            let Some(dialog) = dialog.get_untracked() else {
                return;
            };
            let dialog: HtmlElement = dialog.into();
            let items = focusables(&dialog);
            let (Some(first), Some(last)) = (items.first(), items.last()) else {
                ev.prevent_default();
                return;
            };
            let active = host.focused();
            let at_first = active.as_ref() == Some(first) || active.as_ref() == Some(&dialog);
            let at_last = active.as_ref() == Some(last);
            if ev.shift_key() && at_first {
                ev.prevent_default();
                let _ = last.focus();
            } else if !ev.shift_key() && at_last {
                ev.prevent_default();
                let _ = first.focus();
            }
        }
        _ => {}
    };

    let has_description = description.is_some();
    view! {
        <Show when=move || open.get()>
            <div class="tp-modal" on:click=move |_| open.set(false)>
                <div
                    class=if wide { "tp-modal__dialog tp-modal__dialog--wide" } else { "tp-modal__dialog" }
                    role="dialog"
                    aria-modal="true"
                    aria-labelledby=title_id.clone()
                    aria-describedby=has_description.then(|| description_id.clone())
                    tabindex="-1"
                    node_ref=dialog
                    on:keydown=on_keydown
                    on:click=|ev| ev.stop_propagation()
                >
                    <header class="tp-modal__header">
                        <h2 class="tp-modal__title" id=title_id.clone()>
                            {move || title.get()}
                        </h2>
                        {icon_button("", "Close dialog", Icon::Close, move || open.set(false))}
                    </header>
                    {description
                        .map(|d| {
                            view! {
                                <p class="tp-modal__description" id=description_id.clone()>
                                    {move || d.get()}
                                </p>
                            }
                        })}
                    <div class="tp-modal__body">{children.read_value()()}</div>
                </div>
            </div>
        </Show>
    }
}
