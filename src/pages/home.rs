//! The portal's home as the standalone app shows it: who you are and where you can go.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use textpeak_api::Capability;

use crate::components::ui::icons::{Icon, Svg};
use crate::state::Session;

#[component]
pub fn HomePage() -> impl IntoView {
    let session = expect_context::<Session>();
    let page = move || {
        session.me().map(|me| {
            let first_name = me.user.name.split_whitespace().next().unwrap_or("").to_string();
            let inbox_card = if me.can(Capability::SeeInboxTab) {
                view! {
                    <A href="/inbox" attr:class="tp-card tp-card--link">
                        <Svg icon=Icon::Inbox class="tp-card__icon"/>
                        <span class="tp-card__title">"Inbox"</span>
                        <span class="tp-card__text">
                            "SMS, WhatsApp and Telegram conversations with your customers."
                        </span>
                    </A>
                }
                .into_any()
            } else {
                view! {
                    <div class="tp-card tp-card--muted">
                        <Svg icon=Icon::Lock class="tp-card__icon"/>
                        <span class="tp-card__title">"Inbox"</span>
                        <span class="tp-card__text">
                            "Your account doesn't have the inbox permission. Ask your account owner if you need it."
                        </span>
                    </div>
                }
                .into_any()
            };
            view! {
                <div class="tp-page">
                    <h1 class="tp-page__title">{format!("Welcome, {first_name}")}</h1>
                    <p class="tp-page__lead">{format!("{} · {}", me.tenant.name, me.role_label())}</p>
                    <div class="tp-card-grid">{inbox_card}</div>
                </div>
            }
        })
    };
    view! {
        <Title text="Home"/>
        {page}
    }
}
