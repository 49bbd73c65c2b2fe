//! A labelled text input with its inline error: the error is tied to the input with
//! `aria-describedby` and `aria-invalid`, so screen readers read it with the field.

use leptos::attr::Attribute;
use leptos::html::Input;
use leptos::prelude::*;

#[component]
pub fn TextField(
    /// The input's id; the error's id is derived from it.
    #[prop(into)]
    id: String,
    #[prop(into)] label: String,
    /// `text`, `email`, `password`, `tel`…
    #[prop(default = "text")]
    input_type: &'static str,
    /// The name password managers and browsers know the field by.
    #[prop(optional)]
    autocomplete: &'static str,
    #[prop(optional)] name: &'static str,
    value: RwSignal<String>,
    #[prop(into)] error: Signal<Option<String>>,
    #[prop(optional)] node_ref: NodeRef<Input>,
) -> impl IntoView {
    let error_id = format!("{id}-error");
    let is_email = input_type == "email";
    view! {
        <div class="tp-field">
            <label class="tp-field__label" for=id.clone()>{label}</label>
            <input
                id=id
                class="tp-input"
                type=input_type
                name=(!name.is_empty()).then_some(name)
                autocomplete=(!autocomplete.is_empty()).then_some(autocomplete)
                inputmode=is_email.then_some("email")
                spellcheck=is_email.then_some("false")
                node_ref=node_ref
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
                aria-invalid=move || error.with(Option::is_some).to_string()
                aria-describedby={
                    let error_id = error_id.clone();
                    move || error.with(Option::is_some).then(|| error_id.clone())
                }
            />
            {move || {
                error.get().map(|m| view! { <p class="tp-field__error" id=error_id.clone()>{m}</p> })
            }}
        </div>
    }
}

/// The error line under a field, referenced by the field's `aria-describedby`.
fn field_error(id: &str, error: Signal<Option<String>>) -> impl IntoView {
    let error_id = format!("{id}-error");
    move || {
        error
            .get()
            .map(|m| view! { <p class="tp-field__error" id=error_id.clone()>{m}</p> })
    }
}

/// A field's label (with its `class`) and its optional hint, whose id is derived from the
/// field's.
fn label_and_hint(
    id: &str,
    class: &'static str,
    label: String,
    hint: Option<String>,
) -> impl IntoView {
    let hint_id = format!("{id}-hint");
    view! {
        <label class=class for=id.to_string()>{label}</label>
        {hint.map(|h| view! { <p class="tp-field__hint" id=hint_id>{h}</p> })}
    }
}

/// A field laid out as a column: its label and hint, the `control`, its error line.
fn stacked_field(
    id: &str,
    label: String,
    hint: Option<String>,
    control: impl IntoView,
    error: Signal<Option<String>>,
) -> impl IntoView {
    view! {
        <div class="tp-field">
            {label_and_hint(id, "tp-field__label", label, hint)}
            {control}
            {field_error(id, error)}
        </div>
    }
}

/// A control's `aria-invalid` and `aria-describedby` (its hint, and its error while there is
/// one), spread onto it.
fn error_aria(id: &str, has_hint: bool, error: Signal<Option<String>>) -> impl Attribute {
    let describedby = described_by(id, has_hint, error);
    view! {
        <{..}
            aria-invalid=move || error.with(Option::is_some).to_string()
            aria-describedby=move || Some(describedby.get()).filter(|s| !s.is_empty())
        />
    }
}

/// `aria-describedby` for a field: its hint, and its error while there is one.
fn described_by(id: &str, has_hint: bool, error: Signal<Option<String>>) -> Signal<String> {
    let hint_id = has_hint.then(|| format!("{id}-hint"));
    let error_id = format!("{id}-error");
    Signal::derive(move || {
        let mut ids: Vec<&str> = hint_id.iter().map(String::as_str).collect();
        if error.with(Option::is_some) {
            ids.push(&error_id);
        }
        ids.join(" ")
    })
}

/// A labelled multi-line input with an optional hint and its inline error.
#[component]
pub fn TextAreaField(
    #[prop(into)] id: String,
    #[prop(into)] label: String,
    #[prop(optional, into)] hint: Option<String>,
    #[prop(default = 4)] rows: u32,
    value: RwSignal<String>,
    #[prop(into)] error: Signal<Option<String>>,
) -> impl IntoView {
    let aria = error_aria(&id, hint.is_some(), error);
    let control = view! {
        <textarea
            {..aria}
            id=id.clone()
            class="tp-input tp-textarea"
            rows=rows
            prop:value=move || value.get()
            on:input=move |ev| value.set(event_target_value(&ev))
        ></textarea>
    };
    stacked_field(&id, label, hint, control, error)
}

/// A labelled `<select>`; `options` are (value, label) pairs.
#[component]
pub fn SelectField(
    #[prop(into)] id: String,
    #[prop(into)] label: String,
    #[prop(into)] options: Signal<Vec<(String, String)>>,
    value: RwSignal<String>,
    #[prop(into)] error: Signal<Option<String>>,
    #[prop(optional, into)] disabled: Signal<bool>,
    #[prop(optional, into)] hint: Option<String>,
) -> impl IntoView {
    let aria = error_aria(&id, hint.is_some(), error);
    let control = view! {
        <select
            {..aria}
            id=id.clone()
            class="tp-input tp-select"
            disabled=move || disabled.get()
            on:change=move |ev| value.set(event_target_value(&ev))
        >
            {move || {
                options
                    .get()
                    .into_iter()
                    .map(|(v, l)| {
                        let selected = {
                            let v = v.clone();
                            move || value.with(|cur| *cur == v)
                        };
                        view! { <option value=v selected=selected>{l}</option> }
                    })
                    .collect_view()
            }}
        </select>
    };
    stacked_field(&id, label, hint, control, error)
}

/// A checkbox with its label (and an optional line under it).
#[component]
pub fn CheckboxField(
    #[prop(into)] id: String,
    #[prop(into)] label: String,
    #[prop(optional, into)] hint: Option<String>,
    checked: RwSignal<bool>,
    #[prop(optional, into)] error: Signal<Option<String>>,
) -> impl IntoView {
    let aria = error_aria(&id, hint.is_some(), error);
    view! {
        <div class="tp-check">
            <input
                {..aria}
                id=id.clone()
                type="checkbox"
                class="tp-check__box"
                prop:checked=move || checked.get()
                on:change=move |ev| checked.set(event_target_checked(&ev))
            />
            <div class="tp-check__text">
                {label_and_hint(&id, "tp-check__label", label, hint)}
                {field_error(&id, error)}
            </div>
        </div>
    }
}

/// A group of checkboxes choosing ids (teams, agents, spaces), as a fieldset with a legend.
#[component]
pub fn ChoiceList(
    #[prop(into)] id: String,
    #[prop(into)] legend: String,
    /// (id, label) pairs.
    #[prop(into)]
    options: Signal<Vec<(i64, String)>>,
    selected: RwSignal<Vec<i64>>,
    #[prop(optional, into)] error: Signal<Option<String>>,
    /// Shown instead of the list when there is nothing to choose.
    #[prop(into)]
    empty: String,
) -> impl IntoView {
    let prefix = id.clone();
    let error_line = field_error(&id, error);
    view! {
        <fieldset
            class="tp-choices"
            aria-invalid=move || error.with(Option::is_some).to_string()
            aria-describedby=move || error.with(Option::is_some).then(|| format!("{id}-error"))
        >
            <legend class="tp-field__label">{legend}</legend>
            {move || {
                let options = options.get();
                if options.is_empty() {
                    return view! { <p class="tp-field__hint">{empty.clone()}</p> }.into_any();
                }
                view! {
                    <ul class="tp-choices__list">
                        {options
                            .into_iter()
                            .map(|(value, label)| choice(format!("{prefix}-{value}"), label, value, selected))
                            .collect_view()}
                    </ul>
                }
                .into_any()
            }}
            {error_line}
        </fieldset>
    }
}

/// One box of a group of checkboxes: ticked while `selected` holds `value`.
pub fn choice<T>(id: String, label: String, value: T, selected: RwSignal<Vec<T>>) -> impl IntoView
where
    T: Copy + PartialEq + Send + Sync + 'static,
{
    view! {
        <li class="tp-choices__item">
            <input
                id=id.clone()
                type="checkbox"
                class="tp-check__box"
                prop:checked=move || selected.with(|s| s.contains(&value))
                on:change=move |ev| {
                    let on = event_target_checked(&ev);
                    selected.update(|s| {
                        s.retain(|v| *v != value);
                        if on {
                            s.push(value);
                        }
                    });
                }
            />
            <label for=id>{label}</label>
        </li>
    }
}
