//! Timestamps: RFC 3339 UTC with milliseconds, fixed width so that text order is time order.
//!
//! Every reading of "now" in the server goes through [`now`], which adds an offset that only a
//! test server moves (`--test-clock`, `POST /api/support/clock`): so a test can let a snooze
//! come due without waiting. The offset only grows, and is shared by the whole process.

use std::sync::atomic::{AtomicI64, Ordering};

use time::format_description::well_known::Rfc3339;
use time::format_description::FormatItem;
use time::macros::format_description;
use time::{Duration, OffsetDateTime, PrimitiveDateTime};

const FORMAT: &[FormatItem<'static>] =
    format_description!("[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:3]Z");

/// How far the test clock has been moved forward, in milliseconds.
static OFFSET_MS: AtomicI64 = AtomicI64::new(0);

/// The server's "now": the system clock plus the test clock's offset.
pub fn now() -> OffsetDateTime {
    OffsetDateTime::now_utc() + Duration::milliseconds(OFFSET_MS.load(Ordering::Relaxed))
}

/// Moves the clock forward by `by` (a test server's `POST /api/support/clock`); answers the new
/// now. A negative or zero `by` changes nothing: time never runs backwards.
pub fn advance(by: Duration) -> OffsetDateTime {
    let ms = by.whole_milliseconds().clamp(0, i64::MAX as i128) as i64;
    OFFSET_MS.fetch_add(ms, Ordering::Relaxed);
    now()
}

/// Reads a date and time a client wrote: RFC 3339 with any offset (`2026-12-03T09:00:00+01:00`)
/// or this module's own format.
pub fn parse_client(s: &str) -> Option<OffsetDateTime> {
    OffsetDateTime::parse(s.trim(), &Rfc3339)
        .ok()
        .or_else(|| parse(s.trim()))
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

    #[test]
    fn client_times_with_offsets_become_utc() {
        let t = parse_client("2026-12-03T09:00:00+01:00").unwrap();
        assert_eq!(format(t), "2026-12-03T08:00:00.000Z");
        assert_eq!(
            format(parse_client("2026-12-03T08:00:00.000Z").unwrap()),
            "2026-12-03T08:00:00.000Z"
        );
        assert!(parse_client("tomorrow").is_none());
        assert!(parse_client("2026-12-03").is_none());
    }
}
