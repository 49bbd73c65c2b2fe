//! Timestamps: RFC 3339 UTC with milliseconds, fixed width so that text order is time order.

use time::format_description::FormatItem;
use time::macros::format_description;
use time::{Duration, OffsetDateTime, PrimitiveDateTime};

const FORMAT: &[FormatItem<'static>] =
    format_description!("[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:3]Z");

pub fn now() -> OffsetDateTime {
    OffsetDateTime::now_utc()
}

pub fn format(t: OffsetDateTime) -> String {
    t.to_offset(time::UtcOffset::UTC)
        .format(FORMAT)
        .unwrap_or_else(|_| "1970-01-01T00:00:00.000Z".into())
}

pub fn now_text() -> String {
    format(now())
}

pub fn parse(s: &str) -> Option<OffsetDateTime> {
    PrimitiveDateTime::parse(s, FORMAT)
        .ok()
        .map(PrimitiveDateTime::assume_utc)
}

pub fn in_future(d: Duration) -> String {
    format(now() + d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_sorts_as_text() {
        let t = now();
        let a = format(t);
        let b = format(t + Duration::milliseconds(1));
        assert!(a < b);
        assert_eq!(a.len(), 24);
        assert_eq!(format(parse(&a).unwrap()), a);
        // SQLite's strftime default in the schema produces the same shape.
        assert!(a.ends_with('Z') && a.as_bytes()[10] == b'T' && a.as_bytes()[19] == b'.');
    }
}
