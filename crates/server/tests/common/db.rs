//! Reading the database directly, independently of the server's own code: one value, one
//! column, the conversations as stored, and who may see them by the shared rule.

use std::collections::{BTreeMap, BTreeSet};

use rusqlite::types::FromSql;
use rusqlite::{Connection, Params};
use textpeak_api::permissions::{self, ConversationAccess, Membership, Subject};
use textpeak_server::Db;

/// The first column of the one row `sql` selects.
pub fn scalar<T: FromSql>(conn: &Connection, sql: &str, params: impl Params) -> T {
    conn.query_row(sql, params, |r| r.get(0))
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
}

/// The first column of every row `sql` selects.
pub fn column<T: FromSql>(conn: &Connection, sql: &str, params: impl Params) -> Vec<T> {
    conn.prepare(sql)
        .unwrap()
        .query_map(params, |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
}

/// [`scalar`] on the database.
pub fn db_scalar<T: FromSql>(db: &Db, sql: &str, params: impl Params) -> T {
    db.with_conn(|c| scalar(c, sql, params))
}

/// Runs an INSERT (or any statement) and answers the last inserted row id.
pub fn insert(conn: &Connection, sql: &str, params: impl Params) -> rusqlite::Result<i64> {
    conn.execute(sql, params)?;
    Ok(conn.last_insert_rowid())
}

/// A conversation as stored.
#[derive(Debug, Clone)]
pub struct Row {
    pub id: i64,
    pub space: i64,
    pub team: i64,
    pub assignee: Option<i64>,
    pub status: String,
    pub stream: String,
    pub unread: i64,
    pub tags: BTreeSet<i64>,
}

/// Every conversation, by id.
pub fn rows_of(db: &Db) -> Vec<Row> {
    db.with_conn(|c| {
        let mut tags: BTreeMap<i64, BTreeSet<i64>> = BTreeMap::new();
        let mut stmt = c
            .prepare("SELECT conversation_id, tag_id FROM conversation_tags")
            .unwrap();
        let pairs = stmt
            .query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?)))
            .unwrap();
        for p in pairs {
            let (conv, tag) = p.unwrap();
            tags.entry(conv).or_default().insert(tag);
        }
        let mut stmt = c
            .prepare(
                "SELECT id, space_id, team_id, assignee_id, status, stream, unread_count
                 FROM conversations ORDER BY id",
            )
            .unwrap();
        stmt.query_map([], |r| {
            let id: i64 = r.get(0)?;
            Ok(Row {
                id,
                space: r.get(1)?,
                team: r.get(2)?,
                assignee: r.get(3)?,
                status: r.get(4)?,
                stream: r.get(5)?,
                unread: r.get(6)?,
                tags: tags.get(&id).cloned().unwrap_or_default(),
            })
        })
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
    })
}

/// A user's spaces and teams, from the membership tables.
pub fn membership_of(db: &Db, user_id: i64) -> Membership {
    let ids = |sql: &str| -> Vec<i64> { db.with_conn(|c| column(c, sql, [user_id])) };
    Membership {
        user_id,
        assigned_spaces: ids("SELECT space_id FROM space_members WHERE user_id = ?1"),
        member_of_teams: ids("SELECT team_id FROM team_members WHERE user_id = ?1"),
        manages_teams: ids(
            "SELECT team_id FROM team_members WHERE user_id = ?1 AND is_manager = 1",
        ),
    }
}

/// `permissions::can_see_conversation` for a stored row.
pub fn can_see(subject: &Subject, membership: &Membership, row: &Row) -> bool {
    permissions::can_see_conversation(
        subject,
        membership,
        ConversationAccess {
            space_id: row.space,
            team_id: row.team,
            assignee_id: row.assignee,
        },
    )
}
