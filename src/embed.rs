//! How hosts start the app. `index.html` is the standalone host: it carries a
//! `<div data-textpeak-inbox …>` that [`start`] finds. The TextPeak portal is the other host:
//! it loads the same bundle and calls `mountInbox(element, config)` from JavaScript. What the
//! config says and how it is read lives in `config.rs`; this file only starts the app and
//! installs the panic screen.

use std::any::Any;
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::sync::Arc;

use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use web_sys::{HtmlElement, ShadowRootInit, ShadowRootMode};

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
    /// The element the app renders into: the mount element, or a container in its shadow root.
    root: HtmlElement,
    in_shadow: bool,
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
        PANIC_ROOTS.with(|r| r.borrow_mut().retain(|el| *el != self.root));
        if self.in_shadow {
            // The shadow root itself cannot be taken off its element; it is left empty (no
            // stylesheet, no container) and taken up again by the next mount.
            if let Some(shadow) = self.root.parent_node() {
                shadow.set_text_content(None);
            }
        }
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
    let in_shadow = config.shadow;
    let root = match in_shadow {
        true => shadow_container(&element, &config.styles)?,
        false => element.clone(),
    };
    let view = mount(element, root.clone(), config, controls.clone(), true);
    let id = NEXT_MOUNT.with(|n| {
        let id = n.get();
        n.set(id + 1);
        id
    });
    MOUNTED.with(|m| m.borrow_mut().push((id, view)));
    Ok(InboxHandle {
        mount: id,
        controls,
        root,
        in_shadow,
    })
}

/// The element to render into inside `element`'s shadow root (made open, so that tests and
/// assistive tools see in; taken up again when the element was mounted into before), after the
/// app's stylesheets. It stays hidden until they have loaded (or failed, said on the console),
/// so the app never shows unstyled.
fn shadow_container(element: &HtmlElement, styles: &[Arc<str>]) -> Result<HtmlElement, JsValue> {
    let shadow = match element.shadow_root() {
        Some(shadow) => shadow,
        None => element.attach_shadow(&ShadowRootInit::new(ShadowRootMode::Open))?,
    };
    shadow.set_text_content(None);
    let document = element
        .owner_document()
        .ok_or("mountInbox: element is in no document")?;
    let container: HtmlElement = document.create_element("div")?.unchecked_into();
    container.set_hidden(true);
    let waiting = Rc::new(Cell::new(styles.len()));
    for href in styles {
        let link = document.create_element("link")?;
        link.set_attribute("rel", "stylesheet")?;
        link.set_attribute("href", href)?;
        let settled = {
            let waiting = waiting.clone();
            let container = container.clone();
            let href = href.clone();
            Closure::<dyn Fn(web_sys::Event)>::new(move |event: web_sys::Event| {
                if event.type_() == "error" {
                    web_sys::console::error_1(&JsValue::from_str(&format!(
                        "TextPeak Inbox: the stylesheet {href} did not load"
                    )));
                }
                waiting.set(waiting.get().saturating_sub(1));
                if waiting.get() == 0 {
                    container.set_hidden(false);
                }
            })
        };
        link.add_event_listener_with_callback("load", settled.as_ref().unchecked_ref())?;
        link.add_event_listener_with_callback("error", settled.as_ref().unchecked_ref())?;
        // Lives as long as the link: the browser holds the listener, and the link goes with
        // the shadow root's contents on unmount.
        settled.forget();
        shadow.append_child(&link)?;
    }
    shadow.append_child(&container)?;
    Ok(container)
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
    std::mem::forget(mount(element.clone(), element, config, controls, false));
}

/// Renders the app into `root` (the mount `element` itself, or a container in its shadow
/// root).
fn mount(
    element: HtmlElement,
    root: HtmlElement,
    config: InboxConfig,
    controls: HostControls,
    embedded: bool,
) -> Box<dyn Any> {
    install_panic_screen(root.clone());
    let into = root.clone();
    let owner = Rc::new(RefCell::new(None::<Owner>));
    let view = leptos::mount::mount_to(into, {
        let owner = owner.clone();
        move || {
            *owner.borrow_mut() = Owner::current();
            // Made under the app's owner, so that it goes with the app.
            let host = Host::new(element, root);
            view! { <App config=config host=host controls=controls embedded=embedded/> }
        }
    });
    let owner = owner.borrow_mut().take();
    Box::new(MountedApp {
        view: Some(Box::new(view)),
        owner,
    })
}

/// A mounted app; dropping it removes the app's nodes and then runs every cleanup of the app.
/// The cleanups are run by hand because the app's root owner can outlive the nodes: the router
/// hands it to a process-wide redirect hook (server_fn's, set once per page), and an owner only
/// cleans up when its last holder lets go. Its window listeners (link clicks, popstate) would
/// stay and take over the host's links under the base path.
struct MountedApp {
    view: Option<Box<dyn Any>>,
    owner: Option<Owner>,
}

impl Drop for MountedApp {
    fn drop(&mut self) {
        drop(self.view.take());
        if let Some(owner) = self.owner.take() {
            owner.cleanup();
        }
    }
}

thread_local! {
    /// Where the app is rendered, on every mount: a panic stops the whole bundle, so each of
    /// them shows the screen.
    static PANIC_ROOTS: RefCell<Vec<HtmlElement>> = const { RefCell::new(Vec::new()) };
}

/// A panic must never leave a dead page: it replaces the app with a screen that says what
/// happened and how to recover. Built with DOM calls, because after a panic (and `abort` in
/// release builds) no Rust code of the app runs again.
fn install_panic_screen(root: HtmlElement) {
    PANIC_ROOTS.with(|r| {
        let mut roots = r.borrow_mut();
        if !roots.contains(&root) {
            roots.push(root);
        }
    });
    std::panic::set_hook(Box::new(|info| {
        web_sys::console::error_1(&JsValue::from_str(&format!("TextPeak Inbox: {info}")));
        PANIC_ROOTS.with(|r| {
            if let Ok(roots) = r.try_borrow() {
                for root in roots.iter() {
                    let _ = render_panic_screen(root);
                }
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
