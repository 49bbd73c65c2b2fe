//! The details of the open conversation: who the contact is, which sender profile and team it
//! runs through, who owns it, its tags and times. Agents see the sender profile's name, never
//! raw sender numbers (the server does not send them).

use leptos::prelude::*;
use textpeak_api::{ConversationDetail, ConversationStatus};

use super::actions::{AssignMenu, SnoozedUntil, TagsEditor, TeamMenu};
use crate::components::domain::{stream_name, Avatar, ChannelIcon, StatusBadge};
use crate::components::ui::icons::{icon_button, Icon};
use crate::components::ui::states::ErrorPanel;
use crate::components::ui::suspense::suspense;
use crate::format::date_time;
use crate::state::inbox::{OpenConversation, Panes};

#[component]
fn DetailsSkeleton() -> impl IntoView {
    view! {
        <div class="tp-details__loading" role="status" aria-label="Loading details">
            <span class="tp-skeleton tp-details__skeleton"></span>
            <span class="tp-skeleton tp-details__skeleton"></span>
            <span class="tp-skeleton tp-details__skeleton"></span>
        </div>
    }
}

#[component]
pub fn DetailsPanel() -> impl IntoView {
    let panes = expect_context::<Panes>();
    let conversation = expect_context::<OpenConversation>();
    // Once loaded, the facts follow the details in place (an action replaces them), so that
    // a menu keeps its button and the focus.
    let content = move || {
        Suspend::new(async move {
            match conversation.loaded_detail().await {
                Ok(_) => view! { <DetailFacts/> }.into_any(),
                Err(e) => view! {
                    <ErrorPanel message=e.message() on_retry=move |_| conversation.reload_detail()/>
                }
                .into_any(),
            }
        })
    };
    let loaded = Memo::new(move |_| conversation.with_detail(|d| d.is_some()));
    let content = move || match loaded.get() {
        true => view! { <DetailFacts/> }.into_any(),
        false => suspense(DetailsSkeleton, content).into_any(),
    };
    view! {
        <Show when=move || panes.details_open()>
            <aside id="tp-details" class="tp-details" aria-labelledby="tp-details-title">
                <header class="tp-details__head">
                    {icon_button("tp-details__back", "Back to the conversation", Icon::ArrowLeft, move || {
                        panes.hide_details()
                    })}
                    <h2 class="tp-details__title" id="tp-details-title">"Details"</h2>
                    {icon_button("tp-details__close", "Hide details", Icon::Close, move || {
                        panes.hide_details()
                    })}
                </header>
                {content}
            </aside>
        </Show>
    }
}

#[component]
fn DetailFacts() -> impl IntoView {
    let conversation = expect_context::<OpenConversation>();
    let fact = move |f: fn(&ConversationDetail) -> String| {
        move || conversation.with_detail(|d| d.map(f).unwrap_or_default())
    };
    let contact = Memo::new(move |_| {
        conversation.with_detail(|d| d.map(|d| (d.summary.contact.clone(), d.summary.stream)))
    });
    let contact_view = move || {
        let (c, stream) = contact.get()?;
        let name = c.display_name();
        let address = match (&c.phone, &c.telegram) {
            // A contact without a name is already called by their number.
            (Some(phone), _) if *phone == name => None,
            (Some(phone), _) => Some(view! {
                <a class="tp-details__address" href=format!("tel:{phone}") rel="noopener noreferrer">{phone.clone()}</a>
            }.into_any()),
            (None, Some(handle)) => Some(view! {
                <span class="tp-details__address">{format!("@{handle}")}</span>
            }.into_any()),
            (None, None) => None,
        };
        Some(view! {
            <Avatar name=name.clone() size="lg"/>
            <p class="tp-details__name">{name}</p>
            {address}
            <p class="tp-details__channel">
                <ChannelIcon stream=stream/>
                {stream_name(stream)}
            </p>
        })
    };
    let status = Memo::new(move |_| {
        conversation.with_detail(|d| d.map(|d| (d.summary.status, d.summary.snoozed_until.clone())))
    });
    let status_view = move || {
        let (status, until) = status.get()?;
        Some(
            match until.filter(|_| status == ConversationStatus::Snoozed) {
                Some(until) => view! { <SnoozedUntil until=until/> }.into_any(),
                None => view! { <StatusBadge status=status/> }.into_any(),
            },
        )
    };
    view! {
        <section class="tp-details__contact" aria-label="Contact">{contact_view}</section>
        <dl class="tp-details__facts">
            <div><dt>"Status"</dt><dd>{status_view}</dd></div>
            <div><dt>"Sender profile"</dt><dd>{fact(|d| d.sender_profile.clone())}</dd></div>
            <div><dt>"Team"</dt><dd><TeamMenu/></dd></div>
            <div><dt>"Assignee"</dt><dd><AssignMenu in_details=true/></dd></div>
            <div><dt>"Tags"</dt><dd><TagsEditor/></dd></div>
            <div><dt>"Created"</dt><dd>{fact(|d| date_time(&d.created_at))}</dd></div>
            <div><dt>"Last activity"</dt><dd>{fact(|d| date_time(&d.summary.last_activity_at))}</dd></div>
        </dl>
    }
}
