//! The portal's home as the standalone app shows it: who you are and where you can go.

use leptos::prelude::*;
use leptos_router::components::A;
use textpeak_api::Capability;

use crate::components::ui::icons::{Icon, Svg};
use crate::state::title::name_page;
use crate::state::Session;

#[component]
pub fn HomePage() -> impl IntoView {
    let session = expect_context::<Session>();
    let page = move || {
        session.me().map(|me| {
            let first_name = me.user.name.split_whitespace().next().unwrap_or("").to_string();
            let inbox_card = if me.can(Capability::SeeInboxTab) {
                let card = card_text(Icon::Inbox, "SMS, WhatsApp and Telegram conversations with your customers.");
                view! { <A href="/inbox" attr:class="tp-card tp-card--link">{card}</A> }.into_any()
            } else {
                let card = card_text(Icon::Lock, "Your account doesn't have the inbox permission. Ask your account owner if you need it.");
                view! { <div class="tp-card tp-card--muted">{card}</div> }.into_any()
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
    name_page("Home");
    view! {
        {page}
    }
}

/// The Inbox card's icon, title and sentence.
fn card_text(icon: Icon, text: &'static str) -> impl IntoView {
    view! {
        <Svg icon=icon class="tp-card__icon"/>
        <span class="tp-card__title">"Inbox"</span>
        <span class="tp-card__text">{text}</span>
    }
}
