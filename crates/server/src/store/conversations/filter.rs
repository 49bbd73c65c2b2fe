//! The WHERE clause of the conversation list: the space, what the caller may see, the
//! filters and the search.

use rusqlite::types::Value;
use textpeak_api::{ConversationFilter, ConversationStatus, InboxView};

use crate::store::conversations::caller::Caller;

/// Searches shorter than this match contacts only, not message text.
pub const MIN_TEXT_SEARCH: usize = 3;

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
pub struct Conditions {
    pub from: String,
    pub from_params: Vec<Value>,
    pub sql: Vec<String>,
    pub params: Vec<Value>,
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
    pub fn all_params(&self) -> impl Iterator<Item = &Value> {
        self.from_params.iter().chain(&self.params)
    }

    pub fn push(&mut self, sql: impl Into<String>, params: impl IntoIterator<Item = Value>) {
        self.sql.push(sql.into());
        self.params.extend(params);
    }

    pub fn text(&self) -> String {
        self.sql.join(" AND ")
    }
}

/// Everything of the filter except the view: what the counts are computed over. Without a
/// status filter, snoozed conversations are left out (they are set aside until their time);
/// the status filter `snoozed` shows only them.
pub fn base_conditions(caller: &Caller, space_id: i64, filter: &ConversationFilter) -> Conditions {
    let mut w = Conditions::default();
    w.push("c.space_id = ?", [Value::Integer(space_id)]);
    w.push(format!("({})", caller.visible), []);
    match filter.status {
        Some(status) => w.push("c.status = ?", [Value::Text(status.as_str().into())]),
        None => w.push(
            "c.status <> ?",
            [Value::Text(ConversationStatus::Snoozed.as_str().into())],
        ),
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

/// The filter's conditions with its view (Mine, Unassigned, All) too: exactly the rows the list
/// shows, page after page.
pub fn view_conditions(caller: &Caller, space_id: i64, filter: &ConversationFilter) -> Conditions {
    let mut w = base_conditions(caller, space_id, filter);
    match filter.view {
        InboxView::Mine => w.push("c.assignee_id = ?", [Value::Integer(caller.viewer.user.id)]),
        InboxView::Unassigned => w.push("c.assignee_id IS NULL", []),
        InboxView::All => {}
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn like_patterns_escape_wildcards() {
        assert_eq!(like_pattern("50%_off\\"), "%50\\%\\_off\\\\%");
    }
}
