//! The dashboard: the conversation list of a space (views, filters, search, sort, keyset
//! pagination), its filter menus, a conversation's details and thread, and marking it read.
//!
//! Every query is restricted by `access::conversation_visibility_sql`, the SQL form of
//! `permissions::can_see_conversation`, so the app never receives what the user may not see.

use std::collections::HashMap;

use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::Json;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use rusqlite::types::Value;
use rusqlite::{params, params_from_iter, Connection, OptionalExtension, Row};
use textpeak_api::permissions::{self, Membership};
use textpeak_api::{
    Capability, ContactInfo, ConversationDetail, ConversationFilter, ConversationPage,
    ConversationStatus, ConversationSummary, DeliveryStatus, Direction, ErrorCode, InboxView,
    Message, MessageKind, MessagePage, SortOrder, SpaceFilters, Stream, Subject, TagRef, TeamRef,
    UserRef, ViewCounts,
};

use crate::access::{self, Viewer};
use crate::api::ApiPath;
use crate::auth::Authenticated;
use crate::clock;
use crate::problem::ApiError;
use crate::AppState;

pub const DEFAULT_LIMIT: usize = 50;
pub const MAX_LIMIT: usize = 200;
/// Searches shorter than this match contacts only, not message text.
pub const MIN_TEXT_SEARCH: usize = 3;

type QueryPairs = Result<Query<Vec<(String, String)>>, QueryRejection>;

/// The caller, allowed to use the inbox, with the SQL condition of what they may see.
struct Caller {
    viewer: Viewer,
    subject: Subject,
    membership: Membership,
    visible: String,
}

impl Caller {
    fn load(conn: &Connection, user_id: i64) -> Result<Caller, ApiError> {
        let viewer = Viewer::load(conn, user_id)?;
        let subject = viewer.require_inbox()?;
        let membership = viewer.membership(conn)?;
        let visible = access::conversation_visibility_sql(&subject, &membership);
        Ok(Caller {
            viewer,
            subject,
            membership,
            visible,
        })
    }

    /// 404 unless the space is the caller's tenant's and in their scope.
    fn require_space(&self, conn: &Connection, space_id: i64) -> Result<(), ApiError> {
        if access::space_in_scope(
            conn,
            self.viewer.tenant.id,
            space_id,
            &self.subject,
            &self.membership,
        )? {
            Ok(())
        } else {
            Err(ApiError::not_found())
        }
    }

    /// 404 unless the conversation exists in the caller's tenant and they may see it.
    fn require_conversation(&self, conn: &Connection, id: i64) -> Result<(), ApiError> {
        let sql = format!(
            "SELECT 1 FROM conversations c WHERE c.id = ?1 AND c.tenant_id = ?2 AND {}",
            self.visible
        );
        if conn
            .prepare(&sql)?
            .exists(params![id, self.viewer.tenant.id])?
        {
            Ok(())
        } else {
            Err(ApiError::not_found())
        }
    }
}

fn pairs(query: QueryPairs) -> Result<Vec<(String, String)>, ApiError> {
    match query {
        Ok(Query(pairs)) => Ok(pairs),
        Err(e) => Err(ApiError::validation("query", e.body_text())),
    }
}

/// `limit`: default 50, at most 200, at least 1.
fn limit_of(pairs: &[(String, String)]) -> Result<usize, ApiError> {
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

fn param<'a>(pairs: &'a [(String, String)], key: &str) -> Option<&'a str> {
    pairs
        .iter()
        .rev()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.trim())
        .filter(|v| !v.is_empty())
}

/// An opaque position in a list: which part of the ordering, the sort key and the id of the
/// last row shown.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Cursor {
    part: char,
    key: String,
    id: i64,
}

impl Cursor {
    fn encode(&self) -> String {
        URL_SAFE_NO_PAD.encode(format!("{}|{}|{}", self.part, self.key, self.id))
    }

    fn decode(s: &str, field: &str) -> Result<Cursor, ApiError> {
        let invalid = || ApiError::validation(field, "The cursor is not valid; reload the list");
        let bytes = URL_SAFE_NO_PAD.decode(s).map_err(|_| invalid())?;
        let text = String::from_utf8(bytes).map_err(|_| invalid())?;
        let mut it = text.splitn(3, '|');
        let part = it
            .next()
            .and_then(|p| p.chars().next())
            .ok_or_else(invalid)?;
        let key = it.next().ok_or_else(invalid)?.to_owned();
        let id = it.next().and_then(|i| i.parse().ok()).ok_or_else(invalid)?;
        Ok(Cursor { part, key, id })
    }
}

/// Escapes `%`, `_` and `\` for `LIKE … ESCAPE '\'` and wraps the text in `%`.
fn like_pattern(q: &str) -> String {
    let mut p = String::with_capacity(q.len() + 2);
    p.push('%');
    for ch in q.chars() {
        if matches!(ch, '%' | '_' | '\\') {
            p.push('\\');
        }
        p.push(ch);
    }
    p.push('%');
    p
}

/// A FROM and WHERE clause with positional parameters, over a conversations row `c`.
#[derive(Clone)]
struct Conditions {
    from: String,
    from_params: Vec<Value>,
    sql: Vec<String>,
    params: Vec<Value>,
}

impl Default for Conditions {
    fn default() -> Self {
        Conditions {
            from: "conversations c".into(),
            from_params: Vec::new(),
            sql: Vec::new(),
            params: Vec::new(),
        }
    }
}

impl Conditions {
    /// The parameters in placeholder order: FROM, then WHERE.
    fn all_params(&self) -> impl Iterator<Item = &Value> {
        self.from_params.iter().chain(&self.params)
    }

    fn push(&mut self, sql: impl Into<String>, params: impl IntoIterator<Item = Value>) {
        self.sql.push(sql.into());
        self.params.extend(params);
    }

    fn text(&self) -> String {
        self.sql.join(" AND ")
    }
}

/// Everything of the filter except the view: what the counts are computed over.
fn base_conditions(caller: &Caller, space_id: i64, filter: &ConversationFilter) -> Conditions {
    let mut w = Conditions::default();
    w.push("c.space_id = ?", [Value::Integer(space_id)]);
    w.push(format!("({})", caller.visible), []);
    if let Some(status) = filter.status {
        w.push("c.status = ?", [Value::Text(status.as_str().into())]);
    }
    if let Some(stream) = filter.stream {
        w.push("c.stream = ?", [Value::Text(stream.as_str().into())]);
    }
    if let Some(team) = filter.team {
        w.push("c.team_id = ?", [Value::Integer(team)]);
    }
    if let Some(tag) = filter.tag {
        w.push(
            "EXISTS (SELECT 1 FROM conversation_tags ct WHERE ct.conversation_id = c.id AND ct.tag_id = ?)",
            [Value::Integer(tag)],
        );
    }
    if filter.unread {
        w.push("c.unread_count > 0", []);
    }
    if let Some(q) = filter.q.as_deref().map(str::trim).filter(|q| !q.is_empty()) {
        let (hits, params) = search_hits(caller.viewer.tenant.id, space_id, q);
        // Driven from the (usually few) hits rather than from the whole space.
        w.from = format!("({hits}) h CROSS JOIN conversations c ON c.id = h.id");
        w.from_params = params;
    }
    w
}

/// An FTS5 phrase: a case-insensitive substring query for the trigram indexes.
fn fts_phrase(text: &str) -> String {
    format!("\"{}\"", text.replace('"', "\"\""))
}

/// The ids of the conversations a search finds: contact name, phone number (also typed with
/// spaces or dashes), Telegram handle (with or without `@`), or the text of any message.
/// Three characters or more use the trigram indexes of migration 0002. Shorter searches look at
/// the contacts only: one or two letters occur in nearly every message, and scanning every
/// message of a 100,000-conversation space for them takes seconds.
fn search_hits(tenant_id: i64, space_id: i64, q: &str) -> (String, Vec<Value>) {
    let handle = q.strip_prefix('@').unwrap_or(q);
    let looks_like_number = q
        .chars()
        .all(|c| c.is_ascii_digit() || " +-()/.".contains(c));
    let phone: String = q
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == '+')
        .collect();
    let long_enough = |s: &str| s.chars().count() >= MIN_TEXT_SEARCH;
    if long_enough(q) && long_enough(handle) {
        let mut contact_query = format!("{} OR {}", fts_phrase(q), fts_phrase(handle));
        if looks_like_number && long_enough(&phone) {
            contact_query.push_str(&format!(" OR phone : {}", fts_phrase(&phone)));
        }
        (
            "SELECT c2.id FROM conversations c2 WHERE c2.contact_id IN
                 (SELECT rowid FROM contacts_fts WHERE contacts_fts MATCH ?)
             UNION
             SELECT m.conversation_id FROM messages m WHERE m.id IN
                 (SELECT rowid FROM messages_fts WHERE messages_fts MATCH ?)"
                .into(),
            vec![Value::Text(contact_query), Value::Text(fts_phrase(q))],
        )
    } else {
        let pattern = like_pattern(q);
        let phone_pattern = if looks_like_number && !phone.is_empty() {
            like_pattern(&phone)
        } else {
            pattern.clone()
        };
        (
            // `+` keeps SQLite from walking the whole space for every contact.
            "SELECT c2.id FROM contacts k CROSS JOIN conversations c2 ON c2.contact_id = k.id
             WHERE k.tenant_id = ? AND +c2.space_id = ?
               AND (k.name LIKE ? ESCAPE '\\' OR k.phone LIKE ? ESCAPE '\\'
                    OR k.telegram_handle LIKE ? ESCAPE '\\')"
                .into(),
            vec![
                Value::Integer(tenant_id),
                Value::Integer(space_id),
                Value::Text(pattern),
                Value::Text(phone_pattern),
                Value::Text(like_pattern(handle)),
            ],
        )
    }
}

const SUMMARY_COLUMNS: &str = "c.id, c.contact_id, k.name, k.phone, k.telegram_handle, c.stream,
    c.status, c.team_id, t.name, c.assignee_id, u.name, c.last_message_preview,
    c.last_activity_at, c.waiting_since, c.unread_count";
const SUMMARY_JOINS: &str = "JOIN contacts k ON k.id = c.contact_id
    JOIN teams t ON t.id = c.team_id
    LEFT JOIN users u ON u.id = c.assignee_id";

/// A wire enum read from a column, e.g. `wire(Stream::parse, 5, r.get(5)?)`.
pub(super) fn wire<T>(parse: fn(&str) -> Option<T>, idx: usize, s: String) -> rusqlite::Result<T> {
    parse(&s).ok_or_else(|| {
        rusqlite::Error::FromSqlConversionFailure(
            idx,
            rusqlite::types::Type::Text,
            format!("unexpected value {s:?}").into(),
        )
    })
}

/// A summary without its tags (see [`attach_tags`]), from [`SUMMARY_COLUMNS`].
fn summary_from_row(r: &Row) -> rusqlite::Result<ConversationSummary> {
    let assignee = match r.get::<_, Option<i64>>(9)? {
        Some(id) => Some(UserRef {
            id,
            name: r.get(10)?,
        }),
        None => None,
    };
    Ok(ConversationSummary {
        id: r.get(0)?,
        contact: ContactInfo {
            id: r.get(1)?,
            name: r.get(2)?,
            phone: r.get(3)?,
            telegram: r.get(4)?,
        },
        stream: wire(Stream::parse, 5, r.get(5)?)?,
        status: wire(ConversationStatus::parse, 6, r.get(6)?)?,
        team: TeamRef {
            id: r.get(7)?,
            name: r.get(8)?,
        },
        assignee,
        tags: Vec::new(),
        preview: r.get(11)?,
        last_activity_at: r.get(12)?,
        waiting_since: r.get(13)?,
        unread_count: r.get(14)?,
    })
}

fn attach_tags(conn: &Connection, items: &mut [ConversationSummary]) -> rusqlite::Result<()> {
    if items.is_empty() {
        return Ok(());
    }
    let ids = items
        .iter()
        .map(|c| c.id.to_string())
        .collect::<Vec<_>>()
        .join(",");
    let mut stmt = conn.prepare(&format!(
        "SELECT ct.conversation_id, g.id, g.name, g.color
         FROM conversation_tags ct JOIN tags g ON g.id = ct.tag_id
         WHERE ct.conversation_id IN ({ids}) ORDER BY g.name, g.id"
    ))?;
    let mut by_conversation: HashMap<i64, Vec<TagRef>> = HashMap::new();
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            TagRef {
                id: r.get(1)?,
                name: r.get(2)?,
                color: r.get(3)?,
            },
        ))
    })?;
    for row in rows {
        let (id, tag) = row?;
        by_conversation.entry(id).or_default().push(tag);
    }
    for item in items {
        item.tags = by_conversation.remove(&item.id).unwrap_or_default();
    }
    Ok(())
}

/// One part of an ordering: its rows, their order and the key a cursor records.
struct Part {
    tag: char,
    /// Extra condition selecting the rows of this part.
    only: &'static str,
    key: &'static str,
    descending: bool,
}

const NEWEST: Part = Part {
    tag: 'n',
    only: "1",
    key: "c.last_activity_at",
    descending: true,
};
const OLDEST: Part = Part {
    tag: 'o',
    only: "1",
    key: "c.last_activity_at",
    descending: false,
};
const WAITING: Part = Part {
    tag: 'w',
    only: "c.status = 'open' AND c.waiting_since IS NOT NULL",
    key: "c.waiting_since",
    descending: false,
};
/// After the waiting ones: everything else, newest first.
const NOT_WAITING: Part = Part {
    tag: 'r',
    only: "NOT (c.status = 'open' AND c.waiting_since IS NOT NULL)",
    key: "c.last_activity_at",
    descending: true,
};

fn parts(sort: SortOrder) -> &'static [Part] {
    match sort {
        SortOrder::Newest => &[NEWEST],
        SortOrder::Oldest => &[OLDEST],
        SortOrder::WaitingLongest => &[WAITING, NOT_WAITING],
    }
}

/// Up to `limit` rows of one part, after `after` (a key and id within this part).
fn page_of_part(
    conn: &Connection,
    base: &Conditions,
    part: &Part,
    after: Option<&Cursor>,
    limit: usize,
) -> rusqlite::Result<Vec<ConversationSummary>> {
    let mut w = base.clone();
    w.push(format!("({})", part.only), []);
    let (cmp, dir) = if part.descending {
        ("<", "DESC")
    } else {
        (">", "ASC")
    };
    if let Some(after) = after {
        w.push(
            format!(
                "({key} {cmp} ? OR ({key} = ? AND c.id {cmp} ?))",
                key = part.key
            ),
            [
                Value::Text(after.key.clone()),
                Value::Text(after.key.clone()),
                Value::Integer(after.id),
            ],
        );
    }
    let sql = format!(
        "SELECT {SUMMARY_COLUMNS} FROM {} {SUMMARY_JOINS}
         WHERE {} ORDER BY {} {dir}, c.id {dir} LIMIT {limit}",
        w.from,
        w.text(),
        part.key
    );
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map(params_from_iter(w.all_params()), summary_from_row)?;
    rows.collect()
}

fn sort_key(part: &Part, c: &ConversationSummary) -> String {
    if part.key == "c.waiting_since" {
        c.waiting_since.clone().unwrap_or_default()
    } else {
        c.last_activity_at.clone()
    }
}

fn list(
    conn: &Connection,
    caller: &Caller,
    space_id: i64,
    query: &[(String, String)],
) -> Result<ConversationPage, ApiError> {
    let filter = ConversationFilter::from_query(query.iter().cloned());
    let limit = limit_of(query)?;
    let cursor = param(query, "cursor")
        .map(|c| Cursor::decode(c, "cursor"))
        .transpose()?;
    let parts = parts(filter.sort);
    let start = match &cursor {
        None => 0,
        Some(c) => parts
            .iter()
            .position(|p| p.tag == c.part)
            .ok_or_else(|| ApiError::validation("cursor", "The cursor belongs to another sort"))?,
    };

    let base = base_conditions(caller, space_id, &filter);
    let me = caller.viewer.user.id;

    let mut view = base.clone();
    match filter.view {
        InboxView::Mine => view.push("c.assignee_id = ?", [Value::Integer(me)]),
        InboxView::Unassigned => view.push("c.assignee_id IS NULL", []),
        InboxView::All => {}
    }

    // One more row than asked tells whether there is a next page.
    let mut items: Vec<ConversationSummary> = Vec::new();
    for (i, part) in parts.iter().enumerate().skip(start) {
        let after = cursor.as_ref().filter(|_| i == start);
        let want = limit + 1 - items.len();
        items.extend(page_of_part(conn, &view, part, after, want)?);
        if items.len() > limit {
            break;
        }
    }
    let next_cursor = if items.len() > limit {
        items.truncate(limit);
        // The last row shown is where the next page starts, in the part it belongs to.
        let last = items.last().expect("limit is at least 1");
        let part = parts
            .iter()
            .find(|p| part_contains(p, last))
            .unwrap_or(&parts[start]);
        Some(
            Cursor {
                part: part.tag,
                key: sort_key(part, last),
                id: last.id,
            }
            .encode(),
        )
    } else {
        None
    };
    attach_tags(conn, &mut items)?;

    let counts = conn.query_row(
        &format!(
            "SELECT count(*) FILTER (WHERE c.assignee_id = ?),
                    count(*) FILTER (WHERE c.assignee_id IS NULL),
                    count(*)
             FROM {} WHERE {}",
            base.from,
            base.text()
        ),
        params_from_iter(std::iter::once(&Value::Integer(me)).chain(base.all_params())),
        |r| {
            Ok(ViewCounts {
                mine: r.get(0)?,
                unassigned: r.get(1)?,
                all: r.get(2)?,
            })
        },
    )?;
    Ok(ConversationPage {
        items,
        next_cursor,
        counts,
    })
}

/// Whether a row belongs to a part (the same rule as `Part::only`).
fn part_contains(part: &Part, c: &ConversationSummary) -> bool {
    let waiting = c.status == ConversationStatus::Open && c.waiting_since.is_some();
    match part.tag {
        'w' => waiting,
        'r' => !waiting,
        _ => true,
    }
}

/// `GET /api/spaces/{id}/conversations`.
pub async fn list_conversations(
    State(state): State<AppState>,
    auth: Authenticated,
    ApiPath(space_id): ApiPath<i64>,
    query: QueryPairs,
) -> Result<Json<ConversationPage>, ApiError> {
    let query = pairs(query)?;
    let page = state
        .db
        .call(move |conn| {
            let caller = Caller::load(conn, auth.user_id)?;
            caller.require_space(conn, space_id)?;
            list(conn, &caller, space_id, &query)
        })
        .await?;
    Ok(Json(page))
}

/// `GET /api/spaces/{id}/filters`: the teams the caller works in (every team for owner and
/// Admins) and the tenant's tags (tags are defined per tenant and usable in every space).
pub async fn space_filters(
    State(state): State<AppState>,
    auth: Authenticated,
    ApiPath(space_id): ApiPath<i64>,
) -> Result<Json<SpaceFilters>, ApiError> {
    let filters = state
        .db
        .call(move |conn| {
            let caller = Caller::load(conn, auth.user_id)?;
            caller.require_space(conn, space_id)?;
            let teams = access::visible_teams(conn, space_id, &caller.subject, &caller.membership)?
                .into_iter()
                .map(|(id, name)| TeamRef { id, name })
                .collect();
            let mut stmt = conn.prepare_cached(
                "SELECT id, name, color FROM tags WHERE tenant_id = ?1 ORDER BY name, id",
            )?;
            let tags = stmt
                .query_map([caller.viewer.tenant.id], |r| {
                    Ok(TagRef {
                        id: r.get(0)?,
                        name: r.get(1)?,
                        color: r.get(2)?,
                    })
                })?
                .collect::<rusqlite::Result<_>>()?;
            Ok(SpaceFilters { teams, tags })
        })
        .await?;
    Ok(Json(filters))
}

/// `GET /api/conversations/{id}`.
pub async fn detail(
    State(state): State<AppState>,
    auth: Authenticated,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<ConversationDetail>, ApiError> {
    let detail = state
        .db
        .call(move |conn| {
            let caller = Caller::load(conn, auth.user_id)?;
            caller.require_conversation(conn, id)?;
            conversation_detail(conn, id)
        })
        .await?;
    Ok(Json(detail))
}

/// The details panel of a conversation the caller may see.
fn conversation_detail(conn: &Connection, id: i64) -> Result<ConversationDetail, ApiError> {
    let (summary, sender_profile, created_at) = conn
        .query_row(
            &format!(
                "SELECT {SUMMARY_COLUMNS}, p.name, c.created_at
                     FROM conversations c {SUMMARY_JOINS}
                     JOIN sender_profiles p ON p.id = c.sender_profile_id
                     WHERE c.id = ?1"
            ),
            [id],
            |r| Ok((summary_from_row(r)?, r.get(15)?, r.get(16)?)),
        )
        .optional()?
        .ok_or_else(ApiError::not_found)?;
    let mut one = [summary];
    attach_tags(conn, &mut one)?;
    let [summary] = one;
    Ok(ConversationDetail {
        summary,
        sender_profile,
        created_at,
    })
}

/// `POST /api/conversations/{id}/close` and `/reopen`: needs `Close` or `Reopen` (a custom role
/// can lose either), adds the event to the thread, and answers the updated details. Closing a
/// closed conversation changes nothing and adds no event.
async fn set_status(
    state: AppState,
    auth: Authenticated,
    id: i64,
    status: ConversationStatus,
) -> Result<Json<ConversationDetail>, ApiError> {
    let detail = state
        .db
        .call(move |conn| {
            let caller = Caller::load(conn, auth.user_id)?;
            caller.require_conversation(conn, id)?;
            let (needs, event) = match status {
                ConversationStatus::Closed => (Capability::Close, "closed"),
                ConversationStatus::Open => (Capability::Reopen, "reopened"),
            };
            if !permissions::can(&caller.subject, needs) {
                return Err(ApiError::new(
                    ErrorCode::Forbidden,
                    "Your role does not allow this",
                ));
            }
            let tx = conn.transaction()?;
            let now = clock::now_text();
            let changed = tx.execute(
                "UPDATE conversations SET status = ?1, last_activity_at = ?2 WHERE id = ?3 AND status <> ?1",
                params![status.as_str(), now, id],
            )?;
            if changed > 0 {
                tx.execute(
                    "INSERT INTO messages (conversation_id, kind, author_id, event_type, created_at)
                     VALUES (?1, 'event', ?2, ?3, ?4)",
                    params![id, caller.viewer.user.id, event, now],
                )?;
            }
            tx.commit()?;
            conversation_detail(conn, id)
        })
        .await?;
    Ok(Json(detail))
}

pub async fn close(
    State(state): State<AppState>,
    auth: Authenticated,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<ConversationDetail>, ApiError> {
    set_status(state, auth, id, ConversationStatus::Closed).await
}

pub async fn reopen(
    State(state): State<AppState>,
    auth: Authenticated,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<ConversationDetail>, ApiError> {
    set_status(state, auth, id, ConversationStatus::Open).await
}

/// `GET /api/conversations/{id}/messages?before=&limit=`: a page of the thread, oldest first,
/// ending just before `before` (the newest messages without it).
pub async fn messages(
    State(state): State<AppState>,
    auth: Authenticated,
    ApiPath(id): ApiPath<i64>,
    query: QueryPairs,
) -> Result<Json<MessagePage>, ApiError> {
    let query = pairs(query)?;
    let page = state
        .db
        .call(move |conn| {
            let caller = Caller::load(conn, auth.user_id)?;
            caller.require_conversation(conn, id)?;
            let limit = limit_of(&query)?;
            let before = param(&query, "before")
                .map(|c| Cursor::decode(c, "before"))
                .transpose()?;
            if before.as_ref().is_some_and(|c| c.part != 'm') {
                return Err(ApiError::validation(
                    "before",
                    "The cursor is not a thread cursor",
                ));
            }
            let mut conds = vec!["m.conversation_id = ?".to_owned()];
            let mut values = vec![Value::Integer(id)];
            if let Some(b) = &before {
                conds.push("(m.created_at < ? OR (m.created_at = ? AND m.id < ?))".into());
                values.extend([
                    Value::Text(b.key.clone()),
                    Value::Text(b.key.clone()),
                    Value::Integer(b.id),
                ]);
            }
            let sql = format!(
                "SELECT m.id, m.kind, m.direction, m.author_id, u.name, m.body, m.event_type,
                        m.status, m.failure_reason, m.created_at,
                        m.event_user_id, eu.name, m.event_tag_id, t.name, t.color
                 FROM messages m
                 LEFT JOIN users u ON u.id = m.author_id
                 LEFT JOIN users eu ON eu.id = m.event_user_id
                 LEFT JOIN tags t ON t.id = m.event_tag_id
                 WHERE {} ORDER BY m.created_at DESC, m.id DESC LIMIT {}",
                conds.join(" AND "),
                limit + 1
            );
            let mut stmt = conn.prepare(&sql)?;
            let mut items = stmt
                .query_map(params_from_iter(values.iter()), |r| {
                    let author = match r.get::<_, Option<i64>>(3)? {
                        Some(id) => Some(UserRef {
                            id,
                            name: r.get(4)?,
                        }),
                        None => None,
                    };
                    Ok(Message {
                        id: r.get(0)?,
                        kind: wire(MessageKind::parse, 1, r.get(1)?)?,
                        direction: r
                            .get::<_, Option<String>>(2)?
                            .map(|s| wire(Direction::parse, 2, s))
                            .transpose()?,
                        author,
                        body: r.get(5)?,
                        event: r.get(6)?,
                        status: r
                            .get::<_, Option<String>>(7)?
                            .map(|s| wire(DeliveryStatus::parse, 7, s))
                            .transpose()?,
                        failure_reason: r.get(8)?,
                        created_at: r.get(9)?,
                        event_user: match r.get::<_, Option<i64>>(10)? {
                            Some(id) => Some(UserRef {
                                id,
                                name: r.get(11)?,
                            }),
                            None => None,
                        },
                        event_tag: match r.get::<_, Option<i64>>(12)? {
                            Some(id) => Some(TagRef {
                                id,
                                name: r.get(13)?,
                                color: r.get(14)?,
                            }),
                            None => None,
                        },
                    })
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            let more = items.len() > limit;
            items.truncate(limit);
            items.reverse();
            let before_cursor = if more {
                items.first().map(|m| {
                    Cursor {
                        part: 'm',
                        key: m.created_at.clone(),
                        id: m.id,
                    }
                    .encode()
                })
            } else {
                None
            };
            Ok(MessagePage {
                items,
                before_cursor,
            })
        })
        .await?;
    Ok(Json(page))
}

/// `POST /api/conversations/{id}/read`: opening a conversation marks it read.
pub async fn mark_read(
    State(state): State<AppState>,
    auth: Authenticated,
    ApiPath(id): ApiPath<i64>,
) -> Result<StatusCode, ApiError> {
    state
        .db
        .call(move |conn| {
            let caller = Caller::load(conn, auth.user_id)?;
            caller.require_conversation(conn, id)?;
            conn.execute(
                "UPDATE conversations SET unread_count = 0 WHERE id = ?1 AND unread_count <> 0",
                [id],
            )?;
            Ok(())
        })
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_reject_garbage() {
        let c = Cursor {
            part: 'w',
            key: "2025-01-31T09:15:00.000Z".into(),
            id: 42,
        };
        assert_eq!(Cursor::decode(&c.encode(), "cursor").unwrap(), c);
        for bad in [
            "",
            "!!!",
            &URL_SAFE_NO_PAD.encode("n|x"),
            &URL_SAFE_NO_PAD.encode("n|x|y"),
        ] {
            assert!(Cursor::decode(bad, "cursor").is_err(), "{bad}");
        }
    }

    #[test]
    fn like_patterns_escape_wildcards() {
        assert_eq!(like_pattern("50%_off\\"), "%50\\%\\_off\\\\%");
    }

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
