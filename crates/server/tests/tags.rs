//! Settings → Tags over HTTP: listing with usage, create, rename, delete, validation that
//! names its field, and refusals for roles and tenants that may not touch them.

mod common;

use axum::http::StatusCode;
use common::*;
use serde_json::{json, Value};
use textpeak_api::{paths, TagSetting};

fn body(name: &str, color: &str) -> Value {
    json!({ "name": name, "color": color })
}

#[tokio::test]
async fn an_admin_creates_renames_and_deletes_tags() {
    let admin = Client::bearer(&app(), "admin@acme.test").await;

    // The seeded tags, by name, with how many conversations carry them.
    let tags = admin.list::<TagSetting>().await;
    assert!(tags.len() >= 8);
    let names: Vec<&str> = tags.iter().map(|t| t.name.as_str()).collect();
    let mut sorted = names.clone();
    sorted.sort_by_key(|n| n.to_lowercase());
    assert_eq!(names, sorted);
    assert!(tags.iter().any(|t| t.conversations > 0));

    // Create: trimmed, colour lower-cased, unused.
    let created = admin
        .post(paths::TAGS, body("  Priority lane ", "#AA22CC"))
        .await;
    let tag: TagSetting = created.decode(StatusCode::CREATED);
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
        admin.post(paths::TAGS, input).await.expect_invalid(field);
    }

    // Rename: not onto another tag's name, but its own name in other case is fine.
    // (A tag of this test's own: the other tests delete seeded ones meanwhile.)
    let other = admin
        .post(paths::TAGS, body("Second lane", "#123456"))
        .await;
    let taken = other.decode::<TagSetting>(StatusCode::CREATED).name;
    let path = paths::tag(tag.id);
    let reply = admin.patch(&path, body(&taken, "#aa22cc")).await;
    reply.expect(StatusCode::UNPROCESSABLE_ENTITY);
    let reply = admin.patch(&path, body("PRIORITY lane", "#00ff00")).await;
    let renamed: TagSetting = reply.decode(StatusCode::OK);
    assert_eq!(
        (renamed.name.as_str(), renamed.color.as_str()),
        ("PRIORITY lane", "#00ff00")
    );

    // Delete: gone from the list; a second delete finds nothing.
    admin
        .expect_deleted_from(&path, |t: &TagSetting| t.id == tag.id)
        .await;
}

#[tokio::test]
async fn deleting_a_used_tag_takes_it_off_its_conversations() {
    let owner = Client::bearer(&app(), "owner@acme.test").await;
    let used = owner
        .list::<TagSetting>()
        .await
        .into_iter()
        .filter(|t| t.conversations > 0)
        .min_by_key(|t| t.conversations)
        .expect("a tag in use");
    let reply = owner.delete(&paths::tag(used.id)).await;
    reply.expect(StatusCode::NO_CONTENT);
    let left: i64 = db_scalar(
        &seeded_state().db,
        "SELECT count(*) FROM conversation_tags WHERE tag_id = ?1",
        [used.id],
    );
    assert_eq!(left, 0);
}

#[tokio::test]
async fn agents_viewers_and_other_tenants_are_refused() {
    let app = app();
    let admin = Client::bearer(&app, "admin@acme.test").await;
    let acme_tag = admin.list::<TagSetting>().await[0].id;

    for email in ["agent@acme.test", "viewer@acme.test"] {
        let who = Client::bearer(&app, email).await;
        let reply = who.get(paths::TAGS).await;
        reply.expect_because(StatusCode::FORBIDDEN, "lists");
        let reply = who.post(paths::TAGS, body("Mine", "#123456")).await;
        reply.expect_because(StatusCode::FORBIDDEN, "creates");
        let reply = who.delete(&paths::tag(acme_tag)).await;
        reply.expect_because(StatusCode::FORBIDDEN, "deletes");
    }

    // Another tenant's admin cannot even see that the tag exists.
    let fresh = Client::bearer(&app, "admin@fresh.test").await;
    fresh
        .assert_unlisted(|t: &TagSetting| t.id == acme_tag)
        .await;
    let reply = fresh
        .patch(&paths::tag(acme_tag), body("Taken over", "#123456"))
        .await;
    reply.expect(StatusCode::NOT_FOUND);
    fresh
        .delete(&paths::tag(acme_tag))
        .await
        .expect(StatusCode::NOT_FOUND);

    // A manager may manage tags (Settings: tags, in their spaces; tags are the tenant's).
    let manager = Client::bearer(&app, "manager@acme.test").await;
    assert!(!manager.list::<TagSetting>().await.is_empty());
}
