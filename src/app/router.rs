//! The routes of the app. Every `<Route>` wraps its view in `<Guard route=AppRoute::…>`, and a
//! native test (`logic/routes.rs`) reads this file to check that each route declares its access.

use leptos::prelude::*;
use leptos_router::components::{Route, Routes};
use leptos_router::path;

use super::entry::InboxEntry;
use super::guard::Guard;
use crate::components::layout::screens::NotFound;
use crate::logic::routes::AppRoute;
use crate::pages::home::HomePage;
use crate::pages::inbox::DashboardPage;
use crate::pages::onboarding::OnboardingPage;
use crate::pages::settings::{SettingsAreaPage, SettingsPage};
use crate::pages::sign_in::SignInPage;

#[component]
pub fn AppRoutes() -> impl IntoView {
    view! {
        <Routes fallback=|| view! { <NotFound/> }>
            <Route path=path!("/sign-in") view=|| view! { <Guard route=AppRoute::SignIn><SignInPage/></Guard> }/>
            <Route path=path!("/") view=|| view! { <Guard route=AppRoute::Home><HomePage/></Guard> }/>
            <Route path=path!("/inbox") view=|| view! { <Guard route=AppRoute::InboxEntry><InboxEntry/></Guard> }/>
            <Route path=path!("/inbox/onboarding") view=|| view! { <Guard route=AppRoute::Onboarding><OnboardingPage/></Guard> }/>
            <Route path=path!("/inbox/s/:space") view=|| view! { <Guard route=AppRoute::Dashboard><DashboardPage/></Guard> }/>
            <Route path=path!("/inbox/settings") view=|| view! { <Guard route=AppRoute::Settings><SettingsPage/></Guard> }/>
            <Route path=path!("/inbox/settings/:area") view=|| view! { <Guard route=AppRoute::SettingsArea><SettingsAreaPage/></Guard> }/>
        </Routes>
    }
}
