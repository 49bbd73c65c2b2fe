//! What every settings page shares: a collection loaded from the server, the form's errors by
//! field, the editor and delete dialogs, and the page header. Each page only describes its
//! columns and fields.

use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use textpeak_api::{paths, FieldError, SpaceSetting, Stream};

use crate::api::{ApiClient, ApiError, ApiResult};
use crate::components::domain::{stream_name, ChannelIcon};
use crate::components::icons::{Icon, Svg};
use crate::components::modal::Modal;
use crate::components::states::ErrorPanel;
use crate::components::toast::Toasts;

/// A settings row the server identifies by id.
pub trait Row: Clone + Send + Sync + 'static {
    fn id(&self) -> i64;
}

#[derive(Clone, Debug, PartialEq)]
pub enum Load<T> {
    Loading,
    Failed(String),
    Ready(T),
}

type Fetch<T> = Rc<dyn Fn() -> Pin<Box<dyn Future<Output = ApiResult<Vec<T>>>>>>;

/// A list from the server. After a change the page reloads it, so counts and order are the
/// server's; the old rows stay on screen meanwhile, so nothing flickers.
pub struct Collection<T: Row> {
    state: RwSignal<Load<Vec<T>>>,
    fetch: StoredValue<Fetch<T>, LocalStorage>,
}

impl<T: Row> Clone for Collection<T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T: Row> Copy for Collection<T> {}

impl<T: Row> Collection<T> {
    pub fn new<F, Fut>(fetch: F) -> Self
    where
        F: Fn() -> Fut + 'static,
        Fut: Future<Output = ApiResult<Vec<T>>> + 'static,
    {
        let fetch: Fetch<T> = Rc::new(move || Box::pin(fetch()));
        let collection = Collection {
            state: RwSignal::new(Load::Loading),
            fetch: StoredValue::new_local(fetch),
        };
        collection.reload();
        collection
    }

    pub fn reload(self) {
        let fetch = self.fetch.get_value();
        let state = self.state;
        spawn_local(async move {
            let result = fetch().await;
            // The page may have been left while the request ran.
            if state.is_disposed() {
                return;
            }
            match result {
                Ok(rows) => state.set(Load::Ready(rows)),
                // A failed refresh keeps the rows already shown; only a first load fails.
                Err(e) => state.update(|s| {
                    if !matches!(s, Load::Ready(_)) {
                        *s = Load::Failed(e.message());
                    }
                }),
            }
        });
    }

    pub fn retry(self) {
        self.state.set(Load::Loading);
        self.reload();
    }

    pub fn state(self) -> Load<Vec<T>> {
        self.state.get()
    }

    /// The rows once loaded (none before).
    pub fn state_rows(self) -> Vec<T> {
        self.state.with(|s| match s {
            Load::Ready(rows) => rows.clone(),
            _ => Vec::new(),
        })
    }
}

/// Renders a collection: a spinner, a failure with "Try again", the empty state, or the rows.
pub fn collection_view<T: Row, V: IntoView + 'static>(
    collection: Collection<T>,
    label: &'static str,
    empty: impl Fn() -> AnyView + Send + Sync + 'static,
    rows: impl Fn(Vec<T>) -> V + Send + Sync + 'static,
) -> impl IntoView {
    move || match collection.state() {
        Load::Loading => view! {
            <div class="tp-settings__loading" role="status">
                <span class="tp-spinner" aria-hidden="true"></span>
                <span>"Loading " {label} "…"</span>
            </div>
        }
        .into_any(),
        Load::Failed(message) => view! {
            <ErrorPanel message=message on_retry=move |_| collection.retry()/>
        }
        .into_any(),
        Load::Ready(list) if list.is_empty() => empty(),
        Load::Ready(list) => rows(list).into_any(),
    }
}

/// The errors of one form: by field, plus one for the whole form.
#[derive(Clone, Copy)]
pub struct FormErrors {
    fields: RwSignal<Vec<(String, String)>>,
    general: RwSignal<Option<String>>,
    /// The fields this form shows; a problem about any other field is shown above the form.
    known: StoredValue<Vec<&'static str>>,
}

impl FormErrors {
    pub fn new(known: &[&'static str]) -> Self {
        FormErrors {
            fields: RwSignal::new(Vec::new()),
            general: RwSignal::new(None),
            known: StoredValue::new(known.to_vec()),
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
        request_animation_frame(move || {
            let Some(form) = form.try_get_untracked().flatten() else {
                return;
            };
            let target = form
                .query_selector("[aria-invalid='true']")
                .ok()
                .flatten()
                .or_else(|| form.query_selector(".tp-form__error").ok().flatten());
            if let Some(el) =
                target.and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(e).ok())
            {
                let _ = el.focus();
            }
        });
    }
}

/// The title row of a settings page: heading, one sentence, and the page's main action.
#[component]
pub fn SettingsHeader(
    #[prop(into)] title: String,
    #[prop(into)] lead: String,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    view! {
        <header class="tp-settings__header">
            <div>
                <h1 class="tp-page__title" id="tp-settings-title">{title}</h1>
                <p class="tp-page__lead">{lead}</p>
            </div>
            {children.map(|c| view! { <div class="tp-settings__actions">{c()}</div> })}
        </header>
    }
}

/// The main action of a page or section: "New tag", "Invite user".
#[component]
pub fn NewButton(
    label: &'static str,
    #[prop(optional)] primary: bool,
    #[prop(into)] on_click: Callback<()>,
) -> impl IntoView {
    let class = if primary {
        "tp-button tp-button--primary"
    } else {
        "tp-button"
    };
    view! {
        <button type="button" class=class on:click=move |_| on_click.run(())>
            <Svg icon=Icon::Plus/>
            {label}
        </button>
    }
}

/// An empty list: what the page is for and how to start.
#[component]
pub fn EmptyList(
    icon: Icon,
    #[prop(into)] title: String,
    #[prop(into)] text: String,
) -> impl IntoView {
    view! {
        <div class="tp-settings__empty">
            <Svg icon=icon class="tp-settings__empty-icon"/>
            <p class="tp-settings__empty-title">{title}</p>
            <p class="tp-settings__empty-text">{text}</p>
        </div>
    }
}

/// The create/edit dialog of a settings page: the fields, the form's own error, Cancel and
/// Save. Enter in a field saves; the dialog stays open, with the input kept, when saving fails.
#[component]
pub fn EditorDialog<T: Row>(
    editor: Editor<T>,
    /// "tag": titles "New tag" / "Edit tag", buttons "Create tag" / "Save tag".
    noun: &'static str,
    #[prop(optional, into)] title: Option<Signal<String>>,
    #[prop(optional, into)] submit_label: Option<Signal<String>>,
    on_submit: Callback<NodeRef<leptos::html::Form>>,
    #[prop(optional)] wide: bool,
    children: ChildrenFn,
) -> impl IntoView {
    let title = title.unwrap_or_else(|| editor.title(noun));
    let submit_label = submit_label.unwrap_or_else(|| editor.submit_label(noun));
    // The markup is not generic: one copy in the bundle serves every kind of row.
    editor_form(
        editor.open,
        title,
        submit_label,
        editor.errors,
        editor.busy.into(),
        on_submit,
        wide,
        children,
    )
}

#[allow(clippy::too_many_arguments)]
fn editor_form(
    open: RwSignal<bool>,
    title: Signal<String>,
    submit_label: Signal<String>,
    errors: FormErrors,
    busy: Signal<bool>,
    on_submit: Callback<NodeRef<leptos::html::Form>>,
    wide: bool,
    children: ChildrenFn,
) -> AnyView {
    let form = NodeRef::<leptos::html::Form>::new();
    let children = StoredValue::new(children);
    view! {
        <Modal open=open title=title wide=wide>
            <form
                class="tp-form"
                novalidate=true
                node_ref=form
                on:submit=move |ev| {
                    ev.prevent_default();
                    if !busy.get_untracked() {
                        on_submit.run(form);
                    }
                }
            >
                {move || {
                    errors
                        .general()
                        .get()
                        .map(|m| view! { <p class="tp-form__error" role="alert" tabindex="-1">{m}</p> })
                }}
                {children.read_value()()}
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

/// "Delete X?" with what depends on it. The dialog stays open with the server's reason when
/// the delete is refused (for example a profile that conversations still use).
#[component]
pub fn ConfirmDelete<T: Row>(
    deleter: Deleter<T>,
    #[prop(into)] title: Signal<String>,
    /// What else goes, or what happens to what depended on the item.
    #[prop(into)]
    consequence: Signal<String>,
    /// The item cannot go (the consequence says why): only a way out is offered.
    #[prop(optional, into)]
    blocked: Signal<bool>,
    /// The button's word: "Delete" unless the action is another ("Deactivate").
    #[prop(default = "Delete")]
    action: &'static str,
    on_confirm: Callback<()>,
) -> impl IntoView {
    // The markup is not generic: one copy in the bundle serves every kind of row.
    confirm_dialog(
        deleter.open,
        title,
        consequence,
        deleter.error.into(),
        deleter.busy.into(),
        blocked,
        action,
        on_confirm,
    )
}

#[allow(clippy::too_many_arguments)]
fn confirm_dialog(
    open: RwSignal<bool>,
    title: Signal<String>,
    consequence: Signal<String>,
    error: Signal<Option<String>>,
    busy: Signal<bool>,
    blocked: Signal<bool>,
    action: &'static str,
    on_confirm: Callback<()>,
) -> AnyView {
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

/// The Edit and Delete buttons of a row, named after the row for screen readers.
#[component]
pub fn RowActions(
    #[prop(into)] name: String,
    #[prop(into)] on_edit: Callback<()>,
    /// None when the caller may not delete (the button is not shown).
    #[prop(default = None)]
    on_delete: Option<Callback<()>>,
) -> impl IntoView {
    let edit_label = format!("Edit {name}");
    let delete_label = format!("Delete {name}");
    view! {
        <div class="tp-row-actions">
            <button
                type="button"
                class="tp-icon-button"
                aria-label=edit_label.clone()
                title=edit_label
                on:click=move |_| on_edit.run(())
            >
                <Svg icon=Icon::Pencil/>
            </button>
            {on_delete.map(|on_delete| view! {
                <button
                    type="button"
                    class="tp-icon-button tp-icon-button--danger"
                    aria-label=delete_label.clone()
                    title=delete_label.clone()
                    on:click=move |_| on_delete.run(())
                >
                    <Svg icon=Icon::Trash/>
                </button>
            })}
        </div>
    }
}

/// "1 conversation", "2,340 conversations".
pub fn count_label(n: u64, one: &str, many: &str) -> String {
    let digits = n.to_string();
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    format!("{grouped} {}", if n == 1 { one } else { many })
}

/// The state of a page's create/edit dialog: which row is edited (None: a new one), the
/// form's errors, and whether a save is on its way.
pub struct Editor<T: Row> {
    pub open: RwSignal<bool>,
    pub editing: RwSignal<Option<T>>,
    pub errors: FormErrors,
    pub busy: RwSignal<bool>,
}

impl<T: Row> Clone for Editor<T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T: Row> Copy for Editor<T> {}

impl<T: Row> Editor<T> {
    /// `fields` are the names the form shows errors next to (the server's `field`s).
    pub fn new(fields: &[&'static str]) -> Self {
        Editor {
            open: RwSignal::new(false),
            editing: RwSignal::new(None),
            errors: FormErrors::new(fields),
            busy: RwSignal::new(false),
        }
    }

    pub fn start(self, row: Option<T>) {
        self.errors.clear();
        self.editing.set(row);
        self.open.set(true);
    }

    pub fn is_edit(self) -> bool {
        self.editing.with(Option::is_some)
    }

    pub fn editing_id(self) -> Option<i64> {
        self.editing.with_untracked(|e| e.as_ref().map(Row::id))
    }

    /// "New tag" or "Edit tag".
    pub fn title(self, noun: &'static str) -> Signal<String> {
        Signal::derive(move || {
            if self.is_edit() {
                format!("Edit {noun}")
            } else {
                format!("New {noun}")
            }
        })
    }

    /// "Create tag" or "Save tag".
    pub fn submit_label(self, noun: &'static str) -> Signal<String> {
        Signal::derive(move || {
            if self.is_edit() {
                format!("Save {noun}")
            } else {
                format!("Create {noun}")
            }
        })
    }

    /// Sends a validated form. On success the dialog closes, a toast names the row and the
    /// list reloads; on failure the error shows next to its field and the input stays.
    pub fn save<C: Row, Fut>(
        self,
        form: NodeRef<leptos::html::Form>,
        collection: Collection<C>,
        noun: &'static str,
        name_of: fn(&T) -> String,
        request: Fut,
    ) where
        Fut: Future<Output = ApiResult<T>> + 'static,
    {
        let toasts = expect_context::<Toasts>();
        let was_edit = self.editing_id().is_some();
        self.errors.clear();
        self.busy.set(true);
        spawn_local(async move {
            let result = request.await;
            if self.busy.is_disposed() {
                return;
            }
            self.busy.set(false);
            match result {
                Ok(row) => {
                    self.open.set(false);
                    let verb = if was_edit { "saved" } else { "created" };
                    toasts.success(
                        format!(
                            "{} \u{201c}{}\u{201d} {verb}",
                            capitalized(noun),
                            name_of(&row)
                        ),
                        None,
                    );
                    collection.reload();
                }
                Err(e) => {
                    self.errors.show_failure(&e);
                    self.errors.focus_first_error(form);
                }
            }
        });
    }

    /// A check the app runs before sending failed: show it like the server's answer.
    pub fn invalid(self, form: NodeRef<leptos::html::Form>, e: FieldError) {
        self.errors.show_invalid(e);
        self.errors.focus_first_error(form);
    }
}

fn capitalized(noun: &str) -> String {
    let mut chars = noun.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// The state of a page's delete confirmation.
pub struct Deleter<T: Row> {
    pub open: RwSignal<bool>,
    pub target: RwSignal<Option<T>>,
    pub error: RwSignal<Option<String>>,
    pub busy: RwSignal<bool>,
}

impl<T: Row> Clone for Deleter<T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T: Row> Copy for Deleter<T> {}

impl<T: Row> Deleter<T> {
    pub fn new() -> Self {
        Deleter {
            open: RwSignal::new(false),
            target: RwSignal::new(None),
            error: RwSignal::new(None),
            busy: RwSignal::new(false),
        }
    }

    pub fn ask(self, row: T) {
        self.error.set(None);
        self.target.set(Some(row));
        self.open.set(true);
    }

    /// A text about the row being deleted ("" when none).
    pub fn describe(self, f: impl Fn(&T) -> String + Send + Sync + 'static) -> Signal<String> {
        Signal::derive(move || self.target.with(|t| t.as_ref().map(&f).unwrap_or_default()))
    }

    /// Deletes the row at `path_of(id)`; a refusal (say, still in use) stays in the dialog.
    pub fn confirm<C: Row>(
        self,
        collection: Collection<C>,
        noun: &'static str,
        name_of: fn(&T) -> String,
        path_of: fn(i64) -> String,
    ) {
        let Some(row) = self.target.get_untracked() else {
            return;
        };
        let client = expect_context::<ApiClient>();
        let done = format!(
            "{} \u{201c}{}\u{201d} deleted",
            capitalized(noun),
            name_of(&row)
        );
        self.run(collection, done, async move {
            client.delete(&path_of(row.id())).await
        });
    }

    /// Runs the confirmed action; on success the dialog closes, `done` shows as a toast and
    /// the list reloads.
    pub fn run<C: Row, R: 'static>(
        self,
        collection: Collection<C>,
        done: String,
        request: impl Future<Output = ApiResult<R>> + 'static,
    ) {
        let toasts = expect_context::<Toasts>();
        self.busy.set(true);
        spawn_local(async move {
            let result = request.await;
            if self.busy.is_disposed() {
                return;
            }
            self.busy.set(false);
            match result {
                Ok(_) => {
                    self.open.set(false);
                    toasts.success(done, None);
                    collection.reload();
                }
                Err(e) => self.error.set(Some(e.message())),
            }
        });
    }
}

/// The spaces in the caller's scope with their teams and members: what the forms offer.
pub fn settings_spaces() -> Signal<Vec<SpaceSetting>> {
    let client = expect_context::<ApiClient>();
    let spaces = LocalResource::new(move || {
        let client = client.clone();
        async move {
            client
                .get::<Vec<SpaceSetting>>(paths::SETTINGS_SPACES)
                .await
                .unwrap_or_default()
        }
    });
    Signal::derive(move || spaces.get().unwrap_or_default())
}

/// A channel as a small label with its icon.
#[component]
pub fn ChannelPill(stream: Stream) -> impl IntoView {
    view! { <span class="tp-pill"><ChannelIcon stream=stream/>{stream_name(stream)}</span> }
}

/// Numbers or bot ids, in the monospace they are read in.
#[component]
pub fn SenderList(senders: Vec<String>) -> impl IntoView {
    view! {
        <ul class="tp-table__list">
            {senders.into_iter().map(|s| view! { <li><code class="tp-code">{s}</code></li> }).collect_view()}
        </ul>
    }
}
