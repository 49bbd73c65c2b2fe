//! How the thread words a system event: who did what (the time is shown beside it).

use textpeak_api::Message;

use crate::components::ui::icons::Icon;
use crate::format::date_time;

/// The icon and sentence of event `message`; `contact` is the contact's name, for the events
/// the contact caused.
pub fn event_line(message: &Message, contact: Option<String>) -> (Icon, String) {
    let author = message.author.as_ref().map(|a| a.name.clone());
    let who = author.clone().unwrap_or_else(|| "TextPeak".into());
    let subject = message.event_user.as_ref().map(|u| u.name.clone());
    let tag = message.event_tag.as_ref().map(|t| t.name.clone());
    match message.event.as_deref().unwrap_or_default() {
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
        "reopened" => (
            Icon::RotateCcw,
            match author {
                Some(a) => format!("{a} reopened the conversation"),
                None => "The conversation was reopened".to_owned(),
            },
        ),
        "tagged" => (
            Icon::Tag,
            format!("{who} added the tag {}", tag.unwrap_or_default()),
        ),
        "untagged" => (
            Icon::Tag,
            format!("{who} removed the tag {}", tag.unwrap_or_default()),
        ),
        "moved" => (
            Icon::ArrowRight,
            match &message.event_team {
                Some(team) => format!("{who} moved the conversation to {}", team.name),
                None => format!("{who} moved the conversation to another team"),
            },
        ),
        "snoozed" => (
            Icon::Clock,
            match &message.event_until {
                Some(until) => format!("{who} snoozed the conversation until {}", date_time(until)),
                None => format!("{who} snoozed the conversation"),
            },
        ),
        "unsnoozed" => (Icon::Clock, format!("{who} unsnoozed the conversation")),
        "snooze_ended" => (
            Icon::Clock,
            "The snooze ended: the conversation is open again".to_owned(),
        ),
        "woken_by_contact" => (
            Icon::Clock,
            format!(
                "{} wrote: the conversation is back from snooze",
                contact.unwrap_or_else(|| "The contact".into())
            ),
        ),
        "started" => (Icon::Send, format!("{who} started the conversation")),
        other => (Icon::Info, format!("{who}: {other}")),
    }
}
