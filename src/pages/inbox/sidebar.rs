//! The dashboard's sidebar: the space, its teams with their open counts, the space switcher,
//! Settings and the keyboard shortcuts.

use leptos::prelude::*;
use leptos_router::components::A;
use textpeak_api::Capability;

use super::idle::SummaryResource;
use super::notifications::NotificationsToggle;
use super::url::InboxUrl;
use crate::components::layout::space_switcher::SpaceSwitcher;
use crate::components::ui::icons::{Icon, Svg};
use crate::components::ui::suspense::transition;
use crate::logic::routes::href;
use crate::state::inbox::Panes;
use crate::state::unread::SpaceUnread;
use crate::state::Session;

/// The space's teams, each a link that narrows the list to it (and back).
fn teams(summary: SummaryResource) -> impl Fn() -> Suspend<AnyView> + Send + Sync + 'static {
    let url = expect_context::<InboxUrl>();
    move || {
        Suspend::new(async move {
            summary
                .await
                .and_then(Result::ok)
                .map(|s| {
                    s.teams
                    .into_iter()
                    .map(|t| {
                        let team_id = t.id;
                        let active = move || url.filter.with(|f| f.team == Some(team_id));
                        let href = move || {
                            url.link_with(|f| {
                                f.team = if f.team == Some(team_id) {
                                    None
                                } else {
                                    Some(team_id)
                                };
                            })
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
                .into_any()
        })
    }
}

/// `children` go under the space switcher (the setup checklist's link).
#[component]
pub fn Sidebar(
    #[prop(into)] space_name: Signal<String>,
    space_id: Memo<i64>,
    summary: SummaryResource,
    children: Children,
) -> impl IntoView {
    let session = expect_context::<Session>();
    let panes = expect_context::<Panes>();
    let spaces = Signal::derive(move || session.me().map(|m| m.spaces).unwrap_or_default());
    let unread = use_context::<SpaceUnread>().map(|u| Signal::derive(move || u.counts()));
    let can_open_settings =
        move || session.with_me(|me| me.is_some_and(|m| m.can(Capability::OpenSettings)));
    view! {
        <aside class="tp-sidebar" aria-label="Inbox navigation">
            <div class="tp-sidebar__head">
                <p class="tp-sidebar__eyebrow">"Inbox"</p>
                <p class="tp-sidebar__space">{space_name}</p>
            </div>
            <nav class="tp-sidebar__section" aria-label="Teams">
                <h2 class="tp-sidebar__heading">"Teams"</h2>
                <ul class="tp-sidebar__list">
                    {transition(|| view! { <li class="tp-sidebar__item tp-skeleton"></li> }, None, teams(summary))}
                </ul>
            </nav>
            <div class="tp-sidebar__footer">
                <SpaceSwitcher spaces=spaces current=space_id unread=unread/>
                {children()}
                <Show when=can_open_settings>
                    <A href=href::settings() attr:class="tp-sidebar__settings">
                        <Svg icon=Icon::Settings/>
                        <span>"Settings"</span>
                    </A>
                </Show>
                <NotificationsToggle/>
                <button
                    type="button"
                    class="tp-sidebar__settings tp-sidebar__shortcuts"
                    on:click=move |_| panes.show_help()
                >
                    <Svg icon=Icon::Keyboard/>
                    <span>"Keyboard shortcuts"</span>
                    <kbd class="tp-kbd tp-kbd--dark">"?"</kbd>
                </button>
            </div>
        </aside>
    }
}
