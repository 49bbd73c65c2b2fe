//! A list that stays fast with 100,000 rows: only the rows in view (plus a few) exist in the
//! DOM, absolutely positioned inside a spacer as tall as the whole list. Rows have one fixed
//! height. The layout-critical styles are set here through the CSSOM (allowed by our CSP),
//! so the component works before any stylesheet loads.

use std::hash::Hash;

use leptos::html::Div;
use leptos::prelude::*;
use leptos_use::use_element_size;

use crate::logic::virtual_window::{scroll_to_reveal, window};

/// Rows rendered beyond each edge of the viewport.
const OVERSCAN: usize = 6;

#[component]
pub fn VirtualList<T, K, KF, V, RF>(
    #[prop(into)] items: Signal<Vec<T>>,
    /// A stable id per item (never its index).
    key: KF,
    /// Every row's height in pixels.
    row_height: f64,
    /// Renders item `T` at position `index`.
    render: RF,
    /// The list's accessible name.
    #[prop(into)]
    label: String,
    /// Called once per list length when the user scrolls near the end: load the next page.
    #[prop(optional, into)]
    on_near_end: Option<Callback<()>>,
    /// Scrolls as little as needed to bring this row fully into view whenever it changes
    /// (keyboard navigation).
    #[prop(optional, into)]
    reveal: Option<Signal<Option<usize>>>,
) -> impl IntoView
where
    T: Clone + Send + Sync + 'static,
    K: Eq + Hash + Clone + Send + Sync + 'static,
    KF: Fn(&T) -> K + Clone + Send + Sync + 'static,
    V: IntoView + 'static,
    RF: Fn(usize, T) -> V + Clone + Send + Sync + 'static,
{
    let scroll_top = RwSignal::new(0.0_f64);
    let container = NodeRef::<Div>::new();
    // The viewport's height follows the element, not the window: opening or closing a pane
    // beside the list resizes it too.
    let viewport = use_element_size(container).height;

    let count = Memo::new(move |_| items.with(Vec::len));
    let win = Memo::new(move |_| {
        window(
            scroll_top.get(),
            viewport.get(),
            row_height,
            count.get(),
            OVERSCAN,
        )
    });

    if let Some(near_end) = on_near_end {
        Effect::new(move |asked_at: Option<usize>| {
            let (w, n) = (win.get(), count.get());
            let near = n > 0 && w.end + OVERSCAN >= n;
            if near && asked_at != Some(n) {
                near_end.run(());
                return n;
            }
            asked_at.unwrap_or(0)
        });
    }

    if let Some(reveal) = reveal {
        Effect::new(move |_| {
            let Some(index) = reveal.get() else {
                return;
            };
            let Some(el) = container.get_untracked() else {
                return;
            };
            let top = el.scroll_top() as f64;
            let target = scroll_to_reveal(index, top, el.client_height() as f64, row_height);
            if (target - top).abs() >= 1.0 {
                el.set_scroll_top(target as i32);
                scroll_top.set(target);
            }
        });
    }

    let visible = move || {
        let w = win.get();
        items.with(|all| {
            all.get(w.start..w.end.min(all.len()))
                .unwrap_or_default()
                .iter()
                .cloned()
                .enumerate()
                .map(|(i, item)| (w.start + i, item))
                .collect::<Vec<_>>()
        })
    };
    let row_key = move |(index, item): &(usize, T)| (*index, key(item));
    let row = move |(index, item): (usize, T)| {
        view! {
            <div
                role="listitem"
                class="tp-virtual__row"
                aria-setsize=move || count.get()
                aria-posinset=index + 1
                style:position="absolute"
                style:left="0"
                style:right="0"
                style:height=format!("{row_height}px")
                style:transform=format!("translateY({}px)", index as f64 * row_height)
            >
                {render(index, item)}
            </div>
        }
    };

    view! {
        <div
            class="tp-virtual"
            node_ref=container
            style:overflow-y="auto"
            style:position="relative"
            style:height="100%"
            on:scroll=move |_| {
                if let Some(el) = container.get_untracked() {
                    scroll_top.set(el.scroll_top() as f64);
                }
            }
        >
            <div
                role="list"
                aria-label=label
                class="tp-virtual__spacer"
                style:position="relative"
                style:height=move || format!("{}px", win.get().total_height)
            >
                <For each=visible key=row_key children=row/>
            </div>
        </div>
    }
}
