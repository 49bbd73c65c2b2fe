//! How hosts start the app. `index.html` is the standalone host: it carries a
//! `<div data-textpeak-inbox …>` that [`start`] finds. The TextPeak portal is the other host:
//! it loads the same bundle and calls `mountInbox(element, config)` from JavaScript. What the
//! config says and how it is read lives in `config.rs`; this file only starts the app and
//! installs the panic screen.

use std::cell::RefCell;

use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use web_sys::HtmlElement;

use crate::app::App;
use crate::config::InboxConfig;
use crate::state::Host;

/// Mounts the Inbox into `element`. Exposed to hosts as `mountInbox`.
#[wasm_bindgen(js_name = mountInbox)]
pub fn mount_inbox(element: HtmlElement, config: JsValue) -> Result<(), JsValue> {
    let config = if config.is_undefined() || config.is_null() {
        InboxConfig::default()
    } else {
        crate::config::from_js(&config)?
    };
    mount(element, config);
    Ok(())
}

/// Runs when the bundle loads. Mounts only where the page asked for it, so a portal page that
/// loads the bundle and calls `mountInbox` itself is not mounted twice.
#[wasm_bindgen(start)]
pub fn start() {
    let Some(element) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector("[data-textpeak-inbox]").ok().flatten())
        .and_then(|e| e.dyn_into::<HtmlElement>().ok())
    else {
        return;
    };
    let config = crate::config::from_element(&element);
    mount(element, config);
}

fn mount(element: HtmlElement, config: InboxConfig) {
    install_panic_screen(element.clone());
    let host = Host::new(element.clone());
    leptos::mount::mount_to(element, move || view! { <App config=config host=host/> }).forget();
}

thread_local! {
    static MOUNT_POINT: RefCell<Option<HtmlElement>> = const { RefCell::new(None) };
}

/// A panic must never leave a dead page: it replaces the app with a screen that says what
/// happened and how to recover. Built with DOM calls, because after a panic (and `abort` in
/// release builds) no Rust code of the app runs again.
fn install_panic_screen(element: HtmlElement) {
    MOUNT_POINT.with(|m| *m.borrow_mut() = Some(element));
    std::panic::set_hook(Box::new(|info| {
        web_sys::console::error_1(&JsValue::from_str(&format!("TextPeak Inbox: {info}")));
        MOUNT_POINT.with(|m| {
            if let Some(root) = m.borrow().as_ref() {
                let _ = render_panic_screen(root);
            }
        });
    }));
}

/// Public so the component tests can check the screen without panicking the test runner.
pub fn render_panic_screen(root: &HtmlElement) -> Result<(), JsValue> {
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
    let el = |tag: &str, class: &str, text: &str| -> Result<web_sys::Element, JsValue> {
        let e = document.create_element(tag)?;
        e.set_class_name(class);
        if !text.is_empty() {
            e.set_text_content(Some(text));
        }
        Ok(e)
    };
    let screen = el("div", "tp-app tp-fatal", "")?;
    screen.set_attribute("role", "alert")?;
    let card = el("div", "tp-fatal__card", "")?;
    let title = el("h1", "tp-fatal__title", "Something went wrong")?;
    let text = el(
        "p",
        "tp-fatal__text",
        "TextPeak Inbox hit an unexpected error and stopped. Reload to continue where you were.",
    )?;
    card.append_child(&title)?;
    card.append_child(&text)?;
    let reload = el("a", "tp-button tp-button--primary", "Reload Inbox")?;
    let here = web_sys::window()
        .and_then(|w| w.location().href().ok())
        .unwrap_or_else(|| "/".into());
    reload.set_attribute("href", &here)?;
    card.append_child(&reload)?;
    screen.append_child(&card)?;
    root.replace_children_with_node_1(&screen);
    Ok(())
}
