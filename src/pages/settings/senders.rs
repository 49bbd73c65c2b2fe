//! What the sender profile and routing rule forms share: the name, the channel and the
//! senders field, one number (or bot) per line, which says as you type which other profile or
//! rule already holds each one (a sender belongs to at most one of each).

use leptos::prelude::*;
use textpeak_api::{normalize_sender, paths, NamedRef, SenderSetting, Stream};

use super::kit::{lookup, Collection, FormErrors, Resource};
use crate::components::domain::stream_options;
use crate::components::ui::field::{SelectField, TextAreaField, TextField};

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
fn lines(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The channel a form's channel select names (SMS until one is chosen).
fn chosen_stream(stream: RwSignal<String>) -> Signal<Stream> {
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
fn SendersField(
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
fn sender_registry<R: Resource>(list: Collection<R>) -> Signal<Vec<SenderSetting>> {
    lookup(paths::SENDERS, move || list.track())
}

/// A grouping as the shared fields show it: its id, name, channel and senders.
pub type Grouping<'a> = (i64, &'a str, Stream, &'a [String]);

/// The fields a sender profile and a routing rule share: the name, the channel and the
/// senders, whose ids start with the holder's noun ("profile-name", "rule-senders").
#[derive(Clone, Copy)]
pub struct SenderGroup {
    holder: Holder,
    name: RwSignal<String>,
    stream: RwSignal<String>,
    senders: RwSignal<String>,
    /// The grouping edited: its own senders are not "taken".
    editing: RwSignal<Option<i64>>,
    registry: Signal<Vec<SenderSetting>>,
}

impl SenderGroup {
    /// The fields of a new grouping (on SMS); `list` is the page's, reloaded after each save.
    pub fn new<R: Resource>(holder: Holder, list: Collection<R>) -> Self {
        SenderGroup {
            holder,
            name: RwSignal::new(String::new()),
            stream: RwSignal::new(Stream::Sms.as_str().to_owned()),
            senders: RwSignal::new(String::new()),
            editing: RwSignal::new(None),
            registry: sender_registry(list),
        }
    }

    /// Sets the fields from `grouping`, or to a new one's (SMS, no senders).
    pub fn fill(self, grouping: Option<Grouping>) {
        let (id, name, stream, senders) = match grouping {
            Some((id, name, stream, senders)) => (Some(id), name, stream, senders.join("\n")),
            None => (None, "", Stream::Sms, String::new()),
        };
        self.name.set(name.to_owned());
        self.stream.set(stream.as_str().to_owned());
        self.senders.set(senders);
        self.editing.set(id);
    }

    pub fn name(self) -> String {
        self.name.get_untracked()
    }

    pub fn stream(self) -> Stream {
        Stream::parse(&self.stream.get_untracked()).unwrap_or(Stream::Sms)
    }

    /// The senders, one a line, as the form sends them.
    pub fn senders(self) -> Vec<String> {
        lines(&self.senders.get_untracked())
    }

    /// The name, the channel beside `beside` (the profile's space, the rule's team), and the
    /// senders.
    pub fn fields(self, errors: FormErrors, beside: AnyView) -> AnyView {
        let id = |field: &str| format!("{}-{field}", self.holder.noun());
        view! {
            <TextField id=id("name") label="Name" value=self.name error=errors.field("name")/>
            <div class="tp-form__row">
                <SelectField
                    id=id("stream")
                    label="Channel"
                    options=Signal::derive(stream_options)
                    value=self.stream
                    error=errors.field("stream")
                />
                {beside}
            </div>
            <SendersField
                id=id("senders")
                stream=chosen_stream(self.stream)
                value=self.senders
                error=errors.field("senders")
                registry=self.registry
                holder=self.holder
                editing=self.editing
            />
        }
        .into_any()
    }
}
