//! What the integration tests share: a seeded server (`app`, `own_app`), a test client that
//! signs in as a demo account and sends typed requests (`Client`), answers that assert their
//! status and decode their body or problem (`Reply`), and direct reads of the database (`db`).
#![allow(dead_code, unused_imports)]

mod actions;
mod client;
mod compose;
mod db;
mod resources;
mod start;

use std::path::PathBuf;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::OnceLock;

use axum::Router;
use textpeak_server::{router, seed, AppState, Db};

pub use actions::*;
pub use client::*;
pub use compose::*;
pub use db::*;
pub use resources::*;
pub use start::*;

pub const SEEDED_CONVERSATIONS: u32 = 200;
/// Where the tests' servers look for a build of the app: nowhere.
pub const NO_DIST: &str = "/nonexistent/textpeak-dist";

/// One seeded database per test binary: seeding hashes 18 passwords, so do it once.
pub fn seeded_state() -> AppState {
    static STATE: OnceLock<AppState> = OnceLock::new();
    STATE
        .get_or_init(|| AppState::new(seeded_db(SEEDED_CONVERSATIONS), NO_DIST))
        .clone()
}

/// The server over the database shared by the tests of a binary.
pub fn app() -> Router {
    router(seeded_state())
}

/// The server over the shared database, that database, and its conversations as raw rows (for
/// the tests that check the server's answers against them).
pub fn seeded_app_and_rows() -> (Router, AppState, Vec<Row>) {
    let state = seeded_state();
    let rows = rows_of(&state.db);
    (router(state.clone()), state, rows)
}

/// A fresh in-memory database with the demo data and `conversations` conversations.
pub fn seeded_db(conversations: u32) -> Db {
    let db = Db::open_in_memory().unwrap();
    db.with_conn(|conn| seed::seed(conn, conversations))
        .unwrap();
    db
}

/// A server over a seeded database only this test changes, and that database.
pub fn own_app(conversations: u32) -> (Router, Db) {
    let db = seeded_db(conversations);
    (router(AppState::new(db.clone(), NO_DIST)), db)
}

pub fn temp_dir(label: &str) -> PathBuf {
    static N: AtomicU32 = AtomicU32::new(0);
    let dir = std::env::temp_dir().join(format!(
        "textpeak-test-{label}-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The item `pick` selects; `what` names it in the panic when there is none.
pub fn find<T>(items: impl IntoIterator<Item = T>, what: &str, pick: impl Fn(&T) -> bool) -> T {
    items
        .into_iter()
        .find(|x| pick(x))
        .unwrap_or_else(|| panic!("no {what}"))
}

/// A name no other test of the binary uses: `label` and a counter.
pub fn unique(label: &str) -> String {
    static N: AtomicU32 = AtomicU32::new(0);
    format!("{label} {}", N.fetch_add(1, Ordering::Relaxed))
}

/// An e-mail address no other test of the binary uses, at acme.test.
pub fn unique_email(label: &str) -> String {
    format!("{}@acme.test", unique(label).replace(' ', "."))
}
