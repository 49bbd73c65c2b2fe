//! Settings → sender profiles, incoming routing and canned templates over HTTP, the sender
//! registry, and inbound messages routed by the rules.
//!
//! The seeded database is shared by the tests of this binary: each test uses names and numbers
//! of its own (+1555NN…, NN per test) and never relies on counts others change.

mod common;

use axum::http::{Method, StatusCode};
use common::*;
use serde_json::{json, Value};
use textpeak_api::{
    paths, ErrorCode, InboundReceipt, RoutingRuleSetting, SenderProfileSetting, SenderSetting,
    TemplateSetting,
};
use textpeak_server::router;

const SUPPORT_TOKEN: &str = "support-token-for-channel-tests-0123";

/// The registry's entry for a sender, which must exist.
async fn registered(client: &Client, stream: &str, address: &str) -> SenderSetting {
    let what = format!("sender {stream} {address}");
    sender(client, stream, address).await.expect(&what)
}

/// The name of the profile a registered sender is in, if any.
async fn holder(client: &Client, stream: &str, address: &str) -> Option<String> {
    registered(client, stream, address)
        .await
        .profile
        .map(|p| p.name)
}

/// The registry's entry for a sender, if any.
async fn sender(client: &Client, stream: &str, address: &str) -> Option<SenderSetting> {
    let senders = client.list::<SenderSetting>().await;
    senders
        .into_iter()
        .find(|s| s.stream.as_str() == stream && s.address == address)
}

fn acme_id(sql: &str, name: &str) -> i64 {
    db_scalar(&seeded_state().db, sql, [name])
}

fn space(name: &str) -> i64 {
    acme_id(
        "SELECT s.id FROM spaces s JOIN tenants t ON t.id = s.tenant_id
         WHERE t.name = 'Acme Travel' AND s.name = ?1",
        name,
    )
}

fn team(name: &str) -> i64 {
    acme_id(
        "SELECT t.id FROM teams t JOIN spaces s ON s.id = t.space_id
         JOIN tenants n ON n.id = s.tenant_id WHERE n.name = 'Acme Travel' AND t.name = ?1",
        name,
    )
}

fn user(email: &str) -> i64 {
    acme_id("SELECT id FROM users WHERE email = ?1", email)
}

fn profile_body(name: &str, stream: &str, space_id: i64, senders: &[&str]) -> Value {
    json!({
        "name": name, "stream": stream, "space_id": space_id, "senders": senders,
        "restricted": false,
    })
}

fn rule_body(name: &str, stream: &str, senders: &[&str], team_id: i64) -> Value {
    json!({ "name": name, "stream": stream, "senders": senders, "team_id": team_id })
}

fn template_body(name: &str, body: &str, stream: Option<&str>, approved: bool) -> Value {
    json!({ "name": name, "body": body, "stream": stream, "whatsapp_approved": approved })
}

async fn seeded_profile(admin: &Client, name: &str) -> SenderProfileSetting {
    admin.find(|p: &SenderProfileSetting| p.name == name).await
}

#[tokio::test]
async fn an_admin_creates_edits_and_deletes_a_sender_profile() {
    let admin = Client::bearer(&app(), "admin@acme.test").await;

    let mut body = profile_body(
        "  Outlet SMS ",
        "sms",
        space("Sales"),
        &["+1 555 010 0002", "+1 (555) 010-0001"],
    );
    body["restricted"] = json!(true);
    body["team_ids"] = json!([team("Leads")]);
    body["agent_ids"] = json!([user("sofia@acme.test")]);
    let reply = admin.post(paths::SENDER_PROFILES, body).await;
    let created: SenderProfileSetting = reply.decode(StatusCode::CREATED);
    assert_eq!(created.name, "Outlet SMS");
    assert_eq!(created.space.name, "Sales");
    assert_eq!(created.senders, ["+15550100001", "+15550100002"]);
    assert!(created.restricted);
    assert_eq!(
        created
            .teams
            .iter()
            .map(|t| t.name.as_str())
            .collect::<Vec<_>>(),
        ["Leads"]
    );
    assert_eq!(
        created.agents.iter().map(|a| a.id).collect::<Vec<_>>(),
        [user("sofia@acme.test")]
    );
    assert_eq!(created.conversations, 0);
    assert_eq!(
        holder(&admin, "sms", "+15550100001").await.as_deref(),
        Some("Outlet SMS")
    );

    // Edit: renamed, open to everyone, one number fewer and one more.
    let body = profile_body(
        "Outlet texts",
        "sms",
        space("Sales"),
        &["+15550100002", "+15550100003"],
    );
    let reply = admin.patch(&paths::sender_profile(created.id), body).await;
    let edited: SenderProfileSetting = reply.decode(StatusCode::OK);
    assert_eq!(edited.name, "Outlet texts");
    assert_eq!(edited.senders, ["+15550100002", "+15550100003"]);
    assert!(!edited.restricted && edited.teams.is_empty() && edited.agents.is_empty());
    // The removed number stays in the registry, free for another profile.
    let freed = registered(&admin, "sms", "+15550100001").await;
    assert!(freed.profile.is_none());

    // Without conversations even the channel may change: the SMS numbers leave, the
    // WhatsApp one joins.
    let body = profile_body(
        "Outlet texts",
        "whatsapp",
        space("Sales"),
        &["+15550100003"],
    );
    let reply = admin.patch(&paths::sender_profile(created.id), body).await;
    reply.expect(StatusCode::OK);
    assert_eq!(
        reply.json::<SenderProfileSetting>().senders,
        ["+15550100003"]
    );
    let left = registered(&admin, "sms", "+15550100003").await;
    assert!(left.profile.is_none());
    let moved = registered(&admin, "whatsapp", "+15550100003").await;
    assert_eq!(moved.profile.map(|p| p.id), Some(created.id));

    // Delete: gone, its numbers detached; a second delete finds nothing.
    admin
        .expect_deleted_from(
            &paths::sender_profile(created.id),
            |p: &SenderProfileSetting| p.id == created.id,
        )
        .await;
    let sender = registered(&admin, "whatsapp", "+15550100003").await;
    assert!(sender.profile.is_none());
}

#[tokio::test]
async fn sender_profile_checks_name_the_field() {
    let admin = Client::bearer(&app(), "admin@acme.test").await;
    let sales = space("Sales");
    let post = |body: Value| admin.post(paths::SENDER_PROFILES, body);

    // Names are unique per tenant, ignoring case.
    let reply = post(profile_body(
        "acme SALES sms",
        "sms",
        sales,
        &["+15550200001"],
    ))
    .await;
    assert!(reply.expect_invalid("name").title.contains("already"));
    // Numbers are E.164, bot ids digits.
    let reply = post(profile_body("Checks A", "sms", sales, &["4155550123"])).await;
    assert!(reply.expect_invalid("senders").title.contains("E.164"));
    let reply = post(profile_body("Checks A", "telegram", sales, &["@acme_bot"])).await;
    reply.expect_invalid("senders");
    // A sender belongs to at most one profile: the message says which holds it.
    let reply = post(profile_body(
        "Checks A",
        "sms",
        sales,
        &["+15550200001", "+14155550101"],
    ))
    .await;
    reply.expect_invalid_saying(
        "senders",
        &["+14155550101", "\u{201c}Acme Sales SMS\u{201d}"],
    );
    // The space must be one of the tenant's.
    let fresh_space: i64 = seeded_state().db.with_conn(|c| {
        c.query_row(
            "INSERT INTO spaces (tenant_id, name) SELECT id, 'Fresh only' FROM tenants
             WHERE name = 'Fresh Start' RETURNING id",
            [],
            |r| r.get(0),
        )
        .unwrap()
    });
    let reply = post(profile_body(
        "Checks A",
        "sms",
        fresh_space,
        &["+15550200001"],
    ))
    .await;
    reply.expect_invalid("space_id");

    // Restricted: someone must be chosen, from the profile's space.
    let restricted = |teams: Vec<i64>, agents: Vec<i64>| {
        let mut body = profile_body("Checks A", "sms", sales, &["+15550200001"]);
        body["restricted"] = json!(true);
        body["team_ids"] = json!(teams);
        body["agent_ids"] = json!(agents);
        body
    };
    post(restricted(vec![], vec![]))
        .await
        .expect_invalid("availability");
    post(restricted(vec![team("Customer Care")], vec![]))
        .await
        .expect_invalid_saying("availability", &["Sales"]);
    post(restricted(vec![], vec![user("agent@acme.test")]))
        .await
        .expect_invalid_saying("availability", &["Arjun Patel"]);
    // Nothing of the refused attempts was stored.
    assert!(sender(&admin, "sms", "+15550200001").await.is_none());

    // A number routed to a team of another space cannot join a profile of this one.
    let body = rule_body(
        "Checks rule",
        "sms",
        &["+15550200002"],
        team("Customer Care"),
    );
    let reply = admin.post(paths::ROUTING_RULES, body).await;
    reply.expect(StatusCode::CREATED);
    post(profile_body("Checks A", "sms", sales, &["+15550200002"]))
        .await
        .expect_invalid_saying("senders", &["Checks rule", "Support"]);
    let reply = post(profile_body(
        "Checks A",
        "sms",
        space("Support"),
        &["+15550200002"],
    ))
    .await;
    reply.expect(StatusCode::CREATED);

    // A malformed body is a 422 problem too.
    let reply = post(json!({ "name": "No stream" })).await;
    reply.expect_problem(StatusCode::UNPROCESSABLE_ENTITY, ErrorCode::Validation);
}

#[tokio::test]
async fn a_profile_with_conversations_keeps_its_channel_space_and_existence() {
    let admin = Client::bearer(&app(), "owner@acme.test").await;
    let used = seeded_profile(&admin, "Acme Sales SMS").await;
    assert!(used.conversations > 0);
    let senders: Vec<&str> = used.senders.iter().map(String::as_str).collect();

    let reply = admin.delete(&paths::sender_profile(used.id)).await;
    reply.expect_conflict(&format!("{} conversation", used.conversations));

    let uri = paths::sender_profile(used.id);
    let patch = |body: Value| admin.patch(&uri, body);
    let reply = patch(profile_body(
        &used.name,
        "whatsapp",
        used.space.id,
        &senders,
    ))
    .await;
    assert!(reply
        .expect_invalid("stream")
        .title
        .contains("conversations"));
    let reply = patch(profile_body(&used.name, "sms", space("Support"), &senders)).await;
    assert!(reply
        .expect_invalid("space_id")
        .title
        .contains("conversations"));
    assert_eq!(seeded_profile(&admin, "Acme Sales SMS").await, used);
}

#[tokio::test]
async fn an_admin_creates_edits_and_deletes_a_routing_rule() {
    let admin = Client::bearer(&app(), "admin@acme.test").await;

    let body = rule_body(" Outlet leads ", "sms", &["+1 555 030 0001"], team("Leads"));
    let reply = admin.post(paths::ROUTING_RULES, body).await;
    let rule: RoutingRuleSetting = reply.decode(StatusCode::CREATED);
    assert_eq!(
        (
            rule.name.as_str(),
            rule.team.name.as_str(),
            rule.space.name.as_str()
        ),
        ("Outlet leads", "Leads", "Sales")
    );
    assert_eq!(rule.senders, ["+15550300001"]);
    // An unknown number joins the registry, routed but in no profile yet.
    let unknown = registered(&admin, "sms", "+15550300001").await;
    assert_eq!(unknown.rule.map(|r| r.id), Some(rule.id));
    assert!(unknown.profile.is_none());

    let body = rule_body(
        "Outlet bookings",
        "sms",
        &["+15550300002"],
        team("Bookings"),
    );
    let reply = admin.patch(&paths::routing_rule(rule.id), body).await;
    let edited: RoutingRuleSetting = reply.decode(StatusCode::OK);
    assert_eq!(
        (edited.name.as_str(), edited.team.name.as_str()),
        ("Outlet bookings", "Bookings")
    );
    assert_eq!(edited.senders, ["+15550300002"]);
    let sender = registered(&admin, "sms", "+15550300001").await;
    assert!(sender.rule.is_none());
    let rules = admin.list::<RoutingRuleSetting>().await;
    assert!(rules.contains(&edited));

    admin.expect_deleted(&paths::routing_rule(rule.id)).await;
    let sender = registered(&admin, "sms", "+15550300002").await;
    assert!(sender.rule.is_none());
}

#[tokio::test]
async fn routing_rule_checks_name_the_field() {
    let admin = Client::bearer(&app(), "admin@acme.test").await;
    let post = |body: Value| admin.post(paths::ROUTING_RULES, body);
    let leads = team("Leads");

    let reply = post(rule_body(
        "sales SMS to LEADS",
        "sms",
        &["+15550400001"],
        leads,
    ))
    .await;
    reply.expect_invalid("name");
    let reply = post(rule_body(
        "Rule checks",
        "whatsapp",
        &["+1 CALL NOW"],
        leads,
    ))
    .await;
    reply.expect_invalid("senders");
    let reply = post(rule_body("Rule checks", "sms", &["+14155550102"], leads)).await;
    reply.expect_invalid_saying(
        "senders",
        &["+14155550102", "\u{201c}Sales SMS to Leads\u{201d}"],
    );
    let reply = post(rule_body("Rule checks", "sms", &["+15550400001"], 999_999)).await;
    reply.expect_invalid("team_id");

    // A number of a Support profile cannot route to a Sales team: its conversations are
    // Support's.
    let body = profile_body(
        "Rule checks line",
        "sms",
        space("Support"),
        &["+15550400002"],
    );
    let reply = admin.post(paths::SENDER_PROFILES, body).await;
    reply.expect(StatusCode::CREATED);
    post(rule_body("Rule checks", "sms", &["+15550400002"], leads))
        .await
        .expect_invalid_saying("senders", &["Rule checks line", "\u{201c}Support\u{201d}"]);
    let reply = post(rule_body(
        "Rule checks",
        "sms",
        &["+15550400002"],
        team("Refunds"),
    ))
    .await;
    reply.expect(StatusCode::CREATED);
}

#[tokio::test]
async fn templates_are_created_edited_validated_and_deleted() {
    let app = app();
    // Templates belong to the tenant: a Manager manages them all.
    let manager = Client::bearer(&app, "manager@acme.test").await;
    let post = |body: Value| manager.post(paths::TEMPLATES, body);

    let reply = post(template_body(
        " Outlet hello ",
        " Hi {{contact.first_name}}, {{ agent.name }} here. ",
        Some("whatsapp"),
        true,
    ))
    .await;
    let created: TemplateSetting = reply.decode(StatusCode::CREATED);
    assert_eq!(
        (created.name.as_str(), created.body.as_str()),
        (
            "Outlet hello",
            "Hi {{contact.first_name}}, {{ agent.name }} here."
        )
    );
    assert!(created.whatsapp_approved);

    post(template_body("GREETING", "Hello", None, false))
        .await
        .expect_invalid("name");
    post(template_body(
        "Outlet x",
        "Hi {{customer.name}}",
        None,
        false,
    ))
    .await
    .expect_invalid_saying("body", &["{{customer.name}}"]);
    post(template_body("Outlet x", "Hi", Some("sms"), true))
        .await
        .expect_invalid("whatsapp_approved");

    let body = template_body("Outlet hello", "Hello {{contact.name}}", None, false);
    let reply = manager.patch(&paths::template(created.id), body).await;
    let edited: TemplateSetting = reply.decode(StatusCode::OK);
    assert_eq!((edited.stream, edited.whatsapp_approved), (None, false));

    let templates = manager.list::<TemplateSetting>().await;
    assert!(templates.contains(&edited));
    let names: Vec<String> = templates.iter().map(|t| t.name.to_lowercase()).collect();
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted);

    manager.expect_deleted(&paths::template(created.id)).await;
}

#[tokio::test]
async fn a_manager_manages_the_channels_of_their_spaces_only() {
    let app = app();
    let [manager, admin] = Client::bearers(&app, ["manager@acme.test", "admin@acme.test"]).await;
    let support_profile = seeded_profile(&admin, "Acme Support SMS").await;
    let support_rule = admin
        .list::<RoutingRuleSetting>()
        .await
        .into_iter()
        .find(|r| r.name == "Support SMS to Customer Care")
        .unwrap();

    let profiles = manager.list::<SenderProfileSetting>().await;
    assert!(profiles.iter().any(|p| p.name == "Acme Sales SMS"));
    assert!(
        profiles.iter().all(|p| p.space.name == "Sales"),
        "{profiles:?}"
    );
    let rules = manager.list::<RoutingRuleSetting>().await;
    assert!(rules.iter().any(|r| r.name == "Sales SMS to Leads"));
    assert!(rules.iter().all(|r| r.space.name == "Sales"), "{rules:?}");
    // The registry still names who holds a Support number, so the form can say it is taken.
    assert_eq!(
        holder(&manager, "sms", "+442079460123").await.as_deref(),
        Some("Acme Support SMS")
    );

    // Support's profile and rule do not exist for them.
    let body = profile_body("Taken over", "sms", space("Sales"), &["+442079460123"]);
    let reply = manager
        .patch(&paths::sender_profile(support_profile.id), body)
        .await;
    reply.expect(StatusCode::NOT_FOUND);
    let reply = manager
        .delete(&paths::sender_profile(support_profile.id))
        .await;
    reply.expect(StatusCode::NOT_FOUND);
    let body = rule_body("Taken over", "sms", &["+442079460123"], team("Leads"));
    let reply = manager
        .patch(&paths::routing_rule(support_rule.id), body)
        .await;
    reply.expect(StatusCode::NOT_FOUND);
    let reply = manager.delete(&paths::routing_rule(support_rule.id)).await;
    reply.expect(StatusCode::NOT_FOUND);

    // Nor can they place anything in Support.
    let body = profile_body("Manager line", "sms", space("Support"), &["+15550600001"]);
    let reply = manager.post(paths::SENDER_PROFILES, body).await;
    reply.expect_invalid("space_id");
    let body = rule_body("Manager rule", "sms", &["+15550600001"], team("Refunds"));
    let reply = manager.post(paths::ROUTING_RULES, body).await;
    reply.expect_invalid("team_id");

    // In Sales they may.
    let body = profile_body("Manager line", "sms", space("Sales"), &["+15550600001"]);
    let reply = manager.post(paths::SENDER_PROFILES, body).await;
    reply.expect(StatusCode::CREATED);
    assert_eq!(
        seeded_profile(&admin, "Acme Support SMS").await,
        support_profile
    );
}

#[tokio::test]
async fn agents_viewers_and_other_tenants_are_refused() {
    let app = app();
    let admin = Client::bearer(&app, "admin@acme.test").await;
    let profile = seeded_profile(&admin, "Acme Deals Bot").await;
    let rule = admin.list::<RoutingRuleSetting>().await[0].clone();
    let template = admin.list::<TemplateSetting>().await[0].clone();

    for email in ["agent@acme.test", "viewer@acme.test"] {
        let who = Client::bearer(&app, email).await;
        for uri in [
            paths::SENDERS,
            paths::SENDER_PROFILES,
            paths::ROUTING_RULES,
            paths::TEMPLATES,
        ] {
            who.get(uri).await.expect(StatusCode::FORBIDDEN);
        }
        let writes = [
            (
                Method::POST,
                paths::SENDER_PROFILES.to_owned(),
                profile_body("Mine", "sms", space("Support"), &["+15550700001"]),
            ),
            (
                Method::POST,
                paths::ROUTING_RULES.to_owned(),
                rule_body("Mine", "sms", &["+15550700001"], team("VIP")),
            ),
            (
                Method::POST,
                paths::TEMPLATES.to_owned(),
                template_body("Mine", "Hi", None, false),
            ),
            (Method::DELETE, paths::sender_profile(profile.id), json!({})),
            (Method::DELETE, paths::routing_rule(rule.id), json!({})),
            (Method::DELETE, paths::template(template.id), json!({})),
        ];
        for (method, uri, body) in writes {
            let reply = who.call(method, &uri, body).await;
            reply.expect(StatusCode::FORBIDDEN);
        }
    }

    // A signed-in browser's write needs the JSON content type or the CSRF header.
    let cookie = Client::cookie(&app, "admin@acme.test").await;
    let forged = axum::http::Request::post(paths::TEMPLATES)
        .header("content-type", "text/plain")
        .body(axum::body::Body::from(
            template_body("Forged", "Hi", None, false).to_string(),
        ))
        .unwrap();
    let reply = cookie.send(forged).await;
    reply.expect(StatusCode::FORBIDDEN);

    // Another tenant's admin sees none of Acme's and finds none of its ids.
    let fresh = Client::bearer(&app, "admin@fresh.test").await;
    assert!(fresh.list::<SenderSetting>().await.is_empty());
    fresh
        .assert_unlisted(|p: &SenderProfileSetting| p.id == profile.id)
        .await;
    assert!(fresh.list::<TemplateSetting>().await.is_empty());
    for uri in [
        paths::sender_profile(profile.id),
        paths::routing_rule(rule.id),
        paths::template(template.id),
    ] {
        fresh.delete(&uri).await.expect(StatusCode::NOT_FOUND);
    }
    let body = template_body("Taken over", "Hi", None, false);
    let reply = fresh.patch(&paths::template(template.id), body).await;
    reply.expect(StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn inbound_messages_go_to_the_team_of_the_senders_rule() {
    let app = app();
    let support_app = router(seeded_state().with_support_token(Some(SUPPORT_TOKEN)));
    let admin = Client::bearer(&app, "admin@acme.test").await;
    let support = Client::with_bearer(&support_app, SUPPORT_TOKEN);
    let inbound = |body: Value| support.post(paths::SUPPORT_INBOUND, body);

    // A fresh WhatsApp line of Support, routed to VIP.
    let body = profile_body(
        "Inbound line",
        "whatsapp",
        space("Support"),
        &["+15550800001"],
    );
    let reply = admin.post(paths::SENDER_PROFILES, body).await;
    reply.expect(StatusCode::CREATED);
    let body = rule_body(
        "Inbound line to VIP",
        "whatsapp",
        &["+15550800001"],
        team("VIP"),
    );
    let reply = admin.post(paths::ROUTING_RULES, body).await;
    reply.expect(StatusCode::CREATED);

    let message = |from: &str, text: &str| json!({ "stream": "whatsapp", "to": "+1 555 080 0001", "from": from, "text": text });
    let reply = inbound(message("+44 7700 900123", "Hello, is my flight on time?")).await;
    let receipt: InboundReceipt = reply.decode(StatusCode::CREATED);
    assert!(receipt.created);
    assert_eq!(
        (receipt.team.id, receipt.space.name.as_str()),
        (team("VIP"), "Support")
    );
    assert_eq!(
        receipt.rule.map(|r| r.name).as_deref(),
        Some("Inbound line to VIP")
    );
    let stored = |id: i64| -> (i64, String, i64, i64, String) {
        seeded_state().db.with_conn(|c| {
            c.query_row(
                "SELECT c.team_id, c.status, c.unread_count,
                        (SELECT count(*) FROM messages m WHERE m.conversation_id = c.id
                         AND m.kind = 'reply' AND m.direction = 'inbound'),
                        k.phone
                 FROM conversations c JOIN contacts k ON k.id = c.contact_id WHERE c.id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
            )
            .unwrap()
        })
    };
    assert_eq!(
        stored(receipt.conversation_id),
        (team("VIP"), "open".into(), 1, 1, "+447700900123".into())
    );
    let reply = admin
        .get(&paths::conversation(receipt.conversation_id))
        .await;
    reply.expect(StatusCode::OK);

    // The contact writes again after the conversation was closed: the same one, reopened.
    seeded_state().db.with_conn(|c| {
        c.execute(
            "UPDATE conversations SET status = 'closed', unread_count = 0 WHERE id = ?1",
            [receipt.conversation_id],
        )
        .unwrap()
    });
    let reply = inbound(message("+447700900123", "Hello again")).await;
    let again: InboundReceipt = reply.decode(StatusCode::OK);
    assert_eq!(
        (again.conversation_id, again.created),
        (receipt.conversation_id, false)
    );
    let (_, status, unread, inbound_count, _) = stored(receipt.conversation_id);
    assert_eq!((status.as_str(), unread, inbound_count), ("open", 1, 2));
    let thread = admin
        .get(&paths::conversation_messages(receipt.conversation_id))
        .await;
    let thread: textpeak_api::MessagePage = thread.json();
    let last: Vec<_> = thread.items.iter().rev().take(2).collect();
    assert_eq!(last[0].event.as_deref(), Some("reopened"));
    assert_eq!(last[1].body, "Hello again");

    // Without a rule, new conversations go to the first team of the profile's space.
    let body = profile_body("Inbound bot", "telegram", space("Sales"), &["5550800002"]);
    let reply = admin.post(paths::SENDER_PROFILES, body).await;
    reply.expect(StatusCode::CREATED);
    let reply = inbound(json!({
        "stream": "telegram", "to": "5550800002", "from": "@inbound_tester", "text": "Hi"
    }))
    .await;
    let receipt: InboundReceipt = reply.decode(StatusCode::CREATED);
    assert_eq!((receipt.team.id, receipt.rule), (team("Leads"), None));

    // Unknown senders, senders of no profile, bad input.
    let reply = inbound(json!({
        "stream": "sms", "to": "+15550800999", "from": "+447700900123", "text": "Hi"
    }))
    .await;
    reply.expect(StatusCode::NOT_FOUND);
    let reply = inbound(json!({
        "stream": "sms", "to": "+14155550199", "from": "+447700900123", "text": "Hi"
    }))
    .await;
    assert!(reply.expect_invalid("to").title.contains("profile"));
    inbound(message("07700 900123", "Hi"))
        .await
        .expect_invalid("from");
    inbound(message("+447700900123", "   "))
        .await
        .expect_invalid("text");

    // Only TextPeak support delivers messages.
    let body = message("+447700900123", "Let me in");
    for (who, status) in [
        (Client::anonymous(&support_app), StatusCode::UNAUTHORIZED),
        (
            Client::with_bearer(&support_app, admin.token()),
            StatusCode::FORBIDDEN,
        ),
        // Without a configured support token the endpoint does not exist.
        (
            Client::with_bearer(&app, SUPPORT_TOKEN),
            StatusCode::NOT_FOUND,
        ),
    ] {
        let reply = who.post(paths::SUPPORT_INBOUND, body.clone()).await;
        reply.expect(status);
    }
}
