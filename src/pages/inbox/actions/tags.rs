//! The conversation's tags in the details panel: each with a remove button, and a menu of the
//! tenant's tags (with their colours; the ones it has checked, choosing one again removes it).
//! Where the role may manage tags, a name nobody uses yet offers "Create tag …", which creates
//! it and adds it.

use leptos::prelude::*;
use textpeak_api::{Capability, ConversationAction, TagInput, TagRef};

use super::actor::{permission, ActionKeys, Actor, After};
use super::menu::{matches, ActionMenu, Lead, MenuItem};
use crate::api::ApiClient;
use crate::components::ui::icons::{Icon, Svg};
use crate::components::ui::toast::Toasts;
use crate::logic::shortcuts::Shortcut;
use crate::state::inbox::OpenConversation;

const CREATE: &str = "create";

/// New tags take one of these colours, by their name, until someone picks another in Settings.
const NEW_TAG_COLORS: &[&str] = &[
    "#2563eb", "#7c3aed", "#db2777", "#ea580c", "#16a34a", "#0891b2", "#ca8a04", "#4338ca",
];

fn color_for(name: &str) -> &'static str {
    let sum = name.bytes().fold(0usize, |acc, b| {
        acc.wrapping_mul(31).wrapping_add(b as usize)
    });
    NEW_TAG_COLORS[sum % NEW_TAG_COLORS.len()]
}

#[component]
pub fn TagsEditor() -> impl IntoView {
    let conversation = expect_context::<OpenConversation>();
    let actor = expect_context::<Actor>();
    let client = expect_context::<ApiClient>();
    let toasts = expect_context::<Toasts>();
    let keys = expect_context::<ActionKeys>();
    let may_tag = permission(Capability::Tag);
    let open = RwSignal::new(false);
    let query = RwSignal::new(String::new());
    let tags = Memo::new(move |_| {
        conversation.with_detail(|d| d.map(|d| d.summary.tags.clone()).unwrap_or_default())
    });
    let has = move |id: i64| tags.with(|t| t.iter().any(|t| t.id == id));

    Effect::new(move |_| {
        if keys.take(Shortcut::Tag) && may_tag() {
            open.set(true);
        }
    });

    // Creates the tag, then adds it; the menus learn of it.
    let create = Action::new_local(move |name: &String| {
        let (client, input) = (
            client.clone(),
            TagInput {
                name: name.clone(),
                color: color_for(name).to_owned(),
            },
        );
        async move {
            match client.create_tag(&input).await {
                Ok(tag) => {
                    actor.reload_options();
                    actor.run(ConversationAction::AddTag { tag_id: tag.id }, After::Stay);
                }
                Err(e) => {
                    toasts.error("The tag couldn't be created", Some(e.message()));
                }
            }
        }
    });

    let items = Signal::derive(move || {
        let Some(Ok(options)) = actor.options() else {
            return Vec::new();
        };
        let q = query.get();
        let mut items: Vec<MenuItem> = options
            .tags
            .iter()
            .filter(|t| matches(&t.name, &q))
            .map(|t| {
                MenuItem::new(t.id.to_string(), t.name.clone(), Lead::Dot(t.color.clone()))
                    .checked(has(t.id))
            })
            .collect();
        let name = q.trim();
        let known = options
            .tags
            .iter()
            .any(|t| t.name.trim().eq_ignore_ascii_case(name));
        if options.can_create_tags && !name.is_empty() && !known {
            items.push(MenuItem::new(
                CREATE,
                format!("Create tag “{name}”"),
                Lead::Icon(Icon::Plus),
            ));
        }
        items
    });
    let empty = Signal::derive(move || match actor.options() {
        None => "Loading…".to_owned(),
        Some(Err(e)) => e.message(),
        Some(Ok(o)) if o.tags.is_empty() && query.with(|q| q.trim().is_empty()) => {
            "There are no tags yet.".to_owned()
        }
        Some(Ok(_)) => format!("No tag matches “{}”.", query.get().trim()),
    });
    let on_choose = Callback::new(move |key: String| {
        if key == CREATE {
            let name = query.get_untracked().trim().to_owned();
            if !name.is_empty() {
                create.dispatch(name);
            }
            return;
        }
        let Ok(tag_id) = key.parse::<i64>() else {
            return;
        };
        let action = if has(tag_id) {
            ConversationAction::RemoveTag { tag_id }
        } else {
            ConversationAction::AddTag { tag_id }
        };
        actor.run(action, After::Stay);
    });

    let chip = move |t: TagRef| {
        let remove = move |_| {
            actor.run(ConversationAction::RemoveTag { tag_id: t.id }, After::Stay);
        };
        view! {
            <li class="tp-tag tp-tag--removable">
                <span class="tp-tag__dot" style:background-color=t.color.clone()></span>
                {t.name.clone()}
                {move || may_tag().then(|| view! {
                    <button
                        type="button"
                        class="tp-tag__remove"
                        aria-label=format!("Remove tag {}", t.name)
                        title=format!("Remove {}", t.name)
                        on:click=remove
                    >
                        <Svg icon=Icon::Close/>
                    </button>
                })}
            </li>
        }
    };
    let list = move || {
        if tags.with(Vec::is_empty) {
            return view! { <span class="tp-details__muted">"No tags"</span> }.into_any();
        }
        view! {
            <ul class="tp-details__tags" aria-label="Tags">
                <For each=move || tags.get() key=|t: &TagRef| t.id children=chip/>
            </ul>
        }
        .into_any()
    };
    view! {
        <div class="tp-tags-editor">
            {list}
            {move || may_tag().then(|| view! {
                <ActionMenu
                    label="Tags"
                    open=open
                    trigger_class="tp-link-button tp-tags-editor__add"
                    title="Add or remove tags (T)"
                    trigger_label=Signal::derive(|| "Add tag".to_owned())
                    trigger=ViewFn::from(|| view! { <Svg icon=Icon::Plus/> <span>"Add tag"</span> })
                    query=query
                    placeholder="Search or create a tag"
                    items=items
                    empty=empty
                    on_choose=on_choose
                    busy=Signal::derive(move || actor.busy())
                />
            })}
        </div>
    }
}
