//! The open conversation: its header and its thread, oldest at the top. Scrolling up loads
//! older pages and keeps what the reader was looking at in place.

use std::sync::Arc;

use leptos::html::Div;
use leptos::prelude::*;
use textpeak_api::{
    Capability, ConversationStatus, DeliveryStatus, Direction, Message, MessageKind,
};

use super::{DetailState, Inbox, SpaceOverview, SummaryResource};
use crate::api::ApiClient;
use crate::components::domain::{stream_name, ChannelIcon, StatusBadge};
use crate::components::icons::{Icon, Svg};
use crate::components::states::ErrorPanel;
use crate::format::{date_time, day, day_key, time_of_day};
use crate::linkify::{segments, Segment};
use crate::state::Session;

/// Older messages start loading when the reader is this close to the top, so that they are
/// usually there before the top is reached.
const LOAD_OLDER_WITHIN_PX: i32 = 600;

/// Scrolls the thread to its end, again on the next frames until it stays there: messages
/// outside the viewport have estimated heights (`content-visibility`) until they are laid out.
fn scroll_to_bottom(scroller: NodeRef<Div>, frames: u8) {
    request_animation_frame(move || {
        // The thread may have closed meanwhile.
        let Some(el) = scroller.try_get_untracked().flatten() else {
            return;
        };
        el.set_scroll_top(el.scroll_height());
        let at_end = el.scroll_top() + el.client_height() >= el.scroll_height() - 1;
        if frames > 1 && !at_end {
            scroll_to_bottom(scroller, frames - 1);
        } else if frames > 1 {
            // One more look after this frame's layout.
            request_animation_frame(move || {
                if let Some(el) = scroller.try_get_untracked().flatten() {
                    if el.scroll_top() + el.client_height() < el.scroll_height() - 1 {
                        scroll_to_bottom(scroller, frames - 1);
                    }
                }
            });
        }
    });
}

#[component]
pub fn ThreadPane(summary: SummaryResource) -> impl IntoView {
    let inbox = expect_context::<Inbox>();
    move || match inbox.open.get() {
        Some(id) => view! { <Thread id=id/> }.into_any(),
        None => view! { <NoConversationOpen summary=summary/> }.into_any(),
    }
}

/// While nothing is open: the space at a glance and how to start.
#[component]
fn NoConversationOpen(summary: SummaryResource) -> impl IntoView {
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
                <Transition fallback=|| view! { <div class="tp-stats tp-skeleton tp-idle__stats-skeleton"></div> }>
                    {overview}
                </Transition>
            </div>
        </section>
    }
}

/// A message with its local calendar day, worked out once when it arrives.
#[derive(Clone)]
struct Entry {
    message: Message,
    day: Option<(u32, u32, u32)>,
    opens_day: bool,
}

/// One page of the thread as the server sent it. The thread renders page by page, so that
/// putting an older page in front moves one node list, not thousands of messages.
struct Chunk {
    entries: Vec<Entry>,
    /// Whether the chunk's first message opens a day: true until an older page arrives whose
    /// last message is from the same day. Inside a chunk, `Entry::opens_day` is fixed.
    first_opens_day: ArcRwSignal<bool>,
}

/// Pages are cloned for every render; their messages are not.
type SharedChunk = Arc<Chunk>;

#[derive(Clone, Copy, PartialEq)]
enum Older {
    /// There are older messages; scrolling up loads them.
    More,
    Loading,
    Failed,
    /// The thread starts here.
    Start,
}

#[component]
fn Thread(id: i64) -> impl IntoView {
    let inbox = expect_context::<Inbox>();
    let client = expect_context::<ApiClient>();
    let chunks = RwSignal::new(Vec::<SharedChunk>::new());
    let first_load = RwSignal::new(None::<Result<(), String>>);
    let older = RwSignal::new(Older::Start);
    let before = StoredValue::new(None::<String>);
    let scroller = NodeRef::<Div>::new();

    let to_chunk = |items: Vec<Message>| {
        let mut previous = None;
        let entries = items
            .into_iter()
            .enumerate()
            .map(|(i, m)| {
                let day = day_key(&m.created_at);
                let opens_day = i == 0 || day != previous;
                previous = day;
                Entry {
                    day,
                    opens_day,
                    message: m,
                }
            })
            .collect::<Vec<_>>();
        Arc::new(Chunk {
            entries,
            first_opens_day: ArcRwSignal::new(true),
        })
    };

    let load_newest = {
        let client = client.clone();
        move || {
            let client = client.clone();
            first_load.set(None);
            leptos::task::spawn_local(async move {
                match client.messages(id).await {
                    Ok(page) => {
                        before.try_set_value(page.before_cursor.clone());
                        older.try_set(if page.before_cursor.is_some() {
                            Older::More
                        } else {
                            Older::Start
                        });
                        chunks.try_set(vec![to_chunk(page.items)]);
                        first_load.try_set(Some(Ok(())));
                        // The newest message is where a reader starts.
                        scroll_to_bottom(scroller, 4);
                    }
                    Err(e) => {
                        first_load.try_set(Some(Err(e.message())));
                    }
                }
            });
        }
    };
    load_newest();
    // The thread changed on the server (closed, reopened): its newest page has the event.
    Effect::new({
        let load_newest = load_newest.clone();
        move |seen: Option<u64>| {
            let version = inbox.thread_version.get();
            if seen.is_some_and(|s| s != version) {
                load_newest();
            }
            version
        }
    });

    let load_older = move || {
        if older.get_untracked() != Older::More && older.get_untracked() != Older::Failed {
            return;
        }
        let Some(cursor) = before.get_value() else {
            return;
        };
        older.set(Older::Loading);
        let client = client.clone();
        leptos::task::spawn_local(async move {
            match client.messages_before(id, cursor).await {
                Ok(page) => {
                    // Where the reader is, measured from the bottom, stays put as the older
                    // messages go in above.
                    let Some(el) = scroller.try_get_untracked().flatten() else {
                        return; // the thread closed meanwhile
                    };
                    let (old_height, old_top) = (el.scroll_height(), el.scroll_top());
                    before.try_set_value(page.before_cursor.clone());
                    let more = page.before_cursor.is_some();
                    let older_chunk = to_chunk(page.items);
                    chunks.try_update(|all| {
                        if let (Some(first), Some(last)) = (all.first(), older_chunk.entries.last())
                        {
                            let same_day = first.entries.first().map(|e| e.day) == Some(last.day);
                            first.first_opens_day.set(!same_day);
                        }
                        all.insert(0, older_chunk);
                    });
                    older.try_set(if more { Older::More } else { Older::Start });
                    request_animation_frame(move || {
                        if let Some(el) = scroller.try_get_untracked().flatten() {
                            let target = old_top + (el.scroll_height() - old_height);
                            // Chromium's scroll anchoring may have done it already.
                            if (el.scroll_top() - target).abs() > 1 {
                                el.set_scroll_top(target);
                            }
                        }
                    });
                }
                Err(_) => {
                    older.try_set(Older::Failed);
                }
            }
        });
    };
    let load_older_on_scroll = load_older.clone();
    let on_scroll = move |_| {
        if let Some(el) = scroller.get_untracked() {
            if el.scroll_top() < LOAD_OLDER_WITHIN_PX {
                load_older_on_scroll();
            }
        }
    };

    let contact = Memo::new(move |_| match inbox.detail.get() {
        DetailState::Loaded(d) => Some(d.summary.contact.display_name()),
        _ => None,
    });

    let top_of_thread = move || match older.get() {
        Older::Loading => view! {
            <div class="tp-thread__edge" role="status">
                <span class="tp-spinner tp-spinner--sm" aria-hidden="true"></span>
                "Loading earlier messages…"
            </div>
        }
        .into_any(),
        Older::Failed => {
            let retry = load_older.clone();
            view! {
                <div class="tp-thread__edge" role="alert">
                    "Earlier messages didn't load."
                    <button type="button" class="tp-link-button" on:click=move |_| retry()>
                        "Try again"
                    </button>
                </div>
            }
            .into_any()
        }
        Older::More => view! { <div class="tp-thread__edge" aria-hidden="true"></div> }.into_any(),
        Older::Start => view! {
            <div class="tp-thread__edge tp-thread__edge--start">"Start of the conversation"</div>
        }
        .into_any(),
    };

    let body = move || {
        match first_load.get() {
        None => view! {
            <div class="tp-thread__loading" role="status" aria-label="Loading messages">
                {(0..4)
                    .map(|i| {
                        let side = if i % 2 == 0 { "in" } else { "out" };
                        view! { <div class=format!("tp-skeleton tp-thread__bubble-skeleton tp-thread__bubble-skeleton--{side}")></div> }
                    })
                    .collect_view()}
            </div>
        }
        .into_any(),
        Some(Err(message)) => {
            let retry = load_newest.clone();
            view! {
                <div class="tp-thread__failed">
                    <ErrorPanel message=message on_retry=move |_| retry()/>
                </div>
            }
            .into_any()
        }
        Some(Ok(())) => ().into_any(),
    }
    };

    view! {
        <section class="tp-thread-pane" aria-labelledby="tp-thread-title">
            <ThreadHeader/>
            // Focusable, so that keyboard users can scroll the thread with the arrow keys.
            <div class="tp-thread__scroll" node_ref=scroller on:scroll=on_scroll tabindex="0">
                {move || first_load.with(|l| matches!(l, Some(Ok(())))).then(top_of_thread.clone())}
                {body}
                <div
                    role="log"
                    aria-label="Messages"
                    aria-live="polite"
                    aria-busy=move || (first_load.with(Option::is_none) || older.get() == Older::Loading).to_string()
                >
                <div class="tp-thread__messages">
                    <For
                        each=move || chunks.get()
                        key=|c: &SharedChunk| c.entries.first().map_or(0, |e| e.message.id)
                        children=move |c: SharedChunk| {
                            let items = c
                                .entries
                                .iter()
                                .enumerate()
                                .map(|(i, e)| {
                                    let opens_day = match i {
                                        0 => Signal::from(c.first_opens_day.clone()),
                                        _ => Signal::stored(e.opens_day),
                                    };
                                    thread_item(e, opens_day, contact)
                                })
                                .collect_view();
                            // One list per page: the browser skips the layout and painting of
                            // whole pages out of view, tracking dozens of pages, not thousands
                            // of messages.
                            view! { <ol class="tp-thread__page">{items}</ol> }
                        }
                    />
                </div>
                </div>
            </div>
        </section>
    }
}

/// One message of the thread, under its day's heading when it opens a day.
fn thread_item(
    entry: &Entry,
    opens_day: Signal<bool>,
    contact: Memo<Option<String>>,
) -> impl IntoView {
    let created_at = entry.message.created_at.clone();
    view! {
        <li class="tp-thread__item">
            {move || opens_day.get().then(|| view! {
                <p class="tp-day"><span>{day(&created_at)}</span></p>
            })}
            <MessageView message=entry.message.clone() contact=contact/>
        </li>
    }
}

#[component]
fn ThreadHeader() -> impl IntoView {
    let inbox = expect_context::<Inbox>();
    let title = move || match inbox.detail.get() {
        DetailState::Loaded(d) => d.summary.contact.display_name(),
        DetailState::Failed(_) => "Conversation".into(),
        _ => "Loading conversation…".into(),
    };
    let facts = move || match inbox.detail.get() {
        DetailState::Loaded(d) => {
            let s = d.summary;
            Some(view! {
                <p class="tp-thread__facts">
                    <ChannelIcon stream=s.stream/>
                    <span>{stream_name(s.stream)}</span>
                    <span aria-hidden="true">"·"</span>
                    <span>{s.team.name}</span>
                    <StatusBadge status=s.status/>
                </p>
            })
        }
        _ => None,
    };
    // Close or Reopen, when the role allows it (a custom role may not close).
    let session = expect_context::<Session>();
    let status_action = move || {
        let DetailState::Loaded(d) = inbox.detail.get() else {
            return None;
        };
        let (label, icon, needs, next) = match d.summary.status {
            ConversationStatus::Open => (
                "Close",
                Icon::CircleCheck,
                Capability::Close,
                ConversationStatus::Closed,
            ),
            ConversationStatus::Closed => (
                "Reopen",
                Icon::RotateCcw,
                Capability::Reopen,
                ConversationStatus::Open,
            ),
        };
        session
            .with_me(|me| me.is_some_and(|m| m.can(needs)))
            .then(|| {
                view! {
                    <button
                        type="button"
                        class="tp-button tp-button--small"
                        aria-disabled=move || inbox.status_busy.get().to_string()
                        on:click=move |_| {
                            if !inbox.status_busy.get_untracked() {
                                inbox.set_status(next);
                            }
                        }
                    >
                        <Svg icon=icon/>
                        {label}
                    </button>
                }
            })
    };
    view! {
        <header class="tp-thread__head">
            <button
                type="button"
                class="tp-icon-button tp-thread__back"
                aria-label="Back to conversations"
                on:click=move |_| inbox.close_conversation()
            >
                <Svg icon=Icon::ArrowLeft/>
            </button>
            <div class="tp-thread__heading">
                <h2 class="tp-thread__title" id="tp-thread-title">{title}</h2>
                {facts}
            </div>
            {status_action}
            <button
                type="button"
                class="tp-icon-button"
                class:tp-icon-button--active=move || inbox.details_open.get()
                aria-label="Conversation details"
                aria-controls="tp-details"
                aria-expanded=move || inbox.details_open.get().to_string()
                title="Conversation details (I)"
                on:click=move |_| inbox.details_open.update(|o| *o = !*o)
            >
                <Svg icon=Icon::PanelRight/>
            </button>
        </header>
    }
}

/// User text, with http(s), mailto and tel links made clickable and everything else as text.
#[component]
fn Body(text: String) -> impl IntoView {
    segments(&text)
        .into_iter()
        .map(|s| match s {
            Segment::Text(t) => t.into_any(),
            Segment::Link { text, href } => view! {
                <a href=href target="_blank" rel="noopener noreferrer">{text}</a>
            }
            .into_any(),
        })
        .collect_view()
}

fn delivery(status: DeliveryStatus) -> (&'static str, Icon) {
    match status {
        DeliveryStatus::Queued => ("Queued", Icon::Clock),
        DeliveryStatus::Sent => ("Sent", Icon::Check),
        DeliveryStatus::Delivered => ("Delivered", Icon::CheckCheck),
        DeliveryStatus::Read => ("Read", Icon::CheckCheck),
        DeliveryStatus::Failed => ("Failed", Icon::Alert),
    }
}

#[component]
fn MessageView(message: Message, contact: Memo<Option<String>>) -> impl IntoView {
    let time = time_of_day(&message.created_at);
    let full_time = date_time(&message.created_at);
    let author = message.author.as_ref().map(|a| a.name.clone());
    match message.kind {
        MessageKind::Event => {
            let who = author.unwrap_or_else(|| "TextPeak".into());
            let subject = message.event_user.as_ref().map(|u| u.name.clone());
            let tag = message.event_tag.as_ref().map(|t| t.name.clone());
            let (icon, text) = match message.event.as_deref().unwrap_or_default() {
                "assigned" => (
                    Icon::UserCheck,
                    match subject {
                        Some(s) if s == who => format!("{who} took the conversation"),
                        Some(s) => format!("{who} assigned the conversation to {s}"),
                        None => format!("{who} assigned the conversation"),
                    },
                ),
                "unassigned" => (
                    Icon::Users,
                    match subject {
                        Some(s) => format!("{who} unassigned {s}"),
                        None => format!("{who} unassigned the conversation"),
                    },
                ),
                "closed" => (Icon::CircleCheck, format!("{who} closed the conversation")),
                "reopened" => (Icon::RotateCcw, "The conversation was reopened".to_owned()),
                "tagged" => (
                    Icon::Tag,
                    format!("{who} added the tag {}", tag.unwrap_or_default()),
                ),
                "untagged" => (
                    Icon::Tag,
                    format!("{who} removed the tag {}", tag.unwrap_or_default()),
                ),
                other => (Icon::Info, format!("{who}: {other}")),
            };
            view! {
                <div class="tp-event">
                    <Svg icon=icon/>
                    <span>{text}</span>
                    <time class="tp-event__time" datetime=message.created_at title=full_time>{time}</time>
                </div>
            }
            .into_any()
        }
        MessageKind::Note => view! {
            <article class="tp-msg tp-msg--note">
                <p class="tp-msg__meta">
                    <Svg icon=Icon::Lock/>
                    <span class="tp-msg__kind">"Internal note"</span>
                    <span>{author.unwrap_or_default()}</span>
                    <time datetime=message.created_at title=full_time>{time}</time>
                </p>
                <p class="tp-msg__body"><Body text=message.body/></p>
            </article>
        }
        .into_any(),
        MessageKind::Reply => {
            let outbound = message.direction == Some(Direction::Outbound);
            let who = move || {
                if outbound {
                    author.clone().unwrap_or_else(|| "Automated".into())
                } else {
                    contact.get().unwrap_or_else(|| "Customer".into())
                }
            };
            let status = message.status.map(|s| {
                let (label, icon) = delivery(s);
                view! {
                    <span class=format!("tp-delivery tp-delivery--{}", s.as_str())>
                        <Svg icon=icon/>
                        <span>{label}</span>
                    </span>
                }
            });
            let failure = message.failure_reason.map(|reason| {
                view! { <p class="tp-msg__failure">{format!("Not delivered: {reason}")}</p> }
            });
            view! {
                <article class="tp-msg" class:tp-msg--out=outbound class:tp-msg--in=!outbound>
                    <p class="tp-msg__body"><Body text=message.body/></p>
                    <p class="tp-msg__meta">
                        <span class="tp-msg__author">{who}</span>
                        <time datetime=message.created_at title=full_time>{time}</time>
                        {status}
                    </p>
                    {failure}
                </article>
            }
            .into_any()
        }
    }
}
