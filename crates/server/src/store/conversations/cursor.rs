//! The cursors of the conversation list and the thread: opaque to the client, base64url of
//! `part|key|id`.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;

use crate::http::problem::ApiError;

/// An opaque position in a list: which part of the ordering, the sort key and the id of the
/// last row shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cursor {
    pub part: char,
    pub key: String,
    pub id: i64,
}

impl Cursor {
    pub fn encode(&self) -> String {
        URL_SAFE_NO_PAD.encode(format!("{}|{}|{}", self.part, self.key, self.id))
    }

    pub fn decode(s: &str, field: &str) -> Result<Cursor, ApiError> {
        let invalid = || ApiError::validation(field, "The cursor is not valid; reload the list");
        let bytes = URL_SAFE_NO_PAD.decode(s).map_err(|_| invalid())?;
        let text = String::from_utf8(bytes).map_err(|_| invalid())?;
        let mut it = text.splitn(3, '|');
        let part = it
            .next()
            .and_then(|p| p.chars().next())
            .ok_or_else(invalid)?;
        let key = it.next().ok_or_else(invalid)?.to_owned();
        let id = it.next().and_then(|i| i.parse().ok()).ok_or_else(invalid)?;
        Ok(Cursor { part, key, id })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_reject_garbage() {
        let c = Cursor {
            part: 'w',
            key: "2025-01-31T09:15:00.000Z".into(),
            id: 42,
        };
        assert_eq!(Cursor::decode(&c.encode(), "cursor").unwrap(), c);
        for bad in [
            "",
            "!!!",
            &URL_SAFE_NO_PAD.encode("n|x"),
            &URL_SAFE_NO_PAD.encode("n|x|y"),
        ] {
            assert!(Cursor::decode(bad, "cursor").is_err(), "{bad}");
        }
    }
}
