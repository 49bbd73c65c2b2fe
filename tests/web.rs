//! Component tests in a real browser (wasm-bindgen-test in headless Chromium): the shared UI
//! pieces that later views rely on for accessibility.
#![cfg(target_arch = "wasm32")]

use leptos::mount::mount_to;
use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;
use textpeak_inbox::api::ApiError;
use textpeak_inbox::app::AppErrorBoundary;
use textpeak_inbox::components::ui::modal::Modal;
use textpeak_inbox::components::ui::toast::{ToastRegion, Toasts};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;
use web_sys::{HtmlElement, KeyboardEvent, KeyboardEventInit};

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

fn by_id(id: &str) -> HtmlElement {
    document()
        .get_element_by_id(id)
        .unwrap_or_else(|| panic!("#{id} not in the page"))
        .unchecked_into()
}

fn active_id() -> String {
    document()
        .active_element()
        .map(|e| e.id())
        .unwrap_or_default()
}

fn press(target: &HtmlElement, key: &str, shift: bool) {
    let init = KeyboardEventInit::new();
    init.set_key(key);
    init.set_shift_key(shift);
    init.set_bubbles(true);
    init.set_cancelable(true);
    let ev = KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    target.dispatch_event(&ev).unwrap();
}

#[wasm_bindgen_test]
async fn modal_moves_traps_and_returns_focus() {
    let open = RwSignal::new(false);
    let handle = mount_to(host(), move || {
        view! {
            <button id="opener" on:click=move |_| open.set(true)>"Open"</button>
            <Modal open=open title="Request Already Sent">
                <button id="first-action">"Keep waiting"</button>
                <button id="last-action">"Close"</button>
            </Modal>
        }
    });
    let opener = by_id("opener");
    opener.focus().unwrap();
    opener.click();
    settle().await;

    let dialog = document()
        .query_selector("[role=dialog]")
        .unwrap()
        .expect("dialog shown");
    assert_eq!(dialog.get_attribute("aria-modal").as_deref(), Some("true"));
    let title_id = dialog.get_attribute("aria-labelledby").unwrap();
    assert_eq!(
        by_id(&title_id).text_content().unwrap(),
        "Request Already Sent"
    );
    // Focus moved into the dialog, onto its first control (the close button).
    let close = dialog
        .query_selector("button[aria-label='Close dialog']")
        .unwrap()
        .unwrap()
        .unchecked_into::<HtmlElement>();
    assert_eq!(document().active_element().unwrap(), close.clone().into());

    // Tab from the last control wraps to the first; Shift+Tab from the first to the last.
    let last = by_id("last-action");
    last.focus().unwrap();
    press(&last, "Tab", false);
    assert_eq!(document().active_element().unwrap(), close.clone().into());
    press(&close, "Tab", true);
    assert_eq!(active_id(), "last-action");

    // Esc closes and gives focus back to the opener.
    press(&last, "Escape", false);
    settle().await;
    assert!(document()
        .query_selector("[role=dialog]")
        .unwrap()
        .is_none());
    assert_eq!(active_id(), "opener");
    drop(handle);
}

#[wasm_bindgen_test]
async fn toasts_are_announced_in_live_regions_and_dismissable() {
    let toasts = Toasts::new();
    let handle = mount_to(host(), move || {
        provide_context(toasts);
        view! { <ToastRegion/> }
    });
    let status = document().query_selector("[role=status]").unwrap().unwrap();
    let alert = document().query_selector("[role=alert]").unwrap().unwrap();
    assert_eq!(status.get_attribute("aria-live").as_deref(), Some("polite"));
    // Regions exist, empty, before anything is announced.
    assert_eq!(status.text_content().unwrap(), "");

    toasts.success("Request Received!", Some("Support will follow up.".into()));
    toasts.error("Could not send", None);
    settle().await;
    assert!(status.text_content().unwrap().contains("Request Received!"));
    assert!(!status.text_content().unwrap().contains("Could not send"));
    assert!(alert.text_content().unwrap().contains("Could not send"));

    let dismiss: HtmlElement = alert
        .query_selector("button[aria-label='Dismiss notification']")
        .unwrap()
        .unwrap()
        .unchecked_into();
    dismiss.click();
    settle().await;
    assert_eq!(alert.text_content().unwrap(), "");
    assert_eq!(toasts.current().len(), 1);
    drop(handle);
}

#[wasm_bindgen_test]
fn the_panic_screen_offers_a_way_back() {
    let root = host();
    root.set_text_content(Some("the app was here"));
    textpeak_inbox::embed::render_panic_screen(&root).unwrap();
    let alert = root
        .query_selector("[role=alert]")
        .unwrap()
        .expect("an alert");
    assert!(alert
        .text_content()
        .unwrap()
        .contains("Something went wrong"));
    assert!(!root.text_content().unwrap().contains("the app was here"));
    let reload = root.query_selector("a").unwrap().expect("a reload link");
    assert_eq!(reload.text_content().unwrap(), "Reload Inbox");
    assert_eq!(
        reload.get_attribute("href"),
        window().location().href().ok()
    );
}

/// A 720px-high frame showing a `VirtualList` of `n` numbered 72px rows, with how often the
/// list asked for more and the row it is told to reveal.
struct ListFixture {
    frame: HtmlElement,
    scroller: HtmlElement,
    near_end: RwSignal<u32>,
    reveal: RwSignal<Option<usize>>,
    _mounted: Box<dyn std::any::Any>,
}

async fn mount_list(n: u32) -> ListFixture {
    use textpeak_inbox::components::ui::virtual_list::VirtualList;

    let frame = host();
    frame
        .style()
        .set_property("height", "720px")
        .expect("a height for the list");
    let items = RwSignal::new((0..n).collect::<Vec<_>>());
    let near_end = RwSignal::new(0u32);
    let reveal = RwSignal::new(None::<usize>);
    let handle = mount_to(frame.clone(), move || {
        view! {
            <VirtualList
                items=items
                key=|n: &u32| *n
                row_height=72.0
                label="Conversations"
                render=|_, n: u32| view! { <span>{format!("Row {n}")}</span> }
                on_near_end=move |_| near_end.update(|c| *c += 1)
                reveal=reveal
            />
        }
    });
    settle().await;
    let scroller: HtmlElement = frame
        .query_selector(".tp-virtual")
        .unwrap()
        .unwrap()
        .unchecked_into();
    ListFixture {
        frame,
        scroller,
        near_end,
        reveal,
        _mounted: Box::new(handle),
    }
}

/// Whether something in `root` matches `selector`.
fn shows(root: &HtmlElement, selector: &str) -> bool {
    root.query_selector(selector).unwrap().is_some()
}

/// Scrolls the list as a user would, and lets it render.
async fn scroll_to(scroller: &HtmlElement, top: i32) {
    scroller.set_scroll_top(top);
    scroller
        .dispatch_event(&web_sys::Event::new("scroll").unwrap())
        .unwrap();
    settle().await;
}

#[wasm_bindgen_test]
async fn a_virtual_list_of_100000_rows_keeps_only_the_visible_ones_in_the_dom() {
    let list = mount_list(100_000).await;
    let (frame, scroller, near_end) = (&list.frame, &list.scroller, list.near_end);

    let rows = || {
        frame
            .query_selector_all("[role=listitem]")
            .unwrap()
            .length()
    };
    assert!(rows() > 0 && rows() <= 25, "{} rows rendered", rows());
    let role_list = frame.query_selector("[role=list]").unwrap().unwrap();
    assert_eq!(
        role_list.get_attribute("aria-label").as_deref(),
        Some("Conversations")
    );

    // Jump to the middle: the rows there appear, the first ones are gone.
    scroll_to(scroller, 72 * 50_000).await;
    let text = frame.text_content().unwrap();
    assert!(text.contains("Row 50000"), "middle rows rendered");
    assert!(!text.contains("Row 0Row"), "first rows removed");
    assert!(rows() <= 25, "{} rows rendered", rows());
    let middle = frame
        .query_selector("[aria-posinset='50001']")
        .unwrap()
        .expect("row 50,000 carries its position");
    assert_eq!(
        middle.get_attribute("aria-setsize").as_deref(),
        Some("100000")
    );
    assert_eq!(near_end.get_untracked(), 0, "not near the end yet");

    // At the end, the list asks for more once.
    scroll_to(scroller, 72 * 100_000).await;
    assert_eq!(near_end.get_untracked(), 1);
    drop(list);
}

#[wasm_bindgen_test]
async fn a_virtual_list_scrolls_as_little_as_needed_to_reveal_a_row() {
    let list = mount_list(1_000).await;
    let (frame, scroller, reveal) = (&list.frame, &list.scroller, list.reveal);

    // A visible row: nothing moves.
    reveal.set(Some(3));
    settle().await;
    assert_eq!(scroller.scroll_top(), 0);

    // A row far below: it comes in at the bottom edge, and it is rendered.
    reveal.set(Some(500));
    settle().await;
    assert_eq!(scroller.scroll_top(), 72 * 501 - 720);
    assert!(shows(frame, "[aria-posinset='501']"));

    // Back up: it comes in at the top edge.
    reveal.set(Some(10));
    settle().await;
    assert_eq!(scroller.scroll_top(), 72 * 10);
    assert!(shows(frame, "[aria-posinset='11']"));
    drop(list);
}

// The app's error boundary catches what is rendered below it, also inside a route, which the
// router builds after the root has been built (the route guard puts a boundary around every
// route's view for that reason; see `app/boundary.rs`).

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
