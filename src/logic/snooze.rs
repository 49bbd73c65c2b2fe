//! When a snooze ends: the presets of the Snooze menu (later today, tomorrow morning, next
//! week) and the checks of its date-and-time picker, on wall-clock times in the browser's
//! local time zone. Pure calendar arithmetic; the page turns a [`LocalTime`] into an instant
//! through the browser (which knows the zone and its daylight saving).

use textpeak_api::SNOOZE_MAX_DAYS;

/// A wall-clock time: a calendar day and a time of day, in the viewer's zone. Ordered in time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct LocalTime {
    pub year: i32,
    /// 1–12.
    pub month: u32,
    /// 1–31.
    pub day: u32,
    /// 0–23.
    pub hour: u32,
    /// 0–59.
    pub minute: u32,
}

/// The quick choices of the Snooze menu.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Preset {
    /// A few hours from now, while the working day lasts.
    LaterToday,
    /// Tomorrow at the start of the working day.
    TomorrowMorning,
    /// Next Monday at the start of the working day.
    NextWeek,
}

impl Preset {
    pub const ALL: [Preset; 3] = [
        Preset::LaterToday,
        Preset::TomorrowMorning,
        Preset::NextWeek,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Preset::LaterToday => "Later today",
            Preset::TomorrowMorning => "Tomorrow morning",
            Preset::NextWeek => "Next week",
        }
    }
}

/// Where the working day starts: tomorrow morning and next week wake at this hour.
pub const MORNING_HOUR: u32 = 8;
/// Later today is this many hours from now…
pub const LATER_TODAY_HOURS: u32 = 3;
/// …and is offered while that is no later than this hour (after it, tomorrow morning is the
/// sensible choice).
pub const LATER_TODAY_LATEST_HOUR: u32 = 21;

/// Days since 1970-01-01 of a civil date (proleptic Gregorian; Howard Hinnant's algorithm).
fn days_from_civil(year: i32, month: u32, day: u32) -> i64 {
    let y = i64::from(year) - i64::from(month <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The civil date of a day count since 1970-01-01.
fn civil_from_days(days: i64) -> (i32, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
    (year, month, day)
}

impl LocalTime {
    fn days(&self) -> i64 {
        days_from_civil(self.year, self.month, self.day)
    }

    /// 0 for Monday … 6 for Sunday.
    pub fn weekday(&self) -> u32 {
        // 1970-01-01 was a Thursday.
        (self.days() + 3).rem_euclid(7) as u32
    }

    /// The same time of day `n` days later.
    pub fn add_days(self, n: i64) -> LocalTime {
        let (year, month, day) = civil_from_days(self.days() + n);
        LocalTime {
            year,
            month,
            day,
            ..self
        }
    }

    /// `minutes` later (the wall clock: a daylight-saving change is the browser's business).
    pub fn add_minutes(self, minutes: i64) -> LocalTime {
        let total = self.days() * 1440 + i64::from(self.hour * 60 + self.minute) + minutes;
        let (year, month, day) = civil_from_days(total.div_euclid(1440));
        let of_day = total.rem_euclid(1440) as u32;
        LocalTime {
            year,
            month,
            day,
            hour: of_day / 60,
            minute: of_day % 60,
        }
    }

    /// The same day at `hour`:00.
    pub fn at_hour(self, hour: u32) -> LocalTime {
        LocalTime {
            hour,
            minute: 0,
            ..self
        }
    }

    fn same_day(&self, other: &LocalTime) -> bool {
        (self.year, self.month, self.day) == (other.year, other.month, other.day)
    }

    /// `YYYY-MM-DDTHH:MM`, the value of an `<input type="datetime-local">`.
    pub fn to_input_value(&self) -> String {
        format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}",
            self.year, self.month, self.day, self.hour, self.minute
        )
    }

    /// Reads the value of an `<input type="datetime-local">` (seconds, if any, are dropped).
    /// None for anything that is not a real calendar time.
    pub fn parse_input_value(value: &str) -> Option<LocalTime> {
        let (date, time) = value.trim().split_once('T')?;
        let mut date_parts = date.splitn(3, '-');
        let year: i32 = date_parts.next()?.parse().ok()?;
        let month: u32 = date_parts.next()?.parse().ok()?;
        let day: u32 = date_parts.next()?.parse().ok()?;
        let mut time_parts = time.split(':');
        let hour: u32 = time_parts.next()?.parse().ok()?;
        let minute: u32 = time_parts.next()?.get(..2)?.parse().ok()?;
        let t = LocalTime {
            year,
            month,
            day,
            hour,
            minute,
        };
        // A day that does not exist (31 April) comes back as another date.
        let valid = (1..=12).contains(&month)
            && day >= 1
            && hour < 24
            && minute < 60
            && civil_from_days(t.days()) == (year, month, day);
        valid.then_some(t)
    }
}

/// When `preset` ends a snooze started at `now`; None when it is not offered now (later today
/// in the evening).
pub fn preset_time(now: LocalTime, preset: Preset) -> Option<LocalTime> {
    match preset {
        Preset::LaterToday => {
            let later = now.add_minutes(i64::from(LATER_TODAY_HOURS) * 60);
            // On a quarter hour, rounded up: "17:30", not "17:23".
            let later = later.add_minutes(i64::from((15 - later.minute % 15) % 15));
            let today =
                later.same_day(&now) && (later.hour, later.minute) <= (LATER_TODAY_LATEST_HOUR, 0);
            today.then_some(later)
        }
        Preset::TomorrowMorning => Some(now.add_days(1).at_hour(MORNING_HOUR)),
        Preset::NextWeek => {
            let to_monday = 7 - i64::from(now.weekday());
            Some(now.add_days(to_monday).at_hour(MORNING_HOUR))
        }
    }
}

/// The presets offered at `now`, with their times, in menu order.
pub fn presets(now: LocalTime) -> Vec<(Preset, LocalTime)> {
    Preset::ALL
        .into_iter()
        .filter_map(|p| preset_time(now, p).map(|t| (p, t)))
        .collect()
}

/// The latest time a snooze may end (the server refuses later ones).
pub fn latest(now: LocalTime) -> LocalTime {
    now.add_days(SNOOZE_MAX_DAYS)
}

/// Why a chosen time cannot end a snooze, in words for the picker; None when it can.
pub fn check_custom(now: LocalTime, chosen: Option<LocalTime>) -> Option<&'static str> {
    match chosen {
        None => Some("Choose a date and a time."),
        Some(t) if t <= now => Some("Choose a time in the future."),
        Some(t) if t > latest(now) => Some("Choose a time within a year."),
        Some(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(year: i32, month: u32, day: u32, hour: u32, minute: u32) -> LocalTime {
        LocalTime {
            year,
            month,
            day,
            hour,
            minute,
        }
    }

    #[test]
    fn weekdays_and_day_arithmetic_follow_the_calendar() {
        // 2 December 2026 is a Wednesday.
        assert_eq!(at(2026, 12, 2, 9, 0).weekday(), 2);
        assert_eq!(at(2026, 12, 7, 9, 0).weekday(), 0);
        assert_eq!(at(2026, 12, 6, 9, 0).weekday(), 6);
        assert_eq!(at(2026, 12, 31, 9, 0).add_days(1), at(2027, 1, 1, 9, 0));
        assert_eq!(at(2028, 2, 28, 9, 0).add_days(1), at(2028, 2, 29, 9, 0));
        assert_eq!(at(2027, 2, 28, 9, 0).add_days(1), at(2027, 3, 1, 9, 0));
        assert_eq!(
            at(2026, 12, 31, 23, 50).add_minutes(20),
            at(2027, 1, 1, 0, 10)
        );
        assert_eq!(
            at(2027, 1, 1, 0, 10).add_minutes(-20),
            at(2026, 12, 31, 23, 50)
        );
    }

    #[test]
    fn later_today_is_three_hours_on_a_quarter_hour_while_the_day_lasts() {
        let now = at(2026, 12, 2, 14, 20);
        assert_eq!(
            preset_time(now, Preset::LaterToday),
            Some(at(2026, 12, 2, 17, 30))
        );
        assert_eq!(
            preset_time(at(2026, 12, 2, 9, 0), Preset::LaterToday),
            Some(at(2026, 12, 2, 12, 0))
        );
        assert_eq!(
            preset_time(at(2026, 12, 2, 18, 0), Preset::LaterToday),
            Some(at(2026, 12, 2, 21, 0))
        );
        // In the evening and at night it is not offered.
        assert_eq!(
            preset_time(at(2026, 12, 2, 18, 1), Preset::LaterToday),
            None
        );
        assert_eq!(
            preset_time(at(2026, 12, 2, 23, 30), Preset::LaterToday),
            None
        );
        assert_eq!(presets(at(2026, 12, 2, 22, 0)).len(), 2);
    }

    #[test]
    fn tomorrow_morning_and_next_week_start_the_working_day() {
        let wednesday = at(2026, 12, 2, 14, 20);
        assert_eq!(
            preset_time(wednesday, Preset::TomorrowMorning),
            Some(at(2026, 12, 3, 8, 0))
        );
        assert_eq!(
            preset_time(wednesday, Preset::NextWeek),
            Some(at(2026, 12, 7, 8, 0))
        );
        // On a Monday, next week is the Monday after; on a Sunday, tomorrow.
        assert_eq!(
            preset_time(at(2026, 12, 7, 7, 0), Preset::NextWeek),
            Some(at(2026, 12, 14, 8, 0))
        );
        assert_eq!(
            preset_time(at(2026, 12, 6, 20, 0), Preset::NextWeek),
            Some(at(2026, 12, 7, 8, 0))
        );
        // Over the end of a month and a year.
        assert_eq!(
            preset_time(at(2026, 12, 31, 10, 0), Preset::TomorrowMorning),
            Some(at(2027, 1, 1, 8, 0))
        );
        let all = presets(wednesday);
        assert_eq!(
            all.iter().map(|(p, _)| *p).collect::<Vec<_>>(),
            Preset::ALL.to_vec()
        );
        assert!(all.iter().all(|(_, t)| *t > wednesday));
    }

    #[test]
    fn the_picker_reads_and_writes_datetime_local_values() {
        let t = at(2026, 12, 3, 9, 5);
        assert_eq!(t.to_input_value(), "2026-12-03T09:05");
        assert_eq!(LocalTime::parse_input_value("2026-12-03T09:05"), Some(t));
        assert_eq!(LocalTime::parse_input_value("2026-12-03T09:05:30"), Some(t));
        for bad in [
            "",
            "2026-12-03",
            "2026-13-03T09:05",
            "2026-04-31T09:05",
            "2026-12-03T24:00",
            "2026-12-03T09:60",
            "tomorrow",
        ] {
            assert_eq!(LocalTime::parse_input_value(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_custom_time_is_in_the_future_and_within_the_limit() {
        let now = at(2026, 12, 2, 14, 20);
        assert_eq!(check_custom(now, None), Some("Choose a date and a time."));
        assert_eq!(
            check_custom(now, Some(now)),
            Some("Choose a time in the future.")
        );
        assert_eq!(check_custom(now, Some(at(2026, 12, 2, 14, 21))), None);
        assert_eq!(check_custom(now, Some(latest(now))), None);
        assert_eq!(
            check_custom(now, Some(latest(now).add_minutes(1))),
            Some("Choose a time within a year.")
        );
        assert_eq!(latest(now), at(2027, 12, 3, 14, 20));
    }
}
