//! Someone's avatar: a round badge with their initials.

use leptos::prelude::*;

use crate::components::ui::icons::{Icon, Svg};

/// "AB" for "Anna Berg"; the first two letters of a one-word name; None when the name does
/// not start with a letter (a phone number).
pub fn initials(name: &str) -> Option<String> {
    let mut words = name
        .split_whitespace()
        .filter_map(|w| w.chars().next())
        .filter(|c| c.is_alphabetic());
    let initials = match (words.next(), words.next_back()) {
        (Some(a), Some(b)) => format!("{a}{b}"),
        (Some(_), None) => name.trim().chars().take(2).collect::<String>(),
        _ => return None,
    };
    Some(initials.to_uppercase())
}

/// A round avatar with someone's initials, or a person icon for a bare number.
#[component]
pub fn Avatar(#[prop(into)] name: String, #[prop(optional)] size: &'static str) -> impl IntoView {
    let class = match size {
        "" => "tp-avatar".to_owned(),
        size => format!("tp-avatar tp-avatar--{size}"),
    };
    view! {
        <span class=class aria-hidden="true">
            {match initials(&name) {
                Some(i) => i.into_any(),
                None => view! { <Svg icon=Icon::Users/> }.into_any(),
            }}
        </span>
    }
}
