//! The welcome screen the tenant owner and Inbox Admins land on once their organisation has
//! access: what setting the Inbox up involves, and where it is done.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::components::icons::{Icon, Svg};
use crate::routes::href;
use crate::state::Session;

const STEPS: [(&str, &str, bool); 6] = [
    (
        "Create spaces and teams",
        "Spaces hold the teams that answer conversations.",
        false,
    ),
    (
        "Add users and give them roles",
        "Admins, managers and agents, each with their permissions.",
        false,
    ),
    (
        "Connect a channel",
        "A sender profile on SMS, WhatsApp or Telegram.",
        false,
    ),
    (
        "Route incoming messages to teams",
        "Conversations customers start go to the right team.",
        false,
    ),
    ("Create tags", "Labels to sort conversations.", true),
    (
        "Create canned templates",
        "Saved replies, and approved WhatsApp templates.",
        true,
    ),
];

#[component]
pub fn OnboardingPage() -> impl IntoView {
    super::set_title("Welcome");
    let session = expect_context::<Session>();
    let org = move || session.me().map(|m| m.tenant.name).unwrap_or_default();
    view! {
        <div class="tp-page">
            <section class="tp-welcome" aria-labelledby="tp-welcome-title">
                <span class="tp-badge tp-badge--accent">"Beta access granted"</span>
                <h1 class="tp-page__title" id="tp-welcome-title">"Welcome to TextPeak Inbox"</h1>
                <p class="tp-page__lead">
                    {move || format!("{} can now use the Inbox. Set it up in a few steps before your team starts answering customers.", org())}
                </p>
                <ol class="tp-welcome__steps">
                    {STEPS
                        .iter()
                        .enumerate()
                        .map(|(i, (title, text, optional))| view! {
                            <li class="tp-welcome__step">
                                <span class="tp-welcome__number" aria-hidden="true">{i + 1}</span>
                                <span class="tp-welcome__text">
                                    <strong>{*title}</strong>
                                    {optional.then(|| view! { <span class="tp-badge">"Optional"</span> })}
                                    <span class="tp-welcome__hint">{*text}</span>
                                </span>
                            </li>
                        })
                        .collect_view()}
                </ol>
                <A href=href::settings() attr:class="tp-button tp-button--primary">
                    <Svg icon=Icon::Settings/>
                    "Open Settings"
                </A>
            </section>
        </div>
    }
}
