//! The demo data of product.md §6: three tenants, their users (password "demo"), and for Acme
//! Travel spaces, teams, channels, tags, templates and thousands of conversations.
//!
//! Deterministic (a fixed SplitMix64 seed) apart from password salts, with timestamps relative
//! to the moment of seeding so that the inbox looks alive whenever it is seeded.

pub mod conversations;
pub mod phrases;
pub mod rng;
pub mod showcase;

use std::collections::HashMap;
use std::time::{Duration as StdDuration, Instant};

use rusqlite::{params, Connection, OptionalExtension, Transaction};
use time::{Duration, OffsetDateTime};

use self::conversations::{ContactStyle, Generator, Person, Stream, TagIds, TeamCtx, TeamKind};
use crate::auth;
use crate::clock;
use crate::db::BoxError;

pub const DEFAULT_CONVERSATIONS: u32 = 3000;
pub const DEMO_PASSWORD: &str = "demo";
const SEED: u64 = 0x7E87_9EA4_2024_0001;

#[derive(Debug, Clone)]
pub struct SeedReport {
    pub conversations: u64,
    pub messages: u64,
    pub elapsed: StdDuration,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DemoRole {
    Owner,
    Admin,
    Manager,
    Agent,
    /// Acme's custom Agent-based role that may neither start nor close conversations.
    Trainee,
    NoInbox,
}

/// A demo user: e-mail, name, tenant (index into [`TENANTS`]), role.
pub struct DemoUser {
    pub email: &'static str,
    pub name: &'static str,
    pub tenant: usize,
    pub role: DemoRole,
}

pub const TENANTS: [&str; 3] = ["Acme Travel", "Nimbus Retail", "Fresh Start"];
const ACME: usize = 0;
const NIMBUS: usize = 1;
const FRESH: usize = 2;

pub const USERS: &[DemoUser] = &[
    DemoUser {
        email: "owner@acme.test",
        name: "Olivia Owens",
        tenant: ACME,
        role: DemoRole::Owner,
    },
    DemoUser {
        email: "admin@acme.test",
        name: "Adam Alvarez",
        tenant: ACME,
        role: DemoRole::Admin,
    },
    DemoUser {
        email: "manager@acme.test",
        name: "Maya Moreno",
        tenant: ACME,
        role: DemoRole::Manager,
    },
    DemoUser {
        email: "agent@acme.test",
        name: "Arjun Patel",
        tenant: ACME,
        role: DemoRole::Agent,
    },
    DemoUser {
        email: "multi@acme.test",
        name: "Mina Kowalski",
        tenant: ACME,
        role: DemoRole::Agent,
    },
    DemoUser {
        email: "viewer@acme.test",
        name: "Victor Vance",
        tenant: ACME,
        role: DemoRole::NoInbox,
    },
    DemoUser {
        email: "sofia@acme.test",
        name: "Sofía Herrera",
        tenant: ACME,
        role: DemoRole::Agent,
    },
    DemoUser {
        email: "jonas@acme.test",
        name: "Jonas Weber",
        tenant: ACME,
        role: DemoRole::Agent,
    },
    DemoUser {
        email: "claire@acme.test",
        name: "Claire Dubois",
        tenant: ACME,
        role: DemoRole::Agent,
    },
    DemoUser {
        email: "joao@acme.test",
        name: "João Silva",
        tenant: ACME,
        role: DemoRole::Agent,
    },
    DemoUser {
        email: "giulia@acme.test",
        name: "Giulia Romano",
        tenant: ACME,
        role: DemoRole::Agent,
    },
    DemoUser {
        email: "sam@acme.test",
        name: "Sam Okafor",
        tenant: ACME,
        role: DemoRole::Manager,
    },
    DemoUser {
        email: "tom@acme.test",
        name: "Tom Becker",
        tenant: ACME,
        role: DemoRole::Trainee,
    },
    DemoUser {
        email: "owner@nimbus.test",
        name: "Nora Quinn",
        tenant: NIMBUS,
        role: DemoRole::Owner,
    },
    DemoUser {
        email: "agent@nimbus.test",
        name: "Noah Blake",
        tenant: NIMBUS,
        role: DemoRole::Agent,
    },
    DemoUser {
        email: "owner@fresh.test",
        name: "Frida Stone",
        tenant: FRESH,
        role: DemoRole::Owner,
    },
    DemoUser {
        email: "admin@fresh.test",
        name: "Felix Brandt",
        tenant: FRESH,
        role: DemoRole::Admin,
    },
    DemoUser {
        email: "agent@fresh.test",
        name: "Fatima Khan",
        tenant: FRESH,
        role: DemoRole::Agent,
    },
];

/// Acme's spaces and teams: (space, [(team, kind, weight, [(member e-mail, is manager)])]).
type TeamSpec = (&'static str, TeamKind, u32, &'static [(&'static str, bool)]);
const ACME_SPACES: &[(&str, &[TeamSpec])] = &[
    (
        "Sales",
        &[
            (
                "Leads",
                TeamKind::Leads,
                20,
                &[
                    ("manager@acme.test", true),
                    ("sofia@acme.test", false),
                    ("jonas@acme.test", false),
                ],
            ),
            (
                "Bookings",
                TeamKind::Bookings,
                20,
                &[
                    ("manager@acme.test", true),
                    ("multi@acme.test", false),
                    ("jonas@acme.test", false),
                ],
            ),
        ],
    ),
    (
        "Support",
        &[
            (
                "Customer Care",
                TeamKind::Care,
                30,
                &[
                    ("sam@acme.test", true),
                    ("agent@acme.test", false),
                    ("claire@acme.test", false),
                    ("giulia@acme.test", false),
                    ("tom@acme.test", false),
                ],
            ),
            (
                "Refunds",
                TeamKind::Refunds,
                18,
                &[
                    ("sam@acme.test", true),
                    ("multi@acme.test", false),
                    ("joao@acme.test", false),
                ],
            ),
            (
                "VIP",
                TeamKind::Vip,
                12,
                &[
                    ("sam@acme.test", true),
                    ("claire@acme.test", false),
                    ("giulia@acme.test", false),
                ],
            ),
        ],
    ),
];

/// Who is assigned to which Acme space (owner and Admin see all spaces without it).
const ACME_SPACE_MEMBERS: &[(&str, &[&str])] = &[
    (
        "Sales",
        &[
            "manager@acme.test",
            "multi@acme.test",
            "sofia@acme.test",
            "jonas@acme.test",
        ],
    ),
    (
        "Support",
        &[
            "agent@acme.test",
            "multi@acme.test",
            "claire@acme.test",
            "joao@acme.test",
            "giulia@acme.test",
            "sam@acme.test",
            "tom@acme.test",
        ],
    ),
];

/// (space, profile name, stream, senders, restricted to teams, conversation weight).
type ProfileSpec = (
    &'static str,
    &'static str,
    Stream,
    &'static [&'static str],
    &'static [&'static str],
    u32,
);
const ACME_PROFILES: &[ProfileSpec] = &[
    (
        "Sales",
        "Acme Sales SMS",
        Stream::Sms,
        &["+14155550101", "+14155550102"],
        &[],
        4,
    ),
    (
        "Sales",
        "Acme Sales WhatsApp",
        Stream::WhatsApp,
        &["+14155550120"],
        &[],
        4,
    ),
    (
        "Sales",
        "Acme Deals Bot",
        Stream::Telegram,
        &["6123456789"],
        &[],
        2,
    ),
    (
        "Support",
        "Acme Support SMS",
        Stream::Sms,
        &["+442079460123"],
        &[],
        4,
    ),
    (
        "Support",
        "Acme Support WhatsApp",
        Stream::WhatsApp,
        &["+442079460150", "+442079460151"],
        &[],
        4,
    ),
    (
        "Support",
        "Acme Travel Bot",
        Stream::Telegram,
        &["6987654321"],
        &[],
        2,
    ),
    (
        "Support",
        "Acme VIP Line",
        Stream::WhatsApp,
        &["+442079460199"],
        &["VIP"],
        6,
    ),
];

/// (rule name, stream, team, senders).
const ACME_ROUTING: &[(&str, Stream, &str, &[&str])] = &[
    (
        "Sales SMS to Leads",
        Stream::Sms,
        "Leads",
        &["+14155550101", "+14155550102"],
    ),
    (
        "Sales WhatsApp to Bookings",
        Stream::WhatsApp,
        "Bookings",
        &["+14155550120"],
    ),
    (
        "Deals bot to Leads",
        Stream::Telegram,
        "Leads",
        &["6123456789"],
    ),
    (
        "Support SMS to Customer Care",
        Stream::Sms,
        "Customer Care",
        &["+442079460123"],
    ),
    (
        "Support WhatsApp to Customer Care",
        Stream::WhatsApp,
        "Customer Care",
        &["+442079460150", "+442079460151"],
    ),
    (
        "Travel bot to Customer Care",
        Stream::Telegram,
        "Customer Care",
        &["6987654321"],
    ),
    (
        "VIP line to VIP",
        Stream::WhatsApp,
        "VIP",
        &["+442079460199"],
    ),
];

pub const ACME_TAGS: &[(&str, &str)] = &[
    ("booking", "#2563eb"),
    ("refund", "#dc2626"),
    ("flight-change", "#d97706"),
    ("hotel", "#059669"),
    ("vip", "#7c3aed"),
    ("complaint", "#be185d"),
    ("urgent", "#ea580c"),
    ("follow-up", "#475569"),
];

/// (name, body, stream, WhatsApp-approved).
const ACME_TEMPLATES: &[(&str, &str, Option<Stream>, bool)] = &[
    (
        "Greeting",
        "Hi {{contact.name}}, this is {{agent.name}} from Acme Travel. How can I help you today?",
        None,
        false,
    ),
    (
        "Booking confirmed",
        "Hello {{contact.name}}, your booking is confirmed. Your e-tickets will arrive by e-mail shortly. {{agent.name}}, Acme Travel",
        Some(Stream::WhatsApp),
        true,
    ),
    (
        "Follow-up after 24 hours",
        "Hi {{contact.name}}, we are following up on your request to Acme Travel. Reply to this message to continue the conversation.",
        Some(Stream::WhatsApp),
        true,
    ),
    (
        "Refund in progress",
        "Hi {{contact.name}}, your refund has been approved and will reach your account within 5 to 10 business days. {{agent.name}}, Acme Travel",
        None,
        false,
    ),
    (
        "Flight change options",
        "Hi {{contact.name}}, we found alternative flights for you. Reply 1 for the morning flight or 2 for the evening flight. Acme Travel",
        Some(Stream::Sms),
        false,
    ),
    (
        "Closing",
        "Thanks for contacting Acme Travel, {{contact.name}}! If you need anything else, just reply here. {{agent.name}}",
        None,
        false,
    ),
    (
        "Telegram welcome",
        "Welcome to Acme Travel on Telegram, {{contact.name}}! An agent will be with you shortly.",
        Some(Stream::Telegram),
        false,
    ),
    // Telegram contacts have no phone number: the composer asks to fill this one in by hand.
    (
        "Call-back",
        "Hi {{contact.name}}, we will call you back on {{contact.phone}} within the hour. {{agent.name}}, Acme Travel",
        None,
        false,
    ),
];

/// Seeds the demo data when the database has no tenant yet; returns None otherwise.
pub fn seed_if_empty(
    conn: &mut Connection,
    conversations: u32,
) -> Result<Option<SeedReport>, BoxError> {
    let tenants: i64 = conn.query_row("SELECT count(*) FROM tenants", [], |r| r.get(0))?;
    if tenants > 0 {
        return Ok(None);
    }
    seed(conn, conversations).map(Some)
}

/// Seeds the demo data in one transaction.
pub fn seed(conn: &mut Connection, conversations: u32) -> Result<SeedReport, BoxError> {
    let started = Instant::now();
    // Hash first, outside the transaction, on all cores: argon2 is the slow part on purpose.
    let hashes = hash_demo_passwords();
    let tx = conn.transaction()?;
    let now = clock::now();
    let (conversations, messages) = seed_in(&tx, conversations, now, &hashes)?;
    tx.commit()?;
    Ok(SeedReport {
        conversations,
        messages,
        elapsed: started.elapsed(),
    })
}

fn hash_demo_passwords() -> Vec<String> {
    let threads = std::thread::available_parallelism()
        .map_or(2, |n| n.get())
        .clamp(1, 8);
    let chunk = USERS.len().div_ceil(threads);
    std::thread::scope(|scope| {
        let handles: Vec<_> = USERS
            .chunks(chunk)
            .map(|users| {
                scope.spawn(move || {
                    users
                        .iter()
                        .map(|_| auth::hash_password(DEMO_PASSWORD))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("hashing thread panicked"))
            .collect()
    })
}

fn ts(t: OffsetDateTime) -> String {
    clock::format(t)
}

fn seed_in(
    tx: &Transaction,
    conversations: u32,
    now: OffsetDateTime,
    hashes: &[String],
) -> Result<(u64, u64), BoxError> {
    let days = |d: i64| ts(now - Duration::days(d));

    // Tenants, with their Beta access history.
    let mut tenant_ids = [0i64; 3];
    tx.execute(
        "INSERT INTO tenants (name, beta_access, access_requested_at, access_reviewed_at,
            onboarding_finished_at, created_at) VALUES (?1, 'approved', ?2, ?3, ?4, ?5)",
        params![TENANTS[ACME], days(120), days(118), days(115), days(180)],
    )?;
    tenant_ids[ACME] = tx.last_insert_rowid();
    tx.execute(
        "INSERT INTO tenants (name, beta_access, created_at) VALUES (?1, 'none', ?2)",
        params![TENANTS[NIMBUS], days(90)],
    )?;
    tenant_ids[NIMBUS] = tx.last_insert_rowid();
    tx.execute(
        "INSERT INTO tenants (name, beta_access, access_requested_at, access_reviewed_at, created_at)
         VALUES (?1, 'approved', ?2, ?3, ?4)",
        params![TENANTS[FRESH], days(3), days(1), days(10)],
    )?;
    tenant_ids[FRESH] = tx.last_insert_rowid();

    // A custom role, to show that roles can switch permissions off.
    tx.execute(
        "INSERT INTO roles (tenant_id, name, base, builtin, disabled)
         VALUES (?1, 'Trainee Agent', 'agent', 0, 'start_conversations,close')",
        [tenant_ids[ACME]],
    )?;
    let trainee_role = tx.last_insert_rowid();
    let builtin = |name: &str| -> rusqlite::Result<i64> {
        tx.query_row(
            "SELECT id FROM roles WHERE builtin = 1 AND name = ?1",
            [name],
            |r| r.get(0),
        )
    };
    let (admin_role, manager_role, agent_role) = (
        builtin("Inbox Admin")?,
        builtin("Inbox Manager")?,
        builtin("Inbox Agent")?,
    );

    let mut users: HashMap<&str, (i64, &str)> = HashMap::new();
    {
        let mut insert = tx.prepare(
            "INSERT INTO users (tenant_id, email, name, password_hash, is_owner, inbox_permission,
                role_id, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )?;
        for (u, hash) in USERS.iter().zip(hashes) {
            let (owner, inbox, role) = match u.role {
                DemoRole::Owner => (true, true, None),
                DemoRole::Admin => (false, true, Some(admin_role)),
                DemoRole::Manager => (false, true, Some(manager_role)),
                DemoRole::Agent => (false, true, Some(agent_role)),
                DemoRole::Trainee => (false, true, Some(trainee_role)),
                DemoRole::NoInbox => (false, false, None),
            };
            let id = insert.insert(params![
                tenant_ids[u.tenant],
                u.email,
                u.name,
                hash,
                owner,
                inbox,
                role,
                days(100)
            ])?;
            users.insert(u.email, (id, u.name));
        }
    }
    let user = |email: &str| users[email].0;
    let person = |email: &str| Person {
        id: users[email].0,
        first_name: users[email]
            .1
            .split_whitespace()
            .next()
            .unwrap_or_default()
            .to_owned(),
    };

    let mut access = tx.prepare(
        "INSERT INTO access_requests (tenant_id, requested_by, requested_at, status, reviewed_at)
         VALUES (?1, ?2, ?3, 'approved', ?4)",
    )?;
    access.execute(params![
        tenant_ids[ACME],
        user("owner@acme.test"),
        days(120),
        days(118)
    ])?;
    access.execute(params![
        tenant_ids[FRESH],
        user("owner@fresh.test"),
        days(3),
        days(1)
    ])?;

    // Acme Travel: spaces, teams, memberships.
    let acme = tenant_ids[ACME];
    let mut space_ids: HashMap<&str, i64> = HashMap::new();
    let mut team_ids: HashMap<&str, (i64, i64)> = HashMap::new();
    let mut team_specs: Vec<TeamSpec> = Vec::new();
    for (space, teams) in ACME_SPACES {
        tx.execute(
            "INSERT INTO spaces (tenant_id, name, created_at) VALUES (?1, ?2, ?3)",
            params![acme, space, days(114)],
        )?;
        let space_id = tx.last_insert_rowid();
        space_ids.insert(space, space_id);
        for (team, kind, weight, members) in *teams {
            tx.execute(
                "INSERT INTO teams (space_id, name, created_at) VALUES (?1, ?2, ?3)",
                params![space_id, team, days(114)],
            )?;
            let team_id = tx.last_insert_rowid();
            team_ids.insert(team, (team_id, space_id));
            team_specs.push((team, *kind, *weight, members));
            for (email, manager) in *members {
                tx.execute(
                    "INSERT INTO team_members (team_id, user_id, is_manager) VALUES (?1, ?2, ?3)",
                    params![team_id, user(email), manager],
                )?;
            }
        }
    }
    for (space, members) in ACME_SPACE_MEMBERS {
        for email in *members {
            tx.execute(
                "INSERT INTO space_members (space_id, user_id, tenant_id) VALUES (?1, ?2, ?3)",
                params![space_ids[space], user(email), acme],
            )?;
        }
    }

    // Channels: sender profiles with their senders, routing rules, one sender left unused.
    let mut profiles: Vec<(i64, &str, Stream, &[&str], u32)> = Vec::new();
    for (space, name, stream, senders, restricted_to, weight) in ACME_PROFILES {
        tx.execute(
            "INSERT INTO sender_profiles (tenant_id, space_id, name, stream, restricted, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![acme, space_ids[space], name, stream.as_str(), !restricted_to.is_empty(), days(113)],
        )?;
        let profile_id = tx.last_insert_rowid();
        for team in *restricted_to {
            tx.execute(
                "INSERT INTO sender_profile_teams (sender_profile_id, team_id) VALUES (?1, ?2)",
                params![profile_id, team_ids[team].0],
            )?;
        }
        for address in *senders {
            tx.execute(
                "INSERT INTO senders (tenant_id, stream, address, sender_profile_id, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                params![acme, stream.as_str(), address, profile_id, days(113)],
            )?;
        }
        profiles.push((profile_id, space, *stream, restricted_to, *weight));
    }
    tx.execute(
        "INSERT INTO senders (tenant_id, stream, address, created_at) VALUES (?1, 'sms', '+14155550199', ?2)",
        params![acme, days(20)],
    )?;
    for (name, stream, team, senders) in ACME_ROUTING {
        tx.execute(
            "INSERT INTO routing_rules (tenant_id, name, stream, team_id, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![acme, name, stream.as_str(), team_ids[team].0, days(112)],
        )?;
        let rule = tx.last_insert_rowid();
        for address in *senders {
            let changed = tx.execute(
                "UPDATE senders SET routing_rule_id = ?1 WHERE tenant_id = ?2 AND stream = ?3 AND address = ?4",
                params![rule, acme, stream.as_str(), address],
            )?;
            debug_assert_eq!(changed, 1, "{address}");
        }
    }

    // Tags and canned templates.
    let mut tag_ids: HashMap<&str, i64> = HashMap::new();
    for (name, color) in ACME_TAGS {
        tx.execute(
            "INSERT INTO tags (tenant_id, name, color, created_at) VALUES (?1, ?2, ?3, ?4)",
            params![acme, name, color, days(111)],
        )?;
        tag_ids.insert(name, tx.last_insert_rowid());
    }
    for (name, body, stream, approved) in ACME_TEMPLATES {
        tx.execute(
            "INSERT INTO canned_templates (tenant_id, name, body, stream, whatsapp_approved, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![acme, name, body, stream.map(Stream::as_str), approved, days(111)],
        )?;
    }

    // Conversations.
    let teams: Vec<TeamCtx> = team_specs
        .iter()
        .map(|(team, kind, weight, members)| {
            let (team_id, space_id) = team_ids[team];
            let space = ACME_SPACES
                .iter()
                .find(|(_, ts)| ts.iter().any(|t| t.0 == *team))
                .map(|s| s.0)
                .unwrap_or_default();
            let outsiders = ACME_SPACE_MEMBERS
                .iter()
                .filter(|(s, _)| *s == space)
                .flat_map(|(_, emails)| emails.iter())
                .filter(|e| !members.iter().any(|(m, _)| m == *e))
                .map(|e| person(e))
                .collect();
            TeamCtx {
                id: team_id,
                space_id,
                kind: *kind,
                weight: *weight,
                members: members.iter().map(|(e, _)| person(e)).collect(),
                managers: members
                    .iter()
                    .filter(|(_, m)| *m)
                    .map(|(e, _)| person(e))
                    .collect(),
                outsiders,
                profiles: profiles
                    .iter()
                    .filter(|(_, s, _, restricted, _)| {
                        *s == space && (restricted.is_empty() || restricted.contains(team))
                    })
                    .map(|(id, _, stream, _, w)| (*id, *stream, *w))
                    .collect(),
            }
        })
        .collect();
    let tags = TagIds {
        booking: tag_ids.get("booking").copied(),
        refund: tag_ids.get("refund").copied(),
        flight_change: tag_ids.get("flight-change").copied(),
        hotel: tag_ids.get("hotel").copied(),
        vip: tag_ids.get("vip").copied(),
        complaint: tag_ids.get("complaint").copied(),
        urgent: tag_ids.get("urgent").copied(),
        follow_up: tag_ids.get("follow-up").copied(),
    };
    let mut generator = Generator::new(
        tx,
        acme,
        SEED,
        now,
        tags,
        ContactStyle {
            phone_prefix: None,
            counter_start: 0,
            reuse: true,
        },
    )?;
    let weights: Vec<u32> = teams.iter().map(|t| t.weight).collect();
    let mut pick = rng::Rng::new(SEED ^ 0xA5A5);
    // `conversations` in all, the showcase's among them (when there is room for them).
    let showcases = conversations >= 2 * showcase::COUNT;
    let random = conversations - if showcases { showcase::COUNT } else { 0 };
    for _ in 0..random {
        let team = &teams[pick.weighted(&weights)];
        generator.conversation(team, None)?;
    }
    // After the random history, which stays the same with or without them.
    let (shown, shown_messages) = if showcases {
        showcase::write(tx, acme, now, &users, &team_ids)?
    } else {
        (0, 0)
    };
    Ok((
        generator.conversations + shown,
        generator.messages + shown_messages,
    ))
}

/// Looks up a demo tenant's id by name.
pub fn tenant_id(conn: &Connection, name: &str) -> rusqlite::Result<Option<i64>> {
    conn.query_row("SELECT id FROM tenants WHERE name = ?1", [name], |r| {
        r.get(0)
    })
    .optional()
}
