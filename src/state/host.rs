//! Where the app lives on its host's page: the mount element, which the DOM events it tells
//! its host (`textpeak:unread` for the portal's menu badge) bubble from, and the element its
//! nodes are in, which is inside a shadow root when the host asked for one. Views find their
//! own elements through it, never through `document`: another mount on the same page has
//! elements with the same ids, and `document` does not see into a shadow root.

use leptos::prelude::*;
use send_wrapper::SendWrapper;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{CustomEvent, CustomEventInit, Element, Event, HtmlElement, ShadowRoot};

/// `Copy` handle to the mount; lives in context. Once the app is unmounted it finds nothing
/// and tells nothing.
#[derive(Clone, Copy)]
pub struct Host(StoredValue<Nodes>);

struct Nodes {
    element: SendWrapper<HtmlElement>,
    root: SendWrapper<HtmlElement>,
}

impl Host {
    /// `element` is the host's mount element; `root` the element the app renders into (the
    /// same element, or a container in its shadow root).
    pub fn new(element: HtmlElement, root: HtmlElement) -> Self {
        Host(StoredValue::new(Nodes {
            element: SendWrapper::new(element),
            root: SendWrapper::new(root),
        }))
    }

    fn root(&self) -> Option<HtmlElement> {
        self.0.try_with_value(|n| (*n.root).clone())
    }

    /// The host in context; outside a mounted app (component tests) the document's body.
    pub fn current() -> Self {
        use_context::<Host>().unwrap_or_else(|| {
            let body = document().body().expect("a document has a body");
            Host::new(body.clone(), body)
        })
    }

    /// Dispatches a bubbling `CustomEvent` named `name` with `detail` on the mount element.
    pub fn dispatch(&self, name: &str, detail: JsValue) {
        let init = CustomEventInit::new();
        init.set_bubbles(true);
        init.set_composed(true);
        init.set_detail(&detail);
        let Some(element) = self.0.try_with_value(|n| (*n.element).clone()) else {
            return;
        };
        if let Ok(event) = CustomEvent::new_with_event_init_dict(name, &init) {
            let _ = element.dispatch_event(&event);
        }
    }

    /// The app's element with this id.
    pub fn by_id(&self, id: &str) -> Option<HtmlElement> {
        self.query(&format!("[id=\"{id}\"]"))
    }

    /// The app's first element matching `selector`.
    pub fn query(&self, selector: &str) -> Option<HtmlElement> {
        self.root()?
            .query_selector(selector)
            .ok()
            .flatten()
            .and_then(|e| e.dyn_into().ok())
    }

    /// The element that has the keyboard focus, looked for inside the app's shadow root too
    /// (where `document.activeElement` only names the mount element).
    pub fn focused(&self) -> Option<HtmlElement> {
        let root = self.root()?.get_root_node();
        let active = match root.dyn_ref::<ShadowRoot>() {
            Some(shadow) => shadow.active_element(),
            None => document().active_element(),
        };
        active.and_then(|e| e.dyn_into().ok())
    }

    /// Whether `element` is one of the app's own nodes.
    pub fn owns(&self, element: &Element) -> bool {
        self.root().is_some_and(|root| root.contains(Some(element)))
    }

    /// Whether a page-wide event (a shortcut's key press) is this mount's to answer: it started
    /// inside the app, or on no element in particular (the page's body), never in another
    /// mount or in the host's own fields.
    pub fn answers(&self, event: &Event) -> bool {
        let Some(origin) = origin(event) else {
            return true;
        };
        let page = document();
        let on_no_element = page
            .body()
            .is_some_and(|body| *body.unchecked_ref::<Element>() == origin)
            || page.document_element().is_some_and(|html| html == origin);
        on_no_element || self.owns(&origin)
    }
}

/// The element an event started at. Inside a shadow root, `event.target` seen from the window
/// is the mount element; the composed path still starts at the real one.
pub fn origin(event: &Event) -> Option<Element> {
    event.composed_path().get(0).dyn_into::<Element>().ok()
}
