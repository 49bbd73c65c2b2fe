//! The root component: context providers, the frame, and the routes. Every `<Route>` wraps its
//! view in `<Guard route=AppRoute::…>` (checked by a test in `routes.rs`).

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::hooks::use_location;
use leptos_router::path;

use crate::api::ApiClient;
use crate::components::frame::TopBar;
use crate::components::guard::Guard;
use crate::components::icons::Icon;
use crate::components::states::StatePanel;
use crate::components::toast::{ToastRegion, Toasts};
use crate::embed::InboxConfig;
use crate::pages::home::HomePage;
use crate::pages::inbox::DashboardPage;
use crate::pages::inbox_entry::InboxEntry;
use crate::pages::not_found::NotFound;
use crate::pages::onboarding::OnboardingPage;
use crate::pages::settings::{SettingsAreaPage, SettingsPage};
use crate::pages::sign_in::SignInPage;
use crate::routes::AppRoute;
use crate::state::Session;

#[component]
pub fn App(config: InboxConfig) -> impl IntoView {
    let client = ApiClient::new(&config.api_base, config.auth.clone());
    let session = Session::start(client.clone());
    provide_context(config.clone());
    provide_context(client);
    provide_context(session);
    provide_context(Toasts::new());

    let show_frame = move || config.frame && session.me().is_some();
    view! {
        <div class="tp-app" data-theme=config.theme.to_string()>
            <Router base=config.base_path.to_string()>
                <RefreshOnNavigate/>
                <Show when=show_frame>
                    <TopBar/>
                </Show>
                <main id="tp-main" class="tp-main" tabindex="-1">
                    <ErrorBoundary fallback=|errors| {
                        let detail = errors
                            .get()
                            .into_iter()
                            .map(|(_, e)| e.to_string())
                            .collect::<Vec<_>>()
                            .join(" ");
                        view! {
                            <div class="tp-page tp-page--center">
                                <StatePanel icon=Icon::Alert tone="danger" title="This view could not be shown" text=detail/>
                            </div>
                        }
                    }>
                        <Routes fallback=|| view! { <NotFound/> }>
                            <Route path=path!("/sign-in") view=|| view! { <Guard route=AppRoute::SignIn><SignInPage/></Guard> }/>
                            <Route path=path!("/") view=|| view! { <Guard route=AppRoute::Home><HomePage/></Guard> }/>
                            <Route path=path!("/inbox") view=|| view! { <Guard route=AppRoute::InboxEntry><InboxEntry/></Guard> }/>
                            <Route path=path!("/inbox/onboarding") view=|| view! { <Guard route=AppRoute::Onboarding><OnboardingPage/></Guard> }/>
                            <Route path=path!("/inbox/s/:space") view=|| view! { <Guard route=AppRoute::Dashboard><DashboardPage/></Guard> }/>
                            <Route path=path!("/inbox/settings") view=|| view! { <Guard route=AppRoute::Settings><SettingsPage/></Guard> }/>
                            <Route path=path!("/inbox/settings/:area") view=|| view! { <Guard route=AppRoute::SettingsArea><SettingsAreaPage/></Guard> }/>
                        </Routes>
                    </ErrorBoundary>
                </main>
            </Router>
            <ToastRegion/>
        </div>
    }
}

/// Asks the server who is signed in again on every navigation, so that a change made elsewhere
/// (Beta access approved by support, a role changed by an admin) shows on the next click
/// without signing in again.
#[component]
fn RefreshOnNavigate() -> impl IntoView {
    let session = expect_context::<Session>();
    let location = use_location();
    Effect::new(move |previous: Option<String>| {
        let path = location.pathname.get();
        if previous.is_some_and(|p| p != path) {
            session.refresh();
        }
        path
    });
}
