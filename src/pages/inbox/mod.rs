//! The Inbox of one space: sidebar (teams, space switcher, Settings), the conversation list,
//! the open thread and its details. What the list shows and which conversation is open live in
//! the URL (`?view=mine&q=…&conversation=42`), so reloads and shared links keep them.

mod actions;
mod bulk;
mod composer;
mod details;
mod dom;
mod idle;
mod keys;
pub(crate) mod list;
mod live;
mod message_parts;
mod new_conversation;
mod notifications;
mod palette;
mod shortcuts_help;
mod sidebar;
mod thread;
mod url;

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use textpeak_api::{Capability, SpaceInfo};

use crate::api::ApiClient;
use crate::components::layout::live_banner::LiveBanner;
use crate::components::ui::icons::{Icon, Svg};
use crate::components::ui::states::FullPageState;
use crate::logic::routes::href;
use crate::state::inbox::{ConversationList, OpenConversation, Outbox, Panes, Presence};
use crate::state::unread::SpaceUnread;
use crate::state::{Live, Session};

use bulk::{use_selection_keys, Bulk};
use details::DetailsPanel;
use idle::{NoConversationOpen, SummaryResource};
use keys::use_shortcuts;
use list::ConversationPane;
use new_conversation::{use_start_key, NewConversationDialog, Starter};
use palette::{use_palette_key, CommandPalette, Palette};
use shortcuts_help::ShortcutsHelp;
use sidebar::Sidebar;
use thread::Thread;
use url::InboxUrl;

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
            <FullPageState icon=Icon::Search title="This space isn't available"
                text="It doesn't exist, or you aren't assigned to it. Your other spaces are still in the Inbox.">
                <A href="/inbox" attr:class="tp-button tp-button--primary">"Open my Inbox"</A>
            </FullPageState>
        }
        .into_any()
    }
}

/// The dashboard of one space. Its stores: the URL (space, filter, open conversation), the
/// conversation list, the panes; the open conversation has its own while it is open.
#[component]
fn InboxLayout(space: Memo<Option<SpaceInfo>>) -> impl IntoView {
    let session = expect_context::<Session>();
    let client = expect_context::<ApiClient>();
    let space_id = Memo::new(move |_| space.with(|s| s.as_ref().map_or(0, |s| s.id)));
    let space_name = move || space.with(|s| s.as_ref().map(|s| s.name.clone()).unwrap_or_default());
    Effect::new(move |_| super::set_title(&space_name()));

    let url = InboxUrl::new(space_id);
    let panes = Panes::new();
    let user_id = untrack(|| session.with_me(|me| me.map_or(0, |m| m.user.id)));
    let list = ConversationList::new(client.clone(), space_id, url.filter, user_id);
    provide_context(Outbox::new(client.clone(), user_id));
    provide_context(url);
    provide_context(list);
    provide_context(panes);
    // Bulk selection, the New conversation dialog and the command palette; the selection keys
    // listen first, so that Shift+arrows are theirs.
    let bulk = Bulk::new(url);
    provide_context(bulk);
    let palette = Palette::new();
    provide_context(palette);
    use_selection_keys(url, list, bulk);
    use_palette_key(palette);
    let action_keys = actions::ActionKeys::new();
    provide_context(action_keys);
    use_shortcuts(url, list, panes, action_keys);

    // The space's figures (sidebar, idle pane) load once the list has its first page: the list
    // is what people wait for, and the server answers one query at a time.
    let summary_space = Memo::new(move |_| list.answered_space().filter(|s| *s == space_id.get()));
    let starter = Starter::new(client.clone(), summary_space);
    provide_context(starter);
    use_start_key(starter);
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
    // The setup checklist stays one click away for owner and Admins until every step is done.
    // Live updates: one stream for the dashboard, whichever space shows.
    let live = Live::new(expect_context::<ApiClient>(), move || session.refresh());
    provide_context(live);
    // The stream opens from where the first list page was read, once it is in (or failed).
    Effect::new(move |_| {
        if list.answered_space().is_some() {
            live.connect(list.read_at_untracked());
        }
    });
    let unread = SpaceUnread::new(expect_context::<ApiClient>());
    provide_context(unread);
    live::use_live_dashboard(live, list, space_id, summary, unread);
    let desktop = notifications::DesktopNotifications::new(user_id);
    provide_context(desktop);
    notifications::use_desktop_notifications(live, desktop, user_id);
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

    // On a phone one pane shows at a time: the list, the open thread, or its details.
    let pane = move || match (url.open.get().is_some(), panes.details_open()) {
        (false, _) => "list",
        (true, false) => "thread",
        (true, true) => "details",
    };

    view! {
        <LiveBanner/>
        <div class="tp-inbox" data-pane=pane>
            <Sidebar space_name=Signal::derive(space_name) space_id=space_id summary=summary>
                {checklist_link}
            </Sidebar>
            <h1 class="tp-visually-hidden" id="tp-space-title">{space_name}</h1>
            <ConversationPane/>
            <ConversationPanes summary=summary/>
            <ShortcutsHelp/>
            <NewConversationDialog/>
            <CommandPalette/>
        </div>
    }
}

/// The open conversation's thread and details, or the space at a glance while none is open.
#[component]
fn ConversationPanes(summary: SummaryResource) -> impl IntoView {
    let url = expect_context::<InboxUrl>();
    move || match url.open.get() {
        Some(id) => view! { <OpenConversationPanes id=id/> }.into_any(),
        None => view! { <NoConversationOpen summary=summary/> }.into_any(),
    }
}

#[component]
fn OpenConversationPanes(id: i64) -> impl IntoView {
    let list = expect_context::<ConversationList>();
    let client = expect_context::<ApiClient>();
    let conversation = OpenConversation::open(client.clone(), id, list);
    provide_context(conversation);
    let session = expect_context::<Session>();
    let me = untrack(|| session.with_me(|m| m.map_or(0, |m| m.user.id)));
    let presence = Presence::join(client, id, me, move || {
        untrack(|| session.with_me(|m| m.is_some()))
    });
    provide_context(presence);
    live::use_live_conversation(expect_context::<Live>(), conversation, presence);
    // The open conversation's actions and their menus' options (pages/inbox/actions).
    provide_context(actions::Actor::new());
    view! {
        <Thread/>
        <DetailsPanel/>
    }
}
