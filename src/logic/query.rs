//! The one query-string encoder of the app: the URL of a dashboard view (`href::conversations`,
//! the sign-in `next`) and the API's list requests (`ApiClient::get_with_query`) both go
//! through [`encode`], so a filter is spelled the same in the address bar and on the wire.

/// Percent-encodes one key or value: RFC 3986 unreserved characters and `/` stay as they are
/// (a `next=/inbox/s/2` stays readable), everything else becomes `%XX` (a space is `%20`).
pub fn encode_component(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// `[("view", "mine"), ("q", "Anna & co")]` → `view=mine&q=Anna%20%26%20co` (no leading `?`;
/// empty for no pairs).
pub fn encode<K: AsRef<str>, V: AsRef<str>>(pairs: &[(K, V)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| {
            format!(
                "{}={}",
                encode_component(k.as_ref()),
                encode_component(v.as_ref())
            )
        })
        .collect::<Vec<_>>()
        .join("&")
}

/// `path` with the query appended, or `path` alone when there are no pairs.
pub fn with_query<K: AsRef<str>, V: AsRef<str>>(path: &str, pairs: &[(K, V)]) -> String {
    match encode(pairs) {
        q if q.is_empty() => path.to_owned(),
        q => format!("{path}?{q}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_reserved_characters_and_keeps_paths_readable() {
        assert_eq!(
            encode_component("/inbox/s/2?view=mine"),
            "/inbox/s/2%3Fview%3Dmine"
        );
        assert_eq!(encode_component("Anna & co"), "Anna%20%26%20co");
        assert_eq!(encode_component("Zoë"), "Zo%C3%AB");
        assert_eq!(encode_component("a+b=c"), "a%2Bb%3Dc");
    }

    #[test]
    fn joins_pairs_and_leaves_an_empty_query_out() {
        let pairs = [("view", "mine".to_owned()), ("q", "Anna & co".to_owned())];
        assert_eq!(encode(&pairs), "view=mine&q=Anna%20%26%20co");
        assert_eq!(
            with_query("/api/x", &pairs),
            "/api/x?view=mine&q=Anna%20%26%20co"
        );
        let none: [(&str, String); 0] = [];
        assert_eq!(with_query("/api/x", &none), "/api/x");
    }

    /// What the server decodes is what the app meant: the API's list filter round-trips.
    #[test]
    fn a_filter_survives_the_trip_through_the_query() {
        use textpeak_api::{ConversationFilter, ConversationStatus, InboxView, SortOrder, Stream};
        let filter = ConversationFilter {
            view: InboxView::Unassigned,
            q: Some("50% off + free/shipping?".into()),
            status: Some(ConversationStatus::Closed),
            stream: Some(Stream::Whatsapp),
            sort: SortOrder::WaitingLongest,
            unread: true,
            ..ConversationFilter::default()
        };
        let decoded = encode(&filter.to_query())
            .split('&')
            .map(|pair| {
                let (k, v) = pair.split_once('=').unwrap();
                (percent_decode(k), percent_decode(v))
            })
            .collect::<Vec<_>>();
        assert_eq!(ConversationFilter::from_query(decoded), filter);
    }

    fn percent_decode(s: &str) -> String {
        let bytes = s.as_bytes();
        let mut out = Vec::new();
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] == b'%' {
                out.push(u8::from_str_radix(&s[i + 1..i + 3], 16).unwrap());
                i += 3;
            } else {
                out.push(bytes[i]);
                i += 1;
            }
        }
        String::from_utf8(out).unwrap()
    }
}
