//! A conversation's status as a coloured badge.

use leptos::prelude::*;
use textpeak_api::ConversationStatus;

/// "Open", "Snoozed" or "Closed", as a coloured badge.
#[component]
pub fn StatusBadge(status: ConversationStatus) -> impl IntoView {
    let label = match status {
        ConversationStatus::Open => "Open",
        ConversationStatus::Snoozed => "Snoozed",
        ConversationStatus::Closed => "Closed",
    };
    view! { <span class=format!("tp-status tp-status--{}", status.as_str())>{label}</span> }
}
