//! The Server-Sent Events wire format, as the HTML standard's "event stream interpretation"
//! reads it: lines end in CR, LF or CRLF; `field: value` lines build an event; a blank line
//! dispatches it; lines starting with `:` are comments (heartbeats). The app reads the stream
//! with `fetch` (EventSource cannot send an `Authorization` header), so it parses it itself.

/// One dispatched event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SseEvent {
    /// The `event:` name; "message" when the event named none.
    pub name: String,
    /// The `data:` lines, joined with newlines.
    pub data: String,
    /// The `id:` of this event, if it had one (events without one leave the last id alone).
    pub id: Option<String>,
}

/// What one chunk of the stream held.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Parsed {
    pub events: Vec<SseEvent>,
    /// The last `retry:` the server asked for, in milliseconds.
    pub retry_ms: Option<u64>,
    /// The last id a block set, with or without data: a block of only `id:` (and `retry:`)
    /// tells where the stream stands without an event, which is what to resume from.
    pub last_id: Option<String>,
}

/// Feeds chunks of the stream in; keeps what a chunk cut in half until the rest arrives.
#[derive(Debug, Default)]
pub struct SseParser {
    /// The start of a line whose end has not arrived yet.
    partial: String,
    /// A CR ended the previous chunk: an LF starting this one belongs to it.
    after_cr: bool,
    name: String,
    data: Option<String>,
    id: Option<String>,
}

impl SseParser {
    pub fn new() -> Self {
        SseParser::default()
    }

    pub fn feed(&mut self, chunk: &str) -> Parsed {
        let mut parsed = Parsed::default();
        let mut rest = chunk;
        if self.after_cr {
            rest = rest.strip_prefix('\n').unwrap_or(rest);
            self.after_cr = false;
        }
        while let Some(end) = rest.find(['\r', '\n']) {
            let line = std::mem::take(&mut self.partial) + &rest[..end];
            let crlf = rest[end..].starts_with("\r\n");
            if !crlf && rest[end..].starts_with('\r') && end + 1 == rest.len() {
                self.after_cr = true;
            }
            rest = &rest[end + if crlf { 2 } else { 1 }..];
            self.line(&line, &mut parsed);
        }
        self.partial.push_str(rest);
        parsed
    }

    fn line(&mut self, line: &str, parsed: &mut Parsed) {
        if line.is_empty() {
            if let Some(id) = &self.id {
                parsed.last_id = Some(id.clone());
            }
            if let Some(data) = self.data.take() {
                parsed.events.push(SseEvent {
                    name: match std::mem::take(&mut self.name) {
                        n if n.is_empty() => "message".into(),
                        n => n,
                    },
                    data,
                    id: self.id.take(),
                });
            } else {
                self.name.clear();
                self.id = None;
            }
            return;
        }
        if line.starts_with(':') {
            return;
        }
        let (field, value) = match line.split_once(':') {
            Some((f, v)) => (f, v.strip_prefix(' ').unwrap_or(v)),
            None => (line, ""),
        };
        match field {
            "event" => self.name = value.to_owned(),
            "data" => match &mut self.data {
                Some(data) => {
                    data.push('\n');
                    data.push_str(value);
                }
                None => self.data = Some(value.to_owned()),
            },
            // An id with a NUL is ignored, as the standard says.
            "id" if !value.contains('\0') => self.id = Some(value.to_owned()),
            "retry" => {
                if let Ok(ms) = value.parse() {
                    parsed.retry_ms = Some(ms);
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(name: &str, data: &str, id: Option<&str>) -> SseEvent {
        SseEvent {
            name: name.into(),
            data: data.into(),
            id: id.map(Into::into),
        }
    }

    #[test]
    fn reads_events_ids_retry_and_skips_comments() {
        let mut p = SseParser::new();
        let parsed =
            p.feed("retry: 3000\n\n: ping\n\nid: 7\nevent: conversation\ndata: {\"a\":1}\n\n");
        assert_eq!(parsed.retry_ms, Some(3000));
        assert_eq!(
            parsed.events,
            vec![event("conversation", "{\"a\":1}", Some("7"))]
        );
    }

    #[test]
    fn an_event_cut_anywhere_arrives_once_whole() {
        let stream = "id: 1\r\nevent: reset\r\ndata: {}\r\n\r\nid: 2\ndata: a\ndata: b\n\n";
        for cut in 0..=stream.len() {
            let mut p = SseParser::new();
            let mut events = p.feed(&stream[..cut]).events;
            events.extend(p.feed(&stream[cut..]).events);
            assert_eq!(
                events,
                vec![
                    event("reset", "{}", Some("1")),
                    event("message", "a\nb", Some("2"))
                ],
                "cut at {cut}"
            );
        }
    }

    #[test]
    fn lone_cr_ends_lines_too() {
        let mut p = SseParser::new();
        let mut events = p.feed("data: x\r").events;
        events.extend(p.feed("\rdata:y\r\r").events);
        assert_eq!(
            events,
            vec![event("message", "x", None), event("message", "y", None)]
        );
    }

    #[test]
    fn a_block_of_only_an_id_moves_the_last_id() {
        let mut p = SseParser::new();
        let parsed = p.feed("retry: 3000\nid: 41\n\n");
        assert!(parsed.events.is_empty());
        assert_eq!(parsed.last_id.as_deref(), Some("41"));
        let parsed = p.feed("id: 42\ndata: x\n\ndata: y\n\n");
        assert_eq!(parsed.last_id.as_deref(), Some("42"));
        assert_eq!(parsed.events[1].id, None);
        assert_eq!(p.feed(": ping\n\n").last_id, None);
    }

    #[test]
    fn blank_lines_without_data_dispatch_nothing() {
        let mut p = SseParser::new();
        assert!(p.feed("event: x\n\n\n").events.is_empty());
        assert_eq!(
            p.feed("data: z\n\n").events,
            vec![event("message", "z", None)]
        );
    }
}
