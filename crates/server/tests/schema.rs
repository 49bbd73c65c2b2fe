//! The rules of product.md §2 that the schema itself enforces.

mod common;

use common::insert as exec;
use rusqlite::{params, Connection};
use textpeak_server::Db;

struct Fixture {
    tenant: i64,
    other_tenant: i64,
    conversation: i64,
    sms_conversation: i64,
}

/// A tenant with one space, team, WhatsApp and SMS profiles, a contact, and a conversation on
/// each profile; plus a second tenant.
fn fixture(conn: &Connection) -> Fixture {
    let tenant = exec(conn, "INSERT INTO tenants (name) VALUES ('T')", []).unwrap();
    let other_tenant = exec(conn, "INSERT INTO tenants (name) VALUES ('U')", []).unwrap();
    let space = exec(
        conn,
        "INSERT INTO spaces (tenant_id, name) VALUES (?1, 'S')",
        [tenant],
    )
    .unwrap();
    let team = exec(
        conn,
        "INSERT INTO teams (space_id, name) VALUES (?1, 'Team')",
        [space],
    )
    .unwrap();
    let profile = |name: &str, stream: &str| {
        exec(
            conn,
            "INSERT INTO sender_profiles (tenant_id, space_id, name, stream) VALUES (?1, ?2, ?3, ?4)",
            params![tenant, space, name, stream],
        )
        .unwrap()
    };
    let whatsapp = profile("WA", "whatsapp");
    let sms = profile("SMS", "sms");
    let contact = exec(
        conn,
        "INSERT INTO contacts (tenant_id, phone) VALUES (?1, '+4915112345678')",
        [tenant],
    )
    .unwrap();
    let conversation = |profile: i64, stream: &str| {
        exec(
            conn,
            "INSERT INTO conversations (tenant_id, space_id, team_id, contact_id, sender_profile_id,
                stream, last_activity_at, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, '2025-01-01T00:00:00.000Z', '2025-01-01T00:00:00.000Z')",
            params![tenant, space, team, contact, profile, stream],
        )
        .unwrap()
    };
    Fixture {
        tenant,
        other_tenant,
        conversation: conversation(whatsapp, "whatsapp"),
        sms_conversation: conversation(sms, "sms"),
    }
}

fn with_fixture(test: impl FnOnce(&Connection, &Fixture)) {
    let db = Db::open_in_memory().unwrap();
    db.with_conn(|conn| {
        let f = fixture(conn);
        test(conn, &f);
    });
}

fn user(conn: &Connection, tenant: i64, email: &str, owner: bool) -> rusqlite::Result<i64> {
    exec(
        conn,
        "INSERT INTO users (tenant_id, email, name, password_hash, is_owner, inbox_permission)
         VALUES (?1, ?2, 'N', 'x', ?3, 1)",
        params![tenant, email, owner],
    )
}

#[test]
fn tag_names_are_unique_per_tenant_ignoring_case() {
    with_fixture(|conn, f| {
        let tag = |tenant: i64, name: &str| {
            conn.execute(
                "INSERT INTO tags (tenant_id, name, color) VALUES (?1, ?2, '#112233')",
                params![tenant, name],
            )
        };
        tag(f.tenant, "VIP").unwrap();
        assert!(tag(f.tenant, "vip").is_err());
        tag(f.other_tenant, "vip").unwrap();
        assert!(conn
            .execute(
                "INSERT INTO tags (tenant_id, name, color) VALUES (?1, 'x', 'red')",
                [f.tenant]
            )
            .is_err());
    });
}

#[test]
fn a_tenant_has_at_most_one_owner_and_emails_are_unique() {
    with_fixture(|conn, f| {
        user(conn, f.tenant, "a@t.test", true).unwrap();
        assert!(user(conn, f.tenant, "b@t.test", true).is_err());
        user(conn, f.tenant, "b@t.test", false).unwrap();
        user(conn, f.other_tenant, "c@t.test", true).unwrap();
        assert!(
            user(conn, f.other_tenant, "A@T.test", false).is_err(),
            "e-mail ignores case"
        );
    });
}

#[test]
fn a_tenant_has_at_most_one_pending_access_request() {
    with_fixture(|conn, f| {
        let request = || {
            conn.execute(
                "INSERT INTO access_requests (tenant_id, requested_at) VALUES (?1, '2025-01-01T00:00:00.000Z')",
                [f.tenant],
            )
        };
        request().unwrap();
        assert!(
            request().is_err(),
            "a double click creates exactly one request"
        );
        conn.execute(
            "UPDATE access_requests SET status = 'declined', reviewed_at = '2025-01-02T00:00:00.000Z'",
            [],
        )
        .unwrap();
        request().unwrap();
    });
}

#[test]
fn delivery_status_only_moves_forward() {
    with_fixture(|conn, f| {
        let message = |status: &str| {
            exec(
                conn,
                "INSERT INTO messages (conversation_id, kind, direction, body, status, created_at)
                 VALUES (?1, 'reply', 'outbound', 'hi', ?2, '2025-01-01T00:00:00.000Z')",
                params![f.conversation, status],
            )
            .unwrap()
        };
        let set = |id: i64, status: &str| {
            conn.execute(
                "UPDATE messages SET status = ?2, failure_reason = CASE WHEN ?2 = 'failed' THEN 'x' END WHERE id = ?1",
                params![id, status],
            )
        };
        let m = message("queued");
        set(m, "sent").unwrap();
        set(m, "delivered").unwrap();
        assert!(set(m, "sent").is_err());
        set(m, "read").unwrap();
        let err = set(m, "delivered").unwrap_err();
        assert!(err.to_string().contains("only moves forward"), "{err}");
        assert!(set(m, "failed").is_err());

        let failed = message("sent");
        set(failed, "failed").unwrap();
        assert!(set(failed, "delivered").is_err());
        // Setting the same status again (a duplicate callback) is harmless.
        set(failed, "failed").unwrap();
    });
}

#[test]
fn messages_keep_their_shape_and_channel_receipts() {
    with_fixture(|conn, f| {
        let insert = |conv: i64,
                      kind: &str,
                      direction: Option<&str>,
                      event: Option<&str>,
                      status: Option<&str>| {
            conn.execute(
                "INSERT INTO messages (conversation_id, kind, direction, event_type, status, body, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, 'b', '2025-01-01T00:00:00.000Z')",
                params![conv, kind, direction, event, status],
            )
        };
        let c = f.conversation;
        insert(c, "reply", Some("inbound"), None, None).unwrap();
        insert(c, "note", None, None, None).unwrap();
        insert(c, "event", None, Some("closed"), None).unwrap();
        assert!(
            insert(c, "note", Some("outbound"), None, None).is_err(),
            "notes have no direction"
        );
        assert!(
            insert(c, "reply", None, None, None).is_err(),
            "replies have one"
        );
        assert!(
            insert(c, "event", None, None, None).is_err(),
            "events have a type"
        );
        assert!(insert(c, "reply", Some("inbound"), None, Some("sent")).is_err());
        assert!(insert(c, "reply", Some("outbound"), None, None).is_err());
        assert!(
            insert(c, "reply", Some("outbound"), None, Some("failed")).is_err(),
            "needs a reason"
        );
        insert(c, "reply", Some("outbound"), None, Some("read")).unwrap();
        assert!(
            insert(
                f.sms_conversation,
                "reply",
                Some("outbound"),
                None,
                Some("read")
            )
            .is_err(),
            "SMS has no read receipts"
        );
        insert(
            f.sms_conversation,
            "reply",
            Some("outbound"),
            None,
            Some("delivered"),
        )
        .unwrap();
    });
}

#[test]
fn roles_senders_and_contacts_follow_the_rules() {
    with_fixture(|conn, f| {
        assert!(
            conn.execute(
                "INSERT INTO roles (tenant_id, name, base) VALUES (?1, 'Super', 'admin')",
                [f.tenant]
            )
            .is_err(),
            "custom roles are Manager- or Agent-based"
        );
        conn.execute(
            "INSERT INTO roles (tenant_id, name, base, disabled) VALUES (?1, 'Junior', 'agent', 'close')",
            [f.tenant],
        )
        .unwrap();
        assert!(conn
            .execute(
                "INSERT INTO roles (tenant_id, name, base) VALUES (?1, 'junior', 'manager')",
                [f.tenant]
            )
            .is_err());

        let wa_profile: i64 = conn
            .query_row(
                "SELECT id FROM sender_profiles WHERE stream = 'whatsapp'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert!(
            conn.execute(
                "INSERT INTO senders (tenant_id, stream, address, sender_profile_id) VALUES (?1, 'sms', '+14155550100', ?2)",
                params![f.tenant, wa_profile],
            )
            .is_err(),
            "a sender joins a profile of its own stream"
        );
        assert!(
            conn.execute(
                "INSERT INTO senders (tenant_id, stream, address) VALUES (?1, 'sms', '4155550100')",
                [f.tenant],
            )
            .is_err(),
            "E.164"
        );
        conn.execute(
            "INSERT INTO senders (tenant_id, stream, address, sender_profile_id) VALUES (?1, 'whatsapp', '+14155550100', ?2)",
            params![f.tenant, wa_profile],
        )
        .unwrap();
        assert!(conn
            .execute(
                "INSERT INTO senders (tenant_id, stream, address) VALUES (?1, 'whatsapp', '+14155550100')",
                [f.tenant],
            )
            .is_err(), "one row per sender");

        assert!(
            conn.execute(
                "INSERT INTO contacts (tenant_id, name) VALUES (?1, 'Nobody')",
                [f.tenant]
            )
            .is_err(),
            "a contact needs a phone or a Telegram handle"
        );
        assert!(
            conn.execute(
                "INSERT INTO contacts (tenant_id, phone) VALUES (?1, '+4915112345678')",
                [f.tenant]
            )
            .is_err(),
            "phone unique per tenant"
        );
        conn.execute(
            "INSERT INTO contacts (tenant_id, phone) VALUES (?1, '+4915112345678')",
            [f.other_tenant],
        )
        .unwrap();
    });
}

#[test]
fn one_conversation_per_contact_profile_and_team() {
    with_fixture(|conn, _| {
        let dup = conn.execute(
            "INSERT INTO conversations (tenant_id, space_id, team_id, contact_id, sender_profile_id,
                stream, last_activity_at, created_at)
             SELECT tenant_id, space_id, team_id, contact_id, sender_profile_id, stream,
                last_activity_at, created_at FROM conversations LIMIT 1",
            [],
        );
        assert!(dup.is_err());
    });
}

#[test]
fn conversations_cannot_point_across_tenants() {
    with_fixture(|conn, f| {
        let foreign_contact = exec(
            conn,
            "INSERT INTO contacts (tenant_id, telegram_handle) VALUES (?1, 'someone')",
            [f.other_tenant],
        )
        .unwrap();
        let err = conn.execute(
            "UPDATE conversations SET contact_id = ?1 WHERE id = ?2",
            params![foreign_contact, f.conversation],
        );
        assert!(err.is_err());
        let stranger = user(conn, f.other_tenant, "x@u.test", false).unwrap();
        assert!(conn
            .execute(
                "UPDATE conversations SET assignee_id = ?1 WHERE id = ?2",
                params![stranger, f.conversation],
            )
            .is_err());
    });
}

/// Migration 0004 edits two CHECK constraints in place (see its header): on a database that
/// already holds conversations and messages at version 3, every row survives, the new statuses
/// and events are allowed, and the rules around them hold.
#[test]
fn the_actions_migration_keeps_a_populated_database_and_widens_its_checks() {
    let dir = common::temp_dir("migration-0004");
    let path = dir.join("v3.db");
    {
        let mut conn = Connection::open(&path).unwrap();
        conn.pragma_update(None, "foreign_keys", "ON").unwrap();
        rusqlite_migration::Migrations::new(vec![
            rusqlite_migration::M::up(include_str!("../migrations/0001_domain.sql")),
            rusqlite_migration::M::up(include_str!("../migrations/0002_dashboard_search.sql")),
            rusqlite_migration::M::up(include_str!("../migrations/0003_composer.sql")),
        ])
        .to_latest(&mut conn)
        .unwrap();
        textpeak_server::seed::seed(&mut conn, 40).unwrap();
        // Version 3 refuses what 0004 allows.
        assert!(conn
            .execute(
                "UPDATE conversations SET status = 'snoozed' WHERE id = 1",
                []
            )
            .is_err());
    }
    let count = |conn: &Connection, sql: &str| -> i64 { common::scalar(conn, sql, []) };
    let before = {
        let conn = Connection::open(&path).unwrap();
        (
            count(&conn, "SELECT count(*) FROM conversations"),
            count(&conn, "SELECT count(*) FROM messages"),
        )
    };
    let db = Db::open(&path).unwrap();
    db.with_conn(|conn| {
        // Migrated to the latest version (0005, the event log, came after 0004).
        assert_eq!(count(conn, "PRAGMA user_version"), 5);
        assert_eq!(
            (
                count(conn, "SELECT count(*) FROM conversations"),
                count(conn, "SELECT count(*) FROM messages"),
            ),
            before
        );
        assert!(before.0 >= 40 && before.1 > before.0);
        // Snoozed needs its time, and only while snoozed.
        assert!(conn
            .execute("UPDATE conversations SET status = 'snoozed' WHERE id = 1", [])
            .is_err());
        conn.execute(
            "UPDATE conversations SET status = 'snoozed', snoozed_until = '2030-01-01T00:00:00.000Z'
             WHERE id = 1",
            [],
        )
        .unwrap();
        assert!(conn
            .execute("UPDATE conversations SET status = 'open' WHERE id = 1", [])
            .is_err());
        assert!(conn
            .execute("UPDATE conversations SET status = 'paused', snoozed_until = NULL WHERE id = 1", [])
            .is_err());
        for event in ["moved", "snoozed", "unsnoozed", "snooze_ended", "woken_by_contact", "started"] {
            let until = (event == "snoozed").then_some("2030-01-01T00:00:00.000Z");
            conn.execute(
                "INSERT INTO messages (conversation_id, kind, event_type, event_until, created_at)
                 VALUES (1, 'event', ?1, ?2, '2026-01-01T00:00:00.000Z')",
                params![event, until],
            )
            .unwrap_or_else(|e| panic!("{event}: {e}"));
        }
        assert!(conn
            .execute(
                "INSERT INTO messages (conversation_id, kind, event_type, created_at)
                 VALUES (1, 'event', 'exploded', '2026-01-01T00:00:00.000Z')",
                [],
            )
            .is_err());
        assert!(
            conn.execute(
                "INSERT INTO messages (conversation_id, kind, event_type, event_until, created_at)
                 VALUES (1, 'event', 'closed', '2030-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')",
                [],
            )
            .is_err(),
            "only snoozed events have a time"
        );
        let mut fk = conn.prepare("PRAGMA foreign_key_check").unwrap();
        assert!(!fk.exists([]).unwrap(), "foreign key violations");
        let check: String = conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap();
        assert_eq!(check, "ok");
    });
}
