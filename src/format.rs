//! Showing times to people: in their own time zone and language, via the browser's Intl.

use wasm_bindgen::JsValue;

/// "25 Nov 2026, 14:02" for an RFC 3339 timestamp; the input itself if it cannot be read.
pub fn date_time(rfc3339: &str) -> String {
    let date = js_sys::Date::new(&JsValue::from_str(rfc3339));
    if date.get_time().is_nan() {
        return rfc3339.to_string();
    }
    let options = js_sys::Object::new();
    let set = |k: &str, v: &str| {
        let _ = js_sys::Reflect::set(&options, &JsValue::from_str(k), &JsValue::from_str(v));
    };
    set("dateStyle", "medium");
    set("timeStyle", "short");
    date.to_locale_string("default", &options).into()
}
