//! Settings → Canned templates: saved replies with placeholders the composer fills in, an
//! optional channel restriction, and WhatsApp's approved templates (the only kind a contact can
//! be sent outside the 24-hour window).

use leptos::prelude::*;
use textpeak_api::{paths, Stream, TemplateInput, TemplateSetting, TEMPLATE_PLACEHOLDERS};

use super::kit::{
    collection_view, ChannelPill, Collection, ConfirmDelete, Deleter, Editor, EditorDialog,
    EmptyList, NewButton, Row, RowActions, SettingsHeader,
};
use crate::api::ApiClient;
use crate::components::domain::stream_options;
use crate::components::field::{CheckboxField, SelectField, TextAreaField, TextField};
use crate::components::icons::{Icon, Svg};

impl Row for TemplateSetting {
    fn id(&self) -> i64 {
        self.id
    }
}

#[component]
pub fn TemplatesPage() -> impl IntoView {
    let client = expect_context::<ApiClient>();
    let templates = {
        let client = client.clone();
        Collection::new(move || {
            let client = client.clone();
            async move { client.get::<Vec<TemplateSetting>>(paths::TEMPLATES).await }
        })
    };

    let editor = Editor::<TemplateSetting>::new(&["name", "body", "stream", "whatsapp_approved"]);
    let name = RwSignal::new(String::new());
    let body = RwSignal::new(String::new());
    // "" is every channel.
    let stream = RwSignal::new(String::new());
    let approved = RwSignal::new(false);
    let open_editor = move |t: Option<TemplateSetting>| {
        name.set(t.as_ref().map(|t| t.name.clone()).unwrap_or_default());
        body.set(t.as_ref().map(|t| t.body.clone()).unwrap_or_default());
        stream.set(
            t.as_ref()
                .and_then(|t| t.stream)
                .map(|s| s.as_str().to_owned())
                .unwrap_or_default(),
        );
        approved.set(t.as_ref().is_some_and(|t| t.whatsapp_approved));
        editor.start(t);
    };
    let is_whatsapp = move || stream.with(|s| s == Stream::Whatsapp.as_str());
    let save = Callback::new(move |form| {
        let input = TemplateInput {
            name: name.get_untracked(),
            body: body.get_untracked(),
            stream: Stream::parse(&stream.get_untracked()),
            // Only a WhatsApp template can be approved; the box is hidden for the others.
            whatsapp_approved: approved.get_untracked() && is_whatsapp(),
        };
        let input = match input.normalized() {
            Ok(input) => input,
            Err(e) => return editor.invalid(form, e),
        };
        let client = client.clone();
        let id = editor.editing_id();
        editor.save(
            form,
            templates,
            "template",
            |t| t.name.clone(),
            async move {
                match id {
                    Some(id) => client.patch(&paths::template(id), &input).await,
                    None => client.post(paths::TEMPLATES, &input).await,
                }
            },
        );
    });

    let deleter = Deleter::<TemplateSetting>::new();
    let confirm_delete = Callback::new(move |()| {
        deleter.confirm(templates, "template", |t| t.name.clone(), paths::template)
    });

    let placeholders = TEMPLATE_PLACEHOLDERS
        .iter()
        .map(|(p, _)| format!("{{{{{p}}}}}"))
        .collect::<Vec<_>>()
        .join(", ");

    let table = move |list: Vec<TemplateSetting>| {
        view! {
            <div class="tp-table-wrap">
                <table class="tp-table tp-table--stack">
                    <caption class="tp-visually-hidden">"Canned templates"</caption>
                    <thead>
                        <tr>
                            <th scope="col">"Name"</th>
                            <th scope="col">"Channel"</th>
                            <th scope="col">"Text"</th>
                            <th scope="col"><span class="tp-visually-hidden">"Actions"</span></th>
                        </tr>
                    </thead>
                    <tbody>
                        {list
                            .into_iter()
                            .map(|t| {
                                let edit = t.clone();
                                let remove = t.clone();
                                view! {
                                    <tr>
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
                                                None => view! { <span class="tp-table__muted">"Every channel"</span> }.into_any(),
                                            }}
                                        </td>
                                        <td data-label="Text" class="tp-table__text">{t.body.clone()}</td>
                                        <td class="tp-table__actions">
                                            <RowActions
                                                name=format!("template {}", t.name)
                                                on_edit=move |_| open_editor(Some(edit.clone()))
                                                on_delete=Some(Callback::new(move |_| deleter.ask(remove.clone())))
                                            />
                                        </td>
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </tbody>
                </table>
            </div>
        }
    };

    view! {
        <SettingsHeader
            title="Canned templates"
            lead="Saved replies agents insert from the composer. Placeholders are filled in for each conversation; on WhatsApp, only approved templates reach a contact after 24 hours of silence."
        >
            <NewButton label="New template" primary=true on_click=move |_| open_editor(None)/>
        </SettingsHeader>
        {collection_view(
            templates,
            "templates",
            || view! {
                <EmptyList icon=Icon::FileText title="No templates yet" text="Save the answers your team gives every day, such as a greeting or a booking confirmation."/>
            }
            .into_any(),
            table,
        )}
        <EditorDialog
            editor=editor
            noun="template"
            on_submit=save
        >
            <TextField id="template-name" label="Name" value=name error=editor.errors.field("name")/>
            <SelectField
                id="template-stream"
                label="Channel"
                options=Signal::derive(|| {
                    let mut options = vec![(String::new(), "Every channel".to_string())];
                    options.extend(stream_options());
                    options
                })
                value=stream
                error=editor.errors.field("stream")
            />
            <TextAreaField
                id="template-body"
                label="Text"
                hint=format!("Placeholders: {placeholders}.")
                rows=5
                value=body
                error=editor.errors.field("body")
            />
            <Show when=is_whatsapp>
                <CheckboxField
                    id="template-approved"
                    label="Approved WhatsApp template"
                    hint="Approved by WhatsApp: can be sent after the 24-hour window has closed."
                    checked=approved
                    error=editor.errors.field("whatsapp_approved")
                />
            </Show>
        </EditorDialog>
        <ConfirmDelete
            deleter=deleter
            title=deleter.describe(|t| format!("Delete the template \u{201c}{}\u{201d}?", t.name))
            consequence=deleter.describe(|_| "Agents will no longer find it in the composer. Messages already sent with it stay as they are.".to_string())
            on_confirm=confirm_delete
        />
    }
}
