//! Settings → Tags: name and colour, unique per tenant, with how many conversations use each.
//! Deleting needs `DeleteTags` on top (a custom role can lose it), so the button follows it.

use leptos::prelude::*;
use textpeak_api::collections::Tags;
use textpeak_api::{Capability, FieldError, TagInput, TagSetting};

use super::kit::{
    count_label, resource_page, Collection, Column, EditForm, Empty, FormErrors, PageResource,
    Resource, TableHead,
};
use crate::components::ui::field::TextField;
use crate::components::ui::icons::Icon;
use crate::state::Session;

/// The colour a new tag starts with.
const DEFAULT_COLOR: &str = "#4338ca";

impl Resource for Tags {
    fn remove_consequence(t: &TagSetting) -> String {
        match t.conversations {
            0 => "No conversation uses it.".into(),
            n => format!(
                "It is on {}; it will be removed from them. Their threads keep the past \u{201c}tagged\u{201d} events.",
                count_label(n, "conversation", "conversations")
            ),
        }
    }
}

impl PageResource for Tags {
    type Form = TagForm;
    const TITLE: &'static str = "Tags";
    const LEAD: &'static str = "Labels with colours that sort conversations. Every agent can put them on conversations; names are unique.";
    const NEW_LABEL: &'static str = "New tag";
    const EMPTY: Empty = Empty {
        icon: Icon::Tag,
        title: "No tags yet",
        text: "Create tags such as VIP or refund to sort and find conversations.",
    };
    const TABLE: TableHead = TableHead {
        caption: "Tags",
        columns: &[
            Column::text("Tag"),
            Column::text("Colour"),
            Column::num("Conversations"),
        ],
        stack: false,
    };

    fn form(_: Collection<Self>) -> TagForm {
        TagForm {
            name: RwSignal::new(String::new()),
            color: RwSignal::new(DEFAULT_COLOR.to_string()),
        }
    }

    fn cells(_: TagForm, tag: &TagSetting) -> AnyView {
        view! {
            <th scope="row">
                <span class="tp-tag">
                    <span class="tp-tag__dot" style:background-color=tag.color.clone()></span>
                    {tag.name.clone()}
                </span>
            </th>
            <td><code class="tp-code">{tag.color.clone()}</code></td>
            <td class="tp-table__num">{tag.conversations}</td>
        }
        .into_any()
    }

    fn can_delete(session: Session) -> bool {
        session.with_me(|me| me.is_some_and(|m| m.can(Capability::DeleteTags)))
    }
}

#[derive(Clone, Copy)]
pub struct TagForm {
    name: RwSignal<String>,
    color: RwSignal<String>,
}

impl EditForm<Tags> for TagForm {
    fn fill(self, tag: Option<&TagSetting>) {
        self.name
            .set(tag.map(|t| t.name.clone()).unwrap_or_default());
        self.color.set(
            tag.map(|t| t.color.clone())
                .unwrap_or_else(|| DEFAULT_COLOR.into()),
        );
    }

    fn input(self, _: Option<i64>) -> Result<TagInput, FieldError> {
        TagInput {
            name: self.name.get_untracked(),
            color: self.color.get_untracked(),
        }
        .normalized()
    }

    fn fields(self, errors: FormErrors) -> AnyView {
        let TagForm { name, color } = self;
        let color_error = errors.field("color");
        view! {
            <TextField id="tag-name" label="Name" value=name error=errors.field("name")/>
            <div class="tp-field">
                <label class="tp-field__label" for="tag-color">"Colour"</label>
                <div class="tp-color-field">
                    <input
                        id="tag-color"
                        type="color"
                        class="tp-color-field__input"
                        prop:value=move || color.get()
                        on:input=move |ev| color.set(event_target_value(&ev))
                        aria-invalid=move || color_error.with(Option::is_some).to_string()
                    />
                    <span class="tp-tag" aria-hidden="true">
                        <span class="tp-tag__dot" style:background-color=move || color.get()></span>
                        {move || { let n = name.get(); if n.trim().is_empty() { "Preview".to_string() } else { n } }}
                    </span>
                </div>
                {move || color_error.get().map(|m| view! { <p class="tp-field__error">{m}</p> })}
            </div>
        }
        .into_any()
    }
}

#[component]
pub fn TagsPage() -> impl IntoView {
    resource_page::<Tags>()
}
