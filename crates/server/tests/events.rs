//! Live updates over real HTTP: `GET /api/events` (Server-Sent Events) and presence. What a
//! colleague's stream receives of each change, in order; privacy per subscriber; resuming with
//! `Last-Event-ID` (and `reset` when the log no longer reaches back); cookie and bearer
//! streams; other tenants; presence and its expiry; shutdown.

mod common;

use std::collections::BTreeSet;
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use axum::Router;
use common::*;
use http_body_util::BodyExt;
use serde_json::{json, Value};
use textpeak_api::live::{ConversationChange, HiddenReason, LiveEvent, PresenceUpdate};
use textpeak_api::{paths, ConversationAction as A, MessageKind};
use textpeak_server::config::LiveConfig;
use textpeak_server::{router, AppState, Db};
use tower::ServiceExt;

const WAIT: Duration = Duration::from_secs(10);

/// Short timings, so that heartbeats, polls and expiries happen within a test.
fn test_live_config() -> LiveConfig {
    LiveConfig {
        heartbeat: Duration::from_millis(400),
        poll: Duration::from_millis(200),
        presence_viewing_ttl: Duration::from_millis(1500),
        presence_typing_ttl: Duration::from_millis(700),
        presence_sweep: Duration::from_millis(100),
        ..LiveConfig::default()
    }
}

/// A server over its own seeded database with live updates and the support endpoints.
fn live_app(config: LiveConfig) -> (Router, AppState, Client) {
    let db = seeded_db(SEEDED_CONVERSATIONS);
    let state = AppState::new(db, NO_DIST)
        .with_support_token(Some(SUPPORT_TOKEN))
        .with_live(config);
    let app = router(state.clone());
    let support = Client::with_bearer(&app, SUPPORT_TOKEN).named("support");
    (app, state, support)
}

/// One event of a stream.
#[derive(Debug, Clone)]
struct Sse {
    id: Option<i64>,
    name: String,
    data: String,
}

impl Sse {
    fn event(&self) -> LiveEvent {
        serde_json::from_str(&self.data).unwrap_or_else(|e| panic!("{e}: {}", self.data))
    }
}

/// A stream read as a browser would: raw text, split into events.
struct EventStream {
    body: Body,
    buffer: String,
    /// Everything received, comments included.
    raw: String,
    label: String,
}

impl EventStream {
    async fn open(client: &Client, last_event_id: Option<&str>) -> EventStream {
        let mut req = Request::get(paths::EVENTS);
        if let Some(id) = last_event_id {
            req = req.header("last-event-id", id);
        }
        EventStream::open_request(client, req.body(Body::empty()).unwrap()).await
    }

    async fn open_request(client: &Client, req: Request<Body>) -> EventStream {
        let label = format!("{} {}", client.token().len(), req.uri());
        let res = client
            .app
            .clone()
            .oneshot(client.authed(req))
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::OK, "{label}");
        assert_eq!(
            res.headers()[header::CONTENT_TYPE],
            "text/event-stream",
            "{label}"
        );
        assert!(
            res.headers().get(header::CONTENT_ENCODING).is_none(),
            "an event stream is never compressed (it would be buffered)"
        );
        EventStream {
            body: res.into_body(),
            buffer: String::new(),
            raw: String::new(),
            label,
        }
    }

    /// The next event with data within `within`; None when the time ran out or the stream
    /// ended. `retry:`-only blocks and comments are skipped (they stay in `raw`).
    async fn next_within(&mut self, within: Duration) -> Option<Sse> {
        let deadline = tokio::time::Instant::now() + within;
        loop {
            while let Some(end) = self.buffer.find("\n\n") {
                let block: String = self.buffer.drain(..end + 2).collect();
                if let Some(event) = parse_block(&block) {
                    return Some(event);
                }
            }
            let frame = tokio::time::timeout_at(deadline, self.body.frame()).await;
            match frame {
                Err(_) => return None,
                Ok(None) => return None,
                Ok(Some(frame)) => {
                    let frame = frame.expect("a readable stream");
                    if let Ok(data) = frame.into_data() {
                        let text = String::from_utf8(data.to_vec()).unwrap();
                        self.raw.push_str(&text);
                        self.buffer.push_str(&text);
                    }
                }
            }
        }
    }

    async fn next(&mut self) -> Sse {
        match self.next_within(WAIT).await {
            Some(event) => event,
            None => panic!(
                "{}: no event within {WAIT:?}; got {:?}",
                self.label, self.raw
            ),
        }
    }

    /// Events until one matches `stop` (included).
    async fn until(&mut self, stop: impl Fn(&Sse) -> bool) -> Vec<Sse> {
        let mut events = Vec::new();
        loop {
            let event = self.next().await;
            let done = stop(&event);
            events.push(event);
            if done {
                return events;
            }
        }
    }

    /// Whether the stream ends (the body finishes) within `within`.
    async fn ends_within(&mut self, within: Duration) -> bool {
        let deadline = tokio::time::Instant::now() + within;
        loop {
            match tokio::time::timeout_at(deadline, self.body.frame()).await {
                Err(_) => return false,
                Ok(None) => return true,
                Ok(Some(frame)) => {
                    if let Ok(data) = frame.expect("readable").into_data() {
                        self.raw.push_str(&String::from_utf8_lossy(&data));
                    }
                }
            }
        }
    }
}

fn parse_block(block: &str) -> Option<Sse> {
    let (mut id, mut name, mut data) = (None, String::from("message"), None::<String>);
    for line in block.lines() {
        let (field, value) = match line.split_once(':') {
            Some((field, value)) => (field, value.strip_prefix(' ').unwrap_or(value)),
            None => (line, ""),
        };
        match field {
            "" => {} // a comment
            "id" => id = Some(value.parse::<i64>().expect("numeric ids")),
            "event" => name = value.to_owned(),
            "data" => {
                data = Some(match data {
                    Some(d) => format!("{d}\n{value}"),
                    None => value.to_owned(),
                })
            }
            _ => {}
        }
    }
    data.map(|data| Sse { id, name, data })
}

/// The ids of the log, oldest first.
fn log_ids(db: &Db, after: i64) -> Vec<i64> {
    db.with_conn(|c| {
        column(
            c,
            "SELECT id FROM events WHERE id > ?1 ORDER BY id",
            [after],
        )
    })
}

fn newest_log_id(db: &Db) -> i64 {
    db_scalar(db, "SELECT coalesce(max(id), 0) FROM events", [])
}

/// An unassigned conversation of an Acme team, not snoozed; skips `except`.
fn any_conversation_in(db: &Db, space: &str, team: &str, except: &[i64]) -> i64 {
    let team_id = team_id(db, space, team);
    let candidates: Vec<i64> = db.with_conn(|c| {
        column(
            c,
            "SELECT id FROM conversations
             WHERE team_id = ?1 AND status <> 'snoozed' AND assignee_id IS NULL ORDER BY id",
            [team_id],
        )
    });
    find(candidates, &format!("conversation of {team}"), |id| {
        !except.contains(id)
    })
}

/// An open SMS or WhatsApp conversation of an Acme team whose contact would write into it
/// (their latest on the profile), with no assignee; skips `except`.
fn conversation_in(db: &Db, space: &str, team: &str, except: &[i64]) -> i64 {
    let team_name = team;
    let team = team_id(db, space, team);
    let candidates: Vec<i64> = db.with_conn(|c| {
        column(
            c,
            "SELECT c.id FROM conversations c JOIN contacts k ON k.id = c.contact_id
             WHERE c.team_id = ?1 AND c.status = 'open' AND c.assignee_id IS NULL
               AND c.stream IN ('sms', 'whatsapp') AND k.phone IS NOT NULL
               AND c.id = (SELECT o.id FROM conversations o
                           WHERE o.contact_id = c.contact_id
                             AND o.sender_profile_id = c.sender_profile_id
                           ORDER BY o.last_activity_at DESC, o.id DESC LIMIT 1)
             ORDER BY c.id",
            [team],
        )
    });
    let what = format!("open unassigned SMS or WhatsApp conversation of {team_name} ({space})");
    find(candidates, &what, |id| !except.contains(id))
}

/// The contact of `conversation` writes again (support's inbound endpoint).
async fn inbound(support: &Client, db: &Db, conversation: i64, text: &str) -> i64 {
    let (stream, from, to): (String, String, String) = db.with_conn(|c| {
        c.query_row(
            "SELECT c.stream, k.phone, s.address FROM conversations c
             JOIN contacts k ON k.id = c.contact_id
             JOIN senders s ON s.sender_profile_id = c.sender_profile_id
             WHERE c.id = ?1 ORDER BY s.id LIMIT 1",
            [conversation],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap()
    });
    let receipt: textpeak_api::InboundReceipt = support
        .post(
            paths::SUPPORT_INBOUND,
            json!({ "stream": stream, "from": from, "to": to, "text": text }),
        )
        .await
        .success();
    receipt.conversation_id
}

fn conversation_of(event: &Sse) -> (ConversationChange, i64, Option<textpeak_api::Message>) {
    match event.event() {
        LiveEvent::Conversation {
            change,
            conversation,
            message,
            ..
        } => (change, conversation.id, message),
        other => panic!("not a conversation event: {other:?}"),
    }
}

#[tokio::test]
async fn a_colleague_s_reply_note_assignment_tag_close_and_inbound_arrive_in_order() {
    let (app, state, support) = live_app(test_live_config());
    let db = &state.db;
    let admin = Client::cookie(&app, "admin@acme.test").await;
    let agent = Client::bearer(&app, "agent@acme.test").await;
    let id = conversation_in(db, "Support", "Customer Care", &[]);
    let before = newest_log_id(db);

    let mut stream = EventStream::open(&admin, None).await;
    assert!(
        stream.raw.is_empty() || stream.raw.starts_with("retry:"),
        "{}",
        stream.raw
    );
    agent.reply(id, "Your booking is confirmed").await;
    agent.sent(id, note_body("Called the hotel too")).await;
    let claire = user_id(db, "claire@acme.test");
    agent
        .acted(
            id,
            &A::Assign {
                user_id: Some(claire),
            },
        )
        .await;
    let tag = tag_id(db, "vip");
    agent.acted(id, &A::AddTag { tag_id: tag }).await;
    agent.acted(id, &A::Close).await;
    let continued = inbound(&support, db, id, "One more question").await;
    assert_eq!(continued, id);

    let events = stream
        .until(|e| {
            e.name == "conversation"
                && conversation_of(e)
                    .2
                    .is_some_and(|m| m.body == "One more question")
        })
        .await;
    assert!(stream.raw.starts_with("retry: 3000\n"), "{}", stream.raw);
    let seen: Vec<(
        ConversationChange,
        Option<String>,
        Option<MessageKind>,
        String,
    )> = events
        .iter()
        .map(|e| {
            let (change, conversation, message) = conversation_of(e);
            assert_eq!(conversation, id);
            let message = message.expect("each change adds a thread entry");
            (change, message.event, Some(message.kind), message.body)
        })
        .collect();
    use ConversationChange::*;
    let expected = [
        (
            Message,
            None,
            Some(MessageKind::Reply),
            "Your booking is confirmed",
        ),
        (
            Message,
            None,
            Some(MessageKind::Note),
            "Called the hotel too",
        ),
        (Updated, Some("assigned"), Some(MessageKind::Event), ""),
        (Updated, Some("tagged"), Some(MessageKind::Event), ""),
        (Updated, Some("closed"), Some(MessageKind::Event), ""),
        (Message, None, Some(MessageKind::Reply), "One more question"),
    ];
    let expected: Vec<_> = expected
        .iter()
        .map(|(c, e, k, b)| (*c, e.map(str::to_owned), *k, (*b).to_owned()))
        .collect();
    assert_eq!(seen, expected);
    // The row is as it is after each change: assigned, tagged, then closed…
    match events[4].event() {
        LiveEvent::Conversation {
            conversation,
            actor,
            ..
        } => {
            assert_eq!(conversation.assignee.map(|u| u.id), Some(claire));
            assert!(conversation.tags.iter().any(|t| t.id == tag));
            assert_eq!(
                conversation.status,
                textpeak_api::ConversationStatus::Closed
            );
            assert_eq!(actor.map(|a| a.id), Some(user_id(db, "agent@acme.test")));
        }
        other => panic!("{other:?}"),
    }
    // …and the contact writing reopens it (the reopened line follows their message).
    let reopened = stream.next().await;
    let (change, _, message) = conversation_of(&reopened);
    assert_eq!(change, Updated);
    assert_eq!(message.and_then(|m| m.event).as_deref(), Some("reopened"));

    let ids: Vec<i64> = events
        .iter()
        .chain([&reopened])
        .map(|e| e.id.expect("logged events have ids"))
        .collect();
    assert!(ids.windows(2).all(|w| w[0] < w[1]), "{ids:?}");
    assert_eq!(ids, log_ids(db, before), "the log holds exactly these");

    // Reading it marks it read: a `read` event, from the agent.
    agent
        .post(&format!("/api/conversations/{id}/read"), json!({}))
        .await
        .expect(StatusCode::NO_CONTENT);
    let read = stream.next().await;
    let (change, conversation, message) = conversation_of(&read);
    assert_eq!((change, conversation, message), (Read, id, None));
}

#[tokio::test]
async fn the_stream_is_not_compressed_and_each_event_arrives_at_once() {
    let (app, state, _) = live_app(test_live_config());
    let admin = Client::bearer(&app, "admin@acme.test").await;
    let agent = Client::bearer(&app, "agent@acme.test").await;
    let id = conversation_in(&state.db, "Support", "Customer Care", &[]);
    let req = Request::get(paths::EVENTS)
        .header(header::ACCEPT_ENCODING, "gzip, br")
        .body(Body::empty())
        .unwrap();
    let mut stream = EventStream::open_request(&admin, req).await;
    let started = Instant::now();
    agent.sent(id, note_body("Prompt")).await;
    let event = stream.next_within(Duration::from_secs(2)).await;
    assert!(
        event.is_some(),
        "the first event arrives promptly: {:?}",
        stream.raw
    );
    assert!(started.elapsed() < Duration::from_secs(2));
    // An idle stream gets keep-alive comments.
    assert!(stream
        .next_within(Duration::from_millis(1000))
        .await
        .is_none());
    assert!(
        stream.raw.contains("\n: ping\n") || stream.raw.contains(":ping"),
        "{:?}",
        stream.raw
    );
}

#[tokio::test]
async fn an_agent_s_stream_never_carries_a_conversation_they_may_not_see() {
    let (app, state, support) = live_app(test_live_config());
    let db = &state.db;
    let admin = Client::bearer(&app, "admin@acme.test").await;
    let (agent, me) = Client::sign_in(&app, "agent@acme.test").await;
    let subject = textpeak_api::Subject::of(
        me.is_owner,
        me.inbox_permission,
        me.role.as_ref(),
        me.tenant.beta_access,
    );
    let membership = membership_of(db, me.user.id);
    let visible = |rows: &[Row]| -> BTreeSet<i64> {
        rows.iter()
            .filter(|r| can_see(&subject, &membership, r))
            .map(|r| r.id)
            .collect()
    };
    let before = visible(&rows_of(db));
    let mut agent_stream = EventStream::open(&agent, None).await;
    let mut admin_stream = EventStream::open(&admin, None).await;

    // A burst across every team of both spaces: contacts writing in, assignments, moves.
    let teams = [
        ("Sales", "Leads", "sofia@acme.test"),
        ("Sales", "Bookings", "jonas@acme.test"),
        ("Support", "Customer Care", "claire@acme.test"),
        ("Support", "Refunds", "joao@acme.test"),
        ("Support", "VIP", "giulia@acme.test"),
    ];
    let mut used = Vec::new();
    for (space, team, member) in teams {
        let a = conversation_in(db, space, team, &used);
        used.push(a);
        let b = any_conversation_in(db, space, team, &used);
        used.push(b);
        inbound(&support, db, a, &format!("Hello from {team}")).await;
        let member = user_id(db, member);
        admin
            .acted(
                b,
                &A::Assign {
                    user_id: Some(member),
                },
            )
            .await;
    }
    // Moves: out of the agent's team, into it, and between two teams they are not in.
    let moved_away = any_conversation_in(db, "Support", "Customer Care", &used);
    used.push(moved_away);
    let moved_in = any_conversation_in(db, "Support", "VIP", &used);
    used.push(moved_in);
    let elsewhere = any_conversation_in(db, "Support", "Refunds", &used);
    used.push(elsewhere);
    let refunds = team_id(db, "Support", "Refunds");
    let care = team_id(db, "Support", "Customer Care");
    let vip = team_id(db, "Support", "VIP");
    admin
        .acted(moved_away, &A::MoveTeam { team_id: refunds })
        .await;
    admin.acted(moved_in, &A::MoveTeam { team_id: care }).await;
    admin.acted(elsewhere, &A::MoveTeam { team_id: vip }).await;
    // A marker the agent sees, to know the burst is through.
    let marker = any_conversation_in(db, "Support", "Customer Care", &used);
    admin.sent(marker, note_body("End of burst")).await;

    let is_marker = |e: &Sse| {
        e.name == "conversation"
            && conversation_of(e)
                .2
                .is_some_and(|m| m.body == "End of burst")
    };
    let agent_events = agent_stream.until(is_marker).await;
    let admin_events = admin_stream.until(is_marker).await;
    let after = visible(&rows_of(db));
    let allowed: BTreeSet<i64> = before.union(&after).copied().collect();

    for event in &agent_events {
        let id = event
            .event()
            .conversation_id()
            .expect("every event of the burst is about a conversation");
        assert!(allowed.contains(&id), "{id} reached the agent: {event:?}");
    }
    // The raw text names none of the others, in any field.
    let all: BTreeSet<i64> = rows_of(db).iter().map(|r| r.id).collect();
    for id in all.difference(&allowed) {
        for needle in [
            format!("\"conversation_id\":{id},"),
            format!("\"conversation_id\":{id}}}"),
            format!("\"conversation\":{{\"id\":{id},"),
        ] {
            assert!(
                !agent_stream.raw.contains(&needle),
                "{needle} in the agent's stream"
            );
        }
    }
    // The admin saw the whole burst; the agent a part of it, so the filter did filter.
    let admin_ids: BTreeSet<i64> = admin_events
        .iter()
        .filter_map(|e| e.event().conversation_id())
        .collect();
    assert!(
        used.iter().all(|id| admin_ids.contains(id)),
        "{admin_ids:?}"
    );
    assert!(agent_events.len() < admin_events.len());
    assert!(agent_events.len() >= 4, "{agent_events:?}");

    // The move away: only that it is hidden now, with the log's id.
    let about = |id: i64| -> Vec<&Sse> {
        agent_events
            .iter()
            .filter(|e| e.event().conversation_id() == Some(id))
            .collect()
    };
    let away = about(moved_away);
    assert_eq!(away.len(), 1, "{away:?}");
    assert_eq!(away[0].name, "conversation_hidden");
    assert_eq!(
        away[0].event(),
        LiveEvent::ConversationHidden {
            space_id: space_id(db, "Support"),
            conversation_id: moved_away,
            reason: HiddenReason::Moved,
        }
    );
    assert!(log_ids(db, 0).contains(&away[0].id.unwrap()));
    // The move in: the conversation as it now is.
    let moved_in_events = about(moved_in);
    assert_eq!(moved_in_events.len(), 1);
    assert_eq!(
        conversation_of(moved_in_events[0]).0,
        ConversationChange::Updated
    );
    assert!(about(elsewhere).is_empty());
}

#[tokio::test]
async fn a_dropped_stream_resumes_with_every_missed_event_exactly_once() {
    let (app, state, _) = live_app(test_live_config());
    let db = &state.db;
    let admin = Client::cookie(&app, "admin@acme.test").await;
    let agent = Client::bearer(&app, "agent@acme.test").await;
    let id = conversation_in(db, "Support", "Customer Care", &[]);

    let mut stream = EventStream::open(&admin, None).await;
    agent.sent(id, note_body("first")).await;
    agent.sent(id, note_body("second")).await;
    let seen = [stream.next().await, stream.next().await];
    let last = seen[1].id.unwrap();
    drop(stream);

    // Missed while disconnected.
    for text in ["third", "fourth", "fifth"] {
        agent.sent(id, note_body(text)).await;
    }
    agent.acted(id, &A::Close).await;
    let missed = log_ids(db, last);
    assert_eq!(missed.len(), 4);

    let mut resumed = EventStream::open(&admin, Some(&last.to_string())).await;
    let mut got = Vec::new();
    for _ in 0..missed.len() {
        got.push(resumed.next().await);
    }
    assert_eq!(
        got.iter().map(|e| e.id.unwrap()).collect::<Vec<_>>(),
        missed
    );
    let bodies: Vec<String> = got[..3]
        .iter()
        .map(|e| conversation_of(e).2.unwrap().body)
        .collect();
    assert_eq!(bodies, ["third", "fourth", "fifth"]);
    // Then live, without a double of the backlog.
    agent.sent(id, note_body("sixth")).await;
    let live = resumed.next().await;
    assert_eq!(conversation_of(&live).2.unwrap().body, "sixth");
    assert_eq!(live.id, Some(missed.last().unwrap() + 1));
    assert!(resumed
        .next_within(Duration::from_millis(600))
        .await
        .is_none());

    // `?last_event_id=` for clients that cannot set headers: the same replay.
    let req = Request::get(format!("{}?last_event_id={last}", paths::EVENTS))
        .body(Body::empty())
        .unwrap();
    let mut by_query = EventStream::open_request(&admin, req).await;
    let mut replay = Vec::new();
    for _ in 0..5 {
        replay.push(by_query.next().await.id.unwrap());
    }
    assert_eq!(replay, log_ids(db, last));
}

#[tokio::test]
async fn an_id_the_log_no_longer_holds_gets_reset_first() {
    let (app, state, _) = live_app(LiveConfig {
        event_log_keep: 3,
        ..test_live_config()
    });
    let db = &state.db;
    let admin = Client::bearer(&app, "admin@acme.test").await;
    let id = conversation_in(db, "Support", "Customer Care", &[]);
    for n in 0..6 {
        admin.sent(id, note_body(&format!("note {n}"))).await;
    }
    let first = log_ids(db, 0)[0];
    assert_eq!(state.live.prune().await.unwrap(), 3);
    let newest = newest_log_id(db);
    assert_eq!(log_ids(db, 0), [newest - 2, newest - 1, newest]);

    // Pruned ids, one from the future, and garbage.
    let stale: [fn(i64, i64) -> String; 4] = [
        |first, _| first.to_string(),
        |_, newest| (newest - 4).to_string(),
        |_, newest| (newest + 7).to_string(),
        |_, _| "junk".into(),
    ];
    for stale in stale {
        let newest = newest_log_id(db);
        let stale = stale(first, newest);
        let mut stream = EventStream::open(&admin, Some(&stale)).await;
        let reset = stream.next().await;
        assert_eq!(
            (reset.name.as_str(), reset.id),
            ("reset", Some(newest)),
            "{stale}"
        );
        assert_eq!(reset.event(), LiveEvent::Reset);
        // Nothing old follows; what happens next does.
        admin.sent(id, note_body("after the reset")).await;
        let next = stream.next().await;
        assert_eq!(next.id, Some(newest + 1));
        assert_eq!(conversation_of(&next).2.unwrap().body, "after the reset");
        state.live.prune().await.unwrap();
    }
    // The oldest retained id - 1 still resumes: nothing was lost after it.
    let oldest = log_ids(db, 0)[0];
    let mut stream = EventStream::open(&admin, Some(&(oldest - 1).to_string())).await;
    assert_eq!(stream.next().await.id, Some(oldest));
}

#[tokio::test]
async fn other_tenants_and_users_without_the_inbox_get_nothing() {
    let (app, state, _) = live_app(test_live_config());
    let db = &state.db;
    let acme = Client::bearer(&app, "admin@acme.test").await;
    let fresh = Client::cookie(&app, "owner@fresh.test").await;
    let mut fresh_stream = EventStream::open(&fresh, None).await;
    let mut acme_stream = EventStream::open(&acme, None).await;

    let id = conversation_in(db, "Support", "Customer Care", &[]);
    acme.sent(id, note_body("Acme only")).await;
    acme.post(
        paths::TAGS,
        json!({ "name": unique("Acme tag"), "color": "#336699" }),
    )
    .await
    .expect(StatusCode::CREATED);
    let fresh_tag = fresh
        .post(
            paths::TAGS,
            json!({ "name": "Fresh tag", "color": "#996633" }),
        )
        .await;
    fresh_tag.expect(StatusCode::CREATED);

    // Fresh Start sees its own settings change, and nothing of Acme's.
    let event = fresh_stream.next().await;
    assert_eq!(event.event(), LiveEvent::AccessChanged { space_id: None });
    assert!(!fresh_stream.raw.contains("Acme only"));
    assert!(
        !fresh_stream.raw.contains("\"conversation\""),
        "{}",
        fresh_stream.raw
    );
    // Acme sees its note and its tag, not Fresh's change.
    let acme_events = acme_stream.until(|e| e.name == "access_changed").await;
    assert_eq!(acme_events.len(), 2);
    assert!(acme_stream
        .next_within(Duration::from_millis(800))
        .await
        .is_none());

    // No stream without a session, or without the inbox permission.
    let anonymous = Client::anonymous(&app);
    anonymous
        .get(paths::EVENTS)
        .await
        .expect(StatusCode::UNAUTHORIZED);
    let viewer = Client::bearer(&app, "viewer@acme.test").await;
    viewer
        .get(paths::EVENTS)
        .await
        .expect(StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_tenant_waiting_for_beta_access_hears_of_its_approval_live() {
    let (app, state, support) = live_app(test_live_config());
    let db = &state.db;
    let owner = Client::bearer(&app, "owner@nimbus.test").await;
    let agent = Client::bearer(&app, "agent@nimbus.test").await;
    let mut stream = EventStream::open(&agent, None).await;
    let acme = Client::bearer(&app, "admin@acme.test").await;
    let id = conversation_in(db, "Support", "Customer Care", &[]);
    acme.sent(id, note_body("Not for Nimbus")).await;

    owner
        .send(bare(
            axum::http::Method::POST,
            paths::ACCESS_REQUEST,
            &[("x-textpeak-request", "1")],
        ))
        .await
        .expect(StatusCode::CREATED);
    let nimbus: i64 = db_scalar(
        db,
        "SELECT id FROM tenants WHERE name = 'Nimbus Retail'",
        [],
    );
    support
        .send(bare(
            axum::http::Method::POST,
            &paths::support_access_decision(nimbus, true),
            &[],
        ))
        .await
        .success::<Value>();
    let event = stream.next().await;
    assert_eq!(event.event(), LiveEvent::AccessChanged { space_id: None });
    assert!(!stream.raw.contains("Not for Nimbus"));
    // The stream goes on: the agent may use the inbox now.
    assert!(!stream.ends_within(Duration::from_millis(500)).await);
    assert!(agent
        .me()
        .await
        .capabilities
        .contains(&textpeak_api::Capability::UseInbox));
}

#[tokio::test]
async fn losing_the_inbox_ends_the_stream_after_telling_it() {
    let (app, state, _) = live_app(test_live_config());
    let db = &state.db;
    let admin = Client::bearer(&app, "admin@acme.test").await;
    let agent = Client::bearer(&app, "agent@acme.test").await;
    let mut stream = EventStream::open(&agent, None).await;
    let agent_id = user_id(db, "agent@acme.test");
    admin
        .patch(
            &format!("{}/{agent_id}", paths::USERS),
            json!({ "inbox_permission": false }),
        )
        .await
        .success::<Value>();
    let event = stream.next().await;
    assert_eq!(event.event(), LiveEvent::AccessChanged { space_id: None });
    assert!(stream.ends_within(WAIT).await, "{}", stream.raw);
}

async fn presence(client: &Client, id: i64, viewing: bool, typing: Option<MessageKind>) {
    client
        .post(
            &paths::conversation_presence(id),
            serde_json::to_value(PresenceUpdate { viewing, typing }).unwrap(),
        )
        .await
        .expect(StatusCode::NO_CONTENT);
}

fn present(event: &Sse) -> Vec<(String, Option<MessageKind>)> {
    assert_eq!(event.name, "presence");
    assert_eq!(event.id, None, "presence is not logged");
    match event.event() {
        LiveEvent::Presence(p) => p
            .present
            .into_iter()
            .map(|e| (e.user.name, e.typing))
            .collect(),
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn presence_reaches_colleagues_who_see_the_conversation_and_expires() {
    let (app, state, _) = live_app(test_live_config());
    let db = &state.db;
    let [agent, claire, multi] = Client::bearers(
        &app,
        ["agent@acme.test", "claire@acme.test", "multi@acme.test"],
    )
    .await;
    let id = conversation_in(db, "Support", "Customer Care", &[]);
    let agent_name: String = db_scalar(
        db,
        "SELECT name FROM users WHERE email = 'agent@acme.test'",
        [],
    );
    let mut colleague = EventStream::open(&claire, None).await;
    let mut other_team = EventStream::open(&multi, None).await;

    presence(&agent, id, true, None).await;
    assert_eq!(
        present(&colleague.next().await),
        [(agent_name.clone(), None)]
    );
    // A heartbeat that changes nothing is not announced; typing is.
    presence(&agent, id, true, None).await;
    presence(&agent, id, true, Some(MessageKind::Note)).await;
    assert_eq!(
        present(&colleague.next().await),
        [(agent_name.clone(), Some(MessageKind::Note))]
    );
    // Typing expires first, then viewing.
    assert_eq!(
        present(&colleague.next().await),
        [(agent_name.clone(), None)]
    );
    assert!(present(&colleague.next().await).is_empty());

    // Leaving is announced at once.
    presence(&agent, id, true, None).await;
    assert_eq!(present(&colleague.next().await).len(), 1);
    presence(&agent, id, false, None).await;
    assert!(present(&colleague.next().await).is_empty());

    // An agent of another team never hears of it, and may not report it.
    assert!(other_team
        .next_within(Duration::from_millis(300))
        .await
        .is_none());
    assert!(!other_team
        .raw
        .contains(&format!("\"conversation_id\":{id}")));
    multi
        .post(
            &paths::conversation_presence(id),
            json!({ "viewing": true }),
        )
        .await
        .expect(StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn shutting_the_hub_down_ends_every_stream() {
    let (app, state, _) = live_app(test_live_config());
    let admin = Client::bearer(&app, "admin@acme.test").await;
    let agent = Client::cookie(&app, "agent@acme.test").await;
    let mut one = EventStream::open(&admin, None).await;
    let mut two = EventStream::open(&agent, None).await;
    assert!(!one.ends_within(Duration::from_millis(300)).await);
    state.live.shut_down();
    assert!(one.ends_within(WAIT).await);
    assert!(two.ends_within(WAIT).await);
}

#[tokio::test]
async fn a_stream_that_falls_behind_reads_the_log_and_loses_nothing() {
    // A channel of two events: a bulk action overflows it for a stream nobody reads meanwhile.
    let (app, state, _) = live_app(LiveConfig {
        fan_out_capacity: 2,
        ..test_live_config()
    });
    let db = &state.db;
    let admin = Client::bearer(&app, "admin@acme.test").await;
    let mut stream = EventStream::open(&admin, None).await;
    let before = newest_log_id(db);
    let support = space_id(db, "Support");
    let outcome = admin
        .bulked(
            support,
            &textpeak_api::BulkRequest {
                selection: textpeak_api::Selection::Matching {
                    filter: textpeak_api::ConversationFilter {
                        status: Some(textpeak_api::ConversationStatus::Open),
                        ..Default::default()
                    },
                },
                action: A::Close,
            },
        )
        .await;
    assert!(outcome.done > 20, "{outcome:?}");
    let logged = log_ids(db, before);
    assert_eq!(
        logged.len() as u64,
        outcome.done,
        "one event per closed row"
    );
    let mut got = Vec::new();
    for _ in 0..logged.len() {
        got.push(stream.next().await);
    }
    assert_eq!(
        got.iter().map(|e| e.id.unwrap()).collect::<Vec<_>>(),
        logged
    );
    let closed: BTreeSet<i64> = got.iter().map(|e| conversation_of(e).1).collect();
    assert_eq!(closed, outcome.changed.iter().copied().collect());
    assert!(
        stream
            .next_within(Duration::from_millis(600))
            .await
            .is_none(),
        "no doubles"
    );
}
