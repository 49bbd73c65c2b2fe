//! Whole-page screens that explain why a view is not shown: page not found, no access,
//! Inbox being set up. The route guard shows them, and so do pages (a settings page the role
//! lacks); the Beta page, which sends a request, is a page of its own (`pages/beta.rs`).

use leptos::prelude::*;
use leptos_router::components::A;

use crate::components::ui::icons::Icon;
use crate::components::ui::states::FullPageState;
use crate::state::Session;

#[component]
pub fn NotFound() -> impl IntoView {
    back_home(
        "Page not found",
        Icon::Search,
        "Page not found",
        "This address doesn't lead anywhere in TextPeak Inbox. It may have moved, or the link may be mistyped.",
        "tp-button tp-button--primary",
    )
}

/// No inbox permission: what the spec asks to say, word for word.
#[component]
pub fn NoInboxAccess() -> impl IntoView {
    back_home(
        "No access to Inbox",
        Icon::Lock,
        "You don't have access to Inbox",
        "Inbox is only available to accounts with the inbox permission. Ask your account owner to give you access.",
        "tp-button",
    )
}

/// A screen whose one way on is the "Go to Home" link (`button_class` styles it).
fn back_home(
    page_title: &'static str,
    icon: Icon,
    title: &'static str,
    text: &'static str,
    button_class: &'static str,
) -> impl IntoView {
    view! {
        <FullPageState page_title=page_title icon=icon title=title text=text>
            <A href="/" attr:class=button_class>"Go to Home"</A>
        </FullPageState>
    }
}

/// A Manager or Agent whose admins are still setting the Inbox up: not an error, and who to
/// ask (the owner and the Inbox Admins, by e-mail).
#[component]
pub fn BeingSetUp() -> impl IntoView {
    let session = expect_context::<Session>();
    let (org, contacts) = session
        .me()
        .map(|m| (m.tenant.name, m.onboarding.contacts))
        .unwrap_or_default();
    view! {
        <FullPageState page_title="Inbox is being set up" icon=Icon::Sparkle title="Inbox is being set up by your admin"
            text=format!("Your admins are getting TextPeak Inbox ready for {org}. Your conversations will be here as soon as they finish.")>
            {(!contacts.is_empty()).then(|| view! {
                <div class="tp-contacts">
                    <p class="tp-contacts__title">"Questions? Ask"</p>
                    <ul class="tp-contacts__list">
                        {contacts
                            .into_iter()
                            .map(|c| {
                                let mail = format!("mailto:{}", c.email);
                                view! {
                                    <li>
                                        <strong>{c.name.clone()}</strong>
                                        " "
                                        <a href=mail>{c.email.clone()}</a>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                </div>
            })}
        </FullPageState>
    }
}

/// Signed in with inbox access, but this view belongs to another role.
#[component]
pub fn NoAccess() -> impl IntoView {
    view! {
        <FullPageState page_title="No access" icon=Icon::Lock title="You don't have access to this page"
            text="Your role doesn't include this part of the Inbox. If you need it, ask an Inbox Admin or your account owner.">
            <A href="/inbox" attr:class="tp-button">"Back to Inbox"</A>
        </FullPageState>
    }
}
