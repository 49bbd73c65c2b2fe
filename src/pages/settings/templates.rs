//! Settings → Canned templates: saved replies with placeholders the composer fills in, an
//! optional channel restriction, and WhatsApp's approved templates (the only kind a contact can
//! be sent outside the 24-hour window).

use leptos::prelude::*;
use textpeak_api::collections::Templates;
use textpeak_api::{FieldError, Stream, TemplateInput, TemplateSetting, TEMPLATE_PLACEHOLDERS};

use super::kit::{
    muted, resource_page, ChannelPill, Collection, Column, EditForm, Empty, FormErrors,
    PageResource, Resource, TableHead,
};
use crate::components::domain::stream_options;
use crate::components::ui::field::{CheckboxField, SelectField, TextAreaField, TextField};
use crate::components::ui::icons::{Icon, Svg};

impl Resource for Templates {
    fn remove_consequence(_: &TemplateSetting) -> String {
        "Agents will no longer find it in the composer. Messages already sent with it stay as they are.".to_string()
    }
}

impl PageResource for Templates {
    type Form = TemplateForm;
    const TITLE: &'static str = "Canned templates";
    const LEAD: &'static str = "Saved replies agents insert from the composer. Placeholders are filled in for each conversation; on WhatsApp, only approved templates reach a contact after 24 hours of silence.";
    const NEW_LABEL: &'static str = "New template";
    const EMPTY: Empty = Empty {
        icon: Icon::FileText,
        title: "No templates yet",
        text: "Save the answers your team gives every day, such as a greeting or a booking confirmation.",
    };
    const TABLE: TableHead = TableHead {
        caption: "Canned templates",
        columns: &[
            Column::text("Name"),
            Column::text("Channel"),
            Column::text("Text"),
        ],
        stack: true,
    };

    fn form(_: Collection<Self>) -> TemplateForm {
        TemplateForm {
            name: RwSignal::new(String::new()),
            body: RwSignal::new(String::new()),
            stream: RwSignal::new(String::new()),
            approved: RwSignal::new(false),
        }
    }

    fn cells(_: TemplateForm, t: &TemplateSetting) -> AnyView {
        view! {
            <th scope="row">
                {t.name.clone()}
                {t.whatsapp_approved.then(|| view! {
                    " " <span class="tp-pill tp-pill--success">
                        <Svg icon=Icon::CircleCheck/>
                        "Approved"
                    </span>
                })}
            </th>
            <td data-label="Channel">
                {match t.stream {
                    Some(s) => view! { <ChannelPill stream=s/> }.into_any(),
                    None => muted("Every channel"),
                }}
            </td>
            <td data-label="Text" class="tp-table__text">{t.body.clone()}</td>
        }
        .into_any()
    }
}

#[derive(Clone, Copy)]
pub struct TemplateForm {
    name: RwSignal<String>,
    body: RwSignal<String>,
    /// "" is every channel.
    stream: RwSignal<String>,
    approved: RwSignal<bool>,
}

impl TemplateForm {
    fn is_whatsapp(self) -> bool {
        self.stream.with(|s| s == Stream::Whatsapp.as_str())
    }
}

impl EditForm<Templates> for TemplateForm {
    fn fill(self, t: Option<&TemplateSetting>) {
        self.name.set(t.map(|t| t.name.clone()).unwrap_or_default());
        self.body.set(t.map(|t| t.body.clone()).unwrap_or_default());
        self.stream.set(
            t.and_then(|t| t.stream)
                .map(|s| s.as_str().to_owned())
                .unwrap_or_default(),
        );
        self.approved.set(t.is_some_and(|t| t.whatsapp_approved));
    }

    fn input(self, _: Option<i64>) -> Result<TemplateInput, FieldError> {
        TemplateInput {
            name: self.name.get_untracked(),
            body: self.body.get_untracked(),
            stream: Stream::parse(&self.stream.get_untracked()),
            // Only a WhatsApp template can be approved; the box is hidden for the others.
            whatsapp_approved: self.approved.get_untracked() && self.is_whatsapp(),
        }
        .normalized()
    }

    fn fields(self, errors: FormErrors) -> AnyView {
        let placeholders = TEMPLATE_PLACEHOLDERS
            .iter()
            .map(|(p, _)| format!("{{{{{p}}}}}"))
            .collect::<Vec<_>>()
            .join(", ");
        view! {
            <TextField id="template-name" label="Name" value=self.name error=errors.field("name")/>
            <SelectField
                id="template-stream"
                label="Channel"
                options=Signal::derive(|| {
                    let mut options = vec![(String::new(), "Every channel".to_string())];
                    options.extend(stream_options());
                    options
                })
                value=self.stream
                error=errors.field("stream")
            />
            <TextAreaField
                id="template-body"
                label="Text"
                hint=format!("Placeholders: {placeholders}.")
                rows=5
                value=self.body
                error=errors.field("body")
            />
            <Show when=move || self.is_whatsapp()>
                <CheckboxField
                    id="template-approved"
                    label="Approved WhatsApp template"
                    hint="Approved by WhatsApp: can be sent after the 24-hour window has closed."
                    checked=self.approved
                    error=errors.field("whatsapp_approved")
                />
            </Show>
        }
        .into_any()
    }
}

#[component]
pub fn TemplatesPage() -> impl IntoView {
    resource_page::<Templates>()
}
