//! Which panes of the dashboard show: the details panel beside the thread, the shortcuts
//! overlay. On a phone one pane shows at a time, so narrowing a window to phone width hides
//! the details (the thread shows, not the details it had beside it).

use leptos::prelude::*;
use leptos_use::use_media_query;

/// The details panel starts open where there is room for it beside the thread.
const WIDE_ENOUGH_FOR_DETAILS: &str = "(min-width: 1200px)";
/// Below 720 px wide (the phone layout in inbox.css) one pane shows at a time.
const PHONE: &str = "(max-width: 719.98px)";

/// Copy, lives in context.
#[derive(Clone, Copy)]
pub struct Panes {
    details_open: RwSignal<bool>,
    help_open: RwSignal<bool>,
}

impl Panes {
    pub fn new() -> Self {
        let wide = window()
            .match_media(WIDE_ENOUGH_FOR_DETAILS)
            .ok()
            .flatten()
            .is_some_and(|m| m.matches());
        let panes = Panes {
            details_open: RwSignal::new(wide),
            help_open: RwSignal::new(false),
        };
        let phone = use_media_query(PHONE);
        Effect::new(move |was_phone: Option<bool>| {
            let phone = phone.get();
            if phone && was_phone == Some(false) {
                panes.details_open.set(false);
            }
            phone
        });
        panes
    }

    /// Whether the details panel is open, tracked.
    pub fn details_open(&self) -> bool {
        self.details_open.get()
    }

    /// Whether the details panel is open, untracked (the keyboard's T opens it).
    pub fn details_open_untracked(&self) -> bool {
        self.details_open.get_untracked()
    }

    pub fn toggle_details(&self) {
        self.details_open.update(|open| *open = !*open);
    }

    pub fn hide_details(&self) {
        self.details_open.set(false);
    }

    /// Whether the shortcuts overlay is open.
    pub fn help_open_untracked(&self) -> bool {
        self.help_open.get_untracked()
    }

    pub fn show_help(&self) {
        self.help_open.set(true);
    }

    /// The overlay's open flag, for the dialog that shows it (and closes it).
    pub fn help(&self) -> RwSignal<bool> {
        self.help_open
    }
}

impl Default for Panes {
    fn default() -> Self {
        Self::new()
    }
}
