//! Showing times to people: in their own time zone and language, via the browser's Intl.
//! Formatters are built once and reused: building an `Intl.DateTimeFormat` costs far more
//! than formatting with one, and a thread formats thousands of times.

use std::cell::RefCell;
use std::collections::HashMap;

use js_sys::{Array, Date, Intl, Object, Reflect};
use wasm_bindgen::JsValue;

use crate::logic::relative_time::ago;

/// The styles this module formats in.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum Style {
    /// "25 Nov 2026, 14:02"
    DateTime,
    /// "14:02"
    Time,
    /// "Wednesday, 25 November 2026"
    Day,
    /// "12 Nov"
    DayMonth,
    /// "12 November 2026"
    LongDate,
    /// "Thu 08:00"
    WeekdayTime,
}

impl Style {
    fn options(self) -> &'static [(&'static str, &'static str)] {
        match self {
            Style::DateTime => &[("dateStyle", "medium"), ("timeStyle", "short")],
            Style::Time => &[("timeStyle", "short")],
            Style::Day => &[("dateStyle", "full")],
            Style::DayMonth => &[("day", "numeric"), ("month", "short")],
            Style::LongDate => &[("dateStyle", "long")],
            Style::WeekdayTime => &[
                ("weekday", "short"),
                ("hour", "2-digit"),
                ("minute", "2-digit"),
            ],
        }
    }
}

thread_local! {
    static FORMATTERS: RefCell<HashMap<Style, Intl::DateTimeFormat>> = RefCell::new(HashMap::new());
}

fn parse(rfc3339: &str) -> Option<Date> {
    let date = Date::new(&JsValue::from_str(rfc3339));
    (!date.get_time().is_nan()).then_some(date)
}

fn format(date: &Date, style: Style) -> String {
    FORMATTERS.with(|cache| {
        let mut cache = cache.borrow_mut();
        let formatter = cache.entry(style).or_insert_with(|| {
            let options = Object::new();
            for (k, v) in style.options() {
                let _ = Reflect::set(&options, &JsValue::from_str(k), &JsValue::from_str(v));
            }
            Intl::DateTimeFormat::new(&Array::new(), &options)
        });
        formatter
            .format()
            .call1(&JsValue::UNDEFINED, date)
            .ok()
            .and_then(|v| v.as_string())
            .unwrap_or_default()
    })
}

fn format_str(rfc3339: &str, style: Style) -> String {
    match parse(rfc3339) {
        Some(date) => format(&date, style),
        None => rfc3339.to_string(),
    }
}

/// "25 Nov 2026, 14:02" for an RFC 3339 timestamp; the input itself if it cannot be read.
pub fn date_time(rfc3339: &str) -> String {
    format_str(rfc3339, Style::DateTime)
}

/// "14:02": the time of day, for messages (their day is in the thread's day headings).
pub fn time_of_day(rfc3339: &str) -> String {
    format_str(rfc3339, Style::Time)
}

/// "Wednesday, 25 November 2026": the heading of a day in the thread.
pub fn day(rfc3339: &str) -> String {
    format_str(rfc3339, Style::Day)
}

/// An upcoming time (a snooze's end): "Thu 08:00" within the next six days, else
/// "25 Nov 2026, 14:02".
pub fn upcoming(rfc3339: &str) -> String {
    let Some(date) = parse(rfc3339) else {
        return rfc3339.to_string();
    };
    let within_days = (date.get_time() - Date::now()) / 86_400_000.0;
    match within_days < 6.0 {
        true => format(&date, Style::WeekdayTime),
        false => format(&date, Style::DateTime),
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
    let ago = ago(Date::now(), date.get_time());
    match (ago.short(), ago.spoken()) {
        (Some(short), Some(spoken)) => (short, spoken),
        _ => (
            format(&date, Style::DayMonth),
            format(&date, Style::LongDate),
        ),
    }
}
