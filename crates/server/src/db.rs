//! The SQLite database, used from blocking threads: one writer connection behind a mutex
//! ([`Db::call`], [`Db::with_conn`]) and a small pool of read-only connections
//! ([`Db::read`]), so that lists, threads and streams do not queue behind each other or
//! behind a write.
//!
//! SQLite allows one writer at a time anyway; under WAL its readers neither block the writer
//! nor wait for it, each seeing the last commit from when its statement (or transaction)
//! began. A `:memory:` database (tests) lives in one connection and cannot be shared: there
//! `read` runs on the writer, with `PRAGMA query_only` on for the call, so that a read
//! handler that writes fails in the tests as it would on the read-only pool.

use std::path::Path;
use std::sync::{Arc, LazyLock, Mutex, PoisonError};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, OptionalExtension};
use rusqlite_migration::{Migrations, M};
use tokio::sync::{Notify, Semaphore};

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

/// How many read-only connections a file database gets: enough for the two cores this
/// server usually has and a few requests waiting on the disk, few enough to stay small.
pub const READERS: usize = 4;

/// How long a connection waits for a lock (another process's write, a checkpoint) before it
/// fails with "database is locked".
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

#[derive(Clone)]
pub struct Db {
    /// The one writer; every write goes through it.
    conn: Arc<Mutex<Connection>>,
    /// None for `:memory:`: reads then run on the writer.
    readers: Option<Arc<ReadPool>>,
    /// Notified after every [`Db::call`]: the live hub (`live::hub`) then looks for new rows of
    /// the event log at once instead of at its next poll.
    changed: Arc<Notify>,
}

/// Read-only connections, each lent to one blocking task at a time. A permit of `permits` is
/// a claim on one idle connection, so waiting for a connection is an async wait that holds no
/// blocking thread, and `idle` is only ever locked for a push or a pop.
struct ReadPool {
    idle: Mutex<Vec<Connection>>,
    permits: Arc<Semaphore>,
}

impl ReadPool {
    fn open(path: &Path, size: usize) -> rusqlite::Result<ReadPool> {
        let connections = (0..size)
            .map(|_| open_reader(path))
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(ReadPool {
            idle: Mutex::new(connections),
            permits: Arc::new(Semaphore::new(size)),
        })
    }

    /// Runs `f` on an idle connection; the caller holds a permit, so there is one.
    fn run<T>(&self, f: impl FnOnce(&Connection) -> T) -> T {
        let conn = self
            .idle
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .pop()
            .expect("a read permit always leaves an idle connection");
        // Given back even when `f` panics: a read-only connection has nothing half-done.
        let lent = Lent {
            pool: self,
            conn: Some(conn),
        };
        f(lent.conn.as_ref().expect("lent until dropped"))
    }
}

/// A connection out of the pool, returned to it on drop.
struct Lent<'p> {
    pool: &'p ReadPool,
    conn: Option<Connection>,
}

impl Drop for Lent<'_> {
    fn drop(&mut self) {
        if let Some(conn) = self.conn.take() {
            self.pool
                .idle
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .push(conn);
        }
    }
}

/// A connection that cannot write: opened read-only, so that SQLite itself refuses a write
/// that slipped into a read handler.
fn open_reader(path: &Path) -> rusqlite::Result<Connection> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY
            | OpenFlags::SQLITE_OPEN_NO_MUTEX
            | OpenFlags::SQLITE_OPEN_URI,
    )?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
    Ok(conn)
}

impl Db {
    /// Opens (creating if needed) and migrates a database file, or `:memory:`.
    pub fn open(path: impl AsRef<Path>) -> Result<Db, BoxError> {
        let path = path.as_ref();
        let in_memory = path == Path::new(":memory:");
        let mut conn = if in_memory {
            Connection::open_in_memory()?
        } else {
            Connection::open(path)?
        };
        configure(&conn)?;
        MIGRATIONS.to_latest(&mut conn)?;
        // After the migrations, so that the readers find the WAL file and the latest schema.
        let readers = if in_memory {
            None
        } else {
            Some(Arc::new(ReadPool::open(path, READERS)?))
        };
        Ok(Db {
            conn: Arc::new(Mutex::new(conn)),
            readers,
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

    /// Runs `f` on a read-only connection on a blocking thread, beside the writer and the other
    /// reads: for handlers that only read. It sees every write committed before it began; a
    /// write fails (`SQLITE_READONLY`). When all readers are busy it waits for one without
    /// holding a thread.
    pub async fn read<T, F>(&self, f: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&Connection) -> Result<T, ApiError> + Send + 'static,
    {
        let Some(pool) = self.readers.clone() else {
            let db = self.clone();
            return tokio::task::spawn_blocking(move || db.with_conn(|conn| read_only(conn, f)))
                .await
                .map_err(|e| ApiError::internal(format!("database task failed: {e}")))?;
        };
        let permit = pool
            .permits
            .clone()
            .acquire_owned()
            .await
            .map_err(|_| ApiError::internal("the read pool is closed"))?;
        // The permit goes with the task, not this future: if the request is dropped while the
        // query runs, the connection is still out until the task ends.
        tokio::task::spawn_blocking(move || {
            let answer = pool.run(f);
            drop(permit);
            answer
        })
        .await
        .map_err(|e| ApiError::internal(format!("database task failed: {e}")))?
    }

    /// How many read-only connections this database has (0 for `:memory:`).
    pub fn reader_count(&self) -> usize {
        self.readers.as_ref().map_or(0, |_| READERS)
    }

    /// Runs `f` on the connection on the current thread (start-up, commands, tests).
    pub fn with_conn<T>(&self, f: impl FnOnce(&mut Connection) -> T) -> T {
        // A panic while holding the lock leaves no half-done transaction behind (rusqlite rolls
        // back on drop), so the connection is still good.
        let mut conn = self.conn.lock().unwrap_or_else(PoisonError::into_inner);
        f(&mut conn)
    }
}

/// [`Db::read`] on the writer of a `:memory:` database: `query_only` refuses writes for the
/// call and is switched off again afterwards, even when `f` fails.
fn read_only<T>(
    conn: &mut Connection,
    f: impl FnOnce(&Connection) -> Result<T, ApiError>,
) -> Result<T, ApiError> {
    struct Restore<'c>(&'c Connection);
    impl Drop for Restore<'_> {
        fn drop(&mut self) {
            if let Err(e) = self.0.pragma_update(None, "query_only", false) {
                tracing::error!(error = %e, "cannot switch query_only off again");
            }
        }
    }
    conn.pragma_update(None, "query_only", true)?;
    let restore = Restore(conn);
    f(restore.0)
}

fn configure(conn: &Connection) -> rusqlite::Result<()> {
    // WAL lets readers (the sqlite3 shell, backups) work beside the server; NORMAL is durable
    // enough under WAL. In-memory databases silently stay in "memory" mode.
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
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
