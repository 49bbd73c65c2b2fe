//! How hosts start the app. `index.html` is the standalone host: it carries a
//! `<div data-textpeak-inbox …>` that [`start`] finds. The TextPeak portal is the other host:
//! it loads the same bundle and calls `mountInbox(element, config)` from JavaScript.

use std::cell::RefCell;
use std::sync::Arc;

use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use web_sys::HtmlElement;

use crate::app::App;

/// How the app authenticates its API calls.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AuthMode {
    /// The session cookie set by `POST /api/session` (standalone, or a portal on the same site).
    Cookie,
    /// A token the host obtained (`POST /api/session` with `"bearer": true`) and hands over.
    Bearer(String),
}

/// What a host tells the app. Every field has a default that suits the standalone page.
#[derive(Clone, Debug)]
pub struct InboxConfig {
    /// Path prefix under which the app's routes live, e.g. `/portal` ("" standalone).
    pub base_path: Arc<str>,
    /// Where the API lives, e.g. `https://api.textpeak.example` ("" for same origin).
    pub api_base: Arc<str>,
    pub auth: AuthMode,
    /// `light` or `dark`; set as `data-theme` on the app's root.
    pub theme: Arc<str>,
    /// Draw the portal frame (top bar, main menu, user menu). A portal that has its own turns
    /// it off.
    pub frame: bool,
    /// Where the onboarding steps' "Learn more" articles live (`helpBase`, `data-help-base`).
    pub help_base: Arc<str>,
}

impl Default for InboxConfig {
    fn default() -> Self {
        InboxConfig {
            base_path: "".into(),
            api_base: "".into(),
            auth: AuthMode::Cookie,
            theme: "light".into(),
            frame: true,
            help_base: textpeak_api::HelpLinks::DEFAULT_BASE.into(),
        }
    }
}

impl InboxConfig {
    /// Reads `{ basePath, apiBase, auth, token, theme, frame, helpBase }` from a host's JS object.
    fn from_js(value: &JsValue) -> Result<Self, JsValue> {
        let text = |key: &str| -> Option<String> {
            js_sys::Reflect::get(value, &JsValue::from_str(key))
                .ok()
                .and_then(|v| v.as_string())
        };
        let mut config = InboxConfig::default();
        if let Some(base) = text("basePath") {
            config.base_path = normalise_base_path(&base).into();
        }
        if let Some(api) = text("apiBase") {
            config.api_base = api.trim_end_matches('/').into();
        }
        if let Some(theme) = text("theme") {
            config.theme = theme.into();
        }
        if let Some(help) = text("helpBase").filter(|h| h.starts_with("https://")) {
            config.help_base = help.into();
        }
        if let Some(frame) = js_sys::Reflect::get(value, &JsValue::from_str("frame"))
            .ok()
            .and_then(|v| v.as_bool())
        {
            config.frame = frame;
        }
        config.auth = match text("auth").as_deref() {
            None | Some("cookie") => AuthMode::Cookie,
            Some("bearer") => AuthMode::Bearer(
                text("token")
                    .filter(|t| !t.is_empty())
                    .ok_or_else(|| JsValue::from_str("auth \"bearer\" needs a token"))?,
            ),
            Some(other) => {
                return Err(JsValue::from_str(&format!(
                    "unknown auth mode {other:?}: use \"cookie\" or \"bearer\""
                )))
            }
        };
        Ok(config)
    }

    /// Reads the same settings from `data-*` attributes of the standalone host element.
    fn from_element(element: &HtmlElement) -> Self {
        let attr = |name: &str| element.get_attribute(name).filter(|v| !v.is_empty());
        let mut config = InboxConfig::default();
        if let Some(base) = attr("data-base-path") {
            config.base_path = normalise_base_path(&base).into();
        }
        if let Some(api) = attr("data-api-base") {
            config.api_base = api.trim_end_matches('/').into();
        }
        if let Some(theme) = attr("data-theme") {
            config.theme = theme.into();
        }
        if let Some(help) = attr("data-help-base").filter(|h| h.starts_with("https://")) {
            config.help_base = help.into();
        }
        config
    }
}

/// `"/portal/"` → `"/portal"`, `"/"` → `""`: the router wants no trailing slash.
fn normalise_base_path(base: &str) -> String {
    let trimmed = base.trim().trim_end_matches('/');
    if trimmed.is_empty() {
        String::new()
    } else if trimmed.starts_with('/') {
        trimmed.to_string()
    } else {
        format!("/{trimmed}")
    }
}

/// Mounts the Inbox into `element`. Exposed to hosts as `mountInbox`.
#[wasm_bindgen(js_name = mountInbox)]
pub fn mount_inbox(element: HtmlElement, config: JsValue) -> Result<(), JsValue> {
    let config = if config.is_undefined() || config.is_null() {
        InboxConfig::default()
    } else {
        InboxConfig::from_js(&config)?
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
    let config = InboxConfig::from_element(&element);
    mount(element, config);
}

fn mount(element: HtmlElement, config: InboxConfig) {
    install_panic_screen(element.clone());
    leptos::mount::mount_to(element, move || view! { <App config=config/> }).forget();
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
