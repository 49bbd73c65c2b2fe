//! Settings → Spaces and teams, Users and roles over HTTP: what owner and Admins may do, what a
//! Manager may do in their own spaces only, and refusals for everyone else.
//!
//! The seeded database is shared by the tests of this binary: each test works on spaces, teams,
//! users and roles it creates under unique names, and never changes the seeded demo users.

mod common;

use axum::http::{Method, StatusCode};
use axum::Router;
use common::*;
use serde_json::{json, Value};
use textpeak_api::{
    paths, Capability, ErrorCode, RoleSetting, SignInResponse, SpaceSetting, TeamSetting,
    UserInvited, UserSetting,
};

async fn space_named(client: &Client, name: &str) -> SpaceSetting {
    client.find(|s: &SpaceSetting| s.name == name).await
}

async fn user_id(admin: &Client, email: &str) -> i64 {
    admin.find(|u: &UserSetting| u.email == email).await.id
}

fn team_named(space: &SpaceSetting, name: &str) -> TeamSetting {
    let what = format!("team {name} in {}", space.name);
    find(space.teams.iter().cloned(), &what, |t| t.name == name)
}

async fn role_id(admin: &Client, name: &str) -> i64 {
    admin.find(|r: &RoleSetting| r.name == name).await.id
}

async fn create_space(client: &Client, name: &str) -> SpaceSetting {
    let reply = client
        .post(paths::SETTINGS_SPACES, json!({ "name": name }))
        .await;
    reply.decode(StatusCode::CREATED)
}

async fn create_team(client: &Client, space_id: i64, name: &str, members: Value) -> TeamSetting {
    let body = json!({ "name": name, "space_id": space_id, "members": members });
    client
        .post(paths::TEAMS, body)
        .await
        .decode(StatusCode::CREATED)
}

/// Invites a user and returns them with their temporary password.
async fn invite(client: &Client, body: Value) -> UserInvited {
    client
        .post(paths::USERS, body)
        .await
        .decode(StatusCode::CREATED)
}

/// Signs in with a password of its own (a temporary one) for a bearer token.
async fn sign_in(app: &Router, email: &str, password: &str) -> Reply {
    let body = json!({ "email": email, "password": password, "bearer": true });
    Client::anonymous(app).post(paths::SESSION, body).await
}

const RULES_OF_TEAM: &str = "SELECT count(*) FROM routing_rules WHERE team_id = ?1";

fn count(sql: &str, id: i64) -> i64 {
    db_scalar(&seeded_state().db, sql, [id])
}

// ---------------------------------------------------------------------------------------------
// Spaces.

#[tokio::test]
async fn an_admin_creates_renames_and_deletes_spaces() {
    let admin = Client::bearer(&app(), "admin@acme.test").await;

    // The seeded spaces, by name, with their teams and what deleting them would take.
    let all = admin.list::<SpaceSetting>().await;
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
    let space = create_space(&admin, &format!("  {name} ")).await;
    assert_eq!(space.name, name);
    assert!(space.teams.is_empty() && space.conversations == 0);

    // Names are unique per tenant, ignoring case.
    for body in [
        json!({ "name": name.to_uppercase() }),
        json!({ "name": "sales" }),
        json!({ "name": "  " }),
        json!({ "name": "x".repeat(61) }),
    ] {
        let reply = admin.post(paths::SETTINGS_SPACES, body).await;
        reply.expect_invalid("name");
    }

    let path = paths::settings_space(space.id);
    let reply = admin.patch(&path, json!({ "name": "Support" })).await;
    reply.expect_invalid("name");
    let renamed = format!("{name} (EU)");
    let reply = admin.patch(&path, json!({ "name": renamed })).await;
    reply.expect(StatusCode::OK);
    assert_eq!(reply.json::<SpaceSetting>().name, renamed);

    admin
        .expect_deleted_from(&path, |s: &SpaceSetting| s.id == space.id)
        .await;
}

#[tokio::test]
async fn deleting_a_space_takes_everything_in_it() {
    let owner = Client::bearer(&app(), "owner@acme.test").await;
    let space = create_space(&owner, &unique("Short-lived")).await;
    let team = create_team(&owner, space.id, "Desk", json!([])).await;
    // A profile, a conversation with a message, and a routing rule, as the other settings
    // pages and inbound messages would create them.
    let conversation: i64 = seeded_state()
        .db
        .with_conn(|c| -> rusqlite::Result<i64> {
            let tenant: i64 = scalar(c, "SELECT tenant_id FROM spaces WHERE id = ?1", [space.id]);
            let profile = insert(
                c,
                "INSERT INTO sender_profiles (tenant_id, space_id, name, stream)
                 VALUES (?1, ?2, ?3, 'sms')",
                rusqlite::params![tenant, space.id, unique("Short-lived SMS")],
            )?;
            let contact = insert(
                c,
                "INSERT INTO contacts (tenant_id, phone) VALUES (?1, '+15005550999')",
                [tenant],
            )?;
            let conversation = insert(
                c,
                "INSERT INTO conversations (tenant_id, space_id, team_id, contact_id,
                    sender_profile_id, stream, last_activity_at, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, 'sms', '2025-01-01T00:00:00.000Z',
                    '2025-01-01T00:00:00.000Z')",
                rusqlite::params![tenant, space.id, team.id, contact, profile],
            )?;
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
    let listed = space_named(&owner, &space.name).await;
    assert_eq!((listed.conversations, listed.sender_profiles), (1, 1));
    assert_eq!(team_named(&listed, "Desk").routing_rules, 1);

    let reply = owner.delete(&paths::settings_space(space.id)).await;
    reply.expect(StatusCode::NO_CONTENT);
    for (sql, id) in [
        ("SELECT count(*) FROM teams WHERE space_id = ?1", space.id),
        (
            "SELECT count(*) FROM sender_profiles WHERE space_id = ?1",
            space.id,
        ),
        (
            "SELECT count(*) FROM conversations WHERE space_id = ?1",
            space.id,
        ),
        (
            "SELECT count(*) FROM messages WHERE conversation_id = ?1",
            conversation,
        ),
        (RULES_OF_TEAM, team.id),
    ] {
        assert_eq!(count(sql, id), 0, "{sql}");
    }
}

#[tokio::test]
async fn the_last_space_of_a_tenant_is_kept() {
    let app = app();
    // Fresh Start has no space yet: its first one is also its last.
    let admin = Client::bearer(&app, "admin@fresh.test").await;
    let space = create_space(&admin, "Everything").await;
    let reply = admin.delete(&paths::settings_space(space.id)).await;
    reply.expect_problem(StatusCode::CONFLICT, ErrorCode::Conflict);
    assert!(admin
        .list::<SpaceSetting>()
        .await
        .iter()
        .any(|s| s.id == space.id));
}

// ---------------------------------------------------------------------------------------------
// Teams.

#[tokio::test]
async fn an_admin_creates_moves_and_deletes_teams() {
    let app = app();
    let admin = Client::bearer(&app, "admin@acme.test").await;
    let sofia = user_id(&admin, "sofia@acme.test").await;
    let jonas = user_id(&admin, "jonas@acme.test").await;
    let here = create_space(&admin, &unique("Porto")).await;
    let there = create_space(&admin, &unique("Faro")).await;

    let team = create_team(
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
    let listed = space_named(&admin, &here.name).await;
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
        let reply = admin.post(paths::TEAMS, body).await;
        reply.expect_invalid(field);
    }
    // Another tenant's user is no member either.
    let fresh = Client::bearer(&app, "admin@fresh.test").await;
    let felix = user_id(&fresh, "admin@fresh.test").await;
    let body =
        json!({ "name": "Day shift", "space_id": here.id, "members": [{ "user_id": felix }] });
    let reply = admin.post(paths::TEAMS, body).await;
    reply.expect_invalid("members");

    // An empty team moves, renamed, with new members, who join the new space.
    let path = paths::team(team.id);
    let reply = admin.patch(&path, json!({ "name": "Late shift", "space_id": there.id, "members": [{ "user_id": jonas }] }))
    .await;
    let moved: TeamSetting = reply.decode(StatusCode::OK);
    assert_eq!(
        (moved.name.as_str(), moved.space_id),
        ("Late shift", there.id)
    );
    assert_eq!(moved.members.len(), 1);
    let there_now = space_named(&admin, &there.name).await;
    assert_eq!(team_named(&there_now, "Late shift").id, team.id);
    assert!(there_now.members.iter().any(|m| m.id == jonas));
    assert!(space_named(&admin, &here.name).await.teams.is_empty());

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
    let reply = admin
        .patch(&path, json!({ "name": "Late shift", "space_id": here.id }))
        .await;
    reply.expect_invalid("space_id");
    assert!(reply.problem().title.contains("1 routing rule"));

    admin.expect_deleted(&path).await;
    assert_eq!(count(RULES_OF_TEAM, team.id), 0);
}

#[tokio::test]
async fn teams_with_conversations_stay_where_they_are() {
    let admin = Client::bearer(&app(), "admin@acme.test").await;
    let support = space_named(&admin, "Support").await;
    let refunds = team_named(&support, "Refunds");
    assert!(refunds.conversations > 0);
    let sales = space_named(&admin, "Sales").await;

    let body = json!({ "name": refunds.name, "space_id": sales.id });
    let reply = admin.patch(&paths::team(refunds.id), body).await;
    reply.expect_invalid("space_id");
    assert!(reply.problem().title.contains("conversations"));

    let reply = admin.delete(&paths::team(refunds.id)).await;
    reply.expect_conflict(&format!("{} conversations", refunds.conversations));
    let after = team_named(&space_named(&admin, "Support").await, "Refunds");
    assert_eq!(after, refunds);
}

// ---------------------------------------------------------------------------------------------
// Users.

#[tokio::test]
async fn an_admin_lists_invites_changes_and_deactivates_users() {
    let app = app();
    let admin = Client::bearer(&app, "admin@acme.test").await;

    let all = admin.list::<UserSetting>().await;
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

    let support = space_named(&admin, "Support").await;
    let care = team_named(&support, "Customer Care");
    let agent_role = role_id(&admin, "Inbox Agent").await;
    let email = unique_email("nina");
    let invited = invite(
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
    let signed_in: SignInResponse = reply.decode(StatusCode::OK);
    let nina_session = Client::with_bearer(&app, &signed_in.token.unwrap());
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
        let reply = admin.post(paths::USERS, body).await;
        reply.expect_invalid(field);
    }
    let body = json!({ "name": "Again", "email": email, "role_id": agent_role });
    let reply = admin.post(paths::USERS, body).await;
    assert_eq!(
        reply.problem().title,
        "There is already a user with this e-mail."
    );

    // Role, spaces and teams change; leaving a space leaves its teams.
    let manager_role = role_id(&admin, "Inbox Manager").await;
    let sales = space_named(&admin, "Sales").await;
    let path = paths::user(nina.id);
    let body = json!({ "role_id": manager_role, "space_ids": [sales.id] });
    let reply = admin.patch(&path, body).await;
    let changed: UserSetting = reply.decode(StatusCode::OK);
    assert_eq!(changed.role.unwrap().name, "Inbox Manager");
    assert_eq!(
        changed.spaces.iter().map(|s| s.id).collect::<Vec<_>>(),
        [sales.id]
    );
    assert!(changed.teams.is_empty());
    let nina_me = nina_session.me().await;
    assert!(nina_me.can(Capability::ManageOrganisation));

    // Deactivated: the session stops working and signing in is refused.
    let reply = admin.patch(&path, json!({ "active": false })).await;
    reply.expect(StatusCode::OK);
    assert!(!reply.json::<UserSetting>().active);
    let reply = nina_session.get(paths::ME).await;
    reply.expect(StatusCode::UNAUTHORIZED);
    let reply = sign_in(&app, &email, &invited.temporary_password).await;
    reply.expect(StatusCode::UNAUTHORIZED);
    assert_eq!(
        count("SELECT count(*) FROM sessions WHERE user_id = ?1", nina.id),
        0
    );
}

#[tokio::test]
async fn nobody_edits_themselves_or_the_owner() {
    let app = app();
    let [admin, owner] = Client::bearers(&app, ["admin@acme.test", "owner@acme.test"]).await;
    let admin_id = user_id(&admin, "admin@acme.test").await;
    let owner_id = user_id(&admin, "owner@acme.test").await;
    for (token, id) in [(&admin, admin_id), (&admin, owner_id), (&owner, owner_id)] {
        let reply = token
            .patch(&paths::user(id), json!({ "active": false }))
            .await;
        reply.expect(StatusCode::FORBIDDEN);
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
    let admin = Client::bearer(&app, "admin@acme.test").await;

    let listed = admin.list::<RoleSetting>().await;
    let names: Vec<&str> = listed.iter().take(3).map(|r| r.name.as_str()).collect();
    assert_eq!(names, ["Inbox Admin", "Inbox Manager", "Inbox Agent"]);
    let trainee = listed.iter().find(|r| r.name == "Trainee Agent").unwrap();
    assert!(!trainee.builtin && trainee.users >= 1);

    let name = unique("Night agent");
    let body = json!({ "name": name, "base": "agent", "disabled": ["reply"] });
    let reply = admin.post(paths::ROLES, body).await;
    let role: RoleSetting = reply.decode(StatusCode::CREATED);
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
        let reply = admin.post(paths::ROLES, body).await;
        reply.expect_invalid(field);
    }

    // A holder of the role, signed in before the role changes.
    let email = unique_email("otto");
    let invited = invite(
        &admin,
        json!({ "name": "Otto Ortiz", "email": email, "role_id": role.id }),
    )
    .await;
    let reply = sign_in(&app, &email, &invited.temporary_password).await;
    reply.expect(StatusCode::OK);
    let otto = Client::with_bearer(&app, &reply.json::<SignInResponse>().token.unwrap());
    let before = otto.me().await;
    assert!(!before.can(Capability::Reply) && before.can(Capability::Close));

    // The switched-off permissions take effect on the holder's next request.
    let path = paths::role(role.id);
    let body = json!({ "name": format!("{name} (no close)"), "base": "agent",
                "disabled": ["start_conversations", "close", "close"] });
    let reply = admin.patch(&path, body).await;
    let edited: RoleSetting = reply.decode(StatusCode::OK);
    assert_eq!(edited.users, 1);
    assert_eq!(edited.disabled.len(), 2);
    let after = otto.me().await;
    assert!(!after.can(Capability::Close) && !after.can(Capability::StartConversations));
    assert!(after.can(Capability::Reply) && after.can(Capability::Reopen));

    // In use: not deleted, and the answer says by how many.
    let reply = admin.delete(&path).await;
    reply.expect(StatusCode::CONFLICT);
    assert!(reply.problem().title.starts_with("1 person has this role"));

    // Built-in roles are not editable.
    let agent_role = role_id(&admin, "Inbox Agent").await;
    let body = json!({ "name": "Agent", "base": "agent", "disabled": [] });
    let reply = admin.patch(&paths::role(agent_role), body).await;
    reply.expect(StatusCode::FORBIDDEN);
    let reply = admin.delete(&paths::role(agent_role)).await;
    reply.expect(StatusCode::FORBIDDEN);

    // Once nobody holds it, it goes.
    let body = json!({ "role_id": agent_role });
    let reply = admin.patch(&paths::user(invited.user.id), body).await;
    reply.expect(StatusCode::OK);
    let reply = admin.delete(&path).await;
    reply.expect(StatusCode::NO_CONTENT);
    admin
        .assert_unlisted(|r: &RoleSetting| r.id == role.id)
        .await;
}

// ---------------------------------------------------------------------------------------------
// Managers, agents, viewers and other tenants.

#[tokio::test]
async fn a_manager_manages_only_their_spaces() {
    let app = app();
    let [admin, manager] = Client::bearers(&app, ["admin@acme.test", "manager@acme.test"]).await;
    let support = space_named(&admin, "Support").await;
    let care = team_named(&support, "Customer Care");
    let sofia = user_id(&admin, "sofia@acme.test").await;
    let arjun = user_id(&admin, "agent@acme.test").await;

    let mine = manager.list::<SpaceSetting>().await;
    assert_eq!(
        mine.iter().map(|s| s.name.as_str()).collect::<Vec<_>>(),
        ["Sales"]
    );
    let sales = &mine[0];

    // People of Sales only, and only their Sales side.
    let people = manager.list::<UserSetting>().await;
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
    let grantable = manager.list::<RoleSetting>().await;
    assert!(grantable.iter().all(|r| r.name != "Inbox Admin"));
    assert!(grantable.iter().any(|r| r.name == "Inbox Agent"));

    // Spaces: renaming their own, neither creating nor deleting.
    let reply = manager
        .patch(&paths::settings_space(sales.id), json!({ "name": "Sales" }))
        .await;
    reply.expect(StatusCode::OK);
    for (method, uri) in [
        (Method::POST, paths::SETTINGS_SPACES.to_owned()),
        (Method::DELETE, paths::settings_space(sales.id)),
    ] {
        let reply = manager.call(method, &uri, json!({ "name": "Mine" })).await;
        reply.expect(StatusCode::FORBIDDEN);
    }
    let body = json!({ "name": "Mine" });
    let reply = manager
        .patch(&paths::settings_space(support.id), body)
        .await;
    reply.expect(StatusCode::NOT_FOUND);

    // Teams: in Sales, with people of Sales.
    let team = create_team(
        &manager,
        sales.id,
        &unique("Upsell"),
        json!([{ "user_id": sofia }]),
    )
    .await;
    let body = json!({ "name": unique("Upsell"), "space_id": support.id });
    let reply = manager.post(paths::TEAMS, body).await;
    reply.expect_invalid("space_id");
    let reply = manager.post(paths::TEAMS, json!({ "name": unique("Upsell"), "space_id": sales.id, "members": [{ "user_id": arjun }] }))
    .await;
    reply.expect_invalid("members");
    let body = json!({ "name": team.name, "space_id": support.id });
    let reply = manager.patch(&paths::team(team.id), body).await;
    reply.expect_invalid("space_id");
    for method in [Method::PATCH, Method::DELETE] {
        let reply = manager
            .call(
                method,
                &paths::team(care.id),
                json!({ "name": "Taken over", "space_id": sales.id }),
            )
            .await;
        reply.expect(StatusCode::NOT_FOUND);
    }
    let reply = manager.delete(&paths::team(team.id)).await;
    reply.expect(StatusCode::NO_CONTENT);

    // Users: invites into Sales, never the Admin role.
    let agent_role = role_id(&admin, "Inbox Agent").await;
    let admin_role = role_id(&admin, "Inbox Admin").await;
    let email = unique_email;
    let body = json!({ "name": "Would-be Admin", "email": email("boss"), "role_id": admin_role,
                "space_ids": [sales.id] });
    let reply = manager.post(paths::USERS, body).await;
    reply.expect(StatusCode::FORBIDDEN);
    assert_eq!(
        reply.problem().title,
        "Only Inbox Admins can grant the Admin role"
    );
    let body = json!({ "name": "Nowhere", "email": email("nowhere"), "role_id": agent_role });
    let reply = manager.post(paths::USERS, body).await;
    reply.expect_invalid("space_ids");
    let invited = invite(
        &manager,
        json!({ "name": "Paula Pinto", "email": email("paula"), "role_id": agent_role,
                "space_ids": [sales.id] }),
    )
    .await;
    let paula = paths::user(invited.user.id);
    let reply = manager
        .patch(&paula, json!({ "role_id": admin_role }))
        .await;
    reply.expect(StatusCode::FORBIDDEN);
    let reply = manager
        .patch(&paula, json!({ "space_ids": [support.id] }))
        .await;
    reply.expect_invalid("space_ids");
    let reply = manager.patch(&paula, json!({ "active": false })).await;
    reply.expect(StatusCode::OK);

    // An Admin working in Sales is listed, but not the Manager's to change.
    let sales_admin = invite(
        &admin,
        json!({ "name": "Ada Admin", "email": email("ada"), "role_id": admin_role,
                "space_ids": [sales.id] }),
    )
    .await
    .user;
    let listed = manager.list::<UserSetting>().await;
    let ada = listed.iter().find(|u| u.id == sales_admin.id).unwrap();
    assert!(!ada.editable);
    let reply = manager
        .patch(&paths::user(ada.id), json!({ "active": false }))
        .await;
    reply.expect(StatusCode::FORBIDDEN);
    // People outside Sales do not exist for the Manager.
    let reply = manager
        .patch(&paths::user(arjun), json!({ "active": false }))
        .await;
    reply.expect(StatusCode::NOT_FOUND);

    // Roles are the Admins'.
    let trainee = role_id(&admin, "Trainee Agent").await;
    let role = json!({ "name": "Manager's own", "base": "agent", "disabled": [] });
    for (method, uri) in [
        (Method::POST, paths::ROLES.to_owned()),
        (Method::PATCH, paths::role(trainee)),
        (Method::DELETE, paths::role(trainee)),
    ] {
        let reply = manager.call(method, &uri, role.clone()).await;
        reply.expect(StatusCode::FORBIDDEN);
    }
}

#[tokio::test]
async fn agents_viewers_and_other_tenants_are_refused() {
    let app = app();
    let admin = Client::bearer(&app, "admin@acme.test").await;
    let sales = space_named(&admin, "Sales").await;
    let leads = team_named(&sales, "Leads");
    let sofia = user_id(&admin, "sofia@acme.test").await;
    let trainee = role_id(&admin, "Trainee Agent").await;
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
        let token = Client::bearer(&app, email).await;
        for (method, uri, body) in &requests {
            let reply = token.call(method.clone(), uri, body.clone()).await;
            reply.expect(StatusCode::FORBIDDEN);
            assert_ne!(
                reply.problem().code,
                ErrorCode::Validation,
                "{email} {method} {uri}"
            );
        }
    }

    // Another tenant's Admin finds none of Acme's ids (reading lists shows only their own).
    let fresh = Client::bearer(&app, "admin@fresh.test").await;
    fresh
        .assert_unlisted(|s: &SpaceSetting| s.id == sales.id)
        .await;
    fresh.assert_unlisted(|u: &UserSetting| u.id == sofia).await;
    fresh
        .assert_unlisted(|r: &RoleSetting| r.id == trainee)
        .await;
    for (method, uri, body) in requests
        .iter()
        .filter(|(m, uri, _)| *m != Method::GET && *m != Method::POST || uri.contains("/teams"))
    {
        let reply = fresh.call(method.clone(), uri, body.clone()).await;
        let expected = if uri == paths::TEAMS {
            // A space that is not theirs is a wrong choice in the form.
            StatusCode::UNPROCESSABLE_ENTITY
        } else {
            StatusCode::NOT_FOUND
        };
        assert_eq!(reply.status, expected, "{method} {uri}: {}", reply.text());
    }
    // None of it changed.
    let after = space_named(&admin, "Sales").await;
    assert_eq!(team_named(&after, "Leads"), leads);
}
