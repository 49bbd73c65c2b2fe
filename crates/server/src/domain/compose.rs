//! The composer's rules that only the server needs: who may send from a sender profile, the
//! WhatsApp window, and whether a repeated send (same `Idempotency-Key`) is the same request.
//! The channel rules themselves are `textpeak_api::compose`'s, shared with the app.

use textpeak_api::permissions::{self, Membership, SpaceScope};
use textpeak_api::{MessageKind, Subject, WHATSAPP_WINDOW_SECONDS};
use time::{Duration, OffsetDateTime};

/// Who a sender profile is available to (product.md §2): everyone of its space, or only the
/// teams and agents listed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Availability {
    pub restricted: bool,
    pub team_ids: Vec<i64>,
    pub user_ids: Vec<i64>,
}

/// Whether the caller may send from a profile of a space they can work in: an open profile is
/// everyone's; a restricted one belongs to the agents listed and the members (and managers) of
/// the teams listed. The owner and Inbox Admins, who set the profiles up, may use all of them.
pub fn profile_usable(subject: &Subject, membership: &Membership, profile: &Availability) -> bool {
    !profile.restricted
        || permissions::space_scope(subject) == SpaceScope::All
        || profile.user_ids.contains(&membership.user_id)
        || profile
            .team_ids
            .iter()
            .any(|team| membership.member_of_teams.contains(team))
}

/// When free text stops being allowed on WhatsApp: 24 hours after the last inbound message.
pub fn whatsapp_window_closes_at(last_inbound: OffsetDateTime) -> OffsetDateTime {
    last_inbound + Duration::seconds(WHATSAPP_WINDOW_SECONDS)
}

/// Whether the window is open at `now` (never without an inbound message).
pub fn whatsapp_window_open(last_inbound: Option<OffsetDateTime>, now: OffsetDateTime) -> bool {
    last_inbound.is_some_and(|t| now < whatsapp_window_closes_at(t))
}

/// What a send request asked for, as far as a retry must repeat it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SendRequest<'a> {
    pub conversation_id: i64,
    pub kind: MessageKind,
    pub body: &'a str,
    pub sender_profile_id: Option<i64>,
}

/// Whether a request repeats the one that stored `stored` under the same key: same
/// conversation, kind and text, and the same profile when the retry names one (without one the
/// server chose it the first time, and would again).
pub fn same_request(retry: &SendRequest, stored: &SendRequest) -> bool {
    retry.conversation_id == stored.conversation_id
        && retry.kind == stored.kind
        && retry.body == stored.body
        && (retry.sender_profile_id.is_none()
            || retry.kind == MessageKind::Note
            || retry.sender_profile_id == stored.sender_profile_id)
}

#[cfg(test)]
mod tests {
    use textpeak_api::{BetaAccess, RoleBase};
    use time::macros::datetime;

    use super::*;

    fn subject(role: RoleBase) -> Subject {
        Subject {
            is_owner: false,
            inbox_permission: true,
            role: Some(role),
            disabled: Vec::new(),
            beta_access: BetaAccess::Approved,
        }
    }

    fn member(user_id: i64, teams: &[i64]) -> Membership {
        Membership {
            user_id,
            assigned_spaces: vec![1],
            member_of_teams: teams.to_vec(),
            manages_teams: Vec::new(),
        }
    }

    #[test]
    fn restricted_profiles_belong_to_their_teams_and_agents_and_admins() {
        let open = Availability::default();
        let vip = Availability {
            restricted: true,
            team_ids: vec![30],
            user_ids: vec![7],
        };
        let agent = subject(RoleBase::Agent);
        assert!(profile_usable(&agent, &member(5, &[10]), &open));
        assert!(!profile_usable(&agent, &member(5, &[10]), &vip));
        assert!(profile_usable(&agent, &member(5, &[10, 30]), &vip));
        assert!(profile_usable(&agent, &member(7, &[]), &vip));
        assert!(!profile_usable(
            &subject(RoleBase::Manager),
            &member(5, &[]),
            &vip
        ));
        assert!(profile_usable(
            &subject(RoleBase::Admin),
            &member(5, &[]),
            &vip
        ));
    }

    #[test]
    fn the_window_lasts_24_hours_from_the_last_inbound_message() {
        let inbound = datetime!(2025-03-01 10:00 UTC);
        assert_eq!(
            whatsapp_window_closes_at(inbound),
            datetime!(2025-03-02 10:00 UTC)
        );
        assert!(whatsapp_window_open(
            Some(inbound),
            datetime!(2025-03-02 09:59:59 UTC)
        ));
        assert!(!whatsapp_window_open(
            Some(inbound),
            datetime!(2025-03-02 10:00 UTC)
        ));
        assert!(!whatsapp_window_open(None, inbound));
    }

    #[test]
    fn a_retry_must_repeat_the_request() {
        let stored = SendRequest {
            conversation_id: 1,
            kind: MessageKind::Reply,
            body: "Hello",
            sender_profile_id: Some(4),
        };
        assert!(same_request(&stored, &stored));
        let default_profile = SendRequest {
            sender_profile_id: None,
            ..stored.clone()
        };
        assert!(same_request(&default_profile, &stored));
        for other in [
            SendRequest {
                body: "Hello!",
                ..stored.clone()
            },
            SendRequest {
                kind: MessageKind::Note,
                ..stored.clone()
            },
            SendRequest {
                conversation_id: 2,
                ..stored.clone()
            },
            SendRequest {
                sender_profile_id: Some(5),
                ..stored.clone()
            },
        ] {
            assert!(!same_request(&other, &stored), "{other:?}");
        }
    }
}
