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
    view! {
        <FullPageState page_title="Page not found" icon=Icon::Search title="Page not found"
            text="This address doesn't lead anywhere in TextPeak Inbox. It may have moved, or the link may be mistyped.">
            <A href="/" attr:class="tp-button tp-button--primary">"Go to Home"</A>
        </FullPageState>
    }
}

/// No inbox permission: what the spec asks to say, word for word.
#[component]
pub fn NoInboxAccess() -> impl IntoView {
    view! {
        <FullPageState page_title="No access to Inbox" icon=Icon::Lock title="You don't have access to Inbox"
            text="Inbox is only available to accounts with the inbox permission. Ask your account owner to give you access.">
            <A href="/" attr:class="tp-button">"Go to Home"</A>
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
