//! What the composer says about the channel's rules: the WhatsApp window (countdown, then the
//! lock), Telegram's "the contact writes first", an SMS forced into UCS-2 and the characters
//! that did it, and the placeholders still to fill.

use leptos::prelude::*;

use crate::components::ui::icons::{Icon, Svg};
use crate::logic::compose::{window_left, Ucs2Notice, Unfilled};

pub const LOCK_ID: &str = "tp-compose-lock";
pub const UNFILLED_ID: &str = "tp-compose-unfilled";

/// While the window is open: how long it stays open.
pub fn window_countdown(seconds_left: i64) -> impl IntoView {
    window_left(seconds_left).map(|text| {
        view! {
            <p class="tp-composer__notice tp-composer__notice--window">
                <Svg icon=Icon::Clock/>
                <span>"WhatsApp window: " <strong>{text}</strong></span>
            </p>
        }
    })
}

/// A channel rule that locks free text: the lock icon, what the rule is (`title`, in bold),
/// what it means (`text`), and the way out if there is one.
fn locked_notice(title: &'static str, text: &'static str, action: impl IntoView) -> impl IntoView {
    view! {
        <div class="tp-composer__notice tp-composer__notice--locked" id=LOCK_ID>
            <Svg icon=Icon::Lock/>
            <p>
                <strong>{title}</strong>
                {text}
            </p>
            {action}
        </div>
    }
}

/// After the window: why free text is locked, and the way out.
pub fn window_closed(choose: impl Fn() + 'static) -> impl IntoView {
    locked_notice(
        "The 24-hour window has closed.",
        concat!(
            " WhatsApp allows free text only within 24 hours of the contact's last message. ",
            "Send an approved template as it is; the window opens again when the contact writes."
        ),
        view! {
            <button type="button" class="tp-button tp-button--small" on:click=move |_| choose()>
                <Svg icon=Icon::FileText/>
                "Choose an approved template"
            </button>
        },
    )
}

pub fn telegram_not_started() -> impl IntoView {
    locked_notice(
        "This contact hasn't started a chat with your bot.",
        concat!(
            " Telegram bots cannot write first: you can reply once the contact sends a message. ",
            "Internal notes still work."
        ),
        (),
    )
}

/// An SMS sent as UCS-2: 70 characters a segment instead of 160, and which characters did it.
pub fn ucs2_warning(notice: Ucs2Notice, replace: impl Fn() + 'static) -> impl IntoView {
    let many = notice.characters.len() > 1;
    view! {
        <div class="tp-composer__notice tp-composer__notice--warn">
            <Svg icon=Icon::Alert/>
            <p>
                "Sent as UCS-2 (70 characters a segment instead of 160) because of "
                {if many { "these characters: " } else { "the character " }}
                <strong class="tp-composer__chars">{notice.names()}</strong>
                "."
            </p>
            {notice.fixable.then(|| view! {
                <button type="button" class="tp-button tp-button--small" on:click=move |_| replace()>
                    "Replace lookalikes"
                </button>
            })}
        </div>
    }
}

/// The placeholders left in the text, each a button that selects it in the text area.
pub fn unfilled_list(
    items: Vec<Unfilled>,
    select: impl Fn(u32, u32) + Clone + 'static,
) -> impl IntoView {
    let buttons = items
        .into_iter()
        .map(|u| {
            let select = select.clone();
            view! {
                <li>
                    <button
                        type="button"
                        class="tp-composer__placeholder"
                        title="Select it in the text"
                        on:click=move |_| select(u.start, u.end)
                    >
                        {u.placeholder}
                    </button>
                </li>
            }
        })
        .collect_view();
    view! {
        <div class="tp-composer__unfilled" id=UNFILLED_ID>
            <span>"Fill in before sending:"</span>
            <ul aria-label="Placeholders to fill in">{buttons}</ul>
        </div>
    }
}
