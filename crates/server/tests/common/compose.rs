//! The composer in tests: sending with an `Idempotency-Key`, and conversations crafted in the
//! database with exactly the facts a rule looks at (channel, team, last inbound message,
//! status), so that no test depends on what the random demo history happens to contain.

use std::sync::atomic::{AtomicU32, Ordering};

use axum::http::{Method, StatusCode};
use serde_json::{json, Value};
use textpeak_api::{paths, ComposeContext, Message, MessagePage};
use textpeak_server::{clock, Db};

use super::client::{json_request, Client, Reply};
use super::db::{insert, scalar};
use super::seeded_state;

impl Client {
    /// `POST` a `SendMessage` body with its `client_id` as the `Idempotency-Key`.
    pub async fn send_message(&self, conversation_id: i64, body: Value) -> Reply {
        let key = body["client_id"].as_str().unwrap_or_default().to_owned();
        self.send_message_keyed(conversation_id, body, Some(&key))
            .await
    }

    /// [`Client::send_message`] with any `Idempotency-Key`, or none.
    pub async fn send_message_keyed(
        &self,
        conversation_id: i64,
        body: Value,
        key: Option<&str>,
    ) -> Reply {
        let mut req = json_request(
            Method::POST,
            &paths::conversation_send(conversation_id),
            body,
        );
        if let Some(key) = key {
            req.headers_mut()
                .insert("idempotency-key", key.parse().unwrap());
        }
        self.send(req).await
    }

    /// A send that must be accepted (201): the new message.
    pub async fn sent(&self, conversation_id: i64, body: Value) -> Message {
        self.send_message(conversation_id, body)
            .await
            .decode(StatusCode::CREATED)
    }

    /// A reply that must be accepted (201).
    pub async fn reply(&self, conversation_id: i64, text: &str) -> Message {
        self.sent(conversation_id, reply_body(text)).await
    }

    pub async fn compose(&self, conversation_id: i64) -> ComposeContext {
        self.read(&paths::conversation_compose(conversation_id))
            .await
    }

    /// The newest page of the thread.
    pub async fn thread(&self, conversation_id: i64) -> MessagePage {
        self.read(&format!(
            "{}?limit=100",
            paths::conversation_messages(conversation_id)
        ))
        .await
    }
}

/// A client id no other request of the test binary uses.
pub fn client_id() -> String {
    static N: AtomicU32 = AtomicU32::new(0);
    format!(
        "test-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    )
}

/// A `SendMessage` reply body with a fresh client id.
pub fn reply_body(text: &str) -> Value {
    json!({ "kind": "reply", "body": text, "client_id": client_id() })
}

/// A `SendMessage` note body with a fresh client id.
pub fn note_body(text: &str) -> Value {
    json!({ "kind": "note", "body": text, "client_id": client_id() })
}

/// What a crafted conversation is like.
pub struct Crafted<'a> {
    /// The sender profile's name (its space and stream follow).
    pub profile: &'a str,
    pub team: &'a str,
    /// When the contact last wrote, minutes ago; None: never (an outbound-only conversation).
    pub inbound_minutes_ago: Option<i64>,
    pub closed: bool,
    pub contact_name: Option<&'a str>,
}

impl<'a> Crafted<'a> {
    pub fn new(profile: &'a str, team: &'a str) -> Crafted<'a> {
        Crafted {
            profile,
            team,
            inbound_minutes_ago: Some(30),
            closed: false,
            contact_name: Some("Test Contact"),
        }
    }

    /// The contact last wrote `minutes` ago; None: never.
    pub fn wrote(self, minutes: Option<i64>) -> Crafted<'a> {
        Crafted {
            inbound_minutes_ago: minutes,
            ..self
        }
    }

    /// The contact is called `name`; None: unnamed.
    pub fn contact(self, name: Option<&'a str>) -> Crafted<'a> {
        Crafted {
            contact_name: name,
            ..self
        }
    }

    pub fn closed(self) -> Crafted<'a> {
        Crafted {
            closed: true,
            ..self
        }
    }

    /// [`craft`]s it in the database the tests of the binary share.
    pub fn craft(&self) -> i64 {
        craft(&seeded_state().db, self)
    }
}

/// Inserts an Acme Travel conversation as described, with a new contact (a phone number, or a
/// Telegram handle without one), and an inbound message when the contact wrote.
pub fn craft(db: &Db, spec: &Crafted) -> i64 {
    static N: AtomicU32 = AtomicU32::new(0);
    let n = N.fetch_add(1, Ordering::Relaxed) + 1000 * (std::process::id() % 1000);
    db.with_conn(|c| {
        let (profile, space, tenant, stream): (i64, i64, i64, String) = c
            .query_row(
                "SELECT p.id, p.space_id, p.tenant_id, p.stream FROM sender_profiles p
                 JOIN tenants t ON t.id = p.tenant_id
                 WHERE t.name = 'Acme Travel' AND p.name = ?1",
                [spec.profile],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .unwrap();
        let team: i64 = scalar(
            c,
            "SELECT id FROM teams WHERE space_id = ?1 AND name = ?2",
            rusqlite::params![space, spec.team],
        );
        let (phone, handle) = if stream == "telegram" {
            (None, Some(format!("crafted_{n}")))
        } else {
            (Some(format!("+8869{n:08}")), None)
        };
        let now = clock::now();
        let inbound = spec
            .inbound_minutes_ago
            .map(|m| clock::format(now - time::Duration::minutes(m)));
        let created = clock::format(now - time::Duration::days(10));
        let contact = insert(
            c,
            "INSERT INTO contacts (tenant_id, name, phone, telegram_handle, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            rusqlite::params![tenant, spec.contact_name, phone, handle, created],
        )
        .unwrap();
        let conversation = insert(
            c,
            "INSERT INTO conversations (tenant_id, space_id, team_id, contact_id,
                sender_profile_id, stream, status, last_message_preview, last_activity_at,
                last_inbound_at, waiting_since, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'Hello?', ?8, ?9, ?9, ?10)",
            rusqlite::params![
                tenant,
                space,
                team,
                contact,
                profile,
                stream,
                if spec.closed { "closed" } else { "open" },
                inbound.clone().unwrap_or_else(|| created.clone()),
                inbound,
                created
            ],
        )
        .unwrap();
        if let Some(at) = &inbound {
            insert(
                c,
                "INSERT INTO messages (conversation_id, kind, direction, body, created_at)
                 VALUES (?1, 'reply', 'inbound', 'Hello?', ?2)",
                rusqlite::params![conversation, at],
            )
            .unwrap();
        }
        conversation
    })
}
