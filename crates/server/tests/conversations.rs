//! The dashboard endpoints against the seeded demo data: visibility per user (checked row by row
//! against `permissions::can_see_conversation`), views and counts, filters, search, sorts,
//! cursor pagination, the thread, and marking a conversation read.

mod common;

use std::collections::{BTreeMap, BTreeSet};

use axum::http::{Method, StatusCode};
use common::*;
use serde_json::json;
use textpeak_api::{
    paths, ConversationDetail, ConversationFilter, ConversationPage, ConversationStatus,
    ConversationSummary, ErrorCode, InboxView, MessageKind, MessagePage, SortOrder, SpaceFilters,
    Stream, ViewCounts,
};
use textpeak_server::seed::{self, DemoRole};

/// What the filter selects among rows, by the rules of the contract (no search).
fn matches(filter: &ConversationFilter, me: i64, row: &Row) -> bool {
    let view = match filter.view {
        InboxView::Mine => row.assignee == Some(me),
        InboxView::Unassigned => row.assignee.is_none(),
        InboxView::All => true,
    };
    view && filter.status.is_none_or(|s| s.as_str() == row.status)
        && filter.stream.is_none_or(|s| s.as_str() == row.stream)
        && filter.team.is_none_or(|t| t == row.team)
        && filter.tag.is_none_or(|t| row.tags.contains(&t))
        && (!filter.unread || row.unread > 0)
}

fn encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn list_uri(space: i64, filter: &ConversationFilter, extra: &[(&str, String)]) -> String {
    let pairs: Vec<String> = filter
        .to_query()
        .into_iter()
        .chain(extra.iter().cloned())
        .map(|(k, v)| format!("{k}={}", encode(&v)))
        .collect();
    format!("{}?{}", paths::space_conversations(space), pairs.join("&"))
}

/// Every page of a list: no duplicates, every page's counts equal.
async fn walk(
    client: &Client,
    space: i64,
    filter: &ConversationFilter,
    limit: usize,
) -> (Vec<ConversationSummary>, ViewCounts) {
    let mut items: Vec<ConversationSummary> = Vec::new();
    let mut cursor: Option<String> = None;
    let mut counts: Option<ViewCounts> = None;
    loop {
        let mut extra = vec![("limit", limit.to_string())];
        if let Some(c) = &cursor {
            extra.push(("cursor", c.clone()));
        }
        let page: ConversationPage = client.read(&list_uri(space, filter, &extra)).await;
        assert!(page.items.len() <= limit);
        if let Some(c) = counts {
            assert_eq!(c, page.counts, "counts stay the same from page to page");
        }
        counts = Some(page.counts);
        if page.next_cursor.is_some() {
            assert_eq!(page.items.len(), limit, "only the last page is short");
        }
        items.extend(page.items);
        match page.next_cursor {
            Some(c) => cursor = Some(c),
            None => break,
        }
    }
    let ids: BTreeSet<i64> = items.iter().map(|c| c.id).collect();
    assert_eq!(ids.len(), items.len(), "a conversation appeared twice");
    (items, counts.unwrap())
}

fn view_count(counts: &ViewCounts, view: InboxView) -> u64 {
    match view {
        InboxView::Mine => counts.mine,
        InboxView::Unassigned => counts.unassigned,
        InboxView::All => counts.all,
    }
}

fn id_set(items: &[ConversationSummary]) -> BTreeSet<i64> {
    items.iter().map(|c| c.id).collect()
}

fn acme_inbox_users() -> impl Iterator<Item = &'static seed::DemoUser> {
    seed::USERS
        .iter()
        .filter(|u| u.tenant == 0 && u.role != DemoRole::NoInbox)
}

#[tokio::test]
async fn every_user_lists_exactly_what_can_see_conversation_allows() {
    let (app, state, rows) = seeded_app_and_rows();
    let all_spaces: BTreeSet<i64> = rows.iter().map(|r| r.space).collect();
    for user in acme_inbox_users() {
        let (token, me) = Client::sign_in(&app, user.email).await;
        let membership = membership_of(&state.db, me.user.id);
        for space in &me.spaces {
            let (items, counts) = walk(&token, space.id, &ConversationFilter::default(), 200).await;
            let expected: BTreeSet<i64> = rows
                .iter()
                .filter(|r| r.space == space.id && can_see(&me.subject(), &membership, r))
                .map(|r| r.id)
                .collect();
            assert_eq!(id_set(&items), expected, "{} in {}", user.email, space.name);
            assert_eq!(counts.all, expected.len() as u64);
            let mine = rows
                .iter()
                .filter(|r| expected.contains(&r.id) && r.assignee == Some(me.user.id))
                .count();
            assert_eq!(counts.mine, mine as u64, "{}", user.email);
        }
        for space in all_spaces.iter().filter(|s| me.space(**s).is_none()) {
            let reply = token.get(&paths::space_conversations(*space)).await;
            reply.expect(StatusCode::NOT_FOUND);
        }
    }

    // The roles of the issue, spelled out.
    let ids: Vec<i64> = state
        .db
        .with_conn(|c| column(c, "SELECT id FROM teams ORDER BY id", []));
    let names: Vec<String> = state
        .db
        .with_conn(|c| column(c, "SELECT name FROM teams ORDER BY id", []));
    let team_names: BTreeMap<i64, String> = ids.into_iter().zip(names).collect();
    let seen = |email: &'static str| {
        let app = app.clone();
        async move {
            let (token, me) = Client::sign_in(&app, email).await;
            let mut all = Vec::new();
            for space in &me.spaces {
                all.extend(
                    walk(&token, space.id, &ConversationFilter::default(), 200)
                        .await
                        .0,
                );
            }
            (me, all)
        }
    };
    let (admin, items) = seen("admin@acme.test").await;
    assert_eq!(admin.spaces.len(), 2);
    let acme_rows = rows
        .iter()
        .filter(|r| all_spaces.contains(&r.space))
        .count();
    assert_eq!(items.len(), acme_rows, "the admin sees every conversation");

    let (manager, items) = seen("manager@acme.test").await;
    assert_eq!(manager.spaces.len(), 1);
    assert!(items.iter().all(
        |c| ["Leads", "Bookings"].contains(&team_names[&c.team.id].as_str())
            || c.assignee.as_ref().map(|a| a.id) == Some(manager.user.id)
    ));

    let (agent, items) = seen("agent@acme.test").await;
    assert_eq!(agent.spaces.len(), 1);
    assert!(!items.is_empty());
    assert!(items
        .iter()
        .all(|c| team_names[&c.team.id] == "Customer Care"
            || c.assignee.as_ref().map(|a| a.id) == Some(agent.user.id)));

    let (multi, items) = seen("multi@acme.test").await;
    assert_eq!(multi.spaces.len(), 2);
    let teams: BTreeSet<&str> = items
        .iter()
        .map(|c| team_names[&c.team.id].as_str())
        .collect();
    assert!(
        teams.contains("Bookings") && teams.contains("Refunds"),
        "{teams:?}"
    );
}

#[tokio::test]
async fn another_teams_conversation_is_not_found_for_an_agent() {
    let (app, state, rows) = seeded_app_and_rows();
    let (token, me) = Client::sign_in(&app, "agent@acme.test").await;
    let membership = membership_of(&state.db, me.user.id);
    let hidden: Vec<&Row> = rows
        .iter()
        .filter(|r| !can_see(&me.subject(), &membership, r))
        .take(5)
        .collect();
    assert!(!hidden.is_empty());
    for row in hidden {
        for uri in [
            paths::conversation(row.id),
            paths::conversation_messages(row.id),
        ] {
            let reply = token.get(&uri).await;
            reply.expect_problem(StatusCode::NOT_FOUND, ErrorCode::NotFound);
        }
        let read = bare(Method::POST, &paths::conversation_read(row.id), &[]);
        token.send(read).await.expect(StatusCode::NOT_FOUND);
        let unread: i64 = db_scalar(
            &state.db,
            "SELECT unread_count FROM conversations WHERE id = ?1",
            [row.id],
        );
        assert_eq!(unread, row.unread, "nothing changed");
    }
    for uri in ["/api/conversations/999999", "/api/conversations/abc"] {
        token.get(uri).await.expect(StatusCode::NOT_FOUND);
    }

    // A visible one answers, with the sender profile's name and never a raw sender.
    let mine = rows
        .iter()
        .find(|r| can_see(&me.subject(), &membership, r))
        .unwrap();
    let reply = token.get(&paths::conversation(mine.id)).await;
    let detail: ConversationDetail = reply.decode(StatusCode::OK);
    assert_eq!(detail.summary.id, mine.id);
    assert!(!detail.sender_profile.is_empty());
    let senders: Vec<String> = state
        .db
        .with_conn(|c| column(c, "SELECT address FROM senders", []));
    let text = reply.text();
    assert!(senders.iter().all(|s| !text.contains(s.as_str())), "{text}");

    // Without the inbox permission or a session.
    let viewer = Client::bearer(&app, "viewer@acme.test").await;
    let reply = viewer.get(&paths::conversation(mine.id)).await;
    reply.expect_problem(StatusCode::FORBIDDEN, ErrorCode::NoInboxPermission);
    let reply = Client::anonymous(&app)
        .get(&paths::space_conversations(mine.space))
        .await;
    reply.expect(StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn views_filters_and_counts_match_the_rows() {
    let (app, state, rows) = seeded_app_and_rows();
    for email in ["admin@acme.test", "multi@acme.test", "sam@acme.test"] {
        let (token, me) = Client::sign_in(&app, email).await;
        let membership = membership_of(&state.db, me.user.id);
        for space in &me.spaces {
            let here: Vec<&Row> = rows
                .iter()
                .filter(|r| r.space == space.id && can_see(&me.subject(), &membership, r))
                .collect();
            let options: SpaceFilters = token.read(&paths::space_filters(space.id)).await;
            assert_eq!(options.teams.len() as u32, space.team_count);
            let mut filters = vec![ConversationFilter::default()];
            for status in [ConversationStatus::Open, ConversationStatus::Closed] {
                filters.push(ConversationFilter {
                    status: Some(status),
                    ..Default::default()
                });
            }
            for stream in &Stream::ALL {
                filters.push(ConversationFilter {
                    stream: Some(*stream),
                    unread: true,
                    ..Default::default()
                });
            }
            for team in &options.teams {
                filters.push(ConversationFilter {
                    team: Some(team.id),
                    status: Some(ConversationStatus::Open),
                    ..Default::default()
                });
            }
            for tag in options.tags.iter().take(3) {
                filters.push(ConversationFilter {
                    tag: Some(tag.id),
                    ..Default::default()
                });
            }
            for base in filters {
                for view in &InboxView::ALL {
                    let filter = ConversationFilter {
                        view: *view,
                        ..base.clone()
                    };
                    let (items, counts) = walk(&token, space.id, &filter, 37).await;
                    let expected: BTreeSet<i64> = here
                        .iter()
                        .filter(|r| matches(&filter, me.user.id, r))
                        .map(|r| r.id)
                        .collect();
                    assert_eq!(id_set(&items), expected, "{email} {filter:?}");
                    assert_eq!(view_count(&counts, *view), expected.len() as u64);
                    // Each row carries what the list shows.
                    for item in &items {
                        let row = here.iter().find(|r| r.id == item.id).unwrap();
                        assert_eq!(item.unread_count as i64, row.unread);
                        assert_eq!(item.team.id, row.team);
                        assert_eq!(item.assignee.as_ref().map(|a| a.id), row.assignee);
                        let tags: BTreeSet<i64> = item.tags.iter().map(|t| t.id).collect();
                        assert_eq!(tags, row.tags);
                        assert!(!item.contact.display_name().is_empty());
                    }
                }
            }
            if email == "admin@acme.test" {
                assert!(here.len() > 20);
            }
        }
    }
}

#[tokio::test]
async fn sorts_are_ordered_and_pages_have_no_gaps() {
    let app = app();
    let (token, me) = Client::sign_in(&app, "admin@acme.test").await;
    for space in &me.spaces {
        let mut totals = BTreeSet::new();
        for sort in &SortOrder::ALL {
            let filter = ConversationFilter {
                sort: *sort,
                ..Default::default()
            };
            let (items, counts) = walk(&token, space.id, &filter, 7).await;
            assert_eq!(items.len() as u64, counts.all, "{sort:?}");
            totals.insert(id_set(&items));
            // The same list in one big page comes in the same order.
            let (one_page, _) = walk(&token, space.id, &filter, 200).await;
            assert_eq!(
                items.iter().map(|c| c.id).collect::<Vec<_>>(),
                one_page.iter().map(|c| c.id).collect::<Vec<_>>()
            );
            let by_activity = |a: &ConversationSummary| (a.last_activity_at.clone(), a.id);
            match sort {
                SortOrder::Newest => {
                    assert!(items
                        .windows(2)
                        .all(|w| by_activity(&w[0]) > by_activity(&w[1])));
                }
                SortOrder::Oldest => {
                    assert!(items
                        .windows(2)
                        .all(|w| by_activity(&w[0]) < by_activity(&w[1])));
                }
                SortOrder::WaitingLongest => {
                    let waiting = |c: &ConversationSummary| {
                        c.status == ConversationStatus::Open && c.waiting_since.is_some()
                    };
                    let split = items
                        .iter()
                        .position(|c| !waiting(c))
                        .unwrap_or(items.len());
                    assert!(split > 7, "the seed has waiting conversations");
                    assert!(items[split..].iter().all(|c| !waiting(c)));
                    let key = |c: &ConversationSummary| (c.waiting_since.clone().unwrap(), c.id);
                    assert!(items[..split].windows(2).all(|w| key(&w[0]) < key(&w[1])));
                    assert!(items[split..]
                        .windows(2)
                        .all(|w| by_activity(&w[0]) > by_activity(&w[1])));
                }
            }
        }
        assert_eq!(totals.len(), 1, "every sort lists the same conversations");
    }
}

#[tokio::test]
async fn search_finds_names_numbers_and_message_text() {
    let app = app();
    let state = seeded_state();
    let (token, me) = Client::sign_in(&app, "admin@acme.test").await;
    let space = me.spaces[0].id;
    // What a search must find: visible conversations whose contact or any message contains the
    // text, ignoring ASCII case (computed with LIKE, independently of the full-text index).
    let expected = |name_like: &str, phone_like: &str, body_like: &str| -> BTreeSet<i64> {
        let ids: Vec<i64> = state.db.with_conn(|c| {
            column(
                c,
                "SELECT c.id FROM conversations c JOIN contacts k ON k.id = c.contact_id
                 WHERE c.space_id = ?1 AND (k.name LIKE ?2 ESCAPE '\\' OR k.phone LIKE ?3 ESCAPE '\\'
                   OR k.telegram_handle LIKE ?2 ESCAPE '\\'
                   OR EXISTS (SELECT 1 FROM messages m WHERE m.conversation_id = c.id
                              AND m.body LIKE ?4 ESCAPE '\\'))",
                rusqlite::params![space, name_like, phone_like, body_like],
            )
        });
        ids.into_iter().collect()
    };
    let search = |q: String| {
        let token = token.clone();
        async move {
            let filter = ConversationFilter {
                q: Some(q),
                ..Default::default()
            };
            let (items, counts) = walk(&token, space, &filter, 200).await;
            assert_eq!(counts.all, items.len() as u64);
            id_set(&items)
        }
    };

    let (name, phone, body): (String, String, String) = state.db.with_conn(|c| {
        c.query_row(
            "SELECT k.name, k.phone, m.body FROM conversations c
             JOIN contacts k ON k.id = c.contact_id
             JOIN messages m ON m.conversation_id = c.id
             WHERE c.space_id = ?1 AND k.name IS NOT NULL AND k.phone IS NOT NULL
               AND length(m.body) > 30
             ORDER BY c.id LIMIT 1",
            [space],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap()
    });

    // Part of a name, in another case.
    let part = name.split_whitespace().last().unwrap().to_uppercase();
    let found = search(part.clone()).await;
    let want = expected(
        &format!("%{part}%"),
        &format!("%{part}%"),
        &format!("%{part}%"),
    );
    assert!(!want.is_empty());
    assert_eq!(found, want, "name {part}");

    // A number, typed with spaces.
    let digits = &phone[phone.len() - 7..];
    let typed = format!("{} {}", &digits[..3], &digits[3..]);
    let found = search(typed).await;
    // (No body or name is this; an empty pattern would match empty event bodies.)
    let nothing = "\u{1}";
    assert_eq!(
        found,
        expected(nothing, &format!("%{digits}%"), nothing),
        "number {digits}"
    );
    assert!(!found.is_empty());

    // Words from the middle of a message.
    let words: String = body.chars().skip(5).take(15).collect();
    let found = search(words.clone()).await;
    let like = format!("%{words}%");
    assert_eq!(found, expected(&like, &like, &like), "text {words:?}");
    assert!(!found.is_empty());

    // Short searches (below the trigram length) look at contacts only; nothing found.
    let short: String = name.chars().take(2).collect();
    let like = format!("%{short}%");
    let found = search(short).await;
    assert!(!found.is_empty());
    assert_eq!(found, expected(&like, &like, nothing));
    assert!(search("zqxjv no such text".into()).await.is_empty());
    // Wildcards are literal text.
    let percent = search("50%".into()).await;
    assert_eq!(percent, expected("%50\\%%", "%50\\%%", "%50\\%%"));
}

#[tokio::test]
async fn the_thread_pages_back_to_the_start() {
    let app = app();
    let state = seeded_state();
    let token = Client::bearer(&app, "admin@acme.test").await;
    let (conversation, all): (i64, Vec<i64>) = state.db.with_conn(|c| {
        let id: i64 = scalar(
            c,
            "SELECT conversation_id FROM messages GROUP BY conversation_id
             ORDER BY count(*) DESC, conversation_id LIMIT 1",
            [],
        );
        let all = column(
            c,
            "SELECT id FROM messages WHERE conversation_id = ?1 ORDER BY created_at, id",
            [id],
        );
        (id, all)
    });
    assert!(all.len() > 6, "a thread long enough to page");

    let mut seen: Vec<i64> = Vec::new();
    let mut before: Option<String> = None;
    let mut pages = 0;
    loop {
        let mut uri = format!("{}?limit=3", paths::conversation_messages(conversation));
        if let Some(b) = &before {
            uri.push_str(&format!("&before={}", encode(b)));
        }
        let page: MessagePage = token.read(&uri).await;
        pages += 1;
        assert!(page.items.len() <= 3);
        assert!(page
            .items
            .windows(2)
            .all(|w| (&w[0].created_at, w[0].id) < (&w[1].created_at, w[1].id)));
        for m in &page.items {
            match m.kind {
                MessageKind::Reply => assert!(m.direction.is_some()),
                MessageKind::Note => assert!(m.direction.is_none() && m.status.is_none()),
                MessageKind::Event => {
                    // Assignment events name whom they are about, tag events which tag.
                    match m.event.as_deref() {
                        Some("assigned") => assert!(m.event_user.is_some(), "{m:?}"),
                        Some("tagged") => assert!(m.event_tag.is_some(), "{m:?}"),
                        Some(_) => {}
                        None => panic!("an event without a type: {m:?}"),
                    }
                }
            }
            assert_eq!(
                m.failure_reason.is_some(),
                m.status == Some(textpeak_api::DeliveryStatus::Failed)
            );
        }
        let mut ids: Vec<i64> = page.items.iter().map(|m| m.id).collect();
        ids.extend(seen);
        seen = ids;
        match page.before_cursor {
            Some(b) => before = Some(b),
            None => break,
        }
    }
    assert_eq!(seen, all);
    assert_eq!(pages, all.len().div_ceil(3));

    // Every kind of entry shows up somewhere in the demo data, failures with a reason.
    let kinds: Vec<String> = state
        .db
        .with_conn(|c| column(c, "SELECT DISTINCT kind FROM messages", []));
    assert_eq!(kinds.len(), 3);

    let reply = token
        .get(&format!(
            "{}?before=garbage",
            paths::conversation_messages(conversation)
        ))
        .await;
    reply.expect_problem(StatusCode::UNPROCESSABLE_ENTITY, ErrorCode::Validation);
}

#[tokio::test]
async fn the_filter_query_round_trips_through_the_url() {
    let app = app();
    let (token, me) = Client::sign_in(&app, "admin@acme.test").await;
    let space = me.spaces[0].id;
    let filter = ConversationFilter {
        view: InboxView::Unassigned,
        status: Some(ConversationStatus::Open),
        stream: Some(Stream::Whatsapp),
        sort: SortOrder::Oldest,
        q: Some("a b".into()),
        ..Default::default()
    };
    let uri = list_uri(space, &filter, &[]);
    let query = uri.split_once('?').unwrap().1;
    let decoded: Vec<(String, String)> = query
        .split('&')
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap();
            (k.to_owned(), v.replace("%20", " "))
        })
        .collect();
    assert_eq!(ConversationFilter::from_query(decoded), filter);

    // Unknown and invalid values are the defaults: the same list as no query at all.
    let plain: ConversationPage = token.read(&paths::space_conversations(space)).await;
    let odd: ConversationPage = token
        .read(&format!(
            "{}?view=nope&status=maybe&sort=random&team=x&page=2",
            paths::space_conversations(space)
        ))
        .await;
    assert_eq!(plain, odd);
    assert_eq!(plain.items.len(), 50, "the default page size");
    let big: ConversationPage = token
        .read(&format!(
            "{}?limit=100000",
            paths::space_conversations(space)
        ))
        .await;
    assert!(big.items.len() <= 200);

    for bad in ["cursor=garbage", "limit=ten"] {
        let reply = token
            .get(&format!("{}?{bad}", paths::space_conversations(space)))
            .await;
        reply.expect(StatusCode::UNPROCESSABLE_ENTITY);
    }
    // A cursor of another sort is refused rather than misread.
    let page: ConversationPage = token
        .read(&list_uri(
            space,
            &ConversationFilter {
                sort: SortOrder::WaitingLongest,
                ..Default::default()
            },
            &[("limit", "2".into())],
        ))
        .await;
    let cursor = page.next_cursor.unwrap();
    let reply = token
        .get(&list_uri(
            space,
            &ConversationFilter::default(),
            &[("cursor", cursor)],
        ))
        .await;
    reply.expect(StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn opening_a_conversation_marks_it_read() {
    // Its own database: marking read changes rows the other tests compare against.
    let (app, db) = own_app(40);
    let cookie = Client::cookie(&app, "agent@acme.test").await;
    let (bearer, me) = Client::sign_in(&app, "agent@acme.test").await;
    let membership = membership_of(&db, me.user.id);
    let unread: Vec<Row> = rows_of(&db)
        .into_iter()
        .filter(|r| r.unread > 0 && can_see(&me.subject(), &membership, r))
        .collect();
    assert!(unread.len() >= 2, "the seed has unread conversations");

    // A cross-site form post is refused and changes nothing.
    let read = |i: usize| paths::conversation_read(unread[i].id);
    let form = [("content-type", "application/x-www-form-urlencoded")];
    let reply = cookie.send(bare(Method::POST, &read(0), &form)).await;
    reply.expect(StatusCode::FORBIDDEN);

    let unread_filter = ConversationFilter {
        unread: true,
        ..Default::default()
    };
    let unread_list = list_uri(unread[0].space, &unread_filter, &[("limit", "200".into())]);
    let before: ConversationPage = bearer.read(&unread_list).await;
    assert_eq!(before.counts.all, unread.len() as u64);

    let csrf = [("x-textpeak-request", "1")];
    let reply = cookie.send(bare(Method::POST, &read(0), &csrf)).await;
    reply.expect(StatusCode::NO_CONTENT);
    let reply = cookie.post(&read(1), json!({})).await;
    reply.expect(StatusCode::NO_CONTENT);

    for row in &unread[..2] {
        let detail: ConversationDetail = bearer.read(&paths::conversation(row.id)).await;
        assert_eq!(detail.summary.unread_count, 0);
    }
    let after: ConversationPage = bearer.read(&unread_list).await;
    assert_eq!(after.counts.all, before.counts.all - 2);
}

#[tokio::test]
async fn close_and_reopen_follow_the_role_and_leave_events() {
    // Its own database: closing changes rows the other tests compare against.
    let (app, db) = own_app(40);
    let admin = Client::bearer(&app, "admin@acme.test").await;
    // tom@acme.test holds the seeded "Trainee Agent" role: it may not close.
    let (trainee, me) = Client::sign_in(&app, "tom@acme.test").await;
    assert!(!me.can(textpeak_api::Capability::Close));
    assert!(me.can(textpeak_api::Capability::Reopen));
    let membership = membership_of(&db, me.user.id);
    let open = rows_of(&db)
        .into_iter()
        .find(|r| r.status == "open" && can_see(&me.subject(), &membership, r))
        .expect("the trainee sees an open conversation");
    let close = paths::conversation_close(open.id);
    let reopen = paths::conversation_reopen(open.id);

    let refused = trainee.post(&close, json!({})).await;
    refused.expect_problem(StatusCode::FORBIDDEN, ErrorCode::Forbidden);

    let closed = admin.post(&close, json!({})).await;
    let detail: ConversationDetail = closed.decode(StatusCode::OK);
    assert_eq!(detail.summary.status, ConversationStatus::Closed);
    // Closing again is harmless and adds no second event.
    let again = admin.post(&close, json!({})).await;
    again.expect(StatusCode::OK);

    let reopened = trainee.post(&reopen, json!({})).await;
    let detail: ConversationDetail = reopened.decode(StatusCode::OK);
    assert_eq!(detail.summary.status, ConversationStatus::Open);

    let thread: MessagePage = admin.read(&paths::conversation_messages(open.id)).await;
    let events: Vec<_> = thread
        .items
        .iter()
        .rev()
        .take(2)
        .map(|m| m.event.as_deref())
        .collect();
    assert_eq!(events, vec![Some("reopened"), Some("closed")]);

    // Someone who cannot see the conversation gets 404, whatever their role allows.
    let mut strangers = 0;
    for email in ["manager@acme.test", "agent@acme.test", "multi@acme.test"] {
        let (token, me) = Client::sign_in(&app, email).await;
        let membership = membership_of(&db, me.user.id);
        if can_see(&me.subject(), &membership, &open) {
            continue;
        }
        strangers += 1;
        let hidden = token.post(&close, json!({})).await;
        hidden.expect(StatusCode::NOT_FOUND);
    }
    assert!(strangers > 0, "someone cannot see the conversation");
}
