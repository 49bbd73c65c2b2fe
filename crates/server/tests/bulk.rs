//! Bulk actions (`POST /api/spaces/{id}/conversations/bulk`): by ticked ids and by filter
//! ("select all N matching", more rows than a page), in one transaction, with the skipped rows
//! counted by reason, the changed ids for Undo, and one event per changed conversation.

mod common;

use std::collections::BTreeSet;

use axum::http::StatusCode;
use common::*;
use textpeak_api::{
    paths, BulkOutcome, BulkRequest, ConversationAction as A, ConversationFilter, ConversationPage,
    ConversationStatus, InboxView, Selection, SkipReason, Skipped, BULK_IDS_MAX,
};
use textpeak_server::Db;

fn by_ids(ids: &[i64], action: A) -> BulkRequest {
    BulkRequest {
        selection: Selection::Ids { ids: ids.to_vec() },
        action,
    }
}

fn matching(filter: ConversationFilter, action: A) -> BulkRequest {
    BulkRequest {
        selection: Selection::Matching { filter },
        action,
    }
}

fn open_filter() -> ConversationFilter {
    ConversationFilter {
        status: Some(ConversationStatus::Open),
        ..Default::default()
    }
}

fn skipped(outcome: &BulkOutcome, reason: SkipReason) -> u64 {
    outcome
        .skipped
        .iter()
        .find(|s| s.reason == reason)
        .map_or(0, |s| s.count)
}

fn count(db: &Db, sql: &str, space: i64) -> u64 {
    db_scalar::<i64>(db, sql, [space]) as u64
}

/// Every id the list shows under `query`, page after page (limit 200).
async fn listed(client: &Client, space: i64, query: &str) -> (BTreeSet<i64>, ConversationPage) {
    let mut ids = BTreeSet::new();
    let mut cursor: Option<String> = None;
    loop {
        let mut uri = format!("{}?limit=200&{query}", paths::space_conversations(space));
        if let Some(c) = &cursor {
            uri.push_str(&format!("&cursor={c}"));
        }
        let page: ConversationPage = client.read(&uri).await;
        ids.extend(page.items.iter().map(|c| c.id));
        match page.next_cursor.clone() {
            Some(c) => cursor = Some(c),
            None => return (ids, page),
        }
    }
}

#[tokio::test]
async fn closing_all_matching_reaches_rows_beyond_the_first_page_and_undo_reopens_them() {
    let (app, db) = own_app(600);
    let admin = Client::bearer(&app, "admin@acme.test").await;
    let support = space_id(&db, "Support");
    let (open_before, first) = listed(&admin, support, "status=open").await;
    assert!(
        open_before.len() > 200,
        "more open rows than one page: {}",
        open_before.len()
    );
    let closed_before = count(
        &db,
        "SELECT count(*) FROM conversations WHERE space_id = ?1 AND status = 'closed'",
        support,
    );
    let events_before = count(
        &db,
        "SELECT count(*) FROM messages m JOIN conversations c ON c.id = m.conversation_id
         WHERE c.space_id = ?1 AND m.event_type = 'closed'",
        support,
    );
    assert_eq!(first.counts.all, open_before.len() as u64);

    let outcome = admin
        .bulked(support, &matching(open_filter(), A::Close))
        .await;
    assert_eq!(outcome.matched, open_before.len() as u64);
    assert_eq!(outcome.done, outcome.matched);
    assert!(outcome.skipped.is_empty(), "{:?}", outcome.skipped);
    assert_eq!(
        outcome.changed.iter().copied().collect::<BTreeSet<_>>(),
        open_before
    );

    let (open_after, page) = listed(&admin, support, "status=open").await;
    assert!(open_after.is_empty());
    assert_eq!(page.counts.all, 0);
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM conversations WHERE space_id = ?1 AND status = 'closed'",
            support
        ),
        closed_before + outcome.done
    );
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM messages m JOIN conversations c ON c.id = m.conversation_id
             WHERE c.space_id = ?1 AND m.event_type = 'closed'",
            support
        ),
        events_before + outcome.done,
        "one closed event per conversation"
    );
    let some = outcome.changed[outcome.changed.len() / 2];
    let last = admin.events(some).await.pop().unwrap();
    assert_eq!(last.event.as_deref(), Some("closed"));
    assert_eq!(last.author.map(|a| a.name), Some("Adam Alvarez".into()));

    // Undo: reopen exactly the ones it closed, not those closed before.
    let undo = admin
        .bulked(support, &by_ids(&outcome.changed, A::Reopen))
        .await;
    assert_eq!((undo.matched, undo.done), (outcome.done, outcome.done));
    let (open_again, _) = listed(&admin, support, "status=open").await;
    assert_eq!(open_again, open_before);
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM conversations WHERE space_id = ?1 AND status = 'closed'",
            support
        ),
        closed_before
    );
}

#[tokio::test]
async fn a_role_without_the_flag_gets_every_row_skipped_not_a_refusal() {
    let (app, db) = own_app(200);
    // tom@acme.test, the seeded Trainee Agent, may not close.
    let trainee = Client::bearer(&app, "tom@acme.test").await;
    let support = space_id(&db, "Support");
    let (open, _) = listed(&trainee, support, "status=open").await;
    assert!(!open.is_empty());
    let outcome = trainee
        .bulked(support, &matching(open_filter(), A::Close))
        .await;
    assert_eq!(outcome.matched, open.len() as u64);
    assert_eq!(outcome.done, 0);
    assert_eq!(
        outcome.skipped,
        [Skipped {
            reason: SkipReason::NotPermitted,
            count: open.len() as u64
        }]
    );
    assert!(outcome.changed.is_empty());
    assert_eq!(listed(&trainee, support, "status=open").await.0, open);
    assert_eq!(
        SkipReason::NotPermitted.message(),
        "your role does not allow this"
    );
}

#[tokio::test]
async fn ticked_ids_skip_what_is_hidden_unchanged_or_outside_the_team() {
    let (app, db) = own_app(100);
    let agent = Client::bearer(&app, "multi@acme.test").await;
    let support = space_id(&db, "Support");
    // Mina is in Bookings (Sales) and Refunds (Support), not in Customer Care.
    let refunds: Vec<i64> = (0..3)
        .map(|_| craft(&db, &Crafted::new("Acme Support SMS", "Refunds")))
        .collect();
    let closed = craft(
        &db,
        &Crafted {
            closed: true,
            ..Crafted::new("Acme Support SMS", "Refunds")
        },
    );
    let care = craft(&db, &Crafted::new("Acme Support SMS", "Customer Care"));
    let sales = craft(&db, &Crafted::new("Acme Sales SMS", "Bookings"));
    let mut ids = refunds.clone();
    ids.extend([closed, care, sales, 99_999_999, refunds[0]]);

    let outcome = agent.bulked(support, &by_ids(&ids, A::Close)).await;
    // Customer Care is not hers, Bookings is in another space, and the last id does not exist;
    // the repeated id counts once.
    assert_eq!(outcome.matched, 7);
    assert_eq!(outcome.done, 3);
    assert_eq!(skipped(&outcome, SkipReason::NotFound), 3);
    assert_eq!(skipped(&outcome, SkipReason::Unchanged), 1);
    assert_eq!(outcome.changed, refunds);
    assert_eq!(
        outcome.skipped[0].reason,
        SkipReason::NotFound,
        "largest first"
    );
    assert_eq!(stored_status(&db, care).0, "open");
    assert_eq!(stored_status(&db, sales).0, "open");

    // Assigning Mina's teammate João: only the Refunds rows can be his.
    let joao = user_id(&db, "joao@acme.test");
    let admin = Client::bearer(&app, "admin@acme.test").await;
    let outcome = admin
        .bulked(
            support,
            &by_ids(
                &[refunds[0], refunds[1], care],
                A::Assign {
                    user_id: Some(joao),
                },
            ),
        )
        .await;
    assert_eq!(outcome.done, 2);
    assert_eq!(skipped(&outcome, SkipReason::AssigneeNotInTeam), 1);
    for id in [refunds[0], refunds[1]] {
        let e = admin.events(id).await.pop().unwrap();
        assert_eq!(e.event.as_deref(), Some("assigned"));
        assert_eq!(e.event_user.map(|u| u.id), Some(joao));
    }

    // Moving to a team of another space skips every row; the same team is unchanged.
    let bookings = team_id(&db, "Sales", "Bookings");
    let outcome = admin
        .bulked(
            support,
            &by_ids(&refunds, A::MoveTeam { team_id: bookings }),
        )
        .await;
    assert_eq!(skipped(&outcome, SkipReason::TeamNotInSpace), 3);
    let refunds_team = team_id(&db, "Support", "Refunds");
    let outcome = admin
        .bulked(
            support,
            &by_ids(
                &refunds,
                A::MoveTeam {
                    team_id: refunds_team,
                },
            ),
        )
        .await;
    assert_eq!(skipped(&outcome, SkipReason::Unchanged), 3);
    // Moving to VIP: João is not in VIP, so his two are unassigned on the way.
    let vip = team_id(&db, "Support", "VIP");
    let outcome = admin
        .bulked(support, &by_ids(&refunds, A::MoveTeam { team_id: vip }))
        .await;
    assert_eq!(outcome.done, 3);
    assert_eq!(
        admin.event_types(refunds[0]).await,
        ["closed", "assigned", "moved", "unassigned"]
    );
    assert_eq!(admin.event_types(refunds[2]).await, ["closed", "moved"]);

    // Tags by filter: the VIP team's conversations, then untag the same.
    let tag = tag_id(&db, "vip");
    let filter = ConversationFilter {
        team: Some(vip),
        status: Some(ConversationStatus::Closed),
        ..Default::default()
    };
    let tagged = admin
        .bulked(
            support,
            &matching(filter.clone(), A::AddTag { tag_id: tag }),
        )
        .await;
    assert!(tagged.matched >= 3);
    assert!(refunds.iter().all(|id| tagged.changed.contains(id)));
    let again = admin
        .bulked(
            support,
            &matching(filter.clone(), A::AddTag { tag_id: tag }),
        )
        .await;
    assert_eq!(again.done, 0);
    assert_eq!(skipped(&again, SkipReason::Unchanged), tagged.matched);
    let untagged = admin
        .bulked(
            support,
            &by_ids(&tagged.changed, A::RemoveTag { tag_id: tag }),
        )
        .await;
    assert_eq!(untagged.done, tagged.done);
}

#[tokio::test]
async fn bulk_snooze_and_the_view_of_the_filter() {
    let (app, db) = own_app(100);
    let agent = Client::bearer(&app, "agent@acme.test").await;
    let me = user_id(&db, "agent@acme.test");
    let support = space_id(&db, "Support");
    let mine: Vec<i64> = (0..4)
        .map(|_| craft(&db, &Crafted::new("Acme Support SMS", "Customer Care")))
        .collect();
    agent
        .bulked(support, &by_ids(&mine, A::Assign { user_id: Some(me) }))
        .await;
    // "All matching" of the Mine view is what Mine shows, not the whole space.
    let (mine_listed, _) = listed(&agent, support, "view=mine").await;
    let until =
        textpeak_server::clock::format(textpeak_server::clock::now() + time::Duration::hours(4));
    let filter = ConversationFilter {
        view: InboxView::Mine,
        ..Default::default()
    };
    let outcome = agent
        .bulked(
            support,
            &matching(
                filter,
                A::Snooze {
                    until: until.clone(),
                },
            ),
        )
        .await;
    assert_eq!(
        outcome.changed.iter().copied().collect::<BTreeSet<_>>(),
        mine_listed
    );
    assert!(mine.iter().all(|id| outcome.changed.contains(id)));
    let (after, page) = listed(&agent, support, "view=mine").await;
    assert!(after.is_empty());
    assert_eq!(page.counts.snoozed, outcome.done);
    let e = agent.events(mine[0]).await.pop().unwrap();
    assert_eq!(e.event.as_deref(), Some("snoozed"));
    assert_eq!(e.event_until.as_deref(), Some(until.as_str()));
    // Undo.
    let undo = agent
        .bulked(support, &by_ids(&outcome.changed, A::Unsnooze))
        .await;
    assert_eq!(undo.done, outcome.done);
    assert_eq!(listed(&agent, support, "view=mine").await.0, mine_listed);
}

#[tokio::test]
async fn bad_requests_are_refused_whole() {
    let (app, db) = own_app(20);
    let admin = Client::bearer(&app, "admin@acme.test").await;
    let agent = Client::bearer(&app, "agent@acme.test").await;
    let support = space_id(&db, "Support");
    let sales = space_id(&db, "Sales");
    let events = || {
        db_scalar::<i64>(
            &db,
            "SELECT count(*) FROM messages WHERE kind = 'event'",
            [],
        )
    };
    let before = events();
    let too_many: Vec<i64> = (1..=BULK_IDS_MAX as i64 + 1).collect();
    admin
        .bulk(support, &by_ids(&too_many, A::Close))
        .await
        .expect_invalid("ids");
    admin
        .bulk(support, &by_ids(&[1], A::AddTag { tag_id: 123_456 }))
        .await
        .expect_invalid("tag_id");
    admin
        .bulk(
            support,
            &by_ids(
                &[1],
                A::Snooze {
                    until: "yesterday".into(),
                },
            ),
        )
        .await
        .expect_invalid("until");
    // The agent is not in Sales: the space is not found.
    agent
        .bulk(sales, &matching(open_filter(), A::Close))
        .await
        .expect(StatusCode::NOT_FOUND);
    assert_eq!(events(), before, "nothing changed");
}
