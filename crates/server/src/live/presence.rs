//! Who is in which conversation right now, in memory only: viewing (renewed by the client's
//! heartbeat) and typing a reply or note (renewed while they type), each with an expiry.
//!
//! The registry answers the presence list to announce whenever what others would see changes:
//! someone arrives, leaves, starts or stops typing, or an entry expires. Nothing is announced
//! for a heartbeat that changes nothing.

use std::collections::{BTreeMap, HashMap};
use std::time::Duration;

use textpeak_api::live::{ConversationPresence, PresenceEntry, PresenceUpdate};
use textpeak_api::permissions::ConversationAccess;
use textpeak_api::{MessageKind, UserRef};
use tokio::time::Instant;

/// How long reports last.
#[derive(Debug, Clone, Copy)]
pub struct Expiry {
    pub viewing: Duration,
    pub typing: Duration,
}

#[derive(Debug)]
struct Present {
    user: UserRef,
    viewing_until: Instant,
    typing: Option<(MessageKind, Instant)>,
}

#[derive(Debug)]
struct Room {
    tenant_id: i64,
    access: ConversationAccess,
    present: BTreeMap<i64, Present>,
    /// What was last announced, to announce only changes.
    announced: Vec<PresenceEntry>,
}

impl Room {
    /// Drops what expired; answers the entries as they are at `now`, by user id.
    fn current(&mut self, now: Instant) -> Vec<PresenceEntry> {
        self.present.retain(|_, p| {
            if p.typing.is_some_and(|(_, until)| until <= now) {
                p.typing = None;
            }
            p.viewing_until > now || p.typing.is_some()
        });
        self.present
            .values()
            .map(|p| PresenceEntry {
                user: p.user.clone(),
                typing: p.typing.map(|(kind, _)| kind),
            })
            .collect()
    }
}

/// A presence list to announce to those who may see the conversation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Announcement {
    pub tenant_id: i64,
    pub access: ConversationAccess,
    pub presence: ConversationPresence,
}

#[derive(Debug)]
pub struct Registry {
    expiry: Expiry,
    rooms: HashMap<i64, Room>,
}

impl Registry {
    pub fn new(expiry: Expiry) -> Registry {
        Registry {
            expiry,
            rooms: HashMap::new(),
        }
    }

    /// Applies one client's report: `viewing: false` removes them; otherwise they view it until
    /// the viewing expiry, and type (when `typing` says what) until the typing expiry; a report
    /// without `typing` means they stopped. Answers the list when it changed.
    pub fn report(
        &mut self,
        conversation_id: i64,
        tenant_id: i64,
        access: ConversationAccess,
        user: UserRef,
        update: PresenceUpdate,
        now: Instant,
    ) -> Option<Announcement> {
        let expiry = self.expiry;
        let room = self.rooms.entry(conversation_id).or_insert_with(|| Room {
            tenant_id,
            access,
            present: BTreeMap::new(),
            announced: Vec::new(),
        });
        room.tenant_id = tenant_id;
        room.access = access;
        if update.viewing {
            let typing = update
                .typing
                .filter(|kind| *kind != MessageKind::Event)
                .map(|kind| (kind, now + expiry.typing));
            room.present.insert(
                user.id,
                Present {
                    user,
                    viewing_until: now + expiry.viewing,
                    typing,
                },
            );
        } else {
            room.present.remove(&user.id);
        }
        self.announce_if_changed(conversation_id, now)
    }

    /// Drops expired entries; answers the lists that changed.
    pub fn sweep(&mut self, now: Instant) -> Vec<Announcement> {
        let ids: Vec<i64> = self.rooms.keys().copied().collect();
        ids.into_iter()
            .filter_map(|id| self.announce_if_changed(id, now))
            .collect()
    }

    fn announce_if_changed(&mut self, conversation_id: i64, now: Instant) -> Option<Announcement> {
        let room = self.rooms.get_mut(&conversation_id)?;
        let current = room.current(now);
        let changed = current != room.announced;
        let announcement = changed.then(|| Announcement {
            tenant_id: room.tenant_id,
            access: room.access,
            presence: ConversationPresence {
                conversation_id,
                present: current.clone(),
            },
        });
        room.announced = current;
        if room.present.is_empty() {
            self.rooms.remove(&conversation_id);
        }
        announcement
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const EXPIRY: Expiry = Expiry {
        viewing: Duration::from_secs(30),
        typing: Duration::from_secs(6),
    };
    const ACCESS: ConversationAccess = ConversationAccess {
        space_id: 1,
        team_id: 2,
        assignee_id: None,
    };

    fn user(id: i64) -> UserRef {
        UserRef {
            id,
            name: format!("User {id}"),
        }
    }

    fn report(
        r: &mut Registry,
        who: i64,
        update: PresenceUpdate,
        now: Instant,
    ) -> Option<Vec<PresenceEntry>> {
        r.report(7, 1, ACCESS, user(who), update, now)
            .map(|a| a.presence.present)
    }

    const VIEWING: PresenceUpdate = PresenceUpdate {
        viewing: true,
        typing: None,
    };

    #[test]
    fn announces_arrivals_typing_and_expiry_but_not_heartbeats() {
        let mut r = Registry::new(EXPIRY);
        let t0 = Instant::now();
        let one = report(&mut r, 1, VIEWING, t0).unwrap();
        assert_eq!(one.len(), 1);
        assert_eq!(
            report(&mut r, 1, VIEWING, t0 + Duration::from_secs(10)),
            None
        );
        let typing = PresenceUpdate {
            viewing: true,
            typing: Some(MessageKind::Note),
        };
        let two = report(&mut r, 2, typing, t0 + Duration::from_secs(11)).unwrap();
        assert_eq!(two.len(), 2);
        assert_eq!(two[1].typing, Some(MessageKind::Note));
        // Typing ends by itself; user 1's viewing (renewed at 10 s) outlives user 2's.
        let swept = r.sweep(t0 + Duration::from_secs(18));
        assert_eq!(swept.len(), 1);
        assert_eq!(swept[0].presence.present[1].typing, None);
        assert!(r.sweep(t0 + Duration::from_secs(19)).is_empty());
        let swept = r.sweep(t0 + Duration::from_secs(40));
        assert_eq!(swept[0].presence.present.len(), 1);
        assert_eq!(swept[0].presence.present[0].user.id, 2);
        let swept = r.sweep(t0 + Duration::from_secs(42));
        assert!(swept[0].presence.present.is_empty());
        assert!(r.rooms.is_empty());
    }

    #[test]
    fn leaving_is_announced_at_once() {
        let mut r = Registry::new(EXPIRY);
        let t0 = Instant::now();
        report(&mut r, 1, VIEWING, t0).unwrap();
        report(&mut r, 2, VIEWING, t0).unwrap();
        let left = PresenceUpdate {
            viewing: false,
            typing: None,
        };
        let after = report(&mut r, 1, left, t0).unwrap();
        assert_eq!(after.iter().map(|e| e.user.id).collect::<Vec<_>>(), [2]);
        assert_eq!(report(&mut r, 1, left, t0), None);
    }
}
