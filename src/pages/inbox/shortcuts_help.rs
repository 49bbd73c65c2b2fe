//! The `?` overlay: every keyboard shortcut of the dashboard.

use leptos::prelude::*;

use crate::components::ui::modal::Modal;
use crate::logic::selection::HELP as SELECTION_HELP;
use crate::logic::shortcuts::HELP;
use crate::state::inbox::Panes;

#[component]
pub fn ShortcutsHelp() -> impl IntoView {
    let panes = expect_context::<Panes>();
    view! {
        <Modal open=panes.help() title="Keyboard shortcuts">
            <dl class="tp-shortcuts">
                {HELP
                    .iter()
                    .chain(SELECTION_HELP)
                    .map(|(keys, what)| {
                        view! {
                            <div class="tp-shortcuts__row">
                                <dt class="tp-shortcuts__keys">
                                    {keys
                                        .iter()
                                        .enumerate()
                                        .map(|(i, k)| view! {
                                            {(i > 0).then_some(" or ")}
                                            <kbd class="tp-kbd">{*k}</kbd>
                                        })
                                        .collect_view()}
                                </dt>
                                <dd>{*what}</dd>
                            </div>
                        }
                    })
                    .collect_view()}
            </dl>
        </Modal>
    }
}
