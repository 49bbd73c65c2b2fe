//! A few hand-written Acme Travel conversations in Support's Customer Care team (so the agent
//! and the Admin see them) that show every rule of the composer, whatever the random history
//! holds: a WhatsApp chat inside the 24-hour window and one outside it, Telegram contacts who
//! started their chat (one without name or phone, whose `{{contact.name}}` and
//! `{{contact.phone}}` cannot be filled), and replies across the delivery statuses, one failed
//! with the carrier's reason.

use std::collections::HashMap;

use rusqlite::{params, Transaction};
use time::{Duration, OffsetDateTime};

use crate::clock;
use crate::seed::phrases;

/// One entry of a thread, `minutes` before the seed's now.
enum Entry {
    Inbound(&'static str),
    /// Written by the agent, with its delivery status (and reason when failed).
    Outbound(&'static str, &'static str, Option<&'static str>),
    Note(&'static str),
}

struct Showcase {
    name: Option<&'static str>,
    phone: Option<&'static str>,
    telegram: Option<&'static str>,
    profile: &'static str,
    /// Assigned to the demo agent.
    assigned: bool,
    thread: &'static [(i64, Entry)],
}

/// The author of every reply and note, and the assignee: the demo agent of Support.
const AGENT: &str = "agent@acme.test";
const TEAM: &str = "Customer Care";

/// Phone numbers of a range the random contacts never use.
const SHOWCASES: &[Showcase] = &[
    Showcase {
        name: Some("Lena Fischer"),
        phone: Some("+491551000011"),
        telegram: None,
        profile: "Acme Support WhatsApp",
        assigned: true,
        thread: &[
            (190, Entry::Inbound("Hi! Can I add a checked bag to my flight to Lisbon on Friday?")),
            (
                182,
                Entry::Outbound(
                    "Hi Lena, yes: a 23 kg bag is 35 EUR. Shall I add it to booking AC7Q2?",
                    "read",
                    None,
                ),
            ),
            (
                175,
                Entry::Outbound("I can also check seats for you if you like.", "delivered", None),
            ),
            (42, Entry::Inbound("Yes please, add the bag. And a window seat if there is one?")),
        ],
    },
    Showcase {
        name: Some("Marco Bianchi"),
        phone: Some("+491551000012"),
        telegram: None,
        profile: "Acme Support WhatsApp",
        assigned: true,
        thread: &[
            (4 * 1440 + 95, Entry::Inbound("Is my hotel in Rome refundable? I may have to cancel.")),
            (
                4 * 1440 + 80,
                Entry::Outbound("Let me check with the hotel and get back to you, Marco.", "read", None),
            ),
            (
                3 * 1440,
                Entry::Note(
                    "Hotel Campo de' Fiori: free cancellation until 48 h before check-in. Marco has \
                     not written since: the WhatsApp window is closed, use the follow-up template.",
                ),
            ),
        ],
    },
    Showcase {
        name: Some("Priya Natarajan"),
        phone: Some("+491551000013"),
        telegram: None,
        profile: "Acme Support SMS",
        assigned: false,
        thread: &[
            (1500, Entry::Inbound("My flight AC 381 was cancelled. What are my options?")),
            (
                1490,
                Entry::Outbound(
                    "Hi Priya, we can rebook you on tomorrow's 7:05 or 18:40 flight at no cost.",
                    "delivered",
                    None,
                ),
            ),
            (
                1470,
                Entry::Outbound(
                    "Reply 1 for the morning flight or 2 for the evening flight.",
                    "failed",
                    Some(phrases::SMS_FAILURES[0]),
                ),
            ),
            (25, Entry::Inbound("Sorry, my phone was off. Did you send something? 2 please")),
        ],
    },
    Showcase {
        name: Some("Tomás Ortega"),
        phone: None,
        telegram: Some("tomas_on_tour"),
        profile: "Acme Travel Bot",
        assigned: false,
        thread: &[
            (300, Entry::Inbound("/start")),
            (299, Entry::Inbound("Hi, I need an invoice for my Madrid trip.")),
            (280, Entry::Outbound("Hi Tomás, the invoice is on its way to your e-mail.", "sent", None)),
            (18, Entry::Inbound("Got it, thanks! Can it show my company's name?")),
        ],
    },
    Showcase {
        name: None,
        phone: None,
        telegram: Some("night_owl_traveller"),
        profile: "Acme Travel Bot",
        assigned: false,
        thread: &[
            (12, Entry::Inbound("/start")),
            (11, Entry::Inbound("Hello? My train to Paris was cancelled, is anyone there?")),
        ],
    },
];

/// How many conversations the showcase adds.
pub const COUNT: u32 = SHOWCASES.len() as u32;

/// Writes the showcase conversations; answers (conversations, messages).
pub fn write(
    tx: &Transaction,
    tenant: i64,
    now: OffsetDateTime,
    users: &HashMap<&str, (i64, &str)>,
    teams: &HashMap<&str, (i64, i64)>,
) -> rusqlite::Result<(u64, u64)> {
    let agent = users[AGENT].0;
    let (team, space) = teams[TEAM];
    let at = |minutes: i64| clock::format(now - Duration::minutes(minutes));
    let mut messages = 0;
    for s in SHOWCASES {
        let profile: i64 = tx.query_row(
            "SELECT id FROM sender_profiles WHERE tenant_id = ?1 AND name = ?2",
            params![tenant, s.profile],
            |r| r.get(0),
        )?;
        let stream: String = tx.query_row(
            "SELECT stream FROM sender_profiles WHERE id = ?1",
            [profile],
            |r| r.get(0),
        )?;
        let first = s.thread.first().map_or(0, |(m, _)| *m);
        tx.execute(
            "INSERT INTO contacts (tenant_id, name, phone, telegram_handle, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![tenant, s.name, s.phone, s.telegram, at(first)],
        )?;
        let contact = tx.last_insert_rowid();
        let is_inbound = |e: &Entry| matches!(e, Entry::Inbound(_));
        let last = s.thread.last().map_or(0, |(m, _)| *m);
        let last_inbound = s.thread.iter().rev().find(|(_, e)| is_inbound(e));
        let last_outbound = s
            .thread
            .iter()
            .rposition(|(_, e)| matches!(e, Entry::Outbound(..)));
        let waiting: Vec<i64> = s.thread[last_outbound.map_or(0, |i| i + 1)..]
            .iter()
            .filter(|(_, e)| is_inbound(e))
            .map(|(m, _)| *m)
            .collect();
        let preview = s
            .thread
            .iter()
            .rev()
            .find_map(|(_, e)| match e {
                Entry::Inbound(text) | Entry::Outbound(text, ..) => Some(*text),
                Entry::Note(_) => None,
            })
            .unwrap_or_default();
        tx.execute(
            "INSERT INTO conversations (tenant_id, space_id, team_id, contact_id,
                sender_profile_id, stream, status, assignee_id, unread_count,
                last_message_preview, last_activity_at, last_inbound_at, waiting_since,
                created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'open', ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
            params![
                tenant,
                space,
                team,
                contact,
                profile,
                stream,
                s.assigned.then_some(agent),
                waiting.len() as i64,
                preview,
                at(last),
                last_inbound.map(|(m, _)| at(*m)),
                waiting.first().map(|m| at(*m)),
                at(first),
            ],
        )?;
        let conversation = tx.last_insert_rowid();
        if s.assigned {
            tx.execute(
                "INSERT INTO messages (conversation_id, kind, author_id, event_type,
                    event_user_id, created_at)
                 VALUES (?1, 'event', ?2, 'assigned', ?2, ?3)",
                params![conversation, agent, at(first - 1)],
            )?;
            messages += 1;
        }
        for (minutes, entry) in s.thread {
            let (kind, direction, author, body, status, reason) = match entry {
                Entry::Inbound(text) => ("reply", Some("inbound"), None, *text, None, None),
                Entry::Outbound(text, status, reason) => (
                    "reply",
                    Some("outbound"),
                    Some(agent),
                    *text,
                    Some(*status),
                    *reason,
                ),
                Entry::Note(text) => ("note", None, Some(agent), *text, None, None),
            };
            tx.execute(
                "INSERT INTO messages (conversation_id, kind, direction, author_id, body, status,
                    failure_reason, sender_profile_id, created_at, status_changed_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, CASE WHEN ?6 IS NULL THEN NULL ELSE ?9 END)",
                params![
                    conversation,
                    kind,
                    direction,
                    author,
                    body,
                    status,
                    reason,
                    status.map(|_| profile),
                    at(*minutes)
                ],
            )?;
            messages += 1;
        }
    }
    Ok((SHOWCASES.len() as u64, messages))
}
