//! The composer's own decisions, on top of the channel rules of `textpeak_api::compose`: the
//! counter and what of it is announced, the UCS-2 warning, which keys send, the WhatsApp
//! countdown, the template picker's filter, where drafts are kept, and why a send is blocked.
//! Pure, tested natively; `pages/inbox/composer` shows them.

use textpeak_api::{
    check_note, check_reply, describe_char, non_gsm_chars, replace_lookalikes, sms_count,
    unfilled_placeholders, ComposeTemplate, DeliveryStatus, MessageKind, ReplyFacts, SmsEncoding,
    Stream, NOTE_MAX_CHARS, TEXT_MAX_CHARS,
};

/// Reply (to the contact) or internal note (the team only).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ComposeMode {
    Reply,
    Note,
}

impl ComposeMode {
    pub fn as_str(self) -> &'static str {
        match self {
            ComposeMode::Reply => "reply",
            ComposeMode::Note => "note",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ComposeMode::Reply => "Reply",
            ComposeMode::Note => "Internal note",
        }
    }

    pub fn kind(self) -> MessageKind {
        match self {
            ComposeMode::Reply => MessageKind::Reply,
            ComposeMode::Note => MessageKind::Note,
        }
    }

    pub fn of_kind(kind: MessageKind) -> ComposeMode {
        match kind {
            MessageKind::Note => ComposeMode::Note,
            _ => ComposeMode::Reply,
        }
    }
}

/// The local-storage key of a draft: per user (a shared computer keeps each person's drafts
/// apart, and signing in again finds them), per conversation and per mode.
pub fn draft_key(user_id: i64, conversation_id: i64, mode: ComposeMode) -> String {
    format!(
        "textpeak.draft.v1.{user_id}.{conversation_id}.{}",
        mode.as_str()
    )
}

/// The local-storage key of the user's unconfirmed sends (they survive a reload).
pub fn outbox_key(user_id: i64) -> String {
    format!("textpeak.outbox.v1.{user_id}")
}

/// What the counter under the text shows, and the shorter sentence the live region announces:
/// it changes only when something worth hearing changes (segments, encoding, the limit), not
/// with every keystroke.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Counter {
    pub text: String,
    pub announce: String,
    /// Near or over the limit: shown as a warning.
    pub warn: bool,
}

/// WhatsApp, Telegram and notes show their counter from this many characters before the limit.
pub const COUNTER_FROM_LEFT: usize = 500;

fn plural(n: u32, one: &str, many: &str) -> String {
    if n == 1 {
        format!("{n} {one}")
    } else {
        format!("{n} {many}")
    }
}

/// The counter for `text`, or None when nothing needs counting yet.
pub fn counter(stream: Stream, mode: ComposeMode, text: &str) -> Option<Counter> {
    if mode == ComposeMode::Reply && stream == Stream::Sms {
        let c = sms_count(text);
        let segments = plural(c.segments, "segment", "segments");
        let encoding = c.encoding.label();
        return Some(Counter {
            text: format!("{} left · {segments} · {encoding}", c.left_in_segment),
            announce: if c.over_limit() {
                format!("{segments}, over the limit of 10")
            } else {
                format!("{segments}, {encoding}")
            },
            warn: c.over_limit() || c.encoding == SmsEncoding::Ucs2,
        });
    }
    let max = match mode {
        ComposeMode::Note => NOTE_MAX_CHARS,
        ComposeMode::Reply => TEXT_MAX_CHARS,
    };
    let length = text.chars().count();
    if length + COUNTER_FROM_LEFT < max {
        return None;
    }
    Some(if length > max {
        Counter {
            text: format!("{} over the limit of {max}", length - max),
            announce: format!("Over the limit of {max} characters"),
            warn: true,
        }
    } else {
        Counter {
            text: format!("{} left", max - length),
            announce: format!("Near the limit of {max} characters"),
            warn: true,
        }
    })
}

/// An SMS that one or more characters force into UCS-2: which ones, named for people, and
/// whether replacing lookalikes would help (back to GSM-7, or fewer segments).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ucs2Notice {
    pub characters: Vec<String>,
    pub fixable: bool,
}

/// The characters named in a notice at most; the rest are counted.
const NAMED_AT_MOST: usize = 3;

impl Ucs2Notice {
    /// "“ (U+201C), — (U+2014) and 2 more".
    pub fn names(&self) -> String {
        let shown = &self.characters[..self.characters.len().min(NAMED_AT_MOST)];
        let rest = self.characters.len() - shown.len();
        let list = shown.join(", ");
        match rest {
            0 => list,
            n => format!("{list} and {n} more"),
        }
    }
}

pub fn ucs2_notice(text: &str) -> Option<Ucs2Notice> {
    let count = sms_count(text);
    if count.encoding != SmsEncoding::Ucs2 {
        return None;
    }
    let characters = non_gsm_chars(text).into_iter().map(describe_char).collect();
    let fixed = sms_count(&replace_lookalikes(text));
    let fixable = fixed.encoding == SmsEncoding::Gsm7 || fixed.segments < count.segments;
    Some(Ucs2Notice {
        characters,
        fixable,
    })
}

/// What Enter does in the composer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EnterKey {
    Send,
    /// The browser's own: a line break.
    NewLine,
}

/// Enter sends and Shift+Enter breaks the line; Ctrl/Cmd+Enter always sends. While an input
/// method composes (Japanese, Chinese…), Enter confirms the composition and never sends.
pub fn enter_key(shift: bool, ctrl_or_meta: bool, composing: bool) -> EnterKey {
    if composing {
        EnterKey::NewLine
    } else if ctrl_or_meta || !shift {
        EnterKey::Send
    } else {
        EnterKey::NewLine
    }
}

/// The mode shortcuts: Alt+R for Reply, Alt+N for an internal note (by `KeyboardEvent.code`,
/// so that a Mac's Option key, which types "®" or a dead key, works too).
pub fn mode_shortcut(code: &str, alt: bool, ctrl_or_meta: bool) -> Option<ComposeMode> {
    if !alt || ctrl_or_meta {
        return None;
    }
    match code {
        "KeyR" => Some(ComposeMode::Reply),
        "KeyN" => Some(ComposeMode::Note),
        _ => None,
    }
}

/// What the WhatsApp countdown says with `seconds` left; None once the window closed.
pub fn window_left(seconds: i64) -> Option<String> {
    if seconds <= 0 {
        return None;
    }
    let (hours, minutes) = (seconds / 3600, (seconds % 3600) / 60);
    Some(if hours > 0 {
        format!("{hours} h {minutes:02} min left to reply freely")
    } else if minutes > 0 {
        format!("{minutes} min left to reply freely")
    } else {
        format!("{seconds} s left to reply freely")
    })
}

/// The templates the picker lists for `query` (name or text, ignoring case), in their order;
/// outside the WhatsApp window only approved ones.
pub fn filter_templates<'a>(
    templates: &'a [ComposeTemplate],
    query: &str,
    approved_only: bool,
) -> Vec<&'a ComposeTemplate> {
    let query = query.trim().to_lowercase();
    templates
        .iter()
        .filter(|t| !approved_only || t.whatsapp_approved)
        .filter(|t| {
            query.is_empty()
                || t.name.to_lowercase().contains(&query)
                || t.body.to_lowercase().contains(&query)
        })
        .collect()
}

/// An unfilled placeholder left in the text, for the list under the text area: its text and
/// where it is in UTF-16 code units (what `setSelectionRange` takes).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unfilled {
    pub placeholder: String,
    pub start: u32,
    pub end: u32,
}

pub fn unfilled(text: &str) -> Vec<Unfilled> {
    let utf16 = |byte: usize| text[..byte].encode_utf16().count() as u32;
    unfilled_placeholders(text)
        .into_iter()
        .map(|r| Unfilled {
            placeholder: text[r.clone()].to_owned(),
            start: utf16(r.start),
            end: utf16(r.end),
        })
        .collect()
}

/// What the composer knows about the conversation when it checks a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SendFacts {
    pub mode: ComposeMode,
    pub reply: ReplyFacts,
}

/// Why the text cannot be sent, as a sentence; None when it can. An empty text blocks without
/// a sentence (there is nothing to explain).
pub fn send_block(text: &str, facts: &SendFacts) -> Option<Option<String>> {
    let checked = match facts.mode {
        ComposeMode::Note => check_note(text),
        ComposeMode::Reply => check_reply(text, &facts.reply),
    };
    match checked {
        Ok(()) => None,
        Err(textpeak_api::RuleViolation::Empty) => Some(None),
        Err(v) => Some(Some(v.message())),
    }
}

/// A version-4 UUID from 16 random bytes (where `crypto.randomUUID` is missing).
pub fn uuid_v4(mut bytes: [u8; 16]) -> String {
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

/// The seconds of a `Retry-After` header (seconds form; an HTTP date counts as unknown),
/// capped so that a wild answer cannot park a message for hours.
pub fn retry_after(header: Option<&str>) -> Option<u32> {
    let seconds = header?.trim().parse::<u32>().ok()?;
    Some(seconds.clamp(1, 300))
}

/// How often the open thread asks for its messages' statuses while one is on its way.
pub const POLL_INTERVAL_MS: u64 = 2000;
/// A message still not final after this long is left to a reload (or live updates): demo data
/// and real carriers both have messages that never report again.
pub const POLL_FOR_AT_MOST_MS: f64 = 10.0 * 60_000.0;

/// Whether an outbound message with `status`, created `age_ms` ago, is worth polling for.
pub fn worth_polling(status: DeliveryStatus, stream: Stream, age_ms: f64) -> bool {
    !status.is_final(stream) && age_ms < POLL_FOR_AT_MOST_MS
}

/// What the thread says about an outbound message's status.
pub fn status_label(status: DeliveryStatus) -> &'static str {
    match status {
        // The server took it; the channel has not (Telegram paces one a second).
        DeliveryStatus::Queued => "Queued",
        other => other.label(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sms(text: &str) -> String {
        counter(Stream::Sms, ComposeMode::Reply, text).unwrap().text
    }

    #[test]
    fn the_sms_counter_at_its_boundaries() {
        assert_eq!(sms(""), "160 left · 0 segments · GSM-7");
        assert_eq!(sms(&"a".repeat(160)), "0 left · 1 segment · GSM-7");
        assert_eq!(sms(&"a".repeat(161)), "145 left · 2 segments · GSM-7");
        assert_eq!(sms(&"ж".repeat(70)), "0 left · 1 segment · UCS-2");
        assert_eq!(sms(&"ж".repeat(71)), "63 left · 2 segments · UCS-2");
        let over = counter(Stream::Sms, ComposeMode::Reply, &"a".repeat(1531)).unwrap();
        assert!(over.warn);
        assert_eq!(over.announce, "11 segments, over the limit of 10");
    }

    #[test]
    fn the_announcement_changes_only_with_segments_or_encoding() {
        let a = counter(Stream::Sms, ComposeMode::Reply, "hello").unwrap();
        let b = counter(Stream::Sms, ComposeMode::Reply, "hello there").unwrap();
        assert_ne!(a.text, b.text);
        assert_eq!(a.announce, b.announce);
        let c = counter(Stream::Sms, ComposeMode::Reply, "hello “there”").unwrap();
        assert_eq!(c.announce, "1 segment, UCS-2");
    }

    #[test]
    fn long_text_counters_show_near_the_limit_only() {
        let near = TEXT_MAX_CHARS - COUNTER_FROM_LEFT;
        assert_eq!(
            counter(Stream::Whatsapp, ComposeMode::Reply, &"a".repeat(near - 1)),
            None
        );
        assert_eq!(
            counter(Stream::Telegram, ComposeMode::Reply, &"a".repeat(near))
                .unwrap()
                .text,
            "500 left"
        );
        assert_eq!(
            counter(Stream::Telegram, ComposeMode::Reply, &"a".repeat(4100))
                .unwrap()
                .text,
            "4 over the limit of 4096"
        );
        // A note on SMS is no SMS: it counts against the note limit.
        assert_eq!(counter(Stream::Sms, ComposeMode::Note, "hi"), None);
    }

    #[test]
    fn ucs2_is_explained_and_lookalikes_offered_when_they_help() {
        assert_eq!(ucs2_notice("plain text"), None);
        let quotes = ucs2_notice("“Hi” — there").unwrap();
        assert_eq!(
            quotes.characters,
            vec!["“ (U+201C)", "” (U+201D)", "— (U+2014)"]
        );
        assert!(quotes.fixable);
        let emoji = ucs2_notice("Thanks 😀").unwrap();
        assert!(!emoji.fixable);
        assert_eq!(emoji.names(), "😀 (U+1F600)");
        let many = ucs2_notice("ж щ ф ы ’").unwrap();
        assert_eq!(
            many.names(),
            "ж (U+0436), щ (U+0449), ф (U+0444) and 2 more"
        );
        assert!(!many.fixable);
    }

    #[test]
    fn enter_sends_shift_enter_breaks_and_composition_wins() {
        assert_eq!(enter_key(false, false, false), EnterKey::Send);
        assert_eq!(enter_key(true, false, false), EnterKey::NewLine);
        assert_eq!(enter_key(true, true, false), EnterKey::Send);
        assert_eq!(enter_key(false, true, false), EnterKey::Send);
        assert_eq!(enter_key(false, false, true), EnterKey::NewLine);
    }

    #[test]
    fn alt_r_and_alt_n_switch_modes() {
        assert_eq!(mode_shortcut("KeyR", true, false), Some(ComposeMode::Reply));
        assert_eq!(mode_shortcut("KeyN", true, false), Some(ComposeMode::Note));
        assert_eq!(mode_shortcut("KeyN", false, false), None);
        assert_eq!(mode_shortcut("KeyN", true, true), None);
        assert_eq!(mode_shortcut("KeyX", true, false), None);
    }

    #[test]
    fn the_window_countdown() {
        assert_eq!(
            window_left(23 * 3600 + 5 * 60 + 9).unwrap(),
            "23 h 05 min left to reply freely"
        );
        assert_eq!(window_left(59 * 60).unwrap(), "59 min left to reply freely");
        assert_eq!(window_left(42).unwrap(), "42 s left to reply freely");
        assert_eq!(window_left(0), None);
        assert_eq!(window_left(-5), None);
    }

    fn template(id: i64, name: &str, body: &str, approved: bool) -> ComposeTemplate {
        ComposeTemplate {
            id,
            name: name.into(),
            body: body.into(),
            whatsapp_approved: approved,
        }
    }

    #[test]
    fn the_picker_filters_by_name_or_text_and_approval() {
        let all = vec![
            template(1, "Greeting", "Hello {{contact.first_name}}", true),
            template(2, "Refund", "Your refund is on its way", false),
            template(3, "Opening hours", "We open at 9", true),
        ];
        let ids = |v: Vec<&ComposeTemplate>| v.iter().map(|t| t.id).collect::<Vec<_>>();
        assert_eq!(ids(filter_templates(&all, "", false)), vec![1, 2, 3]);
        assert_eq!(ids(filter_templates(&all, "  REF ", false)), vec![2]);
        assert_eq!(ids(filter_templates(&all, "open", false)), vec![3]);
        assert_eq!(ids(filter_templates(&all, "", true)), vec![1, 3]);
        assert_eq!(
            ids(filter_templates(&all, "refund", true)),
            Vec::<i64>::new()
        );
    }

    #[test]
    fn unfilled_placeholders_are_located_in_utf16_units() {
        let found = unfilled("Hé 😀 {{contact.phone}} and {{x}}");
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].placeholder, "{{contact.phone}}");
        // "Hé 😀 " is 6 UTF-16 units: H, é, space, two for the emoji, space.
        assert_eq!((found[0].start, found[0].end), (6, 23));
        assert_eq!(found[1].placeholder, "{{x}}");
    }

    fn facts(mode: ComposeMode, stream: Stream) -> SendFacts {
        SendFacts {
            mode,
            reply: ReplyFacts {
                stream,
                window_open: true,
                contact_started_chat: true,
                approved_template: false,
            },
        }
    }

    #[test]
    fn sends_are_blocked_by_the_channel_rules_with_a_reason() {
        let sms = facts(ComposeMode::Reply, Stream::Sms);
        assert_eq!(send_block("", &sms), Some(None));
        assert_eq!(send_block("Hi", &sms), None);
        assert_eq!(
            send_block("Hi {{contact.phone}}", &sms),
            Some(Some(
                "Replace {{contact.phone}} with the right text before sending.".into()
            ))
        );
        let mut closed = facts(ComposeMode::Reply, Stream::Whatsapp);
        closed.reply.window_open = false;
        assert!(send_block("Hi", &closed)
            .unwrap()
            .unwrap()
            .contains("24 hours"));
        closed.reply.approved_template = true;
        assert_eq!(send_block("Hi", &closed), None);
        // Notes pass where replies do not: they never leave the Inbox.
        let mut note = closed;
        note.mode = ComposeMode::Note;
        note.reply.approved_template = false;
        assert_eq!(send_block("Hi", &note), None);
    }

    #[test]
    fn drafts_are_kept_per_user_conversation_and_mode() {
        assert_eq!(
            draft_key(7, 42, ComposeMode::Note),
            "textpeak.draft.v1.7.42.note"
        );
        assert_ne!(
            draft_key(7, 42, ComposeMode::Reply),
            draft_key(8, 42, ComposeMode::Reply)
        );
        assert_eq!(outbox_key(7), "textpeak.outbox.v1.7");
    }

    #[test]
    fn polling_stops_at_a_final_status_or_after_a_while() {
        use DeliveryStatus::*;
        assert!(worth_polling(Queued, Stream::Telegram, 1000.0));
        assert!(!worth_polling(Sent, Stream::Telegram, 1000.0));
        assert!(worth_polling(Delivered, Stream::Whatsapp, 1000.0));
        assert!(!worth_polling(Delivered, Stream::Sms, 1000.0));
        assert!(!worth_polling(Failed, Stream::Sms, 1000.0));
        assert!(!worth_polling(Queued, Stream::Sms, POLL_FOR_AT_MOST_MS));
        assert_eq!(status_label(Queued), "Queued");
        assert_eq!(status_label(Read), "Read");
    }

    #[test]
    fn uuids_and_retry_after() {
        let id = uuid_v4([0xff; 16]);
        assert_eq!(id, "ffffffff-ffff-4fff-bfff-ffffffffffff");
        assert_eq!(id.len(), 36);
        assert_eq!(retry_after(Some("3")), Some(3));
        assert_eq!(retry_after(Some("0")), Some(1));
        assert_eq!(retry_after(Some("99999")), Some(300));
        assert_eq!(retry_after(Some("Wed, 21 Oct 2015 07:28:00 GMT")), None);
        assert_eq!(retry_after(None), None);
    }
}
