//! Collision detection (Help Scout's): when a colleague answered the customer while the user
//! was writing a reply, sending asks first, so the customer does not get two answers.

use leptos::prelude::*;

use crate::components::ui::modal::Modal;
use crate::state::inbox::OpenConversation;

/// Copy, one per composer.
#[derive(Clone, Copy)]
pub struct Collision {
    /// The thread's newest entry when the user started this reply.
    since: StoredValue<Option<i64>>,
    /// Who answered meanwhile, while the question is open.
    who: RwSignal<String>,
    open: RwSignal<bool>,
}

impl Collision {
    pub fn new() -> Self {
        Collision {
            since: StoredValue::new(None),
            who: RwSignal::new(String::new()),
            open: RwSignal::new(false),
        }
    }

    /// The reply's text changed: a reply starts with its first keystroke (a restored draft
    /// with the first keystroke after the reload); an emptied one is no reply.
    pub fn writing(&self, conversation: OpenConversation, empty: bool) {
        if empty {
            self.since.set_value(None);
        } else if self.since.get_value().is_none() {
            self.since
                .set_value(conversation.newest_entry_id_untracked());
        }
    }

    /// Whether the reply may go now; if a colleague answered since it was started, asks
    /// instead (the dialog's Send anyway sends it).
    pub fn clear_to_send(&self, conversation: OpenConversation, me: i64) -> bool {
        let Some(since) = self.since.get_value() else {
            return true;
        };
        match conversation.answered_since_untracked(since, me) {
            Some(who) => {
                self.who.set(who);
                self.open.set(true);
                false
            }
            None => true,
        }
    }

    /// The user has seen the colleague's answer: the reply counts as started now.
    fn acknowledge(&self, conversation: OpenConversation) {
        self.since
            .set_value(conversation.newest_entry_id_untracked());
        self.open.set(false);
    }

    /// The reply went out.
    pub fn sent(&self) {
        self.since.set_value(None);
    }
}

#[component]
pub fn CollisionDialog(collision: Collision, on_send_anyway: Callback<()>) -> impl IntoView {
    let conversation = expect_context::<OpenConversation>();
    let title =
        Signal::derive(move || format!("{} replied while you were writing", collision.who.get()));
    let description = Signal::derive(|| {
        "Their answer is in the thread now. Read it first, so that the customer doesn't get two answers.".to_owned()
    });
    view! {
        <Modal open=collision.open title=title description=description initial_focus="tp-collision-review">
            <div class="tp-modal__actions">
                <button
                    type="button"
                    id="tp-collision-review"
                    class="tp-button"
                    on:click=move |_| collision.acknowledge(conversation)
                >
                    "Review their reply"
                </button>
                <button
                    type="button"
                    class="tp-button tp-button--primary"
                    on:click=move |_| {
                        collision.acknowledge(conversation);
                        on_send_anyway.run(());
                    }
                >
                    "Send anyway"
                </button>
            </div>
        </Modal>
    }
}
