//! A labelled text input with its inline error: the error is tied to the input with
//! `aria-describedby` and `aria-invalid`, so screen readers read it with the field.

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
