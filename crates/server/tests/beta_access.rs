//! Beta access: the tenant's request (`POST /api/access-request`), TextPeak support's review
//! (`/api/support/access-requests…`), the `access` command, and `/api/me` after each step.
//!
//! Every test changes the state, so each gets its own copy of a seeded database file.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, Barrier, OnceLock};

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use axum::Router;
use common::*;
use serde_json::json;
use textpeak_api::{paths, AccessRequestReview, BetaAccess, Capability, ErrorCode, TenantInfo};
use textpeak_server::beta_access::{self, Decision};
use textpeak_server::problem::ApiError;
use textpeak_server::{router, seed, AccessAction, AccessArgs, AppState, Db};

const SUPPORT_TOKEN: &str = "support-token-for-tests-0123456789";

/// A seeded database file, made once per test binary; tests copy it.
fn template() -> &'static Path {
    static TEMPLATE: OnceLock<PathBuf> = OnceLock::new();
    TEMPLATE.get_or_init(|| {
        let path = temp_dir("beta-template").join("template.db");
        seeded_db(5)
            .with_conn(|conn| conn.execute("VACUUM INTO ?1", [path.to_str().unwrap()]))
            .unwrap();
        path
    })
}

struct Fresh {
    app: Router,
    db: Db,
    path: PathBuf,
}

/// A router over a fresh copy of the seeded database; the support endpoints are enabled when
/// `support` is true.
fn fresh(support: bool) -> Fresh {
    let path = temp_dir("beta").join("textpeak.db");
    std::fs::copy(template(), &path).unwrap();
    let db = Db::open(&path).unwrap();
    let state =
        AppState::new(db.clone(), NO_DIST).with_support_token(support.then_some(SUPPORT_TOKEN));
    Fresh {
        app: router(state),
        db,
        path,
    }
}

fn nimbus_id(db: &Db) -> i64 {
    db.with_conn(|c| seed::tenant_id(c, "Nimbus Retail").unwrap().unwrap())
}

fn user_id(db: &Db, email: &str) -> i64 {
    db_scalar(db, "SELECT id FROM users WHERE email = ?1", [email])
}

/// The tenant's access_requests rows, oldest first: (status, requester's name, reviewed).
fn history(db: &Db, tenant_id: i64) -> Vec<(String, Option<String>, bool)> {
    db.with_conn(|c| {
        c.prepare(
            "SELECT a.status, u.name, a.reviewed_at IS NOT NULL FROM access_requests a
             LEFT JOIN users u ON u.id = a.requested_by WHERE a.tenant_id = ?1 ORDER BY a.id",
        )
        .unwrap()
        .query_map([tenant_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
    })
}

/// The request as the app sends it: no body, the CSRF header with a cookie.
fn access_request() -> Request<Body> {
    bare(
        Method::POST,
        paths::ACCESS_REQUEST,
        &[("x-textpeak-request", "1")],
    )
}

/// Nimbus Retail's owner, who has just asked for access (201).
async fn nimbus_owner_asks(app: &Router) -> Client {
    let owner = Client::bearer(app, "owner@nimbus.test").await;
    let reply = owner.send(access_request()).await;
    reply.expect(StatusCode::CREATED);
    owner
}

/// A fresh server (support endpoints enabled when `support` is true) where Nimbus Retail's
/// owner has just asked for Beta access: the server, Nimbus's id and its owner.
async fn nimbus_has_asked(support: bool) -> (Fresh, i64, Client) {
    let fresh = fresh(support);
    let nimbus = nimbus_id(&fresh.db);
    let owner = nimbus_owner_asks(&fresh.app).await;
    (fresh, nimbus, owner)
}

/// A review by TextPeak support, without a body.
fn decision(tenant_id: i64, approve: bool) -> Request<Body> {
    let uri = paths::support_access_decision(tenant_id, approve);
    bare(Method::POST, &uri, &[])
}

/// TextPeak support, with the real token.
fn support(app: &Router) -> Client {
    Client::with_bearer(app, SUPPORT_TOKEN)
}

async fn review_list(app: &Router) -> Vec<AccessRequestReview> {
    support(app).read(paths::SUPPORT_ACCESS_REQUESTS).await
}

async fn decide(app: &Router, tenant_id: i64, approve: bool) -> AccessRequestReview {
    let reply = support(app).send(decision(tenant_id, approve)).await;
    reply.decode(StatusCode::OK)
}

#[tokio::test]
async fn none_requested_approved_and_me_follows_every_step() {
    let Fresh { app, db, .. } = fresh(true);
    let nimbus = nimbus_id(&db);
    let owner = Client::bearer(&app, "owner@nimbus.test").await;

    let before = owner.me().await;
    assert_eq!(before.tenant.beta_access, BetaAccess::None);
    assert_eq!(before.tenant.access_requested_at, None);
    assert_eq!(before.tenant.access_requested_by, None);
    assert_eq!(before.tenant.access_reviewed_at, None);
    assert!(before.can(Capability::RequestBetaAccess));

    let reply = owner.send(access_request()).await;
    let tenant: TenantInfo = reply.decode(StatusCode::CREATED);
    assert_eq!(tenant.id, nimbus);
    assert_eq!(tenant.name, "Nimbus Retail");
    assert_eq!(tenant.beta_access, BetaAccess::Requested);
    assert_eq!(tenant.access_requested_by.as_deref(), Some("Nora Quinn"));
    assert_eq!(tenant.access_reviewed_at, None);
    let requested_at = tenant.access_requested_at.clone().unwrap();
    assert_eq!(requested_at.len(), 24, "RFC 3339 with milliseconds");
    let pending = owner.me().await;
    assert_eq!(pending.tenant, tenant, "the answer is what /api/me reports");
    assert_eq!(
        pending.capabilities,
        [Capability::SeeInboxTab, Capability::RequestBetaAccess]
    );
    assert_eq!(
        history(&db, nimbus),
        [("requested".into(), Some("Nora Quinn".into()), false)]
    );

    let queue = review_list(&app).await;
    assert_eq!(queue[0].tenant_id, nimbus, "pending requests come first");
    assert_eq!(queue[0].status, BetaAccess::Requested);
    assert_eq!(queue[0].requested_by.as_deref(), Some("Nora Quinn"));
    assert_eq!(
        queue[0].requested_at.as_deref(),
        Some(requested_at.as_str())
    );
    assert_eq!(queue.len(), 3, "every tenant");

    let approved = decide(&app, nimbus, true).await;
    assert_eq!(approved.status, BetaAccess::Approved);
    assert_eq!(approved.tenant_name, "Nimbus Retail");
    assert_eq!(
        approved.requested_at.as_deref(),
        Some(requested_at.as_str())
    );
    assert_eq!(approved.requested_by.as_deref(), Some("Nora Quinn"));
    let reviewed_at = approved.reviewed_at.clone().expect("reviewed_at");
    assert!(reviewed_at >= requested_at);

    let after = owner.me().await;
    assert_eq!(after.tenant.beta_access, BetaAccess::Approved);
    assert_eq!(
        after.tenant.access_requested_at.as_deref(),
        Some(requested_at.as_str())
    );
    assert_eq!(
        after.tenant.access_requested_by.as_deref(),
        Some("Nora Quinn")
    );
    assert_eq!(
        after.tenant.access_reviewed_at.as_deref(),
        Some(reviewed_at.as_str())
    );
    assert!(after.can(Capability::UseInbox) && after.can(Capability::SeeOnboarding));
    assert!(!after.can(Capability::RequestBetaAccess));
    assert_eq!(
        history(&db, nimbus),
        [("approved".into(), Some("Nora Quinn".into()), true)]
    );

    // Approved is final: no new request, no second review.
    let again = owner.send(access_request()).await;
    again.expect_problem(StatusCode::CONFLICT, ErrorCode::AccessAlreadyGranted);
    for approve in [true, false] {
        let reply = support(&app).send(decision(nimbus, approve)).await;
        let p = reply.expect_problem(StatusCode::CONFLICT, ErrorCode::Conflict);
        assert_eq!(p.title, "Nimbus Retail has no pending request");
        assert!(p.detail.unwrap().contains("approved"));
    }
    assert_eq!(history(&db, nimbus).len(), 1);
}

#[tokio::test]
async fn a_declined_tenant_may_ask_again_and_then_be_approved() {
    let Fresh { app, db, .. } = fresh(true);
    let nimbus = nimbus_id(&db);
    // The agent asks, with a cookie session as the app does.
    let agent = Client::cookie(&app, "agent@nimbus.test").await;
    let owner = Client::bearer(&app, "owner@nimbus.test").await;

    let reply = agent.send(access_request()).await;
    let first: TenantInfo = reply.decode(StatusCode::CREATED);
    assert_eq!(first.access_requested_by.as_deref(), Some("Noah Blake"));

    let declined = decide(&app, nimbus, false).await;
    assert_eq!(declined.status, BetaAccess::Declined);
    assert!(declined.reviewed_at.is_some());
    for who in [&agent, &owner] {
        let me = who.me().await;
        assert_eq!(me.tenant.beta_access, BetaAccess::Declined);
        assert_eq!(me.tenant.access_requested_at, first.access_requested_at);
        assert_eq!(me.tenant.access_requested_by.as_deref(), Some("Noah Blake"));
        assert_eq!(me.tenant.access_reviewed_at, declined.reviewed_at);
        assert_eq!(
            me.capabilities,
            [Capability::SeeInboxTab, Capability::RequestBetaAccess],
            "declined tenants may ask again"
        );
    }
    // Declining twice is refused.
    let reply = support(&app).send(decision(nimbus, false)).await;
    let p = reply.expect_problem(StatusCode::CONFLICT, ErrorCode::Conflict);
    assert_eq!(p.title, "Nimbus Retail has no pending request");
    assert!(p.detail.unwrap().contains("declined"));

    // The owner asks again, this time with a `{}` JSON body.
    let reply = owner.post(paths::ACCESS_REQUEST, json!({})).await;
    let second: TenantInfo = reply.decode(StatusCode::CREATED);
    assert_eq!(second.beta_access, BetaAccess::Requested);
    assert_eq!(second.access_requested_by.as_deref(), Some("Nora Quinn"));
    assert_eq!(second.access_reviewed_at, None, "the old review is cleared");
    assert!(second.access_requested_at >= first.access_requested_at);
    assert_eq!(agent.me().await.tenant, second);

    let approved = decide(&app, nimbus, true).await;
    assert_eq!(approved.status, BetaAccess::Approved);
    assert_eq!(approved.requested_by.as_deref(), Some("Nora Quinn"));
    let me = agent.me().await;
    assert_eq!(me.tenant.beta_access, BetaAccess::Approved);
    assert!(me.can(Capability::UseInbox) && !me.can(Capability::SeeOnboarding));
    assert_eq!(
        history(&db, nimbus),
        [
            ("declined".into(), Some("Noah Blake".into()), true),
            ("approved".into(), Some("Nora Quinn".into()), true),
        ]
    );
}

#[tokio::test]
async fn requests_are_refused_with_the_most_helpful_code() {
    let Fresh { app, db, .. } = fresh(true);
    let nimbus = nimbus_id(&db);

    let anonymous = send(&app, with_auth(access_request(), &Auth::Cookie("forged"))).await;
    anonymous.expect_problem(StatusCode::UNAUTHORIZED, ErrorCode::Unauthenticated);
    send(&app, bare(Method::POST, paths::ACCESS_REQUEST, &[]))
        .await
        .expect_problem(StatusCode::UNAUTHORIZED, ErrorCode::Unauthenticated);

    // No inbox permission: no request, whatever the tenant's state.
    let viewer = Client::cookie(&app, "viewer@acme.test").await;
    let reply = viewer.send(access_request()).await;
    let p = reply.expect_problem(StatusCode::FORBIDDEN, ErrorCode::NoInboxPermission);
    assert!(p.title.contains("ask your account owner"));

    // Acme is approved already.
    let acme_owner = Client::bearer(&app, "owner@acme.test").await;
    let reply = acme_owner.send(access_request()).await;
    reply.expect_problem(StatusCode::CONFLICT, ErrorCode::AccessAlreadyGranted);

    // A cookie without the CSRF header or a JSON type is refused and changes nothing.
    let agent = Client::cookie(&app, "agent@nimbus.test").await;
    let form = [(
        header::CONTENT_TYPE.as_str(),
        "application/x-www-form-urlencoded",
    )];
    let reply = agent
        .send(bare(Method::POST, paths::ACCESS_REQUEST, &form))
        .await;
    reply.expect_problem(StatusCode::FORBIDDEN, ErrorCode::Forbidden);
    // A body that is not a JSON object is a validation problem.
    let nimbus_owner = Client::bearer(&app, "owner@nimbus.test").await;
    for body in ["nope", "[]", "{"] {
        let req = Request::post(paths::ACCESS_REQUEST)
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(body))
            .unwrap();
        let reply = nimbus_owner.send(req).await;
        reply.expect_problem(StatusCode::UNPROCESSABLE_ENTITY, ErrorCode::Validation);
    }
    assert!(history(&db, nimbus).is_empty());

    // The agent may ask; then the owner, a second user of the tenant, is told it was sent.
    let reply = agent.send(access_request()).await;
    let sent: TenantInfo = reply.decode(StatusCode::CREATED);
    let reply = nimbus_owner.send(access_request()).await;
    let p = reply.expect_problem(StatusCode::CONFLICT, ErrorCode::AccessAlreadyRequested);
    let when = beta_access::human_time(sent.access_requested_at.as_deref().unwrap());
    assert_eq!(
        p.detail.as_deref(),
        Some(format!("Sent on {when} by Noah Blake.").as_str())
    );
    assert!(
        when.len() == "2026-11-25 14:02 UTC".len() && when.ends_with(" UTC"),
        "{when}"
    );
    // The same user asking twice gets the same answer.
    let reply = agent.send(access_request()).await;
    reply.expect_problem(StatusCode::CONFLICT, ErrorCode::AccessAlreadyRequested);
    assert_eq!(history(&db, nimbus).len(), 1);

    // Support: unknown tenants are 404, reviews of tenants without a request 409.
    for path in [
        paths::support_access_decision(999_999, true),
        "/api/support/access-requests/nimbus/approve".into(),
    ] {
        let reply = support(&app).send(bare(Method::POST, &path, &[])).await;
        reply.expect_problem(StatusCode::NOT_FOUND, ErrorCode::NotFound);
    }
    let fresh_start = db.with_conn(|c| seed::tenant_id(c, "Fresh Start").unwrap().unwrap());
    let reply = support(&app).send(decision(fresh_start, true)).await;
    let p = reply.expect_problem(StatusCode::CONFLICT, ErrorCode::Conflict);
    assert_eq!(p.title, "Fresh Start has no pending request");
}

#[tokio::test]
async fn support_endpoints_refuse_every_tenant_credential() {
    let (Fresh { app, db, .. }, nimbus, nimbus_owner) = nimbus_has_asked(true).await;

    let acme_cookie = Client::cookie(&app, "owner@acme.test").await;
    let acme_bearer = Client::bearer(&app, "admin@acme.test").await;
    let wrong = format!("{SUPPORT_TOKEN}x");
    let refusals = [
        acme_cookie.named("tenant cookie"),
        acme_bearer.named("tenant bearer token"),
        nimbus_owner.clone().named("requesting tenant's token"),
        Client::with_bearer(&app, &wrong).named("wrong support token"),
        Client::with_bearer(&app, &SUPPORT_TOKEN[..10]).named("truncated support token"),
    ];
    for who in &refusals {
        let list = who.get(paths::SUPPORT_ACCESS_REQUESTS).await;
        list.expect_problem(StatusCode::FORBIDDEN, ErrorCode::Forbidden);
        for approve in [true, false] {
            // With the CSRF header, so that only the credential decides.
            let mut req = decision(nimbus, approve);
            req.headers_mut()
                .insert("x-textpeak-request", "1".parse().unwrap());
            let reply = who.send(req).await;
            reply.expect_problem(StatusCode::FORBIDDEN, ErrorCode::Forbidden);
        }
    }
    // No credentials at all, or not a bearer token.
    let reply = Client::anonymous(&app)
        .get(paths::SUPPORT_ACCESS_REQUESTS)
        .await;
    reply.expect_problem(StatusCode::UNAUTHORIZED, ErrorCode::Unauthenticated);
    let basic = format!("Basic {SUPPORT_TOKEN}");
    let auth = [(header::AUTHORIZATION.as_str(), basic.as_str())];
    send(
        &app,
        bare(Method::GET, paths::SUPPORT_ACCESS_REQUESTS, &auth),
    )
    .await
    .expect_problem(StatusCode::UNAUTHORIZED, ErrorCode::Unauthenticated);

    // Nothing was decided by the refused calls.
    assert_eq!(
        history(&db, nimbus),
        [("requested".into(), Some("Nora Quinn".into()), false)]
    );
    // The support token does not open tenant endpoints either.
    let reply = support(&app).get(paths::ME).await;
    reply.expect_problem(StatusCode::UNAUTHORIZED, ErrorCode::Unauthenticated);
    // The real token works.
    assert_eq!(review_list(&app).await[0].status, BetaAccess::Requested);
}

#[tokio::test]
async fn support_endpoints_do_not_exist_without_a_support_token() {
    // Requests work regardless.
    let (Fresh { app, db, .. }, nimbus, owner) = nimbus_has_asked(false).await;

    let cookie = Client::cookie(&app, "owner@acme.test").await;
    for who in [support(&app), owner, cookie] {
        let reply = who.get(paths::SUPPORT_ACCESS_REQUESTS).await;
        let p = reply.expect_problem(StatusCode::NOT_FOUND, ErrorCode::NotFound);
        assert_eq!(
            p,
            send(&app, get("/api/no-such-endpoint")).await.problem(),
            "indistinguishable from an unknown path"
        );
        for approve in [true, false] {
            let reply = who.send(decision(nimbus, approve)).await;
            reply.expect_problem(StatusCode::NOT_FOUND, ErrorCode::NotFound);
        }
    }
    assert_eq!(history(&db, nimbus).len(), 1);
    assert_eq!(history(&db, nimbus)[0].0, "requested");
}

/// A double click that slips through the UI: both requests reach the server at once, one row
/// is created, the other request is told it was already sent.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_double_request_creates_exactly_one_row() {
    let Fresh { app, db, .. } = fresh(true);
    let nimbus = nimbus_id(&db);
    let owner = Client::cookie(&app, "owner@nimbus.test").await;
    let agent = Client::bearer(&app, "agent@nimbus.test").await;

    // The same user twice, then (after a decline) two users of the tenant at once.
    let rounds = [(&owner, &owner), (&owner, &agent)];
    for (round, (a, b)) in rounds.iter().enumerate() {
        let (x, y) = tokio::join!(a.send(access_request()), b.send(access_request()));
        let mut statuses = [x.status, y.status];
        statuses.sort();
        assert_eq!(
            statuses,
            [StatusCode::CREATED, StatusCode::CONFLICT],
            "round {round}: {} / {}",
            x.text(),
            y.text()
        );
        let refused = if x.status == StatusCode::CONFLICT {
            &x
        } else {
            &y
        };
        assert_eq!(refused.problem().code, ErrorCode::AccessAlreadyRequested);
        let pending = history(&db, nimbus)
            .into_iter()
            .filter(|h| h.0 == "requested")
            .count();
        assert_eq!(pending, 1, "round {round}");
        assert_eq!(history(&db, nimbus).len(), round + 1, "round {round}");
        if round == 0 {
            decide(&app, nimbus, false).await;
        }
    }
}

/// Two connections (the server and the `access` command, or two server processes) racing: the
/// unique index decides, whatever the timing.
#[test]
fn two_connections_racing_create_exactly_one_row() {
    let Fresh { db, path, .. } = fresh(false);
    let nimbus = nimbus_id(&db);
    let users = [
        user_id(&db, "owner@nimbus.test"),
        user_id(&db, "agent@nimbus.test"),
    ];
    for round in 0..5 {
        let barrier = Arc::new(Barrier::new(users.len()));
        let results: Vec<Result<TenantInfo, ApiError>> = std::thread::scope(|s| {
            let handles: Vec<_> = users
                .iter()
                .map(|&user| {
                    let barrier = barrier.clone();
                    let path = path.clone();
                    s.spawn(move || {
                        let own = Db::open(&path).unwrap();
                        barrier.wait();
                        own.with_conn(|c| beta_access::request(c, user))
                    })
                })
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        });
        let ok = results.iter().filter(|r| r.is_ok()).count();
        assert_eq!(ok, 1, "round {round}: {results:?}");
        let refused = results.iter().find_map(|r| r.as_ref().err()).unwrap();
        assert!(
            matches!(refused, ApiError::Problem(p) if p.code == ErrorCode::AccessAlreadyRequested),
            "{refused:?}"
        );
        let rows = history(&db, nimbus);
        assert_eq!(rows.len(), round + 1);
        assert_eq!(rows.iter().filter(|r| r.0 == "requested").count(), 1);
        db.with_conn(|c| beta_access::decide(c, nimbus, Decision::Decline))
            .unwrap();
    }
}

/// The functions the `access` command runs, on the database directly.
#[test]
fn the_command_functions_find_tenants_and_walk_the_state_machine() {
    let Fresh { db, path, .. } = fresh(false);
    let nimbus = nimbus_id(&db);
    db.with_conn(|conn| {
        let id = |q: &str| beta_access::find_tenant(conn, q).map(|t| t.0);
        for query in [
            nimbus.to_string(),
            "Nimbus Retail".into(),
            "nimbus retail".into(),
            "  NIMBUS   retail ".into(),
            "nimbus".into(),
            "Nimbus".into(),
        ] {
            assert_eq!(id(&query).unwrap(), nimbus, "{query}");
        }
        let unknown = id("nebula").unwrap_err();
        assert!(
            beta_access::cli_message(&unknown).starts_with("No tenant matches \"nebula\""),
            "{unknown:?}"
        );
        assert!(id("retail").is_err(), "only the first word");
        assert!(id("").is_err());

        // A second "Nimbus …" makes the first word ambiguous, not the full name.
        conn.execute("INSERT INTO tenants (name) VALUES ('Nimbus Labs')", [])
            .unwrap();
        let ambiguous = beta_access::cli_message(&id("nimbus").unwrap_err());
        assert!(
            ambiguous.contains("matches several tenants")
                && ambiguous.contains("Nimbus Retail")
                && ambiguous.contains("Nimbus Labs"),
            "{ambiguous}"
        );
        assert_eq!(id("nimbus retail").unwrap(), nimbus);
    });

    let run = |action: AccessAction| {
        db.with_conn(|conn| beta_access::run_command(conn, &action))
            .map_err(|e| beta_access::cli_message(&e))
    };
    let approve = |t: &str| AccessAction::Approve {
        tenant: t.split(' ').map(str::to_owned).collect(),
    };
    let decline = |t: &str| AccessAction::Decline {
        tenant: vec![t.to_owned()],
    };

    let table = run(AccessAction::List).unwrap();
    let lines: Vec<&str> = table.lines().collect();
    assert!(lines[0].starts_with("ID") && lines[0].contains("STATUS"));
    assert!(lines[0].contains("REQUESTED AT") && lines[0].contains("REVIEWED AT"));
    assert_eq!(lines.len(), 5, "header and four tenants:\n{table}");
    assert!(table.contains("Olivia Owens"), "{table}");

    let refused = run(approve("Nimbus Retail")).unwrap_err();
    assert!(
        refused.starts_with("Nimbus Retail has no pending request"),
        "{refused}"
    );
    assert!(run(approve("nimbus"))
        .unwrap_err()
        .contains("several tenants"));

    let nora = user_id(&db, "owner@nimbus.test");
    db.with_conn(|c| beta_access::request(c, nora)).unwrap();
    let table = run(AccessAction::List).unwrap();
    let first = table.lines().nth(1).unwrap();
    assert!(
        first.contains("Nimbus Retail")
            && first.contains("requested")
            && first.contains("Nora Quinn"),
        "pending first:\n{table}"
    );

    let report = run(decline(&nimbus.to_string())).unwrap();
    assert!(
        report.starts_with("Declined Beta access for Nimbus Retail")
            && report.contains("by Nora Quinn"),
        "{report}"
    );
    assert!(run(decline("nimbus retail"))
        .unwrap_err()
        .contains("was declined on"));
    db.with_conn(|c| beta_access::request(c, nora)).unwrap();
    let report = run(approve("NIMBUS RETAIL")).unwrap();
    assert!(report.starts_with("Approved Beta access for Nimbus Retail"));
    let review = db
        .with_conn(|c| beta_access::review(c, nimbus))
        .unwrap()
        .unwrap();
    assert_eq!(review.status, BetaAccess::Approved);
    assert_eq!(history(&db, nimbus).len(), 2);

    // run_cli opens the file itself, and never creates one.
    let args = |db: PathBuf, action| AccessArgs { db, action };
    let listed = beta_access::run_cli(&args(path.clone(), AccessAction::List)).unwrap();
    assert!(listed.contains("approved"));
    let missing = path.with_file_name("missing.db");
    let err = beta_access::run_cli(&args(missing.clone(), AccessAction::List)).unwrap_err();
    assert!(err.starts_with("no database at"), "{err}");
    assert!(!missing.exists());
}

/// The command approves on the file while the server has it open; users see it on next load.
#[tokio::test]
async fn the_command_works_beside_a_running_server() {
    let Fresh { app, path, .. } = fresh(false);
    let owner = nimbus_owner_asks(&app).await;
    let report = tokio::task::spawn_blocking(move || {
        beta_access::run_cli(&AccessArgs {
            db: path,
            action: AccessAction::Approve {
                tenant: vec!["nimbus".into()],
            },
        })
    })
    .await
    .unwrap()
    .unwrap();
    assert!(report.starts_with("Approved"), "{report}");
    let me = owner.me().await;
    assert_eq!(me.tenant.beta_access, BetaAccess::Approved);
    assert!(me.tenant.access_reviewed_at.is_some());
}

/// The real binary: `access list`, `access approve nimbus`, and its exit codes.
#[test]
fn the_binary_lists_and_approves() {
    let Fresh { db, path, .. } = fresh(false);
    let exe = env!("CARGO_BIN_EXE_textpeak-server");
    let run = |args: &[&str]| {
        let out = Command::new(exe)
            .args(args)
            .env_remove("TEXTPEAK_DB")
            .env_remove("TEXTPEAK_SUPPORT_TOKEN")
            .env("RUST_LOG", "off")
            .output()
            .unwrap();
        (
            out.status,
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let db_path = path.to_str().unwrap();

    let (status, stdout, stderr) = run(&["access", "list", "--db", db_path]);
    assert!(status.success(), "{stderr}");
    assert!(stdout.starts_with("ID"), "{stdout}");
    let nimbus_line = stdout
        .lines()
        .find(|l| l.contains("Nimbus Retail"))
        .unwrap();
    assert!(nimbus_line.contains("none"), "{stdout}");

    // Nothing pending yet: a clear message and a failing exit code.
    let (status, stdout, stderr) = run(&["access", "approve", "nimbus", "--db", db_path]);
    assert_eq!(status.code(), Some(1), "{stdout}");
    assert!(
        stderr.contains("Nimbus Retail has no pending request"),
        "{stderr}"
    );

    let nora = user_id(&db, "owner@nimbus.test");
    db.with_conn(|c| beta_access::request(c, nora)).unwrap();
    let (status, stdout, stderr) = run(&["access", "approve", "nimbus", "--db", db_path]);
    assert!(status.success(), "{stderr}");
    assert!(
        stdout.starts_with("Approved Beta access for Nimbus Retail")
            && stdout.contains("by Nora Quinn"),
        "{stdout}"
    );
    let nimbus = nimbus_id(&db);
    let tenant = db
        .with_conn(|c| beta_access::review(c, nimbus))
        .unwrap()
        .unwrap();
    assert_eq!(tenant.status, BetaAccess::Approved);

    // TEXTPEAK_DB is the default, as for serving; --db before the action works too.
    let out = Command::new(exe)
        .args(["access", "list"])
        .env("TEXTPEAK_DB", db_path)
        .env("RUST_LOG", "off")
        .output()
        .unwrap();
    assert!(out.status.success());
    let stdout = String::from_utf8_lossy(&out.stdout);
    let line = stdout
        .lines()
        .find(|l| l.contains("Nimbus Retail"))
        .unwrap();
    assert!(
        line.contains("approved") && line.contains("Nora Quinn"),
        "{stdout}"
    );

    for (args, message) in [
        (
            vec!["access", "--db", db_path, "decline", "Nebula"],
            "No tenant matches \"Nebula\"",
        ),
        (
            vec!["access", "decline", "nimbus", "--db", db_path],
            "has no pending request",
        ),
        (
            vec![
                "access",
                "list",
                "--db",
                path.with_file_name("missing.db").to_str().unwrap(),
            ],
            "no database at",
        ),
    ] {
        let (status, _, stderr) = run(&args);
        assert_eq!(status.code(), Some(1), "{args:?}");
        assert!(stderr.contains(message), "{args:?}: {stderr}");
    }
}

/// `/api/me` reports the seeded history of the approved tenants too.
#[tokio::test]
async fn me_reports_who_asked_for_seeded_tenants() {
    let Fresh { app, .. } = fresh(false);
    for (email, by) in [
        ("agent@acme.test", "Olivia Owens"),
        ("agent@fresh.test", "Frida Stone"),
    ] {
        let me = Client::bearer(&app, email).await.me().await;
        assert_eq!(me.tenant.beta_access, BetaAccess::Approved);
        assert_eq!(me.tenant.access_requested_by.as_deref(), Some(by));
        assert!(me.tenant.access_requested_at < me.tenant.access_reviewed_at);
    }
}
