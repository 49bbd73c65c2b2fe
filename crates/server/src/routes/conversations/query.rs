//! The query strings of the dashboard: `limit`, the list's filter and `cursor`, the thread's
//! `before`.

use textpeak_api::ConversationFilter;

use crate::http::extract::ApiQueryPairs;
use crate::http::problem::ApiError;
use crate::store::conversations::cursor::Cursor;
use crate::store::conversations::list::PageRequest;

pub const DEFAULT_LIMIT: usize = 50;
pub const MAX_LIMIT: usize = 200;

/// `limit`: default 50, at most 200, at least 1.
pub fn limit_of(pairs: &[(String, String)]) -> Result<usize, ApiError> {
    match pairs.iter().rev().find(|(k, _)| k == "limit") {
        None => Ok(DEFAULT_LIMIT),
        Some((_, v)) if v.trim().is_empty() => Ok(DEFAULT_LIMIT),
        Some((_, v)) => v
            .trim()
            .parse::<usize>()
            .map(|n| n.clamp(1, MAX_LIMIT))
            .map_err(|_| ApiError::validation("limit", "limit must be a number from 1 to 200")),
    }
}

/// `GET /api/spaces/{id}/conversations?…`: the filter, `limit` and `cursor`.
pub fn page_request(query: &ApiQueryPairs) -> Result<PageRequest, ApiError> {
    let filter = ConversationFilter::from_query(query.0.iter().cloned());
    let limit = limit_of(&query.0)?;
    let cursor = query
        .get("cursor")
        .map(|c| Cursor::decode(c, "cursor"))
        .transpose()?;
    Ok(PageRequest {
        filter,
        limit,
        cursor,
    })
}

/// `GET /api/conversations/{id}/messages?before=&limit=`: `limit`, and `before`, which must be
/// a thread cursor.
pub fn thread_request(query: &ApiQueryPairs) -> Result<(usize, Option<Cursor>), ApiError> {
    let limit = limit_of(&query.0)?;
    let before = query
        .get("before")
        .map(|c| Cursor::decode(c, "before"))
        .transpose()?;
    if before.as_ref().is_some_and(|c| c.part != 'm') {
        return Err(ApiError::validation(
            "before",
            "The cursor is not a thread cursor",
        ));
    }
    Ok((limit, before))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_default_and_clamp() {
        let q = |v: &str| vec![("limit".to_owned(), v.to_owned())];
        assert_eq!(limit_of(&[]).unwrap(), DEFAULT_LIMIT);
        assert_eq!(limit_of(&q("10")).unwrap(), 10);
        assert_eq!(limit_of(&q("0")).unwrap(), 1);
        assert_eq!(limit_of(&q("100000")).unwrap(), MAX_LIMIT);
        assert!(limit_of(&q("ten")).is_err());
    }
}
