//! The conversation list: search, views with counts, filters and sort on top; below, a
//! virtualized list of rows that loads further pages as it nears the end.

use leptos::prelude::*;
use leptos_use::use_debounce_fn;
use textpeak_api::{
    ConversationFilter, ConversationStatus, ConversationSummary, InboxView, SortOrder,
    SpaceFilters, Stream,
};

use super::actions::SnoozedUntil;
use super::bulk::{row_checkbox, Bulk, BulkToolbar};
use super::new_conversation::Starter;
use super::url::InboxUrl;
use crate::api::{ApiClient, ApiError};
use crate::components::domain::{stream_name, stream_options, Avatar, ChannelIcon};
use crate::components::ui::icons::{Icon, Svg};
use crate::components::ui::states::{retry_line, skeleton};
use crate::components::ui::suspense::suspense;
use crate::components::ui::virtual_list::VirtualList;
use crate::format::{ago_labels, date_time};
use crate::state::inbox::{ConversationList, ListPages, PageLoader};
use crate::state::Host;

/// Every row has this height (the virtual list needs one); the styles match it.
pub const ROW_HEIGHT: f64 = 84.0;
/// How long typing may pause before the search runs, in milliseconds.
const SEARCH_DELAY_MS: f64 = 250.0;
/// The search box's id, for the `/` shortcut.
pub const SEARCH_ID: &str = "tp-conversation-search";

pub use super::dom::focus_row;

#[component]
pub fn ConversationPane() -> impl IntoView {
    let url = expect_context::<InboxUrl>();
    let list = expect_context::<ConversationList>();
    let client = expect_context::<ApiClient>();
    let space_filters = LocalResource::new(move || {
        let client = client.clone();
        let space = url.space_id.get();
        async move { client.space_filters(space).await.unwrap_or_default() }
    });
    let options = Signal::derive(move || space_filters.get().unwrap_or_default());
    let bulk = expect_context::<Bulk>();

    // A new space or filter is a new list: the skeleton shows until its first page is in.
    let body = move || {
        Suspend::new(async move {
            match list.loaded().await {
                Ok(pages) => view! { <Rows pages=pages/> }.into_any(),
                Err(e) => view! { <ListFailed error=e/> }.into_any(),
            }
        })
    };

    view! {
        <section
            class="tp-list-pane"
            class:tp-list-pane--selecting=move || bulk.selecting()
            aria-labelledby="tp-list-title"
        >
            <header class="tp-list-pane__head">
                // While rows are selected, the bulk toolbar takes the title row's place.
                <Show when=move || bulk.selecting() fallback=|| view! { <TitleRow/> }>
                    <h2 class="tp-visually-hidden" id="tp-list-title">"Conversations"</h2>
                    <BulkToolbar options=options/>
                </Show>
                <SearchBox/>
                <ViewTabs/>
                <FilterBar options=options/>
            </header>
            <div class="tp-list-pane__body">
                {suspense(ListSkeleton, body)}
            </div>
        </section>
    }
}

/// The list's title, its sort, and `+` (a new conversation) where the caller may start one.
#[component]
fn TitleRow() -> impl IntoView {
    let starter = expect_context::<Starter>();
    view! {
        <div class="tp-list-pane__title-row">
            <h2 class="tp-list-pane__title" id="tp-list-title">"Conversations"</h2>
            <span class="tp-list-pane__title-tools">
                <SortSelect/>
                <Show when=move || starter.can_start()>
                    <button
                        type="button"
                        class="tp-icon-button tp-list-pane__new"
                        aria-label="New conversation"
                        title="New conversation (C)"
                        aria-keyshortcuts="C"
                        on:click=move |_| starter.show()
                    >
                        <Svg icon=Icon::Plus/>
                    </button>
                </Show>
            </span>
        </div>
    }
}

#[component]
fn ListFailed(error: ApiError) -> impl IntoView {
    let list = expect_context::<ConversationList>();
    view! {
        <div class="tp-list-pane__message" role="alert">
            <Svg icon=Icon::Alert class="tp-list-pane__message-icon"/>
            <p class="tp-list-pane__message-title">"The conversations didn't load"</p>
            <p class="tp-list-pane__message-text">{error.message()}</p>
            <button type="button" class="tp-button" on:click=move |_| list.retry()>
                "Try again"
            </button>
        </div>
    }
}

#[component]
fn SearchBox() -> impl IntoView {
    let url = expect_context::<InboxUrl>();
    let text = RwSignal::new(url.filter.get_untracked().q.unwrap_or_default());
    // The URL is the truth: a Back, a shared link or a space switch puts its query in the box.
    Effect::new(move |_| {
        let q = url.filter.with(|f| f.q.clone().unwrap_or_default());
        if text.with_untracked(|t| t.trim() != q) {
            text.set(q);
        }
    });
    // Runs the search now, unless the URL already has it (a debounced run after Enter).
    let search_now = move || {
        let Some(q) = text.try_get_untracked().map(|t| t.trim().to_owned()) else {
            return;
        };
        if url
            .filter
            .with_untracked(|f| f.q.as_deref().unwrap_or("") != q)
        {
            url.update_filter(|f| f.q = Some(q).filter(|q| !q.is_empty()));
        }
    };
    // Cancelled when the dashboard goes away.
    let search_soon = use_debounce_fn(search_now, SEARCH_DELAY_MS);
    view! {
        <form
            class="tp-search"
            role="search"
            on:submit=move |ev| {
                ev.prevent_default();
                search_now();
            }
        >
            <Svg icon=Icon::Search class="tp-search__icon"/>
            <input
                id=SEARCH_ID
                class="tp-search__input"
                type="search"
                aria-label="Search conversations"
                placeholder="Search conversations"
                autocomplete="off"
                prop:value=move || text.get()
                on:input=move |ev| {
                    text.set(event_target_value(&ev));
                    search_soon();
                }
                on:keydown=move |ev| {
                    if ev.key() == "Escape" && !text.with_untracked(String::is_empty) {
                        ev.prevent_default();
                        text.set(String::new());
                        search_now();
                    }
                }
            />
            <kbd class="tp-kbd tp-search__hint" aria-hidden="true">"/"</kbd>
        </form>
    }
}

#[component]
fn ViewTabs() -> impl IntoView {
    let url = expect_context::<InboxUrl>();
    let list = expect_context::<ConversationList>();
    let tab = move |view: InboxView, label: &'static str| {
        let href = move || url.link_with(|f| f.view = view);
        let count = move || {
            list.counts().map(|c| match view {
                InboxView::Mine => c.mine,
                InboxView::Unassigned => c.unassigned,
                InboxView::All => c.all,
            })
        };
        let current = move || url.filter.with(|f| f.view == view);
        view! {
            <a
                class="tp-tabs__tab"
                href=href
                aria-current=move || current().then_some("page")
            >
                <span>{label}</span>
                <span class="tp-tabs__count">{move || count().map(|n| n.to_string())}</span>
            </a>
        }
    };
    view! {
        <nav class="tp-tabs" aria-label="Views">
            {tab(InboxView::Mine, "Mine")}
            {tab(InboxView::Unassigned, "Unassigned")}
            {tab(InboxView::All, "All")}
        </nav>
    }
}

/// A labelled `<select>` of the filter bar; the first option means "no filter".
#[component]
fn FilterSelect(
    label: &'static str,
    #[prop(into)] value: Signal<String>,
    #[prop(into)] options: Signal<Vec<(String, String)>>,
    on_change: impl Fn(String) + 'static,
) -> impl IntoView {
    let active = move || !value.with(String::is_empty);
    view! {
        <select
            class="tp-filter"
            class:tp-filter--active=active
            aria-label=label
            prop:value=move || value.get()
            on:change=move |ev| on_change(event_target_value(&ev))
        >
            // Each option knows whether it is selected: the team and tag options arrive after
            // the value (from the URL), and a select cannot hold a value it has no option for.
            {move || {
                options
                    .get()
                    .into_iter()
                    .map(|(option, text)| {
                        let selected = value.with(|v| *v == option);
                        view! { <option value=option selected=selected>{text}</option> }
                    })
                    .collect_view()
            }}
        </select>
    }
}

/// "No filter" first, then `(value, label)` pairs.
fn with_none_option(
    none: &str,
    options: impl IntoIterator<Item = (String, String)>,
) -> Vec<(String, String)> {
    std::iter::once((String::new(), none.to_owned()))
        .chain(options)
        .collect()
}

#[component]
fn FilterBar(#[prop(into)] options: Signal<SpaceFilters>) -> impl IntoView {
    let url = expect_context::<InboxUrl>();
    let f = url.filter;

    // Snoozed conversations are left out until the filter asks for them; it says how many.
    let list = expect_context::<ConversationList>();
    let status_options = Signal::derive(move || {
        let snoozed = match list.counts().map(|c| c.snoozed) {
            Some(n) if n > 0 => format!("Snoozed ({n})"),
            _ => "Snoozed".to_owned(),
        };
        with_none_option(
            "Status",
            [
                ("open".to_owned(), "Open".to_owned()),
                ("snoozed".to_owned(), snoozed),
                ("closed".to_owned(), "Closed".to_owned()),
            ],
        )
    });
    let channel_options = with_none_option("Channel", stream_options());
    let team_options = Signal::derive(move || {
        options.with(|o| {
            with_none_option(
                "Team",
                o.teams.iter().map(|t| (t.id.to_string(), t.name.clone())),
            )
        })
    });
    let tag_options = Signal::derive(move || {
        options.with(|o| {
            with_none_option(
                "Tag",
                o.tags.iter().map(|t| (t.id.to_string(), t.name.clone())),
            )
        })
    });
    let narrowed = move || f.with(ConversationFilter::is_narrowed);

    view! {
        <div class="tp-filters" role="group" aria-label="Filters">
            <FilterSelect
                label="Status"
                value=Signal::derive(move || f.with(|f| f.status.map(|s| s.as_str().to_owned()).unwrap_or_default()))
                options=status_options
                on_change=move |v| url.update_filter(|f| f.status = ConversationStatus::parse(&v))
            />
            <FilterSelect
                label="Channel"
                value=Signal::derive(move || f.with(|f| f.stream.map(|s| s.as_str().to_owned()).unwrap_or_default()))
                options=channel_options
                on_change=move |v| url.update_filter(|f| f.stream = Stream::parse(&v))
            />
            <FilterSelect
                label="Team"
                value=Signal::derive(move || f.with(|f| f.team.map(|t| t.to_string()).unwrap_or_default()))
                options=team_options
                on_change=move |v| url.update_filter(|f| f.team = v.parse().ok())
            />
            <FilterSelect
                label="Tag"
                value=Signal::derive(move || f.with(|f| f.tag.map(|t| t.to_string()).unwrap_or_default()))
                options=tag_options
                on_change=move |v| url.update_filter(|f| f.tag = v.parse().ok())
            />
            <button
                type="button"
                class="tp-filter tp-filter--toggle"
                class:tp-filter--active=move || f.with(|f| f.unread)
                aria-pressed=move || f.with(|f| f.unread).to_string()
                on:click=move |_| url.update_filter(|f| f.unread = !f.unread)
            >
                "Unread"
            </button>
            <Show when=narrowed>
                <button
                    type="button"
                    class="tp-link-button"
                    on:click=move |_| url.set_filter(f.with_untracked(ConversationFilter::cleared))
                >
                    "Clear filters"
                </button>
            </Show>
        </div>
    }
}

#[component]
fn SortSelect() -> impl IntoView {
    let url = expect_context::<InboxUrl>();
    let options = [
        (SortOrder::Newest, "Newest first"),
        (SortOrder::Oldest, "Oldest first"),
        (SortOrder::WaitingLongest, "Waiting longest"),
    ];
    view! {
        <select
            class="tp-sort"
            aria-label="Sort"
            prop:value=move || url.filter.with(|f| f.sort.as_str())
            on:change=move |ev| {
                let v = event_target_value(&ev);
                url.update_filter(|f| f.sort = SortOrder::parse(&v).unwrap_or_default());
            }
        >
            {options
                .into_iter()
                .map(|(sort, text)| view! { <option value=sort.as_str()>{text}</option> })
                .collect_view()}
        </select>
    }
}

#[component]
fn ListSkeleton() -> impl IntoView {
    skeleton("tp-list-skeleton", "Loading conversations", 8, |_| {
        view! {
            <div class="tp-list-skeleton__row" aria-hidden="true">
                <span class="tp-skeleton tp-list-skeleton__icon"></span>
                <span class="tp-list-skeleton__lines">
                    <span class="tp-skeleton tp-list-skeleton__line"></span>
                    <span class="tp-skeleton tp-list-skeleton__line tp-list-skeleton__line--long"></span>
                </span>
            </div>
        }
    })
}

#[component]
fn EmptyList() -> impl IntoView {
    let url = expect_context::<InboxUrl>();
    let filter = url.filter.get_untracked();
    let narrowed = filter.is_narrowed();
    let only_snoozed = filter.status == Some(ConversationStatus::Snoozed)
        && ConversationFilter {
            status: None,
            ..filter.clone()
        }
        .cleared()
            == ConversationFilter {
                status: None,
                ..filter.clone()
            };
    let (title, text) = match (narrowed, filter.view) {
        (true, _) if only_snoozed => (
            "Nothing is snoozed",
            "Conversations you snooze wait here until their time comes or the contact writes.",
        ),
        (true, _) => (
            "No conversations match",
            "Try another search or fewer filters.",
        ),
        (false, InboxView::Mine) => (
            "Nothing assigned to you",
            "Conversations assigned to you show up here.",
        ),
        (false, InboxView::Unassigned) => (
            "Every conversation has an owner",
            "New conversations that nobody has taken show up here.",
        ),
        (false, InboxView::All) => (
            "No conversations yet",
            "When customers write to this space, their conversations show up here.",
        ),
    };
    let cleared = filter.cleared();
    let clear = move |_| url.set_filter(cleared.clone());
    view! {
        <div class="tp-list-pane__message" role="status">
            <Svg icon=if narrowed { Icon::Search } else { Icon::Inbox } class="tp-list-pane__message-icon"/>
            <p class="tp-list-pane__message-title">{title}</p>
            <p class="tp-list-pane__message-text">{text}</p>
            {narrowed.then(|| view! {
                <button type="button" class="tp-button" on:click=clear>"Clear filters"</button>
            })}
        </div>
    }
}

/// Under the rows while the next page loads, or after it failed.
fn more_status(more: PageLoader) -> impl IntoView {
    move || {
        if more.loading() {
            Some(
                view! {
                    <div class="tp-list-pane__more" role="status">
                        <span class="tp-spinner tp-spinner--sm" aria-hidden="true"></span>
                        "Loading more…"
                    </div>
                }
                .into_any(),
            )
        } else if more.failed() {
            Some(retry_line(
                "tp-list-pane__more",
                "More conversations didn't load.",
                move || more.load(),
            ))
        } else {
            None
        }
    }
}

/// The rows of one loaded list, loading the next page as the reader nears the end. The last
/// row an action takes away (closed under the Open filter, snoozed) leaves the empty state.
#[component]
fn Rows(pages: ListPages) -> impl IntoView {
    let url = expect_context::<InboxUrl>();
    let rows = pages.rows();
    let cursor = pages.cursor();
    let more = pages.more_loader();
    let pages = StoredValue::new(pages);
    // The row Tab lands on: the keyboard cursor, else the open conversation, else the first.
    let tab_stop = Memo::new(move |_| {
        cursor.get().unwrap_or_else(|| {
            let open = url.open.get();
            rows.with(|rows| rows.iter().position(|r| Some(r.id) == open))
                .unwrap_or(0)
        })
    });
    let bulk = expect_context::<Bulk>();
    // A live event re-renders the row it changes. When that row had the focus, the focus
    // would fall to the page: it goes back to the row the keyboard cursor follows (the same
    // conversation). A focus the user moved elsewhere stays where it is.
    let focused_row = StoredValue::new_local(None::<web_sys::Element>);
    let host = Host::current();
    Effect::new(move |_| {
        rows.track();
        request_animation_frame(move || {
            let Some(Some(row)) = focused_row.try_get_value() else {
                return;
            };
            if row.is_connected() || !focus_on_page() {
                return;
            }
            if let Some(index) = cursor.get_untracked() {
                focus_row(host, index);
            }
        });
    });
    let render = move |index: usize, c: ConversationSummary| {
        let on_focus = move || {
            pages.with_value(|p| p.set_cursor(index));
            focused_row.set_value(host.focused().map(Into::into));
        };
        let (id, name) = (c.id, c.contact.display_name());
        // The checkbox sits beside the row's link, not inside it (no control inside a link).
        view! {
            <div class="tp-conv-row" class:tp-conv-row--selected=move || bulk.contains(id)>
                {row_checkbox(index, id, name)}
                <Row index=index c=c rows=rows tab_stop=tab_stop on_focus=on_focus/>
            </div>
        }
    };
    let empty = Memo::new(move |_| rows.with(Vec::is_empty));
    move || {
        if empty.get() {
            return view! { <EmptyList/> }.into_any();
        }
        view! {
            <VirtualList
                items=rows
                key=row_key
                row_height=ROW_HEIGHT
                render=render
                label="Conversations"
                reveal=cursor
                on_near_end=Callback::new(move |_| more.load())
            />
            {more_status(more)}
        }
        .into_any()
    }
}

/// Whether the focus is on nothing in particular (the page's body).
fn focus_on_page() -> bool {
    let document = document();
    match (document.active_element(), document.body()) {
        (None, _) => true,
        (Some(active), Some(body)) => {
            let body: &web_sys::Element = &body;
            active == *body
        }
        (Some(_), None) => false,
    }
}

/// A row's key: its id and everything an action or a live event changes on it (a new
/// message changes the preview, the time and the unread count), so that a changed row renders
/// again.
fn row_key(c: &ConversationSummary) -> (i64, u64) {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    c.status.as_str().hash(&mut h);
    c.assignee.as_ref().map(|a| a.id).hash(&mut h);
    c.team.id.hash(&mut h);
    for t in &c.tags {
        (t.id, &t.name, &t.color).hash(&mut h);
    }
    c.snoozed_until.hash(&mut h);
    (
        &c.preview,
        &c.last_activity_at,
        &c.waiting_since,
        c.unread_count,
    )
        .hash(&mut h);
    (c.id, h.finish())
}

/// What a screen reader says of a row, beyond the name and preview that are shown.
fn row_about(c: &ConversationSummary, ago_spoken: &str) -> String {
    let mut about = format!(", {}", stream_name(c.stream));
    match (c.status, &c.snoozed_until) {
        (ConversationStatus::Closed, _) => about.push_str(", closed"),
        (ConversationStatus::Snoozed, Some(until)) => {
            about.push_str(&format!(", snoozed until {}", date_time(until)))
        }
        (ConversationStatus::Snoozed, None) => about.push_str(", snoozed"),
        (ConversationStatus::Open, _) => {}
    }
    match &c.assignee {
        Some(a) => about.push_str(&format!(", assigned to {}", a.name)),
        None => about.push_str(", unassigned"),
    }
    if !c.tags.is_empty() {
        let names: Vec<&str> = c.tags.iter().map(|t| t.name.as_str()).collect();
        about.push_str(&format!(", tagged {}", names.join(", ")));
    }
    about.push_str(&format!(", {ago_spoken}: "));
    about
}

#[component]
fn Row(
    index: usize,
    c: ConversationSummary,
    rows: Signal<Vec<ConversationSummary>>,
    tab_stop: Memo<usize>,
    on_focus: impl Fn() + 'static,
) -> impl IntoView {
    let url = expect_context::<InboxUrl>();
    let id = c.id;
    let name = c.contact.display_name();
    let (ago_short, ago_spoken) = ago_labels(&c.last_activity_at);
    // The row's live state: opening it clears its unread badge.
    let unread = Memo::new(move |_| {
        rows.with(|rows| {
            rows.get(index)
                .filter(|r| r.id == id)
                .map_or(0, |r| r.unread_count)
        })
    });
    let has_unread = Memo::new(move |_| unread.get() > 0);
    let about = row_about(&c, &ago_spoken);
    let href = move || url.link(&url.filter.get(), Some(id));
    let shown_tags = c.tags.iter().take(2).cloned().collect::<Vec<_>>();
    let hidden_tags = c.tags.len().saturating_sub(2);
    let snoozed_until = c
        .snoozed_until
        .clone()
        .filter(|_| c.status == ConversationStatus::Snoozed);

    view! {
        <a
            class="tp-conv"
            class:tp-conv--closed=c.status == ConversationStatus::Closed
            class:tp-conv--unread=has_unread
            href=href
            data-conversation-row=index
            tabindex=move || if tab_stop.get() == index { "0" } else { "-1" }
            aria-current=move || (url.open.get() == Some(id)).then_some("true")
            on:focus=move |_| on_focus()
        >
            <ChannelIcon stream=c.stream/>
            // The link's name is its text: the shown parts plus hidden words that say what the
            // icons and abbreviations show.
            <span class="tp-conv__main">
                <span class="tp-conv__top">
                    <span class="tp-conv__name">{name}</span>
                    <span class="tp-visually-hidden">{about}</span>
                    <span class="tp-conv__time" aria-hidden="true">{ago_short}</span>
                </span>
                <span class="tp-conv__preview">{c.preview}</span>
                {move || match unread.get() {
                    0 => None,
                    n => Some(view! { <span class="tp-visually-hidden">{format!(" ({n} unread)")}</span> }),
                }}
                <span class="tp-conv__meta" aria-hidden="true">
                    {shown_tags
                        .into_iter()
                        .map(|t| {
                            view! {
                                <span class="tp-tag">
                                    <span class="tp-tag__dot" style:background-color=t.color></span>
                                    {t.name}
                                </span>
                            }
                        })
                        .collect_view()}
                    {(hidden_tags > 0).then(|| view! { <span class="tp-tag">{format!("+{hidden_tags}")}</span> })}
                    {snoozed_until.map(|until| view! { <SnoozedUntil until=until/> })}
                    <span class="tp-conv__spacer"></span>
                    {match c.assignee {
                        Some(a) => view! { <Avatar name=a.name size="xs"/> }.into_any(),
                        None => view! { <span class="tp-conv__unassigned">"Unassigned"</span> }.into_any(),
                    }}
                    {move || {
                        let n = unread.get();
                        (n > 0).then(|| view! { <span class="tp-unread">{n.min(99)}</span> })
                    }}
                </span>
            </span>
        </a>
    }
}
