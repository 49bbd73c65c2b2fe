//! Settings → sender profiles, incoming routing and canned templates over HTTP, the sender
//! registry, and inbound messages routed by the rules.
//!
//! The seeded database is shared by the tests of this binary: each test uses names and numbers
//! of its own (+1555NN…, NN per test) and never relies on counts others change.

mod common;

use axum::http::{Method, StatusCode};
use axum::Router;
use common::*;
use serde_json::{json, Value};
use textpeak_api::{
    paths, ErrorCode, InboundReceipt, RoutingRuleSetting, SenderProfileSetting, SenderSetting,
    TemplateSetting,
};
use textpeak_server::router;

const SUPPORT_TOKEN: &str = "support-token-for-channel-tests-0123";

/// A signed-in user of the shared app.
struct Client {
    app: Router,
    token: String,
}

impl Client {
    async fn new(app: &Router, email: &str) -> Client {
        let (token, _) = bearer_session(app, email).await;
        Client {
            app: app.clone(),
            token,
        }
    }

    async fn get(&self, uri: &str) -> Reply {
        send(&self.app, with_auth(get(uri), &Auth::Bearer(&self.token))).await
    }

    async fn call(&self, method: Method, uri: &str, body: Value) -> Reply {
        send(
            &self.app,
            with_auth(json_request(method, uri, body), &Auth::Bearer(&self.token)),
        )
        .await
    }

    async fn delete(&self, uri: &str) -> Reply {
        self.call(Method::DELETE, uri, json!({})).await
    }

    async fn list<T: serde::de::DeserializeOwned>(&self, uri: &str) -> Vec<T> {
        let reply = self.get(uri).await;
        assert_eq!(reply.status, StatusCode::OK, "{uri}: {}", reply.text());
        reply.json()
    }

    async fn sender(&self, stream: &str, address: &str) -> Option<SenderSetting> {
        self.list::<SenderSetting>(paths::SENDERS)
            .await
            .into_iter()
            .find(|s| s.stream.as_str() == stream && s.address == address)
    }
}

/// A 422 naming `field`; answers its message.
fn invalid(reply: &Reply, field: &str) -> String {
    assert_eq!(
        reply.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        reply.text()
    );
    let problem = reply.problem();
    assert_eq!(problem.code, ErrorCode::Validation);
    assert_eq!(problem.field.as_deref(), Some(field), "{problem:?}");
    problem.title
}

fn acme_id(sql: &str, name: &str) -> i64 {
    seeded_state().db.with_conn(|c| {
        c.query_row(sql, [name], |r| r.get(0))
            .unwrap_or_else(|e| panic!("{name}: {e}"))
    })
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
    admin
        .list::<SenderProfileSetting>(paths::SENDER_PROFILES)
        .await
        .into_iter()
        .find(|p| p.name == name)
        .unwrap_or_else(|| panic!("the seeded profile {name}"))
}

#[tokio::test]
async fn an_admin_creates_edits_and_deletes_a_sender_profile() {
    let app = app();
    let admin = Client::new(&app, "admin@acme.test").await;

    let mut body = profile_body(
        "  Outlet SMS ",
        "sms",
        space("Sales"),
        &["+1 555 010 0002", "+1 (555) 010-0001"],
    );
    body["restricted"] = json!(true);
    body["team_ids"] = json!([team("Leads")]);
    body["agent_ids"] = json!([user("sofia@acme.test")]);
    let reply = admin.call(Method::POST, paths::SENDER_PROFILES, body).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text());
    let created: SenderProfileSetting = reply.json();
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
    let registered = admin.sender("sms", "+15550100001").await.unwrap();
    assert_eq!(
        registered.profile.map(|p| p.name).as_deref(),
        Some("Outlet SMS")
    );

    // Edit: renamed, open to everyone, one number fewer and one more.
    let reply = admin
        .call(
            Method::PATCH,
            &paths::sender_profile(created.id),
            profile_body(
                "Outlet texts",
                "sms",
                space("Sales"),
                &["+15550100002", "+15550100003"],
            ),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    let edited: SenderProfileSetting = reply.json();
    assert_eq!(edited.name, "Outlet texts");
    assert_eq!(edited.senders, ["+15550100002", "+15550100003"]);
    assert!(!edited.restricted && edited.teams.is_empty() && edited.agents.is_empty());
    // The removed number stays in the registry, free for another profile.
    let freed = admin.sender("sms", "+15550100001").await.unwrap();
    assert!(freed.profile.is_none());

    // Without conversations even the channel may change: the SMS numbers leave, the
    // WhatsApp one joins.
    let reply = admin
        .call(
            Method::PATCH,
            &paths::sender_profile(created.id),
            profile_body(
                "Outlet texts",
                "whatsapp",
                space("Sales"),
                &["+15550100003"],
            ),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    assert_eq!(
        reply.json::<SenderProfileSetting>().senders,
        ["+15550100003"]
    );
    let left = admin.sender("sms", "+15550100003").await.unwrap();
    assert!(left.profile.is_none());
    let moved = admin.sender("whatsapp", "+15550100003").await.unwrap();
    assert_eq!(moved.profile.map(|p| p.id), Some(created.id));

    // Delete: gone, its numbers detached; a second delete finds nothing.
    let reply = admin.delete(&paths::sender_profile(created.id)).await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT, "{}", reply.text());
    let profiles = admin
        .list::<SenderProfileSetting>(paths::SENDER_PROFILES)
        .await;
    assert!(profiles.iter().all(|p| p.id != created.id));
    assert!(admin
        .sender("whatsapp", "+15550100003")
        .await
        .unwrap()
        .profile
        .is_none());
    let reply = admin.delete(&paths::sender_profile(created.id)).await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn sender_profile_checks_name_the_field() {
    let app = app();
    let admin = Client::new(&app, "admin@acme.test").await;
    let sales = space("Sales");
    let post = |body: Value| admin.call(Method::POST, paths::SENDER_PROFILES, body);

    // Names are unique per tenant, ignoring case.
    let reply = post(profile_body(
        "acme SALES sms",
        "sms",
        sales,
        &["+15550200001"],
    ))
    .await;
    assert!(invalid(&reply, "name").contains("already"));
    // Numbers are E.164, bot ids digits.
    let reply = post(profile_body("Checks A", "sms", sales, &["4155550123"])).await;
    assert!(invalid(&reply, "senders").contains("E.164"));
    let reply = post(profile_body("Checks A", "telegram", sales, &["@acme_bot"])).await;
    invalid(&reply, "senders");
    // A sender belongs to at most one profile: the message says which holds it.
    let reply = post(profile_body(
        "Checks A",
        "sms",
        sales,
        &["+15550200001", "+14155550101"],
    ))
    .await;
    let message = invalid(&reply, "senders");
    assert!(
        message.contains("+14155550101") && message.contains("\u{201c}Acme Sales SMS\u{201d}"),
        "{message}"
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
    invalid(&reply, "space_id");

    // Restricted: someone must be chosen, from the profile's space.
    let restricted = |teams: Vec<i64>, agents: Vec<i64>| {
        let mut body = profile_body("Checks A", "sms", sales, &["+15550200001"]);
        body["restricted"] = json!(true);
        body["team_ids"] = json!(teams);
        body["agent_ids"] = json!(agents);
        body
    };
    invalid(&post(restricted(vec![], vec![])).await, "availability");
    let message = invalid(
        &post(restricted(vec![team("Customer Care")], vec![])).await,
        "availability",
    );
    assert!(message.contains("Sales"), "{message}");
    let message = invalid(
        &post(restricted(vec![], vec![user("agent@acme.test")])).await,
        "availability",
    );
    assert!(message.contains("Arjun Patel"), "{message}");
    // Nothing of the refused attempts was stored.
    assert!(admin.sender("sms", "+15550200001").await.is_none());

    // A number routed to a team of another space cannot join a profile of this one.
    let reply = admin
        .call(
            Method::POST,
            paths::ROUTING_RULES,
            rule_body(
                "Checks rule",
                "sms",
                &["+15550200002"],
                team("Customer Care"),
            ),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text());
    let message = invalid(
        &post(profile_body("Checks A", "sms", sales, &["+15550200002"])).await,
        "senders",
    );
    assert!(
        message.contains("Checks rule") && message.contains("Support"),
        "{message}"
    );
    let reply = post(profile_body(
        "Checks A",
        "sms",
        space("Support"),
        &["+15550200002"],
    ))
    .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text());

    // A malformed body is a 422 problem too.
    let reply = post(json!({ "name": "No stream" })).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(reply.problem().code, ErrorCode::Validation);
}

#[tokio::test]
async fn a_profile_with_conversations_keeps_its_channel_space_and_existence() {
    let app = app();
    let admin = Client::new(&app, "owner@acme.test").await;
    let used = seeded_profile(&admin, "Acme Sales SMS").await;
    assert!(used.conversations > 0);
    let senders: Vec<&str> = used.senders.iter().map(String::as_str).collect();

    let reply = admin.delete(&paths::sender_profile(used.id)).await;
    assert_eq!(reply.status, StatusCode::CONFLICT, "{}", reply.text());
    let problem = reply.problem();
    assert_eq!(problem.code, ErrorCode::Conflict);
    assert!(
        problem
            .title
            .contains(&format!("{} conversation", used.conversations)),
        "{problem:?}"
    );

    let uri = paths::sender_profile(used.id);
    let patch = |body: Value| admin.call(Method::PATCH, &uri, body);
    let reply = patch(profile_body(
        &used.name,
        "whatsapp",
        used.space.id,
        &senders,
    ))
    .await;
    assert!(invalid(&reply, "stream").contains("conversations"));
    let reply = patch(profile_body(&used.name, "sms", space("Support"), &senders)).await;
    assert!(invalid(&reply, "space_id").contains("conversations"));
    assert_eq!(seeded_profile(&admin, "Acme Sales SMS").await, used);
}

#[tokio::test]
async fn an_admin_creates_edits_and_deletes_a_routing_rule() {
    let app = app();
    let admin = Client::new(&app, "admin@acme.test").await;

    let reply = admin
        .call(
            Method::POST,
            paths::ROUTING_RULES,
            rule_body(" Outlet leads ", "sms", &["+1 555 030 0001"], team("Leads")),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text());
    let rule: RoutingRuleSetting = reply.json();
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
    let sender = admin.sender("sms", "+15550300001").await.unwrap();
    assert_eq!(sender.rule.map(|r| r.id), Some(rule.id));
    assert!(sender.profile.is_none());

    let reply = admin
        .call(
            Method::PATCH,
            &paths::routing_rule(rule.id),
            rule_body(
                "Outlet bookings",
                "sms",
                &["+15550300002"],
                team("Bookings"),
            ),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    let edited: RoutingRuleSetting = reply.json();
    assert_eq!(
        (edited.name.as_str(), edited.team.name.as_str()),
        ("Outlet bookings", "Bookings")
    );
    assert_eq!(edited.senders, ["+15550300002"]);
    assert!(admin
        .sender("sms", "+15550300001")
        .await
        .unwrap()
        .rule
        .is_none());
    let rules = admin.list::<RoutingRuleSetting>(paths::ROUTING_RULES).await;
    assert!(rules.contains(&edited));

    let reply = admin.delete(&paths::routing_rule(rule.id)).await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT, "{}", reply.text());
    assert!(admin
        .sender("sms", "+15550300002")
        .await
        .unwrap()
        .rule
        .is_none());
    let reply = admin.delete(&paths::routing_rule(rule.id)).await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn routing_rule_checks_name_the_field() {
    let app = app();
    let admin = Client::new(&app, "admin@acme.test").await;
    let post = |body: Value| admin.call(Method::POST, paths::ROUTING_RULES, body);
    let leads = team("Leads");

    let reply = post(rule_body(
        "sales SMS to LEADS",
        "sms",
        &["+15550400001"],
        leads,
    ))
    .await;
    invalid(&reply, "name");
    let reply = post(rule_body(
        "Rule checks",
        "whatsapp",
        &["+1 CALL NOW"],
        leads,
    ))
    .await;
    invalid(&reply, "senders");
    let reply = post(rule_body("Rule checks", "sms", &["+14155550102"], leads)).await;
    let message = invalid(&reply, "senders");
    assert!(
        message.contains("+14155550102") && message.contains("\u{201c}Sales SMS to Leads\u{201d}"),
        "{message}"
    );
    let reply = post(rule_body("Rule checks", "sms", &["+15550400001"], 999_999)).await;
    invalid(&reply, "team_id");

    // A number of a Support profile cannot route to a Sales team: its conversations are
    // Support's.
    let reply = admin
        .call(
            Method::POST,
            paths::SENDER_PROFILES,
            profile_body(
                "Rule checks line",
                "sms",
                space("Support"),
                &["+15550400002"],
            ),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text());
    let message = invalid(
        &post(rule_body("Rule checks", "sms", &["+15550400002"], leads)).await,
        "senders",
    );
    assert!(
        message.contains("Rule checks line") && message.contains("\u{201c}Support\u{201d}"),
        "{message}"
    );
    let reply = post(rule_body(
        "Rule checks",
        "sms",
        &["+15550400002"],
        team("Refunds"),
    ))
    .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text());
}

#[tokio::test]
async fn templates_are_created_edited_validated_and_deleted() {
    let app = app();
    // Templates belong to the tenant: a Manager manages them all.
    let manager = Client::new(&app, "manager@acme.test").await;
    let post = |body: Value| manager.call(Method::POST, paths::TEMPLATES, body);

    let reply = post(template_body(
        " Outlet hello ",
        " Hi {{contact.first_name}}, {{ agent.name }} here. ",
        Some("whatsapp"),
        true,
    ))
    .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text());
    let created: TemplateSetting = reply.json();
    assert_eq!(
        (created.name.as_str(), created.body.as_str()),
        (
            "Outlet hello",
            "Hi {{contact.first_name}}, {{ agent.name }} here."
        )
    );
    assert!(created.whatsapp_approved);

    invalid(
        &post(template_body("GREETING", "Hello", None, false)).await,
        "name",
    );
    let message = invalid(
        &post(template_body(
            "Outlet x",
            "Hi {{customer.name}}",
            None,
            false,
        ))
        .await,
        "body",
    );
    assert!(message.contains("{{customer.name}}"), "{message}");
    invalid(
        &post(template_body("Outlet x", "Hi", Some("sms"), true)).await,
        "whatsapp_approved",
    );

    let reply = manager
        .call(
            Method::PATCH,
            &paths::template(created.id),
            template_body("Outlet hello", "Hello {{contact.name}}", None, false),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    let edited: TemplateSetting = reply.json();
    assert_eq!((edited.stream, edited.whatsapp_approved), (None, false));

    let templates = manager.list::<TemplateSetting>(paths::TEMPLATES).await;
    assert!(templates.contains(&edited));
    let names: Vec<String> = templates.iter().map(|t| t.name.to_lowercase()).collect();
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted);

    let reply = manager.delete(&paths::template(created.id)).await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT, "{}", reply.text());
    let reply = manager.delete(&paths::template(created.id)).await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_manager_manages_the_channels_of_their_spaces_only() {
    let app = app();
    let manager = Client::new(&app, "manager@acme.test").await;
    let admin = Client::new(&app, "admin@acme.test").await;
    let support_profile = seeded_profile(&admin, "Acme Support SMS").await;
    let support_rule = admin
        .list::<RoutingRuleSetting>(paths::ROUTING_RULES)
        .await
        .into_iter()
        .find(|r| r.name == "Support SMS to Customer Care")
        .unwrap();

    let profiles = manager
        .list::<SenderProfileSetting>(paths::SENDER_PROFILES)
        .await;
    assert!(profiles.iter().any(|p| p.name == "Acme Sales SMS"));
    assert!(
        profiles.iter().all(|p| p.space.name == "Sales"),
        "{profiles:?}"
    );
    let rules = manager
        .list::<RoutingRuleSetting>(paths::ROUTING_RULES)
        .await;
    assert!(rules.iter().any(|r| r.name == "Sales SMS to Leads"));
    assert!(rules.iter().all(|r| r.space.name == "Sales"), "{rules:?}");
    // The registry still names who holds a Support number, so the form can say it is taken.
    let held = manager.sender("sms", "+442079460123").await.unwrap();
    assert_eq!(
        held.profile.map(|p| p.name).as_deref(),
        Some("Acme Support SMS")
    );

    // Support's profile and rule do not exist for them.
    let reply = manager
        .call(
            Method::PATCH,
            &paths::sender_profile(support_profile.id),
            profile_body("Taken over", "sms", space("Sales"), &["+442079460123"]),
        )
        .await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    let reply = manager
        .delete(&paths::sender_profile(support_profile.id))
        .await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    let reply = manager
        .call(
            Method::PATCH,
            &paths::routing_rule(support_rule.id),
            rule_body("Taken over", "sms", &["+442079460123"], team("Leads")),
        )
        .await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    let reply = manager.delete(&paths::routing_rule(support_rule.id)).await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);

    // Nor can they place anything in Support.
    let reply = manager
        .call(
            Method::POST,
            paths::SENDER_PROFILES,
            profile_body("Manager line", "sms", space("Support"), &["+15550600001"]),
        )
        .await;
    invalid(&reply, "space_id");
    let reply = manager
        .call(
            Method::POST,
            paths::ROUTING_RULES,
            rule_body("Manager rule", "sms", &["+15550600001"], team("Refunds")),
        )
        .await;
    invalid(&reply, "team_id");

    // In Sales they may.
    let reply = manager
        .call(
            Method::POST,
            paths::SENDER_PROFILES,
            profile_body("Manager line", "sms", space("Sales"), &["+15550600001"]),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text());
    assert_eq!(
        seeded_profile(&admin, "Acme Support SMS").await,
        support_profile
    );
}

#[tokio::test]
async fn agents_viewers_and_other_tenants_are_refused() {
    let app = app();
    let admin = Client::new(&app, "admin@acme.test").await;
    let profile = seeded_profile(&admin, "Acme Deals Bot").await;
    let rule = admin.list::<RoutingRuleSetting>(paths::ROUTING_RULES).await[0].clone();
    let template = admin.list::<TemplateSetting>(paths::TEMPLATES).await[0].clone();

    for email in ["agent@acme.test", "viewer@acme.test"] {
        let who = Client::new(&app, email).await;
        for uri in [
            paths::SENDERS,
            paths::SENDER_PROFILES,
            paths::ROUTING_RULES,
            paths::TEMPLATES,
        ] {
            assert_eq!(
                who.get(uri).await.status,
                StatusCode::FORBIDDEN,
                "{email} {uri}"
            );
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
            let reply = who.call(method.clone(), &uri, body).await;
            assert_eq!(
                reply.status,
                StatusCode::FORBIDDEN,
                "{email} {method} {uri}"
            );
        }
    }

    // A signed-in browser's write needs the JSON content type or the CSRF header.
    let cookie = cookie_session(&app, "admin@acme.test").await;
    let forged = axum::http::Request::post(paths::TEMPLATES)
        .header("content-type", "text/plain")
        .body(axum::body::Body::from(
            template_body("Forged", "Hi", None, false).to_string(),
        ))
        .unwrap();
    let reply = send(&app, with_auth(forged, &Auth::Cookie(&cookie))).await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);

    // Another tenant's admin sees none of Acme's and finds none of its ids.
    let fresh = Client::new(&app, "admin@fresh.test").await;
    assert!(fresh.list::<SenderSetting>(paths::SENDERS).await.is_empty());
    assert!(fresh
        .list::<SenderProfileSetting>(paths::SENDER_PROFILES)
        .await
        .iter()
        .all(|p| p.id != profile.id));
    assert!(fresh
        .list::<TemplateSetting>(paths::TEMPLATES)
        .await
        .is_empty());
    for uri in [
        paths::sender_profile(profile.id),
        paths::routing_rule(rule.id),
        paths::template(template.id),
    ] {
        assert_eq!(
            fresh.delete(&uri).await.status,
            StatusCode::NOT_FOUND,
            "{uri}"
        );
    }
    let reply = fresh
        .call(
            Method::PATCH,
            &paths::template(template.id),
            template_body("Taken over", "Hi", None, false),
        )
        .await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn inbound_messages_go_to_the_team_of_the_senders_rule() {
    let app = app();
    let support_app = router(seeded_state().with_support_token(Some(SUPPORT_TOKEN)));
    let admin = Client::new(&app, "admin@acme.test").await;
    let inbound = |body: Value| {
        send(
            &support_app,
            with_auth(
                json_request(Method::POST, paths::SUPPORT_INBOUND, body),
                &Auth::Bearer(SUPPORT_TOKEN),
            ),
        )
    };

    // A fresh WhatsApp line of Support, routed to VIP.
    let reply = admin
        .call(
            Method::POST,
            paths::SENDER_PROFILES,
            profile_body(
                "Inbound line",
                "whatsapp",
                space("Support"),
                &["+15550800001"],
            ),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text());
    let reply = admin
        .call(
            Method::POST,
            paths::ROUTING_RULES,
            rule_body(
                "Inbound line to VIP",
                "whatsapp",
                &["+15550800001"],
                team("VIP"),
            ),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text());

    let message = |from: &str, text: &str| json!({ "stream": "whatsapp", "to": "+1 555 080 0001", "from": from, "text": text });
    let reply = inbound(message("+44 7700 900123", "Hello, is my flight on time?")).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text());
    let receipt: InboundReceipt = reply.json();
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
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());

    // The contact writes again after the conversation was closed: the same one, reopened.
    seeded_state().db.with_conn(|c| {
        c.execute(
            "UPDATE conversations SET status = 'closed', unread_count = 0 WHERE id = ?1",
            [receipt.conversation_id],
        )
        .unwrap()
    });
    let reply = inbound(message("+447700900123", "Hello again")).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    let again: InboundReceipt = reply.json();
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
    let reply = admin
        .call(
            Method::POST,
            paths::SENDER_PROFILES,
            profile_body("Inbound bot", "telegram", space("Sales"), &["5550800002"]),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text());
    let reply = inbound(json!({
        "stream": "telegram", "to": "5550800002", "from": "@inbound_tester", "text": "Hi"
    }))
    .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text());
    let receipt: InboundReceipt = reply.json();
    assert_eq!((receipt.team.id, receipt.rule), (team("Leads"), None));

    // Unknown senders, senders of no profile, bad input.
    let reply = inbound(json!({
        "stream": "sms", "to": "+15550800999", "from": "+447700900123", "text": "Hi"
    }))
    .await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND, "{}", reply.text());
    let reply = inbound(json!({
        "stream": "sms", "to": "+14155550199", "from": "+447700900123", "text": "Hi"
    }))
    .await;
    assert!(invalid(&reply, "to").contains("profile"));
    invalid(&inbound(message("07700 900123", "Hi")).await, "from");
    invalid(&inbound(message("+447700900123", "   ")).await, "text");

    // Only TextPeak support delivers messages.
    let body = message("+447700900123", "Let me in");
    let reply = send(
        &support_app,
        json_request(Method::POST, paths::SUPPORT_INBOUND, body.clone()),
    )
    .await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    let reply = send(
        &support_app,
        with_auth(
            json_request(Method::POST, paths::SUPPORT_INBOUND, body.clone()),
            &Auth::Bearer(&admin.token),
        ),
    )
    .await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    // Without a configured support token the endpoint does not exist.
    let reply = send(
        &app,
        with_auth(
            json_request(Method::POST, paths::SUPPORT_INBOUND, body),
            &Auth::Bearer(SUPPORT_TOKEN),
        ),
    )
    .await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
}
