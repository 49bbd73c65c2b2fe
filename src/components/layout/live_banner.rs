//! The live connection's banner: nothing while updates flow; "Reconnecting…" with a countdown
//! and Retry now after a drop; "You're offline" while the browser is. What is on screen stays
//! usable meanwhile, and catches up by itself once the stream is back.

use leptos::prelude::*;

use crate::components::ui::icons::{Icon, Svg};
use crate::state::{Live, LiveStatus};

/// Seconds until `at_ms`, never below zero.
fn seconds_until(at_ms: f64, now_ms: f64) -> u64 {
    ((at_ms - now_ms) / 1000.0).ceil().max(0.0) as u64
}

#[component]
pub fn LiveBanner() -> impl IntoView {
    let live = expect_context::<Live>();
    // Ticks once a second while reconnecting, for the countdown.
    let now = RwSignal::new(js_sys::Date::now());
    let tick = set_interval_with_handle(
        move || {
            if matches!(live.status(), LiveStatus::Reconnecting { .. }) {
                now.set(js_sys::Date::now());
            }
        },
        std::time::Duration::from_secs(1),
    )
    .ok();
    on_cleanup(move || {
        if let Some(t) = tick {
            t.clear();
        }
    });
    let content = move || match live.status() {
        LiveStatus::Reconnecting { at_ms } => {
            let left = move || match seconds_until(at_ms, now.get()) {
                0 => "Reconnecting…".to_owned(),
                n => format!("Reconnecting in {n} s."),
            };
            Some(view! {
                <Svg icon=Icon::RotateCcw/>
                <span class="tp-live-banner__text">
                    <strong>"Live updates paused."</strong>
                    " "
                    {left}
                </span>
                <button type="button" class="tp-live-banner__retry" on:click=move |_| live.retry_now()>
                    "Retry now"
                </button>
            }
            .into_any())
        }
        LiveStatus::Offline => Some(
            view! {
                <Svg icon=Icon::WifiOff/>
                <span class="tp-live-banner__text">
                    <strong>"You're offline."</strong>
                    " New messages will show when you're back online."
                </span>
            }
            .into_any(),
        ),
        LiveStatus::Connecting | LiveStatus::Live | LiveStatus::Stopped => None,
    };
    let shown = Memo::new(move |_| {
        matches!(
            live.status(),
            LiveStatus::Reconnecting { .. } | LiveStatus::Offline
        )
    });
    view! {
        // Always in the page, so that screen readers announce what appears in it.
        <div class="tp-live-banner" role="status" data-shown=move || shown.get().to_string()>
            {content}
        </div>
    }
}
