//! "Delete X?" with what depends on it, and the removal as an `Action`.

use leptos::prelude::*;

use super::erased::{LocalFuture, Requests};
use super::resource::{copy_handle, Collection, Resource};
use crate::api::{ApiClient, ApiError, ApiResult};
use crate::components::ui::modal::Modal;

/// The state of a delete (or deactivate) confirmation.
pub struct Deleter<R: Resource> {
    target: RwSignal<Option<R::Row>>,
    dialog: Confirmation,
}

copy_handle!(Deleter);

impl<R: Resource> Deleter<R> {
    /// Removes with `R::remove`; on success the dialog closes, `R::removed` shows as a toast
    /// and `list` is refetched. A refusal (say, still in use) stays in the dialog.
    pub fn new<L: Resource>(list: Collection<L>) -> Self {
        Deleter {
            target: RwSignal::new(None),
            dialog: Confirmation::new(Callback::new(move |()| list.reload())),
        }
    }

    pub fn ask(self, row: R::Row) {
        self.dialog.error.set(None);
        self.target.set(Some(row));
        self.dialog.open.set(true);
    }

    fn confirm(self) {
        if let Some(row) = self.target.get_untracked() {
            let done = R::removed(&row);
            let request = R::remove(self.dialog.client.get_value(), row);
            self.dialog.send(Box::pin(request), done);
        }
    }

    /// A text about the row asked about ("" when none).
    fn describe(self, f: fn(&R::Row) -> String) -> Signal<String> {
        Signal::derive(move || self.target.with(|t| t.as_ref().map(f).unwrap_or_default()))
    }
}

/// What a confirmation holds whatever kind of row it removes: one copy of its code in the
/// bundle.
#[derive(Clone, Copy)]
struct Confirmation {
    open: RwSignal<bool>,
    error: RwSignal<Option<String>>,
    requests: Requests,
    busy: Memo<bool>,
    client: StoredValue<ApiClient>,
}

impl Confirmation {
    fn new(reload: Callback<()>) -> Self {
        let open = RwSignal::new(false);
        let requests = Requests::new(open, reload);
        Confirmation {
            open,
            error: RwSignal::new(None),
            requests,
            busy: requests.pending(),
            client: StoredValue::new(expect_context::<ApiClient>()),
        }
    }

    /// Sends a removal; `done` is its toast. A refusal (say, still in use) stays in the dialog.
    fn send(self, removal: LocalFuture<ApiResult<()>>, done: String) {
        let error = self.error;
        let toast = async move { removal.await.map(|()| done) };
        let failed = move |e: ApiError| error.set(Some(e.message()));
        self.requests.send(Box::pin(toast), Box::new(failed));
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
            open: deleter.dialog.open,
            title: deleter.describe(R::remove_title),
            consequence: deleter.describe(R::remove_consequence),
            error: deleter.dialog.error.into(),
            busy: deleter.dialog.busy.into(),
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
