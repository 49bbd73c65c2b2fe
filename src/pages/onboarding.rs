//! The welcome screen and setup checklist of the tenant owner and Inbox Admins. Each step says
//! what it is for, opens the settings page where it is done and its help article; the server
//! decides from the tenant's data which steps are complete (never a click here), and stores
//! skips of the optional ones. "Go to Inbox" finishes onboarding once the required steps are
//! complete; the checklist stays reachable from the sidebar until every step is done.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use textpeak_api::{HelpLinks, Onboarding, OnboardingStepState};

use crate::api::ApiClient;
use crate::components::ui::icons::{Icon, Svg};
use crate::components::ui::states::{ErrorPanel, Loading};
use crate::components::ui::toast::Toasts;
use crate::config::InboxConfig;
use crate::logic::routes::{href, SettingsArea};
use crate::state::title::name_page;
use crate::state::Session;

#[component]
pub fn OnboardingPage() -> impl IntoView {
    let client = expect_context::<ApiClient>();
    let state = RwSignal::new(None::<Result<Onboarding, String>>);
    let load = {
        let client = client.clone();
        move || {
            let client = client.clone();
            spawn_local(async move {
                let result = client.onboarding().await.map_err(|e| e.message());
                state.try_set(Some(result));
            });
        }
    };
    // Loaded whenever the page is shown: coming back from a settings page shows the new state.
    load();

    let page = move || match state.get() {
        None => view! { <Loading label="Loading your setup checklist"/> }.into_any(),
        Some(Err(message)) => {
            let load = load.clone();
            view! {
                <div class="tp-page tp-page--center">
                    <ErrorPanel message=message on_retry=move |_| { state.set(None); load() }/>
                </div>
            }
            .into_any()
        }
        Some(Ok(onboarding)) => view! { <Checklist onboarding=onboarding state=state/> }.into_any(),
    };
    name_page("Set up your Inbox");
    view! {
        {page}
    }
}

#[component]
fn Checklist(
    onboarding: Onboarding,
    state: RwSignal<Option<Result<Onboarding, String>>>,
) -> impl IntoView {
    let session = expect_context::<Session>();
    let org = session.me().map(|m| m.tenant.name).unwrap_or_default();
    let (done, total) = onboarding.progress();
    let ready = onboarding.ready();
    let missing: Vec<&str> = onboarding
        .missing_required()
        .into_iter()
        .map(|s| s.title())
        .collect();
    // The first step still open is the one the page points to.
    let next = onboarding.steps.iter().find(|s| !s.done()).map(|s| s.step);
    let heading = if onboarding.finished {
        "Your setup checklist".to_string()
    } else {
        "Welcome to TextPeak Inbox".to_string()
    };
    let lead = if onboarding.finished {
        format!("{org} is using the Inbox. These steps are still open; finish or skip them whenever you like.")
    } else {
        format!("{org} can now use the Inbox. Set it up in a few steps before your team starts answering customers.")
    };
    view! {
        <div class="tp-page">
            <section class="tp-welcome" aria-labelledby="tp-welcome-title">
                {(!onboarding.finished).then(|| view! {
                    <span class="tp-badge tp-badge--accent">"Beta access granted"</span>
                })}
                <h1 class="tp-page__title" id="tp-welcome-title">{heading}</h1>
                <p class="tp-page__lead">{lead}</p>
                <div class="tp-progress">
                    <p class="tp-progress__label" id="tp-progress-label">
                        {format!("{done} of {total} steps done")}
                    </p>
                    <div
                        class="tp-progress__track"
                        role="progressbar"
                        aria-labelledby="tp-progress-label"
                        aria-valuemin="0"
                        aria-valuemax=total
                        aria-valuenow=done
                    >
                        <div class="tp-progress__bar" style:width=format!("{}%", done * 100 / total.max(1))></div>
                    </div>
                </div>
                <ol class="tp-steps" aria-label="Setup steps">
                    {onboarding
                        .steps
                        .iter()
                        .enumerate()
                        .map(|(i, s)| view! { <StepItem number=i + 1 step=*s next=next == Some(s.step) state=state/> })
                        .collect_view()}
                </ol>
                <FinishBar ready=ready finished=onboarding.finished missing=missing.join(", ") state=state/>
            </section>
        </div>
    }
}

#[component]
fn StepItem(
    number: usize,
    step: OnboardingStepState,
    next: bool,
    state: RwSignal<Option<Result<Onboarding, String>>>,
) -> impl IntoView {
    let config = expect_context::<InboxConfig>();
    let help = HelpLinks {
        base: config.help_base.to_string(),
    }
    .url(step.step);
    let area = SettingsArea::for_step(step.step);
    let title = step.step.title();
    let (status_class, status_icon, status_text) = if step.complete {
        ("tp-step tp-step--complete", Some(Icon::Check), "Complete")
    } else if step.skipped {
        (
            "tp-step tp-step--skipped",
            Some(Icon::SkipForward),
            "Skipped",
        )
    } else {
        ("tp-step", None, "To do")
    };
    let link_class = if next {
        "tp-button tp-button--primary tp-button--small"
    } else {
        "tp-button tp-button--small"
    };
    let busy = RwSignal::new(false);
    let skip = move |take_back: bool| {
        let client = expect_context::<ApiClient>();
        let toasts = expect_context::<Toasts>();
        busy.set(true);
        spawn_local(async move {
            let result = client.skip_onboarding_step(step.step, !take_back).await;
            busy.try_set(false);
            match result {
                Ok(onboarding) => {
                    state.try_set(Some(Ok(onboarding)));
                }
                Err(e) => {
                    toasts.error(
                        format!("\u{201c}{title}\u{201d} couldn't be changed"),
                        Some(e.message()),
                    );
                }
            }
        });
    };
    view! {
        <li class=status_class>
            <span class="tp-step__marker" aria-hidden="true">
                {match status_icon {
                    Some(icon) => view! { <Svg icon=icon/> }.into_any(),
                    None => number.into_any(),
                }}
            </span>
            <div class="tp-step__body">
                <h2 class="tp-step__title">
                    {title}
                    {(!step.step.required()).then(|| view! { <span class="tp-badge">"Optional"</span> })}
                    <span class="tp-step__status">{status_text}</span>
                </h2>
                <p class="tp-step__purpose">{step.step.purpose()}</p>
                <div class="tp-step__actions">
                    <A href=href::settings_area(area) attr:class=link_class>
                        {format!("Open {}", area.title())}
                    </A>
                    <a class="tp-step__help" href=help target="_blank" rel="noopener noreferrer">
                        "Learn more"
                        <span class="tp-visually-hidden">{format!(" about {} (opens in a new tab)", title.to_lowercase())}</span>
                    </a>
                    {(!step.step.required() && !step.complete).then(|| {
                        let skipped = step.skipped;
                        let label = if skipped { "Undo skip" } else { "Skip" };
                        view! {
                            <button
                                type="button"
                                class="tp-button tp-button--small tp-button--quiet"
                                aria-label=format!("{label}: {title}")
                                aria-disabled=move || busy.get().to_string()
                                on:click=move |_| if !busy.get_untracked() { skip(skipped) }
                            >
                                {label}
                            </button>
                        }
                    })}
                </div>
            </div>
        </li>
    }
}

/// "Go to Inbox": finishes onboarding when the required steps are complete, and says which
/// are missing when they are not.
#[component]
fn FinishBar(
    ready: bool,
    finished: bool,
    missing: String,
    state: RwSignal<Option<Result<Onboarding, String>>>,
) -> impl IntoView {
    let client = expect_context::<ApiClient>();
    let session = expect_context::<Session>();
    let toasts = expect_context::<Toasts>();
    let navigate = use_navigate();
    let busy = RwSignal::new(false);
    let go = move |_| {
        if busy.get_untracked() || !ready {
            return;
        }
        busy.set(true);
        let client = client.clone();
        let navigate = navigate.clone();
        spawn_local(async move {
            let finished = client.finish_onboarding().await;
            let result = match finished {
                // The app's idea of the user follows: the entry page now leads to a space.
                Ok(onboarding) => client.me().await.map(|me| (onboarding, me)),
                Err(e) => Err(e),
            };
            busy.try_set(false);
            match result {
                Ok((onboarding, me)) => {
                    state.try_set(Some(Ok(onboarding)));
                    session.signed_in(me);
                    navigate(&href::inbox(), Default::default());
                }
                Err(e) => {
                    toasts.error("The Inbox couldn't be opened", Some(e.message()));
                }
            }
        });
    };
    let hint = if ready {
        if finished {
            "Everything required is set up.".to_string()
        } else {
            "Everything required is set up. You can come back to the optional steps from the sidebar.".to_string()
        }
    } else {
        format!("To open the Inbox, finish: {missing}.")
    };
    view! {
        <div class="tp-finish">
            <p class="tp-finish__hint" id="tp-finish-hint">{hint}</p>
            <button
                type="button"
                class="tp-button tp-button--primary"
                aria-disabled=(!ready).to_string()
                aria-describedby="tp-finish-hint"
                on:click=go
            >
                {move || if busy.get() { "Opening the Inbox…" } else { "Go to Inbox" }}
                <Svg icon=Icon::ArrowRight/>
            </button>
        </div>
    }
}
