//! The element the app is mounted in, and the DOM events it tells its host through
//! (`textpeak:unread` for the portal's menu badge). Events bubble, so a host can listen on the
//! element or on any ancestor.

use send_wrapper::SendWrapper;
use wasm_bindgen::JsValue;
use web_sys::{CustomEvent, CustomEventInit, HtmlElement};

/// Copy-free handle to the mount element; lives in context.
#[derive(Clone)]
pub struct Host(SendWrapper<HtmlElement>);

impl Host {
    pub fn new(element: HtmlElement) -> Self {
        Host(SendWrapper::new(element))
    }

    /// Dispatches a bubbling `CustomEvent` named `name` with `detail` on the mount element.
    pub fn dispatch(&self, name: &str, detail: JsValue) {
        let init = CustomEventInit::new();
        init.set_bubbles(true);
        init.set_composed(true);
        init.set_detail(&detail);
        if let Ok(event) = CustomEvent::new_with_event_init_dict(name, &init) {
            let _ = self.0.dispatch_event(&event);
        }
    }
}
