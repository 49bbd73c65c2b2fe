//! Settings home: the areas an Admin or Manager sets the Inbox up in, within their scope.

use leptos::prelude::*;
use textpeak_api::Capability;

use crate::components::icons::{Icon, Svg};
use crate::state::Session;

struct Area {
    title: &'static str,
    text: &'static str,
    needs: Capability,
}

const AREAS: [Area; 6] = [
    Area {
        title: "Sender profiles",
        text: "Numbers and bots your teams send from, on SMS, WhatsApp and Telegram.",
        needs: Capability::ManageChannelSettings,
    },
    Area {
        title: "Incoming routing",
        text: "Which team receives the conversations customers start.",
        needs: Capability::ManageChannelSettings,
    },
    Area {
        title: "Tags",
        text: "Labels with colours to sort conversations.",
        needs: Capability::ManageChannelSettings,
    },
    Area {
        title: "Canned templates",
        text: "Saved replies with placeholders, and approved WhatsApp templates.",
        needs: Capability::ManageChannelSettings,
    },
    Area {
        title: "Spaces and teams",
        text: "Workspaces and the teams inside them.",
        needs: Capability::ManageOrganisation,
    },
    Area {
        title: "Users and roles",
        text: "Who works in the Inbox, with which role.",
        needs: Capability::ManageOrganisation,
    },
];

#[component]
pub fn SettingsPage() -> impl IntoView {
    super::set_title("Settings");
    let session = expect_context::<Session>();
    move || {
        session.me().map(|me| {
            let scope = if me.can(Capability::GrantAdmin) {
                "You can change everything in your organisation.".to_string()
            } else {
                let names: Vec<_> = me.spaces.iter().map(|s| s.name.as_str()).collect();
                format!(
                    "You can change the settings of your spaces: {}.",
                    names.join(", ")
                )
            };
            view! {
                <div class="tp-page">
                    <h1 class="tp-page__title">"Settings"</h1>
                    <p class="tp-page__lead">{scope}</p>
                    <ul class="tp-card-grid" aria-label="Settings areas">
                        {AREAS
                            .iter()
                            .filter(|a| me.can(a.needs))
                            .map(|a| view! {
                                <li class="tp-card">
                                    <Svg icon=Icon::Settings class="tp-card__icon"/>
                                    <h2 class="tp-card__title">{a.title}</h2>
                                    <p class="tp-card__text">{a.text}</p>
                                </li>
                            })
                            .collect_view()}
                    </ul>
                </div>
            }
        })
    }
}
