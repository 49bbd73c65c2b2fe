//! The dashboard's keyboard shortcuts (J/K and the arrows, Enter, /, I, ?, and the open
//! conversation's actions: M, A, T, E, Shift+E, Z), listened for on
//! the window while the dashboard is shown.

use leptos::ev;
use leptos::prelude::*;

use super::actions::ActionKeys;
use super::dom::key_target;
use super::list::{focus_row, SEARCH_ID};
use super::url::InboxUrl;
use crate::logic::shortcuts::{shortcut_for, Shortcut};
use crate::state::inbox::{ConversationList, Panes};
use crate::state::Host;

/// Listens for the shortcuts until the dashboard goes away.
pub fn use_shortcuts(url: InboxUrl, list: ConversationList, panes: Panes, actions: ActionKeys) {
    let host = Host::current();
    let keys = window_event_listener(ev::keydown, move |event| {
        if event.default_prevented() || panes.help_open_untracked() || !host.answers(&event) {
            return;
        }
        let with_modifier = event.ctrl_key() || event.alt_key() || event.meta_key();
        let Some(shortcut) = shortcut_for(&event.key(), with_modifier, key_target(&event)) else {
            return;
        };
        // Another dialog or menu is open: its keys are its own.
        if host
            .query("[aria-modal='true'], [role='listbox']:focus-within")
            .is_some()
        {
            return;
        }
        // The action keys act on the open conversation; without one they are not ours.
        let acts_on_open = matches!(
            shortcut,
            Shortcut::AssignToMe
                | Shortcut::Assign
                | Shortcut::Tag
                | Shortcut::CloseAndNext
                | Shortcut::Close
                | Shortcut::Snooze
        );
        if acts_on_open && url.open.get_untracked().is_none() {
            return;
        }
        event.prevent_default();
        match shortcut {
            Shortcut::Next | Shortcut::Previous => {
                if let Some(index) = list.move_cursor(shortcut, url.open.get_untracked()) {
                    focus_row(host, index);
                }
            }
            Shortcut::Open => {
                if let Some(id) = list.at_cursor_untracked() {
                    url.open_conversation(id);
                }
            }
            Shortcut::FocusSearch => {
                if let Some(search) = host.by_id(SEARCH_ID) {
                    let _ = search.focus();
                }
            }
            Shortcut::ToggleDetails => panes.toggle_details(),
            Shortcut::Help => panes.show_help(),
            // The tags are edited in the details panel.
            Shortcut::Tag => {
                if !panes.details_open_untracked() {
                    panes.toggle_details();
                }
                actions.request(shortcut);
            }
            Shortcut::AssignToMe
            | Shortcut::Assign
            | Shortcut::CloseAndNext
            | Shortcut::Close
            | Shortcut::Snooze => actions.request(shortcut),
        }
    });
    on_cleanup(move || keys.remove());
}
