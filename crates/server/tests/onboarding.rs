//! Onboarding over HTTP: every step is completed by the tenant's data created through the
//! settings endpoints, optional steps are skipped and taken back, required ones refuse a skip,
//! "Go to Inbox" waits for the required steps, and only the owner and Inbox Admins may see or
//! change the checklist. Tests that change data seed a database of their own.

mod common;

use axum::http::{Method, StatusCode};
use axum::Router;
use common::*;
use serde_json::{json, Value};
use textpeak_api::{
    paths, ErrorCode, Onboarding, OnboardingStep, OnboardingStepState, RoleSetting, SpaceSetting,
    TeamSetting,
};
use textpeak_server::Db;

use OnboardingStep::*;

const REQUIRED: [OnboardingStep; 4] = [SpacesAndTeams, UsersAndRoles, Channel, Routing];

async fn onboarding(client: &Client) -> Onboarding {
    client.read(paths::ONBOARDING).await
}

/// Whether the checklist shows `step` complete.
async fn is_complete(client: &Client, step: OnboardingStep) -> bool {
    onboarding(client).await.step(step).unwrap().complete
}

/// Skips an optional step (PUT) or takes the skip back (DELETE); answers the checklist.
async fn skips(client: &Client, method: Method, step: OnboardingStep) -> Onboarding {
    let uri = paths::onboarding_skip(step);
    client.call(method, &uri, json!(null)).await.success()
}

async fn skip(client: &Client, step: OnboardingStep) -> Onboarding {
    skips(client, Method::PUT, step).await
}

async fn unskip(client: &Client, step: OnboardingStep) -> Onboarding {
    skips(client, Method::DELETE, step).await
}

/// The steps `pick` selects, in order.
fn steps(o: &Onboarding, pick: fn(&OnboardingStepState) -> bool) -> Vec<OnboardingStep> {
    o.steps.iter().filter(|s| pick(s)).map(|s| s.step).collect()
}

fn complete(o: &Onboarding) -> Vec<OnboardingStep> {
    steps(o, |s| s.complete)
}

fn skipped(o: &Onboarding) -> Vec<OnboardingStep> {
    steps(o, |s| s.skipped)
}

/// Fresh Start's data, created step by step through the settings endpoints.
struct Fresh {
    space_id: i64,
    team_id: i64,
}

async fn create_space(admin: &Client) -> SpaceSetting {
    let body = json!({ "name": "Front desk" });
    admin.post(paths::SETTINGS_SPACES, body).await.success()
}

async fn create_team(admin: &Client, space: &SpaceSetting) -> TeamSetting {
    let body = json!({ "name": "Reception", "space_id": space.id });
    admin.post(paths::TEAMS, body).await.success()
}

async fn create_space_and_team(admin: &Client) -> Fresh {
    let space = create_space(admin).await;
    let team = create_team(admin, &space).await;
    Fresh {
        space_id: space.id,
        team_id: team.id,
    }
}

async fn user_id(app: &Router, email: &str) -> i64 {
    Client::sign_in(app, email).await.1.user.id
}

/// Completes the required step `step` after spaces and teams, as its settings page would.
async fn complete_step(admin: &Client, fresh: &Fresh, step: OnboardingStep) {
    let (method, uri, body) = match step {
        // The agent has a role already; being assigned to a space is what lets them work.
        UsersAndRoles => (
            Method::PATCH,
            paths::user(user_id(&admin.app, "agent@fresh.test").await),
            json!({ "space_ids": [fresh.space_id] }),
        ),
        Channel => (
            Method::POST,
            paths::SENDER_PROFILES.to_owned(),
            json!({
                "name": "Front desk SMS", "stream": "sms", "space_id": fresh.space_id,
                "senders": ["+4930123456"], "restricted": false,
            }),
        ),
        Routing => (
            Method::POST,
            paths::ROUTING_RULES.to_owned(),
            json!({
                "name": "SMS to reception", "stream": "sms",
                "senders": ["+4930123456"], "team_id": fresh.team_id,
            }),
        ),
        other => panic!("{other:?} is not completed this way"),
    };
    admin.call(method, &uri, body).await.success::<Value>();
}

fn finished_at(db: &Db) -> Option<String> {
    db_scalar(
        db,
        "SELECT onboarding_finished_at FROM tenants WHERE name = 'Fresh Start'",
        [],
    )
}

#[tokio::test]
async fn a_fresh_tenant_starts_with_nothing_done() {
    let app = app();
    for email in ["owner@fresh.test", "admin@fresh.test"] {
        let token = Client::bearer(&app, email).await;
        let o = onboarding(&token).await;
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
    let (app, _db) = own_app(0);
    let token = Client::bearer(&app, "admin@fresh.test").await;

    // A space alone is not enough: conversations belong to teams.
    let space = create_space(&token).await;
    assert!(complete(&onboarding(&token).await).is_empty());
    let team = create_team(&token, &space).await;
    assert_eq!(complete(&onboarding(&token).await), [SpacesAndTeams]);
    let fresh = Fresh {
        space_id: space.id,
        team_id: team.id,
    };

    // The agent has a role already; being assigned to a space is what lets them work.
    complete_step(&token, &fresh, UsersAndRoles).await;
    assert_eq!(
        complete(&onboarding(&token).await),
        [SpacesAndTeams, UsersAndRoles]
    );

    complete_step(&token, &fresh, Channel).await;
    assert_eq!(
        complete(&onboarding(&token).await),
        [SpacesAndTeams, UsersAndRoles, Channel]
    );

    complete_step(&token, &fresh, Routing).await;
    let o = onboarding(&token).await;
    assert_eq!(complete(&o), REQUIRED);
    assert!(o.ready() && !o.all_done() && !o.finished);
    assert_eq!(o.progress(), (4, 6));

    token
        .post(paths::TAGS, json!({ "name": "Urgent", "color": "#ff0000" }))
        .await
        .success::<Value>();
    assert!(is_complete(&token, Tags).await);

    let body = json!({ "name": "Hello", "body": "Hello, how can we help?", "stream": null });
    token.post(paths::TEMPLATES, body).await.success::<Value>();
    let o = onboarding(&token).await;
    assert_eq!(complete(&o), OnboardingStep::ALL);
    assert!(o.all_done() && skipped(&o).is_empty());
    assert_eq!(o.progress(), (6, 6));

    // The owner sees the same checklist: it belongs to the tenant, not to the Admin.
    let owner = Client::bearer(&app, "owner@fresh.test").await;
    assert_eq!(onboarding(&owner).await, o);
}

#[tokio::test]
async fn users_and_roles_needs_an_active_user_with_the_inbox_permission() {
    let (app, _db) = own_app(0);
    let token = Client::bearer(&app, "owner@fresh.test").await;
    let fresh = create_space_and_team(&token).await;
    complete_step(&token, &fresh, UsersAndRoles).await;
    assert!(is_complete(&token, UsersAndRoles).await);

    // Deactivated, the only assigned user no longer counts.
    let agent = user_id(&app, "agent@fresh.test").await;
    token
        .patch(&paths::user(agent), json!({ "active": false }))
        .await
        .success::<Value>();
    assert!(!is_complete(&token, UsersAndRoles).await);

    // A new colleague invited with a role and a space completes it again.
    let roles: Vec<RoleSetting> = token.get(paths::ROLES).await.success();
    let manager = roles.iter().find(|r| r.name == "Inbox Manager").unwrap();
    let body = json!({
        "name": "Mo Manager", "email": "mo@fresh.test", "role_id": manager.id,
        "space_ids": [fresh.space_id],
    });
    token.post(paths::USERS, body).await.success::<Value>();
    assert!(is_complete(&token, UsersAndRoles).await);
}

#[tokio::test]
async fn optional_steps_are_skipped_and_taken_back() {
    let (app, _db) = own_app(0);
    let [admin, owner] = Client::bearers(&app, ["admin@fresh.test", "owner@fresh.test"]).await;

    let o = skip(&admin, Tags).await;
    assert_eq!(skipped(&o), [Tags]);
    assert!(!o.step(Tags).unwrap().complete && o.step(Tags).unwrap().done());
    assert_eq!(o.progress(), (1, 6));

    // Idempotent: skipping again changes nothing.
    let again = skip(&admin, Tags).await;
    assert_eq!(again, o);

    let o = skip(&admin, Templates).await;
    assert_eq!(skipped(&o), [Tags, Templates]);
    assert_eq!(o.progress(), (2, 6));
    assert!(!o.ready(), "skips never stand in for required steps");

    // Stored per tenant: the owner sees the Admin's skips.
    assert_eq!(skipped(&onboarding(&owner).await), [Tags, Templates]);

    let o = unskip(&owner, Tags).await;
    assert_eq!(skipped(&o), [Templates]);
    assert_eq!(o.progress(), (1, 6));
    let again = unskip(&owner, Tags).await;
    assert_eq!(again, o);
    assert_eq!(skipped(&onboarding(&admin).await), [Templates]);

    // Another tenant's checklist is untouched.
    let acme = Client::bearer(&app, "admin@acme.test").await;
    assert!(skipped(&onboarding(&acme).await).is_empty());
}

#[tokio::test]
async fn required_and_unknown_steps_cannot_be_skipped() {
    let token = Client::bearer(&app(), "admin@fresh.test").await;
    let mut uris: Vec<String> = REQUIRED
        .iter()
        .map(|s| paths::onboarding_skip(*s))
        .collect();
    uris.push("/api/onboarding/skips/nonsense".into());
    uris.push("/api/onboarding/skips/Tags".into());
    for uri in &uris {
        for method in [Method::PUT, Method::DELETE] {
            let reply = token.call(method, uri, json!(null)).await;
            reply.expect_invalid("step");
        }
    }
    let reply = token
        .put(&paths::onboarding_skip(Channel), json!(null))
        .await;
    assert!(reply.problem().title.contains("Connect a channel"));
    assert!(skipped(&onboarding(&token).await).is_empty());
}

#[tokio::test]
async fn go_to_inbox_waits_for_every_required_step() {
    let (app, db) = own_app(0);
    let [admin, agent] = Client::bearers(&app, ["admin@fresh.test", "agent@fresh.test"]).await;

    // Skipping the optional steps does not make the tenant ready.
    for step in [Tags, Templates] {
        let _ = skip(&admin, step).await;
    }
    let reply = admin.post(paths::ONBOARDING_FINISH, json!(null)).await;
    let problem = reply.expect_problem(StatusCode::CONFLICT, ErrorCode::Conflict);
    for step in REQUIRED {
        assert!(problem.title.contains(step.title()), "{}", problem.title);
    }
    assert_eq!(finished_at(&db), None);

    // Three of four: the message names only what is missing.
    let fresh = create_space_and_team(&admin).await;
    complete_step(&admin, &fresh, UsersAndRoles).await;
    complete_step(&admin, &fresh, Channel).await;
    let reply = admin.post(paths::ONBOARDING_FINISH, json!(null)).await;
    reply.expect(StatusCode::CONFLICT);
    let title = reply.problem().title;
    assert!(title.contains(Routing.title()), "{title}");
    assert!(!title.contains(Channel.title()), "{title}");
    assert!(!agent.me().await.onboarding.finished);

    complete_step(&admin, &fresh, Routing).await;
    let o: Onboarding = admin
        .post(paths::ONBOARDING_FINISH, json!(null))
        .await
        .success();
    assert!(o.finished && o.ready());
    let first = finished_at(&db).expect("finish time stored");
    assert!(admin.me().await.onboarding.finished);
    assert!(agent.me().await.onboarding.finished);

    // Finished stays finished, with its first time, even after the rule is gone.
    let rules: Vec<Value> = admin.get(paths::ROUTING_RULES).await.success();
    let rule_id = rules[0]["id"].as_i64().unwrap();
    let reply = admin.delete(&paths::routing_rule(rule_id)).await;
    assert!(reply.status.is_success(), "{}", reply.text());
    let owner = Client::bearer(&app, "owner@fresh.test").await;
    let o: Onboarding = owner
        .post(paths::ONBOARDING_FINISH, json!(null))
        .await
        .success();
    assert!(o.finished && !o.ready());
    assert_eq!(finished_at(&db), Some(first));
    // The checklist stays reachable after finishing.
    assert!(onboarding(&owner).await.finished);
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
        let token = Client::bearer(&app, email).await;
        for (method, uri) in &requests {
            let reply = token.call(method.clone(), uri, json!(null)).await;
            reply.expect_problem(StatusCode::FORBIDDEN, code);
        }
    }
    let anonymous = Client::anonymous(&app);
    for (method, uri) in &requests {
        let reply = anonymous.call(method.clone(), uri, json!(null)).await;
        reply.expect(StatusCode::UNAUTHORIZED);
    }
    // Nothing was skipped or finished by the refused requests.
    let admin = Client::bearer(&app, "admin@fresh.test").await;
    let o = onboarding(&admin).await;
    assert!(skipped(&o).is_empty() && !o.finished);
}

#[tokio::test]
async fn a_manager_of_an_unfinished_tenant_is_refused_too() {
    let (app, _db) = own_app(0);
    let owner = Client::bearer(&app, "owner@fresh.test").await;
    let fresh = create_space_and_team(&owner).await;
    let roles: Vec<RoleSetting> = owner.get(paths::ROLES).await.success();
    let manager = roles.iter().find(|r| r.name == "Inbox Manager").unwrap();
    let agent = user_id(&app, "agent@fresh.test").await;
    owner
        .patch(
            &paths::user(agent),
            json!({ "role_id": manager.id, "space_ids": [fresh.space_id] }),
        )
        .await
        .success::<Value>();
    let token = Client::bearer(&app, "agent@fresh.test").await;
    assert_eq!(token.me().await.role.unwrap().name, "Inbox Manager");
    for (method, uri) in [
        (Method::GET, paths::ONBOARDING.to_owned()),
        (Method::PUT, paths::onboarding_skip(Templates)),
        (Method::POST, paths::ONBOARDING_FINISH.to_owned()),
    ] {
        let reply = token.call(method, &uri, json!(null)).await;
        reply.expect(StatusCode::FORBIDDEN);
    }
}

#[tokio::test]
async fn a_finished_tenant_still_shows_its_checklist() {
    let token = Client::bearer(&app(), "admin@acme.test").await;
    let o = onboarding(&token).await;
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
    let token = Client::bearer(&app, "agent@fresh.test").await;
    let me = token.me().await;
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
    let (app, _db) = own_app(0);
    let owner = Client::bearer(&app, "owner@fresh.test").await;
    let admin = user_id(&app, "admin@fresh.test").await;
    owner
        .patch(&paths::user(admin), json!({ "active": false }))
        .await
        .success::<Value>();
    let agent = Client::bearer(&app, "agent@fresh.test").await;
    let emails: Vec<String> = agent
        .me()
        .await
        .onboarding
        .contacts
        .into_iter()
        .map(|c| c.email)
        .collect();
    assert_eq!(emails, ["owner@fresh.test"]);
}
