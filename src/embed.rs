//! How hosts start the app. `index.html` is the standalone host: it carries a
//! `<div data-textpeak-inbox …>` that [`start`] finds. The TextPeak portal is the other host:
//! it loads the same bundle and calls `mountInbox(element, config)` from JavaScript. What the
//! config says and how it is read lives in `config.rs`; this file only starts the app and
//! installs the panic screen.

use std::any::Any;
use std::cell::RefCell;

use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use web_sys::HtmlElement;

use crate::api::{ApiClient, Credentials};
use crate::app::host::{access_detail, HostControls};
use crate::app::App;
use crate::config::InboxConfig;
use crate::state::Host;

thread_local! {
    /// The mounted apps, by mount: each stays until its host calls `unmount`, whatever becomes
    /// of the handle (a host that drops it, and the JS garbage collector that frees it, must
    /// not take the app away).
    static MOUNTED: RefCell<Vec<(u32, Box<dyn Any>)>> = const { RefCell::new(Vec::new()) };
    static NEXT_MOUNT: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
}

/// What `mountInbox` answers the host: the mounted app, for the host to steer and remove.
#[wasm_bindgen]
pub struct InboxHandle {
    mount: u32,
    controls: HostControls,
}

impl InboxHandle {
    fn mounted(&self) -> bool {
        MOUNTED.with(|m| m.borrow().iter().any(|(id, _)| *id == self.mount))
    }
}

#[wasm_bindgen]
impl InboxHandle {
    /// Removes the app and everything it started (its nodes, and through its cleanups the live
    /// stream, timers, listeners and the requests of its views); the element can be mounted
    /// into again.
    pub fn unmount(&self) {
        let view = MOUNTED.with(|m| {
            let mut m = m.borrow_mut();
            let at = m.iter().position(|(id, _)| *id == self.mount)?;
            Some(m.remove(at))
        });
        // Dropped outside the borrow: cleanups may run code that mounts or unmounts.
        drop(view);
    }

    /// Goes to `path` inside the app (after the base path), as a click on a link would.
    pub fn navigate(&self, path: &str) {
        if self.mounted() {
            self.controls.navigate_to.set(Some(path.to_owned()));
        }
    }

    /// A fresh bearer token for every request from now on (the host renewed it); who is signed
    /// in is asked again, so a session that had expired comes back.
    #[wasm_bindgen(js_name = setToken)]
    pub fn set_token(&self, token: &str) -> Result<(), JsValue> {
        self.controls
            .credentials
            .set_token(token)
            .map_err(JsValue::from_str)?;
        if self.mounted() {
            self.controls.token_set.notify();
        }
        Ok(())
    }

    /// `light` or `dark`.
    #[wasm_bindgen(js_name = setTheme)]
    pub fn set_theme(&self, theme: &str) -> Result<(), JsValue> {
        match theme {
            "light" | "dark" => {
                self.controls.theme.set(theme.to_owned());
                Ok(())
            }
            other => Err(JsValue::from_str(&format!(
                "setTheme: {other:?} is not a theme (light, dark)"
            ))),
        }
    }
}

/// Mounts the Inbox into `element`. Exposed to hosts as `mountInbox`; answers the handle.
#[wasm_bindgen(js_name = mountInbox)]
pub fn mount_inbox(element: HtmlElement, config: JsValue) -> Result<InboxHandle, JsValue> {
    let (config, get_token) = read_config(&config)?;
    let controls = HostControls::new(&config, get_token);
    let view = mount(element, config, controls.clone());
    let id = NEXT_MOUNT.with(|n| {
        let id = n.get();
        n.set(id + 1);
        id
    });
    MOUNTED.with(|m| m.borrow_mut().push((id, view)));
    Ok(InboxHandle {
        mount: id,
        controls,
    })
}

/// A host's config object: the settings, and its `getToken` callback.
fn read_config(config: &JsValue) -> Result<(InboxConfig, Option<js_sys::Function>), JsValue> {
    if config.is_undefined() || config.is_null() {
        return Ok((InboxConfig::default(), None));
    }
    Ok((
        crate::config::from_js(config)?,
        crate::config::get_token(config)?,
    ))
}

/// Asks, before mounting, what the user of `config`'s credentials may see: answers what
/// `textpeak:access` tells (`{ access, menu }`, README), so the portal can draw its main menu
/// before (or without) the Inbox. Exposed to hosts as `inboxAccess`; rejects when the API
/// cannot be reached.
#[wasm_bindgen(js_name = inboxAccess)]
pub async fn inbox_access(config: JsValue) -> Result<JsValue, JsValue> {
    let (config, get_token) = read_config(&config)?;
    let client = ApiClient::new(&config.api_base, Credentials::new(&config.auth, get_token));
    let me = match client.me().await {
        Ok(me) => Some(me),
        Err(e) if e.is_unauthenticated() => None,
        Err(e) => return Err(JsValue::from_str(&e.message())),
    };
    Ok(access_detail(me.as_ref(), &config.base_path))
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
    let controls = HostControls::new(&config, None);
    // The standalone page never unmounts.
    std::mem::forget(mount(element, config, controls));
}

fn mount(element: HtmlElement, config: InboxConfig, controls: HostControls) -> Box<dyn Any> {
    install_panic_screen(element.clone());
    let host = Host::new(element.clone());
    Box::new(leptos::mount::mount_to(element, move || {
        view! { <App config=config host=host controls=controls/> }
    }))
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
