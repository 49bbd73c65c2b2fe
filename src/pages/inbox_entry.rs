//! `/inbox`: sends the user to the right place: the Beta page, onboarding, their first space,
//! or an explanation when they have no space yet.

use leptos::prelude::*;
use leptos_router::components::Redirect;
use textpeak_api::{BetaAccess, Capability, Me};

use crate::components::icons::Icon;
use crate::components::states::StatePanel;
use crate::pages::access::{BeingSetUp, BetaPage, NoAccess};
use crate::routes::{being_set_up, href};
use crate::state::Session;

#[derive(Clone, PartialEq)]
enum Entry {
    Beta(BetaAccess),
    NoAccess,
    Onboarding,
    BeingSetUp,
    Space(i64),
    NoSpaces { can_create: bool },
}

fn entry(me: &Me) -> Entry {
    if !me.can(Capability::UseInbox) {
        if me.can(Capability::RequestBetaAccess) {
            Entry::Beta(me.tenant.beta_access)
        } else {
            Entry::NoAccess
        }
    } else if me.can(Capability::SeeOnboarding) && !me.onboarding.finished {
        Entry::Onboarding
    } else if being_set_up(me) {
        Entry::BeingSetUp
    } else if let Some(first) = me.spaces.first() {
        Entry::Space(first.id)
    } else {
        Entry::NoSpaces {
            can_create: me.can(Capability::ManageOrganisation),
        }
    }
}

#[component]
pub fn InboxEntry() -> impl IntoView {
    let session = expect_context::<Session>();
    // A memo: refreshing the session must not rebuild the page (the Beta page keeps its state).
    let outcome = Memo::new(move |_| session.with_me(|me| me.map(entry)));
    move || {
        Some(match outcome.get()? {
            Entry::Beta(state) => view! { <BetaPage state=state/> }.into_any(),
            Entry::NoAccess => view! { <NoAccess/> }.into_any(),
            Entry::Onboarding => view! { <Redirect path=href::onboarding()/> }.into_any(),
            Entry::BeingSetUp => view! { <BeingSetUp/> }.into_any(),
            Entry::Space(id) => view! { <Redirect path=href::dashboard(id)/> }.into_any(),
            Entry::NoSpaces { can_create } => {
                super::set_title("Inbox");
                let text = if can_create {
                    "Your organisation has no spaces yet. Spaces hold the teams that answer conversations; create one in Settings to start."
                } else {
                    "You aren't assigned to a space yet. Ask an Inbox Admin to add you to one."
                };
                view! {
                    <div class="tp-page tp-page--center">
                        <StatePanel icon=Icon::Users title="No spaces yet" text=text/>
                    </div>
                }
                .into_any()
            }
        })
    }
}
