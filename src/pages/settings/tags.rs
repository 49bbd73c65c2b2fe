//! Settings → Tags: name and colour, unique per tenant, with how many conversations use each.
//! Deleting needs `DeleteTags` on top (a custom role can lose it), so the button follows it.

use leptos::prelude::*;
use textpeak_api::{paths, Capability, TagInput, TagSetting};

use super::kit::{
    collection_view, count_label, Collection, ConfirmDelete, Deleter, Editor, EditorDialog,
    EmptyList, NewButton, Row, RowActions, SettingsHeader,
};
use crate::api::ApiClient;
use crate::components::field::TextField;
use crate::components::icons::Icon;
use crate::state::Session;

impl Row for TagSetting {
    fn id(&self) -> i64 {
        self.id
    }
}

/// The colour a new tag starts with.
const DEFAULT_COLOR: &str = "#4338ca";

#[component]
pub fn TagsPage() -> impl IntoView {
    let client = expect_context::<ApiClient>();
    let session = expect_context::<Session>();
    let can_delete =
        move || session.with_me(|me| me.is_some_and(|m| m.can(Capability::DeleteTags)));

    let tags = {
        let client = client.clone();
        Collection::new(move || {
            let client = client.clone();
            async move { client.get::<Vec<TagSetting>>(paths::TAGS).await }
        })
    };

    let editor = Editor::<TagSetting>::new(&["name", "color"]);
    let name = RwSignal::new(String::new());
    let color = RwSignal::new(DEFAULT_COLOR.to_string());
    let open_editor = move |tag: Option<TagSetting>| {
        name.set(tag.as_ref().map(|t| t.name.clone()).unwrap_or_default());
        color.set(
            tag.as_ref()
                .map(|t| t.color.clone())
                .unwrap_or_else(|| DEFAULT_COLOR.into()),
        );
        editor.start(tag);
    };
    let save = Callback::new(move |form| {
        let input = TagInput {
            name: name.get_untracked(),
            color: color.get_untracked(),
        };
        let input = match input.normalized() {
            Ok(input) => input,
            Err(e) => return editor.invalid(form, e),
        };
        let client = client.clone();
        let id = editor.editing_id();
        editor.save(form, tags, "tag", |t| t.name.clone(), async move {
            match id {
                Some(id) => client.patch(&paths::tag(id), &input).await,
                None => client.post(paths::TAGS, &input).await,
            }
        });
    });

    let deleter = Deleter::<TagSetting>::new();
    let ask_delete = move |tag: TagSetting| deleter.ask(tag);
    let confirm_delete =
        Callback::new(move |()| deleter.confirm(tags, "tag", |t| t.name.clone(), paths::tag));
    let delete_title = deleter.describe(|t| format!("Delete the tag \u{201c}{}\u{201d}?", t.name));
    let delete_consequence = deleter.describe(|t| match t.conversations {
        0 => "No conversation uses it.".into(),
        n => format!(
            "It is on {}; it will be removed from them. Their threads keep the past \u{201c}tagged\u{201d} events.",
            count_label(n, "conversation", "conversations")
        ),
    });

    let table = move |list: Vec<TagSetting>| {
        view! {
            <div class="tp-table-wrap">
                <table class="tp-table">
                    <caption class="tp-visually-hidden">"Tags"</caption>
                    <thead>
                        <tr>
                            <th scope="col">"Tag"</th>
                            <th scope="col">"Colour"</th>
                            <th scope="col" class="tp-table__num">"Conversations"</th>
                            <th scope="col"><span class="tp-visually-hidden">"Actions"</span></th>
                        </tr>
                    </thead>
                    <tbody>
                        {list
                            .into_iter()
                            .map(|tag| {
                                let edit = tag.clone();
                                let remove = tag.clone();
                                view! {
                                    <tr>
                                        <th scope="row">
                                            <span class="tp-tag">
                                                <span class="tp-tag__dot" style:background-color=tag.color.clone()></span>
                                                {tag.name.clone()}
                                            </span>
                                        </th>
                                        <td><code class="tp-code">{tag.color.clone()}</code></td>
                                        <td class="tp-table__num">{tag.conversations}</td>
                                        <td class="tp-table__actions">
                                            <RowActions
                                                name=format!("tag {}", tag.name)
                                                on_edit=move |_| open_editor(Some(edit.clone()))
                                                on_delete=can_delete().then(|| Callback::new(move |_| ask_delete(remove.clone())))
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
            title="Tags"
            lead="Labels with colours that sort conversations. Every agent can put them on conversations; names are unique."
        >
            <NewButton label="New tag" primary=true on_click=move |_| open_editor(None)/>
        </SettingsHeader>
        {collection_view(
            tags,
            "tags",
            || view! {
                <EmptyList icon=Icon::Tag title="No tags yet" text="Create tags such as VIP or refund to sort and find conversations."/>
            }
            .into_any(),
            table,
        )}
        <EditorDialog
            editor=editor
            noun="tag"
            on_submit=save
        >
            <TextField id="tag-name" label="Name" value=name error=editor.errors.field("name")/>
            <div class="tp-field">
                <label class="tp-field__label" for="tag-color">"Colour"</label>
                <div class="tp-color-field">
                    <input
                        id="tag-color"
                        type="color"
                        class="tp-color-field__input"
                        prop:value=move || color.get()
                        on:input=move |ev| color.set(event_target_value(&ev))
                        aria-invalid=move || editor.errors.field("color").with(Option::is_some).to_string()
                    />
                    <span class="tp-tag" aria-hidden="true">
                        <span class="tp-tag__dot" style:background-color=move || color.get()></span>
                        {move || { let n = name.get(); if n.trim().is_empty() { "Preview".to_string() } else { n } }}
                    </span>
                </div>
                {move || editor.errors.field("color").get().map(|m| view! { <p class="tp-field__error">{m}</p> })}
            </div>
        </EditorDialog>
        <ConfirmDelete
            deleter=deleter
            title=delete_title
            consequence=delete_consequence
            on_confirm=confirm_delete
        />
    }
}
