//! The composer under the thread: Reply or Internal note (tabs; Alt+R, Alt+N), a text area
//! that grows with its text, the sender profile, canned templates, and the channel's rules
//! live as the agent types (`logic::compose` on top of `textpeak_api::compose`). Sending puts
//! the message in the outbox, which shows it in the thread at once and never loses it.

mod collision;
mod pending;
mod picker;
mod rules;
mod state;

use leptos::ev::{self, KeyboardEvent};
use leptos::html::Textarea;
use leptos::prelude::*;
use leptos_use::use_interval_fn;
use textpeak_api::{
    fill_placeholders, replace_lookalikes, ComposeContext, ComposeTemplate, ReplyFacts,
    SendMessage, Stream,
};

pub use pending::{use_delivery_poll, PendingSends, RetryCarrierFailure};
pub use state::ComposerState;

use crate::api::ApiClient;
use crate::components::ui::icons::{Icon, Svg};
use crate::logic::compose::{
    counter, enter_key, mode_shortcut, send_block, ucs2_notice, unfilled, ComposeMode, EnterKey,
    SendFacts,
};
use crate::state::inbox::{new_client_id, OpenConversation, Outbox, Presence};
use crate::state::Host;
use crate::state::Session;
use collision::{Collision, CollisionDialog};
use picker::{ReturnFocus, TemplatePicker};
use rules::{
    telegram_not_started, ucs2_warning, unfilled_list, window_closed, window_countdown, LOCK_ID,
    UNFILLED_ID,
};
use state::Inserted;

const TEXT_ID: &str = "tp-compose-text";
const PANEL_ID: &str = "tp-compose-panel";
const REASON_ID: &str = "tp-compose-reason";
/// The text area grows with its text up to this height, then scrolls.
const MAX_TEXT_HEIGHT_PX: i32 = 240;

fn tab_id(mode: ComposeMode) -> &'static str {
    match mode {
        ComposeMode::Reply => "tp-compose-tab-reply",
        ComposeMode::Note => "tp-compose-tab-note",
    }
}

/// Milliseconds since the epoch of an RFC 3339 time, if it parses.
fn epoch_ms(time: &str) -> Option<f64> {
    Some(js_sys::Date::parse(time)).filter(|t| t.is_finite())
}

/// The composer of the open conversation: what the server offers the caller there (modes,
/// sender profiles, templates, the channel's state), then the form.
#[component]
pub fn Composer(on_sent: impl Fn() + Send + Sync + 'static) -> impl IntoView {
    let conversation = expect_context::<OpenConversation>();
    let client = expect_context::<ApiClient>();
    let id = conversation.id();
    let context = LocalResource::new(move || {
        let client = client.clone();
        async move { client.compose_context(id).await }
    });
    let stream = Memo::new(move |_| conversation.with_detail(|d| d.map(|d| d.summary.stream)));
    let contact = Memo::new(move |_| {
        conversation.with_detail(|d| d.map(|d| d.summary.contact.display_name()))
    });
    let on_sent = Callback::new(move |()| on_sent());
    let body = move || {
        Suspend::new(async move {
            match context.await {
                Ok(ctx) => {
                    let ctx = StoredValue::new(ctx);
                    (move || {
                        stream.get().map(|s| {
                            view! { <ComposerForm ctx=ctx.get_value() stream=s contact=contact on_sent=on_sent/> }
                        })
                    })
                    .into_any()
                }
                Err(e) => view! {
                    <div class="tp-composer tp-composer--quiet" role="alert">
                        <p>{format!("The composer didn't load. {}", e.message())}</p>
                        <button type="button" class="tp-button tp-button--small" on:click=move |_| context.refetch()>
                            "Try again"
                        </button>
                    </div>
                }
                .into_any(),
            }
        })
    };
    view! {
        <Suspense fallback=|| view! {
            <div class="tp-composer tp-composer--loading" role="status" aria-label="Loading the composer">
                <div class="tp-skeleton tp-composer__skeleton"></div>
            </div>
        }>
            {body}
        </Suspense>
    }
}

#[component]
fn ComposerForm(
    ctx: ComposeContext,
    stream: Stream,
    contact: Memo<Option<String>>,
    on_sent: Callback<()>,
) -> impl IntoView {
    let host = Host::current();
    let state = expect_context::<ComposerState>();
    let outbox = expect_context::<Outbox>();
    let conversation = expect_context::<OpenConversation>();
    let conversation_id = conversation.id();
    let presence = use_context::<Presence>();
    let session = expect_context::<Session>();
    let me = untrack(|| session.with_me(|m| m.map_or(0, |m| m.user.id)));
    let collision = Collision::new();

    let modes: Vec<ComposeMode> = [
        ctx.can_reply.then_some(ComposeMode::Reply),
        ctx.can_note.then_some(ComposeMode::Note),
    ]
    .into_iter()
    .flatten()
    .collect();
    let Some(&first_mode) = modes.first() else {
        return view! {
            <p class="tp-composer tp-composer--quiet">
                <Svg icon=Icon::Lock/>
                "Your role cannot reply or add notes in this conversation."
            </p>
        }
        .into_any();
    };
    let modes = StoredValue::new(modes);
    let mode = Memo::new(move |_| {
        let wanted = state.mode();
        if modes.with_value(|m| m.contains(&wanted)) {
            wanted
        } else {
            first_mode
        }
    });

    // The WhatsApp window, on the server's clock, ticking.
    let offset = epoch_ms(&ctx.now).map_or(0.0, |server| server - js_sys::Date::now());
    let closes_at = ctx
        .whatsapp_window_closes_at
        .as_deref()
        .and_then(epoch_ms)
        .filter(|_| stream == Stream::Whatsapp);
    let (now, set_now) = signal(js_sys::Date::now() + offset);
    if closes_at.is_some() {
        let _ = use_interval_fn(move || set_now.set(js_sys::Date::now() + offset), 1000);
    }
    let seconds_left =
        Memo::new(move |_| closes_at.map(|c| ((c - now.get()) / 1000.0).floor() as i64));
    let window_open =
        Memo::new(move |_| stream != Stream::Whatsapp || seconds_left.get().is_some_and(|s| s > 0));
    let started = ctx.contact_started_chat;
    let bot_first = stream == Stream::Telegram && !started;
    let free_text_locked = move || {
        mode.get() == ComposeMode::Reply && stream == Stream::Whatsapp && !window_open.get()
    };
    let reply_locked = move || mode.get() == ComposeMode::Reply && bot_first;

    // The text and what the rules say about it, per keystroke.
    let draft = Memo::new(move |_| state.draft(mode.get()));
    let facts = move || SendFacts {
        mode: mode.get(),
        reply: ReplyFacts {
            stream,
            window_open: window_open.get(),
            contact_started_chat: started,
            approved_template: draft.with(|d| d.unchanged_template().is_some_and(|(_, a)| a)),
        },
    };
    let block = Memo::new(move |_| {
        let facts = facts();
        draft.with(|d| send_block(&d.body, &facts))
    });
    let reason = move || block.get().flatten();
    let count = Memo::new(move |_| draft.with(|d| counter(stream, mode.get(), &d.body)));
    let announce = Memo::new(move |_| count.with(|c| c.as_ref().map(|c| c.announce.clone())));
    let ucs2 = Memo::new(move |_| {
        (stream == Stream::Sms && mode.get() == ComposeMode::Reply)
            .then(|| draft.with(|d| ucs2_notice(&d.body)))
            .flatten()
    });
    let placeholders = Memo::new(move |_| draft.with(|d| unfilled(&d.body)));

    // Sender profiles (replies only).
    let profiles = StoredValue::new(ctx.sender_profiles.clone());
    let sender = RwSignal::new(
        ctx.default_sender_profile_id
            .or_else(|| ctx.sender_profiles.first().map(|p| p.id)),
    );

    // The text area: grows with its text, takes the focus when asked to.
    let text = NodeRef::<Textarea>::new();
    let resize = move || {
        request_animation_frame(move || {
            let Some(el) = text.try_get_untracked().flatten() else {
                return;
            };
            let style = web_sys::HtmlElement::style(&el);
            let _ = style.set_property("height", "auto");
            let height = (el.scroll_height() + 2).min(MAX_TEXT_HEIGHT_PX);
            let _ = style.set_property("height", &format!("{height}px"));
        })
    };
    Effect::new(move |_| {
        draft.track();
        resize();
    });
    let focus_text = move || {
        if let Some(el) = text.get_untracked() {
            let _ = el.focus();
            let end = el.value().encode_utf16().count() as u32;
            let _ = el.set_selection_range(end, end);
        }
    };
    Effect::new(move |first: Option<()>| {
        state.focus_requests();
        if first.is_some() {
            request_animation_frame(focus_text);
        }
    });

    // Templates.
    let placeholder_values = StoredValue::new(ctx.placeholders.clone());
    let templates = StoredValue::new(ctx.templates.clone());
    let picker_open = RwSignal::new(false);
    let return_focus: ReturnFocus = StoredValue::new_local(None);
    let open_picker = move || {
        return_focus.set_value(host.focused());
        picker_open.set(true);
    };
    let on_pick = Callback::new(move |t: ComposeTemplate| {
        let filled = placeholder_values.with_value(|v| fill_placeholders(&t.body, v));
        state.insert_template(
            mode.get_untracked(),
            Inserted {
                id: t.id,
                text: filled,
                approved: t.whatsapp_approved,
            },
        );
    });

    // Sending.
    let send_now = move || {
        let mode = mode.get_untracked();
        if block.get_untracked().is_some() {
            return;
        }
        let draft = state.draft_untracked(mode);
        let reply = mode == ComposeMode::Reply;
        let sender_profile_id = sender.get_untracked().filter(|_| reply);
        let sender_name = sender_profile_id.and_then(|id| {
            profiles.with_value(|p| p.iter().find(|p| p.id == id).map(|p| p.name.clone()))
        });
        let message = SendMessage {
            kind: mode.kind(),
            template_id: draft
                .unchanged_template()
                .filter(|_| reply)
                .map(|(id, _)| id),
            body: draft.body,
            sender_profile_id,
            client_id: new_client_id(),
        };
        outbox.send(conversation_id, message, sender_name);
        state.clear(mode);
        collision.sent();
        if let Some(p) = presence {
            p.stopped_typing();
        }
        on_sent.run(());
    };
    // A reply asks first when a colleague answered since it was started.
    let send = move || {
        if block.get_untracked().is_some() {
            return;
        }
        if mode.get_untracked() == ComposeMode::Reply && !collision.clear_to_send(conversation, me)
        {
            return;
        }
        send_now();
    };
    let on_text = move |value: String| {
        let mode = mode.get_untracked();
        let empty = value.trim().is_empty();
        state.set_body(mode, value);
        if mode == ComposeMode::Reply {
            collision.writing(conversation, empty);
        }
        if let Some(p) = presence {
            match empty {
                true => p.stopped_typing(),
                false => p.typing(mode.kind()),
            }
        }
    };
    let on_key = move |ev: KeyboardEvent| match ev.key().as_str() {
        "Enter" => {
            let ctrl = ev.ctrl_key() || ev.meta_key();
            if enter_key(ev.shift_key(), ctrl, ev.is_composing()) == EnterKey::Send {
                ev.prevent_default();
                send();
            }
        }
        "/" if draft.with_untracked(|d| d.body.is_empty()) && !ev.ctrl_key() && !ev.alt_key() => {
            ev.prevent_default();
            open_picker();
        }
        _ => {}
    };

    // Alt+R and Alt+N, from anywhere on the dashboard.
    let keys = window_event_listener(ev::keydown, move |ev| {
        if !host.answers(&ev) {
            return;
        }
        let ctrl = ev.ctrl_key() || ev.meta_key();
        let Some(wanted) = mode_shortcut(&ev.code(), ev.alt_key(), ctrl) else {
            return;
        };
        if modes.try_with_value(|m| m.contains(&wanted)) == Some(true) {
            ev.prevent_default();
            state.set_mode(wanted);
            request_animation_frame(focus_text);
        }
    });
    on_cleanup(move || keys.remove());

    let tab = move |m: ComposeMode| {
        let selected = move || mode.get() == m;
        let (icon, shortcut) = match m {
            ComposeMode::Reply => (Icon::Send, "Alt+R"),
            ComposeMode::Note => (Icon::Lock, "Alt+N"),
        };
        let on_tab_key = move |ev: KeyboardEvent| {
            let all = modes.get_value();
            let at = all.iter().position(|x| *x == m).unwrap_or(0);
            let to = match ev.key().as_str() {
                "ArrowRight" | "ArrowDown" => (at + 1) % all.len(),
                "ArrowLeft" | "ArrowUp" => (at + all.len() - 1) % all.len(),
                "Home" => 0,
                "End" => all.len() - 1,
                _ => return,
            };
            ev.prevent_default();
            state.set_mode(all[to]);
            if let Some(tab) = host.by_id(tab_id(all[to])) {
                let _ = tab.focus();
            }
        };
        view! {
            <button
                type="button"
                role="tab"
                id=tab_id(m)
                class="tp-composer__tab"
                class:tp-composer__tab--note=m == ComposeMode::Note
                aria-selected=move || selected().to_string()
                aria-controls=PANEL_ID
                aria-keyshortcuts=shortcut
                tabindex=move || if selected() { "0" } else { "-1" }
                title=format!("{} ({shortcut})", m.label())
                on:click=move |_| {
                    state.set_mode(m);
                    request_animation_frame(focus_text);
                }
                on:keydown=on_tab_key
            >
                <Svg icon=icon/>
                {m.label()}
            </button>
        }
    };
    let tabs = modes.get_value().into_iter().map(tab).collect_view();

    let notice = move || {
        if mode.get() != ComposeMode::Reply {
            return None;
        }
        if bot_first {
            return Some(telegram_not_started().into_any());
        }
        if stream != Stream::Whatsapp {
            return None;
        }
        Some(match seconds_left.get() {
            Some(s) if s > 0 => window_countdown(s).into_any(),
            _ => window_closed(open_picker).into_any(),
        })
    };
    let warning = move || {
        ucs2.get().map(|n| {
            ucs2_warning(n, move || {
                let mode = mode.get_untracked();
                let fixed = state.with_body(mode, replace_lookalikes);
                state.set_body(mode, fixed);
            })
        })
    };
    let select_range = move |start: u32, end: u32| {
        if let Some(el) = text.get_untracked() {
            let _ = el.focus();
            let _ = el.set_selection_range(start, end);
        }
    };
    let unfilled_view = move || {
        let items = placeholders.get();
        (!items.is_empty()).then(|| unfilled_list(items, select_range))
    };
    let label = move || match mode.get() {
        ComposeMode::Reply => "Write a reply",
        ComposeMode::Note => "Write an internal note",
    };
    let placeholder = move || {
        let to = contact.get().unwrap_or_else(|| "the contact".into());
        match mode.get() {
            ComposeMode::Note => "Write a note for your team… (/ for templates)".to_owned(),
            ComposeMode::Reply if free_text_locked() => {
                "Choose an approved template (/)".to_owned()
            }
            ComposeMode::Reply if bot_first => {
                "Replies are possible once the contact writes".to_owned()
            }
            ComposeMode::Reply => format!("Reply to {to}… (/ for templates)"),
        }
    };
    let described_by = move || {
        let mut ids = Vec::new();
        if free_text_locked() || reply_locked() {
            ids.push(LOCK_ID);
        }
        if placeholders.with(|p| !p.is_empty()) {
            ids.push(UNFILLED_ID);
        }
        if reason().is_some() {
            ids.push(REASON_ID);
        }
        (!ids.is_empty()).then(|| ids.join(" "))
    };
    let sender_control = move || {
        if mode.get() != ComposeMode::Reply || reply_locked() {
            return None;
        }
        let list = profiles.get_value();
        Some(match list.len() {
            0 => ().into_any(),
            1 => view! {
                <span class="tp-composer__from">"From " <strong>{list[0].name.clone()}</strong></span>
            }
            .into_any(),
            _ => view! {
                <label class="tp-composer__from">
                    <span>"From"</span>
                    <select
                        class="tp-input tp-composer__select"
                        on:change=move |ev| sender.set(event_target_value(&ev).parse().ok())
                    >
                        {list
                            .into_iter()
                            .map(|p| {
                                let id = p.id;
                                view! {
                                    <option value=id.to_string() selected=move || sender.get() == Some(id)>
                                        {p.name}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </label>
            }
            .into_any(),
        })
    };
    let counter_view = move || {
        count.get().map(|c| {
            view! {
                <span class="tp-composer__counter" class:tp-composer__counter--warn=c.warn>{c.text}</span>
            }
        })
    };
    let clear_locked = move || {
        (free_text_locked() && draft.with(|d| !d.body.is_empty())).then(|| {
            view! {
                <button type="button" class="tp-button tp-button--small" on:click=move |_| state.clear(mode.get_untracked())>
                    "Clear"
                </button>
            }
        })
    };
    let approved_only = move || free_text_locked();
    let show_approval = stream == Stream::Whatsapp;
    let picker = move || {
        picker_open.get().then(|| {
            view! {
                <TemplatePicker
                    templates=templates
                    approved_only=approved_only()
                    show_approval=show_approval
                    open=picker_open
                    return_focus=return_focus
                    on_pick=on_pick
                />
            }
        })
    };
    let send_label = move || match mode.get() {
        ComposeMode::Reply => "Send",
        ComposeMode::Note => "Add note",
    };

    view! {
        <div class="tp-composer" class:tp-composer--note=move || mode.get() == ComposeMode::Note>
            <div class="tp-composer__top">
                <div class="tp-composer__tabs" role="tablist" aria-label="Message type">{tabs}</div>
                {move || (mode.get() == ComposeMode::Note).then(|| view! {
                    <p class="tp-composer__hint"><Svg icon=Icon::Lock/>"Only your team sees notes"</p>
                })}
            </div>
            <div
                class="tp-composer__panel"
                id=PANEL_ID
                role="tabpanel"
                aria-labelledby=move || tab_id(mode.get())
            >
                {notice}
                <label class="tp-visually-hidden" for=TEXT_ID>{label}</label>
                <textarea
                    id=TEXT_ID
                    node_ref=text
                    class="tp-composer__text"
                    rows="1"
                    placeholder=placeholder
                    prop:value=move || draft.with(|d| d.body.clone())
                    readonly=free_text_locked
                    disabled=reply_locked
                    aria-describedby=described_by
                    aria-keyshortcuts="Enter"
                    on:input=move |ev| on_text(event_target_value(&ev))
                    on:keydown=on_key
                ></textarea>
                {unfilled_view}
                {warning}
                {move || reason().map(|r| view! {
                    <p class="tp-composer__reason" id=REASON_ID><Svg icon=Icon::Info/>{r}</p>
                })}
                <div class="tp-composer__bar">
                    <button
                        type="button"
                        class="tp-button tp-button--small tp-composer__templates"
                        aria-haspopup="listbox"
                        aria-expanded=move || picker_open.get().to_string()
                        disabled=reply_locked
                        on:click=move |_| open_picker()
                    >
                        <Svg icon=Icon::FileText/>
                        <span>"Templates"</span>
                    </button>
                    {sender_control}
                    <span class="tp-composer__actions">
                    {counter_view}
                    {clear_locked}
                    <button
                        type="button"
                        class="tp-button tp-button--primary tp-composer__send"
                        aria-disabled=move || block.with(Option::is_some).to_string()
                        aria-describedby=move || reason().map(|_| REASON_ID)
                        on:click=move |_| send()
                    >
                        <Svg icon=Icon::Send/>
                        <span>{send_label}</span>
                    </button>
                    </span>
                </div>
                <p class="tp-visually-hidden" aria-live="polite">{move || announce.get()}</p>
            </div>
            {picker}
            <CollisionDialog collision=collision on_send_anyway=Callback::new(move |()| send_now())/>
        </div>
    }
    .into_any()
}
