//! A menu button: a button that opens a list of commands (`role="menu"`). Opening moves the
//! focus to the first item; ↓/↑ (and Home/End) move between items, Enter or a click runs one
//! and closes the menu, Escape or Tab closes it, and the focus returns to the button. A click
//! outside closes it too.

use leptos::ev::KeyboardEvent;
use leptos::html::Div;
use leptos::prelude::*;
use leptos_use::on_click_outside;
use wasm_bindgen::JsCast;
use web_sys::HtmlElement;

use crate::components::ui::icons::{Icon, Svg};
use crate::components::ui::unique_id;

const ITEMS: &str = "[role='menuitem']:not([disabled]), [role='menuitemradio']:not([disabled])";

fn items(menu: &HtmlElement) -> Vec<HtmlElement> {
    let Ok(list) = menu.query_selector_all(ITEMS) else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| n.dyn_into::<HtmlElement>().ok())
        .collect()
}

/// The menu's handle for its items: `close()` after running one (a click on an item closes
/// the menu by itself).
#[derive(Clone, Copy)]
pub struct MenuHandle {
    open: RwSignal<bool>,
}

impl MenuHandle {
    pub fn close(&self) {
        self.open.set(false);
    }
}

#[component]
pub fn MenuButton(
    /// The button's text.
    #[prop(into)]
    label: Signal<String>,
    #[prop(optional)] icon: Option<Icon>,
    /// A tooltip (with the shortcut, if any).
    #[prop(optional, into)]
    title: Option<String>,
    #[prop(optional, into)] disabled: Signal<bool>,
    /// The items: buttons with `role="menuitem"`.
    children: ChildrenFn,
) -> impl IntoView {
    let open = RwSignal::new(false);
    let menu_id = unique_id("tp-menu");
    let root = NodeRef::<Div>::new();
    let menu = NodeRef::<Div>::new();
    let button = NodeRef::<leptos::html::Button>::new();
    let children = StoredValue::new(children);
    provide_context(MenuHandle { open });

    let _ = on_click_outside(root, move |_| open.set(false));
    let close_and_return = move || {
        open.set(false);
        if let Some(button) = button.get_untracked() {
            let _ = button.focus();
        }
    };
    // Moving the focus into the menu is syncing with the DOM, once it is rendered.
    Effect::new(move |_| {
        if open.get() {
            request_animation_frame(move || {
                if let Some(menu) = menu.get_untracked() {
                    let menu: HtmlElement = menu.into();
                    if let Some(first) = items(&menu).into_iter().next() {
                        let _ = first.focus();
                    }
                }
            });
        }
    });

    let on_keydown = move |ev: KeyboardEvent| {
        let Some(menu) = menu.get_untracked() else {
            return;
        };
        let menu: HtmlElement = menu.into();
        let list = items(&menu);
        let active = document()
            .active_element()
            .and_then(|e| e.dyn_into::<HtmlElement>().ok());
        let at = active.and_then(|a| list.iter().position(|i| *i == a));
        let target = match ev.key().as_str() {
            "ArrowDown" => Some(at.map_or(0, |i| (i + 1) % list.len().max(1))),
            "ArrowUp" => Some(at.map_or(list.len().saturating_sub(1), |i| {
                (i + list.len() - 1) % list.len().max(1)
            })),
            "Home" => Some(0),
            "End" => Some(list.len().saturating_sub(1)),
            "Escape" => {
                ev.prevent_default();
                ev.stop_propagation();
                close_and_return();
                return;
            }
            "Tab" => {
                open.set(false);
                return;
            }
            _ => None,
        };
        if let Some(item) = target.and_then(|i| list.get(i)) {
            ev.prevent_default();
            let _ = item.focus();
        }
    };
    // A click on an item runs it (its own handler) and closes the menu.
    let on_menu_click = move |ev: leptos::ev::MouseEvent| {
        let on_item = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|e| e.closest(ITEMS).ok().flatten())
            .is_some();
        if on_item {
            close_and_return();
        }
    };

    view! {
        <div class="tp-menu" node_ref=root>
            <button
                type="button"
                class="tp-button tp-button--small tp-menu__button"
                aria-haspopup="menu"
                aria-expanded=move || open.get().to_string()
                aria-controls=menu_id.clone()
                title=title
                disabled=move || disabled.get()
                node_ref=button
                on:click=move |_| open.update(|o| *o = !*o)
                on:keydown=move |ev: KeyboardEvent| {
                    if ev.key() == "ArrowDown" && !open.get_untracked() {
                        ev.prevent_default();
                        open.set(true);
                    }
                }
            >
                {icon.map(|icon| view! { <Svg icon=icon/> })}
                <span>{move || label.get()}</span>
                <Svg icon=Icon::ChevronUpDown class="tp-menu__chevron"/>
            </button>
            <Show when=move || open.get()>
                <div
                    class="tp-menu__list"
                    role="menu"
                    id=menu_id.clone()
                    aria-label=move || label.get()
                    node_ref=menu
                    on:keydown=on_keydown
                    on:click=on_menu_click
                >
                    {children.read_value()()}
                </div>
            </Show>
        </div>
    }
}
