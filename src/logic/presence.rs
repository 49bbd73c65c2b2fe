//! Who else is in a conversation, in words, and when two agents are about to answer the same
//! customer (Help Scout's collision detection).

use textpeak_api::live::PresenceEntry;
use textpeak_api::{Direction, Message, MessageKind};

/// A typing report at most this often while someone types (the server's typing expiry is
/// several times longer, so the indicator stays on between reports).
pub const TYPING_REPORT_EVERY_MS: f64 = 2_000.0;

/// Whether a keystroke now should tell the others, given when the last report went out.
pub fn should_report_typing(last_report_ms: Option<f64>, now_ms: f64) -> bool {
    last_report_ms.is_none_or(|last| now_ms - last >= TYPING_REPORT_EVERY_MS)
}

/// "Ana Silva", "Ana Silva and Max Weber", "Ana Silva, Max Weber and 2 others".
fn names(people: &[&str]) -> String {
    match people {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [a, b] => format!("{a} and {b}"),
        [a, b, rest @ ..] => match rest.len() {
            1 => format!("{a}, {b} and 1 other"),
            n => format!("{a}, {b} and {n} others"),
        },
    }
}

/// What the thread's header says of colleagues writing: None when nobody is.
pub fn typing_line(others: &[PresenceEntry]) -> Option<String> {
    let of = |kind: MessageKind| -> Vec<&str> {
        others
            .iter()
            .filter(|p| p.typing == Some(kind))
            .map(|p| p.user.name.as_str())
            .collect()
    };
    let (replying, noting) = (of(MessageKind::Reply), of(MessageKind::Note));
    let verb = |n: usize| if n == 1 { "is" } else { "are" };
    match (replying.is_empty(), noting.is_empty()) {
        (true, true) => None,
        (false, true) => Some(format!(
            "{} {} writing a reply…",
            names(&replying),
            verb(replying.len())
        )),
        (true, false) => Some(format!(
            "{} {} writing a note…",
            names(&noting),
            verb(noting.len())
        )),
        (false, false) => {
            let all: Vec<&str> = replying.iter().chain(noting.iter()).copied().collect();
            Some(format!("{} are writing…", names(&all)))
        }
    }
}

/// What the header says of colleagues viewing.
pub fn viewing_line(others: &[PresenceEntry]) -> Option<String> {
    let people: Vec<&str> = others.iter().map(|p| p.user.name.as_str()).collect();
    match people.len() {
        0 => None,
        1 => Some(format!("{} is also viewing", names(&people))),
        _ => Some(format!("{} are also viewing", names(&people))),
    }
}

/// Who answered the customer after the entry `since` (the thread's newest entry when the
/// user started writing), other than `me`: their names, to ask before a second answer goes out.
/// Automated replies (no author) count too: the customer has an answer.
pub fn replied_meanwhile<'a>(
    entries: impl Iterator<Item = &'a Message>,
    since: i64,
    me: i64,
) -> Option<String> {
    let mut who: Vec<&str> = Vec::new();
    for m in entries.filter(|m| m.id > since) {
        let answer = m.kind == MessageKind::Reply && m.direction == Some(Direction::Outbound);
        let author = m.author.as_ref();
        if answer && author.is_none_or(|a| a.id != me) {
            let name = author.map_or("An automation", |a| a.name.as_str());
            if !who.contains(&name) {
                who.push(name);
            }
        }
    }
    (!who.is_empty()).then(|| names(&who))
}

#[cfg(test)]
mod tests {
    use super::*;
    use textpeak_api::UserRef;

    fn entry(id: i64, name: &str, typing: Option<MessageKind>) -> PresenceEntry {
        PresenceEntry {
            user: UserRef {
                id,
                name: name.into(),
            },
            typing,
        }
    }

    fn message(
        id: i64,
        kind: MessageKind,
        direction: Option<Direction>,
        author: Option<i64>,
    ) -> Message {
        serde_json::from_value(serde_json::json!({
            "id": id,
            "kind": kind,
            "direction": direction,
            "body": "x",
            "created_at": "2026-12-02T10:00:00Z",
            "author": author.map(|a| serde_json::json!({"id": a, "name": format!("User {a}")})),
        }))
        .unwrap()
    }

    #[test]
    fn typing_reports_are_throttled() {
        assert!(should_report_typing(None, 0.0));
        assert!(!should_report_typing(Some(1_000.0), 2_500.0));
        assert!(should_report_typing(Some(1_000.0), 3_000.0));
    }

    #[test]
    fn lines_name_who_is_here_and_writing() {
        assert_eq!(viewing_line(&[]), None);
        let ana = entry(1, "Ana Silva", None);
        let max = entry(2, "Max Weber", Some(MessageKind::Reply));
        assert_eq!(
            viewing_line(std::slice::from_ref(&ana)).unwrap(),
            "Ana Silva is also viewing"
        );
        assert_eq!(
            viewing_line(&[ana.clone(), max.clone()]).unwrap(),
            "Ana Silva and Max Weber are also viewing"
        );
        assert_eq!(typing_line(std::slice::from_ref(&ana)), None);
        assert_eq!(
            typing_line(&[ana.clone(), max.clone()]).unwrap(),
            "Max Weber is writing a reply…"
        );
        let lea = entry(3, "Lea", Some(MessageKind::Note));
        assert_eq!(
            typing_line(std::slice::from_ref(&lea)).unwrap(),
            "Lea is writing a note…"
        );
        assert_eq!(
            typing_line(&[max, lea]).unwrap(),
            "Max Weber and Lea are writing…"
        );
        let many: Vec<_> = (0..5).map(|i| entry(i, &format!("P{i}"), None)).collect();
        assert_eq!(
            viewing_line(&many).unwrap(),
            "P0, P1 and 3 others are also viewing"
        );
    }

    #[test]
    fn a_colleagues_answer_after_i_started_writing_is_a_collision() {
        let thread = [
            message(1, MessageKind::Reply, Some(Direction::Inbound), None),
            message(2, MessageKind::Reply, Some(Direction::Outbound), Some(9)),
            message(3, MessageKind::Note, None, Some(8)),
            message(4, MessageKind::Reply, Some(Direction::Outbound), Some(7)),
        ];
        // Nothing after the start; my own answers and notes are not collisions.
        assert_eq!(replied_meanwhile(thread.iter(), 4, 7), None);
        assert_eq!(replied_meanwhile(thread.iter(), 2, 7), None);
        assert_eq!(replied_meanwhile(thread.iter(), 1, 7).unwrap(), "User 9");
        assert_eq!(
            replied_meanwhile(thread.iter(), 1, 5).unwrap(),
            "User 9 and User 7"
        );
    }
}
