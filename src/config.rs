//! The host's settings, read from the browser: the portal's JS config object or the standalone
//! host element's `data-*` attributes. Both go through the one parser in `logic::config`.

use wasm_bindgen::{JsCast, JsValue};
use web_sys::HtmlElement;

use crate::logic::config::{parse, Setting, Value};
pub use crate::logic::config::{AuthMode, InboxConfig};

/// Reads `{ basePath, apiBase, auth, token, theme, frame, helpBase, shadow, styles }` from a
/// host's JS object.
pub fn from_js(object: &JsValue) -> Result<InboxConfig, JsValue> {
    parse(|setting: Setting| {
        let value = js_sys::Reflect::get(object, &JsValue::from_str(setting.js_key())).ok()?;
        if js_sys::Array::is_array(&value) {
            let items = js_sys::Array::from(&value);
            return Some(Value::List(
                items.iter().filter_map(|v| v.as_string()).collect(),
            ));
        }
        value
            .as_bool()
            .map(Value::Flag)
            .or_else(|| value.as_string().map(Value::Text))
    })
    .map_err(|e| JsValue::from_str(&e))
}

/// The host's `getToken` callback, if its config has one (a setting that is not a function is
/// refused rather than ignored: the host would wait for renewals that never come).
pub fn get_token(object: &JsValue) -> Result<Option<js_sys::Function>, JsValue> {
    if object.is_undefined() || object.is_null() {
        return Ok(None);
    }
    let value = js_sys::Reflect::get(object, &JsValue::from_str("getToken"))?;
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    value
        .dyn_into::<js_sys::Function>()
        .map(Some)
        .map_err(|_| JsValue::from_str("mountInbox: getToken must be a function"))
}

/// Reads the same settings from `data-*` attributes of the standalone host element (an empty
/// attribute counts as absent).
pub fn from_element(element: &HtmlElement) -> InboxConfig {
    parse(|setting: Setting| {
        let value = element.get_attribute(setting.data_attribute()?)?;
        (!value.is_empty()).then_some(Value::Text(value))
    })
    // Attributes never name an auth mode, the only setting that can be wrong.
    .unwrap_or_default()
}
