//! The app's error boundary catches what is rendered below it, also inside a route, which the
//! router builds after the root has been built (the route guard puts a boundary around every
//! route's view for that reason; see `app/boundary.rs`).
#![cfg(target_arch = "wasm32")]

use leptos::mount::mount_to;
use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;
use textpeak_inbox::api::ApiError;
use textpeak_inbox::app::AppErrorBoundary;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;
use web_sys::HtmlElement;

wasm_bindgen_test_configure!(run_in_browser);

fn host() -> HtmlElement {
    let doc = document();
    let el = doc.create_element("div").unwrap();
    doc.body().unwrap().append_child(&el).unwrap();
    el.unchecked_into()
}

/// Lets effects, spawned tasks and animation-frame callbacks run.
async fn settle() {
    for _ in 0..3 {
        leptos::task::tick().await;
        let frame = js_sys::Promise::new(&mut |resolve, _| {
            window().request_animation_frame(&resolve).unwrap();
        });
        JsFuture::from(frame).await.unwrap();
    }
}

fn text(el: &HtmlElement) -> String {
    el.text_content().unwrap_or_default()
}

#[wasm_bindgen_test]
async fn an_err_below_the_boundary_shows_the_error_panel() {
    let root = host();
    let handle = mount_to(root.clone(), || {
        view! {
            <AppErrorBoundary>
                <p>"before"</p>
                {Err::<(), ApiError>(ApiError::Network)}
            </AppErrorBoundary>
        }
    });
    settle().await;
    let shown = text(&root);
    assert!(shown.contains("This view could not be shown"), "{shown}");
    assert!(shown.contains(&ApiError::Network.message()), "{shown}");
    assert!(!shown.contains("before"), "{shown}");
    drop(handle);
}

#[wasm_bindgen_test]
async fn an_ok_view_is_shown_as_it_is() {
    let root = host();
    let handle = mount_to(root.clone(), || {
        view! { <AppErrorBoundary>{Ok::<_, ApiError>("all well")}</AppErrorBoundary> }
    });
    settle().await;
    let shown = text(&root);
    assert!(shown.contains("all well"), "{shown}");
    assert!(!shown.contains("This view could not be shown"), "{shown}");
    drop(handle);
}

/// What every route does through its guard: the route's own boundary catches an `Err` the
/// router renders later, inside the root one.
#[wasm_bindgen_test]
async fn an_err_in_a_route_view_shows_the_error_panel() {
    let root = host();
    let handle = mount_to(root.clone(), || {
        view! {
            <Router>
                <AppErrorBoundary>
                    <Routes fallback=|| view! {
                        <AppErrorBoundary>{Err::<(), ApiError>(ApiError::Unexpected(500))}</AppErrorBoundary>
                    }>
                        <Route path=path!("/this-route-never-matches") view=|| ()/>
                    </Routes>
                </AppErrorBoundary>
            </Router>
        }
    });
    settle().await;
    let shown = text(&root);
    assert!(shown.contains("This view could not be shown"), "{shown}");
    assert!(shown.contains("HTTP 500"), "{shown}");
    drop(handle);
}
