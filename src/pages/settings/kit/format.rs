//! Counts in the settings' sentences: "1 conversation", "2,340 conversations".

use std::cell::OnceCell;

use js_sys::{Array, Intl, Object};
use wasm_bindgen::JsValue;

thread_local! {
    /// Built once: building an `Intl.NumberFormat` costs far more than formatting with one.
    /// English grouping ("2,340"), as the rest of the settings' sentences are English.
    static NUMBERS: OnceCell<Intl::NumberFormat> = const { OnceCell::new() };
}

/// "2,340".
fn grouped(n: u64) -> String {
    NUMBERS.with(|cell| {
        let formatter = cell.get_or_init(|| {
            Intl::NumberFormat::new(&Array::of1(&JsValue::from_str("en-US")), &Object::new())
        });
        formatter
            .format()
            .call1(&JsValue::UNDEFINED, &JsValue::from_f64(n as f64))
            .ok()
            .and_then(|v| v.as_string())
            .unwrap_or_else(|| n.to_string())
    })
}

/// "1 conversation", "2,340 conversations".
pub fn count_label(n: u64, one: &str, many: &str) -> String {
    format!("{} {}", grouped(n), if n == 1 { one } else { many })
}
