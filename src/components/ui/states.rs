//! The designed in-between states: loading, empty, failed. Every view uses these rather than
//! leaving a blank area.

use leptos::prelude::*;

use crate::components::ui::icons::{Icon, Svg};
use crate::state::title::name_page;

/// A centred spinner announced as "Loading …" to screen readers.
#[component]
pub fn Loading(#[prop(into, default = "Loading".into())] label: String) -> impl IntoView {
    view! {
        <div class="tp-loading" role="status">
            <span class="tp-spinner" aria-hidden="true"></span>
            <span class="tp-loading__label">{label}"…"</span>
        </div>
    }
}

/// A placeholder while something loads, announced as `label`: `count` rows made by `row`.
pub fn skeleton<V: IntoView + 'static>(
    class: &'static str,
    label: &'static str,
    count: usize,
    row: impl Fn(usize) -> V,
) -> impl IntoView {
    view! {
        <div class=class role="status" aria-label=label>
            {(0..count).map(row).collect_view()}
        </div>
    }
}

/// A line saying what did not load (the next page of a list), with "Try again".
pub fn retry_line(
    class: &'static str,
    text: &'static str,
    on_retry: impl Fn() + 'static,
) -> AnyView {
    view! {
        <div class=class role="alert">
            {text}
            <button type="button" class="tp-link-button" on:click=move |_| on_retry()>
                "Try again"
            </button>
        </div>
    }
    .into_any()
}

/// A whole-page state, centred: an icon, a heading, a sentence and optional actions (page not
/// found, no access, no spaces, a view that failed). With `page_title`, it names the document
/// while it shows.
#[component]
pub fn FullPageState(
    icon: Icon,
    #[prop(into)] title: String,
    #[prop(into)] text: String,
    #[prop(optional)] tone: &'static str,
    #[prop(optional)] page_title: Option<&'static str>,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    if let Some(page_title) = page_title {
        name_page(page_title);
    }
    let class = match tone {
        "" => "tp-state".to_string(),
        tone => format!("tp-state tp-state--{tone}"),
    };
    view! {
        <div class="tp-page tp-page--center">
            <section class=class>
                <div class="tp-state__icon">
                    <Svg icon=icon/>
                </div>
                <h1 class="tp-state__title">{title}</h1>
                <p class="tp-state__text">{text}</p>
                {children.map(|c| view! { <div class="tp-state__actions">{c()}</div> })}
            </section>
        </div>
    }
}

/// A failure with a retry button; used where data could not be loaded.
#[component]
pub fn ErrorPanel(
    #[prop(into)] message: String,
    #[prop(into)] on_retry: Callback<()>,
) -> impl IntoView {
    view! {
        <div class="tp-error-panel" role="alert">
            <Svg icon=Icon::Alert class="tp-error-panel__icon"/>
            <p class="tp-error-panel__text">{message}</p>
            <button type="button" class="tp-button" on:click=move |_| on_retry.run(())>
                "Try again"
            </button>
        </div>
    }
}
