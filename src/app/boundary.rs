//! The error boundary of the app and its panel.

use leptos::prelude::*;

use crate::components::ui::icons::Icon;
use crate::components::ui::states::FullPageState;

/// The app's last line of defence: an `Err` rendered below it (a view returning `Result`, `?`
/// on a resource inside `Suspend`) replaces the view with a panel that says what went wrong,
/// instead of a blank page.
///
/// It sits at the root, and the route guard puts one around every route's view too: the
/// router builds a route's view in a task of its own, after the root boundary has been built,
/// where the root's error hook is no longer installed, so an `Err` in a route would otherwise
/// reach no boundary at all (the bug of the first version). Public for the browser test.
#[component]
pub fn AppErrorBoundary(children: Children) -> impl IntoView {
    view! {
        <ErrorBoundary fallback=|errors| {
            let detail = errors
                .get()
                .into_iter()
                .map(|(_, e)| e.to_string())
                .collect::<Vec<_>>()
                .join(" ");
            view! { <FullPageState icon=Icon::Alert tone="danger" title="This view could not be shown" text=detail/> }
        }>
            {children()}
        </ErrorBoundary>
    }
}
