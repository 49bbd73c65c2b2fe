//! The pages a guard shows instead of a view the user may not use. Never a blank screen.

use leptos::prelude::*;
use leptos_router::components::A;
use textpeak_api::BetaAccess;

use crate::components::icons::Icon;
use crate::components::states::StatePanel;

/// No inbox permission: what the spec asks to say, word for word.
#[component]
pub fn NoInboxAccess() -> impl IntoView {
    super::set_title("No access to Inbox");
    view! {
        <div class="tp-page tp-page--center">
            <StatePanel
                icon=Icon::Lock
                title="You don't have access to Inbox"
                text="Inbox is only available to accounts with the inbox permission. Ask your account owner to give you access."
            >
                <A href="/" attr:class="tp-button">"Go to Home"</A>
            </StatePanel>
        </div>
    }
}

/// Signed in with inbox access, but this view belongs to another role.
#[component]
pub fn NoAccess() -> impl IntoView {
    super::set_title("No access");
    view! {
        <div class="tp-page tp-page--center">
            <StatePanel
                icon=Icon::Lock
                title="You don't have access to this page"
                text="Your role doesn't include this part of the Inbox. If you need it, ask an Inbox Admin or your account owner."
            >
                <A href="/inbox" attr:class="tp-button">"Back to Inbox"</A>
            </StatePanel>
        </div>
    }
}

/// The tenant has no approved Beta access yet. The request flow is built on this page.
#[component]
pub fn BetaPage(state: BetaAccess) -> impl IntoView {
    super::set_title("Inbox Beta");
    let status = match state {
        BetaAccess::Requested => {
            "Your organisation has asked for access. A TextPeak support agent will review the request and follow up with you shortly."
        }
        BetaAccess::Declined => {
            "Your organisation's last request for access was declined. Contact TextPeak support to talk about it."
        }
        BetaAccess::None | BetaAccess::Approved => {
            "Your organisation doesn't have access to the Inbox Beta yet."
        }
    };
    view! {
        <div class="tp-page tp-page--center">
            <section class="tp-beta" aria-labelledby="tp-beta-title">
                <span class="tp-badge tp-badge--accent">"Beta"</span>
                <h1 class="tp-beta__title" id="tp-beta-title">"TextPeak Inbox"</h1>
                <p class="tp-beta__lead">
                    "Answer your customers on SMS, WhatsApp and Telegram in one place: shared conversations, teams, assignments, notes and templates."
                </p>
                <ul class="tp-beta__channels" aria-label="Channels">
                    <li class="tp-channel tp-channel--sms">"SMS"</li>
                    <li class="tp-channel tp-channel--whatsapp">"WhatsApp"</li>
                    <li class="tp-channel tp-channel--telegram">"Telegram"</li>
                </ul>
                <p class="tp-beta__status">{status}</p>
            </section>
        </div>
    }
}
