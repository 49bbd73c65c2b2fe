//! `Suspense` and `Transition` around a view that waits for data. Each use of Leptos' own
//! components is a copy of their code for that one view's type; these take the view erased, so
//! one copy of each serves every place that waits.

use std::sync::Arc;

use leptos::prelude::*;

/// What a waiting place shows once its data is in.
type Body = Arc<dyn Fn() -> Suspend<AnyView> + Send + Sync>;

/// `<Suspense fallback>{body}</Suspense>`: the fallback until the first answer, and again
/// while a new one loads.
pub fn suspense(
    fallback: impl Into<ViewFnOnce>,
    body: impl Fn() -> Suspend<AnyView> + Send + Sync + 'static,
) -> AnyView {
    erased_suspense(fallback.into(), Arc::new(body))
}

/// `<Transition fallback set_pending>{body}</Transition>`: the fallback until the first
/// answer; afterwards the old view stays while a new one loads, and `set_pending` says so.
pub fn transition(
    fallback: impl Into<ViewFnOnce>,
    set_pending: Option<SignalSetter<bool>>,
    body: impl Fn() -> Suspend<AnyView> + Send + Sync + 'static,
) -> AnyView {
    erased_transition(fallback.into(), set_pending, Arc::new(body))
}

fn erased_suspense(fallback: ViewFnOnce, body: Body) -> AnyView {
    view! { <Suspense fallback=fallback>{move || body()}</Suspense> }.into_any()
}

fn erased_transition(
    fallback: ViewFnOnce,
    set_pending: Option<SignalSetter<bool>>,
    body: Body,
) -> AnyView {
    match set_pending {
        Some(set_pending) => view! {
            <Transition fallback=fallback set_pending=set_pending>{move || body()}</Transition>
        }
        .into_any(),
        None => view! { <Transition fallback=fallback>{move || body()}</Transition> }.into_any(),
    }
}
