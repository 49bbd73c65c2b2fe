//! Reading the API's wire enums out of text columns.

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
