//! The composer over HTTP: what it offers (`GET …/compose`) and sending replies and notes
//! (`POST …/messages`): roles and custom-role flags, sender profiles and their restrictions,
//! the channel rules of `textpeak_api::compose` (WhatsApp window and templates, Telegram's
//! first message, SMS segments, placeholders), idempotent retries, and what a reply changes in
//! its conversation. Conversations are crafted with exactly the facts each rule looks at.

mod common;

use axum::http::StatusCode;
use common::*;
use serde_json::json;
use textpeak_api::{
    paths, ConversationDetail, ConversationStatus, DeliveryStatus, Direction, ErrorCode, Message,
    MessageKind, RoleSetting, SpaceSetting, TemplateSetting, UserInvited,
};

fn db() -> textpeak_server::Db {
    seeded_state().db
}

fn profile_id(name: &str) -> i64 {
    db_scalar(
        &db(),
        "SELECT id FROM sender_profiles WHERE name = ?1",
        [name],
    )
}

/// A template as the admin lists it (agents see templates through the composer only).
async fn template(client: &Client, name: &str) -> TemplateSetting {
    let admin = Client::bearer(&client.app, "admin@acme.test").await;
    admin.find(|t: &TemplateSetting| t.name == name).await
}

/// Asserts a 422 `channel_rule` problem naming `rule` on the body.
#[track_caller]
fn expect_rule(reply: &Reply, rule: &str) {
    let p = reply.expect_problem(StatusCode::UNPROCESSABLE_ENTITY, ErrorCode::ChannelRule);
    assert_eq!(p.rule.as_deref(), Some(rule), "{p:?}");
    assert_eq!(p.field.as_deref(), Some("body"), "{p:?}");
    assert!(!p.title.is_empty());
}

fn rows_with_client_id(id: &str) -> i64 {
    db_scalar(
        &db(),
        "SELECT count(*) FROM messages WHERE client_id = ?1",
        [id],
    )
}

#[tokio::test]
async fn the_composer_offers_what_the_caller_may_use() {
    let (app, agent) = app_as("agent@acme.test").await;
    let conversation = Crafted::new("Acme Support WhatsApp", "Customer Care")
        .wrote(Some(60))
        .craft();
    let context = agent.compose(conversation).await;
    assert!(context.can_reply && context.can_note);
    let names: Vec<&str> = context
        .sender_profiles
        .iter()
        .map(|p| p.name.as_str())
        .collect();
    // The VIP line is restricted to the VIP team, which the agent is not in.
    assert_eq!(names, ["Acme Support WhatsApp"]);
    assert_eq!(
        context.default_sender_profile_id,
        Some(profile_id("Acme Support WhatsApp"))
    );
    let templates: Vec<&str> = context.templates.iter().map(|t| t.name.as_str()).collect();
    assert!(templates.contains(&"Greeting"), "{templates:?}");
    assert!(templates.contains(&"Booking confirmed"), "{templates:?}");
    assert!(!templates.contains(&"Flight change options"), "SMS only");
    assert!(!templates.contains(&"Telegram welcome"), "Telegram only");
    assert!(context
        .templates
        .iter()
        .any(|t| t.name == "Booking confirmed" && t.whatsapp_approved));
    let closes =
        textpeak_server::clock::parse(context.whatsapp_window_closes_at.as_deref().unwrap())
            .unwrap();
    let now = textpeak_server::clock::parse(&context.now).unwrap();
    let left = closes - now;
    assert!(
        left > time::Duration::hours(22) && left <= time::Duration::hours(23),
        "{left}"
    );
    assert!(context.contact_started_chat);
    let p = &context.placeholders;
    assert_eq!(p.contact_name.as_deref(), Some("Test Contact"));
    assert!(p.contact_phone.is_some());
    assert_eq!(p.agent_name.as_deref(), Some("Arjun Patel"));
    assert_eq!(p.team_name.as_deref(), Some("Customer Care"));
    assert_eq!(p.company_name.as_deref(), Some("Acme Travel"));

    // The VIP line is the default of a VIP conversation for the admin, who may use it.
    let admin = Client::bearer(&app, "admin@acme.test").await;
    let vip = Crafted::new("Acme VIP Line", "VIP").craft();
    let context = admin.compose(vip).await;
    assert_eq!(
        context.default_sender_profile_id,
        Some(profile_id("Acme VIP Line"))
    );
    assert_eq!(context.sender_profiles.len(), 2);

    // Not on WhatsApp: no window. An unnamed SMS contact is called by their number.
    let sms = Crafted::new("Acme Support SMS", "Customer Care")
        .contact(None)
        .craft();
    let context = agent.compose(sms).await;
    assert_eq!(context.whatsapp_window_closes_at, None);
    assert_eq!(
        context.placeholders.contact_name,
        context.placeholders.contact_phone
    );

    // Same visibility as the thread: a Sales conversation does not exist for this agent.
    let sales = Crafted::new("Acme Sales SMS", "Leads").craft();
    agent
        .get(&paths::conversation_compose(sales))
        .await
        .expect(StatusCode::NOT_FOUND);
    agent
        .send_message(sales, reply_body("Hello"))
        .await
        .expect(StatusCode::NOT_FOUND);
    Client::anonymous(&app)
        .get(&paths::conversation_compose(sms))
        .await
        .expect(StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn replies_go_out_queued_on_every_channel_and_notes_stay_inside() {
    let (app, agent) = app_as("agent@acme.test").await;
    for (profile, text) in [
        ("Acme Support SMS", "Your booking reference is AC123."),
        (
            "Acme Support WhatsApp",
            "We have rebooked you on the 9:40 flight 🛫",
        ),
        ("Acme Travel Bot", "Thanks, an agent is looking at it."),
    ] {
        let id = Crafted::new(profile, "Customer Care").craft();
        let body = reply_body(&format!("  {text}\n"));
        let client_id = body["client_id"].as_str().unwrap().to_owned();
        let sent: Message = agent.sent(id, body).await;
        assert_eq!(sent.kind, MessageKind::Reply);
        assert_eq!(sent.direction, Some(Direction::Outbound));
        assert_eq!(sent.status, Some(DeliveryStatus::Queued));
        assert_eq!(sent.body, text, "trimmed");
        assert_eq!(sent.sender_profile.as_deref(), Some(profile));
        assert_eq!(sent.client_id.as_deref(), Some(client_id.as_str()));
        assert_eq!(sent.author.as_ref().unwrap().name, "Arjun Patel");

        // The thread shows it as the answer did; the conversation's contact is answered.
        let thread = agent.thread(id).await;
        assert_eq!(thread.items.last(), Some(&sent));
        let inbound = &thread.items[0];
        assert_eq!(inbound.direction, Some(Direction::Inbound));
        assert_eq!(inbound.sender_profile, None);
        let detail: ConversationDetail = agent.read(&paths::conversation(id)).await;
        assert_eq!(detail.summary.preview, text);
        assert_eq!(detail.summary.waiting_since, None);
        assert_eq!(detail.summary.last_activity_at, sent.created_at);

        // A note: no direction, no status, never the preview, never waiting_since's end.
        let note: Message = agent.sent(id, note_body("Checked with the airline.")).await;
        assert_eq!(note.kind, MessageKind::Note);
        assert_eq!((note.direction, note.status), (None, None));
        assert_eq!(note.sender_profile, None);
        assert!(note.client_id.is_some());
        let detail: ConversationDetail = agent.read(&paths::conversation(id)).await;
        assert_eq!(detail.summary.preview, text);
    }

    // Seeded outbound history names the conversation's profile.
    let seeded: i64 = db_scalar(
        &db(),
        "SELECT conversation_id FROM messages WHERE direction = 'outbound' AND client_id IS NULL
         LIMIT 1",
        [],
    );
    let admin = Client::bearer(&app, "admin@acme.test").await;
    let thread = admin.thread(seeded).await;
    let outbound = find(thread.items, "outbound", |m| {
        m.direction == Some(Direction::Outbound)
    });
    assert!(outbound.sender_profile.is_some());
}

#[tokio::test]
async fn notes_are_never_outbound_and_need_text() {
    let (_, agent) = app_as("agent@acme.test").await;
    let id = Crafted::new("Acme Support WhatsApp", "Customer Care").craft();
    let note: Message = agent
        .sent(id, note_body("Internal: the customer is a frequent flyer."))
        .await;
    let (kind, direction, status): (String, Option<String>, Option<String>) = db().with_conn(|c| {
        c.query_row(
            "SELECT kind, direction, status FROM messages WHERE id = ?1",
            [note.id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap()
    });
    assert_eq!((kind.as_str(), direction, status), ("note", None, None));
    // Even outside the WhatsApp window a note is fine; an empty one is not.
    let old = Crafted::new("Acme Support WhatsApp", "Customer Care")
        .wrote(Some(3 * 24 * 60))
        .craft();
    agent
        .send_message(old, note_body("Window closed; waiting for them."))
        .await
        .expect(StatusCode::CREATED);
    expect_rule(&agent.send_message(old, note_body("  \n ")).await, "empty");
    let reply = agent
        .send_message(
            old,
            json!({ "kind": "event", "body": "x", "client_id": client_id() }),
        )
        .await;
    reply.expect_invalid("kind");
}

#[tokio::test]
async fn a_role_without_reply_gets_no_reply_and_is_refused() {
    let app = app();
    let admin = Client::bearer(&app, "admin@acme.test").await;
    let body = json!({ "name": unique("No replies"), "base": "agent", "disabled": ["reply"] });
    let role: RoleSetting = admin
        .post(paths::ROLES, body)
        .await
        .decode(StatusCode::CREATED);
    let support = admin.find(|s: &SpaceSetting| s.name == "Support").await;
    let care = support
        .teams
        .iter()
        .find(|t| t.name == "Customer Care")
        .unwrap()
        .id;
    let email = unique_email("quiet");
    let invited: UserInvited = admin
        .post(
            paths::USERS,
            json!({ "name": "Quinn Quiet", "email": email, "role_id": role.id, "team_ids": [care] }),
        )
        .await
        .decode(StatusCode::CREATED);
    let signed_in: textpeak_api::SignInResponse = Client::anonymous(&app)
        .post(
            paths::SESSION,
            json!({ "email": email, "password": invited.temporary_password, "bearer": true }),
        )
        .await
        .decode(StatusCode::OK);
    let quiet = Client::with_bearer(&app, &signed_in.token.unwrap());

    let id = Crafted::new("Acme Support SMS", "Customer Care").craft();
    let context = quiet.compose(id).await;
    assert!(!context.can_reply && context.can_note);
    let body = reply_body("I should not be able to send this");
    let key = body["client_id"].as_str().unwrap().to_owned();
    quiet
        .send_message(id, body)
        .await
        .expect_problem(StatusCode::FORBIDDEN, ErrorCode::Forbidden);
    assert_eq!(rows_with_client_id(&key), 0);
    quiet
        .send_message(id, note_body("Notes are still fine"))
        .await
        .expect(StatusCode::CREATED);

    // A role without add_notes may reply but not note.
    let body = json!({ "name": unique("No notes"), "base": "agent", "disabled": ["add_notes"] });
    let role: RoleSetting = admin
        .post(paths::ROLES, body)
        .await
        .decode(StatusCode::CREATED);
    let quiet_id = invited.user.id;
    admin
        .patch(&paths::user(quiet_id), json!({ "role_id": role.id }))
        .await
        .expect(StatusCode::OK);
    let context = quiet.compose(id).await;
    assert!(context.can_reply && !context.can_note);
    quiet
        .send_message(id, note_body("No"))
        .await
        .expect_problem(StatusCode::FORBIDDEN, ErrorCode::Forbidden);
}

#[tokio::test]
async fn only_usable_sender_profiles_of_the_channel_send() {
    let (app, agent) = app_as("agent@acme.test").await;
    let id = Crafted::new("Acme Support WhatsApp", "Customer Care").craft();
    let with_profile = |profile: i64| {
        let mut body = reply_body("Hello from a profile");
        body["sender_profile_id"] = json!(profile);
        body
    };
    // Restricted to VIP: not the agent's.
    let reply = agent
        .send_message(id, with_profile(profile_id("Acme VIP Line")))
        .await;
    let p = reply.expect_problem(StatusCode::FORBIDDEN, ErrorCode::Forbidden);
    assert_eq!(p.field.as_deref(), Some("sender_profile_id"));
    // Another channel, another space, nothing at all.
    for other in [
        profile_id("Acme Support SMS"),
        profile_id("Acme Sales WhatsApp"),
        999_999,
    ] {
        agent
            .send_message(id, with_profile(other))
            .await
            .expect_invalid("sender_profile_id");
    }
    let sent: Message = agent
        .sent(id, with_profile(profile_id("Acme Support WhatsApp")))
        .await;
    assert_eq!(
        sent.sender_profile.as_deref(),
        Some("Acme Support WhatsApp")
    );

    // A VIP member may send a Customer Care conversation's reply from the VIP line.
    let claire = Client::bearer(&app, "claire@acme.test").await;
    let sent: Message = claire
        .sent(id, with_profile(profile_id("Acme VIP Line")))
        .await;
    assert_eq!(sent.sender_profile.as_deref(), Some("Acme VIP Line"));
    let stored: i64 = db_scalar(
        &db(),
        "SELECT sender_profile_id FROM messages WHERE id = ?1",
        [sent.id],
    );
    assert_eq!(stored, profile_id("Acme VIP Line"));
}

#[tokio::test]
async fn whatsapp_outside_the_window_takes_only_an_unchanged_approved_template() {
    let (_, agent) = app_as("agent@acme.test").await;
    let id = Crafted::new("Acme Support WhatsApp", "Customer Care")
        .wrote(Some(25 * 60))
        .contact(Some("Hanna Berg"))
        .craft();
    let context = agent.compose(id).await;
    assert!(context.whatsapp_window_closes_at.unwrap() < context.now);

    expect_rule(
        &agent
            .send_message(id, reply_body("Are you still there?"))
            .await,
        "whatsapp_window",
    );
    let follow_up = template(&agent, "Follow-up after 24 hours").await;
    let filled = follow_up.body.replace("{{contact.name}}", "Hanna Berg");
    let with_template = |text: &str, template_id: i64| {
        let mut body = reply_body(text);
        body["template_id"] = json!(template_id);
        body
    };
    // Edited, or not approved for WhatsApp: still free text.
    expect_rule(
        &agent
            .send_message(
                id,
                with_template(&format!("{filled} Thanks!"), follow_up.id),
            )
            .await,
        "whatsapp_window",
    );
    let greeting = template(&agent, "Greeting").await;
    let greeting_text = greeting
        .body
        .replace("{{contact.name}}", "Hanna Berg")
        .replace("{{agent.name}}", "Arjun Patel");
    expect_rule(
        &agent
            .send_message(id, with_template(&greeting_text, greeting.id))
            .await,
        "whatsapp_window",
    );
    // Another channel's template, or none of the tenant's.
    let sms_only = template(&agent, "Flight change options").await;
    agent
        .send_message(id, with_template(&filled, sms_only.id))
        .await
        .expect_invalid("template_id");
    agent
        .send_message(id, with_template(&filled, 999_999))
        .await
        .expect_invalid("template_id");
    // Placeholders left in the text are refused first.
    expect_rule(
        &agent
            .send_message(id, with_template(&follow_up.body, follow_up.id))
            .await,
        "unfilled_placeholder",
    );

    let sent: Message = agent.sent(id, with_template(&filled, follow_up.id)).await;
    assert_eq!(sent.body, filled);

    // Inside the window free text is fine.
    let fresh = Crafted::new("Acme Support WhatsApp", "Customer Care").craft();
    agent.reply(fresh, "Sure, one moment.").await;
}

#[tokio::test]
async fn telegram_bots_cannot_write_first() {
    let (_, agent) = app_as("agent@acme.test").await;
    let id = Crafted::new("Acme Travel Bot", "Customer Care")
        .wrote(None)
        .contact(None)
        .craft();
    let context = agent.compose(id).await;
    assert!(!context.contact_started_chat);
    // Unnamed and without a phone: {{contact.name}} cannot be filled.
    assert_eq!(context.placeholders.contact_name, None);
    expect_rule(
        &agent.send_message(id, reply_body("Hello!")).await,
        "telegram_not_started",
    );
    agent
        .send_message(id, note_body("They never wrote to the bot."))
        .await
        .expect(StatusCode::CREATED);
    let started = Crafted::new("Acme Travel Bot", "Customer Care").craft();
    assert!(agent.compose(started).await.contact_started_chat);
    agent.reply(started, "Hello!").await;
    expect_rule(
        &agent
            .send_message(started, reply_body(&"x".repeat(4097)))
            .await,
        "too_long",
    );
}

#[tokio::test]
async fn sms_takes_at_most_ten_segments() {
    let (_, agent) = app_as("agent@acme.test").await;
    let id = Crafted::new("Acme Support SMS", "Customer Care").craft();
    expect_rule(
        &agent.send_message(id, reply_body(&"a".repeat(1531))).await,
        "sms_segments",
    );
    // UCS-2: 67 per segment, 670 fit.
    expect_rule(
        &agent.send_message(id, reply_body(&"ж".repeat(671))).await,
        "sms_segments",
    );
    agent.reply(id, &"a".repeat(1530)).await;
    agent.reply(id, &"ж".repeat(670)).await;
    expect_rule(
        &agent
            .send_message(id, reply_body("Hi {{contact.name}}"))
            .await,
        "unfilled_placeholder",
    );
    expect_rule(&agent.send_message(id, reply_body("   ")).await, "empty");
}

#[tokio::test]
async fn a_retry_returns_the_stored_message_and_a_reused_key_is_refused() {
    let (app, agent) = app_as("agent@acme.test").await;
    let id = Crafted::new("Acme Support SMS", "Customer Care").craft();
    let body = reply_body("Your refund is on its way.");
    let key = body["client_id"].as_str().unwrap().to_owned();
    let first: Message = agent.sent(id, body.clone()).await;
    // The answer was lost; the client sends again.
    let again: Message = agent
        .send_message(id, body.clone())
        .await
        .decode(StatusCode::OK);
    assert_eq!(again, first);
    assert_eq!(rows_with_client_id(&key), 1);
    // Naming the profile the server chose is the same request too.
    let mut named = body.clone();
    named["sender_profile_id"] = json!(profile_id("Acme Support SMS"));
    let again: Message = agent.send_message(id, named).await.decode(StatusCode::OK);
    assert_eq!(again.id, first.id);

    // The same key for something else.
    let mut other = body.clone();
    other["body"] = json!("Something else");
    let p = agent.send_message(id, other).await.expect_problem(
        StatusCode::UNPROCESSABLE_ENTITY,
        ErrorCode::IdempotencyKeyReused,
    );
    assert_eq!(p.field.as_deref(), Some("client_id"));
    let mut as_note = body.clone();
    as_note["kind"] = json!("note");
    agent.send_message(id, as_note).await.expect_problem(
        StatusCode::UNPROCESSABLE_ENTITY,
        ErrorCode::IdempotencyKeyReused,
    );
    let elsewhere = Crafted::new("Acme Support SMS", "Customer Care").craft();
    agent
        .send_message(elsewhere, body.clone())
        .await
        .expect_problem(
            StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::IdempotencyKeyReused,
        );
    assert_eq!(rows_with_client_id(&key), 1);

    // Keys are per author: another agent's message with the same id is theirs.
    let claire = Client::bearer(&app, "claire@acme.test").await;
    let theirs: Message = claire.sent(id, body.clone()).await;
    assert_ne!(theirs.id, first.id);

    // The header must be there and equal the client id.
    let fresh = reply_body("Header check");
    agent
        .send_message_keyed(id, fresh.clone(), None)
        .await
        .expect_invalid("Idempotency-Key");
    agent
        .send_message_keyed(id, fresh.clone(), Some("another-key"))
        .await
        .expect_invalid("Idempotency-Key");
    let mut blank = fresh.clone();
    blank["client_id"] = json!("");
    agent
        .send_message_keyed(id, blank, Some(""))
        .await
        .expect_invalid("client_id");
    let mut long = fresh.clone();
    long["client_id"] = json!("k".repeat(65));
    agent
        .send_message(id, long)
        .await
        .expect_invalid("client_id");
}

#[tokio::test]
async fn a_reply_reopens_a_closed_conversation() {
    let (_, agent) = app_as("agent@acme.test").await;
    let id = Crafted::new("Acme Support SMS", "Customer Care")
        .closed()
        .craft();
    // A note leaves it closed.
    agent
        .send_message(id, note_body("Closed, noting only."))
        .await
        .expect(StatusCode::CREATED);
    let detail: ConversationDetail = agent.read(&paths::conversation(id)).await;
    assert_eq!(detail.summary.status, ConversationStatus::Closed);

    let sent = agent.reply(id, "One more thing about your trip.").await;
    let detail: ConversationDetail = agent.read(&paths::conversation(id)).await;
    assert_eq!(detail.summary.status, ConversationStatus::Open);
    let thread = agent.thread(id).await;
    let n = thread.items.len();
    let event = &thread.items[n - 2];
    assert_eq!(event.kind, MessageKind::Event);
    assert_eq!(event.event.as_deref(), Some("reopened"));
    assert_eq!(event.author.as_ref().unwrap().name, "Arjun Patel");
    assert_eq!(thread.items[n - 1], sent);
    // Only once.
    agent.reply(id, "And another.").await;
    let events: i64 = db_scalar(
        &db(),
        "SELECT count(*) FROM messages WHERE conversation_id = ?1 AND event_type = 'reopened'",
        [id],
    );
    assert_eq!(events, 1);
}

/// The agent's only conversation with the contact named (or handled) `who`, found through the
/// list's search as the agent would.
async fn showcase(agent: &Client, who: &str) -> i64 {
    let support: i64 = db_scalar(&db(), "SELECT id FROM spaces WHERE name = 'Support'", []);
    let page: textpeak_api::ConversationPage = agent
        .read(&format!(
            "{}?q={}",
            paths::space_conversations(support),
            who.replace(' ', "%20")
        ))
        .await;
    assert_eq!(page.items.len(), 1, "{who}: {:?}", page.items);
    page.items[0].id
}

#[tokio::test]
async fn the_demo_data_shows_every_rule_to_the_support_agent() {
    let (_, agent) = app_as("agent@acme.test").await;

    // WhatsApp inside the window, and outside it with an approved template to send.
    let inside = agent.compose(showcase(&agent, "Lena Fischer").await).await;
    assert!(inside.whatsapp_window_closes_at.clone().unwrap() > inside.now);
    let outside_id = showcase(&agent, "Marco Bianchi").await;
    let outside = agent.compose(outside_id).await;
    assert!(outside.whatsapp_window_closes_at.clone().unwrap() < outside.now);
    let approved = find(outside.templates, "an approved template", |t| {
        t.whatsapp_approved
    });
    let body = textpeak_api::fill_placeholders(&approved.body, &outside.placeholders);
    assert!(
        textpeak_api::unfilled_placeholders(&body).is_empty(),
        "{body}"
    );

    // Telegram contacts who started their chat; one whose name and phone nobody knows.
    for who in ["tomas_on_tour", "night_owl_traveller"] {
        let context = agent.compose(showcase(&agent, who).await).await;
        assert!(context.contact_started_chat && context.can_reply);
        assert!(context.placeholders.contact_phone.is_none());
    }
    let owl = agent
        .compose(showcase(&agent, "night_owl_traveller").await)
        .await;
    let call_back = find(owl.templates, "Call-back", |t| t.name == "Call-back");
    let filled = textpeak_api::fill_placeholders(&call_back.body, &owl.placeholders);
    assert_eq!(
        textpeak_api::unfilled_placeholders(&filled).len(),
        2,
        "{filled}"
    );

    // Replies across the statuses, one failed with the carrier's reason.
    let thread = agent
        .thread(showcase(&agent, "Priya Natarajan").await)
        .await;
    let failed = find(thread.items.clone(), "a failed reply", |m| {
        m.status == Some(DeliveryStatus::Failed)
    });
    assert!(failed.failure_reason.unwrap().contains("30003"));
    assert!(thread
        .items
        .iter()
        .any(|m| m.status == Some(DeliveryStatus::Delivered)
            && m.sender_profile.as_deref() == Some("Acme Support SMS")));
    let statuses: Vec<Option<DeliveryStatus>> = agent
        .thread(showcase(&agent, "Lena Fischer").await)
        .await
        .items
        .iter()
        .map(|m| m.status)
        .collect();
    assert!(statuses.contains(&Some(DeliveryStatus::Read)));
    assert!(statuses.contains(&Some(DeliveryStatus::Delivered)));
}
