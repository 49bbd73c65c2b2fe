//! `/inbox`: sends the user to the right place: their first space, the Beta page, or an
//! explanation when they have no space yet.

use leptos::prelude::*;
use leptos_router::components::Redirect;
use textpeak_api::Capability;

use crate::components::icons::Icon;
use crate::components::states::StatePanel;
use crate::pages::access::{BetaPage, NoAccess};
use crate::routes::href;
use crate::state::Session;

#[component]
pub fn InboxEntry() -> impl IntoView {
    let session = expect_context::<Session>();
    move || {
        let me = session.me()?;
        Some(if !me.can(Capability::UseInbox) {
            if me.can(Capability::RequestBetaAccess) {
                view! { <BetaPage state=me.tenant.beta_access/> }.into_any()
            } else {
                view! { <NoAccess/> }.into_any()
            }
        } else if let Some(first) = me.spaces.first() {
            view! { <Redirect path=href::dashboard(first.id)/> }.into_any()
        } else {
            super::set_title("Inbox");
            let text = if me.can(Capability::ManageOrganisation) {
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
        })
    }
}
