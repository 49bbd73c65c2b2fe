//! Reading the API's wire values out of columns: enums from text, optional references from
//! an id and a name.

use textpeak_api::UserRef;

/// A wire enum read from a column, e.g. `wire(Stream::parse, 5, r.get(5)?)`.
pub fn wire<T>(parse: fn(&str) -> Option<T>, idx: usize, s: String) -> rusqlite::Result<T> {
    parse(&s).ok_or_else(|| {
        rusqlite::Error::FromSqlConversionFailure(
            idx,
            rusqlite::types::Type::Text,
            format!("unexpected value {s:?}").into(),
        )
    })
}

/// An optional wire enum: None for a NULL column `idx`, e.g. `optional_wire(Stream::parse, r, 3)`.
pub fn optional_wire<T>(
    parse: fn(&str) -> Option<T>,
    r: &rusqlite::Row,
    idx: usize,
) -> rusqlite::Result<Option<T>> {
    r.get::<_, Option<String>>(idx)?
        .map(|s| wire(parse, idx, s))
        .transpose()
}

/// The user whose id is column `idx` and whose name is the next one; None for a NULL id.
pub fn user_ref(r: &rusqlite::Row, idx: usize) -> rusqlite::Result<Option<UserRef>> {
    r.get::<_, Option<i64>>(idx)?
        .map(|id| {
            Ok(UserRef {
                id,
                name: r.get(idx + 1)?,
            })
        })
        .transpose()
}
