//! Showing times to people: in their own time zone and language, via the browser's Intl.

use wasm_bindgen::JsValue;

use crate::relative_time::ago;

fn parse(rfc3339: &str) -> Option<js_sys::Date> {
    let date = js_sys::Date::new(&JsValue::from_str(rfc3339));
    (!date.get_time().is_nan()).then_some(date)
}

fn locale_string(date: &js_sys::Date, options: &[(&str, &str)]) -> String {
    let object = js_sys::Object::new();
    for (k, v) in options {
        let _ = js_sys::Reflect::set(&object, &JsValue::from_str(k), &JsValue::from_str(v));
    }
    date.to_locale_string("default", &object).into()
}

/// "25 Nov 2026, 14:02" for an RFC 3339 timestamp; the input itself if it cannot be read.
pub fn date_time(rfc3339: &str) -> String {
    match parse(rfc3339) {
        Some(d) => locale_string(&d, &[("dateStyle", "medium"), ("timeStyle", "short")]),
        None => rfc3339.to_string(),
    }
}

/// "14:02": the time of day, for messages (their day is in the thread's day separators).
pub fn time_of_day(rfc3339: &str) -> String {
    match parse(rfc3339) {
        Some(d) => locale_string(&d, &[("timeStyle", "short")]),
        None => rfc3339.to_string(),
    }
}

/// "Wednesday, 25 November 2026": the heading of a day in the thread.
pub fn day(rfc3339: &str) -> String {
    match parse(rfc3339) {
        Some(d) => locale_string(&d, &[("dateStyle", "full")]),
        None => rfc3339.to_string(),
    }
}

/// The local calendar day of a timestamp, to group messages by day.
pub fn day_key(rfc3339: &str) -> Option<(u32, u32, u32)> {
    parse(rfc3339).map(|d| (d.get_full_year(), d.get_month(), d.get_date()))
}

/// How long ago, compact ("5m", "3h", "2d", or "12 Nov" from a week on) and in words for
/// screen readers.
pub fn ago_labels(rfc3339: &str) -> (String, String) {
    let Some(date) = parse(rfc3339) else {
        return (String::new(), String::new());
    };
    let ago = ago(js_sys::Date::now(), date.get_time());
    match (ago.short(), ago.spoken()) {
        (Some(short), Some(spoken)) => (short, spoken),
        _ => {
            let short = locale_string(&date, &[("day", "numeric"), ("month", "short")]);
            let spoken = locale_string(&date, &[("dateStyle", "long")]);
            (short, spoken)
        }
    }
}
