//! "Delete X?" with what depends on it, and the removal as an `Action`.

use leptos::prelude::*;

use super::resource::{Collection, Resource};
use crate::api::ApiClient;
use crate::components::ui::modal::Modal;
use crate::components::ui::toast::Toasts;

/// The state of a delete (or deactivate) confirmation.
pub struct Deleter<R: Resource> {
    open: RwSignal<bool>,
    target: RwSignal<Option<R::Row>>,
    error: RwSignal<Option<String>>,
    remove: Action<R::Row, ()>,
    busy: Memo<bool>,
}

impl<R: Resource> Clone for Deleter<R> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<R: Resource> Copy for Deleter<R> {}

impl<R: Resource> Deleter<R> {
    /// Removes with `R::remove`; on success the dialog closes, `R::removed` shows as a toast
    /// and `list` is refetched. A refusal (say, still in use) stays in the dialog.
    pub fn new<L: Resource>(list: Collection<L>) -> Self {
        let client = expect_context::<ApiClient>();
        let toasts = expect_context::<Toasts>();
        let open = RwSignal::new(false);
        let error = RwSignal::new(None);
        let remove = Action::new_local(move |row: &R::Row| {
            let done = R::removed(row);
            let request = R::remove(client.clone(), row.clone());
            async move {
                let result = request.await;
                // The page may have been left while the request ran.
                if open.is_disposed() {
                    return;
                }
                match result {
                    Ok(()) => {
                        open.set(false);
                        toasts.success(done, None);
                        list.reload();
                    }
                    Err(e) => error.set(Some(e.message())),
                }
            }
        });
        Deleter {
            open,
            target: RwSignal::new(None),
            error,
            remove,
            busy: remove.pending(),
        }
    }

    pub fn ask(self, row: R::Row) {
        self.error.set(None);
        self.target.set(Some(row));
        self.open.set(true);
    }

    fn confirm(self) {
        if let Some(row) = self.target.get_untracked() {
            self.remove.dispatch_local(row);
        }
    }

    /// A text about the row asked about ("" when none).
    fn describe(self, f: fn(&R::Row) -> String) -> Signal<String> {
        Signal::derive(move || self.target.with(|t| t.as_ref().map(f).unwrap_or_default()))
    }
}

/// The confirmation of a removal, in the resource's words: the title, the consequence, and
/// only a way out when the row cannot go.
#[component]
pub fn ConfirmDelete<R: Resource>(deleter: Deleter<R>) -> impl IntoView {
    let blocked = Signal::derive(move || {
        deleter
            .target
            .with(|t| t.as_ref().is_some_and(R::remove_blocked))
    });
    // The markup is not generic: one copy in the bundle serves every kind of row.
    confirm_dialog(
        ConfirmParts {
            open: deleter.open,
            title: deleter.describe(R::remove_title),
            consequence: deleter.describe(R::remove_consequence),
            error: deleter.error.into(),
            busy: deleter.busy.into(),
            blocked,
            action: R::REMOVE_ACTION,
        },
        Callback::new(move |()| deleter.confirm()),
    )
}

/// What the dialog's markup reads.
struct ConfirmParts {
    open: RwSignal<bool>,
    title: Signal<String>,
    consequence: Signal<String>,
    error: Signal<Option<String>>,
    busy: Signal<bool>,
    blocked: Signal<bool>,
    action: &'static str,
}

fn confirm_dialog(parts: ConfirmParts, on_confirm: Callback<()>) -> AnyView {
    let ConfirmParts {
        open,
        title,
        consequence,
        error,
        busy,
        blocked,
        action,
    } = parts;
    view! {
        <Modal open=open title=title description=consequence>
            {move || {
                error
                    .get()
                    .map(|m| view! { <p class="tp-form__error" role="alert">{m}</p> })
            }}
            <div class="tp-modal__actions">
                <button type="button" class="tp-button" on:click=move |_| open.set(false)>
                    {move || if blocked.get() { "Close" } else { "Cancel" }}
                </button>
                <button
                    type="button"
                    class="tp-button tp-button--danger"
                    hidden=move || blocked.get()
                    aria-disabled=move || busy.get().to_string()
                    on:click=move |_| {
                        if !busy.get_untracked() {
                            on_confirm.run(());
                        }
                    }
                >
                    {move || if busy.get() { format!("{action}\u{2026}") } else { action.to_string() }}
                </button>
            </div>
        </Modal>
    }
    .into_any()
}
