//! Conversation actions in tests: one action, the action menus, bulk requests, the thread's
//! events, a server with the test clock, and simulated inbound messages.

use axum::http::StatusCode;
use serde_json::json;
use textpeak_api::{
    paths, ActionOptions, BulkOutcome, BulkRequest, ConversationAction, ConversationDetail,
    Message, MessageKind,
};
use textpeak_server::{router, AppState, Db};

use super::client::{Client, Reply};
use super::db::scalar;
use super::{seeded_db, NO_DIST};

/// The support token of the servers [`clock_app`] starts.
pub const SUPPORT_TOKEN: &str = "support-token-for-action-tests-0123";

impl Client {
    /// `POST …/actions` with `action`.
    pub async fn act(&self, conversation_id: i64, action: &ConversationAction) -> Reply {
        self.post(
            &paths::conversation_actions(conversation_id),
            serde_json::to_value(action).unwrap(),
        )
        .await
    }

    /// An action that must succeed; answers the updated details.
    pub async fn acted(
        &self,
        conversation_id: i64,
        action: &ConversationAction,
    ) -> ConversationDetail {
        self.act(conversation_id, action)
            .await
            .decode(StatusCode::OK)
    }

    pub async fn options(&self, conversation_id: i64) -> ActionOptions {
        self.read(&paths::conversation_options(conversation_id))
            .await
    }

    /// `POST …/conversations/bulk`.
    pub async fn bulk(&self, space_id: i64, request: &BulkRequest) -> Reply {
        self.post(
            &paths::space_bulk(space_id),
            serde_json::to_value(request).unwrap(),
        )
        .await
    }

    /// A bulk request that must be answered 200.
    pub async fn bulked(&self, space_id: i64, request: &BulkRequest) -> BulkOutcome {
        self.bulk(space_id, request).await.decode(StatusCode::OK)
    }

    /// The events of a conversation's thread (its newest 100 messages), oldest first.
    pub async fn events(&self, conversation_id: i64) -> Vec<Message> {
        let page: textpeak_api::MessagePage = self
            .read(&format!(
                "{}?limit=100",
                paths::conversation_messages(conversation_id)
            ))
            .await;
        page.items
            .into_iter()
            .filter(|m| m.kind == MessageKind::Event)
            .collect()
    }

    /// The event types of the thread, oldest first.
    pub async fn event_types(&self, conversation_id: i64) -> Vec<String> {
        self.events(conversation_id)
            .await
            .into_iter()
            .filter_map(|m| m.event)
            .collect()
    }

    /// TextPeak support moves the server's clock forward (`--test-clock`).
    pub async fn advance_clock(&self, seconds: i64) -> Reply {
        self.post(paths::SUPPORT_CLOCK, json!({ "seconds": seconds }))
            .await
    }
}

/// A server over a fresh seeded database with the support endpoints and the test clock on;
/// answers the router, its database and a support client.
pub fn clock_app(conversations: u32) -> (axum::Router, Db, Client) {
    let db = seeded_db(conversations);
    let state = AppState::new(db.clone(), NO_DIST)
        .with_support_token(Some(SUPPORT_TOKEN))
        .with_test_clock(true);
    let app = router(state);
    let support = Client::with_bearer(&app, SUPPORT_TOKEN).named("support");
    (app, db, support)
}

/// Ids by name, straight from the database.
pub fn user_id(db: &Db, email: &str) -> i64 {
    db.with_conn(|c| scalar(c, "SELECT id FROM users WHERE email = ?1", [email]))
}

pub fn team_id(db: &Db, space: &str, team: &str) -> i64 {
    db.with_conn(|c| {
        scalar(
            c,
            "SELECT t.id FROM teams t JOIN spaces s ON s.id = t.space_id
             JOIN tenants n ON n.id = s.tenant_id
             WHERE n.name = 'Acme Travel' AND s.name = ?1 AND t.name = ?2",
            [space, team],
        )
    })
}

pub fn space_id(db: &Db, space: &str) -> i64 {
    db.with_conn(|c| {
        scalar(
            c,
            "SELECT s.id FROM spaces s JOIN tenants n ON n.id = s.tenant_id
             WHERE n.name = 'Acme Travel' AND s.name = ?1",
            [space],
        )
    })
}

pub fn tag_id(db: &Db, name: &str) -> i64 {
    db.with_conn(|c| {
        scalar(
            c,
            "SELECT g.id FROM tags g JOIN tenants n ON n.id = g.tenant_id
             WHERE n.name = 'Acme Travel' AND g.name = ?1",
            [name],
        )
    })
}

/// Gives the user a new custom role of Acme (Agent- or Manager-based) with `disabled` flags
/// switched off (comma-separated `RoleFlag` names).
pub fn give_custom_role(db: &Db, email: &str, base: &str, disabled: &str) {
    db.with_conn(|c| {
        c.execute(
            "INSERT INTO roles (tenant_id, name, base, builtin, disabled)
             SELECT tenant_id, 'Without ' || ?2 || ' ' || ?1, ?3, 0, ?2 FROM users WHERE email = ?1",
            rusqlite::params![email, disabled, base],
        )
        .unwrap();
        let role = c.last_insert_rowid();
        c.execute(
            "UPDATE users SET role_id = ?2 WHERE email = ?1",
            rusqlite::params![email, role],
        )
        .unwrap();
    })
}

/// A conversation's status and snooze end as stored.
pub fn stored_status(db: &Db, id: i64) -> (String, Option<String>) {
    db.with_conn(|c| {
        c.query_row(
            "SELECT status, snoozed_until FROM conversations WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap()
    })
}
