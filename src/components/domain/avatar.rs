//! Someone's avatar: a round badge with their initials (the one rule of `textpeak_api::initials`).

use leptos::prelude::*;

use textpeak_api::initials;

use crate::components::ui::icons::{Icon, Svg};

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
