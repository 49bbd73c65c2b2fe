//! `<Guard route=AppRoute::X>`: renders its children only when `logic::access::decide` allows,
//! and otherwise the page that explains why (sign-in, no access, Beta). Every route uses one.
//! It belongs to the app layer because it shows pages (the Beta page).

use leptos::prelude::*;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_location;

use super::boundary::AppErrorBoundary;
use crate::components::layout::screens::{BeingSetUp, NoAccess, NoInboxAccess};
use crate::components::ui::states::{ErrorPanel, Loading};
use crate::config::InboxConfig;
use crate::logic::access::{decide, Decision};
use crate::logic::routes::{href, AppRoute};
use crate::pages::beta::BetaPage;
use crate::state::{Session, SessionState};

#[component]
pub fn Guard(route: AppRoute, children: ChildrenFn) -> impl IntoView {
    let session = expect_context::<Session>();
    let location = use_location();
    // A memo, so that a refreshed `/api/me` with the same outcome does not rebuild the page.
    let decision = Memo::new(move |_| match session.state() {
        SessionState::Loading | SessionState::Unavailable(_) => Decision::Wait,
        SessionState::SignedOut => decide(route, Some(None)),
        SessionState::SignedIn(me) => decide(route, Some(Some(&me))),
    });
    let base_path = expect_context::<InboxConfig>().base_path;
    // Also a memo: the view below must only rebuild when the outcome changes, not whenever
    // the session is refreshed (that would lose focus and scroll positions on every click).
    let unavailable = Memo::new(move |_| match session.state() {
        SessionState::Unavailable(e) => Some(e.message()),
        _ => None,
    });
    let children = StoredValue::new(children);
    let view = move || {
        if let Some(message) = unavailable.get() {
            return view! {
                <div class="tp-page tp-page--center">
                    <ErrorPanel message=message on_retry=move |_| session.refresh()/>
                </div>
            }
            .into_any();
        }
        match decision.get() {
            Decision::Wait => view! { <Loading label="Loading TextPeak Inbox"/> }.into_any(),
            Decision::Render => children.read_value()().into_any(),
            Decision::SignIn => {
                // `next` is a path inside the app: the router adds the base path back.
                let path = location.pathname.get_untracked();
                let path = path.strip_prefix(&*base_path).unwrap_or(&path).to_string();
                let here = path + &location.search.get_untracked();
                view! { <Redirect path=href::sign_in(Some(&here))/> }.into_any()
            }
            refusal => refusal_view(refusal),
        }
    };
    view! { <AppErrorBoundary>{view}</AppErrorBoundary> }
}

/// The page for a decision that refuses the view (the guard's, and `/inbox`'s).
pub fn refusal_view(decision: Decision) -> AnyView {
    match decision {
        Decision::NoInboxPermission => view! { <NoInboxAccess/> }.into_any(),
        Decision::BetaGate(state) => view! { <BetaPage state=state/> }.into_any(),
        Decision::BeingSetUp => view! { <BeingSetUp/> }.into_any(),
        Decision::NoAccess | Decision::Wait | Decision::Render | Decision::SignIn => {
            view! { <NoAccess/> }.into_any()
        }
    }
}
