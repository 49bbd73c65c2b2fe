//! The `?` overlay: every keyboard shortcut of the dashboard.

use leptos::prelude::*;

use crate::components::ui::modal::Modal;
use crate::components::ui::term_list::{term_list, TermListClasses};
use crate::logic::selection::HELP as SELECTION_HELP;
use crate::logic::shortcuts::HELP;
use crate::state::inbox::Panes;

#[component]
pub fn ShortcutsHelp() -> impl IntoView {
    let panes = expect_context::<Panes>();
    let classes = TermListClasses {
        list: "tp-shortcuts",
        row: "tp-shortcuts__row",
        term: "tp-shortcuts__keys",
        value: "",
    };
    view! {
        <Modal open=panes.help() title="Keyboard shortcuts">
            {term_list(
                classes,
                HELP.iter().chain(SELECTION_HELP).map(|(keys, what)| (keys_view(keys), *what)),
            )}
        </Modal>
    }
}

/// The keys of one shortcut, joined by " or ".
fn keys_view(keys: &'static [&'static str]) -> impl IntoView {
    keys.iter()
        .enumerate()
        .map(|(i, k)| {
            view! {
                {(i > 0).then_some(" or ")}
                <kbd class="tp-kbd">{*k}</kbd>
            }
        })
        .collect_view()
}
