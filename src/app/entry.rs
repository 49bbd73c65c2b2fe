//! `/inbox`: sends the user where `logic::access::landing` says: the Beta page, onboarding,
//! their first space, or an explanation when they have no space yet. In the app layer, with
//! the guard, because it shows the guard's pages.

use leptos::prelude::*;
use leptos_router::components::Redirect;

use super::guard::refusal_view;
use crate::components::ui::icons::Icon;
use crate::components::ui::states::FullPageState;
use crate::logic::access::{landing, Landing};
use crate::logic::routes::href;
use crate::state::Session;

#[component]
pub fn InboxEntry() -> impl IntoView {
    let session = expect_context::<Session>();
    // A memo: refreshing the session must not rebuild the page (the Beta page keeps its state).
    let outcome = Memo::new(move |_| session.with_me(|me| me.map(landing)));
    move || {
        Some(match outcome.get()? {
            Landing::Refused(decision) => refusal_view(decision),
            Landing::Onboarding => view! { <Redirect path=href::onboarding()/> }.into_any(),
            Landing::Space(id) => view! { <Redirect path=href::dashboard(id)/> }.into_any(),
            Landing::NoSpaces { can_create } => {
                let text = if can_create {
                    "Your organisation has no spaces yet. Spaces hold the teams that answer conversations; create one in Settings to start."
                } else {
                    "You aren't assigned to a space yet. Ask an Inbox Admin to add you to one."
                };
                view! { <FullPageState page_title="Inbox" icon=Icon::Users title="No spaces yet" text=text/> }
                .into_any()
            }
        })
    }
}
