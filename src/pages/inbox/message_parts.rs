//! Pieces of a message that the thread and the outbox's messages share: the text with its
//! links, and an outbound message's delivery status.

use leptos::prelude::*;
use textpeak_api::DeliveryStatus;

use crate::components::ui::icons::{Icon, Svg};
use crate::logic::compose::status_label;
use crate::logic::linkify::{segments, Segment};

/// User text, with http(s), mailto and tel links made clickable and everything else as text.
#[component]
pub fn Body(text: String) -> impl IntoView {
    segments(&text)
        .into_iter()
        .map(|s| match s {
            Segment::Text(t) => t.into_any(),
            Segment::Link { text, href } => view! {
                <a href=href target="_blank" rel="noopener noreferrer">{text}</a>
            }
            .into_any(),
        })
        .collect_view()
}

fn delivery_icon(status: DeliveryStatus) -> Icon {
    match status {
        DeliveryStatus::Queued => Icon::Clock,
        DeliveryStatus::Sent => Icon::Check,
        DeliveryStatus::Delivered | DeliveryStatus::Read => Icon::CheckCheck,
        DeliveryStatus::Failed => Icon::Alert,
    }
}

/// "Queued", "Sent", "Delivered", "Read" or "Failed", with its icon.
pub fn delivery_badge(status: DeliveryStatus) -> impl IntoView {
    view! {
        <span class=format!("tp-delivery tp-delivery--{}", status.as_str())>
            <Svg icon=delivery_icon(status)/>
            <span>{status_label(status)}</span>
        </span>
    }
}
