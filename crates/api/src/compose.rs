//! Writing to a contact: the channel rules of `docs/channels.md` (SMS encoding and segments,
//! WhatsApp's 24-hour window, Telegram's "the contact writes first", length limits), template
//! placeholders, delivery-status order, and the send request. The composer counts and warns with
//! these functions and the server refuses with the same ones, so the two never disagree.

use serde::{Deserialize, Serialize};

use crate::conversations::{DeliveryStatus, MessageKind, Stream};
use crate::settings::{NamedRef, TEMPLATE_PLACEHOLDERS};

// ---------------------------------------------------------------------------------------------
// Limits.

/// Providers accept about 1,600 characters: 10 segments.
pub const SMS_MAX_SEGMENTS: u32 = 10;
/// WhatsApp and Telegram text messages.
pub const TEXT_MAX_CHARS: usize = 4096;
/// Internal notes never leave the Inbox; the limit only keeps the thread readable.
pub const NOTE_MAX_CHARS: usize = 10_000;
/// WhatsApp free text is allowed this long after the contact's last inbound message.
pub const WHATSAPP_WINDOW_SECONDS: i64 = 24 * 60 * 60;
/// Telegram bots: about one message a second per chat.
pub const TELEGRAM_MIN_INTERVAL_MS: u64 = 1000;
/// The longest client id (and `Idempotency-Key`) the server stores.
pub const CLIENT_ID_MAX: usize = 64;

// ---------------------------------------------------------------------------------------------
// SMS: GSM 03.38 or UCS-2, and segments.

/// The GSM 03.38 basic character set (without the escape code itself).
const GSM_BASIC: &str = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?\
¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
/// The extension table: each of these takes two septets (escape + code).
const GSM_EXTENSION: &str = "\u{0C}^{}\\[~]|€";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SmsEncoding {
    Gsm7,
    Ucs2,
}

impl SmsEncoding {
    pub fn label(self) -> &'static str {
        match self {
            SmsEncoding::Gsm7 => "GSM-7",
            SmsEncoding::Ucs2 => "UCS-2",
        }
    }

    /// Characters (septets or UTF-16 units) in a message of one segment.
    pub fn single_segment(self) -> u32 {
        match self {
            SmsEncoding::Gsm7 => 160,
            SmsEncoding::Ucs2 => 70,
        }
    }

    /// Characters per segment once a message is split (the rest carries the concatenation header).
    pub fn per_split_segment(self) -> u32 {
        match self {
            SmsEncoding::Gsm7 => 153,
            SmsEncoding::Ucs2 => 67,
        }
    }
}

/// How many septets a character takes in GSM-7, or None when it is not in GSM 03.38.
pub fn gsm_septets(c: char) -> Option<u32> {
    if GSM_BASIC.contains(c) {
        Some(1)
    } else if GSM_EXTENSION.contains(c) {
        Some(2)
    } else {
        None
    }
}

/// What an SMS counter shows for a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SmsCount {
    pub encoding: SmsEncoding,
    /// Septets (an extension character counts two) or UTF-16 code units (an emoji outside the
    /// Basic Multilingual Plane counts two).
    pub units: u32,
    /// 0 for an empty text.
    pub segments: u32,
    /// Characters that still fit in the current segment (at the split size once split).
    pub left_in_segment: u32,
    /// The first character that forced UCS-2.
    pub forced_by: Option<char>,
}

impl SmsCount {
    pub fn over_limit(&self) -> bool {
        self.segments > SMS_MAX_SEGMENTS
    }
}

pub fn sms_count(text: &str) -> SmsCount {
    let forced_by = text.chars().find(|c| gsm_septets(*c).is_none());
    let (encoding, units) = match forced_by {
        None => (
            SmsEncoding::Gsm7,
            text.chars().filter_map(gsm_septets).sum::<u32>(),
        ),
        Some(_) => (SmsEncoding::Ucs2, text.encode_utf16().count() as u32),
    };
    let single = encoding.single_segment();
    let split = encoding.per_split_segment();
    let (segments, capacity) = if units == 0 {
        (0, single)
    } else if units <= single {
        (1, single)
    } else {
        let n = units.div_ceil(split);
        (n, n * split)
    };
    SmsCount {
        encoding,
        units,
        segments,
        left_in_segment: capacity - units,
        forced_by,
    }
}

/// The distinct characters of `text` outside GSM 03.38, in order of appearance.
pub fn non_gsm_chars(text: &str) -> Vec<char> {
    let mut found: Vec<char> = Vec::new();
    for c in text.chars().filter(|c| gsm_septets(*c).is_none()) {
        if !found.contains(&c) {
            found.push(c);
        }
    }
    found
}

/// The GSM-7 text a lookalike stands for: curly quotes, dashes, ellipsis, unusual spaces.
pub fn gsm_lookalike(c: char) -> Option<&'static str> {
    Some(match c {
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '\u{00B4}' | '`' => "'",
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '\u{00AB}'
        | '\u{00BB}' => "\"",
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2015}'
        | '\u{2212}' => "-",
        '\u{2026}' => "...",
        '\u{00A0}' | '\u{2002}' | '\u{2003}' | '\u{2007}' | '\u{2009}' | '\u{200A}'
        | '\u{202F}' | '\t' => " ",
        '\u{200B}' | '\u{FEFF}' => "",
        _ => return None,
    })
}

/// `text` with every lookalike replaced by its GSM-7 equivalent; other characters stay.
pub fn replace_lookalikes(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match gsm_lookalike(c) {
            Some(s) => out.push_str(s),
            None => out.push(c),
        }
    }
    out
}

/// How a character is named to the user, e.g. `“ (U+201C)` or `emoji 😀 (U+1F600)`.
pub fn describe_char(c: char) -> String {
    match c {
        '\u{00A0}' => "a non-breaking space (U+00A0)".into(),
        c if c.is_whitespace() || c.is_control() => {
            format!("an invisible character (U+{:04X})", c as u32)
        }
        c => format!("{c} (U+{:04X})", c as u32),
    }
}

// ---------------------------------------------------------------------------------------------
// Template placeholders.

/// The values the composer and the server fill placeholders with; None when unknown.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct PlaceholderValues {
    pub contact_name: Option<String>,
    pub contact_phone: Option<String>,
    pub agent_name: Option<String>,
    pub team_name: Option<String>,
    pub company_name: Option<String>,
}

fn first_word(s: &Option<String>) -> Option<String> {
    s.as_deref()?.split_whitespace().next().map(str::to_owned)
}

impl PlaceholderValues {
    /// The value of a placeholder of `TEMPLATE_PLACEHOLDERS`, or None (unknown or empty).
    pub fn get(&self, name: &str) -> Option<String> {
        let value = match name {
            "contact.name" => self.contact_name.clone(),
            "contact.first_name" => first_word(&self.contact_name),
            "contact.phone" => self.contact_phone.clone(),
            "agent.name" => self.agent_name.clone(),
            "agent.first_name" => first_word(&self.agent_name),
            "team.name" => self.team_name.clone(),
            "company.name" => self.company_name.clone(),
            _ => None,
        };
        value.filter(|v| !v.trim().is_empty())
    }
}

/// `body` with every placeholder that has a value filled in; a placeholder without one stays as
/// written (`{{contact.name}}`) so that the composer can mark it and the send is blocked.
pub fn fill_placeholders(body: &str, values: &PlaceholderValues) -> String {
    let mut out = String::with_capacity(body.len());
    let mut rest = body;
    while let Some(start) = rest.find("{{") {
        let after = &rest[start + 2..];
        let Some(end) = after.find("}}") else { break };
        out.push_str(&rest[..start]);
        match values.get(after[..end].trim()) {
            Some(value) => out.push_str(&value),
            None => out.push_str(&rest[start..start + 2 + end + 2]),
        }
        rest = &after[end + 2..];
    }
    out.push_str(rest);
    out
}

/// Byte ranges of the `{{…}}` placeholders left in a text (known names or not), in order.
pub fn unfilled_placeholders(text: &str) -> Vec<std::ops::Range<usize>> {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(start) = text[from..].find("{{").map(|i| from + i) {
        let Some(end) = text[start + 2..].find("}}").map(|i| start + 2 + i + 2) else {
            break;
        };
        found.push(start..end);
        from = end;
    }
    found
}

/// Whether `name` is a placeholder templates may use.
pub fn is_known_placeholder(name: &str) -> bool {
    TEMPLATE_PLACEHOLDERS.iter().any(|(p, _)| *p == name.trim())
}

// ---------------------------------------------------------------------------------------------
// The rules a message must pass before it is sent.

/// What the rules need to know about the conversation besides the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReplyFacts {
    pub stream: Stream,
    /// WhatsApp: the contact wrote within the last 24 hours.
    pub window_open: bool,
    /// Telegram: the contact has written to the bot at least once.
    pub contact_started_chat: bool,
    /// The text is an approved WhatsApp template, filled in and unchanged.
    pub approved_template: bool,
}

/// Why a message cannot be sent. `rule()` names it on the wire (`Problem::rule`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RuleViolation {
    Empty,
    /// WhatsApp, Telegram and notes: more characters than the channel takes.
    TooLong {
        max: usize,
        length: usize,
    },
    /// SMS: more than `SMS_MAX_SEGMENTS` segments.
    TooManySegments {
        segments: u32,
    },
    /// A `{{…}}` placeholder is still in the text.
    UnfilledPlaceholder {
        placeholder: String,
    },
    /// WhatsApp: more than 24 hours since the contact's last message, and no approved template.
    WhatsappWindowClosed,
    /// Telegram: a bot cannot write first.
    TelegramNotStarted,
}

impl RuleViolation {
    pub fn rule(&self) -> &'static str {
        match self {
            RuleViolation::Empty => "empty",
            RuleViolation::TooLong { .. } => "too_long",
            RuleViolation::TooManySegments { .. } => "sms_segments",
            RuleViolation::UnfilledPlaceholder { .. } => "unfilled_placeholder",
            RuleViolation::WhatsappWindowClosed => "whatsapp_window",
            RuleViolation::TelegramNotStarted => "telegram_not_started",
        }
    }

    pub fn message(&self) -> String {
        match self {
            RuleViolation::Empty => "Write a message first.".into(),
            RuleViolation::TooLong { max, length } => {
                format!("The message has {length} characters; this channel takes at most {max}.")
            }
            RuleViolation::TooManySegments { segments } => format!(
                "The message needs {segments} SMS segments; at most {SMS_MAX_SEGMENTS} can be sent."
            ),
            RuleViolation::UnfilledPlaceholder { placeholder } => {
                format!("Replace {placeholder} with the right text before sending.")
            }
            RuleViolation::WhatsappWindowClosed => "More than 24 hours have passed since the \
                contact's last message: WhatsApp only allows an approved template now."
                .into(),
            RuleViolation::TelegramNotStarted => "This contact has not started a chat with the \
                bot: Telegram bots cannot write first."
                .into(),
        }
    }
}

/// Checks a reply (to the contact) against its channel's rules.
pub fn check_reply(body: &str, facts: &ReplyFacts) -> Result<(), RuleViolation> {
    if body.trim().is_empty() {
        return Err(RuleViolation::Empty);
    }
    if let Some(range) = unfilled_placeholders(body).into_iter().next() {
        return Err(RuleViolation::UnfilledPlaceholder {
            placeholder: body[range].to_owned(),
        });
    }
    match facts.stream {
        Stream::Sms => {
            let count = sms_count(body);
            if count.over_limit() {
                return Err(RuleViolation::TooManySegments {
                    segments: count.segments,
                });
            }
        }
        Stream::Whatsapp | Stream::Telegram => {
            let length = body.chars().count();
            if length > TEXT_MAX_CHARS {
                return Err(RuleViolation::TooLong {
                    max: TEXT_MAX_CHARS,
                    length,
                });
            }
        }
    }
    match facts.stream {
        Stream::Whatsapp if !facts.window_open && !facts.approved_template => {
            Err(RuleViolation::WhatsappWindowClosed)
        }
        Stream::Telegram if !facts.contact_started_chat => Err(RuleViolation::TelegramNotStarted),
        _ => Ok(()),
    }
}

/// Checks an internal note (never sent, so only its length matters).
pub fn check_note(body: &str) -> Result<(), RuleViolation> {
    let length = body.chars().count();
    if body.trim().is_empty() {
        Err(RuleViolation::Empty)
    } else if length > NOTE_MAX_CHARS {
        Err(RuleViolation::TooLong {
            max: NOTE_MAX_CHARS,
            length,
        })
    } else {
        Ok(())
    }
}

// ---------------------------------------------------------------------------------------------
// Delivery statuses.

impl DeliveryStatus {
    /// The statuses an outbound message passes through on a channel, in order (`Failed` can end
    /// any of them before the last).
    pub fn path(stream: Stream) -> &'static [DeliveryStatus] {
        match stream {
            Stream::Sms => &[
                DeliveryStatus::Queued,
                DeliveryStatus::Sent,
                DeliveryStatus::Delivered,
            ],
            Stream::Whatsapp => &[
                DeliveryStatus::Queued,
                DeliveryStatus::Sent,
                DeliveryStatus::Delivered,
                DeliveryStatus::Read,
            ],
            Stream::Telegram => &[DeliveryStatus::Queued, DeliveryStatus::Sent],
        }
    }

    /// Whether a message may go from `self` to `next` (the same rule as the database trigger):
    /// only forward, `Failed` only from queued or sent, nothing after read or failed.
    pub fn can_become(self, next: DeliveryStatus) -> bool {
        use DeliveryStatus::*;
        matches!(
            (self, next),
            (Queued, Sent | Delivered | Read | Failed)
                | (Sent, Delivered | Read | Failed)
                | (Delivered, Read)
        )
    }

    /// Whether the status can still change on `stream` (the app polls until it cannot).
    pub fn is_final(self, stream: Stream) -> bool {
        self == DeliveryStatus::Failed || DeliveryStatus::path(stream).last() == Some(&self)
    }

    pub fn label(self) -> &'static str {
        match self {
            DeliveryStatus::Queued => "Sending",
            DeliveryStatus::Sent => "Sent",
            DeliveryStatus::Delivered => "Delivered",
            DeliveryStatus::Read => "Read",
            DeliveryStatus::Failed => "Failed",
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Wire types.

/// `POST /api/conversations/{id}/messages`: a reply or an internal note. The same `client_id`
/// goes in the `Idempotency-Key` header: a repeat answers the message already stored (200), a
/// repeat with another body is refused (422 `idempotency_key_reused`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SendMessage {
    /// `Reply` or `Note`.
    pub kind: MessageKind,
    pub body: String,
    /// Replies: the profile to send from; None for the conversation's.
    #[serde(default)]
    pub sender_profile_id: Option<i64>,
    /// The canned template the text came from (required outside the WhatsApp window).
    #[serde(default)]
    pub template_id: Option<i64>,
    /// Generated by the client (a UUID), at most `CLIENT_ID_MAX` characters.
    pub client_id: String,
}

/// A canned template as the composer offers it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComposeTemplate {
    pub id: i64,
    pub name: String,
    pub body: String,
    /// The only kind usable outside the WhatsApp window.
    pub whatsapp_approved: bool,
}

/// `GET /api/conversations/{id}/compose`: what the composer of a conversation offers the caller.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComposeContext {
    pub can_reply: bool,
    pub can_note: bool,
    /// The profiles of the conversation's stream and space the caller may send from (names only).
    pub sender_profiles: Vec<NamedRef>,
    /// The conversation's own profile when the caller may use it, else the first usable one.
    pub default_sender_profile_id: Option<i64>,
    /// Templates for the conversation's stream (and those for every stream), by name.
    pub templates: Vec<ComposeTemplate>,
    /// WhatsApp: when free text stops being allowed (the contact's last message + 24 h); None
    /// when the contact never wrote or on other channels.
    pub whatsapp_window_closes_at: Option<String>,
    /// Telegram: the contact has written to the bot (bots cannot write first).
    pub contact_started_chat: bool,
    pub placeholders: PlaceholderValues,
    /// The server's clock, so that countdowns do not depend on the device's.
    pub now: String,
}

/// `POST /api/support/delivery-status` (support token): a provider's status callback. The
/// delivery simulator goes through the same code; an out-of-order status that would move a
/// message backwards is ignored (answered 200 with the message as it stays).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeliveryCallback {
    pub message_id: i64,
    pub status: DeliveryStatus,
    /// Failed only: the carrier's reason.
    #[serde(default)]
    pub reason: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn count(text: &str) -> (SmsEncoding, u32, u32, u32) {
        let c = sms_count(text);
        (c.encoding, c.units, c.segments, c.left_in_segment)
    }

    #[test]
    fn gsm7_boundaries_160_161_and_153_per_segment() {
        use SmsEncoding::Gsm7;
        assert_eq!(count(""), (Gsm7, 0, 0, 160));
        assert_eq!(count("a"), (Gsm7, 1, 1, 159));
        assert_eq!(count(&"a".repeat(160)), (Gsm7, 160, 1, 0));
        assert_eq!(count(&"a".repeat(161)), (Gsm7, 161, 2, 306 - 161));
        assert_eq!(count(&"a".repeat(306)), (Gsm7, 306, 2, 0));
        assert_eq!(count(&"a".repeat(307)), (Gsm7, 307, 3, 459 - 307));
        assert_eq!(count(&"a".repeat(1530)), (Gsm7, 1530, 10, 0));
        let eleven = sms_count(&"a".repeat(1531));
        assert_eq!(eleven.segments, 11);
        assert!(eleven.over_limit());
    }

    #[test]
    fn extension_characters_count_two() {
        assert_eq!(count("€"), (SmsEncoding::Gsm7, 2, 1, 158));
        assert_eq!(count("{}[]~\\|^"), (SmsEncoding::Gsm7, 16, 1, 144));
        // 159 plain + one extension character = 161 septets: two segments.
        let text = format!("{}€", "a".repeat(159));
        assert_eq!(count(&text), (SmsEncoding::Gsm7, 161, 2, 145));
        assert_eq!(count(&format!("{}€", "a".repeat(158))).2, 1);
    }

    #[test]
    fn ucs2_boundaries_70_71_and_67_per_segment() {
        use SmsEncoding::Ucs2;
        assert_eq!(count(&"ж".repeat(70)), (Ucs2, 70, 1, 0));
        assert_eq!(count(&"ж".repeat(71)), (Ucs2, 71, 2, 134 - 71));
        assert_eq!(count(&"ж".repeat(134)), (Ucs2, 134, 2, 0));
        assert_eq!(count(&"ж".repeat(135)), (Ucs2, 135, 3, 201 - 135));
        // One non-GSM character switches the whole message, extension characters count one.
        assert_eq!(count(&format!("{}ж", "a".repeat(69))), (Ucs2, 70, 1, 0));
        assert_eq!(count("€ж"), (Ucs2, 2, 1, 68));
    }

    #[test]
    fn emoji_take_two_ucs2_units_and_are_named() {
        let c = sms_count("Hi 😀");
        assert_eq!((c.encoding, c.units, c.segments), (SmsEncoding::Ucs2, 5, 1));
        assert_eq!(c.forced_by, Some('😀'));
        assert_eq!(count(&"😀".repeat(35)), (SmsEncoding::Ucs2, 70, 1, 0));
        assert_eq!(count(&"😀".repeat(36)).2, 2);
        assert_eq!(describe_char('😀'), "😀 (U+1F600)");
        assert_eq!(describe_char('\u{a0}'), "a non-breaking space (U+00A0)");
    }

    #[test]
    fn gsm_accents_stay_gsm_but_others_force_ucs2() {
        assert_eq!(
            sms_count("Müller, café à Besançon? ¿Qué?").encoding,
            SmsEncoding::Ucs2
        );
        assert_eq!(sms_count("Müller, é à Ñ ¿").encoding, SmsEncoding::Gsm7);
        assert_eq!(sms_count("Müller, café à Besançon").forced_by, Some('ç'));
        assert_eq!(non_gsm_chars("“Hi” — “you”"), vec!['“', '”', '—']);
    }

    #[test]
    fn lookalikes_are_replaced_with_gsm_equivalents() {
        let text = "“Don’t” – see you\u{a0}soon…";
        let fixed = replace_lookalikes(text);
        assert_eq!(fixed, "\"Don't\" - see you soon...");
        assert_eq!(sms_count(&fixed).encoding, SmsEncoding::Gsm7);
        assert_eq!(replace_lookalikes("ж😀"), "ж😀");
    }

    fn values() -> PlaceholderValues {
        PlaceholderValues {
            contact_name: Some("Anna Berg".into()),
            contact_phone: None,
            agent_name: Some("Zoë Okafor".into()),
            team_name: Some("Bookings".into()),
            company_name: Some("Acme Travel".into()),
        }
    }

    #[test]
    fn placeholders_are_filled_and_unknown_ones_stay_marked() {
        let filled = fill_placeholders(
            "Hi {{contact.first_name}}, {{ agent.name }} of {{company.name}}. {{contact.phone}}?",
            &values(),
        );
        assert_eq!(
            filled,
            "Hi Anna, Zoë Okafor of Acme Travel. {{contact.phone}}?"
        );
        let left = unfilled_placeholders(&filled);
        assert_eq!(left.len(), 1);
        assert_eq!(&filled[left[0].clone()], "{{contact.phone}}");
        assert_eq!(fill_placeholders("no {{ end", &values()), "no {{ end");
        assert!(is_known_placeholder(" team.name "));
        assert!(!is_known_placeholder("contact.email"));
    }

    fn facts(stream: Stream) -> ReplyFacts {
        ReplyFacts {
            stream,
            window_open: true,
            contact_started_chat: true,
            approved_template: false,
        }
    }

    #[test]
    fn reply_rules_per_channel() {
        assert_eq!(
            check_reply("  ", &facts(Stream::Sms)),
            Err(RuleViolation::Empty)
        );
        assert!(check_reply(&"a".repeat(1530), &facts(Stream::Sms)).is_ok());
        assert_eq!(
            check_reply(&"a".repeat(1531), &facts(Stream::Sms)),
            Err(RuleViolation::TooManySegments { segments: 11 })
        );
        assert!(check_reply(&"a".repeat(4096), &facts(Stream::Telegram)).is_ok());
        assert_eq!(
            check_reply(&"a".repeat(4097), &facts(Stream::Whatsapp)).map_err(|v| v.rule()),
            Err("too_long")
        );
        let closed = ReplyFacts {
            window_open: false,
            ..facts(Stream::Whatsapp)
        };
        assert_eq!(
            check_reply("Hi", &closed),
            Err(RuleViolation::WhatsappWindowClosed)
        );
        let template = ReplyFacts {
            approved_template: true,
            ..closed
        };
        assert!(check_reply("Hi", &template).is_ok());
        let bot_first = ReplyFacts {
            contact_started_chat: false,
            ..facts(Stream::Telegram)
        };
        assert_eq!(
            check_reply("Hi", &bot_first).unwrap_err().rule(),
            "telegram_not_started"
        );
        assert_eq!(
            check_reply("Hi {{contact.name}}", &facts(Stream::Sms)).unwrap_err(),
            RuleViolation::UnfilledPlaceholder {
                placeholder: "{{contact.name}}".into()
            }
        );
        assert!(check_note("internal").is_ok());
        assert!(check_note(&"a".repeat(NOTE_MAX_CHARS + 1)).is_err());
    }

    #[test]
    fn statuses_only_move_forward_and_end_where_the_channel_ends() {
        use DeliveryStatus::*;
        assert!(Queued.can_become(Sent));
        assert!(Sent.can_become(Read));
        assert!(!Read.can_become(Delivered));
        assert!(!Delivered.can_become(Sent));
        assert!(!Delivered.can_become(Failed));
        assert!(!Failed.can_become(Sent));
        assert!(!Sent.can_become(Sent));
        assert!(Delivered.is_final(Stream::Sms));
        assert!(!Delivered.is_final(Stream::Whatsapp));
        assert!(Sent.is_final(Stream::Telegram));
        assert!(Failed.is_final(Stream::Whatsapp));
        assert!(!Queued.is_final(Stream::Telegram));
    }

    #[test]
    fn send_message_defaults_its_optional_fields() {
        let m: SendMessage =
            serde_json::from_str(r#"{"kind":"note","body":"x","client_id":"c1"}"#).unwrap();
        assert_eq!(m.kind, MessageKind::Note);
        assert_eq!((m.sender_profile_id, m.template_id), (None, None));
    }
}
