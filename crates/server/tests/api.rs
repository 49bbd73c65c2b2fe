//! Sign-in, sessions, `/api/me` and the space summary against the seeded demo data.

mod common;

use std::collections::BTreeSet;

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use common::*;
use serde_json::json;
use textpeak_api::permissions::{self, ConversationAccess, Membership};
use textpeak_api::{BetaAccess, Capability, ErrorCode, Me, SpaceSummary};
use textpeak_server::access::{conversation_visibility_sql, Viewer};
use textpeak_server::seed::{self, DemoRole};

async fn me_with_bearer(email: &str) -> Me {
    let app = app();
    let (token, signed_in) = bearer_session(&app, email).await;
    let reply = send(&app, with_auth(get("/api/me"), &Auth::Bearer(&token))).await;
    assert_eq!(reply.status, StatusCode::OK);
    let me: Me = reply.json();
    assert_eq!(me, signed_in.me, "sign-in answers with the same Me");
    me
}

fn space_names(me: &Me) -> Vec<&str> {
    me.spaces.iter().map(|s| s.name.as_str()).collect()
}

#[tokio::test]
async fn every_demo_user_signs_in_with_demo_and_not_with_another_password() {
    let app = app();
    for user in seed::USERS {
        let ok = send(
            &app,
            json_request(
                Method::POST,
                "/api/session",
                json!({ "email": user.email, "password": "demo" }),
            ),
        )
        .await;
        assert_eq!(ok.status, StatusCode::OK, "{}", user.email);
        let cookie = ok.header("set-cookie").unwrap();
        assert!(cookie.starts_with("tp_session="), "{cookie}");
        for part in ["HttpOnly", "SameSite=Lax", "Path=/", "Max-Age=1209600"] {
            assert!(cookie.contains(part), "{cookie} lacks {part}");
        }
        assert!(!cookie.contains("Secure"), "local runs are plain http");

        let wrong = send(
            &app,
            json_request(
                Method::POST,
                "/api/session",
                json!({ "email": user.email, "password": "Demo" }),
            ),
        )
        .await;
        assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
        assert_eq!(wrong.problem().code, ErrorCode::InvalidCredentials);
    }
}

#[tokio::test]
async fn unknown_email_gets_the_same_answer_as_a_wrong_password() {
    let app = app();
    let unknown = send(
        &app,
        json_request(
            Method::POST,
            "/api/session",
            json!({ "email": "nobody@acme.test", "password": "demo" }),
        ),
    )
    .await;
    let wrong = send(
        &app,
        json_request(
            Method::POST,
            "/api/session",
            json!({ "email": "owner@acme.test", "password": "nope" }),
        ),
    )
    .await;
    assert_eq!(unknown.status, StatusCode::UNAUTHORIZED);
    assert_eq!(unknown.problem(), wrong.problem());
    // E-mail addresses are case-insensitive.
    let upper = send(
        &app,
        json_request(
            Method::POST,
            "/api/session",
            json!({ "email": " Owner@ACME.test ", "password": "demo" }),
        ),
    )
    .await;
    assert_eq!(upper.status, StatusCode::OK);
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
        let reply = send(&app, json_request(Method::POST, "/api/session", body)).await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
        let p = reply.problem();
        assert_eq!(p.code, ErrorCode::Validation);
        assert_eq!(p.field.as_deref(), Some(field));
    }
    let not_json = Request::post("/api/session")
        .header(header::CONTENT_TYPE, "text/plain")
        .body(Body::from("email=owner@acme.test&password=demo"))
        .unwrap();
    let reply = send(&app, not_json).await;
    assert_eq!(reply.problem().code, ErrorCode::Validation);
    let missing = send(
        &app,
        json_request(Method::POST, "/api/session", json!({ "email": 1 })),
    )
    .await;
    assert_eq!(missing.problem().code, ErrorCode::Validation);
}

#[tokio::test]
async fn me_requires_a_session() {
    let app = app();
    let reply = send(&app, get("/api/me")).await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    assert_eq!(reply.problem().code, ErrorCode::Unauthenticated);
    let forged = send(&app, with_auth(get("/api/me"), &Auth::Cookie("forged"))).await;
    assert_eq!(forged.problem().code, ErrorCode::Unauthenticated);
    let forged = send(&app, with_auth(get("/api/me"), &Auth::Bearer("forged"))).await;
    assert_eq!(forged.problem().code, ErrorCode::Unauthenticated);
}

#[tokio::test]
async fn cookie_and_bearer_sessions_both_authenticate() {
    let app = app();
    let token = cookie_session(&app, "agent@acme.test").await;
    let reply = send(&app, with_auth(get("/api/me"), &Auth::Cookie(&token))).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.header("cache-control"), Some("no-store"));
    let me: Me = reply.json();
    assert_eq!(me.user.email, "agent@acme.test");

    let (bearer, _) = bearer_session(&app, "multi@acme.test").await;
    let me: Me = send(&app, with_auth(get("/api/me"), &Auth::Bearer(&bearer)))
        .await
        .json();
    assert_eq!(me.user.email, "multi@acme.test");
    // The header wins over a cookie of someone else.
    let both = with_auth(
        with_auth(get("/api/me"), &Auth::Cookie(&token)),
        &Auth::Bearer(&bearer),
    );
    let me: Me = send(&app, both).await.json();
    assert_eq!(me.user.email, "multi@acme.test");
}

#[tokio::test]
async fn signing_out_ends_the_session_and_clears_the_cookie() {
    let app = app();
    let token = cookie_session(&app, "manager@acme.test").await;
    let out = Request::delete("/api/session")
        .header("x-textpeak-request", "1")
        .body(Body::empty())
        .unwrap();
    let reply = send(&app, with_auth(out, &Auth::Cookie(&token))).await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT);
    let cleared = reply.header("set-cookie").unwrap();
    assert!(
        cleared.starts_with("tp_session=;") && cleared.contains("Max-Age=0"),
        "{cleared}"
    );
    let after = send(&app, with_auth(get("/api/me"), &Auth::Cookie(&token))).await;
    assert_eq!(after.status, StatusCode::UNAUTHORIZED);

    let (bearer, _) = bearer_session(&app, "manager@acme.test").await;
    let out = Request::delete("/api/session").body(Body::empty()).unwrap();
    let reply = send(&app, with_auth(out, &Auth::Bearer(&bearer))).await;
    assert_eq!(
        reply.status,
        StatusCode::NO_CONTENT,
        "bearer needs no CSRF header"
    );
    let after = send(&app, with_auth(get("/api/me"), &Auth::Bearer(&bearer))).await;
    assert_eq!(after.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn cookie_requests_that_change_state_need_json_or_the_custom_header() {
    let app = app();
    let token = cookie_session(&app, "admin@acme.test").await;
    // A cross-site form could send this; it must be refused and change nothing.
    let forged = Request::delete("/api/session")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::empty())
        .unwrap();
    let reply = send(&app, with_auth(forged, &Auth::Cookie(&token))).await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    assert_eq!(reply.problem().code, ErrorCode::Forbidden);
    let still = send(&app, with_auth(get("/api/me"), &Auth::Cookie(&token))).await;
    assert_eq!(
        still.status,
        StatusCode::OK,
        "the session survived the forged request"
    );

    let json_delete = json_request(Method::DELETE, "/api/session", json!({}));
    let reply = send(&app, with_auth(json_delete, &Auth::Cookie(&token))).await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT);
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
    let (agent, agent_in) = bearer_session(&app, "agent@acme.test").await;
    let support = agent_in.me.spaces[0].id;
    let owner: Me = bearer_session(&app, "owner@acme.test").await.1.me;
    let sales = owner.spaces.iter().find(|s| s.name == "Sales").unwrap().id;

    let ok = send(
        &app,
        with_auth(
            get(&format!("/api/spaces/{support}/summary")),
            &Auth::Bearer(&agent),
        ),
    )
    .await;
    assert_eq!(ok.status, StatusCode::OK);
    for path in [
        format!("/api/spaces/{sales}/summary"),
        "/api/spaces/999999/summary".into(),
        "/api/spaces/not-a-number/summary".into(),
    ] {
        let reply = send(&app, with_auth(get(&path), &Auth::Bearer(&agent))).await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{path}");
        assert_eq!(reply.problem().code, ErrorCode::NotFound);
    }

    let (viewer, _) = bearer_session(&app, "viewer@acme.test").await;
    let reply = send(
        &app,
        with_auth(
            get(&format!("/api/spaces/{support}/summary")),
            &Auth::Bearer(&viewer),
        ),
    )
    .await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    assert_eq!(reply.problem().code, ErrorCode::NoInboxPermission);

    let (nimbus, _) = bearer_session(&app, "owner@nimbus.test").await;
    let reply = send(
        &app,
        with_auth(
            get(&format!("/api/spaces/{support}/summary")),
            &Auth::Bearer(&nimbus),
        ),
    )
    .await;
    assert_eq!(reply.problem().code, ErrorCode::BetaAccessRequired);

    // Another tenant's Admin learns nothing about Acme's space ids.
    let (fresh, _) = bearer_session(&app, "admin@fresh.test").await;
    let reply = send(
        &app,
        with_auth(
            get(&format!("/api/spaces/{sales}/summary")),
            &Auth::Bearer(&fresh),
        ),
    )
    .await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);

    let anonymous = send(&app, get(&format!("/api/spaces/{sales}/summary"))).await;
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
}

/// The counts of the summary equal what `permissions::can_see_conversation` allows, computed
/// here from raw rows and memberships read independently of the server's own code.
#[tokio::test]
async fn summary_counts_match_can_see_conversation_for_every_acme_user() {
    let app = app();
    let state = seeded_state();
    type Row = (i64, i64, i64, Option<i64>, String, i64);
    let rows: Vec<Row> = state.db.with_conn(|c| {
        let mut stmt = c
            .prepare("SELECT id, space_id, team_id, assignee_id, status, unread_count FROM conversations")
            .unwrap();
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    });
    assert_eq!(rows.len() as u32, SEEDED_CONVERSATIONS);
    let ids = |sql: &str, user: i64| -> Vec<i64> {
        state.db.with_conn(|c| {
            let mut stmt = c.prepare(sql).unwrap();
            stmt.query_map([user], |r| r.get(0))
                .unwrap()
                .collect::<Result<_, _>>()
                .unwrap()
        })
    };

    let mut differs_by_role = BTreeSet::new();
    for user in seed::USERS
        .iter()
        .filter(|u| u.tenant == 0 && u.role != DemoRole::NoInbox)
    {
        let (token, signed_in) = bearer_session(&app, user.email).await;
        let me = signed_in.me;
        let subject = me.subject();
        let membership = Membership {
            user_id: me.user.id,
            assigned_spaces: ids(
                "SELECT space_id FROM space_members WHERE user_id = ?1",
                me.user.id,
            ),
            member_of_teams: ids(
                "SELECT team_id FROM team_members WHERE user_id = ?1",
                me.user.id,
            ),
            manages_teams: ids(
                "SELECT team_id FROM team_members WHERE user_id = ?1 AND is_manager = 1",
                me.user.id,
            ),
        };
        let visible: Vec<&Row> = rows
            .iter()
            .filter(|r| {
                permissions::can_see_conversation(
                    &subject,
                    &membership,
                    ConversationAccess {
                        space_id: r.1,
                        team_id: r.2,
                        assignee_id: r.3,
                    },
                )
            })
            .collect();
        differs_by_role.insert(visible.len());

        for space in &me.spaces {
            let reply = send(
                &app,
                with_auth(
                    get(&format!("/api/spaces/{}/summary", space.id)),
                    &Auth::Bearer(&token),
                ),
            )
            .await;
            assert_eq!(
                reply.status,
                StatusCode::OK,
                "{}: {}",
                user.email,
                reply.text()
            );
            let summary: SpaceSummary = reply.json();
            let here: Vec<&Row> = visible
                .iter()
                .copied()
                .filter(|r| r.1 == space.id)
                .collect();
            let open: Vec<&Row> = here.iter().copied().filter(|r| r.4 == "open").collect();
            let expected = (
                open.len() as u64,
                open.iter().filter(|r| r.3.is_none()).count() as u64,
                open.iter().filter(|r| r.3 == Some(me.user.id)).count() as u64,
                here.iter().filter(|r| r.5 > 0).count() as u64,
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
                let team_open = open.iter().filter(|r| r.2 == team.id).count() as u64;
                assert_eq!(team.open, team_open, "{} team {}", user.email, team.name);
            }
        }
        let all_spaces = rows.iter().map(|r| r.1).collect::<BTreeSet<_>>();
        for space in all_spaces.iter().filter(|s| me.space(**s).is_none()) {
            assert!(
                visible.iter().all(|r| r.1 != *space),
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
    state.db.with_conn(|conn| {
        // The seed must exercise the "assigned to them outside their teams" branch too.
        let assigned_outside: i64 = conn
            .query_row(
                "SELECT count(*) FROM conversations c WHERE c.assignee_id IS NOT NULL AND NOT EXISTS
                   (SELECT 1 FROM team_members m WHERE m.team_id = c.team_id AND m.user_id = c.assignee_id)",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert!(assigned_outside > 0);
        let users: Vec<i64> = conn
            .prepare("SELECT id FROM users")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        let rows: Vec<(i64, i64, i64, Option<i64>)> = conn
            .prepare("SELECT id, space_id, team_id, assignee_id FROM conversations ORDER BY id")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        for user in users {
            let viewer = Viewer::load(conn, user).unwrap();
            let subject = viewer.subject();
            let membership = viewer.membership(conn).unwrap();
            let sql = conversation_visibility_sql(&subject, &membership);
            let by_sql: Vec<i64> = conn
                .prepare(&format!(
                    "SELECT c.id FROM conversations c WHERE {sql} ORDER BY c.id"
                ))
                .unwrap()
                .query_map([], |r| r.get(0))
                .unwrap()
                .collect::<Result<_, _>>()
                .unwrap();
            let by_rule: Vec<i64> = rows
                .iter()
                .filter(|r| {
                    permissions::can_see_conversation(
                        &subject,
                        &membership,
                        ConversationAccess {
                            space_id: r.1,
                            team_id: r.2,
                            assignee_id: r.3,
                        },
                    )
                })
                .map(|r| r.0)
                .collect();
            assert_eq!(by_sql, by_rule, "user {user}");
        }
    });
}

#[tokio::test]
async fn unknown_api_paths_and_methods_are_problems() {
    let app = app();
    let reply = send(&app, get("/api/nope")).await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    assert_eq!(reply.problem().code, ErrorCode::NotFound);
    let reply = send(&app, Request::put("/api/me").body(Body::empty()).unwrap()).await;
    assert_eq!(reply.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(reply.problem().code, ErrorCode::MethodNotAllowed);
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
