//! Starting conversations in tests: the four endpoints of `New conversation` as typed calls,
//! request bodies, the demo data's ids by name, numbers nobody has used, and a user whose
//! custom role lacks some flags.

use std::sync::atomic::{AtomicU32, Ordering};

use axum::http::{Method, StatusCode};
use axum::Router;
use serde_json::{json, Value};
use textpeak_api::{
    paths, ExistingConversation, RoleSetting, SignInResponse, StartContact, StartOptions,
    UserInvited,
};
use textpeak_server::Db;

use super::client::{json_request, Client, Reply};
use super::compose::client_id;
use super::db::db_scalar;
use super::unique;
use super::unique_email;

impl Client {
    /// `POST` a `NewConversation` with its message's `client_id` as the `Idempotency-Key`.
    pub async fn start_conversation(&self, space_id: i64, body: Value) -> Reply {
        let key = body["message"]["client_id"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        self.start_conversation_keyed(space_id, body, Some(&key))
            .await
    }

    /// [`Client::start_conversation`] with any `Idempotency-Key`, or none.
    pub async fn start_conversation_keyed(
        &self,
        space_id: i64,
        body: Value,
        key: Option<&str>,
    ) -> Reply {
        let mut req = json_request(Method::POST, &paths::space_new_conversation(space_id), body);
        if let Some(key) = key {
            req.headers_mut()
                .insert("idempotency-key", key.parse().unwrap());
        }
        self.send(req).await
    }

    pub async fn start_options(&self, space_id: i64) -> StartOptions {
        self.read(&paths::space_start(space_id)).await
    }

    /// The Telegram picker of a profile, filtered by `q`.
    pub async fn start_contacts(&self, space_id: i64, profile_id: i64, q: &str) -> Reply {
        self.get(&format!(
            "{}?sender_profile={profile_id}&q={}",
            paths::space_start_contacts(space_id),
            urlencode(q)
        ))
        .await
    }

    pub async fn start_contact_list(
        &self,
        space_id: i64,
        profile_id: i64,
        q: &str,
    ) -> Vec<StartContact> {
        self.start_contacts(space_id, profile_id, q)
            .await
            .decode(StatusCode::OK)
    }

    /// `GET …/start/existing` with the query as given (`phone=…` or `contact=…`).
    pub async fn start_existing(&self, space_id: i64, profile_id: i64, query: &str) -> Reply {
        self.get(&format!(
            "{}?sender_profile={profile_id}&{query}",
            paths::space_start_existing(space_id)
        ))
        .await
    }

    pub async fn existing_conversation(
        &self,
        space_id: i64,
        profile_id: i64,
        query: &str,
    ) -> Option<i64> {
        self.start_existing(space_id, profile_id, query)
            .await
            .decode::<ExistingConversation>(StatusCode::OK)
            .conversation_id
    }
}

/// `+`, space and the rest percent-encoded for a query string.
pub fn urlencode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A `NewConversation` to a number (SMS, WhatsApp) with a free-text first message.
pub fn to_phone(profile_id: i64, team_id: i64, phone: &str, text: &str) -> Value {
    json!({
        "sender_profile_id": profile_id,
        "team_id": team_id,
        "phone": phone,
        "message": { "kind": "reply", "body": text, "client_id": client_id() },
    })
}

/// A `NewConversation` to a Telegram contact.
pub fn to_contact(profile_id: i64, team_id: i64, contact_id: i64, text: &str) -> Value {
    json!({
        "sender_profile_id": profile_id,
        "team_id": team_id,
        "contact_id": contact_id,
        "message": { "kind": "reply", "body": text, "client_id": client_id() },
    })
}

/// An E.164 number no contact of the demo data or another test has, as typed by an agent
/// (with spaces, in the format `+31 6 …`).
pub fn fresh_number() -> (String, String) {
    static N: AtomicU32 = AtomicU32::new(0);
    let n = N.fetch_add(1, Ordering::Relaxed) + 1000 * (std::process::id() % 1000);
    let digits = format!("{n:08}");
    (
        format!("+31 6 {} {}", &digits[..4], &digits[4..]),
        format!("+316{digits}"),
    )
}

/// Acme's space of this name.
pub fn acme_space(db: &Db, name: &str) -> i64 {
    db_scalar(
        db,
        "SELECT s.id FROM spaces s JOIN tenants t ON t.id = s.tenant_id
         WHERE t.name = 'Acme Travel' AND s.name = ?1",
        [name],
    )
}

/// Acme's team of this name.
pub fn acme_team(db: &Db, name: &str) -> i64 {
    db_scalar(
        db,
        "SELECT m.id FROM teams m JOIN spaces s ON s.id = m.space_id
         JOIN tenants t ON t.id = s.tenant_id WHERE t.name = 'Acme Travel' AND m.name = ?1",
        [name],
    )
}

/// A sender profile of this name.
pub fn profile_named(db: &Db, name: &str) -> i64 {
    db_scalar(db, "SELECT id FROM sender_profiles WHERE name = ?1", [name])
}

/// A new Acme user with a custom role of `base` without `disabled`, assigned to the spaces
/// and a member of the teams given, signed in.
pub async fn user_with_role(
    app: &Router,
    base: &str,
    disabled: &[&str],
    space_ids: &[i64],
    team_ids: &[i64],
) -> Client {
    let admin = Client::bearer(app, "admin@acme.test").await;
    let body = json!({ "name": unique("Custom role"), "base": base, "disabled": disabled });
    let role: RoleSetting = admin
        .post(paths::ROLES, body)
        .await
        .decode(StatusCode::CREATED);
    let email = unique_email("custom");
    let invited: UserInvited = admin
        .post(
            paths::USERS,
            json!({ "name": "Casey Custom", "email": email, "role_id": role.id,
                "space_ids": space_ids, "team_ids": team_ids }),
        )
        .await
        .decode(StatusCode::CREATED);
    let signed_in: SignInResponse = Client::anonymous(app)
        .post(
            paths::SESSION,
            json!({ "email": email, "password": invited.temporary_password, "bearer": true }),
        )
        .await
        .decode(StatusCode::OK);
    Client::with_bearer(app, &signed_in.token.unwrap())
}
