//! The dashboard's small DOM helpers that several of its parts need: what kind of element a
//! key press came from, and focusing a row of the virtual list.

use leptos::ev;
use leptos::prelude::*;

use crate::logic::shortcuts::KeyTarget;
use crate::state::host::{origin, Host};

/// What kind of element a key press came from (inside a shadow root too).
pub fn key_target(event: &ev::KeyboardEvent) -> KeyTarget {
    let Some(element) = origin(event) else {
        return KeyTarget::Page;
    };
    let tag = element.tag_name().to_ascii_lowercase();
    let editable = element
        .get_attribute("contenteditable")
        .is_some_and(|v| v != "false");
    if matches!(tag.as_str(), "input" | "textarea" | "select") || editable {
        KeyTarget::TextField
    } else if element
        .closest("[data-conversation-row]")
        .ok()
        .flatten()
        .is_some()
    {
        KeyTarget::ListRow
    } else {
        KeyTarget::Page
    }
}

/// Focuses row `index` once the virtual list has rendered it (it may just be scrolling there).
pub fn focus_row(host: Host, index: usize) {
    fn attempt(host: Host, index: usize, tries_left: u8) {
        match host.query(&format!("[data-conversation-row='{index}']")) {
            Some(row) => {
                let _ = row.focus();
            }
            None if tries_left > 0 => {
                request_animation_frame(move || attempt(host, index, tries_left - 1));
            }
            None => {}
        }
    }
    request_animation_frame(move || attempt(host, index, 3));
}
