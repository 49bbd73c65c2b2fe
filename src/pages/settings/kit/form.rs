//! The editor's form: its fields' state (`EditForm`, one per resource) and its errors by field
//! (`FormErrors`).

use leptos::prelude::*;
use textpeak_api::FieldError;

use super::dom::find_next_frame;
use super::resource::Resource;
use crate::api::ApiError;

/// The fields of one resource's editor: filled from a row (or emptied for a new one), read back
/// as the input to send, and rendered inside the editor dialog.
pub trait EditForm<R: Resource>: Copy + Send + Sync + 'static {
    /// Sets every field from `row`, or to a new row's defaults.
    fn fill(self, row: Option<&R::Row>);
    /// What to send for the row `editing` (None: a new one), after the checks the server runs
    /// too; a failed check names its field.
    fn input(self, editing: Option<i64>) -> Result<R::Input, FieldError>;
    /// The fields, with their errors from `errors`.
    fn fields(self, errors: FormErrors) -> AnyView;
}

/// The errors of one form: by field, plus one for the whole form.
#[derive(Clone, Copy)]
pub struct FormErrors {
    fields: RwSignal<Vec<(String, String)>>,
    general: RwSignal<Option<String>>,
    /// The fields this form shows; a problem about any other field is shown above the form.
    known: StoredValue<&'static [&'static str]>,
}

impl FormErrors {
    pub fn new(known: &'static [&'static str]) -> Self {
        FormErrors {
            fields: RwSignal::new(Vec::new()),
            general: RwSignal::new(None),
            known: StoredValue::new(known),
        }
    }

    pub fn field(self, name: &'static str) -> Signal<Option<String>> {
        Signal::derive(move || {
            self.fields.with(|f| {
                f.iter()
                    .find(|(field, _)| field == name)
                    .map(|(_, m)| m.clone())
            })
        })
    }

    pub fn general(self) -> Signal<Option<String>> {
        self.general.into()
    }

    pub fn clear(self) {
        self.fields.set(Vec::new());
        self.general.set(None);
    }

    fn set(self, field: Option<&str>, message: String) {
        match field.filter(|f| self.known.with_value(|k| k.contains(f))) {
            Some(field) => self.fields.set(vec![(field.to_owned(), message)]),
            None => {
                self.fields.set(Vec::new());
                self.general.set(Some(message));
            }
        }
    }

    /// A check the app ran before sending (the same one the server runs).
    pub fn show_invalid(self, e: FieldError) {
        self.general.set(None);
        self.set(Some(e.field), e.message);
    }

    /// A refused save: next to its field when the server named one, above the form otherwise.
    pub fn show_failure(self, e: &ApiError) {
        self.general.set(None);
        let message = match e {
            ApiError::Problem(p) if p.field.is_some() => p.title.clone(),
            other => other.message(),
        };
        self.set(e.field(), message);
    }

    /// After a failed submit, the first field in error gets focus (or the form's alert).
    pub fn focus_first_error(self, form: NodeRef<leptos::html::Form>) {
        let in_error = &["[aria-invalid='true']", ".tp-form__error"];
        find_next_frame(form, in_error, |_, target| {
            let _ = target.focus();
        });
    }
}
