//! The traffic simulator (`--simulate-traffic`): contacts write in through the inbound path,
//! the messages show in the dashboard, and a seed repeats a run.

mod common;

use std::collections::HashMap;
use std::time::Duration;

use axum::http::StatusCode;
use common::{db_scalar, own_app, Client};
use textpeak_api::{paths, ConversationDetail, ConversationStatus, Direction, MessagePage, Stream};
use textpeak_server::config::TrafficConfig;
use textpeak_server::seed::phrases::LANGS;
use textpeak_server::simulator::traffic::{self, Traffic, Visit, VisitKind};
use textpeak_server::Db;

fn inbound_count(db: &Db) -> i64 {
    db_scalar(
        db,
        "SELECT count(*) FROM messages WHERE kind = 'reply' AND direction = 'inbound'",
        [],
    )
}

async fn visits(db: &Db, seed: u64, n: usize) -> Vec<Visit> {
    let mut traffic = Traffic::new(seed);
    let mut out = Vec::new();
    for _ in 0..n {
        out.push(
            traffic
                .visit(db)
                .await
                .unwrap()
                .expect("the demo tenant has senders"),
        );
    }
    out
}

#[tokio::test]
async fn with_the_flag_on_contacts_write_in_every_interval() {
    let (_app, db) = own_app(40);
    let before = inbound_count(&db);
    let config = TrafficConfig {
        min: Duration::from_millis(20),
        max: Duration::from_millis(60),
        seed: Some(3),
    };
    let task = traffic::spawn(db.clone(), Some(config)).expect("the simulator runs");
    let deadline = tokio::time::Instant::now() + Duration::from_secs(15);
    while inbound_count(&db) < before + 5 {
        assert!(
            tokio::time::Instant::now() < deadline,
            "five simulated messages within 15 s (got {})",
            inbound_count(&db) - before
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    task.abort();
    assert!(traffic::spawn(db, None).is_none(), "off without the flag");
}

#[tokio::test]
async fn visits_follow_up_welcome_newcomers_and_wake_conversations() {
    let (app, db) = own_app(60);
    let admin = Client::bearer(&app, "admin@acme.test").await;
    let before = inbound_count(&db);
    let done = visits(&db, 11, 40).await;
    assert_eq!(
        inbound_count(&db),
        before + 40,
        "one inbound message a visit"
    );

    let of = |kind: VisitKind| done.iter().filter(move |v| v.kind == kind);
    assert!(of(VisitKind::FollowUp).count() >= 20, "mostly follow-ups");
    assert!(of(VisitKind::NewContact).count() >= 1);
    assert!(of(VisitKind::Wake).count() >= 1);
    let streams: Vec<Stream> = done.iter().map(|v| v.message.stream).collect();
    for stream in [Stream::Sms, Stream::Whatsapp, Stream::Telegram] {
        assert!(streams.contains(&stream), "{stream:?} among {streams:?}");
    }

    for visit in of(VisitKind::NewContact) {
        assert!(visit.receipt.created, "a newcomer starts a conversation");
    }
    for visit in of(VisitKind::FollowUp).chain(of(VisitKind::Wake)) {
        assert!(!visit.receipt.created, "{visit:?} joins its conversation");
    }

    // Each conversation's newest message is the last text written to it, unread, open.
    let mut last: HashMap<i64, &Visit> = HashMap::new();
    for visit in &done {
        last.insert(visit.receipt.conversation_id, visit);
    }
    for (id, visit) in last {
        let detail: ConversationDetail = admin.read(&paths::conversation(id)).await;
        assert_eq!(detail.summary.status, ConversationStatus::Open, "{visit:?}");
        assert!(detail.summary.unread_count >= 1);
        assert_eq!(detail.summary.stream, visit.message.stream);
        let thread: MessagePage = admin
            .get(&paths::conversation_messages(id))
            .await
            .decode(StatusCode::OK);
        // (A reopened conversation's event comes after the message that reopened it.)
        let newest = thread
            .items
            .iter()
            .rev()
            .find(|m| m.direction == Some(Direction::Inbound))
            .expect("an inbound message");
        assert_eq!(newest.body, visit.message.text.trim());
    }

    // The texts are the seed's, in the contact's language when their number tells it.
    for visit in of(VisitKind::FollowUp) {
        let Some(lang) = LANGS.iter().find(|l| {
            visit.message.stream != Stream::Telegram
                && l.phone_prefixes
                    .iter()
                    .any(|p| visit.message.from.starts_with(p.as_str()))
        }) else {
            continue;
        };
        let text = &visit.message.text;
        assert!(
            lang.customer_followups.contains(text) || lang.nudges.contains(text),
            "{text:?} is not one of {}'s follow-ups",
            lang.code
        );
    }
    for visit in done.iter() {
        assert!(
            !visit.message.text.contains('{'),
            "{visit:?}: a placeholder is left"
        );
    }
}

#[tokio::test]
async fn the_same_seed_writes_the_same_messages() {
    let (_, first) = own_app(30);
    let (_, second) = own_app(30);
    let key = |v: &Visit| {
        (
            v.kind,
            v.message.from.clone(),
            v.message.to.clone(),
            v.message.text.clone(),
            v.receipt.conversation_id,
        )
    };
    let a: Vec<_> = visits(&first, 5, 12).await.iter().map(key).collect();
    let b: Vec<_> = visits(&second, 5, 12).await.iter().map(key).collect();
    assert_eq!(a, b);
    let (_, third) = own_app(30);
    let c: Vec<_> = visits(&third, 6, 12).await.iter().map(key).collect();
    assert_ne!(a, c, "another seed, other messages");
}
