//! Delivery statuses: the providers' status callback (`POST /api/support/delivery-status`),
//! which only ever moves a status forward whatever order callbacks arrive in, and the delivery
//! simulator, which moves replies through their channel's statuses by that same code, with a
//! fixed seed, and paces Telegram replies a second apart per chat.

mod common;

use std::time::Duration;

use axum::http::StatusCode;
use axum::Router;
use common::*;
use serde_json::json;
use textpeak_api::{paths, DeliveryStatus, ErrorCode, Message};
use textpeak_server::config::{DeliveryConfig, DeliveryMode};
use textpeak_server::seed::phrases;
use textpeak_server::{clock, router, simulator, AppState, Db};

const SUPPORT_TOKEN: &str = "support-token-for-delivery-tests-0123";

/// A server over the shared seeded database, with the support endpoints and no simulator.
fn support_app() -> Router {
    router(seeded_state().with_support_token(Some(SUPPORT_TOKEN)))
}

/// A server over a database of its own with the simulator running as configured.
fn simulated(config: DeliveryConfig) -> (Router, Db) {
    let db = seeded_db(20);
    let state = AppState::new(db.clone(), NO_DIST).with_support_token(Some(SUPPORT_TOKEN));
    simulator::spawn(db.clone(), config, state.delivery_wake.clone()).expect("a simulator");
    (router(state), db)
}

fn instant(failure_rate: f64) -> DeliveryConfig {
    DeliveryConfig {
        mode: DeliveryMode::Instant,
        failure_rate,
        seed: Some(12_345),
    }
}

async fn callback(support: &Client, message_id: i64, status: &str) -> Message {
    support
        .post(
            paths::SUPPORT_DELIVERY_STATUS,
            json!({ "message_id": message_id, "status": status }),
        )
        .await
        .decode(StatusCode::OK)
}

/// The message's status and when it last changed, as stored.
fn stored_status(db: &Db, id: i64) -> (String, String) {
    db.with_conn(|c| {
        c.query_row(
            "SELECT status, status_changed_at FROM messages WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap()
    })
}

/// Waits (up to `limit`) until every message has a final status on `stream`; answers them.
async fn until_final(
    client: &Client,
    conversation: i64,
    ids: &[i64],
    limit: Duration,
) -> Vec<Message> {
    let started = std::time::Instant::now();
    loop {
        let thread = client.thread(conversation).await;
        let stream = client
            .read::<textpeak_api::ConversationDetail>(&paths::conversation(conversation))
            .await
            .summary
            .stream;
        let mine: Vec<Message> = thread
            .items
            .into_iter()
            .filter(|m| ids.contains(&m.id))
            .collect();
        if mine.len() == ids.len() && mine.iter().all(|m| m.status.unwrap().is_final(stream)) {
            return mine;
        }
        assert!(
            started.elapsed() < limit,
            "not final after {limit:?}: {:?}",
            mine.iter().map(|m| m.status).collect::<Vec<_>>()
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test]
async fn callbacks_out_of_order_never_move_a_status_backwards() {
    let app = support_app();
    let support = Client::with_bearer(&app, SUPPORT_TOKEN);
    let agent = Client::bearer(&app, "agent@acme.test").await;
    let db = seeded_state().db;

    let whatsapp = craft(&db, &Crafted::new("Acme Support WhatsApp", "Customer Care"));
    let sent = agent.reply(whatsapp, "Your seats are confirmed.").await;
    assert_eq!(sent.status, Some(DeliveryStatus::Queued));
    let read = callback(&support, sent.id, "read").await;
    assert_eq!(read.status, Some(DeliveryStatus::Read));
    assert_eq!(read.client_id, sent.client_id);
    for late in ["delivered", "sent", "queued", "failed", "read"] {
        let now = callback(&support, sent.id, late).await;
        assert_eq!(
            now.status,
            Some(DeliveryStatus::Read),
            "after a late {late}"
        );
        assert_eq!(now.failure_reason, None);
    }
    assert_eq!(stored_status(&db, sent.id).0, "read");

    // Failed, with the provider's reason or a default one; nothing follows a failure.
    let sms = craft(&db, &Crafted::new("Acme Support SMS", "Customer Care"));
    let first = agent.reply(sms, "Please confirm your new date.").await;
    assert_eq!(
        callback(&support, first.id, "sent").await.status,
        Some(DeliveryStatus::Sent)
    );
    let failed: Message = support
        .post(
            paths::SUPPORT_DELIVERY_STATUS,
            json!({ "message_id": first.id, "status": "failed",
                    "reason": "Carrier rejected: number unreachable (30003)" }),
        )
        .await
        .decode(StatusCode::OK);
    assert_eq!(failed.status, Some(DeliveryStatus::Failed));
    assert_eq!(
        failed.failure_reason.as_deref(),
        Some("Carrier rejected: number unreachable (30003)")
    );
    let after = callback(&support, first.id, "delivered").await;
    assert_eq!(after.status, Some(DeliveryStatus::Failed));
    let second = agent.reply(sms, "Second try.").await;
    let failed = callback(&support, second.id, "failed").await;
    assert!(failed.failure_reason.is_some());

    // Statuses a channel does not have; messages that are not outbound replies.
    let p = support
        .post(
            paths::SUPPORT_DELIVERY_STATUS,
            json!({ "message_id": second.id, "status": "read" }),
        )
        .await
        .expect_invalid("status");
    assert!(p.title.contains("sms"), "{p:?}");
    let telegram = craft(&db, &Crafted::new("Acme Travel Bot", "Customer Care"));
    let bot = agent.reply(telegram, "Hello from the bot.").await;
    support
        .post(
            paths::SUPPORT_DELIVERY_STATUS,
            json!({ "message_id": bot.id, "status": "delivered" }),
        )
        .await
        .expect_invalid("status");
    let note: Message = agent
        .send_message(telegram, note_body("A note"))
        .await
        .decode(StatusCode::CREATED);
    for id in [note.id, 999_999_999] {
        support
            .post(
                paths::SUPPORT_DELIVERY_STATUS,
                json!({ "message_id": id, "status": "sent" }),
            )
            .await
            .expect_problem(StatusCode::NOT_FOUND, ErrorCode::NotFound);
    }

    // Support only.
    agent
        .post(
            paths::SUPPORT_DELIVERY_STATUS,
            json!({ "message_id": bot.id, "status": "sent" }),
        )
        .await
        .expect_problem(StatusCode::FORBIDDEN, ErrorCode::Forbidden);
    Client::with_bearer(&common::app(), SUPPORT_TOKEN)
        .post(
            paths::SUPPORT_DELIVERY_STATUS,
            json!({ "message_id": bot.id, "status": "sent" }),
        )
        .await
        .expect(StatusCode::NOT_FOUND);
    assert_eq!(stored_status(&db, bot.id).0, "queued");
}

#[tokio::test]
async fn the_simulator_delivers_every_channel_and_paces_telegram() {
    let (app, db) = simulated(instant(0.0));
    let agent = Client::bearer(&app, "agent@acme.test").await;

    let sms = craft(&db, &Crafted::new("Acme Support SMS", "Customer Care"));
    let whatsapp = craft(&db, &Crafted::new("Acme Support WhatsApp", "Customer Care"));
    let telegram = craft(&db, &Crafted::new("Acme Travel Bot", "Customer Care"));
    let other_chat = craft(&db, &Crafted::new("Acme Travel Bot", "Customer Care"));

    let sms_reply = agent.reply(sms, "Your booking is confirmed.").await;
    let wa_reply = agent.reply(whatsapp, "Here is your itinerary.").await;
    // Three quick replies in one chat, one in another.
    let mut bot = Vec::new();
    for text in ["First", "Second", "Third"] {
        bot.push(agent.reply(telegram, text).await.id);
    }
    let elsewhere = agent.reply(other_chat, "Meanwhile, elsewhere").await;
    // Sent one at a time: while the first goes out, the third is still queued.
    tokio::time::sleep(Duration::from_millis(600)).await;
    let early: Vec<String> = bot.iter().map(|id| stored_status(&db, *id).0).collect();
    assert_eq!(early[2], "queued", "{early:?}");

    let limit = Duration::from_secs(8);
    let done = until_final(&agent, sms, &[sms_reply.id], limit).await;
    assert_eq!(done[0].status, Some(DeliveryStatus::Delivered));
    let done = until_final(&agent, whatsapp, &[wa_reply.id], limit).await;
    assert_eq!(done[0].status, Some(DeliveryStatus::Read));
    let done = until_final(&agent, telegram, &bot, limit).await;
    assert!(done.iter().all(|m| m.status == Some(DeliveryStatus::Sent)));
    until_final(&agent, other_chat, &[elsewhere.id], limit).await;

    // In order, at least a second apart in the chat; the other chat was not held up.
    let times: Vec<time::OffsetDateTime> = bot
        .iter()
        .map(|id| clock::parse(&stored_status(&db, *id).1).unwrap())
        .collect();
    for pair in times.windows(2) {
        let gap = pair[1] - pair[0];
        assert!(
            gap >= time::Duration::milliseconds(1000),
            "{gap} between sends"
        );
    }
    let other = clock::parse(&stored_status(&db, elsewhere.id).1).unwrap();
    assert!(other < times[2], "the other chat waited for this one");

    // A reply right after the burst still waits its second.
    let fourth = agent.reply(telegram, "Fourth").await;
    until_final(&agent, telegram, &[fourth.id], limit).await;
    let fourth_at = clock::parse(&stored_status(&db, fourth.id).1).unwrap();
    assert!(fourth_at - times[2] >= time::Duration::milliseconds(1000));
}

#[tokio::test]
async fn with_every_message_failing_each_fails_with_its_channels_reason() {
    let (app, db) = simulated(instant(1.0));
    let agent = Client::bearer(&app, "agent@acme.test").await;
    let limit = Duration::from_secs(6);
    for (profile, reasons) in [
        ("Acme Support SMS", phrases::SMS_FAILURES),
        ("Acme Support WhatsApp", phrases::WHATSAPP_FAILURES),
        ("Acme Travel Bot", phrases::TELEGRAM_FAILURES),
    ] {
        let id = craft(&db, &Crafted::new(profile, "Customer Care"));
        let reply = agent.reply(id, "This one will not arrive.").await;
        let done = until_final(&agent, id, &[reply.id], limit).await;
        assert_eq!(done[0].status, Some(DeliveryStatus::Failed), "{profile}");
        let reason = done[0].failure_reason.as_deref().unwrap();
        assert!(reasons.contains(&reason), "{profile}: {reason}");
    }
    // Seeded history is left alone: only the Inbox's messages are the simulator's.
    let queued: i64 = db_scalar(
        &db,
        "SELECT count(*) FROM messages WHERE client_id IS NULL AND status = 'queued'",
        [],
    );
    tokio::time::sleep(Duration::from_millis(800)).await;
    let still: i64 = db_scalar(
        &db,
        "SELECT count(*) FROM messages WHERE client_id IS NULL AND status = 'queued'",
        [],
    );
    assert_eq!(queued, still);
}

#[tokio::test]
async fn the_simulator_picks_up_what_was_queued_before_it_started() {
    let db = seeded_db(20);
    let state = AppState::new(db.clone(), NO_DIST);
    let app = router(state.clone());
    let agent = Client::bearer(&app, "agent@acme.test").await;
    let id = craft(&db, &Crafted::new("Acme Support WhatsApp", "Customer Care"));
    let reply = agent.reply(id, "Sent while the simulator was down.").await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(stored_status(&db, reply.id).0, "queued");
    assert!(simulator::spawn(
        db.clone(),
        DeliveryConfig {
            mode: DeliveryMode::Off,
            ..instant(0.0)
        },
        state.delivery_wake.clone()
    )
    .is_none());
    simulator::spawn(db.clone(), instant(0.0), state.delivery_wake.clone()).unwrap();
    let done = until_final(&agent, id, &[reply.id], Duration::from_secs(6)).await;
    assert_eq!(done[0].status, Some(DeliveryStatus::Read));
}
