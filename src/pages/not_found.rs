use leptos::prelude::*;
use leptos_router::components::A;

use crate::components::icons::Icon;
use crate::components::states::StatePanel;

#[component]
pub fn NotFound() -> impl IntoView {
    super::set_title("Page not found");
    view! {
        <div class="tp-page tp-page--center">
            <StatePanel
                icon=Icon::Search
                title="Page not found"
                text="This address doesn't lead anywhere in TextPeak Inbox. It may have moved, or the link may be mistyped."
            >
                <A href="/" attr:class="tp-button tp-button--primary">"Go to Home"</A>
            </StatePanel>
        </div>
    }
}
