//! Sign-in, sessions, `/api/me` and the space summary against the seeded demo data.

mod common;

use std::collections::BTreeSet;

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use axum::Router;
use common::*;
use serde_json::{json, Value};
use textpeak_api::{BetaAccess, Capability, ErrorCode, Me, SpaceSummary};
use textpeak_server::access::{conversation_visibility_sql, Viewer};
use textpeak_server::seed::{self, DemoRole};

async fn me_with_bearer(email: &str) -> Me {
    let (client, signed_in) = Client::sign_in(&app(), email).await;
    let me: Me = client.get("/api/me").await.decode(StatusCode::OK);
    assert_eq!(me, signed_in, "sign-in answers with the same Me");
    me
}

/// `POST /api/session` with `body`, signed out.
async fn sign_in(app: &Router, body: Value) -> Reply {
    Client::anonymous(app).post("/api/session", body).await
}

fn space_names(me: &Me) -> Vec<&str> {
    me.spaces.iter().map(|s| s.name.as_str()).collect()
}

#[tokio::test]
async fn every_demo_user_signs_in_with_demo_and_not_with_another_password() {
    let app = app();
    for user in seed::USERS {
        let ok = sign_in(&app, json!({ "email": user.email, "password": "demo" })).await;
        ok.expect_because(StatusCode::OK, user.email);
        let cookie = ok.header("set-cookie").unwrap();
        assert!(cookie.starts_with("tp_session="), "{cookie}");
        for part in ["HttpOnly", "SameSite=Lax", "Path=/", "Max-Age=1209600"] {
            assert!(cookie.contains(part), "{cookie} lacks {part}");
        }
        assert!(!cookie.contains("Secure"), "local runs are plain http");

        let wrong = sign_in(&app, json!({ "email": user.email, "password": "Demo" })).await;
        wrong.expect_problem(StatusCode::UNAUTHORIZED, ErrorCode::InvalidCredentials);
    }
}

#[tokio::test]
async fn unknown_email_gets_the_same_answer_as_a_wrong_password() {
    let app = app();
    let unknown = sign_in(
        &app,
        json!({ "email": "nobody@acme.test", "password": "demo" }),
    )
    .await;
    let wrong = sign_in(
        &app,
        json!({ "email": "owner@acme.test", "password": "nope" }),
    )
    .await;
    unknown.expect(StatusCode::UNAUTHORIZED);
    assert_eq!(unknown.problem(), wrong.problem());
    // E-mail addresses are case-insensitive.
    let upper = sign_in(
        &app,
        json!({ "email": " Owner@ACME.test ", "password": "demo" }),
    )
    .await;
    upper.expect(StatusCode::OK);
}

#[tokio::test]
async fn empty_fields_and_bad_bodies_are_validation_problems() {
    let app = app();
    for (body, field) in [
        (json!({ "email": " ", "password": "demo" }), "email"),
        (
            json!({ "email": "owner@acme.test", "password": "" }),
            "password",
        ),
    ] {
        sign_in(&app, body).await.expect_invalid(field);
    }
    let not_json = Request::post("/api/session")
        .header(header::CONTENT_TYPE, "text/plain")
        .body(Body::from("email=owner@acme.test&password=demo"))
        .unwrap();
    let reply = send(&app, not_json).await;
    assert_eq!(reply.problem().code, ErrorCode::Validation);
    let missing = sign_in(&app, json!({ "email": 1 })).await;
    assert_eq!(missing.problem().code, ErrorCode::Validation);
}

#[tokio::test]
async fn me_requires_a_session() {
    let app = app();
    let reply = send(&app, get("/api/me")).await;
    reply.expect_problem(StatusCode::UNAUTHORIZED, ErrorCode::Unauthenticated);
    for forged in [Auth::Cookie("forged"), Auth::Bearer("forged")] {
        let reply = send(&app, with_auth(get("/api/me"), &forged)).await;
        assert_eq!(reply.problem().code, ErrorCode::Unauthenticated);
    }
}

#[tokio::test]
async fn cookie_and_bearer_sessions_both_authenticate() {
    let app = app();
    let cookie = Client::cookie(&app, "agent@acme.test").await;
    let reply = cookie.get("/api/me").await;
    reply.expect(StatusCode::OK);
    assert_eq!(reply.header("cache-control"), Some("no-store"));
    let me: Me = reply.json();
    assert_eq!(me.user.email, "agent@acme.test");

    let bearer = Client::bearer(&app, "multi@acme.test").await;
    let me: Me = bearer.get("/api/me").await.json();
    assert_eq!(me.user.email, "multi@acme.test");
    // The header wins over a cookie of someone else.
    let me: Me = bearer.send(cookie.authed(get("/api/me"))).await.json();
    assert_eq!(me.user.email, "multi@acme.test");
}

#[tokio::test]
async fn signing_out_ends_the_session_and_clears_the_cookie() {
    let app = app();
    let cookie = Client::cookie(&app, "manager@acme.test").await;
    let out = bare(
        Method::DELETE,
        "/api/session",
        &[("x-textpeak-request", "1")],
    );
    let reply = cookie.send(out).await;
    reply.expect(StatusCode::NO_CONTENT);
    let cleared = reply.header("set-cookie").unwrap();
    assert!(
        cleared.starts_with("tp_session=;") && cleared.contains("Max-Age=0"),
        "{cleared}"
    );
    cookie.get("/api/me").await.expect(StatusCode::UNAUTHORIZED);

    let bearer = Client::bearer(&app, "manager@acme.test").await;
    let reply = bearer.send(bare(Method::DELETE, "/api/session", &[])).await;
    reply.expect_because(StatusCode::NO_CONTENT, "bearer needs no CSRF header");
    bearer.get("/api/me").await.expect(StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn cookie_requests_that_change_state_need_json_or_the_custom_header() {
    let app = app();
    let cookie = Client::cookie(&app, "admin@acme.test").await;
    // A cross-site form could send this; it must be refused and change nothing.
    let form = [(
        header::CONTENT_TYPE.as_str(),
        "application/x-www-form-urlencoded",
    )];
    let reply = cookie
        .send(bare(Method::DELETE, "/api/session", &form))
        .await;
    reply.expect_problem(StatusCode::FORBIDDEN, ErrorCode::Forbidden);
    let still = cookie.get("/api/me").await;
    still.expect_because(StatusCode::OK, "the session survived the forged request");

    let reply = cookie.delete("/api/session").await;
    reply.expect(StatusCode::NO_CONTENT);
}

#[tokio::test]
async fn me_reports_spaces_and_capabilities_per_role() {
    let all_but_request: Vec<Capability> = Capability::ALL
        .into_iter()
        .filter(|c| *c != Capability::RequestBetaAccess)
        .collect();

    for email in ["owner@acme.test", "admin@acme.test"] {
        let me = me_with_bearer(email).await;
        assert_eq!(space_names(&me), ["Sales", "Support"], "{email}");
        assert_eq!(me.capabilities, all_but_request, "{email}");
        assert_eq!(me.tenant.beta_access, BetaAccess::Approved);
        assert!(me.onboarding.finished);
        assert_eq!(me.spaces[0].team_count, 2);
        assert_eq!(me.spaces[1].team_count, 3);
    }
    let owner = me_with_bearer("owner@acme.test").await;
    assert!(owner.is_owner && owner.inbox_permission && owner.role.is_none());
    assert_eq!(owner.user.name, "Olivia Owens");
    let admin = me_with_bearer("admin@acme.test").await;
    assert_eq!(admin.role.as_ref().unwrap().name, "Inbox Admin");

    let manager = me_with_bearer("manager@acme.test").await;
    assert_eq!(space_names(&manager), ["Sales"]);
    assert_eq!(manager.spaces[0].team_count, 2);
    assert!(manager.can(Capability::ManageOrganisation) && !manager.can(Capability::GrantAdmin));
    assert!(!manager.can(Capability::SeeOnboarding));

    let agent = me_with_bearer("agent@acme.test").await;
    assert_eq!(space_names(&agent), ["Support"]);
    assert_eq!(agent.spaces[0].team_count, 1);
    assert!(agent.can(Capability::Reply) && !agent.can(Capability::OpenSettings));

    let multi = me_with_bearer("multi@acme.test").await;
    assert_eq!(space_names(&multi), ["Sales", "Support"]);
    assert!(multi.spaces.iter().all(|s| s.team_count == 1));

    let viewer = me_with_bearer("viewer@acme.test").await;
    assert!(viewer.spaces.is_empty() && viewer.capabilities.is_empty());
    assert!(!viewer.inbox_permission && viewer.role.is_none());

    let trainee = me_with_bearer("tom@acme.test").await;
    assert_eq!(trainee.role.as_ref().unwrap().name, "Trainee Agent");
    assert!(!trainee.role.as_ref().unwrap().builtin);
    assert!(!trainee.can(Capability::Close) && !trainee.can(Capability::StartConversations));
    assert!(trainee.can(Capability::Reopen));

    for email in ["owner@nimbus.test", "agent@nimbus.test"] {
        let me = me_with_bearer(email).await;
        assert_eq!(me.tenant.beta_access, BetaAccess::None);
        assert_eq!(
            me.capabilities,
            [Capability::SeeInboxTab, Capability::RequestBetaAccess],
            "{email}"
        );
        assert!(me.spaces.is_empty());
    }

    for email in ["owner@fresh.test", "admin@fresh.test", "agent@fresh.test"] {
        let me = me_with_bearer(email).await;
        assert_eq!(me.tenant.name, "Fresh Start");
        assert_eq!(me.tenant.beta_access, BetaAccess::Approved);
        assert!(me.tenant.access_requested_at.is_some());
        assert!(!me.onboarding.finished);
        assert!(me.spaces.is_empty(), "{email}");
        assert!(me.can(Capability::UseInbox));
        assert_eq!(
            me.can(Capability::SeeOnboarding),
            email != "agent@fresh.test"
        );
    }
}

#[tokio::test]
async fn summary_refuses_what_the_user_may_not_see() {
    let app = app();
    let (agent, agent_me) = Client::sign_in(&app, "agent@acme.test").await;
    let support = agent_me.spaces[0].id;
    let owner: Me = Client::sign_in(&app, "owner@acme.test").await.1;
    let sales = owner.spaces.iter().find(|s| s.name == "Sales").unwrap().id;
    let summary = |space: &dyn std::fmt::Display| format!("/api/spaces/{space}/summary");

    agent.get(&summary(&support)).await.expect(StatusCode::OK);
    for path in [summary(&sales), summary(&999999), summary(&"not-a-number")] {
        let reply = agent.get(&path).await;
        reply.expect_problem(StatusCode::NOT_FOUND, ErrorCode::NotFound);
    }

    let viewer = Client::bearer(&app, "viewer@acme.test").await;
    let reply = viewer.get(&summary(&support)).await;
    reply.expect_problem(StatusCode::FORBIDDEN, ErrorCode::NoInboxPermission);

    let nimbus = Client::bearer(&app, "owner@nimbus.test").await;
    let reply = nimbus.get(&summary(&support)).await;
    assert_eq!(reply.problem().code, ErrorCode::BetaAccessRequired);

    // Another tenant's Admin learns nothing about Acme's space ids.
    let fresh = Client::bearer(&app, "admin@fresh.test").await;
    let reply = fresh.get(&summary(&sales)).await;
    reply.expect(StatusCode::NOT_FOUND);

    let anonymous = Client::anonymous(&app).get(&summary(&sales)).await;
    anonymous.expect(StatusCode::UNAUTHORIZED);
}

/// The counts of the summary equal what `permissions::can_see_conversation` allows, computed
/// here from raw rows and memberships read independently of the server's own code.
#[tokio::test]
async fn summary_counts_match_can_see_conversation_for_every_acme_user() {
    let (app, state, rows) = seeded_app_and_rows();
    assert_eq!(rows.len() as u32, SEEDED_CONVERSATIONS);

    let mut differs_by_role = BTreeSet::new();
    for user in seed::USERS
        .iter()
        .filter(|u| u.tenant == 0 && u.role != DemoRole::NoInbox)
    {
        let (client, me) = Client::sign_in(&app, user.email).await;
        let subject = me.subject();
        let membership = membership_of(&state.db, me.user.id);
        let visible: Vec<&Row> = rows
            .iter()
            .filter(|r| can_see(&subject, &membership, r))
            .collect();
        differs_by_role.insert(visible.len());

        for space in &me.spaces {
            let reply = client
                .get(&format!("/api/spaces/{}/summary", space.id))
                .await;
            let summary: SpaceSummary = reply.decode(StatusCode::OK);
            let here: Vec<&Row> = visible
                .iter()
                .copied()
                .filter(|r| r.space == space.id)
                .collect();
            let open: Vec<&Row> = here
                .iter()
                .copied()
                .filter(|r| r.status == "open")
                .collect();
            let expected = (
                open.len() as u64,
                open.iter().filter(|r| r.assignee.is_none()).count() as u64,
                open.iter()
                    .filter(|r| r.assignee == Some(me.user.id))
                    .count() as u64,
                here.iter().filter(|r| r.unread > 0).count() as u64,
            );
            assert_eq!(
                (
                    summary.open,
                    summary.unassigned_open,
                    summary.mine_open,
                    summary.unread
                ),
                expected,
                "{} in {}",
                user.email,
                space.name
            );
            assert_eq!(summary.teams.len() as u32, space.team_count);
            for team in &summary.teams {
                let team_open = open.iter().filter(|r| r.team == team.id).count() as u64;
                assert_eq!(team.open, team_open, "{} team {}", user.email, team.name);
            }
        }
        let all_spaces = rows.iter().map(|r| r.space).collect::<BTreeSet<_>>();
        for space in all_spaces.iter().filter(|s| me.space(**s).is_none()) {
            assert!(
                visible.iter().all(|r| r.space != *space),
                "{} sees outside its spaces",
                user.email
            );
        }
    }
    assert!(
        differs_by_role.len() >= 4,
        "the seed must make roles see different things"
    );
}

/// The server's SQL condition and the shared rule agree on every row, for every demo user.
#[tokio::test]
async fn visibility_sql_matches_the_shared_rule_row_by_row() {
    let state = seeded_state();
    let rows = rows_of(&state.db);
    state.db.with_conn(|conn| {
        // The seed must exercise the "assigned to them outside their teams" branch too.
        let assigned_outside: i64 = scalar(
            conn,
            "SELECT count(*) FROM conversations c WHERE c.assignee_id IS NOT NULL AND NOT EXISTS
               (SELECT 1 FROM team_members m WHERE m.team_id = c.team_id AND m.user_id = c.assignee_id)",
            [],
        );
        assert!(assigned_outside > 0);
        let users: Vec<i64> = column(conn, "SELECT id FROM users", []);
        for user in users {
            let viewer = Viewer::load(conn, user).unwrap();
            let subject = viewer.subject();
            let membership = viewer.membership(conn).unwrap();
            let sql = conversation_visibility_sql(&subject, &membership);
            let by_sql: Vec<i64> = column(
                conn,
                &format!("SELECT c.id FROM conversations c WHERE {sql} ORDER BY c.id"),
                [],
            );
            let by_rule: Vec<i64> = rows
                .iter()
                .filter(|r| can_see(&subject, &membership, r))
                .map(|r| r.id)
                .collect();
            assert_eq!(by_sql, by_rule, "user {user}");
        }
    });
}

#[tokio::test]
async fn unknown_api_paths_and_methods_are_problems() {
    let app = app();
    let reply = send(&app, get("/api/nope")).await;
    reply.expect_problem(StatusCode::NOT_FOUND, ErrorCode::NotFound);
    let reply = send(&app, bare(Method::PUT, "/api/me", &[])).await;
    reply.expect_problem(StatusCode::METHOD_NOT_ALLOWED, ErrorCode::MethodNotAllowed);
    let health = send(&app, get("/api/health")).await;
    assert_eq!(
        health.json::<serde_json::Value>(),
        json!({ "status": "ok" })
    );
    for (name, value) in [
        ("x-content-type-options", "nosniff"),
        ("referrer-policy", "same-origin"),
    ] {
        assert_eq!(health.header(name), Some(value));
    }
    assert!(health
        .header("content-security-policy")
        .unwrap()
        .contains("frame-ancestors 'self'"));
}
