//! Who may receive an event of the live stream: the REST endpoints' visibility rule
//! (`permissions::can_see_conversation`) applied to the access an event was logged with.

use textpeak_api::permissions::{self, ConversationAccess, Membership, SpaceScope};
use textpeak_api::Subject;

/// Who may see a conversation event: the conversation's access after the change and, when the
/// change moved it or changed its assignee, before.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EventAccess {
    pub now: ConversationAccess,
    pub prior: Option<ConversationAccess>,
}

/// What one subscriber receives of a conversation event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Delivery {
    /// The event as logged.
    Send,
    /// They saw the conversation before this change and no longer do: only that it is gone.
    Hidden,
    /// Nothing, not even the conversation's id.
    Nothing,
}

/// What a subscriber with `subject` and `membership` receives of an event with `access`.
pub fn delivery(subject: &Subject, membership: &Membership, access: &EventAccess) -> Delivery {
    if permissions::can_see_conversation(subject, membership, access.now) {
        Delivery::Send
    } else if access
        .prior
        .is_some_and(|prior| permissions::can_see_conversation(subject, membership, prior))
    {
        Delivery::Hidden
    } else {
        Delivery::Nothing
    }
}

/// Whether a subscriber is told about a change of one space's settings: when the space is in
/// their scope (a tenant-wide change, `None`, concerns everyone of the tenant).
pub fn sees_space(subject: &Subject, membership: &Membership, space_id: Option<i64>) -> bool {
    match (space_id, permissions::space_scope(subject)) {
        (None, _) => true,
        (Some(_), SpaceScope::All) => true,
        (Some(space), SpaceScope::Assigned) => membership.assigned_spaces.contains(&space),
        (Some(_), SpaceScope::None) => false,
    }
}

#[cfg(test)]
mod tests {
    use textpeak_api::{BetaAccess, RoleBase};

    use super::*;

    fn agent() -> (Subject, Membership) {
        (
            Subject {
                is_owner: false,
                inbox_permission: true,
                role: Some(RoleBase::Agent),
                disabled: vec![],
                beta_access: BetaAccess::Approved,
            },
            Membership {
                user_id: 5,
                assigned_spaces: vec![1],
                member_of_teams: vec![10],
                manages_teams: vec![],
            },
        )
    }

    fn at(team_id: i64, assignee_id: Option<i64>) -> ConversationAccess {
        ConversationAccess {
            space_id: 1,
            team_id,
            assignee_id,
        }
    }

    #[test]
    fn an_agent_gets_their_teams_events_and_only_hidden_for_a_move_away() {
        let (subject, membership) = agent();
        let ours = EventAccess {
            now: at(10, None),
            prior: None,
        };
        assert_eq!(delivery(&subject, &membership, &ours), Delivery::Send);
        let other = EventAccess {
            now: at(11, None),
            prior: None,
        };
        assert_eq!(delivery(&subject, &membership, &other), Delivery::Nothing);
        let moved_away = EventAccess {
            now: at(11, None),
            prior: Some(at(10, None)),
        };
        assert_eq!(
            delivery(&subject, &membership, &moved_away),
            Delivery::Hidden
        );
        let moved_in = EventAccess {
            now: at(10, None),
            prior: Some(at(11, None)),
        };
        assert_eq!(delivery(&subject, &membership, &moved_in), Delivery::Send);
        // Assigned to them in another team: visible; unassigned again: hidden.
        let assigned = EventAccess {
            now: at(11, Some(5)),
            prior: Some(at(11, None)),
        };
        assert_eq!(delivery(&subject, &membership, &assigned), Delivery::Send);
        let unassigned = EventAccess {
            now: at(11, None),
            prior: Some(at(11, Some(5))),
        };
        assert_eq!(
            delivery(&subject, &membership, &unassigned),
            Delivery::Hidden
        );
        // Another space: never, whatever the team.
        let elsewhere = EventAccess {
            now: ConversationAccess {
                space_id: 2,
                team_id: 10,
                assignee_id: Some(5),
            },
            prior: None,
        };
        assert_eq!(
            delivery(&subject, &membership, &elsewhere),
            Delivery::Nothing
        );
    }

    #[test]
    fn space_settings_reach_the_space_s_users_only() {
        let (subject, membership) = agent();
        assert!(sees_space(&subject, &membership, None));
        assert!(sees_space(&subject, &membership, Some(1)));
        assert!(!sees_space(&subject, &membership, Some(2)));
    }
}
