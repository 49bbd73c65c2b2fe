//! The conversation actions one at a time (`POST …/actions`) and their menus (`GET …/options`):
//! every action for the owner, an Admin, a Manager and an Agent with its thread event; custom
//! roles without a flag; assignees only from the conversation's team; moves only within its
//! space; 404 for what the caller may not see; 422 naming the field for values that do not fit.

mod common;

use axum::http::StatusCode;
use common::*;
use serde_json::json;
use textpeak_api::{
    paths, ConversationAction as A, ConversationDetail, ConversationStatus, ErrorCode, Message,
};
use textpeak_server::{clock, Db};

fn in_hours(hours: i64) -> String {
    clock::format(clock::now() + time::Duration::hours(hours))
}

fn event_count(db: &Db, id: i64) -> i64 {
    db_scalar(
        db,
        "SELECT count(*) FROM messages WHERE conversation_id = ?1 AND kind = 'event'",
        [id],
    )
}

/// Who acts, in which team of which profile, and a teammate they may assign.
struct Case {
    email: &'static str,
    profile: &'static str,
    space: &'static str,
    team: &'static str,
    /// Whom they assign first: themselves when they are in the team (an assignee must be a
    /// member of the conversation's team, so the owner and Admins assign a member).
    first: &'static str,
    teammate: &'static str,
    other_team: &'static str,
}

const CASES: [Case; 4] = [
    Case {
        email: "owner@acme.test",
        first: "claire@acme.test",
        profile: "Acme Support SMS",
        space: "Support",
        team: "Customer Care",
        teammate: "agent@acme.test",
        other_team: "VIP",
    },
    Case {
        email: "admin@acme.test",
        first: "multi@acme.test",
        profile: "Acme Support WhatsApp",
        space: "Support",
        team: "Refunds",
        teammate: "joao@acme.test",
        other_team: "Customer Care",
    },
    Case {
        email: "manager@acme.test",
        first: "manager@acme.test",
        profile: "Acme Sales SMS",
        space: "Sales",
        team: "Leads",
        teammate: "sofia@acme.test",
        other_team: "Bookings",
    },
    Case {
        email: "agent@acme.test",
        first: "agent@acme.test",
        profile: "Acme Support SMS",
        space: "Support",
        team: "Customer Care",
        teammate: "claire@acme.test",
        other_team: "Refunds",
    },
];

#[tokio::test]
async fn every_role_runs_every_action_and_each_leaves_its_event() {
    let (app, db) = own_app(40);
    let admin = Client::bearer(&app, "admin@acme.test").await;
    let tag = tag_id(&db, "refund");
    for case in &CASES {
        let (client, me) = Client::sign_in(&app, case.email).await;
        let id = craft(&db, &Crafted::new(case.profile, case.team));
        let teammate = user_id(&db, case.teammate);
        let other_team = team_id(&db, case.space, case.other_team);
        let until = in_hours(5);
        let who = case.email;

        let first = user_id(&db, case.first);
        if first != me.user.id {
            client
                .act(
                    id,
                    &A::Assign {
                        user_id: Some(me.user.id),
                    },
                )
                .await
                .expect_invalid_saying("user_id", &["not a member of the team"]);
        }
        let d = client
            .acted(
                id,
                &A::Assign {
                    user_id: Some(first),
                },
            )
            .await;
        assert_eq!(d.summary.assignee.map(|a| a.id), Some(first), "{who}");
        let d = client
            .acted(
                id,
                &A::Assign {
                    user_id: Some(teammate),
                },
            )
            .await;
        assert_eq!(d.summary.assignee.map(|a| a.id), Some(teammate), "{who}");
        let d = client.acted(id, &A::Assign { user_id: None }).await;
        assert_eq!(d.summary.assignee, None, "{who}");
        let d = client.acted(id, &A::AddTag { tag_id: tag }).await;
        assert_eq!(
            d.summary.tags.iter().map(|t| t.id).collect::<Vec<_>>(),
            [tag]
        );
        let d = client.acted(id, &A::RemoveTag { tag_id: tag }).await;
        assert!(d.summary.tags.is_empty(), "{who}");
        let d = client.acted(id, &A::Close).await;
        assert_eq!(d.summary.status, ConversationStatus::Closed, "{who}");
        let d = client.acted(id, &A::Reopen).await;
        assert_eq!(d.summary.status, ConversationStatus::Open, "{who}");
        let d = client
            .acted(
                id,
                &A::Snooze {
                    until: until.clone(),
                },
            )
            .await;
        assert_eq!(d.summary.status, ConversationStatus::Snoozed, "{who}");
        assert_eq!(d.summary.snoozed_until.as_deref(), Some(until.as_str()));
        let d = client.acted(id, &A::Unsnooze).await;
        assert_eq!(d.summary.status, ConversationStatus::Open, "{who}");
        assert_eq!(d.summary.snoozed_until, None, "{who}");
        let d = client
            .acted(
                id,
                &A::MoveTeam {
                    team_id: other_team,
                },
            )
            .await;
        assert_eq!(d.summary.team.id, other_team, "{who}");
        assert_eq!(d.summary.team.name, case.other_team, "{who}");

        // What is already so changes nothing and adds no event.
        let before = event_count(&db, id);
        for again in [
            A::Assign { user_id: None },
            A::RemoveTag { tag_id: tag },
            A::Reopen,
            A::Unsnooze,
        ] {
            admin.acted(id, &again).await;
        }
        admin
            .acted(
                id,
                &A::MoveTeam {
                    team_id: other_team,
                },
            )
            .await;
        assert_eq!(event_count(&db, id), before, "{who}: no-ops add no event");

        // The thread tells the whole story, with who did it and what it was about.
        let events: Vec<Message> = admin.events(id).await;
        let types: Vec<&str> = events.iter().filter_map(|m| m.event.as_deref()).collect();
        assert_eq!(
            types,
            [
                "assigned",
                "assigned",
                "unassigned",
                "tagged",
                "untagged",
                "closed",
                "reopened",
                "snoozed",
                "unsnoozed",
                "moved"
            ],
            "{who}"
        );
        for e in &events {
            assert_eq!(
                e.author.as_ref().map(|a| a.id),
                Some(me.user.id),
                "{who}: {e:?}"
            );
        }
        assert_eq!(events[0].event_user.as_ref().map(|u| u.id), Some(first));
        assert_eq!(events[1].event_user.as_ref().map(|u| u.id), Some(teammate));
        assert_eq!(
            events[2].event_user.as_ref().map(|u| u.id),
            Some(teammate),
            "unassigned names who had it"
        );
        let tagged = events[3]
            .event_tag
            .as_ref()
            .expect("the tag of a tagged event");
        assert_eq!((tagged.id, tagged.name.as_str()), (tag, "refund"));
        assert_eq!(tagged.color, "#dc2626");
        assert_eq!(events[4].event_tag.as_ref().map(|t| t.id), Some(tag));
        assert_eq!(events[7].event_until.as_deref(), Some(until.as_str()));
        let moved = events[9]
            .event_team
            .as_ref()
            .expect("the team of a moved event");
        assert_eq!(
            (moved.id, moved.name.as_str()),
            (other_team, case.other_team)
        );
        for (i, e) in events.iter().enumerate() {
            assert_eq!(
                e.event_until.is_some(),
                i == 7,
                "{who}: only snoozed has a time"
            );
            assert_eq!(
                e.event_team.is_some(),
                i == 9,
                "{who}: only moved has a team"
            );
        }
    }
}

#[tokio::test]
async fn the_close_and_reopen_paths_are_the_same_actions() {
    let (app, db) = own_app(20);
    let agent = Client::bearer(&app, "agent@acme.test").await;
    let id = craft(&db, &Crafted::new("Acme Support SMS", "Customer Care"));
    let until = in_hours(2);
    agent.acted(id, &A::Snooze { until }).await;
    // Closing a snoozed conversation through the old path ends the snooze too.
    let closed: ConversationDetail = agent
        .post(&paths::conversation_close(id), json!({}))
        .await
        .decode(StatusCode::OK);
    assert_eq!(closed.summary.status, ConversationStatus::Closed);
    assert_eq!(closed.summary.snoozed_until, None);
    assert_eq!(stored_status(&db, id), ("closed".into(), None));
    let reopened: ConversationDetail = agent
        .post(&paths::conversation_reopen(id), json!({}))
        .await
        .decode(StatusCode::OK);
    assert_eq!(reopened.summary.status, ConversationStatus::Open);
    assert_eq!(
        agent.event_types(id).await,
        ["snoozed", "closed", "reopened"]
    );
}

#[tokio::test]
async fn a_custom_role_without_a_flag_is_refused_that_action_only() {
    let (app, db) = own_app(20);
    let tag = tag_id(&db, "urgent");
    let tom = user_id(&db, "tom@acme.test");
    let until = in_hours(3);
    // (flag switched off, actions it refuses, an action it still allows)
    let cases: [(&str, Vec<A>, A); 4] = [
        (
            "assign",
            vec![
                A::Assign { user_id: Some(tom) },
                A::Assign { user_id: None },
                A::MoveTeam {
                    team_id: team_id(&db, "Support", "VIP"),
                },
            ],
            A::AddTag { tag_id: tag },
        ),
        (
            "tag",
            vec![A::AddTag { tag_id: tag }, A::RemoveTag { tag_id: tag }],
            A::Assign { user_id: Some(tom) },
        ),
        (
            "close",
            vec![
                A::Close,
                A::Snooze {
                    until: until.clone(),
                },
            ],
            A::Assign { user_id: Some(tom) },
        ),
        ("reopen", vec![A::Reopen, A::Unsnooze], A::Close),
    ];
    for (flag, refused, allowed) in cases {
        give_custom_role(&db, "tom@acme.test", "agent", flag);
        let tom_client = Client::bearer(&app, "tom@acme.test").await;
        let id = craft(&db, &Crafted::new("Acme Support SMS", "Customer Care"));
        // Something for the refused actions to undo: assigned to tom, tagged, closed, snoozed.
        let admin = Client::bearer(&app, "admin@acme.test").await;
        for action in &refused {
            let setup = match action {
                A::Assign { user_id: None } => Some(A::Assign { user_id: Some(tom) }),
                A::RemoveTag { .. } => Some(A::AddTag { tag_id: tag }),
                A::Reopen => Some(A::Close),
                A::Unsnooze => Some(A::Snooze {
                    until: until.clone(),
                }),
                _ => None,
            };
            if let Some(setup) = setup {
                admin.acted(id, &setup).await;
            }
            let before = event_count(&db, id);
            let stored = stored_status(&db, id);
            tom_client
                .act(id, action)
                .await
                .expect_problem(StatusCode::FORBIDDEN, ErrorCode::Forbidden);
            assert_eq!(event_count(&db, id), before, "without {flag}: {action:?}");
            assert_eq!(stored_status(&db, id), stored, "without {flag}: {action:?}");
        }
        if flag == "reopen" {
            admin.acted(id, &A::Unsnooze).await;
        }
        tom_client.acted(id, &allowed).await;
        // The menus offer only what the role may choose.
        let options = tom_client.options(id).await;
        assert_eq!(options.assignees.is_empty(), flag == "assign", "{flag}");
        assert_eq!(options.teams.is_empty(), flag == "assign", "{flag}");
        assert_eq!(options.tags.is_empty(), flag == "tag", "{flag}");
        assert!(!options.can_create_tags, "an agent creates no tags");
    }
}

#[tokio::test]
async fn an_agent_assigns_teammates_of_the_conversations_team_only() {
    let (app, db) = own_app(20);
    let agent = Client::bearer(&app, "agent@acme.test").await;
    let id = craft(&db, &Crafted::new("Acme Support SMS", "Customer Care"));

    // The menu: the active Inbox users of Customer Care, by name.
    let options = agent.options(id).await;
    let names: Vec<&str> = options.assignees.iter().map(|u| u.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "Arjun Patel",
            "Claire Dubois",
            "Giulia Romano",
            "Sam Okafor",
            "Tom Becker"
        ]
    );
    let teams: Vec<&str> = options.teams.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(
        teams,
        ["Customer Care", "Refunds", "VIP"],
        "its own team first"
    );
    assert_eq!(options.tags.len(), 8);
    assert!(!options.can_create_tags);

    let claire = user_id(&db, "claire@acme.test");
    let d = agent
        .acted(
            id,
            &A::Assign {
                user_id: Some(claire),
            },
        )
        .await;
    assert_eq!(
        d.summary.assignee.map(|a| a.name),
        Some("Claire Dubois".into())
    );

    // Crafted requests for people the menu does not offer.
    let outsiders = [
        ("joao@acme.test", "not a member of the team"), // Refunds, not Customer Care
        ("manager@acme.test", "not a member of the team"), // Sales
        ("viewer@acme.test", "not an active Inbox user"),
        ("agent@nimbus.test", "not an active Inbox user"),
    ];
    for (email, says) in outsiders {
        let reply = agent
            .act(
                id,
                &A::Assign {
                    user_id: Some(user_id(&db, email)),
                },
            )
            .await;
        reply.expect_invalid_saying("user_id", &[says]);
    }
    agent
        .act(
            id,
            &A::Assign {
                user_id: Some(987_654),
            },
        )
        .await
        .expect_invalid("user_id");
    // A deactivated teammate is no longer offered nor assignable.
    db.with_conn(|c| {
        c.execute(
            "UPDATE users SET active = 0 WHERE email = 'giulia@acme.test'",
            [],
        )
        .unwrap()
    });
    let names: Vec<String> = agent
        .options(id)
        .await
        .assignees
        .into_iter()
        .map(|u| u.name)
        .collect();
    assert!(!names.contains(&"Giulia Romano".to_owned()), "{names:?}");
    agent
        .act(
            id,
            &A::Assign {
                user_id: Some(user_id(&db, "giulia@acme.test")),
            },
        )
        .await
        .expect_invalid("user_id");
    assert_eq!(agent.event_types(id).await, ["assigned"]);
}

#[tokio::test]
async fn a_manager_moves_between_the_teams_of_the_space_only() {
    let (app, db) = own_app(20);
    let manager = Client::bearer(&app, "manager@acme.test").await;
    let id = craft(&db, &Crafted::new("Acme Sales SMS", "Leads"));
    let bookings = team_id(&db, "Sales", "Bookings");
    let refunds = team_id(&db, "Support", "Refunds");

    let teams: Vec<String> = manager
        .options(id)
        .await
        .teams
        .into_iter()
        .map(|t| t.name)
        .collect();
    assert_eq!(teams, ["Leads", "Bookings"]);
    assert!(
        manager.options(id).await.can_create_tags,
        "a Manager may create tags"
    );

    // Sofía is in Leads, not Bookings: moving unassigns her, with an event.
    let sofia = user_id(&db, "sofia@acme.test");
    manager
        .acted(
            id,
            &A::Assign {
                user_id: Some(sofia),
            },
        )
        .await;
    manager
        .act(id, &A::MoveTeam { team_id: refunds })
        .await
        .expect_invalid_saying("team_id", &["another space"]);
    manager
        .act(id, &A::MoveTeam { team_id: 424_242 })
        .await
        .expect_invalid("team_id");
    let d = manager.acted(id, &A::MoveTeam { team_id: bookings }).await;
    assert_eq!(d.summary.team.name, "Bookings");
    assert_eq!(d.summary.assignee, None);
    let events = manager.events(id).await;
    let tail: Vec<(&str, Option<i64>, Option<i64>)> = events
        .iter()
        .map(|e| {
            (
                e.event.as_deref().unwrap(),
                e.event_user.as_ref().map(|u| u.id),
                e.event_team.as_ref().map(|t| t.id),
            )
        })
        .collect();
    assert_eq!(
        tail,
        [
            ("assigned", Some(sofia), None),
            ("moved", None, Some(bookings)),
            ("unassigned", Some(sofia), None)
        ]
    );

    // An assignee who is in the new team keeps it: Maya manages both.
    let maya = user_id(&db, "manager@acme.test");
    manager
        .acted(
            id,
            &A::Assign {
                user_id: Some(maya),
            },
        )
        .await;
    let leads = team_id(&db, "Sales", "Leads");
    let d = manager.acted(id, &A::MoveTeam { team_id: leads }).await;
    assert_eq!(d.summary.assignee.map(|a| a.id), Some(maya));

    // A contact has one conversation per profile and team: moving into the team where the
    // contact already has one is a conflict naming it.
    let twin = craft(&db, &Crafted::new("Acme Sales SMS", "Bookings"));
    db.with_conn(|c| {
        c.execute(
            "UPDATE conversations SET contact_id = (SELECT contact_id FROM conversations WHERE id = ?1)
             WHERE id = ?2",
            [id, twin],
        )
        .unwrap()
    });
    let p = manager
        .act(id, &A::MoveTeam { team_id: bookings })
        .await
        .expect_problem(StatusCode::CONFLICT, ErrorCode::Conflict);
    assert_eq!(p.conversation_id, Some(twin));
}

#[tokio::test]
async fn what_the_caller_may_not_see_is_not_found() {
    let (app, db) = own_app(20);
    let sales = craft(&db, &Crafted::new("Acme Sales SMS", "Leads"));
    let refunds = craft(&db, &Crafted::new("Acme Support SMS", "Refunds"));
    let agent = Client::bearer(&app, "agent@acme.test").await;
    let nimbus = Client::bearer(&app, "owner@nimbus.test").await;
    let manager = Client::bearer(&app, "manager@acme.test").await;
    for (client, id) in [(&agent, sales), (&agent, refunds), (&manager, refunds)] {
        for action in [
            A::Close,
            A::Assign { user_id: None },
            A::AddTag { tag_id: 1 },
        ] {
            client.act(id, &action).await.expect(StatusCode::NOT_FOUND);
        }
        client
            .get(&paths::conversation_options(id))
            .await
            .expect(StatusCode::NOT_FOUND);
    }
    // Another tenant: no Beta access, so no inbox at all.
    nimbus
        .act(sales, &A::Close)
        .await
        .expect(StatusCode::FORBIDDEN);
    assert_eq!(stored_status(&db, sales).0, "open");
    Client::anonymous(&app)
        .act(sales, &A::Close)
        .await
        .expect(StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn values_that_do_not_fit_are_refused_naming_the_field() {
    let (app, db) = own_app(20);
    let admin = Client::bearer(&app, "admin@acme.test").await;
    let id = craft(&db, &Crafted::new("Acme Support SMS", "Customer Care"));
    admin
        .act(id, &A::AddTag { tag_id: 999_999 })
        .await
        .expect_invalid_saying("tag_id", &["No such tag"]);
    let past = clock::format(clock::now() - time::Duration::minutes(1));
    let too_far = clock::format(clock::now() + time::Duration::days(367));
    for (until, says) in [
        (past.as_str(), "passed"),
        (too_far.as_str(), "366 days"),
        ("tomorrow morning", "date and time"),
        ("", "date and time"),
    ] {
        admin
            .act(
                id,
                &A::Snooze {
                    until: until.into(),
                },
            )
            .await
            .expect_invalid_saying("until", &[says]);
    }
    // An offset other than UTC is understood and stored in UTC.
    let local = (clock::now() + time::Duration::hours(30))
        .to_offset(time::UtcOffset::from_hms(2, 0, 0).unwrap())
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap();
    let d = admin
        .acted(
            id,
            &A::Snooze {
                until: local.clone(),
            },
        )
        .await;
    let stored = d.summary.snoozed_until.unwrap();
    assert!(stored.ends_with('Z'), "{stored}");
    assert_eq!(
        clock::parse(&stored).unwrap().unix_timestamp(),
        clock::parse_client(&local).unwrap().unix_timestamp()
    );
    // A body that is no action at all.
    admin
        .post(
            &paths::conversation_actions(id),
            json!({ "action": "archive" }),
        )
        .await
        .expect_problem(StatusCode::UNPROCESSABLE_ENTITY, ErrorCode::Validation);
    assert_eq!(admin.event_types(id).await, ["snoozed"]);
}
