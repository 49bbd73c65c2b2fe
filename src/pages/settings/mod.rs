//! Settings: where the owner, Inbox Admins and Inbox Managers set the Inbox up. A navigation of
//! the areas the user may change, and one page per area (`routes::SettingsArea`). The server
//! scopes every list and refuses every change outside the user's scope; these pages only show
//! what it answers and hide what the role cannot use.

mod kit;
mod routing;
mod sender_profiles;
mod senders;
mod spaces;
mod tags;
mod templates;
mod users;

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use textpeak_api::Capability;

use self::kit::find_next_frame;
use crate::components::layout::screens::NoAccess;
use crate::components::layout::screens::NotFound;
use crate::components::ui::icons::{Icon, Svg};
use crate::logic::routes::{href, SettingsArea};
use crate::state::Session;

fn icon(area: SettingsArea) -> Icon {
    match area {
        SettingsArea::SenderProfiles => Icon::Send,
        SettingsArea::Routing => Icon::Route,
        SettingsArea::Tags => Icon::Tag,
        SettingsArea::Templates => Icon::FileText,
        SettingsArea::Spaces => Icon::Layers,
        SettingsArea::Users => Icon::Users,
    }
}

fn summary(area: SettingsArea) -> &'static str {
    match area {
        SettingsArea::SenderProfiles => {
            "Numbers and bots your teams send from, on SMS, WhatsApp and Telegram."
        }
        SettingsArea::Routing => "Which team receives the conversations customers start.",
        SettingsArea::Tags => "Labels with colours to sort conversations.",
        SettingsArea::Templates => {
            "Saved replies with placeholders, and approved WhatsApp templates."
        }
        SettingsArea::Spaces => "Workspaces and the teams inside them.",
        SettingsArea::Users => "Who works in the Inbox, with which role.",
    }
}

/// The areas the signed-in user may open, in navigation order.
fn allowed_areas(session: Session) -> Vec<SettingsArea> {
    session.with_me(|me| {
        SettingsArea::ALL
            .into_iter()
            .filter(|a| me.is_some_and(|m| m.can(a.needs())))
            .collect()
    })
}

/// The navigation beside every settings page.
#[component]
fn SettingsShell(children: Children) -> impl IntoView {
    let session = expect_context::<Session>();
    let areas = Memo::new(move |_| allowed_areas(session));
    // On a phone the navigation is one scrolling row: bring the current page's link into it.
    let list = NodeRef::<leptos::html::Ul>::new();
    let location = leptos_router::hooks::use_location();
    Effect::new(move |_| {
        location.pathname.track();
        find_next_frame(list, &["[aria-current='page']"], |list, link| {
            list.set_scroll_left(link.offset_left() - 16);
        });
    });
    view! {
        <div class="tp-settings">
            <nav class="tp-settings__nav" aria-label="Settings">
                {move || {
                    // While the Inbox is being set up, the way back is the checklist.
                    let setting_up = session.with_me(|me| {
                        me.is_some_and(|m| m.can(Capability::SeeOnboarding) && !m.onboarding.finished)
                    });
                    let (to, label) = if setting_up {
                        (href::onboarding(), "Back to setup checklist")
                    } else {
                        (href::inbox(), "Back to Inbox")
                    };
                    view! {
                        <A href=to attr:class="tp-settings__back">
                            <Svg icon=Icon::ArrowLeft/>
                            <span>{label}</span>
                        </A>
                    }
                }}
                <A href=href::settings() exact=true attr:class="tp-settings__nav-title">
                    "Settings"
                </A>
                <ul class="tp-settings__nav-list" node_ref=list>
                    {move || {
                        areas
                            .get()
                            .into_iter()
                            .map(|area| view! {
                                <li>
                                    <A href=href::settings_area(area) attr:class="tp-settings__nav-link">
                                        <Svg icon=icon(area)/>
                                        <span>{area.title()}</span>
                                    </A>
                                </li>
                            })
                            .collect_view()
                    }}
                </ul>
            </nav>
            <div class="tp-settings__content">{children()}</div>
        </div>
    }
}

/// `/inbox/settings`: the areas as cards, and what the user's scope is.
#[component]
pub fn SettingsPage() -> impl IntoView {
    super::set_title("Settings");
    let session = expect_context::<Session>();
    let scope = move || {
        session.with_me(|me| {
            let me = me?;
            Some(if me.can(Capability::GrantAdmin) {
                "You can change everything in your organisation.".to_string()
            } else {
                let names: Vec<_> = me.spaces.iter().map(|s| s.name.as_str()).collect();
                format!(
                    "You can change the settings of your spaces: {}.",
                    names.join(", ")
                )
            })
        })
    };
    view! {
        <SettingsShell>
            <h1 class="tp-page__title">"Settings"</h1>
            <p class="tp-page__lead">{scope}</p>
            <ul class="tp-card-grid tp-settings__cards" aria-label="Settings areas">
                {move || {
                    allowed_areas(session)
                        .into_iter()
                        .map(|area| view! {
                            <li class="tp-card tp-card--link">
                                <Svg icon=icon(area) class="tp-card__icon"/>
                                <h2 class="tp-card__title">
                                    <A href=href::settings_area(area) attr:class="tp-card__link">
                                        {area.title()}
                                    </A>
                                </h2>
                                <p class="tp-card__text">{summary(area)}</p>
                            </li>
                        })
                        .collect_view()
                }}
            </ul>
        </SettingsShell>
    }
}

/// `/inbox/settings/:area`.
#[component]
pub fn SettingsAreaPage() -> impl IntoView {
    let params = use_params_map();
    let session = expect_context::<Session>();
    let area =
        Memo::new(move |_| params.with(|p| p.get("area").and_then(|s| SettingsArea::parse(&s))));
    move || {
        let Some(area) = area.get() else {
            return view! { <NotFound/> }.into_any();
        };
        let allowed = session.with_me(|me| me.is_some_and(|m| m.can(area.needs())));
        if !allowed {
            return view! { <NoAccess/> }.into_any();
        }
        super::set_title(area.title());
        let page = match area {
            SettingsArea::SenderProfiles => {
                view! { <sender_profiles::SenderProfilesPage/> }.into_any()
            }
            SettingsArea::Routing => view! { <routing::RoutingPage/> }.into_any(),
            SettingsArea::Tags => view! { <tags::TagsPage/> }.into_any(),
            SettingsArea::Spaces => view! { <spaces::SpacesPage/> }.into_any(),
            SettingsArea::Templates => view! { <templates::TemplatesPage/> }.into_any(),
            SettingsArea::Users => view! { <users::UsersPage/> }.into_any(),
        };
        view! { <SettingsShell>{page}</SettingsShell> }.into_any()
    }
}
