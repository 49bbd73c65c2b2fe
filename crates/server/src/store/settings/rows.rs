//! Reading what the settings pages list. A settings row (a space with its teams, a person with
//! their spaces, a profile with its senders) takes several queries, so lists first select the
//! ids in scope and then read each row the way a single-item answer does: the list and the
//! answer to an edit cannot drift apart.

use rusqlite::Connection;

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

/// The `(id, name)` pairs that `sql` selects with `?1` bound to `param`, as the reference type
/// `make` builds (`NamedRef`, `TeamRef`, `UserRef`: the same two fields, separate API types).
pub fn id_names<T>(
    conn: &Connection,
    sql: &str,
    param: i64,
    make: impl Fn(i64, String) -> T,
) -> Result<Vec<T>, ApiError> {
    let refs = conn
        .prepare_cached(sql)?
        .query_map([param], |r| Ok(make(r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(refs)
}
