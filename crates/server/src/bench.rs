//! `bench-space`: a "Benchmark" space in Acme Travel with very many conversations, to check that
//! lists and counts stay fast at the size product.md §4 promises (100,000 in a space).

use std::time::{Duration, Instant};

use rusqlite::{params, Connection, OptionalExtension};

use crate::clock;
use crate::db::optional_value;
use crate::db::BoxError;
use crate::seed::conversations::{
    ContactStyle, Generator, Person, Stream, TagIds, TeamCtx, TeamKind,
};
use crate::seed::{self, rng::Rng};

pub const SPACE_NAME: &str = "Benchmark";
pub const TEAM_NAME: &str = "Load test";
/// Benchmark contacts live in this number range (the demo seed never uses it), so that a rerun
/// can remove them.
const PHONE_PREFIX: &str = "+49157";
const LONG_CONVERSATION: usize = 5_000;
const SEED: u64 = 0xBE0C_4000_0000_0001;

#[derive(Debug, Clone)]
pub struct BenchReport {
    pub space_id: i64,
    pub conversations: u64,
    pub messages: u64,
    /// The conversation with 5,000 messages.
    pub long_conversation: i64,
    pub elapsed: Duration,
}

/// Adds, or replaces, the Benchmark space with `conversations` conversations of a few messages
/// each, one of them with 5,000 messages. Seeds the demo data first into an empty database.
pub fn bench_space(conn: &mut Connection, conversations: u32) -> Result<BenchReport, BoxError> {
    let started = Instant::now();
    if let Some(report) = seed::seed_if_empty(conn, seed::DEFAULT_CONVERSATIONS)? {
        tracing::info!(
            conversations = report.conversations,
            "seeded the demo data first"
        );
    }
    // Random-order index inserts into 100k rows thrash the default 2 MiB page cache.
    let cache_size: i64 = conn.query_row("PRAGMA cache_size", [], |r| r.get(0))?;
    conn.pragma_update(None, "cache_size", -256 * 1024)?;
    let result = fill_space(conn, conversations, started);
    conn.pragma_update(None, "cache_size", cache_size)?;
    result
}

fn fill_space(
    conn: &mut Connection,
    conversations: u32,
    started: Instant,
) -> Result<BenchReport, BoxError> {
    let tx = conn.transaction()?;
    let acme = seed::tenant_id(&tx, seed::TENANTS[0])?
        .ok_or("the database has no Acme Travel tenant to add the Benchmark space to")?;

    let old: Option<i64> = optional_value(
        &tx,
        "SELECT id FROM spaces WHERE tenant_id = ?1 AND name = ?2",
        params![acme, SPACE_NAME],
    )?;
    if let Some(old) = old {
        tx.execute(
            "DELETE FROM senders WHERE sender_profile_id IN (SELECT id FROM sender_profiles WHERE space_id = ?1)",
            [old],
        )?;
        // Cascades to teams, profiles, conversations, messages and tags of conversations.
        tx.execute("DELETE FROM spaces WHERE id = ?1", [old])?;
        tx.execute(
            "DELETE FROM contacts WHERE tenant_id = ?1 AND phone LIKE ?2 || '%'
               AND NOT EXISTS (SELECT 1 FROM conversations c WHERE c.contact_id = contacts.id)",
            params![acme, PHONE_PREFIX],
        )?;
    }

    let now = clock::now();
    let created = clock::now_text();
    tx.execute(
        "INSERT INTO spaces (tenant_id, name, created_at) VALUES (?1, ?2, ?3)",
        params![acme, SPACE_NAME, created],
    )?;
    let space_id = tx.last_insert_rowid();
    tx.execute(
        "INSERT INTO teams (space_id, name, created_at) VALUES (?1, ?2, ?3)",
        params![space_id, TEAM_NAME, created],
    )?;
    let team_id = tx.last_insert_rowid();

    // The owner and the Admin see every space; they answer here.
    let mut people = Vec::new();
    for email in ["admin@acme.test", "owner@acme.test"] {
        let found: Option<(i64, String)> = tx
            .query_row(
                "SELECT id, name FROM users WHERE email = ?1 AND tenant_id = ?2",
                params![email, acme],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        if let Some((id, name)) = found {
            tx.execute(
                "INSERT INTO team_members (team_id, user_id, is_manager) VALUES (?1, ?2, ?3)",
                params![team_id, id, people.is_empty()],
            )?;
            people.push(Person {
                id,
                first_name: name
                    .split_whitespace()
                    .next()
                    .unwrap_or_default()
                    .to_owned(),
            });
        }
    }
    if people.is_empty() {
        return Err("Acme Travel has neither admin@acme.test nor owner@acme.test".into());
    }

    let mut profiles = Vec::new();
    for (name, stream, address, weight) in [
        ("Benchmark SMS", Stream::Sms, "+493012345001", 4),
        ("Benchmark WhatsApp", Stream::WhatsApp, "+493012345002", 4),
        ("Benchmark Bot", Stream::Telegram, "7012345001", 2),
    ] {
        tx.execute(
            "INSERT INTO sender_profiles (tenant_id, space_id, name, stream, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![acme, space_id, name, stream.as_str(), created],
        )?;
        let profile_id = tx.last_insert_rowid();
        tx.execute(
            "INSERT INTO senders (tenant_id, stream, address, sender_profile_id, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![acme, stream.as_str(), address, profile_id, created],
        )?;
        profiles.push((profile_id, stream, weight));
    }

    let tag = |name: &str| -> rusqlite::Result<Option<i64>> {
        optional_value(
            &tx,
            "SELECT id FROM tags WHERE tenant_id = ?1 AND name = ?2",
            params![acme, name],
        )
    };
    let tags = TagIds {
        booking: tag("booking")?,
        refund: tag("refund")?,
        flight_change: tag("flight-change")?,
        hotel: tag("hotel")?,
        vip: None,
        complaint: tag("complaint")?,
        urgent: tag("urgent")?,
        follow_up: tag("follow-up")?,
    };
    let team = TeamCtx {
        id: team_id,
        space_id,
        kind: TeamKind::Mixed,
        weight: 1,
        managers: people[..1].to_vec(),
        members: people,
        outsiders: Vec::new(),
        profiles,
    };

    let (conversation_count, messages, long_conversation) = {
        let mut generator = Generator::new(
            &tx,
            acme,
            SEED,
            now,
            tags,
            ContactStyle {
                phone_prefix: Some(PHONE_PREFIX),
                // The demo seed's counter stays far below this.
                counter_start: 10_000_000,
                reuse: false,
            },
        )?;
        let mut lengths = Rng::new(SEED);
        let mut long_conversation = 0;
        for i in 0..conversations {
            let length = if i == 0 {
                LONG_CONVERSATION
            } else {
                lengths.range(3, 5) as usize
            };
            let id = generator.conversation(&team, Some(length))?;
            if i == 0 {
                long_conversation = id;
            }
        }
        (
            generator.conversations,
            generator.messages,
            long_conversation,
        )
    };
    tx.commit()?;
    // Fresh statistics for the planner after a bulk load.
    conn.execute_batch("PRAGMA optimize;")?;
    Ok(BenchReport {
        space_id,
        conversations: conversation_count,
        messages,
        long_conversation,
        elapsed: started.elapsed(),
    })
}
