//! The rules of the conversation actions that need no SQL: which role flag each needs, and
//! when a snooze may end.

use textpeak_api::{Capability, ConversationAction, SNOOZE_MAX_DAYS};
use time::{Duration, OffsetDateTime};

use crate::clock;

/// The capability an action needs (a custom role can lose each of them).
pub fn required_capability(action: &ConversationAction) -> Capability {
    match action {
        ConversationAction::Assign { .. } | ConversationAction::MoveTeam { .. } => {
            Capability::Assign
        }
        ConversationAction::AddTag { .. } | ConversationAction::RemoveTag { .. } => Capability::Tag,
        ConversationAction::Close | ConversationAction::Snooze { .. } => Capability::Close,
        ConversationAction::Reopen | ConversationAction::Unsnooze => Capability::Reopen,
    }
}

/// The end of a snooze a client asked for, in the stored format: a date and time (RFC 3339,
/// any offset) after `now` and at most [`SNOOZE_MAX_DAYS`] ahead; otherwise the message for the
/// `until` field.
pub fn snooze_until(until: &str, now: OffsetDateTime) -> Result<String, String> {
    let Some(t) = clock::parse_client(until) else {
        return Err(
            "Choose a date and time for the snooze (like 2026-12-03T09:00:00+01:00)".into(),
        );
    };
    if t <= now {
        return Err("The snooze time has already passed; choose a later one".into());
    }
    if t > now + Duration::days(SNOOZE_MAX_DAYS) {
        return Err(format!(
            "A conversation can be snoozed for at most {SNOOZE_MAX_DAYS} days"
        ));
    }
    Ok(clock::format(t))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_action_needs_its_flag() {
        use ConversationAction::*;
        let cases = [
            (Assign { user_id: None }, Capability::Assign),
            (MoveTeam { team_id: 1 }, Capability::Assign),
            (AddTag { tag_id: 1 }, Capability::Tag),
            (RemoveTag { tag_id: 1 }, Capability::Tag),
            (Close, Capability::Close),
            (
                Snooze {
                    until: String::new(),
                },
                Capability::Close,
            ),
            (Reopen, Capability::Reopen),
            (Unsnooze, Capability::Reopen),
        ];
        for (action, needs) in cases {
            assert_eq!(required_capability(&action), needs, "{action:?}");
        }
    }

    #[test]
    fn a_snooze_ends_in_the_future_within_the_limit() {
        let now = clock::parse("2026-12-02T10:00:00.000Z").unwrap();
        assert_eq!(
            snooze_until("2026-12-03T09:00:00+01:00", now).unwrap(),
            "2026-12-03T08:00:00.000Z"
        );
        assert!(snooze_until("2026-12-02T09:59:59Z", now)
            .unwrap_err()
            .contains("passed"));
        assert!(snooze_until("2026-12-02T10:00:00Z", now).is_err());
        assert!(snooze_until("2027-12-04T10:00:00Z", now)
            .unwrap_err()
            .contains("366 days"));
        assert!(snooze_until("2027-12-03T10:00:00Z", now).is_ok());
        assert!(snooze_until("next week", now)
            .unwrap_err()
            .contains("date and time"));
    }
}
