//! The details of the open conversation: who the contact is, which sender profile and team it
//! runs through, who owns it, its tags and times. Agents see the sender profile's name, never
//! raw sender numbers (the server does not send them).

use leptos::prelude::*;
use textpeak_api::ConversationDetail;

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
    let content = move || {
        Suspend::new(async move {
            match conversation.loaded_detail().await {
                Ok(d) => view! { <DetailFacts detail=d/> }.into_any(),
                Err(e) => view! {
                    <ErrorPanel message=e.message() on_retry=move |_| conversation.reload_detail()/>
                }
                .into_any(),
            }
        })
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
                {suspense(DetailsSkeleton, content)}
            </aside>
        </Show>
    }
}

#[component]
fn DetailFacts(detail: ConversationDetail) -> impl IntoView {
    let s = detail.summary;
    let name = s.contact.display_name();
    let address = match (&s.contact.phone, &s.contact.telegram) {
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
    let assignee = match s.assignee {
        Some(a) => view! {
            <span class="tp-details__person">
                <Avatar name=a.name.clone() size="xs"/>
                {a.name}
            </span>
        }
        .into_any(),
        None => view! { <span class="tp-details__muted">"Unassigned"</span> }.into_any(),
    };
    let tags = if s.tags.is_empty() {
        view! { <span class="tp-details__muted">"No tags"</span> }.into_any()
    } else {
        view! {
            <ul class="tp-details__tags">
                {s.tags
                    .into_iter()
                    .map(|t| view! {
                        <li class="tp-tag">
                            <span class="tp-tag__dot" style:background-color=t.color></span>
                            {t.name}
                        </li>
                    })
                    .collect_view()}
            </ul>
        }
        .into_any()
    };
    view! {
        <section class="tp-details__contact" aria-label="Contact">
            <Avatar name=name.clone() size="lg"/>
            <p class="tp-details__name">{name}</p>
            {address}
            <p class="tp-details__channel">
                <ChannelIcon stream=s.stream/>
                {stream_name(s.stream)}
            </p>
        </section>
        <dl class="tp-details__facts">
            <div><dt>"Status"</dt><dd><StatusBadge status=s.status/></dd></div>
            <div><dt>"Sender profile"</dt><dd>{detail.sender_profile}</dd></div>
            <div><dt>"Team"</dt><dd>{s.team.name}</dd></div>
            <div><dt>"Assignee"</dt><dd>{assignee}</dd></div>
            <div><dt>"Tags"</dt><dd>{tags}</dd></div>
            <div><dt>"Created"</dt><dd>{date_time(&detail.created_at)}</dd></div>
            <div><dt>"Last activity"</dt><dd>{date_time(&s.last_activity_at)}</dd></div>
        </dl>
    }
}
