//! Settings → Spaces and teams, Users and roles over HTTP: what owner and Admins may do, what a
//! Manager may do in their own spaces only, and refusals for everyone else.
//!
//! The seeded database is shared by the tests of this binary: each test works on spaces, teams,
//! users and roles it creates under unique names, and never changes the seeded demo users.

mod common;

use std::sync::atomic::{AtomicU32, Ordering};

use axum::http::{Method, StatusCode};
use axum::Router;
use common::*;
use serde_json::{json, Value};
use textpeak_api::{
    paths, Capability, ErrorCode, Me, RoleSetting, SignInResponse, SpaceSetting, TeamSetting,
    UserInvited, UserSetting,
};

/// A name no other test uses: `label` and a counter.
fn unique(label: &str) -> String {
    static N: AtomicU32 = AtomicU32::new(0);
    format!("{label} {}", N.fetch_add(1, Ordering::Relaxed))
}

async fn call(app: &Router, token: &str, method: Method, uri: &str, body: Value) -> Reply {
    let req = if method == Method::GET {
        get(uri)
    } else {
        json_request(method, uri, body)
    };
    send(app, with_auth(req, &Auth::Bearer(token))).await
}

async fn sign_in(app: &Router, email: &str, password: &str) -> Reply {
    send(
        app,
        json_request(
            Method::POST,
            paths::SESSION,
            json!({ "email": email, "password": password, "bearer": true }),
        ),
    )
    .await
}

async fn token_of(app: &Router, email: &str) -> String {
    bearer_session(app, email).await.0
}

#[track_caller]
fn expect(reply: &Reply, status: StatusCode) {
    assert_eq!(reply.status, status, "{}", reply.text());
}

/// A 422 naming `field`.
#[track_caller]
fn expect_invalid(reply: &Reply, field: &str) {
    expect(reply, StatusCode::UNPROCESSABLE_ENTITY);
    let problem = reply.problem();
    assert_eq!(problem.code, ErrorCode::Validation);
    assert_eq!(problem.field.as_deref(), Some(field), "{problem:?}");
}

async fn spaces(app: &Router, token: &str) -> Vec<SpaceSetting> {
    let reply = call(app, token, Method::GET, paths::SETTINGS_SPACES, json!(null)).await;
    expect(&reply, StatusCode::OK);
    reply.json()
}

async fn space_named(app: &Router, token: &str, name: &str) -> SpaceSetting {
    spaces(app, token)
        .await
        .into_iter()
        .find(|s| s.name == name)
        .unwrap_or_else(|| panic!("no space {name}"))
}

fn team_named(space: &SpaceSetting, name: &str) -> TeamSetting {
    space
        .teams
        .iter()
        .find(|t| t.name == name)
        .unwrap_or_else(|| panic!("no team {name} in {}", space.name))
        .clone()
}

async fn users(app: &Router, token: &str) -> Vec<UserSetting> {
    let reply = call(app, token, Method::GET, paths::USERS, json!(null)).await;
    expect(&reply, StatusCode::OK);
    reply.json()
}

async fn user_id(app: &Router, admin: &str, email: &str) -> i64 {
    users(app, admin)
        .await
        .into_iter()
        .find(|u| u.email == email)
        .unwrap_or_else(|| panic!("no user {email}"))
        .id
}

async fn roles(app: &Router, token: &str) -> Vec<RoleSetting> {
    let reply = call(app, token, Method::GET, paths::ROLES, json!(null)).await;
    expect(&reply, StatusCode::OK);
    reply.json()
}

async fn role_id(app: &Router, admin: &str, name: &str) -> i64 {
    roles(app, admin)
        .await
        .into_iter()
        .find(|r| r.name == name)
        .unwrap_or_else(|| panic!("no role {name}"))
        .id
}

async fn create_space(app: &Router, token: &str, name: &str) -> SpaceSetting {
    let reply = call(
        app,
        token,
        Method::POST,
        paths::SETTINGS_SPACES,
        json!({ "name": name }),
    )
    .await;
    expect(&reply, StatusCode::CREATED);
    reply.json()
}

async fn create_team(
    app: &Router,
    token: &str,
    space_id: i64,
    name: &str,
    members: Value,
) -> TeamSetting {
    let reply = call(
        app,
        token,
        Method::POST,
        paths::TEAMS,
        json!({ "name": name, "space_id": space_id, "members": members }),
    )
    .await;
    expect(&reply, StatusCode::CREATED);
    reply.json()
}

/// Invites a user and returns them with their temporary password.
async fn invite(app: &Router, token: &str, body: Value) -> UserInvited {
    let reply = call(app, token, Method::POST, paths::USERS, body).await;
    expect(&reply, StatusCode::CREATED);
    reply.json()
}

async fn me(app: &Router, token: &str) -> Me {
    let reply = call(app, token, Method::GET, paths::ME, json!(null)).await;
    expect(&reply, StatusCode::OK);
    reply.json()
}

fn count(sql: &str, id: i64) -> i64 {
    seeded_state()
        .db
        .with_conn(|c| c.query_row(sql, [id], |r| r.get(0)))
        .unwrap()
}

// ---------------------------------------------------------------------------------------------
// Spaces.

#[tokio::test]
async fn an_admin_creates_renames_and_deletes_spaces() {
    let app = app();
    let admin = token_of(&app, "admin@acme.test").await;

    // The seeded spaces, by name, with their teams and what deleting them would take.
    let all = spaces(&app, &admin).await;
    let sales = all.iter().find(|s| s.name == "Sales").expect("Sales");
    assert!(sales.conversations > 0 && sales.sender_profiles == 3);
    let leads = team_named(sales, "Leads");
    assert!(leads.conversations > 0 && leads.routing_rules == 2);
    assert!(leads
        .members
        .iter()
        .any(|m| m.name == "Maya Moreno" && m.is_manager));
    assert!(sales.members.iter().any(|m| m.name == "Maya Moreno"));

    let name = unique("Lisbon office");
    let space = create_space(&app, &admin, &format!("  {name} ")).await;
    assert_eq!(space.name, name);
    assert!(space.teams.is_empty() && space.conversations == 0);

    // Names are unique per tenant, ignoring case.
    for body in [
        json!({ "name": name.to_uppercase() }),
        json!({ "name": "sales" }),
        json!({ "name": "  " }),
        json!({ "name": "x".repeat(61) }),
    ] {
        let reply = call(&app, &admin, Method::POST, paths::SETTINGS_SPACES, body).await;
        expect_invalid(&reply, "name");
    }

    let path = paths::settings_space(space.id);
    let reply = call(
        &app,
        &admin,
        Method::PATCH,
        &path,
        json!({ "name": "Support" }),
    )
    .await;
    expect_invalid(&reply, "name");
    let renamed = format!("{name} (EU)");
    let reply = call(
        &app,
        &admin,
        Method::PATCH,
        &path,
        json!({ "name": renamed }),
    )
    .await;
    expect(&reply, StatusCode::OK);
    assert_eq!(reply.json::<SpaceSetting>().name, renamed);

    let reply = call(&app, &admin, Method::DELETE, &path, json!({})).await;
    expect(&reply, StatusCode::NO_CONTENT);
    assert!(spaces(&app, &admin).await.iter().all(|s| s.id != space.id));
    let reply = call(&app, &admin, Method::DELETE, &path, json!({})).await;
    expect(&reply, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn deleting_a_space_takes_everything_in_it() {
    let app = app();
    let owner = token_of(&app, "owner@acme.test").await;
    let space = create_space(&app, &owner, &unique("Short-lived")).await;
    let team = create_team(&app, &owner, space.id, "Desk", json!([])).await;
    // A profile, a conversation with a message, and a routing rule, as the other settings
    // pages and inbound messages would create them.
    let conversation: i64 = seeded_state()
        .db
        .with_conn(|c| -> rusqlite::Result<i64> {
            let tenant: i64 = c.query_row(
                "SELECT tenant_id FROM spaces WHERE id = ?1",
                [space.id],
                |r| r.get(0),
            )?;
            c.execute(
                "INSERT INTO sender_profiles (tenant_id, space_id, name, stream)
                 VALUES (?1, ?2, ?3, 'sms')",
                rusqlite::params![tenant, space.id, unique("Short-lived SMS")],
            )?;
            let profile = c.last_insert_rowid();
            c.execute(
                "INSERT INTO contacts (tenant_id, phone) VALUES (?1, '+15005550999')",
                [tenant],
            )?;
            let contact = c.last_insert_rowid();
            c.execute(
                "INSERT INTO conversations (tenant_id, space_id, team_id, contact_id,
                    sender_profile_id, stream, last_activity_at, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, 'sms', '2025-01-01T00:00:00.000Z',
                    '2025-01-01T00:00:00.000Z')",
                rusqlite::params![tenant, space.id, team.id, contact, profile],
            )?;
            let conversation = c.last_insert_rowid();
            c.execute(
                "INSERT INTO messages (conversation_id, kind, direction, body, created_at)
                 VALUES (?1, 'reply', 'inbound', 'Hello', '2025-01-01T00:00:00.000Z')",
                [conversation],
            )?;
            c.execute(
                "INSERT INTO routing_rules (tenant_id, name, stream, team_id)
                 VALUES (?1, ?2, 'sms', ?3)",
                rusqlite::params![tenant, unique("Short-lived rule"), team.id],
            )?;
            Ok(conversation)
        })
        .unwrap();
    let listed = space_named(&app, &owner, &space.name).await;
    assert_eq!((listed.conversations, listed.sender_profiles), (1, 1));
    assert_eq!(team_named(&listed, "Desk").routing_rules, 1);

    let reply = call(
        &app,
        &owner,
        Method::DELETE,
        &paths::settings_space(space.id),
        json!({}),
    )
    .await;
    expect(&reply, StatusCode::NO_CONTENT);
    for sql in [
        "SELECT count(*) FROM teams WHERE space_id = ?1",
        "SELECT count(*) FROM sender_profiles WHERE space_id = ?1",
        "SELECT count(*) FROM conversations WHERE space_id = ?1",
    ] {
        assert_eq!(count(sql, space.id), 0, "{sql}");
    }
    assert_eq!(
        count(
            "SELECT count(*) FROM messages WHERE conversation_id = ?1",
            conversation
        ),
        0
    );
    assert_eq!(
        count(
            "SELECT count(*) FROM routing_rules WHERE team_id = ?1",
            team.id
        ),
        0
    );
}

#[tokio::test]
async fn the_last_space_of_a_tenant_is_kept() {
    let app = app();
    // Fresh Start has no space yet: its first one is also its last.
    let admin = token_of(&app, "admin@fresh.test").await;
    let space = create_space(&app, &admin, "Everything").await;
    let reply = call(
        &app,
        &admin,
        Method::DELETE,
        &paths::settings_space(space.id),
        json!({}),
    )
    .await;
    expect(&reply, StatusCode::CONFLICT);
    assert_eq!(reply.problem().code, ErrorCode::Conflict);
    assert!(spaces(&app, &admin).await.iter().any(|s| s.id == space.id));
}

// ---------------------------------------------------------------------------------------------
// Teams.

#[tokio::test]
async fn an_admin_creates_moves_and_deletes_teams() {
    let app = app();
    let admin = token_of(&app, "admin@acme.test").await;
    let sofia = user_id(&app, &admin, "sofia@acme.test").await;
    let jonas = user_id(&app, &admin, "jonas@acme.test").await;
    let here = create_space(&app, &admin, &unique("Porto")).await;
    let there = create_space(&app, &admin, &unique("Faro")).await;

    let team = create_team(
        &app,
        &admin,
        here.id,
        " Night shift ",
        json!([{ "user_id": sofia, "is_manager": true }, { "user_id": jonas }]),
    )
    .await;
    assert_eq!(team.name, "Night shift");
    let members: Vec<(&str, bool)> = team
        .members
        .iter()
        .map(|m| (m.name.as_str(), m.is_manager))
        .collect();
    assert_eq!(members, [("Jonas Weber", false), ("Sofía Herrera", true)]);
    // Team members work in the team's space.
    let listed = space_named(&app, &admin, &here.name).await;
    assert!(listed.members.iter().any(|m| m.id == sofia));

    let bad_teams = [
        (
            json!({ "name": "night SHIFT", "space_id": here.id }),
            "name",
        ),
        (json!({ "name": " ", "space_id": here.id }), "name"),
        (
            json!({ "name": "Day shift", "space_id": 999_999 }),
            "space_id",
        ),
        (
            json!({ "name": "Day shift", "space_id": here.id, "members": [{ "user_id": 999_999 }] }),
            "members",
        ),
    ];
    for (body, field) in bad_teams {
        let reply = call(&app, &admin, Method::POST, paths::TEAMS, body).await;
        expect_invalid(&reply, field);
    }
    // Another tenant's user is no member either.
    let fresh = token_of(&app, "admin@fresh.test").await;
    let felix = user_id(&app, &fresh, "admin@fresh.test").await;
    let reply = call(
        &app,
        &admin,
        Method::POST,
        paths::TEAMS,
        json!({ "name": "Day shift", "space_id": here.id, "members": [{ "user_id": felix }] }),
    )
    .await;
    expect_invalid(&reply, "members");

    // An empty team moves, renamed, with new members, who join the new space.
    let path = paths::team(team.id);
    let reply = call(
        &app,
        &admin,
        Method::PATCH,
        &path,
        json!({ "name": "Late shift", "space_id": there.id, "members": [{ "user_id": jonas }] }),
    )
    .await;
    expect(&reply, StatusCode::OK);
    let moved: TeamSetting = reply.json();
    assert_eq!(
        (moved.name.as_str(), moved.space_id),
        ("Late shift", there.id)
    );
    assert_eq!(moved.members.len(), 1);
    let there_now = space_named(&app, &admin, &there.name).await;
    assert_eq!(team_named(&there_now, "Late shift").id, team.id);
    assert!(there_now.members.iter().any(|m| m.id == jonas));
    assert!(space_named(&app, &admin, &here.name).await.teams.is_empty());

    // A routing rule to the team keeps it in its space; deleting the team deletes the rule.
    let rule = unique("Late rule");
    seeded_state()
        .db
        .with_conn(|c| {
            c.execute(
                "INSERT INTO routing_rules (tenant_id, name, stream, team_id)
                 SELECT tenant_id, ?1, 'sms', ?2 FROM spaces WHERE id = ?3",
                rusqlite::params![rule, team.id, there.id],
            )
        })
        .unwrap();
    let reply = call(
        &app,
        &admin,
        Method::PATCH,
        &path,
        json!({ "name": "Late shift", "space_id": here.id }),
    )
    .await;
    expect_invalid(&reply, "space_id");
    assert!(reply.problem().title.contains("1 routing rule"));

    let reply = call(&app, &admin, Method::DELETE, &path, json!({})).await;
    expect(&reply, StatusCode::NO_CONTENT);
    assert_eq!(
        count(
            "SELECT count(*) FROM routing_rules WHERE team_id = ?1",
            team.id
        ),
        0
    );
    let reply = call(&app, &admin, Method::DELETE, &path, json!({})).await;
    expect(&reply, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn teams_with_conversations_stay_where_they_are() {
    let app = app();
    let admin = token_of(&app, "admin@acme.test").await;
    let support = space_named(&app, &admin, "Support").await;
    let refunds = team_named(&support, "Refunds");
    assert!(refunds.conversations > 0);
    let sales = space_named(&app, &admin, "Sales").await;

    let reply = call(
        &app,
        &admin,
        Method::PATCH,
        &paths::team(refunds.id),
        json!({ "name": refunds.name, "space_id": sales.id }),
    )
    .await;
    expect_invalid(&reply, "space_id");
    assert!(reply.problem().title.contains("conversations"));

    let reply = call(
        &app,
        &admin,
        Method::DELETE,
        &paths::team(refunds.id),
        json!({}),
    )
    .await;
    expect(&reply, StatusCode::CONFLICT);
    let problem = reply.problem();
    assert_eq!(problem.code, ErrorCode::Conflict);
    assert!(
        problem
            .title
            .contains(&format!("{} conversations", refunds.conversations)),
        "{problem:?}"
    );
    let after = team_named(&space_named(&app, &admin, "Support").await, "Refunds");
    assert_eq!(after, refunds);
}

// ---------------------------------------------------------------------------------------------
// Users.

#[tokio::test]
async fn an_admin_lists_invites_changes_and_deactivates_users() {
    let app = app();
    let admin = token_of(&app, "admin@acme.test").await;

    let all = users(&app, &admin).await;
    let find = |email: &str| all.iter().find(|u| u.email == email).unwrap().clone();
    let viewer = find("viewer@acme.test");
    assert!(!viewer.inbox_permission && viewer.editable);
    let owner = find("owner@acme.test");
    assert!(owner.is_owner && owner.inbox_permission && !owner.editable);
    assert!(!find("admin@acme.test").editable, "not oneself");
    let multi = find("multi@acme.test");
    let space_names: Vec<&str> = multi.spaces.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(space_names, ["Sales", "Support"]);
    assert!(all.iter().all(|u| !u.email.ends_with("fresh.test")));

    let support = space_named(&app, &admin, "Support").await;
    let care = team_named(&support, "Customer Care");
    let agent_role = role_id(&app, &admin, "Inbox Agent").await;
    let email = format!("{}@acme.test", unique("nina").replace(' ', "."));
    let invited = invite(
        &app,
        &admin,
        json!({ "name": " Nina Novak ", "email": email.to_uppercase(), "role_id": agent_role,
                "team_ids": [care.id] }),
    )
    .await;
    let nina = invited.user;
    assert_eq!(
        (nina.name.as_str(), nina.email.as_str()),
        ("Nina Novak", email.as_str())
    );
    assert!(nina.active && nina.inbox_permission && nina.editable);
    assert_eq!(nina.role.as_ref().unwrap().name, "Inbox Agent");
    assert_eq!(nina.spaces.len(), 1, "the team brings its space");
    assert_eq!(nina.teams.len(), 1);
    assert!(invited.temporary_password.len() >= 12);

    // The temporary password signs in.
    let reply = sign_in(&app, &email, &invited.temporary_password).await;
    expect(&reply, StatusCode::OK);
    let signed_in: SignInResponse = reply.json();
    let nina_token = signed_in.token.unwrap();
    assert_eq!(signed_in.me.spaces.len(), 1);
    assert_eq!(signed_in.me.spaces[0].id, support.id);

    // Bad invitations name their field.
    let bad = [
        (
            json!({ "name": "Again", "email": email, "role_id": agent_role }),
            "email",
        ),
        (
            json!({ "name": "Again", "email": "not-an-address", "role_id": agent_role }),
            "email",
        ),
        (
            json!({ "name": "", "email": "x@acme.test", "role_id": agent_role }),
            "name",
        ),
        (
            json!({ "name": "Again", "email": "x@acme.test", "role_id": 999_999 }),
            "role_id",
        ),
        (
            json!({ "name": "Again", "email": "x@acme.test", "role_id": agent_role, "space_ids": [999_999] }),
            "space_ids",
        ),
        (
            json!({ "name": "Again", "email": "x@acme.test", "role_id": agent_role, "team_ids": [999_999] }),
            "team_ids",
        ),
    ];
    for (body, field) in bad {
        let reply = call(&app, &admin, Method::POST, paths::USERS, body).await;
        expect_invalid(&reply, field);
    }
    let reply = call(
        &app,
        &admin,
        Method::POST,
        paths::USERS,
        json!({ "name": "Again", "email": email, "role_id": agent_role }),
    )
    .await;
    assert_eq!(
        reply.problem().title,
        "There is already a user with this e-mail."
    );

    // Role, spaces and teams change; leaving a space leaves its teams.
    let manager_role = role_id(&app, &admin, "Inbox Manager").await;
    let sales = space_named(&app, &admin, "Sales").await;
    let path = paths::user(nina.id);
    let reply = call(
        &app,
        &admin,
        Method::PATCH,
        &path,
        json!({ "role_id": manager_role, "space_ids": [sales.id] }),
    )
    .await;
    expect(&reply, StatusCode::OK);
    let changed: UserSetting = reply.json();
    assert_eq!(changed.role.unwrap().name, "Inbox Manager");
    assert_eq!(
        changed.spaces.iter().map(|s| s.id).collect::<Vec<_>>(),
        [sales.id]
    );
    assert!(changed.teams.is_empty());
    let nina_me = me(&app, &nina_token).await;
    assert!(nina_me.can(Capability::ManageOrganisation));

    // Deactivated: the session stops working and signing in is refused.
    let reply = call(
        &app,
        &admin,
        Method::PATCH,
        &path,
        json!({ "active": false }),
    )
    .await;
    expect(&reply, StatusCode::OK);
    assert!(!reply.json::<UserSetting>().active);
    let reply = call(&app, &nina_token, Method::GET, paths::ME, json!(null)).await;
    expect(&reply, StatusCode::UNAUTHORIZED);
    let reply = sign_in(&app, &email, &invited.temporary_password).await;
    expect(&reply, StatusCode::UNAUTHORIZED);
    assert_eq!(
        count("SELECT count(*) FROM sessions WHERE user_id = ?1", nina.id),
        0
    );
}

#[tokio::test]
async fn nobody_edits_themselves_or_the_owner() {
    let app = app();
    let admin = token_of(&app, "admin@acme.test").await;
    let owner = token_of(&app, "owner@acme.test").await;
    let admin_id = user_id(&app, &admin, "admin@acme.test").await;
    let owner_id = user_id(&app, &admin, "owner@acme.test").await;
    for (token, id) in [(&admin, admin_id), (&admin, owner_id), (&owner, owner_id)] {
        let reply = call(
            &app,
            token,
            Method::PATCH,
            &paths::user(id),
            json!({ "active": false }),
        )
        .await;
        expect(&reply, StatusCode::FORBIDDEN);
    }
    assert_eq!(
        count("SELECT active FROM users WHERE id = ?1", owner_id)
            + count("SELECT active FROM users WHERE id = ?1", admin_id),
        2
    );
}

// ---------------------------------------------------------------------------------------------
// Roles.

#[tokio::test]
async fn an_admin_creates_edits_and_deletes_custom_roles() {
    let app = app();
    let admin = token_of(&app, "admin@acme.test").await;

    let listed = roles(&app, &admin).await;
    let names: Vec<&str> = listed.iter().take(3).map(|r| r.name.as_str()).collect();
    assert_eq!(names, ["Inbox Admin", "Inbox Manager", "Inbox Agent"]);
    let trainee = listed.iter().find(|r| r.name == "Trainee Agent").unwrap();
    assert!(!trainee.builtin && trainee.users >= 1);

    let name = unique("Night agent");
    let reply = call(
        &app,
        &admin,
        Method::POST,
        paths::ROLES,
        json!({ "name": name, "base": "agent", "disabled": ["reply"] }),
    )
    .await;
    expect(&reply, StatusCode::CREATED);
    let role: RoleSetting = reply.json();
    assert_eq!((role.builtin, role.users), (false, 0));

    for (body, field) in [
        (
            json!({ "name": "inbox agent", "base": "agent", "disabled": [] }),
            "name",
        ),
        (
            json!({ "name": "trainee AGENT", "base": "agent", "disabled": [] }),
            "name",
        ),
        (
            json!({ "name": "Boss", "base": "admin", "disabled": [] }),
            "base",
        ),
        (
            json!({ "name": " ", "base": "manager", "disabled": [] }),
            "name",
        ),
    ] {
        let reply = call(&app, &admin, Method::POST, paths::ROLES, body).await;
        expect_invalid(&reply, field);
    }

    // A holder of the role, signed in before the role changes.
    let email = format!("{}@acme.test", unique("otto").replace(' ', "."));
    let invited = invite(
        &app,
        &admin,
        json!({ "name": "Otto Ortiz", "email": email, "role_id": role.id }),
    )
    .await;
    let reply = sign_in(&app, &email, &invited.temporary_password).await;
    expect(&reply, StatusCode::OK);
    let otto = reply.json::<SignInResponse>().token.unwrap();
    let before = me(&app, &otto).await;
    assert!(!before.can(Capability::Reply) && before.can(Capability::Close));

    // The switched-off permissions take effect on the holder's next request.
    let path = paths::role(role.id);
    let reply = call(
        &app,
        &admin,
        Method::PATCH,
        &path,
        json!({ "name": format!("{name} (no close)"), "base": "agent",
                "disabled": ["start_conversations", "close", "close"] }),
    )
    .await;
    expect(&reply, StatusCode::OK);
    let edited: RoleSetting = reply.json();
    assert_eq!(edited.users, 1);
    assert_eq!(edited.disabled.len(), 2);
    let after = me(&app, &otto).await;
    assert!(!after.can(Capability::Close) && !after.can(Capability::StartConversations));
    assert!(after.can(Capability::Reply) && after.can(Capability::Reopen));

    // In use: not deleted, and the answer says by how many.
    let reply = call(&app, &admin, Method::DELETE, &path, json!({})).await;
    expect(&reply, StatusCode::CONFLICT);
    assert!(reply.problem().title.starts_with("1 person has this role"));

    // Built-in roles are not editable.
    let agent_role = role_id(&app, &admin, "Inbox Agent").await;
    let reply = call(
        &app,
        &admin,
        Method::PATCH,
        &paths::role(agent_role),
        json!({ "name": "Agent", "base": "agent", "disabled": [] }),
    )
    .await;
    expect(&reply, StatusCode::FORBIDDEN);
    let reply = call(
        &app,
        &admin,
        Method::DELETE,
        &paths::role(agent_role),
        json!({}),
    )
    .await;
    expect(&reply, StatusCode::FORBIDDEN);

    // Once nobody holds it, it goes.
    let reply = call(
        &app,
        &admin,
        Method::PATCH,
        &paths::user(invited.user.id),
        json!({ "role_id": agent_role }),
    )
    .await;
    expect(&reply, StatusCode::OK);
    let reply = call(&app, &admin, Method::DELETE, &path, json!({})).await;
    expect(&reply, StatusCode::NO_CONTENT);
    assert!(roles(&app, &admin).await.iter().all(|r| r.id != role.id));
}

// ---------------------------------------------------------------------------------------------
// Managers, agents, viewers and other tenants.

#[tokio::test]
async fn a_manager_manages_only_their_spaces() {
    let app = app();
    let admin = token_of(&app, "admin@acme.test").await;
    let manager = token_of(&app, "manager@acme.test").await;
    let support = space_named(&app, &admin, "Support").await;
    let care = team_named(&support, "Customer Care");
    let sofia = user_id(&app, &admin, "sofia@acme.test").await;
    let arjun = user_id(&app, &admin, "agent@acme.test").await;

    let mine = spaces(&app, &manager).await;
    assert_eq!(
        mine.iter().map(|s| s.name.as_str()).collect::<Vec<_>>(),
        ["Sales"]
    );
    let sales = &mine[0];

    // People of Sales only, and only their Sales side.
    let people = users(&app, &manager).await;
    assert!(people.iter().any(|u| u.id == sofia));
    assert!(people.iter().all(|u| u.id != arjun && !u.is_owner));
    for u in &people {
        assert!(
            u.spaces.iter().all(|s| s.id == sales.id),
            "{}: {:?}",
            u.email,
            u.spaces
        );
    }
    let multi = people
        .iter()
        .find(|u| u.email == "multi@acme.test")
        .unwrap();
    assert!(multi.teams.iter().all(|t| t.name != "Refunds"));

    // Roles: only those a Manager may grant.
    let grantable = roles(&app, &manager).await;
    assert!(grantable.iter().all(|r| r.name != "Inbox Admin"));
    assert!(grantable.iter().any(|r| r.name == "Inbox Agent"));

    // Spaces: renaming their own, neither creating nor deleting.
    let reply = call(
        &app,
        &manager,
        Method::PATCH,
        &paths::settings_space(sales.id),
        json!({ "name": "Sales" }),
    )
    .await;
    expect(&reply, StatusCode::OK);
    for (method, uri) in [
        (Method::POST, paths::SETTINGS_SPACES.to_owned()),
        (Method::DELETE, paths::settings_space(sales.id)),
    ] {
        let reply = call(&app, &manager, method, &uri, json!({ "name": "Mine" })).await;
        expect(&reply, StatusCode::FORBIDDEN);
    }
    let reply = call(
        &app,
        &manager,
        Method::PATCH,
        &paths::settings_space(support.id),
        json!({ "name": "Mine" }),
    )
    .await;
    expect(&reply, StatusCode::NOT_FOUND);

    // Teams: in Sales, with people of Sales.
    let team = create_team(
        &app,
        &manager,
        sales.id,
        &unique("Upsell"),
        json!([{ "user_id": sofia }]),
    )
    .await;
    let reply = call(
        &app,
        &manager,
        Method::POST,
        paths::TEAMS,
        json!({ "name": unique("Upsell"), "space_id": support.id }),
    )
    .await;
    expect_invalid(&reply, "space_id");
    let reply = call(
        &app,
        &manager,
        Method::POST,
        paths::TEAMS,
        json!({ "name": unique("Upsell"), "space_id": sales.id, "members": [{ "user_id": arjun }] }),
    )
    .await;
    expect_invalid(&reply, "members");
    let reply = call(
        &app,
        &manager,
        Method::PATCH,
        &paths::team(team.id),
        json!({ "name": team.name, "space_id": support.id }),
    )
    .await;
    expect_invalid(&reply, "space_id");
    for method in [Method::PATCH, Method::DELETE] {
        let reply = call(
            &app,
            &manager,
            method,
            &paths::team(care.id),
            json!({ "name": "Taken over", "space_id": sales.id }),
        )
        .await;
        expect(&reply, StatusCode::NOT_FOUND);
    }
    let reply = call(
        &app,
        &manager,
        Method::DELETE,
        &paths::team(team.id),
        json!({}),
    )
    .await;
    expect(&reply, StatusCode::NO_CONTENT);

    // Users: invites into Sales, never the Admin role.
    let agent_role = role_id(&app, &admin, "Inbox Agent").await;
    let admin_role = role_id(&app, &admin, "Inbox Admin").await;
    let email = |label: &str| format!("{}@acme.test", unique(label).replace(' ', "."));
    let reply = call(
        &app,
        &manager,
        Method::POST,
        paths::USERS,
        json!({ "name": "Would-be Admin", "email": email("boss"), "role_id": admin_role,
                "space_ids": [sales.id] }),
    )
    .await;
    expect(&reply, StatusCode::FORBIDDEN);
    assert_eq!(
        reply.problem().title,
        "Only Inbox Admins can grant the Admin role"
    );
    let reply = call(
        &app,
        &manager,
        Method::POST,
        paths::USERS,
        json!({ "name": "Nowhere", "email": email("nowhere"), "role_id": agent_role }),
    )
    .await;
    expect_invalid(&reply, "space_ids");
    let invited = invite(
        &app,
        &manager,
        json!({ "name": "Paula Pinto", "email": email("paula"), "role_id": agent_role,
                "space_ids": [sales.id] }),
    )
    .await;
    let paula = paths::user(invited.user.id);
    let reply = call(
        &app,
        &manager,
        Method::PATCH,
        &paula,
        json!({ "role_id": admin_role }),
    )
    .await;
    expect(&reply, StatusCode::FORBIDDEN);
    let reply = call(
        &app,
        &manager,
        Method::PATCH,
        &paula,
        json!({ "space_ids": [support.id] }),
    )
    .await;
    expect_invalid(&reply, "space_ids");
    let reply = call(
        &app,
        &manager,
        Method::PATCH,
        &paula,
        json!({ "active": false }),
    )
    .await;
    expect(&reply, StatusCode::OK);

    // An Admin working in Sales is listed, but not the Manager's to change.
    let sales_admin = invite(
        &app,
        &admin,
        json!({ "name": "Ada Admin", "email": email("ada"), "role_id": admin_role,
                "space_ids": [sales.id] }),
    )
    .await
    .user;
    let listed = users(&app, &manager).await;
    let ada = listed.iter().find(|u| u.id == sales_admin.id).unwrap();
    assert!(!ada.editable);
    let reply = call(
        &app,
        &manager,
        Method::PATCH,
        &paths::user(ada.id),
        json!({ "active": false }),
    )
    .await;
    expect(&reply, StatusCode::FORBIDDEN);
    // People outside Sales do not exist for the Manager.
    let reply = call(
        &app,
        &manager,
        Method::PATCH,
        &paths::user(arjun),
        json!({ "active": false }),
    )
    .await;
    expect(&reply, StatusCode::NOT_FOUND);

    // Roles are the Admins'.
    let trainee = role_id(&app, &admin, "Trainee Agent").await;
    let role = json!({ "name": "Manager's own", "base": "agent", "disabled": [] });
    for (method, uri) in [
        (Method::POST, paths::ROLES.to_owned()),
        (Method::PATCH, paths::role(trainee)),
        (Method::DELETE, paths::role(trainee)),
    ] {
        let reply = call(&app, &manager, method, &uri, role.clone()).await;
        expect(&reply, StatusCode::FORBIDDEN);
    }
}

#[tokio::test]
async fn agents_viewers_and_other_tenants_are_refused() {
    let app = app();
    let admin = token_of(&app, "admin@acme.test").await;
    let sales = space_named(&app, &admin, "Sales").await;
    let leads = team_named(&sales, "Leads");
    let sofia = user_id(&app, &admin, "sofia@acme.test").await;
    let trainee = role_id(&app, &admin, "Trainee Agent").await;
    let requests = [
        (Method::GET, paths::SETTINGS_SPACES.to_owned(), json!(null)),
        (
            Method::POST,
            paths::SETTINGS_SPACES.to_owned(),
            json!({ "name": "Mine" }),
        ),
        (
            Method::PATCH,
            paths::settings_space(sales.id),
            json!({ "name": "Mine" }),
        ),
        (Method::DELETE, paths::settings_space(sales.id), json!({})),
        (
            Method::POST,
            paths::TEAMS.to_owned(),
            json!({ "name": "Mine", "space_id": sales.id }),
        ),
        (
            Method::PATCH,
            paths::team(leads.id),
            json!({ "name": "Mine", "space_id": sales.id }),
        ),
        (Method::DELETE, paths::team(leads.id), json!({})),
        (Method::GET, paths::USERS.to_owned(), json!(null)),
        (
            Method::POST,
            paths::USERS.to_owned(),
            json!({ "name": "Mine", "email": "mine@acme.test", "role_id": trainee }),
        ),
        (
            Method::PATCH,
            paths::user(sofia),
            json!({ "active": false }),
        ),
        (Method::GET, paths::ROLES.to_owned(), json!(null)),
        (
            Method::POST,
            paths::ROLES.to_owned(),
            json!({ "name": "Mine", "base": "agent", "disabled": [] }),
        ),
        (
            Method::PATCH,
            paths::role(trainee),
            json!({ "name": "Mine", "base": "agent", "disabled": [] }),
        ),
        (Method::DELETE, paths::role(trainee), json!({})),
    ];
    for email in ["agent@acme.test", "viewer@acme.test"] {
        let token = token_of(&app, email).await;
        for (method, uri, body) in &requests {
            let reply = call(&app, &token, method.clone(), uri, body.clone()).await;
            expect(&reply, StatusCode::FORBIDDEN);
            assert_ne!(
                reply.problem().code,
                ErrorCode::Validation,
                "{email} {method} {uri}"
            );
        }
    }

    // Another tenant's Admin finds none of Acme's ids (reading lists shows only their own).
    let fresh = token_of(&app, "admin@fresh.test").await;
    assert!(spaces(&app, &fresh).await.iter().all(|s| s.id != sales.id));
    assert!(users(&app, &fresh).await.iter().all(|u| u.id != sofia));
    assert!(roles(&app, &fresh).await.iter().all(|r| r.id != trainee));
    for (method, uri, body) in requests
        .iter()
        .filter(|(m, uri, _)| *m != Method::GET && *m != Method::POST || uri.contains("/teams"))
    {
        let reply = call(&app, &fresh, method.clone(), uri, body.clone()).await;
        let expected = if uri == paths::TEAMS {
            // A space that is not theirs is a wrong choice in the form.
            StatusCode::UNPROCESSABLE_ENTITY
        } else {
            StatusCode::NOT_FOUND
        };
        assert_eq!(reply.status, expected, "{method} {uri}: {}", reply.text());
    }
    // None of it changed.
    let after = space_named(&app, &admin, "Sales").await;
    assert_eq!(team_named(&after, "Leads"), leads);
}
