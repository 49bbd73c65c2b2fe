//! Starting a conversation over HTTP (`New conversation`): what the dialog offers each role
//! (`GET …/start`), the first message on each channel with the composer's rules (SMS to a
//! typed number, WhatsApp only by an approved template, Telegram only to a contact who started
//! the chat), the number's validation naming the field, the open conversation offered instead
//! of a duplicate (`…/start/existing` and 409), custom roles and restricted profiles, and
//! idempotent repeats. Every refused start leaves the database as it was.

mod common;

use axum::http::StatusCode;
use common::*;
use serde_json::json;
use textpeak_api::{
    paths, ConversationDetail, ConversationPage, ConversationStatus, DeliveryStatus, Direction,
    ErrorCode, MessageKind, Stream,
};

fn db() -> textpeak_server::Db {
    seeded_state().db
}

fn support() -> i64 {
    acme_space(&db(), "Support")
}

fn sales() -> i64 {
    acme_space(&db(), "Sales")
}

fn contacts_with_phone(phone: &str) -> i64 {
    db_scalar(
        &db(),
        "SELECT count(*) FROM contacts WHERE phone = ?1",
        [phone],
    )
}

fn conversations_of_contact(contact_id: i64) -> i64 {
    db_scalar(
        &db(),
        "SELECT count(*) FROM conversations WHERE contact_id = ?1",
        [contact_id],
    )
}

fn contact_of(conversation_id: i64) -> i64 {
    db_scalar(
        &db(),
        "SELECT contact_id FROM conversations WHERE id = ?1",
        [conversation_id],
    )
}

fn phone_of(conversation_id: i64) -> String {
    db_scalar(
        &db(),
        "SELECT k.phone FROM conversations c JOIN contacts k ON k.id = c.contact_id
         WHERE c.id = ?1",
        [conversation_id],
    )
}

#[tokio::test]
async fn an_sms_to_a_typed_number_starts_an_assigned_conversation() {
    let app = app();
    let (agent, me) = Client::sign_in(&app, "agent@acme.test").await;
    let sms = profile_named(&db(), "Acme Support SMS");
    let care = acme_team(&db(), "Customer Care");
    let (typed, e164) = fresh_number();
    // A leading 00 means +, and the spaces go.
    let typed = typed.replacen('+', "00", 1);
    let mut body = to_phone(
        sms,
        care,
        &typed,
        "Hello from Acme Travel, about your booking.",
    );
    body["contact_name"] = json!("  Nora Jansen ");
    let detail: ConversationDetail = agent
        .start_conversation(support(), body)
        .await
        .decode(StatusCode::CREATED);
    let s = &detail.summary;
    assert_eq!(s.contact.phone.as_deref(), Some(e164.as_str()));
    assert_eq!(s.contact.name.as_deref(), Some("Nora Jansen"));
    assert_eq!(s.stream, Stream::Sms);
    assert_eq!(s.status, ConversationStatus::Open);
    assert_eq!(s.team.id, care);
    assert_eq!(s.assignee.as_ref().map(|u| u.id), Some(me.user.id));
    assert_eq!(s.preview, "Hello from Acme Travel, about your booking.");
    assert_eq!(s.waiting_since, None);
    assert_eq!(s.unread_count, 0);
    assert_eq!(detail.sender_profile, "Acme Support SMS");
    assert_eq!(contacts_with_phone(&e164), 1);

    // The thread: who started it, then the reply, queued for delivery like any reply.
    let thread = agent.thread(s.id).await.items;
    assert_eq!(thread.len(), 2, "{thread:?}");
    assert_eq!(thread[0].kind, MessageKind::Event);
    assert_eq!(thread[0].event.as_deref(), Some("started"));
    assert_eq!(thread[0].author.as_ref().map(|u| u.id), Some(me.user.id));
    let reply = &thread[1];
    assert_eq!(reply.kind, MessageKind::Reply);
    assert_eq!(reply.direction, Some(Direction::Outbound));
    assert_eq!(reply.status, Some(DeliveryStatus::Queued));
    assert_eq!(reply.sender_profile.as_deref(), Some("Acme Support SMS"));
    assert!(reply.client_id.is_some());

    // It is in the list and its details like any conversation.
    let page: ConversationPage = agent
        .read(&format!(
            "{}?search={}",
            paths::space_conversations(support()),
            urlencode(&e164)
        ))
        .await;
    assert!(page.items.iter().any(|c| c.id == s.id), "{:?}", page.items);
    let again: ConversationDetail = agent.read(&paths::conversation(s.id)).await;
    assert_eq!(again.summary.id, s.id);

    // The composer's SMS rules apply to the first message too.
    let (_, other) = fresh_number();
    agent
        .start_conversation(support(), to_phone(sms, care, &other, &"a".repeat(1531)))
        .await
        .expect_problem(StatusCode::UNPROCESSABLE_ENTITY, ErrorCode::ChannelRule);
    assert_eq!(contacts_with_phone(&other), 0, "nothing is created");
}

#[tokio::test]
async fn an_invalid_number_is_refused_on_the_phone_field() {
    let app = app();
    let agent = Client::bearer(&app, "agent@acme.test").await;
    let sms = profile_named(&db(), "Acme Support SMS");
    let care = acme_team(&db(), "Customer Care");
    for (typed, says) in [
        ("030 1234567", "Start with + and the country code"),
        ("+49 301", "Too short for a phone number"),
        ("+49 301 234 567 890 123", "Too long: at most 15 digits"),
        (
            "+49 30 CALL-NOW",
            "Only digits, spaces, dashes and brackets",
        ),
        ("", "Enter the contact's number"),
    ] {
        let p = agent
            .start_conversation(support(), to_phone(sms, care, typed, "Hello"))
            .await
            .expect_invalid_saying("phone", &[says]);
        assert_eq!(p.code, ErrorCode::Validation);
    }
    // No number at all is the same problem.
    let mut body = to_phone(sms, care, "", "Hello");
    body.as_object_mut().unwrap().remove("phone");
    agent
        .start_conversation(support(), body)
        .await
        .expect_invalid("phone");
    // The lookup of an existing conversation says the same.
    agent
        .start_existing(support(), sms, "phone=12345")
        .await
        .expect_invalid_saying("phone", &["Start with +"]);
}

#[tokio::test]
async fn whatsapp_starts_only_with_an_approved_template_filled_by_the_server() {
    let app = app();
    let agent = Client::bearer(&app, "agent@acme.test").await;
    let whatsapp = profile_named(&db(), "Acme Support WhatsApp");
    let care = acme_team(&db(), "Customer Care");
    let options = agent.start_options(support()).await;
    let profile = find(options.sender_profiles, "WhatsApp profile", |p| {
        p.id == whatsapp
    });
    let approved = find(profile.templates.iter(), "approved template", |t| {
        t.name == "Booking confirmed"
    });
    assert!(approved.whatsapp_approved);
    let greeting = find(profile.templates.iter(), "greeting", |t| {
        t.name == "Greeting"
    });
    assert!(!greeting.whatsapp_approved);
    assert!(
        !profile
            .templates
            .iter()
            .any(|t| t.name == "Flight change options"),
        "SMS only"
    );

    // Free text: no window is open with a new contact.
    let (typed, e164) = fresh_number();
    let p = agent
        .start_conversation(support(), to_phone(whatsapp, care, &typed, "Hi there"))
        .await
        .expect_problem(StatusCode::UNPROCESSABLE_ENTITY, ErrorCode::ChannelRule);
    assert_eq!(p.rule.as_deref(), Some("whatsapp_window"));
    assert_eq!(p.field.as_deref(), Some("body"));
    // A template that is not approved is free text to WhatsApp.
    let mut body = to_phone(whatsapp, care, &typed, "");
    body["message"]["template_id"] = json!(greeting.id);
    let p = agent
        .start_conversation(support(), body)
        .await
        .expect_problem(StatusCode::UNPROCESSABLE_ENTITY, ErrorCode::ChannelRule);
    assert_eq!(p.rule.as_deref(), Some("whatsapp_window"));
    // An approved template, changed by hand, no longer is the template.
    let mut body = to_phone(whatsapp, care, &typed, "Hello, your booking is confirmed!");
    body["message"]["template_id"] = json!(approved.id);
    agent
        .start_conversation(support(), body)
        .await
        .expect_problem(StatusCode::UNPROCESSABLE_ENTITY, ErrorCode::ChannelRule);
    assert_eq!(contacts_with_phone(&e164), 0, "nothing is created");

    // The approved template without text: the server fills it for the new conversation.
    let mut body = to_phone(whatsapp, care, &typed, "");
    body["contact_name"] = json!("Ines Duarte");
    body["message"]["template_id"] = json!(approved.id);
    let detail: ConversationDetail = agent
        .start_conversation(support(), body)
        .await
        .decode(StatusCode::CREATED);
    assert_eq!(detail.summary.stream, Stream::Whatsapp);
    let thread = agent.thread(detail.summary.id).await.items;
    let reply = thread.last().unwrap();
    assert_eq!(
        reply.body,
        "Hello Ines Duarte, your booking is confirmed. Your e-tickets will arrive by e-mail \
         shortly. Arjun Patel, Acme Travel"
    );
    assert_eq!(reply.status, Some(DeliveryStatus::Queued));

    // The filled text sent as the composer sends it counts as the template too.
    let (typed, _) = fresh_number();
    let mut body = to_phone(
        whatsapp,
        care,
        &typed,
        "Hello Bo, your booking is confirmed. Your e-tickets will arrive by e-mail shortly. \
         Arjun Patel, Acme Travel",
    );
    body["contact_name"] = json!("Bo");
    body["message"]["template_id"] = json!(approved.id);
    agent
        .start_conversation(support(), body)
        .await
        .expect(StatusCode::CREATED);

    // A template of another channel is refused on its field.
    let flight = template_id("Flight change options");
    let mut body = to_phone(whatsapp, care, &fresh_number().0, "");
    body["message"]["template_id"] = json!(flight);
    agent
        .start_conversation(support(), body)
        .await
        .expect_invalid("template_id");
}

fn template_id(name: &str) -> i64 {
    db_scalar(
        &db(),
        "SELECT id FROM canned_templates WHERE name = ?1",
        [name],
    )
}

#[tokio::test]
async fn telegram_starts_only_with_a_contact_who_started_the_chat() {
    let app = app();
    let agent = Client::bearer(&app, "agent@acme.test").await;
    let bot = profile_named(&db(), "Acme Travel Bot");
    let care = acme_team(&db(), "Customer Care");
    let refunds_free = acme_team(&db(), "Refunds");
    // A contact who wrote to the bot once; the conversation has been closed since.
    let earlier = craft(
        &db(),
        &Crafted {
            closed: true,
            contact_name: Some("Zelda Quist"),
            ..Crafted::new("Acme Travel Bot", "Customer Care")
        },
    );
    let zelda = contact_of(earlier);
    // A contact the bot knows of but who never wrote (an outbound-only history).
    let silent = craft(
        &db(),
        &Crafted {
            closed: true,
            inbound_minutes_ago: None,
            contact_name: Some("Zelda Silent"),
            ..Crafted::new("Acme Travel Bot", "Customer Care")
        },
    );
    let silent = contact_of(silent);

    // The picker offers who started the chat, by name or handle.
    let found = agent.start_contact_list(support(), bot, "zelda").await;
    assert!(found.iter().any(|c| c.id == zelda), "{found:?}");
    assert!(!found.iter().any(|c| c.id == silent), "{found:?}");
    let handle: String = db_scalar(
        &db(),
        "SELECT telegram_handle FROM contacts WHERE id = ?1",
        [zelda],
    );
    let by_handle = agent
        .start_contact_list(support(), bot, &format!("@{handle}"))
        .await;
    assert_eq!(by_handle.len(), 1, "{by_handle:?}");
    assert_eq!(by_handle[0].telegram, handle);
    assert_eq!(by_handle[0].name.as_deref(), Some("Zelda Quist"));
    assert!(agent.start_contact_list(support(), bot, "").await.len() <= 20);
    // Only Telegram has a picker.
    agent
        .start_contacts(support(), profile_named(&db(), "Acme Support SMS"), "")
        .await
        .expect_invalid("sender_profile");

    // A bot cannot write first.
    let p = agent
        .start_conversation(support(), to_contact(bot, care, silent, "Hello!"))
        .await
        .expect_invalid("contact_id");
    assert_eq!(p.rule.as_deref(), Some("telegram_not_started"));
    let mut body = to_contact(bot, care, silent, "Hello!");
    body.as_object_mut().unwrap().remove("contact_id");
    agent
        .start_conversation(support(), body)
        .await
        .expect_invalid("contact_id");
    assert_eq!(conversations_of_contact(silent), 1, "nothing is created");

    // The contact who started the chat: a closed conversation of the same team is reopened
    // with the message rather than duplicated.
    let detail: ConversationDetail = agent
        .start_conversation(
            support(),
            to_contact(bot, care, zelda, "We have news about your trip"),
        )
        .await
        .decode(StatusCode::CREATED);
    assert_eq!(detail.summary.id, earlier);
    assert_eq!(detail.summary.status, ConversationStatus::Open);
    let thread = agent.thread(earlier).await.items;
    let events: Vec<_> = thread.iter().filter_map(|m| m.event.as_deref()).collect();
    assert_eq!(events, ["reopened"]);
    assert_eq!(thread.last().unwrap().body, "We have news about your trip");
    assert_eq!(conversations_of_contact(zelda), 1);

    // Now it is open: starting again offers it instead.
    let p = agent
        .start_conversation(support(), to_contact(bot, care, zelda, "Hello again"))
        .await
        .expect_conflict("already has an open conversation");
    assert_eq!(p.conversation_id, Some(earlier));
    assert_eq!(
        agent
            .existing_conversation(support(), bot, &format!("contact={zelda}"))
            .await,
        Some(earlier)
    );

    // Closed again, a start in another team is a new conversation with a started event; the
    // bot may keep writing there, since the contact started the chat with it.
    let multi = Client::bearer(&app, "multi@acme.test").await;
    agent
        .post(&paths::conversation_close(earlier), json!({}))
        .await
        .expect(StatusCode::OK);
    let detail: ConversationDetail = multi
        .start_conversation(
            support(),
            to_contact(bot, refunds_free, zelda, "Your refund"),
        )
        .await
        .decode(StatusCode::CREATED);
    assert_ne!(detail.summary.id, earlier);
    assert_eq!(detail.summary.team.id, refunds_free);
    assert_eq!(
        detail.summary.contact.telegram.as_deref(),
        Some(handle.as_str())
    );
    let thread = multi.thread(detail.summary.id).await.items;
    assert_eq!(thread[0].event.as_deref(), Some("started"));
    assert!(multi.compose(detail.summary.id).await.contact_started_chat);
    multi.reply(detail.summary.id, "And a second message").await;
}

#[tokio::test]
async fn an_open_conversation_with_the_contact_is_offered_instead_of_a_duplicate() {
    let app = app();
    let agent = Client::bearer(&app, "agent@acme.test").await;
    let sms = profile_named(&db(), "Acme Support SMS");
    let care = acme_team(&db(), "Customer Care");
    let open = craft(&db(), &Crafted::new("Acme Support SMS", "Customer Care"));
    let phone = phone_of(open);
    // Typed differently from how it is stored.
    let typed = format!("00{} {}", &phone[1..5], &phone[5..]);
    assert_eq!(
        agent
            .existing_conversation(support(), sms, &format!("phone={}", urlencode(&typed)))
            .await,
        Some(open)
    );
    let p = agent
        .start_conversation(support(), to_phone(sms, care, &typed, "Hello"))
        .await
        .expect_conflict("already has an open conversation");
    assert_eq!(p.conversation_id, Some(open));
    assert_eq!(conversations_of_contact(contact_of(open)), 1);

    // Per profile: WhatsApp to the same number is another conversation.
    assert_eq!(
        agent
            .existing_conversation(
                support(),
                profile_named(&db(), "Acme Support WhatsApp"),
                &format!("phone={}", urlencode(&phone))
            )
            .await,
        None
    );
    // A number nobody has.
    assert_eq!(
        agent
            .existing_conversation(
                support(),
                sms,
                &format!("phone={}", urlencode(&fresh_number().0))
            )
            .await,
        None
    );

    // An open conversation the agent may not see (Refunds) is not offered, but still not
    // duplicated.
    let hidden = craft(&db(), &Crafted::new("Acme Support SMS", "Refunds"));
    let phone = phone_of(hidden);
    assert_eq!(
        agent
            .existing_conversation(support(), sms, &format!("phone={}", urlencode(&phone)))
            .await,
        None
    );
    let p = agent
        .start_conversation(support(), to_phone(sms, care, &phone, "Hello"))
        .await
        .expect_conflict("already has an open conversation");
    assert_eq!(p.conversation_id, None);
    assert_eq!(conversations_of_contact(contact_of(hidden)), 1);

    // A closed one is no obstacle: the start reopens it (same team) with the message.
    let closed = craft(
        &db(),
        &Crafted {
            closed: true,
            ..Crafted::new("Acme Support SMS", "Customer Care")
        },
    );
    let phone = phone_of(closed);
    assert_eq!(
        agent
            .existing_conversation(support(), sms, &format!("phone={}", urlencode(&phone)))
            .await,
        None
    );
    let detail: ConversationDetail = agent
        .start_conversation(support(), to_phone(sms, care, &phone, "Back again"))
        .await
        .decode(StatusCode::CREATED);
    assert_eq!(detail.summary.id, closed);
    assert_eq!(detail.summary.status, ConversationStatus::Open);
}

#[tokio::test]
async fn each_role_is_offered_what_it_may_use_and_refused_the_rest() {
    let app = app();
    let agent = Client::bearer(&app, "agent@acme.test").await;
    let care = acme_team(&db(), "Customer Care");
    let vip_team = acme_team(&db(), "VIP");
    let refunds = acme_team(&db(), "Refunds");
    let vip_line = profile_named(&db(), "Acme VIP Line");

    // The agent: Support's open profiles (not the VIP line), their one team.
    let options = agent.start_options(support()).await;
    assert!(options.can_start);
    let names: Vec<&str> = options
        .sender_profiles
        .iter()
        .map(|p| p.name.as_str())
        .collect();
    assert_eq!(
        names,
        [
            "Acme Support SMS",
            "Acme Support WhatsApp",
            "Acme Travel Bot"
        ]
    );
    let teams: Vec<&str> = options.teams.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(teams, ["Customer Care"]);
    let (typed, _) = fresh_number();
    let p = agent
        .start_conversation(support(), to_phone(vip_line, care, &typed, "Hello"))
        .await
        .expect_problem(StatusCode::FORBIDDEN, ErrorCode::Forbidden);
    assert_eq!(p.field.as_deref(), Some("sender_profile_id"));
    // A team of the space the agent does not work in, a team and a profile of another space.
    let sms = profile_named(&db(), "Acme Support SMS");
    agent
        .start_conversation(support(), to_phone(sms, refunds, &typed, "Hello"))
        .await
        .expect_invalid("team_id");
    agent
        .start_conversation(
            support(),
            to_phone(sms, acme_team(&db(), "Leads"), &typed, "Hello"),
        )
        .await
        .expect_invalid("team_id");
    agent
        .start_conversation(
            support(),
            to_phone(
                profile_named(&db(), "Acme Sales SMS"),
                care,
                &typed,
                "Hello",
            ),
        )
        .await
        .expect_invalid("sender_profile_id");
    // A space the agent is not in does not exist for them.
    agent
        .get(&paths::space_start(sales()))
        .await
        .expect(StatusCode::NOT_FOUND);
    agent
        .start_conversation(
            sales(),
            to_phone(
                profile_named(&db(), "Acme Sales SMS"),
                acme_team(&db(), "Leads"),
                &typed,
                "Hi",
            ),
        )
        .await
        .expect(StatusCode::NOT_FOUND);

    // A member of the VIP team may use the VIP line; its conversation is theirs.
    let vip_agent = Client::bearer(&app, "claire@acme.test").await;
    let names: Vec<String> = vip_agent
        .start_options(support())
        .await
        .sender_profiles
        .into_iter()
        .map(|p| p.name)
        .collect();
    assert!(names.iter().any(|n| n == "Acme VIP Line"), "{names:?}");
    let mut body = to_phone(vip_line, vip_team, &typed, "");
    body["message"]["template_id"] = json!(template_id("Booking confirmed"));
    let detail: ConversationDetail = vip_agent
        .start_conversation(support(), body)
        .await
        .decode(StatusCode::CREATED);
    assert_eq!(detail.summary.team.id, vip_team);
    assert!(detail.summary.assignee.is_some());

    // The Manager of Sales: its profiles, the teams they manage, and not the Support space.
    let manager = Client::bearer(&app, "manager@acme.test").await;
    let options = manager.start_options(sales()).await;
    let names: Vec<&str> = options
        .sender_profiles
        .iter()
        .map(|p| p.name.as_str())
        .collect();
    assert_eq!(
        names,
        ["Acme Deals Bot", "Acme Sales SMS", "Acme Sales WhatsApp"]
    );
    let teams: Vec<&str> = options.teams.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(teams, ["Bookings", "Leads"]);
    manager
        .get(&paths::space_start(support()))
        .await
        .expect(StatusCode::NOT_FOUND);

    // The admin: every profile and team; not in a team, so the conversation is unassigned.
    let admin = Client::bearer(&app, "admin@acme.test").await;
    let options = admin.start_options(support()).await;
    assert_eq!(options.sender_profiles.len(), 4);
    let teams: Vec<&str> = options.teams.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(teams, ["Customer Care", "Refunds", "VIP"]);
    let detail: ConversationDetail = admin
        .start_conversation(
            support(),
            to_phone(sms, refunds, &fresh_number().0, "Hello from the admin"),
        )
        .await
        .decode(StatusCode::CREATED);
    assert_eq!(detail.summary.assignee, None);
    assert_eq!(detail.summary.team.id, refunds);

    // The Manager of every Support team.
    let sam = Client::bearer(&app, "sam@acme.test").await;
    let teams: Vec<String> = sam
        .start_options(support())
        .await
        .teams
        .into_iter()
        .map(|t| t.name)
        .collect();
    assert_eq!(teams, ["Customer Care", "Refunds", "VIP"]);
}

#[tokio::test]
async fn a_role_without_start_conversations_is_offered_nothing_and_refused() {
    let app = app();
    let care = acme_team(&db(), "Customer Care");
    let no_start = user_with_role(
        &app,
        "agent",
        &["start_conversations"],
        &[support()],
        &[care],
    )
    .await;
    let options = no_start.start_options(support()).await;
    assert!(!options.can_start);
    assert!(options.sender_profiles.is_empty() && options.teams.is_empty());
    let sms = profile_named(&db(), "Acme Support SMS");
    let (typed, e164) = fresh_number();
    let p = no_start
        .start_conversation(support(), to_phone(sms, care, &typed, "Hello"))
        .await
        .expect_problem(StatusCode::FORBIDDEN, ErrorCode::Forbidden);
    assert!(p.title.contains("starting conversations"), "{p:?}");
    no_start
        .start_contacts(support(), profile_named(&db(), "Acme Travel Bot"), "")
        .await
        .expect(StatusCode::FORBIDDEN);
    assert_eq!(contacts_with_phone(&e164), 0);

    // Replying is part of starting: a role without it may not start either.
    let no_reply = user_with_role(&app, "agent", &["reply"], &[support()], &[care]).await;
    assert!(!no_reply.start_options(support()).await.can_start);
    no_reply
        .start_conversation(support(), to_phone(sms, care, &typed, "Hello"))
        .await
        .expect(StatusCode::FORBIDDEN);

    // The same custom role with the flag may.
    let may = user_with_role(&app, "agent", &["close"], &[support()], &[care]).await;
    assert!(may.start_options(support()).await.can_start);
    may.start_conversation(support(), to_phone(sms, care, &typed, "Hello"))
        .await
        .expect(StatusCode::CREATED);

    // No inbox at all.
    Client::bearer(&app, "viewer@acme.test")
        .await
        .get(&paths::space_start(support()))
        .await
        .expect(StatusCode::FORBIDDEN);
    Client::anonymous(&app)
        .get(&paths::space_start(support()))
        .await
        .expect(StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_repeated_start_answers_the_same_conversation() {
    let app = app();
    let agent = Client::bearer(&app, "agent@acme.test").await;
    let sms = profile_named(&db(), "Acme Support SMS");
    let care = acme_team(&db(), "Customer Care");
    let (typed, e164) = fresh_number();
    let body = to_phone(sms, care, &typed, "Only once, please");
    let key = body["message"]["client_id"].as_str().unwrap().to_owned();
    let first: ConversationDetail = agent
        .start_conversation(support(), body.clone())
        .await
        .decode(StatusCode::CREATED);
    // The answer was lost; the app sends the very same request again.
    let again: ConversationDetail = agent
        .start_conversation(support(), body.clone())
        .await
        .decode(StatusCode::OK);
    assert_eq!(again.summary.id, first.summary.id);
    let count: i64 = db_scalar(
        &db(),
        "SELECT count(*) FROM messages WHERE client_id = ?1",
        [&key],
    );
    assert_eq!(count, 1);
    assert_eq!(contacts_with_phone(&e164), 1);
    assert_eq!(conversations_of_contact(contact_of(first.summary.id)), 1);

    // The key of that message with other text is another message: refused.
    let mut other = body.clone();
    other["message"]["body"] = json!("Something else");
    agent
        .start_conversation(support(), other)
        .await
        .expect_problem(
            StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::IdempotencyKeyReused,
        );
    // And to another number.
    let mut other = body.clone();
    other["phone"] = json!(fresh_number().0);
    agent
        .start_conversation(support(), other)
        .await
        .expect_problem(
            StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::IdempotencyKeyReused,
        );
    // The key must be sent, and be the message's.
    agent
        .start_conversation_keyed(support(), to_phone(sms, care, &fresh_number().0, "x"), None)
        .await
        .expect_invalid("Idempotency-Key");
    agent
        .start_conversation_keyed(
            support(),
            to_phone(sms, care, &fresh_number().0, "x"),
            Some("another-key"),
        )
        .await
        .expect_invalid("Idempotency-Key");

    // A template filled by the server repeats as the same request too.
    let whatsapp = profile_named(&db(), "Acme Support WhatsApp");
    let mut body = to_phone(whatsapp, care, &fresh_number().0, "");
    body["message"]["template_id"] = json!(template_id("Booking confirmed"));
    let first: ConversationDetail = agent
        .start_conversation(support(), body.clone())
        .await
        .decode(StatusCode::CREATED);
    let again: ConversationDetail = agent
        .start_conversation(support(), body)
        .await
        .decode(StatusCode::OK);
    assert_eq!(again.summary.id, first.summary.id);
}

#[tokio::test]
async fn the_delivery_simulator_moves_the_first_message_like_any_reply() {
    use textpeak_server::config::{DeliveryConfig, DeliveryMode};
    use textpeak_server::{router, simulator, AppState};

    let db = seeded_db(20);
    let state = AppState::new(db.clone(), NO_DIST);
    let config = DeliveryConfig {
        mode: DeliveryMode::Instant,
        failure_rate: 0.0,
        seed: Some(7),
    };
    simulator::spawn(db.clone(), config, state.delivery_wake.clone()).expect("a simulator");
    let app = router(state);
    let agent = Client::bearer(&app, "agent@acme.test").await;
    let space = acme_space(&db, "Support");
    let body = to_phone(
        profile_named(&db, "Acme Support SMS"),
        acme_team(&db, "Customer Care"),
        &fresh_number().0,
        "Your flight leaves at 9:40.",
    );
    let detail: ConversationDetail = agent
        .start_conversation(space, body)
        .await
        .decode(StatusCode::CREATED);
    let started = std::time::Instant::now();
    loop {
        let thread = agent.thread(detail.summary.id).await.items;
        let status = thread.last().unwrap().status.unwrap();
        if status == DeliveryStatus::Delivered {
            break;
        }
        assert!(
            started.elapsed() < std::time::Duration::from_secs(5),
            "still {status:?}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}
