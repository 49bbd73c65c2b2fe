//! The create/edit dialog: which row is edited, the form's errors, and the save as an `Action`.

use std::future::Future;
use std::sync::Arc;

use leptos::html;
use leptos::prelude::*;
use serde::Serialize;
use textpeak_api::collections::Collection as ApiCollection;
use textpeak_api::FieldError;

use super::erased::{LocalFuture, Requests};
use super::form::{EditForm, FormErrors};
use super::resource::{capitalized, copy_handle, Collection, Resource, Row};
use crate::api::{ApiClient, ApiError, ApiResult};
use crate::components::ui::modal::Modal;

/// The page's save of one kind of row, boxed.
type Save<R> = Box<
    dyn Fn(
        Option<i64>,
        <R as ApiCollection>::Input,
    ) -> LocalFuture<ApiResult<<R as ApiCollection>::Row>>,
>;

/// The state of a create/edit dialog: which row is edited (None: a new one), the form's
/// errors, and the save in flight.
pub struct Editor<R: Resource> {
    pub editing: RwSignal<Option<R::Row>>,
    dialog: Dialog,
    save: StoredValue<Save<R>, LocalStorage>,
}

copy_handle!(Editor);

impl<R: Resource> Editor<R> {
    /// Saves with `R::save`; `list` is refetched after a save.
    pub fn new<L: Resource>(list: Collection<L>) -> Self
    where
        R::Input: Serialize,
    {
        let client = expect_context::<ApiClient>();
        Self::with_save(list, move |id, input| R::save(client.clone(), id, input))
    }

    /// Saves with `save` (a page whose save does more than one request). On success the
    /// dialog closes, a toast names the row and `list` is refetched; on failure the error
    /// shows next to its field and the input stays.
    pub fn with_save<L: Resource, F, Fut>(list: Collection<L>, save: F) -> Self
    where
        F: Fn(Option<i64>, R::Input) -> Fut + 'static,
        Fut: Future<Output = ApiResult<R::Row>> + 'static,
    {
        let save: Save<R> = Box::new(move |id, input| Box::pin(save(id, input)));
        Editor {
            editing: RwSignal::new(None),
            dialog: Dialog::new(R::FIELDS, Callback::new(move |()| list.reload())),
            save: StoredValue::new_local(save),
        }
    }

    /// Opens the dialog on `row` (None: a new one), with `form` filled from it.
    pub fn start(self, form: impl EditForm<R>, row: Option<R::Row>) {
        form.fill(row.as_ref());
        self.dialog.errors.clear();
        self.editing.set(row);
        self.dialog.open.set(true);
    }

    pub fn is_edit(self) -> bool {
        self.editing.with(Option::is_some)
    }

    pub fn editing_id(self) -> Option<i64> {
        self.editing.with_untracked(|e| e.as_ref().map(Row::id))
    }

    /// Sends what `form` holds, once the app's own checks pass.
    pub fn submit(self, form: impl EditForm<R>) {
        let id = self.editing_id();
        match form.input(id) {
            Ok(input) => {
                self.dialog.errors.clear();
                let verb = if id.is_some() { "saved" } else { "created" };
                let request = self.save.with_value(|save| save(id, input));
                let named = Box::pin(async move { request.await.map(|row| row.name()) });
                self.dialog.send(named, R::NOUN.one, verb);
            }
            Err(e) => self.dialog.invalid(e),
        }
    }

    /// "New tag" or "Edit tag".
    fn title(self) -> Signal<String> {
        Signal::derive(move || {
            let verb = if self.is_edit() { "Edit" } else { "New" };
            format!("{verb} {}", R::NOUN.one)
        })
    }

    /// "Create tag" or "Save tag".
    fn submit_label(self) -> Signal<String> {
        Signal::derive(move || {
            let verb = if self.is_edit() { "Save" } else { "Create" };
            format!("{verb} {}", R::NOUN.one)
        })
    }
}

/// What an editor holds whatever kind of row it edits: one copy of its code in the bundle.
#[derive(Clone, Copy)]
struct Dialog {
    open: RwSignal<bool>,
    errors: FormErrors,
    form: NodeRef<html::Form>,
    requests: Requests,
    busy: Memo<bool>,
}

impl Dialog {
    fn new(fields: &'static [&'static str], reload: Callback<()>) -> Self {
        let open = RwSignal::new(false);
        let requests = Requests::new(open, reload);
        Dialog {
            open,
            errors: FormErrors::new(fields),
            form: NodeRef::new(),
            requests,
            busy: requests.pending(),
        }
    }

    /// Sends a save whose answer is the saved row's name: "Tag “VIP” saved" (`verb`). On
    /// failure the error shows next to its field and the input stays.
    fn send(self, save: LocalFuture<ApiResult<String>>, noun: &'static str, verb: &'static str) {
        let Dialog { errors, form, .. } = self;
        let toast = async move {
            let name = save.await?;
            Ok(format!(
                "{} \u{201c}{name}\u{201d} {verb}",
                capitalized(noun)
            ))
        };
        let failed = move |e: ApiError| {
            errors.show_failure(&e);
            errors.focus_first_error(form);
        };
        self.requests.send(Box::pin(toast), Box::new(failed));
    }

    /// A check the app runs before sending failed: show it like the server's answer.
    fn invalid(self, e: FieldError) {
        self.errors.show_invalid(e);
        self.errors.focus_first_error(self.form);
    }
}

/// The create/edit dialog: the form's fields, its own error, Cancel and Save. Enter in a field
/// saves; the dialog stays open, with the input kept, when saving fails.
#[component]
pub fn EditorDialog<R: Resource, F: EditForm<R>>(
    editor: Editor<R>,
    form: F,
    /// Instead of "New tag" / "Edit tag".
    #[prop(optional, into)]
    title: Option<Signal<String>>,
    /// Instead of "Create tag" / "Save tag".
    #[prop(optional, into)]
    submit_label: Option<Signal<String>>,
    #[prop(optional)] wide: bool,
) -> impl IntoView {
    let title = title.unwrap_or_else(|| editor.title());
    let submit_label = submit_label.unwrap_or_else(|| editor.submit_label());
    let on_submit = Callback::new(move |()| editor.submit(form));
    let fields: ChildrenFn = Arc::new(move || form.fields(editor.dialog.errors));
    // The markup is not generic: one copy in the bundle serves every kind of row.
    editor_form(
        EditorParts {
            open: editor.dialog.open,
            title,
            submit_label,
            errors: editor.dialog.errors,
            busy: editor.dialog.busy.into(),
            form: editor.dialog.form,
            wide,
        },
        on_submit,
        fields,
    )
}

/// What the dialog's markup reads.
struct EditorParts {
    open: RwSignal<bool>,
    title: Signal<String>,
    submit_label: Signal<String>,
    errors: FormErrors,
    busy: Signal<bool>,
    form: NodeRef<html::Form>,
    wide: bool,
}

fn editor_form(parts: EditorParts, on_submit: Callback<()>, fields: ChildrenFn) -> AnyView {
    let EditorParts {
        open,
        title,
        submit_label,
        errors,
        busy,
        form,
        wide,
    } = parts;
    view! {
        <Modal open=open title=title wide=wide>
            <form
                class="tp-form"
                novalidate=true
                node_ref=form
                on:submit=move |ev| {
                    ev.prevent_default();
                    if !busy.get_untracked() {
                        on_submit.run(());
                    }
                }
            >
                {move || {
                    errors
                        .general()
                        .get()
                        .map(|m| view! { <p class="tp-form__error" role="alert" tabindex="-1">{m}</p> })
                }}
                {fields()}
                <div class="tp-modal__actions">
                    <button type="button" class="tp-button" on:click=move |_| open.set(false)>
                        "Cancel"
                    </button>
                    <button
                        type="submit"
                        class="tp-button tp-button--primary"
                        aria-disabled=move || busy.get().to_string()
                    >
                        {move || if busy.get() { "Saving…".to_string() } else { submit_label.get() }}
                    </button>
                </div>
            </form>
        </Modal>
    }
    .into_any()
}
