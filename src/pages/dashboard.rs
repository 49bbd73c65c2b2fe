//! The Inbox of one space: sidebar (counts, teams, space switcher, Settings) and the main area.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use textpeak_api::{Capability, SpaceInfo, SpaceSummary};

use crate::api::ApiClient;
use crate::components::icons::{Icon, Svg};
use crate::components::space_switcher::SpaceSwitcher;
use crate::components::states::{ErrorPanel, Loading, StatePanel};
use crate::routes::href;
use crate::state::Session;

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

#[component]
fn InboxLayout(space: Memo<Option<SpaceInfo>>) -> impl IntoView {
    let session = expect_context::<Session>();
    let client = expect_context::<ApiClient>();
    let space_id = Memo::new(move |_| space.with(|s| s.as_ref().map_or(0, |s| s.id)));
    let space_name = move || space.with(|s| s.as_ref().map(|s| s.name.clone()).unwrap_or_default());
    Effect::new(move |_| super::set_title(&space_name()));
    let summary = LocalResource::new(move || {
        let client = client.clone();
        let id = space_id.get();
        async move { client.space_summary(id).await }
    });
    let spaces = Signal::derive(move || session.me().map(|m| m.spaces).unwrap_or_default());
    let can_open_settings =
        move || session.with_me(|me| me.is_some_and(|m| m.can(Capability::OpenSettings)));

    let teams = move || {
        Suspend::new(async move {
            summary.await.ok().map(|s| {
                s.teams
                    .into_iter()
                    .map(|t| {
                        view! {
                            <li class="tp-sidebar__item">
                                <span>{t.name}</span>
                                <span class="tp-count" aria-label=format!("{} open", t.open)>
                                    {t.open}
                                </span>
                            </li>
                        }
                    })
                    .collect_view()
            })
        })
    };

    let overview = move || {
        Suspend::new(async move {
            match summary.await {
                Ok(s) => view! { <SpaceOverview summary=s/> }.into_any(),
                Err(e) => view! {
                    <ErrorPanel message=e.message() on_retry=move |_| summary.refetch()/>
                }
                .into_any(),
            }
        })
    };

    view! {
        <div class="tp-inbox">
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
                    <Show when=can_open_settings>
                        <A href=href::settings() attr:class="tp-sidebar__settings">
                            <Svg icon=Icon::Settings/>
                            <span>"Settings"</span>
                        </A>
                    </Show>
                </div>
            </aside>
            <section class="tp-inbox__main" aria-labelledby="tp-space-title">
                <h1 class="tp-page__title" id="tp-space-title">{space_name}</h1>
                <Transition fallback=|| view! { <Loading label="Loading conversations"/> }>
                    {overview}
                </Transition>
            </section>
        </div>
    }
}

/// The state of the space at a glance: what is open, waiting for an owner, assigned to me.
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
