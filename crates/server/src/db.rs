//! The SQLite database: one connection behind a mutex, used from blocking threads.
//!
//! One connection keeps `:memory:` databases (tests) working and is plenty for a reference
//! server; SQLite serialises writers anyway.

use std::path::Path;
use std::sync::{Arc, LazyLock, Mutex, PoisonError};

use tokio::sync::Notify;

use rusqlite::{Connection, OptionalExtension};
use rusqlite_migration::{Migrations, M};

use crate::http::problem::ApiError;

pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

static MIGRATIONS: LazyLock<Migrations<'static>> = LazyLock::new(|| {
    Migrations::new(vec![
        M::up(include_str!("../migrations/0001_domain.sql")),
        M::up(include_str!("../migrations/0002_dashboard_search.sql")),
        M::up(include_str!("../migrations/0003_composer.sql")),
        M::up_with_hook(
            include_str!("../migrations/0004_actions.sql"),
            reparse_edited_schema,
        ),
        M::up(include_str!("../migrations/0005_events.sql")),
    ])
});

/// What 0004 writes into the stored CREATE TABLE texts (see the migration).
const EDITED_CHECKS: [(&str, &str); 2] = [
    ("conversations", "'open', 'snoozed', 'closed'"),
    ("messages", "'woken_by_contact', 'started'"),
];

/// After a migration edited `sqlite_schema` under `writable_schema`: bumps `schema_version`,
/// so that every connection (this one included) parses the edited schema before its next
/// statement, and checks that the edits took (a `replace` that found nothing changes nothing).
fn reparse_edited_schema(tx: &rusqlite::Transaction) -> rusqlite_migration::HookResult {
    let version: i64 = tx.query_row("PRAGMA schema_version", [], |r| r.get(0))?;
    tx.pragma_update(None, "schema_version", version + 1)?;
    for (table, allowed) in EDITED_CHECKS {
        let sql: String = tx.query_row(
            "SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = ?1",
            [table],
            |r| r.get(0),
        )?;
        if !sql.contains(allowed) {
            return Err(rusqlite_migration::HookError::Hook(format!(
                "the CHECK constraint of {table} was not widened"
            )));
        }
    }
    Ok(())
}

#[derive(Clone)]
pub struct Db {
    conn: Arc<Mutex<Connection>>,
    /// Notified after every [`Db::call`]: the live hub (`live::hub`) then looks for new rows of
    /// the event log at once instead of at its next poll.
    changed: Arc<Notify>,
}

impl Db {
    /// Opens (creating if needed) and migrates a database file, or `:memory:`.
    pub fn open(path: impl AsRef<Path>) -> Result<Db, BoxError> {
        let path = path.as_ref();
        let mut conn = if path == Path::new(":memory:") {
            Connection::open_in_memory()?
        } else {
            Connection::open(path)?
        };
        configure(&conn)?;
        MIGRATIONS.to_latest(&mut conn)?;
        Ok(Db {
            conn: Arc::new(Mutex::new(conn)),
            changed: Arc::new(Notify::new()),
        })
    }

    pub fn open_in_memory() -> Result<Db, BoxError> {
        Db::open(":memory:")
    }

    /// Runs `f` on the connection on a blocking thread, so that the async workers never wait
    /// for SQLite.
    pub async fn call<T, F>(&self, f: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Connection) -> Result<T, ApiError> + Send + 'static,
    {
        let db = self.clone();
        let answer = tokio::task::spawn_blocking(move || db.with_conn(f))
            .await
            .map_err(|e| ApiError::internal(format!("database task failed: {e}")))?;
        // Any call may have written events; one stored permit is enough for the hub.
        self.changed.notify_one();
        answer
    }

    /// What [`Db::call`] notifies after each call.
    pub fn changed(&self) -> Arc<Notify> {
        self.changed.clone()
    }

    /// Runs `f` on the connection on the current thread (start-up, commands, tests).
    pub fn with_conn<T>(&self, f: impl FnOnce(&mut Connection) -> T) -> T {
        // A panic while holding the lock leaves no half-done transaction behind (rusqlite rolls
        // back on drop), so the connection is still good.
        let mut conn = self.conn.lock().unwrap_or_else(PoisonError::into_inner);
        f(&mut conn)
    }
}

fn configure(conn: &Connection) -> rusqlite::Result<()> {
    // WAL lets readers (the sqlite3 shell, backups) work beside the server; NORMAL is durable
    // enough under WAL. In-memory databases silently stay in "memory" mode.
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    Ok(())
}

/// The first column of the one row `sql` selects, or None when it selects no row.
pub fn optional_value<T: rusqlite::types::FromSql>(
    conn: &Connection,
    sql: &str,
    params: impl rusqlite::Params,
) -> rusqlite::Result<Option<T>> {
    conn.query_row(sql, params, |r| r.get(0)).optional()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_are_valid_and_apply_to_memory() {
        MIGRATIONS.validate().unwrap();
        let db = Db::open_in_memory().unwrap();
        let (fk, roles): (i64, i64) = db.with_conn(|c| {
            let fk = c
                .query_row("PRAGMA foreign_keys", [], |r| r.get(0))
                .unwrap();
            let roles = c
                .query_row("SELECT count(*) FROM roles WHERE builtin = 1", [], |r| {
                    r.get(0)
                })
                .unwrap();
            (fk, roles)
        });
        assert_eq!(fk, 1);
        assert_eq!(roles, 3);
    }
}
