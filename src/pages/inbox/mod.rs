//! The Inbox of one space: sidebar (teams, space switcher, Settings), the conversation list,
//! the open thread and its details. What the list shows and which conversation is open live in
//! the URL (`?view=mine&q=…&conversation=42`), so reloads and shared links keep them.

mod details;
pub(crate) mod list;
mod shortcuts_help;
mod thread;

use leptos::ev;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};
use leptos_router::NavigateOptions;
use textpeak_api::{
    Capability, ConversationDetail, ConversationFilter, ConversationStatus, ConversationSummary,
    SpaceInfo, SpaceSummary, ViewCounts,
};
use wasm_bindgen::JsCast;

use crate::api::{ApiClient, ApiError};
use crate::components::icons::{Icon, Svg};
use crate::components::space_switcher::SpaceSwitcher;
use crate::components::states::StatePanel;
use crate::components::toast::Toasts;
use crate::config::InboxConfig;
use crate::routes::href;
use crate::shortcuts::{move_cursor, shortcut_for, KeyTarget, Shortcut};
use crate::state::Session;

use details::DetailsPanel;
use list::ConversationPane;
use shortcuts_help::ShortcutsHelp;
use thread::ThreadPane;

#[component]
pub fn DashboardPage() -> impl IntoView {
    let session = expect_context::<Session>();
    let params = use_params_map();
    let space_id =
        Memo::new(move |_| params.with(|p| p.get("space").and_then(|s| s.parse::<i64>().ok())));
    let space = Memo::new(move |_| {
        let id = space_id.get()?;
        session.with_me(|me| me.and_then(|m| m.space(id).cloned()))
    });

    // Only "is there such a space" decides the page; switching spaces keeps the layout (and the
    // focus on the space switcher) and just reloads what depends on the space.
    let known = Memo::new(move |_| space.with(Option::is_some));
    move || {
        if known.get() {
            return view! { <InboxLayout space=space/> }.into_any();
        }
        super::set_title("Space not available");
        view! {
            <div class="tp-page tp-page--center">
                <StatePanel
                    icon=Icon::Search
                    title="This space isn't available"
                    text="It doesn't exist, or you aren't assigned to it. Your other spaces are still in the Inbox."
                >
                    <A href="/inbox" attr:class="tp-button tp-button--primary">"Open my Inbox"</A>
                </StatePanel>
            </div>
        }
        .into_any()
    }
}

/// Where the first page of the list stands.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum ListState {
    Loading,
    Ready,
    Failed(String),
}

/// Where loading the next page of the list stands.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum MoreState {
    Idle,
    Loading,
    Failed,
}

/// The open conversation's details.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum DetailState {
    None,
    Loading,
    Loaded(ConversationDetail),
    Failed(String),
}

/// Everything the panes of one space share. Copy, lives in context.
#[derive(Clone, Copy)]
pub(crate) struct Inbox {
    pub space_id: Memo<i64>,
    pub filter: Memo<ConversationFilter>,
    /// The open conversation.
    pub open: Memo<Option<i64>>,
    pub rows: RwSignal<Vec<ConversationSummary>>,
    pub counts: RwSignal<Option<ViewCounts>>,
    pub state: RwSignal<ListState>,
    pub more: RwSignal<MoreState>,
    next_cursor: RwSignal<Option<String>>,
    /// The keyboard cursor: the list row that J/K and the arrows are on.
    pub cursor: RwSignal<Option<usize>>,
    pub details_open: RwSignal<bool>,
    pub help_open: RwSignal<bool>,
    /// The open conversation's details, for the thread's header and the details panel.
    pub detail: RwSignal<DetailState>,
    /// Bumped when the open thread changed on the server (closed, reopened), so it reloads.
    pub thread_version: RwSignal<u64>,
    /// A close or reopen is on its way.
    pub status_busy: RwSignal<bool>,
    /// Bumped on every new first-page load, so that an answer to an older one is dropped.
    generation: StoredValue<u64>,
    navigate: StoredValue<Navigate, LocalStorage>,
    base_path: StoredValue<String>,
}

/// The router's navigate function, kept in `Inbox` so that every pane can change the URL.
type Navigate = Box<dyn Fn(&str, NavigateOptions)>;

/// The details panel starts open where there is room for it beside the thread.
const WIDE_ENOUGH_FOR_DETAILS: f64 = 1200.0;
/// Below this width (the phone layout in inbox.css) one pane shows at a time.
const PHONE_WIDTH: f64 = 720.0;

fn window_width() -> f64 {
    window()
        .inner_width()
        .ok()
        .and_then(|w| w.as_f64())
        .unwrap_or(0.0)
}
pub(crate) const SEARCH_ID: &str = "tp-conversation-search";

impl Inbox {
    fn new(space_id: Memo<i64>) -> Self {
        let query = use_query_map();
        let filter = Memo::new(move |_| {
            query.with(|q| {
                ConversationFilter::from_query(
                    q.into_iter().map(|(k, v)| (k.to_string(), v.to_string())),
                )
            })
        });
        let open = Memo::new(move |_| {
            query.with(|q| {
                q.get_str(href::CONVERSATION_PARAM)
                    .and_then(|v| v.parse::<i64>().ok())
            })
        });
        let wide = window_width() >= WIDE_ENOUGH_FOR_DETAILS;
        let navigate = use_navigate();
        Inbox {
            space_id,
            filter,
            open,
            rows: RwSignal::new(Vec::new()),
            counts: RwSignal::new(None),
            state: RwSignal::new(ListState::Loading),
            more: RwSignal::new(MoreState::Idle),
            next_cursor: RwSignal::new(None),
            cursor: RwSignal::new(None),
            details_open: RwSignal::new(wide),
            help_open: RwSignal::new(false),
            detail: RwSignal::new(DetailState::None),
            thread_version: RwSignal::new(0),
            status_busy: RwSignal::new(false),
            generation: StoredValue::new(0),
            navigate: StoredValue::new_local(Box::new(navigate)),
            base_path: StoredValue::new(expect_context::<InboxConfig>().base_path.to_string()),
        }
    }

    /// An href for a plain `<a>`: the router only adds its base path to paths it navigates to.
    /// Tracks the space, so that links follow a switch of spaces.
    pub fn link(&self, filter: &ConversationFilter, open: Option<i64>) -> String {
        let path = href::conversations(self.space_id.get(), filter, open);
        format!("{}{path}", self.base_path.get_value())
    }

    fn go(&self, filter: &ConversationFilter, open: Option<i64>, replace: bool) {
        let path = href::conversations(self.space_id.get_untracked(), filter, open);
        let options = NavigateOptions {
            replace,
            scroll: false,
            ..NavigateOptions::default()
        };
        self.navigate
            .with_value(|navigate| navigate(&path, options));
    }

    /// Shows the list with another filter; the open conversation stays open.
    pub fn set_filter(&self, filter: ConversationFilter) {
        self.go(&filter, self.open.get_untracked(), true);
    }

    pub fn update_filter(&self, change: impl FnOnce(&mut ConversationFilter)) {
        let mut filter = self.filter.get_untracked();
        change(&mut filter);
        self.set_filter(filter);
    }

    /// Opens a conversation (a history entry, so Back returns to the list on a phone).
    pub fn open_conversation(&self, id: i64) {
        if self.open.get_untracked() != Some(id) {
            self.go(&self.filter.get_untracked(), Some(id), false);
        }
    }

    pub fn close_conversation(&self) {
        self.go(&self.filter.get_untracked(), None, false);
    }

    /// Loads the first page for the current space and filter, replacing the list.
    fn load_first_page(&self) {
        let this = *self;
        let generation = self.generation.get_value() + 1;
        self.generation.set_value(generation);
        let space = self.space_id.get_untracked();
        let filter = self.filter.get_untracked();
        self.state.set(ListState::Loading);
        self.more.set(MoreState::Idle);
        let client = expect_context::<ApiClient>();
        leptos::task::spawn_local(async move {
            let result = client.conversations(space, &filter, None).await;
            if this.generation.try_get_value() != Some(generation) {
                return;
            }
            match result {
                Ok(page) => {
                    this.rows.try_set(page.items);
                    this.counts.try_set(Some(page.counts));
                    this.next_cursor.try_set(page.next_cursor);
                    this.cursor.try_set(None);
                    this.state.try_set(ListState::Ready);
                }
                Err(e) => {
                    this.state.try_set(ListState::Failed(e.message()));
                }
            }
        });
    }

    /// Appends the next page, if there is one and none is loading.
    pub fn load_more(&self) {
        let Some(cursor) = self.next_cursor.get_untracked() else {
            return;
        };
        if self.more.get_untracked() == MoreState::Loading {
            return;
        }
        let this = *self;
        let generation = self.generation.get_value();
        let space = self.space_id.get_untracked();
        let filter = self.filter.get_untracked();
        self.more.set(MoreState::Loading);
        let client = expect_context::<ApiClient>();
        leptos::task::spawn_local(async move {
            let result = client.conversations(space, &filter, Some(cursor)).await;
            if this.generation.try_get_value() != Some(generation) {
                return;
            }
            match result {
                Ok(page) => {
                    this.rows.try_update(|rows| {
                        // A conversation that moved up since the first page was loaded can
                        // come again; the list shows it once.
                        let seen: std::collections::HashSet<i64> =
                            rows.iter().map(|r| r.id).collect();
                        rows.extend(page.items.into_iter().filter(|c| !seen.contains(&c.id)));
                    });
                    this.next_cursor.try_set(page.next_cursor);
                    this.more.try_set(MoreState::Idle);
                }
                Err(_) => {
                    this.more.try_set(MoreState::Failed);
                }
            }
        });
    }

    pub fn retry(&self) {
        self.load_first_page();
    }

    /// Loads the open conversation's details and, as opening it read it, marks it read.
    pub fn load_detail(&self) {
        let Some(id) = self.open.get_untracked() else {
            self.detail.set(DetailState::None);
            return;
        };
        let this = *self;
        self.detail.set(DetailState::Loading);
        let client = expect_context::<ApiClient>();
        leptos::task::spawn_local(async move {
            let result = client.conversation(id).await;
            if this.open.try_get_untracked() != Some(Some(id)) {
                return;
            }
            match result {
                Ok(detail) => {
                    let unread = detail.summary.unread_count > 0
                        || this.rows.with_untracked(|rows| {
                            rows.iter().any(|r| r.id == id && r.unread_count > 0)
                        });
                    this.detail.try_set(DetailState::Loaded(detail));
                    if unread && client.mark_read(id).await.is_ok() {
                        this.mark_read_locally(id);
                    }
                }
                Err(e) => {
                    this.detail.try_set(DetailState::Failed(e.message()));
                }
            }
        });
    }

    /// Closes or reopens the open conversation. The server checks the role (a custom role can
    /// lose either); the header, the row and the thread's event follow its answer.
    pub fn set_status(&self, status: ConversationStatus) {
        let Some(id) = self.open.get_untracked() else {
            return;
        };
        let this = *self;
        let client = expect_context::<ApiClient>();
        let toasts = expect_context::<Toasts>();
        self.status_busy.set(true);
        leptos::task::spawn_local(async move {
            let result = client.set_conversation_status(id, status).await;
            this.status_busy.try_set(false);
            match result {
                Ok(detail) => {
                    this.rows.try_update(|rows| {
                        if let Some(row) = rows.iter_mut().find(|r| r.id == id) {
                            row.status = detail.summary.status;
                        }
                    });
                    if this.open.try_get_untracked() == Some(Some(id)) {
                        this.detail.try_set(DetailState::Loaded(detail));
                        this.thread_version.try_update(|v| *v += 1);
                    }
                }
                Err(e) => {
                    let verb = match status {
                        ConversationStatus::Closed => "closed",
                        ConversationStatus::Open => "reopened",
                    };
                    toasts.error(
                        format!("The conversation couldn't be {verb}"),
                        Some(e.message()),
                    );
                }
            }
        });
    }

    /// Opening a conversation read it: its row loses the unread badge.
    pub fn mark_read_locally(&self, id: i64) {
        self.rows.try_update(|rows| {
            if let Some(row) = rows.iter_mut().find(|r| r.id == id) {
                row.unread_count = 0;
            }
        });
    }

    /// Moves the keyboard cursor and focuses that row.
    fn move_cursor(&self, shortcut: Shortcut) {
        let len = self.rows.with_untracked(Vec::len);
        let current = self.cursor.get_untracked().or_else(|| {
            let open = self.open.get_untracked()?;
            self.rows
                .with_untracked(|rows| rows.iter().position(|r| r.id == open))
        });
        let next = move_cursor(current, shortcut, len);
        self.cursor.set(next);
        if let Some(index) = next {
            list::focus_row(index);
        }
    }

    fn open_at_cursor(&self) {
        let id = self
            .cursor
            .get_untracked()
            .and_then(|i| self.rows.with_untracked(|rows| rows.get(i).map(|r| r.id)));
        if let Some(id) = id {
            self.open_conversation(id);
        }
    }
}

/// What kind of element a key press came from.
fn key_target(event: &ev::KeyboardEvent) -> KeyTarget {
    let Some(element) = event
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
    else {
        return KeyTarget::Page;
    };
    let tag = element.tag_name().to_ascii_lowercase();
    let editable = element
        .get_attribute("contenteditable")
        .is_some_and(|v| v != "false");
    if matches!(tag.as_str(), "input" | "textarea" | "select") || editable {
        KeyTarget::TextField
    } else if element
        .closest("[data-conversation-row]")
        .ok()
        .flatten()
        .is_some()
    {
        KeyTarget::ListRow
    } else {
        KeyTarget::Page
    }
}

#[component]
fn InboxLayout(space: Memo<Option<SpaceInfo>>) -> impl IntoView {
    let session = expect_context::<Session>();
    let client = expect_context::<ApiClient>();
    let space_id = Memo::new(move |_| space.with(|s| s.as_ref().map_or(0, |s| s.id)));
    let space_name = move || space.with(|s| s.as_ref().map(|s| s.name.clone()).unwrap_or_default());
    Effect::new(move |_| super::set_title(&space_name()));

    let inbox = Inbox::new(space_id);
    provide_context(inbox);

    // A new space or filter is a new list. (Syncing with the server is what effects are for.)
    Effect::new(move |_| {
        space_id.track();
        inbox.filter.track();
        inbox.load_first_page();
    });
    Effect::new(move |_| {
        inbox.open.track();
        inbox.load_detail();
    });

    // The space's figures (sidebar, idle pane) load once the list has its first page: the list
    // is what people wait for, and the server answers one query at a time.
    let summary_space = RwSignal::new(None::<i64>);
    Effect::new(move |_| {
        let space = space_id.get();
        let list_shown = inbox.state.with(|s| *s != ListState::Loading);
        if summary_space.get_untracked() != Some(space) {
            summary_space.set(list_shown.then_some(space));
        }
    });
    let summary = LocalResource::new(move || {
        let client = client.clone();
        let space = summary_space.get();
        async move {
            match space {
                Some(id) => Some(client.space_summary(id).await),
                None => None,
            }
        }
    });
    let spaces = Signal::derive(move || session.me().map(|m| m.spaces).unwrap_or_default());
    let can_open_settings =
        move || session.with_me(|me| me.is_some_and(|m| m.can(Capability::OpenSettings)));
    // The setup checklist stays one click away for owner and Admins until every step is done.
    let checklist = {
        let client = expect_context::<ApiClient>();
        LocalResource::new(move || {
            let client = client.clone();
            let allowed =
                session.with_me(|me| me.is_some_and(|m| m.can(Capability::SeeOnboarding)));
            async move {
                match allowed {
                    true => client.onboarding().await.ok(),
                    false => None,
                }
            }
        })
    };
    let checklist_link = move || {
        let onboarding = checklist.get().flatten().filter(|o| !o.all_done())?;
        let (done, total) = onboarding.progress();
        Some(view! {
            <A href=href::onboarding() attr:class="tp-sidebar__settings">
                <Svg icon=Icon::CircleCheck/>
                <span>"Setup checklist"</span>
                <span class="tp-sidebar__count">{format!("{done} of {total}")}</span>
            </A>
        })
    };

    let keys = window_event_listener(ev::keydown, move |event| {
        if event.default_prevented() || inbox.help_open.get_untracked() {
            return;
        }
        let with_modifier = event.ctrl_key() || event.alt_key() || event.meta_key();
        let Some(shortcut) = shortcut_for(&event.key(), with_modifier, key_target(&event)) else {
            return;
        };
        // Another dialog or menu is open: its keys are its own.
        if document()
            .query_selector("[aria-modal='true'], [role='listbox']:focus-within")
            .ok()
            .flatten()
            .is_some()
        {
            return;
        }
        event.prevent_default();
        match shortcut {
            Shortcut::Next | Shortcut::Previous => inbox.move_cursor(shortcut),
            Shortcut::Open => inbox.open_at_cursor(),
            Shortcut::FocusSearch => {
                if let Some(search) = document()
                    .get_element_by_id(SEARCH_ID)
                    .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
                {
                    let _ = search.focus();
                }
            }
            Shortcut::ToggleDetails => inbox.details_open.update(|o| *o = !*o),
            Shortcut::Help => inbox.help_open.set(true),
        }
    });
    on_cleanup(move || keys.remove());

    // Narrowing a window to phone width shows the thread, not the details it had beside it.
    let was_phone = StoredValue::new(window_width() < PHONE_WIDTH);
    let resize = window_event_listener(ev::resize, move |_| {
        let phone = window_width() < PHONE_WIDTH;
        if phone && !was_phone.get_value() {
            inbox.details_open.set(false);
        }
        was_phone.set_value(phone);
    });
    on_cleanup(move || resize.remove());

    let teams = move || {
        Suspend::new(async move {
            summary.await.and_then(Result::ok).map(|s| {
                s.teams
                    .into_iter()
                    .map(|t| {
                        let team_id = t.id;
                        let active = move || inbox.filter.with(|f| f.team == Some(team_id));
                        let href = move || {
                            let mut filter = inbox.filter.get();
                            filter.team = if filter.team == Some(team_id) {
                                None
                            } else {
                                Some(team_id)
                            };
                            inbox.link(&filter, inbox.open.get())
                        };
                        view! {
                            <li>
                                <a
                                    class="tp-sidebar__item tp-sidebar__link"
                                    href=href
                                    aria-current=move || active().then_some("true")
                                >
                                    <span>{t.name}</span>
                                    <span class="tp-count" aria-label=format!("{} open", t.open)>
                                        {t.open}
                                    </span>
                                </a>
                            </li>
                        }
                    })
                    .collect_view()
            })
        })
    };

    // On a phone one pane shows at a time: the list, the open thread, or its details.
    let pane = move || match (inbox.open.get().is_some(), inbox.details_open.get()) {
        (false, _) => "list",
        (true, false) => "thread",
        (true, true) => "details",
    };

    view! {
        <div class="tp-inbox" data-pane=pane>
            <aside class="tp-sidebar" aria-label="Inbox navigation">
                <div class="tp-sidebar__head">
                    <p class="tp-sidebar__eyebrow">"Inbox"</p>
                    <p class="tp-sidebar__space">{space_name}</p>
                </div>
                <nav class="tp-sidebar__section" aria-label="Teams">
                    <h2 class="tp-sidebar__heading">"Teams"</h2>
                    <ul class="tp-sidebar__list">
                        <Transition fallback=|| view! { <li class="tp-sidebar__item tp-skeleton"></li> }>
                            {teams}
                        </Transition>
                    </ul>
                </nav>
                <div class="tp-sidebar__footer">
                    <SpaceSwitcher spaces=spaces current=space_id/>
                    {checklist_link}
                    <Show when=can_open_settings>
                        <A href=href::settings() attr:class="tp-sidebar__settings">
                            <Svg icon=Icon::Settings/>
                            <span>"Settings"</span>
                        </A>
                    </Show>
                    <button
                        type="button"
                        class="tp-sidebar__settings tp-sidebar__shortcuts"
                        on:click=move |_| inbox.help_open.set(true)
                    >
                        <Svg icon=Icon::Keyboard/>
                        <span>"Keyboard shortcuts"</span>
                        <kbd class="tp-kbd tp-kbd--dark">"?"</kbd>
                    </button>
                </div>
            </aside>
            <h1 class="tp-visually-hidden" id="tp-space-title">{space_name}</h1>
            <ConversationPane/>
            <ThreadPane summary=summary/>
            <DetailsPanel/>
            <ShortcutsHelp/>
        </div>
    }
}

/// The space's figures: None until the list has its first page.
pub(crate) type SummaryResource = LocalResource<Option<Result<SpaceSummary, ApiError>>>;

/// The state of the space at a glance, shown while no conversation is open: what is open,
/// waiting for an owner, assigned to me.
#[component]
fn SpaceOverview(summary: SpaceSummary) -> impl IntoView {
    let figures = [
        ("Open conversations", summary.open),
        ("Unassigned", summary.unassigned_open),
        ("Assigned to you", summary.mine_open),
        ("Unread", summary.unread),
    ];
    view! {
        <dl class="tp-stats">
            {figures
                .into_iter()
                .map(|(label, value)| {
                    view! {
                        <div class="tp-stat">
                            <dt class="tp-stat__label">{label}</dt>
                            <dd class="tp-stat__value">{value}</dd>
                        </div>
                    }
                })
                .collect_view()}
        </dl>
    }
}
