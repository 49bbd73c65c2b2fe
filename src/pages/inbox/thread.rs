//! The open conversation: its header and its thread, oldest at the top. Scrolling up loads
//! older pages and keeps what the reader was looking at in place.

use leptos::ev;
use leptos::html::Div;
use leptos::prelude::*;
use leptos_use::{use_element_size, use_event_listener};
use textpeak_api::{ConversationStatus, DeliveryStatus, Direction, Message, MessageKind};

use super::actions::{event_line, AssignMenu, CloseControl, SnoozeControl, SnoozedUntil};
use super::composer::{
    use_delivery_poll, Composer, ComposerState, PendingSends, RetryCarrierFailure,
};
use super::message_parts::{delivery_badge, Body};
use super::url::InboxUrl;
use crate::api::{ApiClient, ApiError};
use crate::components::domain::{stream_name, ChannelIcon, StatusBadge};
use crate::components::ui::icons::{icon_button, Icon, Svg};
use crate::components::ui::states::{retry_line, skeleton, ErrorPanel};
use crate::components::ui::suspense::transition;
use crate::format::{date_time, day, time_of_day};
use crate::logic::presence::{typing_line, viewing_line};
use crate::state::inbox::conversation::{Entry, SharedChunk};
use crate::state::inbox::{OpenConversation, PageLoader, Panes, Presence, ThreadPages};

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
pub fn Thread() -> impl IntoView {
    let conversation = expect_context::<OpenConversation>();
    let scroller = NodeRef::<Div>::new();
    let (pending, set_pending) = signal(false);
    // Whether the reader is at the newest message; messages arriving then are followed.
    let pinned = StoredValue::new(true);
    // Messages that arrived while the reader was scrolled up, for the "new messages" button.
    let unseen = RwSignal::new(0u32);
    let body = move || {
        Suspend::new(async move {
            match conversation.loaded_thread().await {
                Ok(pages) => view! {
                    <Pages pages=pages scroller=scroller pending=pending pinned=pinned unseen=unseen/>
                }
                .into_any(),
                Err(e) => view! { <ThreadFailed error=e pending=pending/> }.into_any(),
            }
        })
    };
    provide_context(ComposerState::new(conversation.id()));
    // The composer grows and shrinks (its text, its notices, loading): a reader at the newest
    // message stays at the newest message.
    // Only the reader scrolling up unpins: content that grows below (messages laid out late,
    // a page rendered again) moves the end away without moving the reader.
    let last_top = StoredValue::new(0);
    let _ = use_event_listener(scroller, ev::scroll, move |_| {
        if let Some(el) = scroller.get_untracked() {
            let top = el.scroll_top();
            let gap = el.scroll_height() - top - el.client_height();
            if gap < 24 {
                pinned.set_value(true);
            } else if top < last_top.get_value() - 1 {
                pinned.set_value(false);
            }
            last_top.set_value(top);
            if gap < 24 && unseen.get_untracked() > 0 {
                unseen.set(0);
            }
        }
    });
    let new_messages = move || {
        let count = unseen.get();
        (count > 0).then(|| {
            let label = match count {
                1 => "1 new message".to_owned(),
                n => format!("{n} new messages"),
            };
            view! {
                <button type="button" class="tp-thread__new" on:click=move |_| {
                    unseen.set(0);
                    scroll_to_bottom(scroller, 4);
                }>
                    <Svg icon=Icon::ArrowDown/>
                    {label}
                </button>
            }
        })
    };
    let height = use_element_size(scroller).height;
    Effect::new(move |_| {
        height.track();
        if pinned.get_value() {
            if let Some(el) = scroller.get_untracked() {
                el.set_scroll_top(el.scroll_height());
            }
        }
    });
    view! {
        <section class="tp-thread-pane" aria-labelledby="tp-thread-title">
            <ThreadHeader/>
            // Focusable, so that keyboard users can scroll the thread with the arrow keys.
            <div class="tp-thread__scroll" node_ref=scroller tabindex="0">
                // While a newer version of the thread loads (after a close or reopen), the
                // skeleton shows above the messages it will replace.
                {transition(|| view! { <ThreadSkeleton/> <MessageLog busy=|| true/> }, Some(set_pending.into()), body)}
            </div>
            <div class="tp-thread__new-slot">{new_messages}</div>
            <Composer on_sent=move || scroll_to_bottom(scroller, 4)/>
        </section>
    }
}

#[component]
fn ThreadSkeleton() -> impl IntoView {
    skeleton("tp-thread__loading", "Loading messages", 4, |i| {
        let side = if i % 2 == 0 { "in" } else { "out" };
        view! { <div class=format!("tp-skeleton tp-thread__bubble-skeleton tp-thread__bubble-skeleton--{side}")></div> }
    })
}

#[component]
fn ThreadFailed(error: ApiError, pending: ReadSignal<bool>) -> impl IntoView {
    let conversation = expect_context::<OpenConversation>();
    let message = error.message();
    // Trying again shows the skeleton until the answer is in.
    let body = move || match pending.get() {
        true => view! { <ThreadSkeleton/> }.into_any(),
        false => view! {
            <div class="tp-thread__failed">
                <ErrorPanel message=message.clone() on_retry=move |_| conversation.reload_thread()/>
            </div>
        }
        .into_any(),
    };
    view! {
        {body}
        <MessageLog busy=move || pending.get()/>
    }
}

/// The thread's live region; the messages go in it. `busy` is a plain closure, not a
/// `Signal::derive`: a derived signal lives in its creator's arena, and while a `Transition`
/// replaces the thread its pending flag can still reach this attribute after that creator
/// was disposed.
#[component]
fn MessageLog(
    busy: impl Fn() -> bool + Send + Sync + 'static,
    #[prop(optional)] children: Option<Children>,
    #[prop(optional)] node_ref: NodeRef<Div>,
) -> impl IntoView {
    view! {
        <div role="log" aria-label="Messages" aria-live="polite" aria-busy=move || busy().to_string() node_ref=node_ref>
            <div class="tp-thread__messages">{children.map(|c| c())}</div>
        </div>
    }
}

/// The top of the thread: its start, or where earlier messages load.
fn thread_edge(older: PageLoader) -> impl IntoView {
    move || {
        if older.loading() {
            view! {
                <div class="tp-thread__edge" role="status">
                    <span class="tp-spinner tp-spinner--sm" aria-hidden="true"></span>
                    "Loading earlier messages…"
                </div>
            }
            .into_any()
        } else if older.failed() {
            retry_line(
                "tp-thread__edge",
                "Earlier messages didn't load.",
                move || older.load(),
            )
        } else if older.at_end() {
            view! {
                <div class="tp-thread__edge tp-thread__edge--start">"Start of the conversation"</div>
            }
            .into_any()
        } else {
            view! { <div class="tp-thread__edge" aria-hidden="true"></div> }.into_any()
        }
    }
}

/// Inserts an older page with `insert` so that where the reader is, measured from the bottom,
/// stays put as the older messages go in above.
fn keep_place(scroller: NodeRef<Div>, insert: Box<dyn FnOnce()>) {
    let Some(el) = scroller.try_get_untracked().flatten() else {
        return; // the thread closed meanwhile
    };
    let (old_height, old_top) = (el.scroll_height(), el.scroll_top());
    insert();
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

/// The loaded pages of the thread, loading older ones as the reader nears the top.
#[component]
fn Pages(
    pages: ThreadPages,
    scroller: NodeRef<Div>,
    pending: ReadSignal<bool>,
    pinned: StoredValue<bool>,
    unseen: RwSignal<u32>,
) -> impl IntoView {
    let conversation = expect_context::<OpenConversation>();
    let client = expect_context::<ApiClient>();
    let older = pages.older_loader(client, conversation.id(), move |insert| {
        keep_place(scroller, insert)
    });
    let _ = use_event_listener(scroller, ev::scroll, move |_| {
        if let Some(el) = scroller.get_untracked() {
            if el.scroll_top() < LOAD_OLDER_WITHIN_PX {
                older.load();
            }
        }
    });
    // The newest message is where a reader starts, and where a reader who has not scrolled up
    // stays while the messages' layout settles.
    scroll_to_bottom(scroller, 4);
    let log = NodeRef::<Div>::new();
    let content_height = use_element_size(log).height;
    Effect::new(move |_| {
        content_height.track();
        if pinned.get_value() {
            if let Some(el) = scroller.get_untracked() {
                el.set_scroll_top(el.scroll_height());
            }
        }
    });
    // Messages that arrive live: followed by a reader at the end; counted for one scrolled up,
    // whose place stays put.
    let arrived = pages.clone();
    Effect::new(move |previous: Option<u32>| {
        let now = arrived.arrived();
        if previous.is_some_and(|p| now > p) {
            if pinned.get_value() {
                scroll_to_bottom(scroller, 2);
            } else {
                unseen.update(|n| *n += now - previous.unwrap_or(now));
            }
        }
        now
    });
    provide_context(pages.clone());
    use_delivery_poll(pages.clone(), conversation);
    let contact = Memo::new(move |_| {
        conversation.with_detail(|d| d.map(|d| d.summary.contact.display_name()))
    });
    let chunk = move |c: SharedChunk| {
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
        // One list per page: the browser skips the layout and painting of whole pages out
        // of view, tracking dozens of pages, not thousands of messages.
        view! { <ol class="tp-thread__page">{items}</ol> }
    };
    let own = pages.clone();
    view! {
        {move || (!pending.get()).then(|| thread_edge(older))}
        {move || pending.get().then(|| view! { <ThreadSkeleton/> })}
        <MessageLog busy=move || pending.get() || older.loading() node_ref=log>
            <For each=move || pages.chunks() key=|c: &SharedChunk| c.key() children=chunk/>
            <PendingSends pages=own/>
        </MessageLog>
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
        <li class="tp-thread__item" data-message-id=entry.message.id>
            {move || opens_day.get().then(|| view! {
                <p class="tp-day"><span>{day(&created_at)}</span></p>
            })}
            <MessageView message=entry.message.clone() contact=contact/>
        </li>
    }
}

#[component]
fn ThreadHeader() -> impl IntoView {
    let url = expect_context::<InboxUrl>();
    let panes = expect_context::<Panes>();
    let conversation = expect_context::<OpenConversation>();
    let title = move || match conversation.detail() {
        Some(Ok(d)) => d.summary.contact.display_name(),
        Some(Err(_)) => "Conversation".into(),
        None => "Loading conversation…".into(),
    };
    let facts = move || {
        let s = conversation.with_detail(|d| d.map(|d| d.summary.clone()))?;
        Some(view! {
            <p class="tp-thread__facts">
                <ChannelIcon stream=s.stream/>
                <span>{stream_name(s.stream)}</span>
                <span aria-hidden="true">"·"</span>
                <span>{s.team.name}</span>
                {match s.snoozed_until.filter(|_| s.status == ConversationStatus::Snoozed) {
                    Some(until) => view! { <SnoozedUntil until=until/> }.into_any(),
                    None => view! { <StatusBadge status=s.status/> }.into_any(),
                }}
            </p>
        })
    };
    view! {
        <header class="tp-thread__head">
            {icon_button("tp-thread__back", "Back to conversations", Icon::ArrowLeft, move || {
                url.close_conversation()
            })}
            <div class="tp-thread__heading">
                <h2 class="tp-thread__title" id="tp-thread-title">{title}</h2>
                {facts}
                <PresenceLine/>
            </div>
            // The actions of issue 13 (assign, snooze, close and next): pages/inbox/actions.
            <div class="tp-thread__actions" role="group" aria-label="Conversation actions">
                <AssignMenu shortcut=true/>
                <SnoozeControl/>
                <CloseControl/>
            </div>
            <button
                type="button"
                class="tp-icon-button"
                class:tp-icon-button--active=move || panes.details_open()
                aria-label="Conversation details"
                aria-controls="tp-details"
                aria-expanded=move || panes.details_open().to_string()
                title="Conversation details (I)"
                on:click=move |_| panes.toggle_details()
            >
                <Svg icon=Icon::PanelRight/>
            </button>
        </header>
    }
}

/// Colleagues in this conversation: their faces, and who is writing (else who is viewing).
#[component]
fn PresenceLine() -> impl IntoView {
    let presence = expect_context::<Presence>();
    let others = Memo::new(move |_| presence.others());
    let line = move || others.with(|o| typing_line(o).or_else(|| viewing_line(o)));
    let typing = move || others.with(|o| typing_line(o).is_some());
    view! {
        // A live region of its own: "Max is writing a reply…" is worth hearing.
        <div class="tp-presence" role="status" aria-label="Colleagues here">
            {move || {
                others.with(|o| (!o.is_empty()).then(|| {
                    let faces = o
                        .iter()
                        .take(3)
                        .map(|p| view! {
                            <span class="tp-presence__face" title=p.user.name.clone() aria-hidden="true">
                                {textpeak_api::initials(&p.user.name).unwrap_or_default()}
                            </span>
                        })
                        .collect_view();
                    view! {
                        <span class="tp-presence__faces">{faces}</span>
                        <span class:tp-presence__typing=typing>{line}</span>
                    }
                }))
            }}
        </div>
    }
}

#[component]
fn MessageView(message: Message, contact: Memo<Option<String>>) -> impl IntoView {
    let time = time_of_day(&message.created_at);
    let full_time = date_time(&message.created_at);
    let author = message.author.as_ref().map(|a| a.name.clone());
    match message.kind {
        MessageKind::Event => {
            let (icon, _) = event_line(&message, None);
            // The contact's name (in "… wrote") arrives with the details.
            let event = message.clone();
            let text = move || event_line(&event, contact.get()).1;
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
            // Only a status that can still move follows the thread's updates.
            let first = message.status.map(|s| (s, message.failure_reason.clone()));
            let pages = use_context::<ThreadPages>()
                .filter(|_| !matches!(message.status, None | Some(DeliveryStatus::Read)));
            let delivery = {
                let message = message.clone();
                move || match &pages {
                    Some(p) => p.delivery(&message),
                    None => first.clone(),
                }
            };
            let status = {
                let delivery = delivery.clone();
                move || delivery().map(|(s, _)| delivery_badge(s))
            };
            let body = message.body.clone();
            let failure = move || {
                let reason = delivery().filter(|(s, _)| *s == DeliveryStatus::Failed)?.1;
                let reason = reason.unwrap_or_else(|| "the channel refused it".into());
                Some(view! {
                    <div class="tp-msg__failure">
                        <span>{format!("Not delivered: {reason}")}</span>
                        {outbound.then(|| view! { <RetryCarrierFailure body=body.clone()/> })}
                    </div>
                })
            };
            let profile = message
                .sender_profile
                .clone()
                .filter(|_| outbound)
                .map(|p| {
                    view! { <span class="tp-msg__profile" title="Sender profile">{p}</span> }
                });
            view! {
                <article class="tp-msg" class:tp-msg--out=outbound class:tp-msg--in=!outbound>
                    <p class="tp-msg__body"><Body text=message.body/></p>
                    <p class="tp-msg__meta">
                        <span class="tp-msg__author">{who}</span>
                        {profile}
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
