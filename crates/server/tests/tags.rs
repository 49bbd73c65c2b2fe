//! Settings → Tags over HTTP: listing with usage, create, rename, delete, validation that
//! names its field, and refusals for roles and tenants that may not touch them.

mod common;

use axum::http::{Method, StatusCode};
use common::*;
use textpeak_api::{paths, ErrorCode, TagSetting};

async fn list(app: &axum::Router, token: &str) -> Vec<TagSetting> {
    let reply = send(app, with_auth(get(paths::TAGS), &Auth::Bearer(token))).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    reply.json()
}

fn body(name: &str, color: &str) -> serde_json::Value {
    serde_json::json!({ "name": name, "color": color })
}

#[tokio::test]
async fn an_admin_creates_renames_and_deletes_tags() {
    let app = app();
    let (token, _) = bearer_session(&app, "admin@acme.test").await;
    let auth = Auth::Bearer(&token);

    // The seeded tags, by name, with how many conversations carry them.
    let tags = list(&app, &token).await;
    assert!(tags.len() >= 8);
    let names: Vec<&str> = tags.iter().map(|t| t.name.as_str()).collect();
    let mut sorted = names.clone();
    sorted.sort_by_key(|n| n.to_lowercase());
    assert_eq!(names, sorted);
    assert!(tags.iter().any(|t| t.conversations > 0));

    // Create: trimmed, colour lower-cased, unused.
    let created = send(
        &app,
        with_auth(
            json_request(
                Method::POST,
                paths::TAGS,
                body("  Priority lane ", "#AA22CC"),
            ),
            &auth,
        ),
    )
    .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text());
    let tag: TagSetting = created.json();
    assert_eq!(
        (tag.name.as_str(), tag.color.as_str(), tag.conversations),
        ("Priority lane", "#aa22cc", 0)
    );

    // Bad input is a validation problem on the field concerned.
    for (input, field) in [
        (body("priority LANE", "#123456"), "name"),
        (body("   ", "#123456"), "name"),
        (body("Fine name", "blue"), "color"),
    ] {
        let reply = send(
            &app,
            with_auth(json_request(Method::POST, paths::TAGS, input), &auth),
        )
        .await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
        let problem = reply.problem();
        assert_eq!(problem.code, ErrorCode::Validation);
        assert_eq!(problem.field.as_deref(), Some(field), "{problem:?}");
    }

    // Rename: not onto another tag's name, but its own name in other case is fine.
    // (A tag of this test's own: the other tests delete seeded ones meanwhile.)
    let other = send(
        &app,
        with_auth(
            json_request(Method::POST, paths::TAGS, body("Second lane", "#123456")),
            &auth,
        ),
    )
    .await;
    assert_eq!(other.status, StatusCode::CREATED);
    let taken = &other.json::<TagSetting>().name;
    let reply = send(
        &app,
        with_auth(
            json_request(Method::PATCH, &paths::tag(tag.id), body(taken, "#aa22cc")),
            &auth,
        ),
    )
    .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    let reply = send(
        &app,
        with_auth(
            json_request(
                Method::PATCH,
                &paths::tag(tag.id),
                body("PRIORITY lane", "#00ff00"),
            ),
            &auth,
        ),
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    let renamed: TagSetting = reply.json();
    assert_eq!(
        (renamed.name.as_str(), renamed.color.as_str()),
        ("PRIORITY lane", "#00ff00")
    );

    // Delete: gone from the list; a second delete finds nothing.
    let reply = send(
        &app,
        with_auth(
            json_request(Method::DELETE, &paths::tag(tag.id), serde_json::json!({})),
            &auth,
        ),
    )
    .await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT, "{}", reply.text());
    assert!(list(&app, &token).await.iter().all(|t| t.id != tag.id));
    let reply = send(
        &app,
        with_auth(
            json_request(Method::DELETE, &paths::tag(tag.id), serde_json::json!({})),
            &auth,
        ),
    )
    .await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn deleting_a_used_tag_takes_it_off_its_conversations() {
    let app = app();
    let (token, _) = bearer_session(&app, "owner@acme.test").await;
    let auth = Auth::Bearer(&token);
    let used = list(&app, &token)
        .await
        .into_iter()
        .filter(|t| t.conversations > 0)
        .min_by_key(|t| t.conversations)
        .expect("a tag in use");
    let reply = send(
        &app,
        with_auth(
            json_request(Method::DELETE, &paths::tag(used.id), serde_json::json!({})),
            &auth,
        ),
    )
    .await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT, "{}", reply.text());
    let left: i64 = seeded_state()
        .db
        .with_conn(|c| {
            c.query_row(
                "SELECT count(*) FROM conversation_tags WHERE tag_id = ?1",
                [used.id],
                |r| r.get(0),
            )
        })
        .unwrap();
    assert_eq!(left, 0);
}

#[tokio::test]
async fn agents_viewers_and_other_tenants_are_refused() {
    let app = app();
    let (admin, _) = bearer_session(&app, "admin@acme.test").await;
    let acme_tag = list(&app, &admin).await[0].id;

    for email in ["agent@acme.test", "viewer@acme.test"] {
        let (token, _) = bearer_session(&app, email).await;
        let auth = Auth::Bearer(&token);
        let reply = send(&app, with_auth(get(paths::TAGS), &auth)).await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN, "{email} lists");
        let reply = send(
            &app,
            with_auth(
                json_request(Method::POST, paths::TAGS, body("Mine", "#123456")),
                &auth,
            ),
        )
        .await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN, "{email} creates");
        let reply = send(
            &app,
            with_auth(
                json_request(Method::DELETE, &paths::tag(acme_tag), serde_json::json!({})),
                &auth,
            ),
        )
        .await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN, "{email} deletes");
    }

    // Another tenant's admin cannot even see that the tag exists.
    let (fresh, _) = bearer_session(&app, "admin@fresh.test").await;
    let auth = Auth::Bearer(&fresh);
    assert!(list(&app, &fresh).await.iter().all(|t| t.id != acme_tag));
    let reply = send(
        &app,
        with_auth(
            json_request(
                Method::PATCH,
                &paths::tag(acme_tag),
                body("Taken over", "#123456"),
            ),
            &auth,
        ),
    )
    .await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    let reply = send(
        &app,
        with_auth(
            json_request(Method::DELETE, &paths::tag(acme_tag), serde_json::json!({})),
            &auth,
        ),
    )
    .await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);

    // A manager may manage tags (Settings: tags, in their spaces; tags are the tenant's).
    let (manager, _) = bearer_session(&app, "manager@acme.test").await;
    assert!(!list(&app, &manager).await.is_empty());
}
