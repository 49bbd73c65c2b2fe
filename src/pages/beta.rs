//! The Beta page: what a tenant without (approved) Beta access sees in place of the Inbox,
//! with the request and its state. The guard and `/inbox` show it (`logic::access`).

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_use::use_interval_fn;
use textpeak_api::{BetaAccess, ErrorCode};

use crate::api::ApiClient;
use crate::components::ui::modal::Modal;
use crate::components::ui::toast::Toasts;
use crate::format::date_time;
use crate::state::title::name_page;
use crate::state::Session;

/// How often the Beta page asks whether support has decided, while a request is pending.
const PENDING_POLL: std::time::Duration = std::time::Duration::from_secs(15);

/// The tenant has no approved Beta access: what the Inbox is, where the request stands, and
/// the **Request Access** button. One click sends one request: a second click while the first
/// is on its way does nothing, and the server refuses a second pending request anyway.
#[component]
pub fn BetaPage(state: BetaAccess) -> impl IntoView {
    let session = expect_context::<Session>();
    let client = expect_context::<ApiClient>();
    let toasts = expect_context::<Toasts>();
    let sending = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let already_sent = RwSignal::new(false);

    let tenant = Memo::new(move |_| session.me().map(|m| m.tenant));
    let status = move || tenant.with(|t| t.as_ref().map_or(state, |t| t.beta_access));

    // While support decides, look again now and then, so approval shows without a reload.
    // (`use_interval_fn` stops the interval when the page goes away.)
    let _poll = use_interval_fn(
        move || {
            if status() == BetaAccess::Requested {
                session.refresh();
            }
        },
        PENDING_POLL.as_millis() as u64,
    );

    let request = move |_| {
        if sending.get_untracked() {
            return;
        }
        sending.set(true);
        error.set(None);
        let client = client.clone();
        spawn_local(async move {
            match client.request_access().await {
                Ok(tenant) => {
                    session.set_tenant(tenant);
                    toasts.success(
                        "Request Received!",
                        Some(
                            "A TextPeak support agent will review your request and follow up \
                             with you shortly."
                                .into(),
                        ),
                    );
                }
                Err(e) if e.code() == Some(ErrorCode::AccessAlreadyRequested) => {
                    session.refresh();
                    already_sent.try_set(true);
                }
                // Approved meanwhile: the refreshed session takes the user into the Inbox.
                Err(e) if e.code() == Some(ErrorCode::AccessAlreadyGranted) => session.refresh(),
                Err(e) => {
                    error.try_set(Some(format!(
                        "Your request was not sent. {} Nothing was lost; try again.",
                        e.message()
                    )));
                }
            }
            sending.try_set(false);
        });
    };

    let requested_line = move || {
        tenant.with(|t| {
            let t = t.as_ref()?;
            let at = t.access_requested_at.as_deref().map(date_time)?;
            Some(match &t.access_requested_by {
                Some(by) => format!("Sent on {at} by {by}."),
                None => format!("Sent on {at}."),
            })
        })
    };
    let reviewed_line = move || {
        tenant.with(|t| {
            t.as_ref()
                .and_then(|t| t.access_reviewed_at.as_deref().map(date_time))
                .map(|at| format!("Declined on {at}."))
        })
    };

    let status_block = move || {
        match status() {
        BetaAccess::Requested => view! {
            <div class="tp-beta__status tp-beta__status--pending">
                <p class="tp-beta__status-title">"Request pending"</p>
                <p>{requested_line}</p>
                <p>"A TextPeak support agent will review your request and follow up with you shortly."</p>
            </div>
        }
        .into_any(),
        BetaAccess::Declined => view! {
            <div class="tp-beta__status tp-beta__status--declined">
                <p class="tp-beta__status-title">"Request declined"</p>
                <p>{requested_line} " " {reviewed_line}</p>
                <p>"If your needs have changed, you can ask again; TextPeak support will review the new request."</p>
            </div>
        }
        .into_any(),
        BetaAccess::None | BetaAccess::Approved => view! {
            <div class="tp-beta__status">
                <p>"Your organisation doesn't have access to the Inbox Beta yet. Request access and a TextPeak support agent will review your request and follow up with you shortly."</p>
            </div>
        }
        .into_any(),
    }
    };
    let button_label = move || match (sending.get(), status()) {
        (true, _) => "Sending request…",
        (false, BetaAccess::Declined) => "Request Access Again",
        (false, _) => "Request Access",
    };
    let sent_on = Signal::derive(move || {
        let line = requested_line().unwrap_or_default();
        format!(
            "Your organisation has already asked for access to the Inbox Beta. {line} A TextPeak \
             support agent will review it and follow up with you shortly; there is no need to \
             ask again."
        )
    });

    name_page("Inbox Beta");
    view! {
        <div class="tp-page tp-page--center">
            <section class="tp-beta" aria-labelledby="tp-beta-title">
                <span class="tp-badge tp-badge--accent">"Beta"</span>
                <h1 class="tp-beta__title" id="tp-beta-title">"TextPeak Inbox"</h1>
                <p class="tp-beta__lead">
                    "Answer your customers on SMS, WhatsApp and Telegram in one place: shared conversations, teams, assignments, notes and templates."
                </p>
                <ul class="tp-beta__channels" aria-label="Channels">
                    <li class="tp-channel tp-channel--sms">"SMS"</li>
                    <li class="tp-channel tp-channel--whatsapp">"WhatsApp"</li>
                    <li class="tp-channel tp-channel--telegram">"Telegram"</li>
                </ul>
                {status_block}
                <div class="tp-beta__actions">
                    <button
                        type="button"
                        class="tp-button tp-button--primary"
                        aria-disabled=move || sending.get().to_string()
                        on:click=request
                    >
                        {button_label}
                    </button>
                </div>
                <Show when=move || error.get().is_some()>
                    <p class="tp-form__error tp-beta__error" role="alert">{move || error.get()}</p>
                </Show>
            </section>
            <Modal open=already_sent title="Request Already Sent" description=sent_on>
                <div class="tp-modal__actions">
                    <button type="button" class="tp-button tp-button--primary" on:click=move |_| already_sent.set(false)>
                        "OK"
                    </button>
                </div>
            </Modal>
        </div>
    }
}
