//! "5m", "3h", "2d": how long ago something happened, in the compact form list rows use.
//! Pure arithmetic on milliseconds, tested natively; older dates are written out by `format`.

const MINUTE: f64 = 60_000.0;
const HOUR: f64 = 60.0 * MINUTE;
const DAY: f64 = 24.0 * HOUR;

/// How far back `then_ms` lies from `now_ms`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ago {
    /// Under a minute (or a clock slightly ahead of ours).
    JustNow,
    Minutes(u32),
    Hours(u32),
    /// 1 to 6 days.
    Days(u32),
    /// A week or more: show the date.
    Long,
}

pub fn ago(now_ms: f64, then_ms: f64) -> Ago {
    let elapsed = now_ms - then_ms;
    if !elapsed.is_finite() || elapsed < MINUTE {
        Ago::JustNow
    } else if elapsed < HOUR {
        Ago::Minutes((elapsed / MINUTE) as u32)
    } else if elapsed < DAY {
        Ago::Hours((elapsed / HOUR) as u32)
    } else if elapsed < 7.0 * DAY {
        Ago::Days((elapsed / DAY) as u32)
    } else {
        Ago::Long
    }
}

impl Ago {
    /// The compact label, or None for `Long` (the caller shows a date).
    pub fn short(self) -> Option<String> {
        match self {
            Ago::JustNow => Some("now".into()),
            Ago::Minutes(n) => Some(format!("{n}m")),
            Ago::Hours(n) => Some(format!("{n}h")),
            Ago::Days(n) => Some(format!("{n}d")),
            Ago::Long => None,
        }
    }

    /// The same, in words for screen readers.
    pub fn spoken(self) -> Option<String> {
        let plural = |n: u32, unit: &str| {
            if n == 1 {
                format!("1 {unit} ago")
            } else {
                format!("{n} {unit}s ago")
            }
        };
        match self {
            Ago::JustNow => Some("just now".into()),
            Ago::Minutes(n) => Some(plural(n, "minute")),
            Ago::Hours(n) => Some(plural(n, "hour")),
            Ago::Days(n) => Some(plural(n, "day")),
            Ago::Long => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: f64 = 1_790_000_000_000.0;

    #[test]
    fn picks_the_largest_whole_unit() {
        assert_eq!(ago(NOW, NOW - 30_000.0), Ago::JustNow);
        assert_eq!(ago(NOW, NOW - 5.0 * MINUTE - 1.0), Ago::Minutes(5));
        assert_eq!(ago(NOW, NOW - 59.9 * MINUTE), Ago::Minutes(59));
        assert_eq!(ago(NOW, NOW - 3.0 * HOUR), Ago::Hours(3));
        assert_eq!(ago(NOW, NOW - 25.0 * HOUR), Ago::Days(1));
        assert_eq!(ago(NOW, NOW - 6.9 * DAY), Ago::Days(6));
        assert_eq!(ago(NOW, NOW - 7.0 * DAY), Ago::Long);
    }

    #[test]
    fn clock_skew_and_garbage_read_as_now() {
        assert_eq!(ago(NOW, NOW + 5.0 * MINUTE), Ago::JustNow);
        assert_eq!(ago(NOW, f64::NAN), Ago::JustNow);
    }

    #[test]
    fn labels() {
        assert_eq!(Ago::Minutes(5).short().as_deref(), Some("5m"));
        assert_eq!(Ago::Hours(1).spoken().as_deref(), Some("1 hour ago"));
        assert_eq!(Ago::Days(3).spoken().as_deref(), Some("3 days ago"));
        assert_eq!(Ago::Long.short(), None);
    }
}
