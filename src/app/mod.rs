//! Layer 5: the root component. Context providers, the document title, the frame, the error
//! boundary and the router (`router.rs`); every route's view is wrapped in
//! `<Guard route=AppRoute::…>` (`guard.rs`, checked by a test in `logic/routes.rs`).

mod boundary;
mod entry;
mod guard;
pub mod host;
mod router;

pub use boundary::AppErrorBoundary;

use leptos::prelude::*;
use leptos_router::components::Router;
use leptos_router::hooks::use_location;

use host::{HostBridge, HostControls};
use router::AppRoutes;

use crate::api::ApiClient;
use crate::components::layout::frame::TopBar;
use crate::components::ui::toast::{ToastRegion, Toasts};
use crate::config::InboxConfig;
use crate::state::{Host, PageTitle, Session};

#[component]
pub fn App(
    config: InboxConfig,
    #[prop(optional)] host: Option<Host>,
    /// What the host's handle changes (standalone: nothing).
    #[prop(optional)]
    controls: Option<HostControls>,
    /// Mounted into a host's page (`mountInbox`), which has its own main landmark: the app's
    /// content is a region of it. Standalone, the app's content is the page's `<main>`.
    #[prop(optional)]
    embedded: bool,
) -> impl IntoView {
    let controls = controls.unwrap_or_else(|| HostControls::new(&config, None));
    let theme = controls.theme.clone();
    if let Some(host) = host {
        provide_context(host);
    }
    let client = ApiClient::new(&config.api_base, controls.credentials.clone());
    let session = Session::start(client.clone());
    provide_context(config.clone());
    provide_context(client);
    provide_context(session);
    provide_context(Toasts::new());
    let page_title = PageTitle::new();
    provide_context(page_title);
    // Until a page names itself, the document keeps the title its host gave it.
    let host_title = document().title();
    Effect::new(move |_| {
        let title = page_title.get();
        let title = match title.is_empty() {
            true => host_title.clone(),
            false => format!("{title} · TextPeak Inbox"),
        };
        document().set_title(&match page_title.unread() {
            0 => title,
            n => format!("({n}) {title}"),
        });
    });

    let show_frame = move || config.frame && session.me().is_some();
    view! {
        <div class="tp-app" data-theme=move || theme.get()>
            <Router base=config.base_path.to_string()>
                <RefreshOnNavigate/>
                <HostBridge controls=controls/>
                <Show when=show_frame>
                    <TopBar/>
                </Show>
                {match embedded {
                    true => view! {
                        <div id="tp-main" class="tp-main" tabindex="-1" role="region" aria-label="TextPeak Inbox">
                            <AppErrorBoundary>
                                <AppRoutes/>
                            </AppErrorBoundary>
                        </div>
                    }
                    .into_any(),
                    false => view! {
                        <main id="tp-main" class="tp-main" tabindex="-1">
                            <AppErrorBoundary>
                                <AppRoutes/>
                            </AppErrorBoundary>
                        </main>
                    }
                    .into_any(),
                }}
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
