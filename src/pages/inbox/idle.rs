//! While no conversation is open: the space at a glance and how to start.

use leptos::prelude::*;
use textpeak_api::SpaceSummary;

use crate::api::ApiError;
use crate::components::ui::icons::{Icon, Svg};
use crate::components::ui::states::ErrorPanel;
use crate::components::ui::suspense::transition;
use crate::components::ui::term_list::{term_list, TermListClasses};

/// The space's figures: None until the list has its first page.
pub type SummaryResource = LocalResource<Option<Result<SpaceSummary, ApiError>>>;

/// While nothing is open: the space at a glance and how to start.
#[component]
pub fn NoConversationOpen(summary: SummaryResource) -> impl IntoView {
    let overview = move || {
        Suspend::new(async move {
            match summary.await {
                None => view! { <div class="tp-stats tp-skeleton tp-idle__stats-skeleton"></div> }
                    .into_any(),
                Some(Ok(s)) => view! { <SpaceOverview summary=s/> }.into_any(),
                Some(Err(e)) => view! {
                    <ErrorPanel message=e.message() on_retry=move |_| summary.refetch()/>
                }
                .into_any(),
            }
        })
    };
    view! {
        <section class="tp-thread-pane tp-thread-pane--idle" aria-labelledby="tp-idle-title">
            <div class="tp-idle">
                <div class="tp-state__icon"><Svg icon=Icon::Inbox/></div>
                <h2 class="tp-idle__title" id="tp-idle-title">"No conversation open"</h2>
                <p class="tp-idle__text">
                    "Pick one from the list, or press "<kbd class="tp-kbd">"J"</kbd>" and "
                    <kbd class="tp-kbd">"Enter"</kbd>"."
                </p>
                {transition(|| view! { <div class="tp-stats tp-skeleton tp-idle__stats-skeleton"></div> }, None, overview)}
            </div>
        </section>
    }
}

/// The state of the space at a glance, shown while no conversation is open: what is open,
/// waiting for an owner, assigned to me.
#[component]
fn SpaceOverview(summary: SpaceSummary) -> impl IntoView {
    let figures = [
        ("Open conversations", summary.open),
        ("Unassigned", summary.unassigned_open),
        ("Assigned to you", summary.mine_open),
        ("Unread", summary.unread),
    ];
    let classes = TermListClasses {
        list: "tp-stats",
        row: "tp-stat",
        term: "tp-stat__label",
        value: "tp-stat__value",
    };
    term_list(classes, figures)
}
