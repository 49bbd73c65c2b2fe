//! Snoozing: a snoozed conversation leaves the lists without a status filter, shows under
//! `status=snoozed` and in `ViewCounts.snoozed`, and comes back open with an event when its time
//! passes (the test clock, `POST /api/support/clock`), when the contact writes (simulated inbound,
//! `POST /api/support/inbound`) or by hand (Unsnooze).
//!
//! The test clock moves the whole process's clock, so these tests have a binary of their own
//! and take turns ([`CLOCK`]).

mod common;

use axum::http::StatusCode;
use common::*;
use serde_json::json;
use textpeak_api::{
    paths, ClockAdvanced, ConversationAction as A, ConversationPage, ConversationStatus, Message,
};
use textpeak_server::{clock, Db};
use tokio::sync::Mutex;

/// Held by every test of this binary while it runs: one moves the clock under another's feet
/// otherwise.
static CLOCK: Mutex<()> = Mutex::const_new(());

fn in_minutes(minutes: i64) -> String {
    clock::format(clock::now() + time::Duration::minutes(minutes))
}

async fn list(client: &Client, space: i64, query: &str) -> ConversationPage {
    client
        .read(&format!(
            "{}?limit=200&{query}",
            paths::space_conversations(space)
        ))
        .await
}

fn ids(page: &ConversationPage) -> Vec<i64> {
    page.items.iter().map(|c| c.id).collect()
}

fn contact_phone(db: &Db, conversation: i64) -> String {
    db_scalar(
        db,
        "SELECT k.phone FROM conversations c JOIN contacts k ON k.id = c.contact_id WHERE c.id = ?1",
        [conversation],
    )
}

#[tokio::test]
async fn a_snoozed_conversation_leaves_the_list_and_comes_back_when_its_time_passes() {
    let _turn = CLOCK.lock().await;
    let (app, db, support) = clock_app(30);
    let agent = Client::bearer(&app, "agent@acme.test").await;
    let support_space = space_id(&db, "Support");
    let id = craft(&db, &Crafted::new("Acme Support SMS", "Customer Care"));
    let before = list(&agent, support_space, "").await;
    assert!(ids(&before).contains(&id));
    assert_eq!(before.counts.snoozed, 0);

    let until = in_minutes(90);
    let d = agent
        .acted(
            id,
            &A::Snooze {
                until: until.clone(),
            },
        )
        .await;
    assert_eq!(d.summary.status, ConversationStatus::Snoozed);

    // Gone from the default list and from Open; alone under Snoozed, with its time.
    let all = list(&agent, support_space, "").await;
    assert!(!ids(&all).contains(&id));
    assert_eq!(all.counts.all, before.counts.all - 1);
    assert_eq!(all.counts.snoozed, 1);
    let open = list(&agent, support_space, "status=open").await;
    assert!(!ids(&open).contains(&id));
    let snoozed = list(&agent, support_space, "status=snoozed").await;
    assert_eq!(ids(&snoozed), [id]);
    assert_eq!(
        snoozed.items[0].snoozed_until.as_deref(),
        Some(until.as_str())
    );
    assert_eq!(snoozed.counts.all, 1);
    assert_eq!(snoozed.counts.snoozed, 1);
    // The count follows the view: it is nobody's, so Mine has no snoozed conversation.
    let mine = list(&agent, support_space, "view=mine").await;
    assert_eq!(mine.counts.snoozed, 0);
    let unassigned = list(&agent, support_space, "view=unassigned").await;
    assert_eq!(unassigned.counts.snoozed, 1);

    // Not yet: an hour later it still sleeps.
    let moved: ClockAdvanced = support.advance_clock(3600).await.decode(StatusCode::OK);
    assert_eq!(moved.woken, 0);
    assert_eq!(stored_status(&db, id).0, "snoozed");
    // Half an hour more and it is due: open again, at the top of the list, with an event
    // nobody caused.
    let moved: ClockAdvanced = support.advance_clock(1800).await.decode(StatusCode::OK);
    assert_eq!(moved.woken, 1);
    assert!(moved.now >= until, "{} < {until}", moved.now);
    assert_eq!(stored_status(&db, id), ("open".into(), None));
    let back = list(&agent, support_space, "").await;
    assert_eq!(back.items[0].id, id, "it comes back at the top");
    assert_eq!(back.items[0].snoozed_until, None);
    assert_eq!(back.counts.snoozed, 0);
    let events: Vec<Message> = agent.events(id).await;
    let last = events.last().unwrap();
    assert_eq!(last.event.as_deref(), Some("snooze_ended"));
    assert_eq!(last.author, None);
    assert!(last.created_at >= until);
}

#[tokio::test]
async fn the_contact_writing_wakes_a_snoozed_conversation() {
    let _turn = CLOCK.lock().await;
    let (app, db, support) = clock_app(30);
    let agent = Client::bearer(&app, "agent@acme.test").await;
    let id = craft(&db, &Crafted::new("Acme Support SMS", "Customer Care"));
    agent
        .acted(
            id,
            &A::Snooze {
                until: in_minutes(24 * 60),
            },
        )
        .await;
    // A reply from the agent keeps it snoozed: it waits for the contact.
    agent.reply(id, "We will get back to you tomorrow").await;
    assert_eq!(stored_status(&db, id).0, "snoozed");

    let receipt = support
        .post(
            paths::SUPPORT_INBOUND,
            json!({
                "stream": "sms",
                "to": "+442079460123",
                "from": contact_phone(&db, id),
                "text": "Any news?"
            }),
        )
        .await;
    let receipt: textpeak_api::InboundReceipt = receipt.decode(StatusCode::OK);
    assert_eq!(receipt.conversation_id, id);
    assert_eq!(stored_status(&db, id), ("open".into(), None));
    let page = agent.thread(id).await;
    let tail: Vec<(Option<&str>, &str)> = page
        .items
        .iter()
        .rev()
        .take(2)
        .map(|m| (m.event.as_deref(), m.body.as_str()))
        .collect();
    assert_eq!(
        tail,
        [(None, "Any news?"), (Some("woken_by_contact"), "")],
        "the event, then the message"
    );
    let woken = &page.items[page.items.len() - 2];
    assert_eq!(woken.author, None);
    // Its old time passing later changes nothing.
    let moved: ClockAdvanced = support
        .advance_clock(2 * 24 * 3600)
        .await
        .decode(StatusCode::OK);
    assert_eq!(moved.woken, 0);
    assert_eq!(
        agent
            .event_types(id)
            .await
            .iter()
            .filter(|e| e.as_str() == "snooze_ended")
            .count(),
        0
    );
}

#[tokio::test]
async fn unsnooze_and_close_end_a_snooze_by_hand() {
    let _turn = CLOCK.lock().await;
    let (app, db, support) = clock_app(30);
    let agent = Client::bearer(&app, "agent@acme.test").await;
    let (a, b) = (
        craft(&db, &Crafted::new("Acme Support SMS", "Customer Care")),
        craft(&db, &Crafted::new("Acme Support SMS", "Customer Care")),
    );
    let until = in_minutes(30);
    for id in [a, b] {
        agent
            .acted(
                id,
                &A::Snooze {
                    until: until.clone(),
                },
            )
            .await;
    }
    // Snoozing again until another time moves the end; the same time changes nothing.
    let later = in_minutes(45);
    agent
        .acted(
            a,
            &A::Snooze {
                until: later.clone(),
            },
        )
        .await;
    agent
        .acted(
            a,
            &A::Snooze {
                until: later.clone(),
            },
        )
        .await;
    assert_eq!(stored_status(&db, a), ("snoozed".into(), Some(later)));

    let d = agent.acted(a, &A::Unsnooze).await;
    assert_eq!(d.summary.status, ConversationStatus::Open);
    let d = agent.acted(b, &A::Close).await;
    assert_eq!(d.summary.status, ConversationStatus::Closed);
    assert_eq!(stored_status(&db, b), ("closed".into(), None));

    let moved: ClockAdvanced = support.advance_clock(3600).await.decode(StatusCode::OK);
    assert_eq!(moved.woken, 0, "nothing left to wake");
    let me = user_id(&db, "agent@acme.test");
    let events = agent.events(a).await;
    let types: Vec<&str> = events.iter().filter_map(|e| e.event.as_deref()).collect();
    assert_eq!(types, ["snoozed", "snoozed", "unsnoozed"]);
    assert_eq!(events[2].author.as_ref().map(|u| u.id), Some(me));
    assert_eq!(agent.event_types(b).await, ["snoozed", "closed"]);
    // The trainee may reopen but not close, so may unsnooze but not snooze.
    let trainee = Client::bearer(&app, "tom@acme.test").await;
    let c = craft(&db, &Crafted::new("Acme Support SMS", "Customer Care"));
    trainee
        .act(
            c,
            &A::Snooze {
                until: in_minutes(60),
            },
        )
        .await
        .expect(StatusCode::FORBIDDEN);
    agent
        .acted(
            c,
            &A::Snooze {
                until: in_minutes(60),
            },
        )
        .await;
    trainee.acted(c, &A::Unsnooze).await;
}

#[tokio::test]
async fn the_test_clock_is_for_support_on_a_test_server_only() {
    let _turn = CLOCK.lock().await;
    let (app, _db, support) = clock_app(10);
    let admin = Client::bearer(&app, "admin@acme.test").await;
    admin.advance_clock(60).await.expect(StatusCode::FORBIDDEN);
    Client::anonymous(&app)
        .advance_clock(60)
        .await
        .expect(StatusCode::UNAUTHORIZED);
    for seconds in [0, -60, 400 * 24 * 3600] {
        support
            .advance_clock(seconds)
            .await
            .expect_invalid("seconds");
    }
    // A server without --test-clock has no such endpoint, support token or not.
    let plain = textpeak_server::router(
        textpeak_server::AppState::new(seeded_db(0), NO_DIST)
            .with_support_token(Some(SUPPORT_TOKEN)),
    );
    Client::with_bearer(&plain, SUPPORT_TOKEN)
        .advance_clock(60)
        .await
        .expect(StatusCode::NOT_FOUND);
    let before = clock::now();
    let moved: ClockAdvanced = support.advance_clock(120).await.decode(StatusCode::OK);
    let now = clock::parse(&moved.now).unwrap();
    // (The answer is in whole milliseconds.)
    assert!(now - before >= time::Duration::seconds(120) - time::Duration::milliseconds(1));
    assert!(clock::now() >= now, "the server's now moved too");
}
