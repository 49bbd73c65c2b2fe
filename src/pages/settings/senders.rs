//! The senders field of the sender profile and routing rule forms: one number (or bot) per
//! line, and as you type, which other profile or rule already holds each one (a sender belongs
//! to at most one of each).

use leptos::prelude::*;
use textpeak_api::{normalize_sender, paths, NamedRef, SenderSetting, Stream};

use super::kit::{lookup, Collection, Resource};

use crate::components::ui::field::TextAreaField;

/// Which grouping the form edits: it names the holder of a taken sender.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Holder {
    Profile,
    Rule,
}

impl Holder {
    fn of(self, s: &SenderSetting) -> Option<&NamedRef> {
        match self {
            Holder::Profile => s.profile.as_ref(),
            Holder::Rule => s.rule.as_ref(),
        }
    }

    fn noun(self) -> &'static str {
        match self {
            Holder::Profile => "profile",
            Holder::Rule => "rule",
        }
    }
}

/// The lines of the field, as the form sends them.
pub fn lines(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The channel a form's channel select names (SMS until one is chosen).
pub fn chosen_stream(stream: RwSignal<String>) -> Signal<Stream> {
    Signal::derive(move || stream.with(|s| Stream::parse(s)).unwrap_or(Stream::Sms))
}

/// "+14155550123 is already in the profile “Sales US”." for each line another holder has.
fn taken(
    stream: Stream,
    text: &str,
    registry: &[SenderSetting],
    holder: Holder,
    editing: Option<i64>,
) -> Vec<String> {
    lines(text)
        .iter()
        .filter_map(|line| normalize_sender(stream, line).ok())
        .filter_map(|address| {
            let held = registry
                .iter()
                .find(|s| s.stream == stream && s.address == address)
                .and_then(|s| holder.of(s))
                .filter(|h| Some(h.id) != editing)?;
            Some(format!(
                "{address} is already in the {} \u{201c}{}\u{201d}.",
                holder.noun(),
                held.name
            ))
        })
        .collect()
}

#[component]
pub fn SendersField(
    #[prop(into)] id: String,
    #[prop(into)] stream: Signal<Stream>,
    value: RwSignal<String>,
    #[prop(into)] error: Signal<Option<String>>,
    #[prop(into)] registry: Signal<Vec<SenderSetting>>,
    holder: Holder,
    #[prop(into)] editing: Signal<Option<i64>>,
) -> impl IntoView {
    let label = Signal::derive(move || match stream.get() {
        Stream::Telegram => "Bots".to_string(),
        _ => "Numbers".to_string(),
    });
    let hint = Signal::derive(move || match stream.get() {
        Stream::Telegram => {
            "One bot id per line: the digits before the colon in the bot's token.".to_string()
        }
        _ => "One number per line, in international format, for example +14155550123.".to_string(),
    });
    let warnings = move || {
        let list = registry.with(|r| taken(stream.get(), &value.get(), r, holder, editing.get()));
        (!list.is_empty()).then(|| {
            view! {
                <ul class="tp-sender-hints" aria-live="polite">
                    {list
                        .into_iter()
                        .map(|w| view! { <li class="tp-sender-hints__taken">{w}</li> })
                        .collect_view()}
                </ul>
            }
        })
    };
    view! {
        {move || {
            view! {
                <TextAreaField
                    id=id.clone()
                    label=label.get()
                    hint=hint.get()
                    rows=3
                    value=value
                    error=error
                />
            }
        }}
        {warnings}
    }
}

/// Which profile and rule hold each sender of the tenant, asked again whenever `list` reloads
/// (a save may have moved a sender).
pub fn sender_registry<R: Resource>(list: Collection<R>) -> Signal<Vec<SenderSetting>> {
    lookup(paths::SENDERS, move || list.track())
}
