//! The command palette (Ctrl/Cmd+K): a dialog with a search box (combobox) over one list of
//! results (listbox), grouped: actions (new conversation, the open conversation's own, views,
//! filters), conversations by contact (the list's search), spaces to switch to, and
//! the settings pages the user may open. ↓/↑ move, Enter runs, Escape closes and the focus
//! returns. Matching and order are `logic::palette`.

use leptos::ev;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use leptos_use::use_debounce_fn;
use textpeak_api::{
    Capability, ConversationFilter, ConversationStatus, ConversationSummary, InboxView, Stream,
};

use super::actions::ActionKeys;
use super::new_conversation::Starter;
use super::url::InboxUrl;
use crate::api::ApiClient;
use crate::components::domain::{stream_name, ChannelIcon};
use crate::components::ui::icons::{Icon, Svg};
use crate::components::ui::modal::Modal;
use crate::logic::palette::{opens_palette, rank, step, EntryKind};
use crate::logic::routes::{href, SettingsArea};
use crate::logic::shortcuts::Shortcut;
use crate::state::inbox::Panes;
use crate::state::Host;
use crate::state::Session;

/// How many results each group shows.
const PER_GROUP: usize = 6;
/// How long typing may pause before conversations are searched.
const SEARCH_DELAY_MS: f64 = 200.0;
const INPUT_ID: &str = "tp-palette-input";
const LIST_ID: &str = "tp-palette-list";

/// An entry that changes the list's filter: its label, search words and the change.
type FilterEntry = (&'static str, &'static str, fn(&mut ConversationFilter));

/// One thing the palette can do.
#[derive(Clone)]
struct Entry {
    kind: EntryKind,
    label: String,
    /// Words it is also found by.
    keywords: String,
    /// A key that does the same, shown beside it.
    shortcut: Option<&'static str>,
    icon: Option<Icon>,
    stream: Option<Stream>,
    run: Callback<()>,
}

/// Results are the same when they show the same (a callback cannot be compared).
impl PartialEq for Entry {
    fn eq(&self, other: &Self) -> bool {
        (
            self.kind,
            &self.label,
            &self.keywords,
            self.shortcut,
            self.stream,
        ) == (
            other.kind,
            &other.label,
            &other.keywords,
            other.shortcut,
            other.stream,
        )
    }
}

/// Whether the palette is open. Copy, in context.
#[derive(Clone, Copy)]
pub struct Palette {
    open: RwSignal<bool>,
}

impl Palette {
    pub fn new() -> Self {
        Palette {
            open: RwSignal::new(false),
        }
    }

    pub fn show(&self) {
        self.open.set(true);
    }
}

impl Default for Palette {
    fn default() -> Self {
        Self::new()
    }
}

/// Ctrl/Cmd+K opens the palette wherever the focus is (in a text field too), unless another
/// dialog is open.
pub fn use_palette_key(palette: Palette) {
    let host = Host::current();
    let keys = window_event_listener(ev::keydown, move |event| {
        if event.default_prevented()
            || !host.answers(&event)
            || !opens_palette(
                &event.key(),
                event.ctrl_key(),
                event.meta_key(),
                event.alt_key(),
            )
        {
            return;
        }
        event.prevent_default();
        let other_dialog = host.query("[aria-modal='true']").is_some();
        if !other_dialog {
            palette.show();
        }
    });
    on_cleanup(move || keys.remove());
}

#[component]
pub fn CommandPalette() -> impl IntoView {
    let palette = expect_context::<Palette>();
    view! {
        <Modal open=palette.open title="Command palette" initial_focus=INPUT_ID>
            <PaletteBody/>
        </Modal>
    }
}

#[component]
fn PaletteBody() -> impl IntoView {
    let host = Host::current();
    let palette = expect_context::<Palette>();
    let url = expect_context::<InboxUrl>();
    let client = expect_context::<ApiClient>();
    let session = expect_context::<Session>();
    let starter = expect_context::<Starter>();
    let panes = expect_context::<Panes>();
    let action_keys = expect_context::<ActionKeys>();
    let navigate = StoredValue::new_local(use_navigate());

    let query = RwSignal::new(String::new());
    let searched = RwSignal::new(String::new());
    let active = RwSignal::new(Some(0_usize));
    let search_soon = use_debounce_fn(
        move || {
            if let Some(q) = query.try_get_untracked() {
                searched.set(q.trim().to_owned());
            }
        },
        SEARCH_DELAY_MS,
    );
    // Conversations whose contact matches, through the list's own search.
    let conversations = LocalResource::new(move || {
        let client = client.clone();
        let (space, q) = (url.space_id.get(), searched.get());
        async move {
            if q.chars().count() < 2 {
                return Vec::new();
            }
            let filter = ConversationFilter {
                q: Some(q),
                ..ConversationFilter::default()
            };
            client
                .conversations(space, &filter, None)
                .await
                .map(|page| page.items)
                .unwrap_or_default()
        }
    });

    let go = move |path: String| {
        palette.open.set(false);
        navigate.with_value(|n| n(&path, Default::default()));
    };
    let filter_to = move |change: fn(&mut ConversationFilter)| {
        Callback::new(move |()| {
            palette.open.set(false);
            url.update_filter(change);
        })
    };

    let fixed = move || {
        let can = |c: Capability| session.with_me(|me| me.is_some_and(|m| m.can(c)));
        let action = |label: &str, keywords: &str, shortcut, icon, run| Entry {
            kind: EntryKind::Action,
            label: label.to_owned(),
            keywords: keywords.to_owned(),
            shortcut,
            icon: Some(icon),
            stream: None,
            run,
        };
        let mut entries = Vec::new();
        if starter.can_start() {
            entries.push(action(
                "New conversation",
                "start write compose create message",
                Some("C"),
                Icon::Plus,
                Callback::new(move |()| {
                    palette.open.set(false);
                    // After the palette has given the focus back, so the dialog returns it there.
                    request_animation_frame(move || starter.show());
                }),
            ));
        }
        // The open conversation's actions, run by their controls as their keys would.
        if url.open.get().is_some() {
            let conversation_actions = [
                (
                    "Assign to me",
                    "take mine",
                    "M",
                    Icon::UserCheck,
                    Shortcut::AssignToMe,
                    Capability::Assign,
                ),
                (
                    "Assign to…",
                    "person teammate owner",
                    "A",
                    Icon::Users,
                    Shortcut::Assign,
                    Capability::Assign,
                ),
                (
                    "Tag…",
                    "label tags",
                    "T",
                    Icon::Tag,
                    Shortcut::Tag,
                    Capability::Tag,
                ),
                (
                    "Close and next",
                    "resolve done",
                    "E",
                    Icon::SkipForward,
                    Shortcut::CloseAndNext,
                    Capability::Close,
                ),
                (
                    "Close or reopen",
                    "resolve status open again",
                    "Shift+E",
                    Icon::CircleCheck,
                    Shortcut::Close,
                    Capability::Close,
                ),
                (
                    "Snooze…",
                    "later remind wait",
                    "Z",
                    Icon::Clock,
                    Shortcut::Snooze,
                    Capability::Close,
                ),
            ];
            for (label, keywords, key, icon, shortcut, needs) in conversation_actions {
                if can(needs) || (shortcut == Shortcut::Close && can(Capability::Reopen)) {
                    entries.push(action(
                        label,
                        keywords,
                        Some(key),
                        icon,
                        Callback::new(move |()| {
                            palette.open.set(false);
                            // Once the palette has given the focus back, as the key would.
                            request_animation_frame(move || action_keys.request(shortcut));
                        }),
                    ));
                }
            }
        }
        let views: [FilterEntry; 3] = [
            ("View: Mine", "assigned to me my", |f| {
                f.view = InboxView::Mine
            }),
            ("View: Unassigned", "nobody queue", |f| {
                f.view = InboxView::Unassigned
            }),
            ("View: All", "every everything", |f| f.view = InboxView::All),
        ];
        for (label, keywords, change) in views {
            entries.push(action(
                label,
                keywords,
                None,
                Icon::Inbox,
                filter_to(change),
            ));
        }
        let filters: [FilterEntry; 8] = [
            ("Filter: Open", "status", |f| {
                f.status = Some(ConversationStatus::Open)
            }),
            ("Filter: Closed", "status resolved", |f| {
                f.status = Some(ConversationStatus::Closed)
            }),
            ("Filter: Snoozed", "status later waiting", |f| {
                f.status = Some(ConversationStatus::Snoozed)
            }),
            ("Filter: SMS", "channel text", |f| {
                f.stream = Some(Stream::Sms)
            }),
            ("Filter: WhatsApp", "channel", |f| {
                f.stream = Some(Stream::Whatsapp)
            }),
            ("Filter: Telegram", "channel", |f| {
                f.stream = Some(Stream::Telegram)
            }),
            ("Filter: Unread", "new unseen", |f| f.unread = true),
            ("Clear filters", "reset all", |f| *f = f.cleared()),
        ];
        for (label, keywords, change) in filters {
            entries.push(action(
                label,
                keywords,
                None,
                Icon::Search,
                filter_to(change),
            ));
        }
        entries.push(action(
            "Search conversations",
            "find",
            Some("/"),
            Icon::Search,
            Callback::new(move |()| {
                palette.open.set(false);
                request_animation_frame(move || {
                    if let Some(el) = host.by_id(super::list::SEARCH_ID) {
                        let _ = el.focus();
                    }
                });
            }),
        ));
        entries.push(action(
            "Show or hide details",
            "panel contact sidebar",
            Some("I"),
            Icon::PanelRight,
            Callback::new(move |()| {
                palette.open.set(false);
                panes.toggle_details();
            }),
        ));
        entries.push(action(
            "Keyboard shortcuts",
            "help keys",
            Some("?"),
            Icon::Keyboard,
            Callback::new(move |()| {
                palette.open.set(false);
                request_animation_frame(move || panes.show_help());
            }),
        ));
        let current_space = url.space_id.get();
        let spaces = session.with_me(|me| me.map(|m| m.spaces.clone()).unwrap_or_default());
        if spaces.len() > 1 {
            for space in spaces.into_iter().filter(|s| s.id != current_space) {
                let path = href::dashboard(space.id);
                entries.push(Entry {
                    kind: EntryKind::Space,
                    label: format!("Switch to {}", space.name),
                    keywords: "space change".to_owned(),
                    shortcut: None,
                    icon: Some(Icon::Layers),
                    stream: None,
                    run: Callback::new(move |()| go(path.clone())),
                });
            }
        }
        if can(Capability::OpenSettings) {
            for area in SettingsArea::ALL.into_iter().filter(|a| can(a.needs())) {
                let path = href::settings_area(area);
                entries.push(Entry {
                    kind: EntryKind::Settings,
                    label: format!("Settings: {}", area.title()),
                    keywords: "settings configure manage".to_owned(),
                    shortcut: None,
                    icon: Some(Icon::Settings),
                    stream: None,
                    run: Callback::new(move |()| go(path.clone())),
                });
            }
        }
        entries
    };
    let conversation_entries = move || {
        conversations
            .get()
            .unwrap_or_default()
            .into_iter()
            .map(|c: ConversationSummary| {
                let id = c.id;
                let name = c.contact.display_name();
                let keywords = format!(
                    "{} {} {} {}",
                    c.contact.phone.clone().unwrap_or_default(),
                    c.contact.telegram.clone().unwrap_or_default(),
                    c.preview,
                    searched.get_untracked(),
                );
                Entry {
                    kind: EntryKind::Conversation,
                    label: name,
                    keywords,
                    shortcut: None,
                    icon: None,
                    stream: Some(c.stream),
                    run: Callback::new(move |()| {
                        palette.open.set(false);
                        url.open_conversation(id);
                    }),
                }
            })
            .collect::<Vec<_>>()
    };
    let results = Memo::new(move |_| {
        let mut entries = fixed();
        entries.extend(conversation_entries());
        let q = query.get();
        let keyed: Vec<(EntryKind, &str, &str)> = entries
            .iter()
            .map(|e| (e.kind, e.label.as_str(), e.keywords.as_str()))
            .collect();
        let order = rank(&q, &keyed, PER_GROUP);
        order
            .into_iter()
            .map(|i| entries[i].clone())
            .collect::<Vec<_>>()
    });
    // New results: the first is active again.
    Effect::new(move |_| {
        let n = results.with(Vec::len);
        active.set((n > 0).then_some(0));
    });
    let option_id = |i: usize| format!("tp-palette-option-{i}");
    let run_active = move || {
        let chosen = active
            .get_untracked()
            .and_then(|i| results.with_untracked(|r| r.get(i).map(|e| e.run)));
        if let Some(run) = chosen {
            run.run(());
        }
    };
    let reveal = move |i: usize| {
        request_animation_frame(move || {
            let (Some(option), Some(list)) = (host.by_id(&option_id(i)), host.by_id(LIST_ID))
            else {
                return;
            };
            // The list is the options' offset parent (`position: relative` in its style).
            let (top, bottom) = (
                option.offset_top(),
                option.offset_top() + option.offset_height(),
            );
            if top < list.scroll_top() {
                list.set_scroll_top(top);
            } else if bottom > list.scroll_top() + list.client_height() {
                list.set_scroll_top(bottom - list.client_height());
            }
        });
    };
    let on_keydown = move |ev: ev::KeyboardEvent| match ev.key().as_str() {
        "ArrowDown" | "ArrowUp" => {
            ev.prevent_default();
            let n = results.with_untracked(Vec::len);
            let next = step(active.get_untracked(), ev.key() == "ArrowDown", n);
            active.set(next);
            if let Some(i) = next {
                reveal(i);
            }
        }
        "Enter" => {
            ev.prevent_default();
            run_active();
        }
        _ => {}
    };

    let option = move |i: usize, e: Entry| {
        let run = e.run;
        view! {
            <li
                id=option_id(i)
                role="option"
                class="tp-palette__option"
                class:tp-palette__option--active=move || active.get() == Some(i)
                aria-selected=move || (active.get() == Some(i)).to_string()
                on:mousemove=move |_| {
                    if active.get_untracked() != Some(i) {
                        active.set(Some(i));
                    }
                }
                on:mousedown=|ev| ev.prevent_default()
                on:click=move |_| run.run(())
            >
                {match (e.stream, e.icon) {
                    (Some(stream), _) => view! { <ChannelIcon stream=stream/> }.into_any(),
                    (None, Some(icon)) => view! { <Svg icon=icon class="tp-palette__icon"/> }.into_any(),
                    (None, None) => ().into_any(),
                }}
                <span class="tp-palette__label">{e.label}</span>
                {e.stream.map(|s| view! { <span class="tp-palette__meta">{stream_name(s)}</span> })}
                {e.shortcut.map(|k| view! { <kbd class="tp-kbd" aria-hidden="true">{k}</kbd> })}
            </li>
        }
    };
    // One group per kind, as the APG's grouped listbox: the group is named by its heading.
    let rendered = move || {
        let mut groups: Vec<(EntryKind, Vec<(usize, Entry)>)> = Vec::new();
        for (i, e) in results.get().into_iter().enumerate() {
            match groups.last_mut() {
                Some((kind, items)) if *kind == e.kind => items.push((i, e)),
                _ => groups.push((e.kind, vec![(i, e)])),
            }
        }
        groups
            .into_iter()
            .map(|(kind, items)| {
                let heading_id = format!("tp-palette-group-{}", kind.heading().to_lowercase());
                let labelled_by = heading_id.clone();
                view! {
                    <ul class="tp-palette__group" role="group" aria-labelledby=labelled_by>
                        <li class="tp-palette__heading" role="presentation" id=heading_id>{kind.heading()}</li>
                        {items.into_iter().map(|(i, e)| option(i, e)).collect_view()}
                    </ul>
                }
            })
            .collect_view()
    };
    let nothing = move || {
        results.with(Vec::is_empty).then(|| {
            view! {
                <p class="tp-palette__empty" role="status">
                    {move || if searched.get() != query.get().trim() || conversations.get().is_none() { "Searching…" } else { "Nothing matches" }}
                </p>
            }
        })
    };

    view! {
        <div class="tp-palette">
            <div class="tp-palette__search">
                <Svg icon=Icon::Search class="tp-palette__search-icon"/>
                <input
                    id=INPUT_ID
                    class="tp-palette__input"
                    type="text"
                    role="combobox"
                    autocomplete="off"
                    spellcheck="false"
                    aria-label="Search actions, conversations, spaces and settings"
                    placeholder="Type a command, a contact or a page…"
                    aria-expanded="true"
                    aria-controls=LIST_ID
                    aria-autocomplete="list"
                    aria-activedescendant=move || active.get().map(option_id)
                    prop:value=move || query.get()
                    on:input=move |ev| {
                        query.set(event_target_value(&ev));
                        search_soon();
                    }
                    on:keydown=on_keydown
                />
            </div>
            <div class="tp-palette__list" id=LIST_ID role="listbox" aria-label="Results">
                {rendered}
            </div>
            {nothing}
            <p class="tp-palette__help" aria-hidden="true">
                <kbd class="tp-kbd">"↑"</kbd><kbd class="tp-kbd">"↓"</kbd>" to move · "
                <kbd class="tp-kbd">"Enter"</kbd>" to run · "
                <kbd class="tp-kbd">"Esc"</kbd>" to close"
            </p>
        </div>
    }
}
