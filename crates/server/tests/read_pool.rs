//! The read pool of a file database (`Db::read`): reads and writes do not wait for each other,
//! read connections cannot write, and reads queue (without failing) when every reader is busy.
//! Each test holds a connection open on purpose, inside a transaction, and checks through the
//! real HTTP surface that the other side still answers within a deadline.

mod common;

use std::sync::mpsc;
use std::time::Duration;

use axum::http::StatusCode;
use axum::Router;
use common::{db_scalar, temp_dir, Client, NO_DIST};
use rusqlite::TransactionBehavior;
use textpeak_api::{paths, ConversationDetail, ConversationPage};
use textpeak_server::db::READERS;
use textpeak_server::http::problem::ApiError;
use textpeak_server::{router, seed, AppState, Db};

/// Long enough for a debug build on a busy machine, short against the 5 s busy timeout and
/// the test's holds (which only end when the test releases them).
const PROMPT: Duration = Duration::from_secs(3);

/// A seeded database in a file of its own, and the server over it.
fn file_app(label: &str) -> (Router, Db) {
    let db = Db::open(temp_dir(label).join("inbox.db")).unwrap();
    db.with_conn(|conn| seed::seed(conn, 30)).unwrap();
    assert_eq!(db.reader_count(), READERS);
    (router(AppState::new(db.clone(), NO_DIST)), db)
}

/// The agent, signed in, and the first conversation of their list.
async fn agent_and_conversation(app: &Router) -> (Client, i64) {
    let (agent, me) = Client::sign_in(app, "agent@acme.test").await;
    let space = me.spaces.first().expect("the agent has a space").id;
    let page: ConversationPage = agent.read(&paths::space_conversations(space)).await;
    let conversation = page.items.first().expect("a conversation").id;
    (agent, conversation)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_write_goes_through_while_a_read_transaction_is_open() {
    let (app, db) = file_app("pool-read-open");
    let (agent, conversation) = agent_and_conversation(&app).await;
    db.with_conn(|c| {
        c.execute(
            "UPDATE conversations SET unread_count = 3 WHERE id = ?1",
            [conversation],
        )
    })
    .unwrap();

    let (started_tx, started) = mpsc::channel::<()>();
    let (release, release_rx) = mpsc::channel::<()>();
    let held = tokio::spawn({
        let db = db.clone();
        async move {
            db.read(move |conn| {
                conn.execute_batch("BEGIN")?;
                let unread = |conn: &rusqlite::Connection| -> rusqlite::Result<i64> {
                    conn.query_row(
                        "SELECT unread_count FROM conversations WHERE id = ?1",
                        [conversation],
                        |r| r.get(0),
                    )
                };
                let before = unread(conn)?;
                started_tx.send(()).ok();
                release_rx
                    .recv_timeout(Duration::from_secs(30))
                    .map_err(|_| ApiError::internal("never released"))?;
                // Still inside the transaction: its snapshot predates the write.
                let during = unread(conn)?;
                conn.execute_batch("COMMIT")?;
                Ok((before, during))
            })
            .await
        }
    });
    tokio::task::spawn_blocking(move || started.recv_timeout(Duration::from_secs(10)))
        .await
        .unwrap()
        .expect("the read began");

    // Opening the conversation marks it read: a write, on the writer, beside the open read.
    let marked = tokio::time::timeout(
        PROMPT,
        agent.post(
            &paths::conversation_read(conversation),
            serde_json::json!({}),
        ),
    )
    .await
    .expect("the write does not wait for the open read transaction");
    marked.expect(StatusCode::NO_CONTENT);
    let stored: i64 = db_scalar(
        &db,
        "SELECT unread_count FROM conversations WHERE id = ?1",
        [conversation],
    );
    assert_eq!(stored, 0);

    release.send(()).unwrap();
    let (before, during) = held.await.unwrap().unwrap();
    assert_eq!(
        (before, during),
        (3, 3),
        "the read transaction keeps its snapshot"
    );
    // A new read sees the commit.
    let detail: ConversationDetail = agent.read(&paths::conversation(conversation)).await;
    assert_eq!(detail.summary.unread_count, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reads_answer_while_a_write_transaction_is_open() {
    let (app, db) = file_app("pool-write-open");
    let (agent, conversation) = agent_and_conversation(&app).await;
    let before: ConversationDetail = agent.read(&paths::conversation(conversation)).await;
    let space = agent.me().await.spaces[0].id;

    let (started_tx, started) = mpsc::channel::<()>();
    let (release, release_rx) = mpsc::channel::<()>();
    let writing = tokio::spawn({
        let db = db.clone();
        async move {
            db.call(move |conn| {
                let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
                tx.execute(
                    "UPDATE conversations SET last_message_preview = 'not yet committed'
                     WHERE id = ?1",
                    [conversation],
                )?;
                started_tx.send(()).ok();
                release_rx
                    .recv_timeout(Duration::from_secs(30))
                    .map_err(|_| ApiError::internal("never released"))?;
                tx.commit()?;
                Ok(())
            })
            .await
        }
    });
    tokio::task::spawn_blocking(move || started.recv_timeout(Duration::from_secs(10)))
        .await
        .unwrap()
        .expect("the write transaction began");

    // The session check, the details, the thread, the list with its counts and /api/me: all
    // answered from the last commit while the writer holds its transaction.
    let reads = async {
        let detail: ConversationDetail = agent.read(&paths::conversation(conversation)).await;
        let thread = agent.get(&paths::conversation_messages(conversation)).await;
        thread.expect(StatusCode::OK);
        let page: ConversationPage = agent.read(&paths::space_conversations(space)).await;
        agent.me().await;
        (detail, page)
    };
    let (detail, page) = tokio::time::timeout(PROMPT, reads)
        .await
        .expect("reads do not wait for the open write transaction");
    assert_eq!(detail.summary.preview, before.summary.preview);
    assert!(page.items.iter().all(|c| c.preview != "not yet committed"));

    release.send(()).unwrap();
    writing.await.unwrap().unwrap();
    let after: ConversationDetail = agent.read(&paths::conversation(conversation)).await;
    assert_eq!(after.summary.preview, "not yet committed");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn read_connections_cannot_write() {
    let update = |conn: &rusqlite::Connection| -> Result<usize, ApiError> {
        Ok(conn.execute("UPDATE tenants SET name = name || '!'", [])?)
    };
    let (_app, file) = file_app("pool-read-only");
    let memory = Db::open_in_memory().unwrap();
    memory
        .with_conn(|c| c.execute("INSERT INTO tenants (name) VALUES ('T')", []))
        .unwrap();
    for db in [file, memory] {
        let refused = db.read(update).await;
        assert!(refused.is_err(), "a read connection wrote");
        // The writer still writes (on `:memory:` it is the same connection: query_only is off
        // again), and the readers still read.
        let written = db.call(move |conn| update(conn)).await.unwrap();
        assert!(written >= 1);
        let names: i64 = db
            .read(|c| {
                Ok(c.query_row(
                    "SELECT count(*) FROM tenants WHERE name LIKE '%!'",
                    [],
                    |r| r.get(0),
                )?)
            })
            .await
            .unwrap();
        assert_eq!(names, written as i64);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_every_reader_busy_reads_wait_and_writes_do_not() {
    let (app, db) = file_app("pool-exhausted");
    let (agent, conversation) = agent_and_conversation(&app).await;

    let mut releases = Vec::new();
    let mut holders = Vec::new();
    let (started_tx, started) = mpsc::channel::<()>();
    for _ in 0..READERS {
        let (release, release_rx) = mpsc::channel::<()>();
        releases.push(release);
        let started_tx = started_tx.clone();
        let db = db.clone();
        holders.push(tokio::spawn(async move {
            db.read(move |conn| {
                conn.execute_batch("BEGIN; SELECT count(*) FROM messages;")?;
                started_tx.send(()).ok();
                release_rx
                    .recv_timeout(Duration::from_secs(30))
                    .map_err(|_| ApiError::internal("never released"))?;
                conn.execute_batch("COMMIT")?;
                Ok(())
            })
            .await
        }));
    }
    tokio::task::spawn_blocking(move || {
        for _ in 0..READERS {
            started.recv_timeout(Duration::from_secs(10)).unwrap();
        }
    })
    .await
    .unwrap();

    // A request needs a reader for its session check: it waits…
    let waiting = tokio::spawn({
        let agent = agent.clone();
        async move { agent.get(&paths::conversation(conversation)).await }
    });
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(!waiting.is_finished(), "a read ran without a free reader");
    // …while the writer, which needs none, goes on.
    let written = tokio::time::timeout(
        PROMPT,
        db.call(move |conn| {
            Ok(conn.execute(
                "UPDATE conversations SET unread_count = 0 WHERE id = ?1",
                [conversation],
            )?)
        }),
    )
    .await
    .expect("the writer does not wait for readers")
    .unwrap();
    assert_eq!(written, 1);

    // One reader free: the waiting request is answered, then every holder ends cleanly.
    releases.remove(0).send(()).unwrap();
    let answered = tokio::time::timeout(PROMPT, waiting)
        .await
        .expect("the waiting read ran once a reader was free")
        .unwrap();
    answered.expect(StatusCode::OK);
    for release in releases {
        release.send(()).unwrap();
    }
    for holder in holders {
        holder.await.unwrap().unwrap();
    }
    // All readers are back: as many reads as readers at once, all answered.
    let reads = (0..READERS * 2).map(|_| {
        let agent = agent.clone();
        tokio::spawn(async move { agent.get(&paths::conversation(conversation)).await })
    });
    for read in reads {
        tokio::time::timeout(PROMPT, read)
            .await
            .expect("the pool is whole again")
            .unwrap()
            .expect(StatusCode::OK);
    }
}
