//! Onboarding over HTTP: every step is completed by the tenant's data created through the
//! settings endpoints, optional steps are skipped and taken back, required ones refuse a skip,
//! "Go to Inbox" waits for the required steps, and only the owner and Inbox Admins may see or
//! change the checklist. Tests that change data seed a database of their own.

mod common;

use axum::http::{Method, StatusCode};
use axum::Router;
use common::*;
use serde_json::json;
use textpeak_api::{
    paths, ErrorCode, Me, Onboarding, OnboardingStep, RoleSetting, SpaceSetting, TeamSetting,
};
use textpeak_server::{router, seed, AppState, Db};

use OnboardingStep::*;

const REQUIRED: [OnboardingStep; 4] = [SpacesAndTeams, UsersAndRoles, Channel, Routing];

/// A server over a database only this test changes.
fn own_app() -> (Router, Db) {
    let db = Db::open_in_memory().unwrap();
    db.with_conn(|conn| seed::seed(conn, 0)).unwrap();
    (
        router(AppState::new(db.clone(), "/nonexistent/textpeak-dist")),
        db,
    )
}

async fn call(
    app: &Router,
    token: &str,
    method: Method,
    uri: &str,
    body: serde_json::Value,
) -> Reply {
    send(
        app,
        with_auth(json_request(method, uri, body), &Auth::Bearer(token)),
    )
    .await
}

/// A request that must succeed, answering its body.
async fn ok<T: serde::de::DeserializeOwned>(
    app: &Router,
    token: &str,
    method: Method,
    uri: &str,
    body: serde_json::Value,
) -> T {
    let reply = call(app, token, method.clone(), uri, body).await;
    assert!(
        reply.status.is_success(),
        "{method} {uri}: {} {}",
        reply.status,
        reply.text()
    );
    reply.json()
}

async fn onboarding(app: &Router, token: &str) -> Onboarding {
    ok(app, token, Method::GET, paths::ONBOARDING, json!(null)).await
}

async fn me(app: &Router, token: &str) -> Me {
    let reply = send(app, with_auth(get(paths::ME), &Auth::Bearer(token))).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    reply.json()
}

fn complete(o: &Onboarding) -> Vec<OnboardingStep> {
    o.steps
        .iter()
        .filter(|s| s.complete)
        .map(|s| s.step)
        .collect()
}

fn skipped(o: &Onboarding) -> Vec<OnboardingStep> {
    o.steps
        .iter()
        .filter(|s| s.skipped)
        .map(|s| s.step)
        .collect()
}

/// Fresh Start's data, created step by step through the settings endpoints.
struct Fresh {
    space_id: i64,
    team_id: i64,
}

async fn create_space_and_team(app: &Router, token: &str) -> Fresh {
    let space: SpaceSetting = ok(
        app,
        token,
        Method::POST,
        paths::SETTINGS_SPACES,
        json!({ "name": "Front desk" }),
    )
    .await;
    let team: TeamSetting = ok(
        app,
        token,
        Method::POST,
        paths::TEAMS,
        json!({ "name": "Reception", "space_id": space.id }),
    )
    .await;
    Fresh {
        space_id: space.id,
        team_id: team.id,
    }
}

async fn user_id(app: &Router, email: &str) -> i64 {
    let (_, signed_in) = bearer_session(app, email).await;
    signed_in.me.user.id
}

async fn assign_agent(app: &Router, token: &str, fresh: &Fresh) {
    let agent = user_id(app, "agent@fresh.test").await;
    let _: serde_json::Value = ok(
        app,
        token,
        Method::PATCH,
        &paths::user(agent),
        json!({ "space_ids": [fresh.space_id] }),
    )
    .await;
}

async fn create_profile(app: &Router, token: &str, fresh: &Fresh) {
    let _: serde_json::Value = ok(
        app,
        token,
        Method::POST,
        paths::SENDER_PROFILES,
        json!({
            "name": "Front desk SMS", "stream": "sms", "space_id": fresh.space_id,
            "senders": ["+4930123456"], "restricted": false,
        }),
    )
    .await;
}

async fn create_rule(app: &Router, token: &str, fresh: &Fresh) {
    let _: serde_json::Value = ok(
        app,
        token,
        Method::POST,
        paths::ROUTING_RULES,
        json!({
            "name": "SMS to reception", "stream": "sms",
            "senders": ["+4930123456"], "team_id": fresh.team_id,
        }),
    )
    .await;
}

fn finished_at(db: &Db) -> Option<String> {
    db.with_conn(|conn| {
        conn.query_row(
            "SELECT onboarding_finished_at FROM tenants WHERE name = 'Fresh Start'",
            [],
            |r| r.get(0),
        )
    })
    .unwrap()
}

#[tokio::test]
async fn a_fresh_tenant_starts_with_nothing_done() {
    let app = app();
    for email in ["owner@fresh.test", "admin@fresh.test"] {
        let (token, _) = bearer_session(&app, email).await;
        let o = onboarding(&app, &token).await;
        let order: Vec<_> = o.steps.iter().map(|s| s.step).collect();
        assert_eq!(order, OnboardingStep::ALL, "{email}");
        assert!(complete(&o).is_empty(), "{email}: {o:?}");
        assert!(skipped(&o).is_empty(), "{email}");
        assert_eq!(o.progress(), (0, 6));
        assert!(!o.ready() && !o.finished);
    }
}

#[tokio::test]
async fn each_step_is_completed_by_the_tenants_data() {
    let (app, _db) = own_app();
    let (token, _) = bearer_session(&app, "admin@fresh.test").await;

    // A space alone is not enough: conversations belong to teams.
    let space: SpaceSetting = ok(
        &app,
        &token,
        Method::POST,
        paths::SETTINGS_SPACES,
        json!({ "name": "Front desk" }),
    )
    .await;
    assert!(complete(&onboarding(&app, &token).await).is_empty());
    let team: TeamSetting = ok(
        &app,
        &token,
        Method::POST,
        paths::TEAMS,
        json!({ "name": "Reception", "space_id": space.id }),
    )
    .await;
    assert_eq!(complete(&onboarding(&app, &token).await), [SpacesAndTeams]);
    let fresh = Fresh {
        space_id: space.id,
        team_id: team.id,
    };

    // The agent has a role already; being assigned to a space is what lets them work.
    assign_agent(&app, &token, &fresh).await;
    assert_eq!(
        complete(&onboarding(&app, &token).await),
        [SpacesAndTeams, UsersAndRoles]
    );

    create_profile(&app, &token, &fresh).await;
    assert_eq!(
        complete(&onboarding(&app, &token).await),
        [SpacesAndTeams, UsersAndRoles, Channel]
    );

    create_rule(&app, &token, &fresh).await;
    let o = onboarding(&app, &token).await;
    assert_eq!(complete(&o), REQUIRED);
    assert!(o.ready() && !o.all_done() && !o.finished);
    assert_eq!(o.progress(), (4, 6));

    let _: serde_json::Value = ok(
        &app,
        &token,
        Method::POST,
        paths::TAGS,
        json!({ "name": "Urgent", "color": "#ff0000" }),
    )
    .await;
    assert!(onboarding(&app, &token).await.step(Tags).unwrap().complete);

    let _: serde_json::Value = ok(
        &app,
        &token,
        Method::POST,
        paths::TEMPLATES,
        json!({ "name": "Hello", "body": "Hello, how can we help?", "stream": null }),
    )
    .await;
    let o = onboarding(&app, &token).await;
    assert_eq!(complete(&o), OnboardingStep::ALL);
    assert!(o.all_done() && skipped(&o).is_empty());
    assert_eq!(o.progress(), (6, 6));

    // The owner sees the same checklist: it belongs to the tenant, not to the Admin.
    let (owner, _) = bearer_session(&app, "owner@fresh.test").await;
    assert_eq!(onboarding(&app, &owner).await, o);
}

#[tokio::test]
async fn users_and_roles_needs_an_active_user_with_the_inbox_permission() {
    let (app, _db) = own_app();
    let (token, _) = bearer_session(&app, "owner@fresh.test").await;
    let fresh = create_space_and_team(&app, &token).await;
    assign_agent(&app, &token, &fresh).await;
    assert!(
        onboarding(&app, &token)
            .await
            .step(UsersAndRoles)
            .unwrap()
            .complete
    );

    // Deactivated, the only assigned user no longer counts.
    let agent = user_id(&app, "agent@fresh.test").await;
    let _: serde_json::Value = ok(
        &app,
        &token,
        Method::PATCH,
        &paths::user(agent),
        json!({ "active": false }),
    )
    .await;
    assert!(
        !onboarding(&app, &token)
            .await
            .step(UsersAndRoles)
            .unwrap()
            .complete
    );

    // A new colleague invited with a role and a space completes it again.
    let roles: Vec<RoleSetting> = ok(&app, &token, Method::GET, paths::ROLES, json!(null)).await;
    let manager = roles.iter().find(|r| r.name == "Inbox Manager").unwrap();
    let _: serde_json::Value = ok(
        &app,
        &token,
        Method::POST,
        paths::USERS,
        json!({
            "name": "Mo Manager", "email": "mo@fresh.test", "role_id": manager.id,
            "space_ids": [fresh.space_id],
        }),
    )
    .await;
    assert!(
        onboarding(&app, &token)
            .await
            .step(UsersAndRoles)
            .unwrap()
            .complete
    );
}

#[tokio::test]
async fn optional_steps_are_skipped_and_taken_back() {
    let (app, _db) = own_app();
    let (admin, _) = bearer_session(&app, "admin@fresh.test").await;
    let (owner, _) = bearer_session(&app, "owner@fresh.test").await;

    let o: Onboarding = ok(
        &app,
        &admin,
        Method::PUT,
        &paths::onboarding_skip(Tags),
        json!(null),
    )
    .await;
    assert_eq!(skipped(&o), [Tags]);
    assert!(!o.step(Tags).unwrap().complete && o.step(Tags).unwrap().done());
    assert_eq!(o.progress(), (1, 6));

    // Idempotent: skipping again changes nothing.
    let again: Onboarding = ok(
        &app,
        &admin,
        Method::PUT,
        &paths::onboarding_skip(Tags),
        json!(null),
    )
    .await;
    assert_eq!(again, o);

    let o: Onboarding = ok(
        &app,
        &admin,
        Method::PUT,
        &paths::onboarding_skip(Templates),
        json!(null),
    )
    .await;
    assert_eq!(skipped(&o), [Tags, Templates]);
    assert_eq!(o.progress(), (2, 6));
    assert!(!o.ready(), "skips never stand in for required steps");

    // Stored per tenant: the owner sees the Admin's skips.
    assert_eq!(skipped(&onboarding(&app, &owner).await), [Tags, Templates]);

    let o: Onboarding = ok(
        &app,
        &owner,
        Method::DELETE,
        &paths::onboarding_skip(Tags),
        json!(null),
    )
    .await;
    assert_eq!(skipped(&o), [Templates]);
    assert_eq!(o.progress(), (1, 6));
    let again: Onboarding = ok(
        &app,
        &owner,
        Method::DELETE,
        &paths::onboarding_skip(Tags),
        json!(null),
    )
    .await;
    assert_eq!(again, o);
    assert_eq!(skipped(&onboarding(&app, &admin).await), [Templates]);

    // Another tenant's checklist is untouched.
    let (acme, _) = bearer_session(&app, "admin@acme.test").await;
    assert!(skipped(&onboarding(&app, &acme).await).is_empty());
}

#[tokio::test]
async fn required_and_unknown_steps_cannot_be_skipped() {
    let app = app();
    let (token, _) = bearer_session(&app, "admin@fresh.test").await;
    let mut uris: Vec<String> = REQUIRED
        .iter()
        .map(|s| paths::onboarding_skip(*s))
        .collect();
    uris.push("/api/onboarding/skips/nonsense".into());
    uris.push("/api/onboarding/skips/Tags".into());
    for uri in &uris {
        for method in [Method::PUT, Method::DELETE] {
            let reply = call(&app, &token, method.clone(), uri, json!(null)).await;
            assert_eq!(
                reply.status,
                StatusCode::UNPROCESSABLE_ENTITY,
                "{method} {uri}"
            );
            let problem = reply.problem();
            assert_eq!(problem.code, ErrorCode::Validation);
            assert_eq!(problem.field.as_deref(), Some("step"), "{method} {uri}");
        }
    }
    let reply = call(
        &app,
        &token,
        Method::PUT,
        &paths::onboarding_skip(Channel),
        json!(null),
    )
    .await;
    assert!(reply.problem().title.contains("Connect a channel"));
    assert!(skipped(&onboarding(&app, &token).await).is_empty());
}

#[tokio::test]
async fn go_to_inbox_waits_for_every_required_step() {
    let (app, db) = own_app();
    let (admin, _) = bearer_session(&app, "admin@fresh.test").await;
    let (agent, _) = bearer_session(&app, "agent@fresh.test").await;

    // Skipping the optional steps does not make the tenant ready.
    for step in [Tags, Templates] {
        let _: Onboarding = ok(
            &app,
            &admin,
            Method::PUT,
            &paths::onboarding_skip(step),
            json!(null),
        )
        .await;
    }
    let reply = call(
        &app,
        &admin,
        Method::POST,
        paths::ONBOARDING_FINISH,
        json!(null),
    )
    .await;
    assert_eq!(reply.status, StatusCode::CONFLICT, "{}", reply.text());
    let problem = reply.problem();
    assert_eq!(problem.code, ErrorCode::Conflict);
    for step in REQUIRED {
        assert!(problem.title.contains(step.title()), "{}", problem.title);
    }
    assert_eq!(finished_at(&db), None);

    // Three of four: the message names only what is missing.
    let fresh = create_space_and_team(&app, &admin).await;
    assign_agent(&app, &admin, &fresh).await;
    create_profile(&app, &admin, &fresh).await;
    let reply = call(
        &app,
        &admin,
        Method::POST,
        paths::ONBOARDING_FINISH,
        json!(null),
    )
    .await;
    assert_eq!(reply.status, StatusCode::CONFLICT);
    let title = reply.problem().title;
    assert!(title.contains(Routing.title()), "{title}");
    assert!(!title.contains(Channel.title()), "{title}");
    assert!(!me(&app, &agent).await.onboarding.finished);

    create_rule(&app, &admin, &fresh).await;
    let o: Onboarding = ok(
        &app,
        &admin,
        Method::POST,
        paths::ONBOARDING_FINISH,
        json!(null),
    )
    .await;
    assert!(o.finished && o.ready());
    let first = finished_at(&db).expect("finish time stored");
    assert!(me(&app, &admin).await.onboarding.finished);
    assert!(me(&app, &agent).await.onboarding.finished);

    // Finished stays finished, with its first time, even after the rule is gone.
    let rules: Vec<serde_json::Value> =
        ok(&app, &admin, Method::GET, paths::ROUTING_RULES, json!(null)).await;
    let rule_id = rules[0]["id"].as_i64().unwrap();
    let reply = call(
        &app,
        &admin,
        Method::DELETE,
        &paths::routing_rule(rule_id),
        json!(null),
    )
    .await;
    assert!(reply.status.is_success(), "{}", reply.text());
    let (owner, _) = bearer_session(&app, "owner@fresh.test").await;
    let o: Onboarding = ok(
        &app,
        &owner,
        Method::POST,
        paths::ONBOARDING_FINISH,
        json!(null),
    )
    .await;
    assert!(o.finished && !o.ready());
    assert_eq!(finished_at(&db), Some(first));
    // The checklist stays reachable after finishing.
    assert!(onboarding(&app, &owner).await.finished);
}

#[tokio::test]
async fn only_the_owner_and_inbox_admins_may_use_onboarding() {
    let app = app();
    let refusals = [
        ("agent@fresh.test", ErrorCode::Forbidden),
        ("manager@acme.test", ErrorCode::Forbidden),
        ("agent@acme.test", ErrorCode::Forbidden),
        ("viewer@acme.test", ErrorCode::NoInboxPermission),
        ("owner@nimbus.test", ErrorCode::BetaAccessRequired),
    ];
    let requests = [
        (Method::GET, paths::ONBOARDING.to_owned()),
        (Method::PUT, paths::onboarding_skip(Tags)),
        (Method::DELETE, paths::onboarding_skip(Tags)),
        // Refused before the step is looked at: no hint about what exists.
        (Method::PUT, paths::onboarding_skip(Channel)),
        (Method::POST, paths::ONBOARDING_FINISH.to_owned()),
    ];
    for (email, code) in refusals {
        let (token, _) = bearer_session(&app, email).await;
        for (method, uri) in &requests {
            let reply = call(&app, &token, method.clone(), uri, json!(null)).await;
            assert_eq!(
                reply.status,
                StatusCode::FORBIDDEN,
                "{email} {method} {uri}"
            );
            assert_eq!(reply.problem().code, code, "{email} {method} {uri}");
        }
    }
    for (method, uri) in &requests {
        let reply = send(&app, json_request(method.clone(), uri, json!(null))).await;
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED, "{method} {uri}");
    }
    // Nothing was skipped or finished by the refused requests.
    let (admin, _) = bearer_session(&app, "admin@fresh.test").await;
    let o = onboarding(&app, &admin).await;
    assert!(skipped(&o).is_empty() && !o.finished);
}

#[tokio::test]
async fn a_manager_of_an_unfinished_tenant_is_refused_too() {
    let (app, _db) = own_app();
    let (owner, _) = bearer_session(&app, "owner@fresh.test").await;
    let fresh = create_space_and_team(&app, &owner).await;
    let roles: Vec<RoleSetting> = ok(&app, &owner, Method::GET, paths::ROLES, json!(null)).await;
    let manager = roles.iter().find(|r| r.name == "Inbox Manager").unwrap();
    let agent = user_id(&app, "agent@fresh.test").await;
    let _: serde_json::Value = ok(
        &app,
        &owner,
        Method::PATCH,
        &paths::user(agent),
        json!({ "role_id": manager.id, "space_ids": [fresh.space_id] }),
    )
    .await;
    let (token, _) = bearer_session(&app, "agent@fresh.test").await;
    assert_eq!(me(&app, &token).await.role.unwrap().name, "Inbox Manager");
    for (method, uri) in [
        (Method::GET, paths::ONBOARDING.to_owned()),
        (Method::PUT, paths::onboarding_skip(Templates)),
        (Method::POST, paths::ONBOARDING_FINISH.to_owned()),
    ] {
        let reply = call(&app, &token, method.clone(), &uri, json!(null)).await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN, "{method} {uri}");
    }
}

#[tokio::test]
async fn a_finished_tenant_still_shows_its_checklist() {
    let app = app();
    let (token, _) = bearer_session(&app, "admin@acme.test").await;
    let o = onboarding(&app, &token).await;
    assert!(o.finished);
    assert_eq!(
        complete(&o),
        OnboardingStep::ALL,
        "Acme has every kind of data"
    );
    assert!(o.ready() && o.all_done());
}

#[tokio::test]
async fn members_of_an_unfinished_tenant_are_told_whom_to_ask() {
    let app = app();
    let (token, _) = bearer_session(&app, "agent@fresh.test").await;
    let me = me(&app, &token).await;
    assert!(!me.onboarding.finished);
    let contacts: Vec<(&str, &str)> = me
        .onboarding
        .contacts
        .iter()
        .map(|c| (c.name.as_str(), c.email.as_str()))
        .collect();
    assert_eq!(
        contacts,
        [
            ("Frida Stone", "owner@fresh.test"),
            ("Felix Brandt", "admin@fresh.test")
        ]
    );
    // Sign-in answers the same /api/me.
    let (_, signed_in) = bearer_session(&app, "agent@fresh.test").await;
    assert_eq!(signed_in.me.onboarding, me.onboarding);
}

#[tokio::test]
async fn a_deactivated_admin_is_no_contact() {
    let (app, _db) = own_app();
    let (owner, _) = bearer_session(&app, "owner@fresh.test").await;
    let admin = user_id(&app, "admin@fresh.test").await;
    let _: serde_json::Value = ok(
        &app,
        &owner,
        Method::PATCH,
        &paths::user(admin),
        json!({ "active": false }),
    )
    .await;
    let (agent, _) = bearer_session(&app, "agent@fresh.test").await;
    let emails: Vec<String> = me(&app, &agent)
        .await
        .onboarding
        .contacts
        .into_iter()
        .map(|c| c.email)
        .collect();
    assert_eq!(emails, ["owner@fresh.test"]);
}
