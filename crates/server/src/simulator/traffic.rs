//! The traffic simulator (`--simulate-traffic`): a background task that makes the demo feel
//! lived in. Every few seconds (jittered between the configured bounds) a contact of Acme
//! Travel writes in, through the same `store::inbound::deliver` as
//! `POST /api/support/inbound`: mostly on an open conversation, sometimes as a new contact
//! (a new conversation on a sender of one of the tenant's profiles), sometimes waking a closed
//! or snoozed conversation. The texts come from the seed's phrase banks in the contact's
//! language (told by their number's prefix or their first name). Replies to them move through
//! their statuses by the delivery simulator as any other.
//!
//! Its choices come from a seeded generator, and what it picks from is read in a stable order,
//! so that the same seed on the same database writes the same messages.

use std::time::Duration;

use rusqlite::{Connection, OptionalExtension};
use textpeak_api::{InboundMessage, InboundReceipt, Stream};
use tokio::task::JoinHandle;

use crate::clock;
use crate::config::TrafficConfig;
use crate::db::Db;
use crate::http::problem::ApiError;
use crate::seed::conversations::contact_text;
use crate::seed::phrases::{Lang, LANGS};
use crate::seed::rng::Rng;
use crate::seed::{self, TENANTS};
use crate::store::inbound;

/// What a visit does, and how often, relative to the others.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VisitKind {
    /// A contact writes again on an open conversation.
    FollowUp,
    /// Someone new writes to one of the tenant's senders.
    NewContact,
    /// A contact writes on a closed or snoozed conversation, which comes back.
    Wake,
}

const KIND_WEIGHTS: [(VisitKind, u32); 3] = [
    (VisitKind::FollowUp, 70),
    (VisitKind::NewContact, 15),
    (VisitKind::Wake, 15),
];

/// One message the simulator delivered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Visit {
    pub kind: VisitKind,
    pub message: InboundMessage,
    pub receipt: InboundReceipt,
}

/// Starts the simulator on the current tokio runtime; None when it is off.
pub fn spawn(db: Db, config: Option<TrafficConfig>) -> Option<JoinHandle<()>> {
    let config = config?;
    let seed = config.seed.unwrap_or_else(random_seed);
    tracing::info!(
        min_ms = config.min.as_millis() as u64,
        max_ms = config.max.as_millis() as u64,
        seed,
        "traffic simulator started"
    );
    let mut traffic = Traffic::new(seed);
    Some(tokio::spawn(async move {
        loop {
            tokio::time::sleep(traffic.next_wait(&config)).await;
            match traffic.visit(&db).await {
                Ok(Some(visit)) => tracing::debug!(
                    kind = ?visit.kind,
                    conversation_id = visit.receipt.conversation_id,
                    created = visit.receipt.created,
                    "simulated inbound message"
                ),
                Ok(None) => tracing::debug!("traffic simulator: no demo tenant to write to"),
                Err(e) => tracing::warn!(error = %e, "traffic simulator: the message failed"),
            }
        }
    }))
}

fn random_seed() -> u64 {
    let mut bytes = [0u8; 8];
    getrandom::fill(&mut bytes).expect("the OS random source failed");
    u64::from_le_bytes(bytes)
}

/// The simulator's state: its random choices.
pub struct Traffic {
    rng: Rng,
}

impl Traffic {
    pub fn new(seed: u64) -> Traffic {
        Traffic {
            rng: Rng::new(seed),
        }
    }

    /// How long to wait before the next message: uniform between the bounds.
    pub fn next_wait(&mut self, config: &TrafficConfig) -> Duration {
        let span = config.max.saturating_sub(config.min);
        config.min + span.mul_f64(self.rng.unit())
    }

    /// Delivers one contact's message; None when there is no demo tenant with a sender to
    /// write to (a database without the demo data).
    pub async fn visit(&mut self, db: &Db) -> Result<Option<Visit>, ApiError> {
        let seed = self.rng.next_u64();
        let Some((kind, message)) = db
            .read(move |conn| compose(conn, &mut Rng::new(seed)))
            .await?
        else {
            return Ok(None);
        };
        let delivered = message.clone();
        let receipt = db
            .call(move |conn| inbound::deliver(conn, &delivered))
            .await?;
        Ok(Some(Visit {
            kind,
            message,
            receipt,
        }))
    }
}

/// A conversation the contact writes on: its stream, the contact's address on it, their
/// name, and the sender they write to.
struct Thread {
    stream: Stream,
    from: String,
    name: Option<String>,
    to: String,
}

/// Picks who writes and what, from the database as it is: the message to deliver.
fn compose(
    conn: &Connection,
    rng: &mut Rng,
) -> Result<Option<(VisitKind, InboundMessage)>, ApiError> {
    let Some(tenant) = seed::tenant_id(conn, TENANTS[0])? else {
        return Ok(None);
    };
    let weights: Vec<u32> = KIND_WEIGHTS.iter().map(|(_, w)| *w).collect();
    let wanted = KIND_WEIGHTS[rng.weighted(&weights)].0;
    // When the wanted kind has nothing to pick from, fall back along the list.
    let order = match wanted {
        VisitKind::FollowUp => [VisitKind::FollowUp, VisitKind::NewContact, VisitKind::Wake],
        VisitKind::NewContact => [VisitKind::NewContact, VisitKind::FollowUp, VisitKind::Wake],
        VisitKind::Wake => [VisitKind::Wake, VisitKind::FollowUp, VisitKind::NewContact],
    };
    for kind in order {
        let picked = match kind {
            VisitKind::FollowUp => existing(conn, rng, tenant, &["open"])?,
            VisitKind::Wake => existing(conn, rng, tenant, &["closed", "snoozed"])?,
            VisitKind::NewContact => newcomer(conn, rng, tenant)?,
        };
        let Some(thread) = picked else { continue };
        let lang = language(rng, &thread);
        let first_name = thread
            .name
            .as_deref()
            .and_then(|n| n.split_whitespace().next());
        let template = match kind {
            VisitKind::FollowUp => {
                if rng.chance(0.7) {
                    rng.pick_text(&lang.customer_followups)
                } else {
                    rng.pick_text(&lang.nudges)
                }
            }
            VisitKind::Wake => rng.pick_text(&lang.reopeners),
            VisitKind::NewContact => {
                let topic = &lang.topics[rng.below(lang.topics.len() as u64) as usize];
                rng.pick_text(&topic.openers)
            }
        };
        let text = contact_text(rng, clock::now(), lang, first_name, template);
        return Ok(Some((
            kind,
            InboundMessage {
                stream: thread.stream,
                to: thread.to,
                from: thread.from,
                text,
            },
        )));
    }
    Ok(None)
}

/// How the contact of `c` is reached on its stream: their Telegram username or their number.
const CONTACT_ADDRESS: &str =
    "CASE c.stream WHEN 'telegram' THEN ct.telegram_handle ELSE ct.phone END";

/// A conversation of the tenant in one of `statuses`, drawn evenly, with a sender of its
/// profile to write to.
fn existing(
    conn: &Connection,
    rng: &mut Rng,
    tenant: i64,
    statuses: &[&str],
) -> Result<Option<Thread>, ApiError> {
    let placeholders = vec!["?"; statuses.len()].join(", ");
    let filter = format!(
        "FROM conversations c JOIN contacts ct ON ct.id = c.contact_id
         WHERE c.tenant_id = ?1 AND c.status IN ({placeholders})
           AND {CONTACT_ADDRESS} IS NOT NULL
           AND EXISTS (SELECT 1 FROM senders s WHERE s.sender_profile_id = c.sender_profile_id)"
    );
    let mut values: Vec<&dyn rusqlite::ToSql> = vec![&tenant];
    values.extend(statuses.iter().map(|s| s as &dyn rusqlite::ToSql));
    let filter = numbered(&filter, statuses.len());
    let count: i64 = conn.query_row(
        &format!("SELECT count(*) {filter}"),
        values.as_slice(),
        |r| r.get(0),
    )?;
    if count == 0 {
        return Ok(None);
    }
    let offset = rng.below(count as u64) as i64;
    let row: Option<(String, String, Option<String>, i64)> = conn
        .query_row(
            &format!(
                "SELECT c.stream, {CONTACT_ADDRESS}, ct.name, c.sender_profile_id
                 {filter} ORDER BY c.id LIMIT 1 OFFSET {offset}"
            ),
            values.as_slice(),
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .optional()?;
    let Some((stream, from, name, profile)) = row else {
        return Ok(None);
    };
    let Some(stream) = Stream::parse(&stream) else {
        return Ok(None);
    };
    let Some(to) = sender_of(conn, rng, profile)? else {
        return Ok(None);
    };
    Ok(Some(Thread {
        stream,
        from,
        name,
        to,
    }))
}

/// `IN (?, ?, …)` with the placeholders numbered from 2 (the tenant is ?1).
fn numbered(sql: &str, n: usize) -> String {
    let list: Vec<String> = (0..n).map(|i| format!("?{}", i + 2)).collect();
    let plain = vec!["?"; n].join(", ");
    sql.replacen(
        &format!("IN ({plain})"),
        &format!("IN ({})", list.join(", ")),
        1,
    )
}

/// One of the profile's senders, drawn evenly.
fn sender_of(conn: &Connection, rng: &mut Rng, profile: i64) -> Result<Option<String>, ApiError> {
    let senders: Vec<String> = conn
        .prepare("SELECT address FROM senders WHERE sender_profile_id = ?1 ORDER BY id")?
        .query_map([profile], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok((!senders.is_empty()).then(|| rng.pick(&senders).clone()))
}

/// Someone new: a made-up number (or Telegram username) in a language drawn by the seed's
/// weights, writing to a sender of one of the tenant's profiles.
fn newcomer(conn: &Connection, rng: &mut Rng, tenant: i64) -> Result<Option<Thread>, ApiError> {
    let profiles: Vec<(i64, String)> = conn
        .prepare(
            "SELECT p.id, p.stream FROM sender_profiles p
             WHERE p.tenant_id = ?1
               AND EXISTS (SELECT 1 FROM senders s WHERE s.sender_profile_id = p.id)
             ORDER BY p.id",
        )?
        .query_map([tenant], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    if profiles.is_empty() {
        return Ok(None);
    }
    let (profile, stream) = rng.pick(&profiles).clone();
    let Some(stream) = Stream::parse(&stream) else {
        return Ok(None);
    };
    let Some(to) = sender_of(conn, rng, profile)? else {
        return Ok(None);
    };
    let weights: Vec<u32> = LANGS.iter().map(|l| l.weight).collect();
    let lang = &LANGS[rng.weighted(&weights)];
    let from = match stream {
        Stream::Telegram => {
            let first = rng.pick_text(&lang.first_names);
            let base: String = first
                .chars()
                .filter(char::is_ascii_alphanumeric)
                .map(|c| c.to_ascii_lowercase())
                .collect();
            format!(
                "{}_{}",
                if base.is_empty() { "traveller" } else { &base },
                rng.range(10, 9999)
            )
        }
        Stream::Sms | Stream::Whatsapp => {
            format!(
                "{}{:07}",
                rng.pick_text(&lang.phone_prefixes),
                rng.below(10_000_000)
            )
        }
    };
    Ok(Some(Thread {
        stream,
        from,
        // Providers pass a number, not a name: the newcomer is unnamed until an agent names them.
        name: None,
        to,
    }))
}

/// The language the contact writes in: the one whose mobile prefixes their number starts
/// with, else the one whose first names hold theirs, else one drawn by the seed's weights.
fn language(rng: &mut Rng, thread: &Thread) -> &'static Lang {
    let by_prefix = LANGS.iter().find(|lang| {
        thread.stream != Stream::Telegram
            && lang
                .phone_prefixes
                .iter()
                .any(|prefix| thread.from.starts_with(prefix.as_str()))
    });
    let first_name = thread
        .name
        .as_deref()
        .and_then(|n| n.split_whitespace().next());
    let by_name = || {
        first_name.and_then(|first| {
            LANGS
                .iter()
                .find(|lang| lang.first_names.iter().any(|n| n == first))
        })
    };
    by_prefix.or_else(by_name).unwrap_or_else(|| {
        let weights: Vec<u32> = LANGS.iter().map(|l| l.weight).collect();
        &LANGS[rng.weighted(&weights)]
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_numbered_after_the_tenant() {
        assert_eq!(
            numbered("WHERE a = ?1 AND s IN (?, ?)", 2),
            "WHERE a = ?1 AND s IN (?2, ?3)"
        );
        assert_eq!(numbered("s IN (?)", 1), "s IN (?2)");
    }

    #[test]
    fn waits_stay_within_the_bounds() {
        let config = TrafficConfig {
            min: Duration::from_secs(3),
            max: Duration::from_secs(8),
            seed: None,
        };
        let mut traffic = Traffic::new(1);
        let waits: Vec<Duration> = (0..200).map(|_| traffic.next_wait(&config)).collect();
        assert!(waits.iter().all(|w| (config.min..=config.max).contains(w)));
        assert!(waits.iter().any(|w| *w < Duration::from_secs(4)));
        assert!(waits.iter().any(|w| *w > Duration::from_secs(7)));
        let exact = TrafficConfig {
            min: Duration::from_millis(50),
            max: Duration::from_millis(50),
            seed: None,
        };
        assert_eq!(traffic.next_wait(&exact), Duration::from_millis(50));
    }
}
