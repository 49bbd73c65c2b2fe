//! Reading what the settings pages list. A settings row (a space with its teams, a person with
//! their spaces, a profile with its senders) takes several queries, so lists first select the
//! ids in scope and then read each row the way a single-item answer does: the list and the
//! answer to an edit cannot drift apart.

use rusqlite::{Connection, OptionalExtension, Params, Row};
use textpeak_api::{NamedRef, TeamRef, UserRef};

use crate::http::problem::ApiError;

/// The rows for the ids that `ids_sql` selects with `?1` bound to `param` (a tenant or a
/// space), in its order, each read by `row`. The ids are collected before any row is read, so
/// the selecting statement is finished by then.
pub fn rows_by_id<T>(
    conn: &Connection,
    ids_sql: &str,
    param: i64,
    row: impl FnMut(i64) -> Result<T, ApiError>,
) -> Result<Vec<T>, ApiError> {
    let ids: Vec<i64> = conn
        .prepare_cached(ids_sql)?
        .query_map([param], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    ids.into_iter().map(row).collect()
}

/// Every row `sql` selects, each built by `row`, in its order.
pub fn all_rows<T>(
    conn: &Connection,
    sql: &str,
    params: impl Params,
    row: impl FnMut(&Row) -> rusqlite::Result<T>,
) -> Result<Vec<T>, ApiError> {
    let rows = conn
        .prepare(sql)?
        .query_map(params, row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// The one row `sql` selects, built by `row`; 404 when it selects none.
pub fn found_row<T>(
    conn: &Connection,
    sql: &str,
    params: impl Params,
    row: impl FnOnce(&Row) -> rusqlite::Result<T>,
) -> Result<T, ApiError> {
    conn.query_row(sql, params, row)
        .optional()?
        .ok_or_else(ApiError::not_found)
}

/// A reference type of the API built from an id and a name (`NamedRef`, `TeamRef`, `UserRef`:
/// the same two fields, separate API types).
pub trait IdName {
    fn id_name(id: i64, name: String) -> Self;
}

macro_rules! id_name {
    ($($ty:ty),*) => {$(
        impl IdName for $ty {
            fn id_name(id: i64, name: String) -> Self {
                Self { id, name }
            }
        }
    )*};
}

id_name!(NamedRef, TeamRef, UserRef);

/// What a settings row lists through a link table: the rows of a table joined to the row `?1`.
#[derive(Debug, Clone, Copy)]
pub enum Linked {
    /// The users assigned to a space.
    SpaceMembers,
    /// The spaces a user is assigned to.
    UserSpaces,
    /// The teams a user belongs to.
    UserTeams,
    /// The teams a restricted sender profile is available to.
    ProfileTeams,
    /// The agents a restricted sender profile is available to.
    ProfileAgents,
}

impl Linked {
    /// The link table, its column of `?1`, the listed table and the link table's column of it.
    fn tables(self) -> (&'static str, &'static str, &'static str, &'static str) {
        match self {
            Linked::SpaceMembers => ("space_members", "space_id", "users", "user_id"),
            Linked::UserSpaces => ("space_members", "user_id", "spaces", "space_id"),
            Linked::UserTeams => ("team_members", "user_id", "teams", "team_id"),
            Linked::ProfileTeams => (
                "sender_profile_teams",
                "sender_profile_id",
                "teams",
                "team_id",
            ),
            Linked::ProfileAgents => (
                "sender_profile_users",
                "sender_profile_id",
                "users",
                "user_id",
            ),
        }
    }
}

/// The `(id, name)` of the rows `linked` to `id` (aliased `x`) that meet `condition`, by name
/// then id, as the reference type `T`.
pub fn linked<T: IdName>(
    conn: &Connection,
    linked: Linked,
    id: i64,
    condition: &str,
) -> Result<Vec<T>, ApiError> {
    let (link, by, table, to) = linked.tables();
    let sql = format!(
        "SELECT x.id, x.name FROM {link} l JOIN {table} x ON x.id = l.{to}
         WHERE l.{by} = ?1 AND {condition} ORDER BY x.name, x.id"
    );
    let refs = conn
        .prepare_cached(&sql)?
        .query_map([id], |r| Ok(T::id_name(r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(refs)
}
