//! What the dashboard changes: the conversation actions (assign, move, tag, close, reopen,
//! snooze, unsnooze) on one conversation or in bulk, and the unread count.
//!
//! One set-based engine serves both: the selected ids go into a temporary table, every row is
//! classified in SQL (skipped, and why, or to change), the events are inserted with
//! `INSERT … SELECT`, and the change is one `UPDATE` over the rows left, all in one transaction.
//! A single action is a selection of one whose skip reason becomes an error (403, 404, 409,
//! 422); a bulk request counts them.

use std::collections::BTreeMap;

use rusqlite::types::Value;
use rusqlite::{
    params, params_from_iter, Connection, OptionalExtension, Transaction, TransactionBehavior,
};
use textpeak_api::live::ConversationChange;
use textpeak_api::permissions;
use textpeak_api::{
    BulkOutcome, BulkRequest, ConversationAction, ConversationDetail, ConversationStatus,
    ErrorCode, Problem, Selection, SkipReason, Skipped, BULK_IDS_MAX,
};

use crate::clock;
use crate::domain::actions::{required_capability, snooze_until};
use crate::http::problem::ApiError;
use crate::store::conversations::caller::Caller;
use crate::store::conversations::filter::view_conditions;
use crate::store::conversations::rows::conversation_detail;
use crate::store::events::{self, Mark, Watch};

/// An action whose values were checked against the tenant (user, team, tag, time).
#[derive(Debug, Clone)]
enum Change {
    Assign(Option<i64>),
    Move(i64),
    AddTag(i64),
    RemoveTag(i64),
    Close,
    Reopen,
    Snooze(String),
    Unsnooze,
}

fn refused() -> ApiError {
    ApiError::new(ErrorCode::Forbidden, "Your role does not allow this")
}

/// SQL: user `user` (an expression) may hold conversation row `c` in team `team` (an
/// expression): an active Inbox user of the conversation's tenant, a member of that team, and
/// in the conversation's space (owner and Admins are in every space), so that they see it.
pub fn assignable(user: &str, team: &str) -> String {
    format!(
        "EXISTS (SELECT 1 FROM team_members a_tm JOIN users a_u ON a_u.id = a_tm.user_id
                 LEFT JOIN roles a_r ON a_r.id = a_u.role_id
          WHERE a_tm.team_id = {team} AND a_tm.user_id = {user} AND a_u.tenant_id = c.tenant_id
            AND a_u.active = 1
            AND (a_u.is_owner = 1 OR (a_u.inbox_permission = 1 AND a_r.id IS NOT NULL))
            AND (a_u.is_owner = 1 OR a_r.base = 'admin' OR EXISTS (
                SELECT 1 FROM space_members a_sm
                WHERE a_sm.space_id = c.space_id AND a_sm.user_id = a_u.id)))"
    )
}

/// Checks the action's values: a user, team or tag of the caller's tenant, a snooze time in
/// range. 422 naming the field otherwise.
fn validate(
    conn: &Connection,
    caller: &Caller,
    action: &ConversationAction,
) -> Result<Change, ApiError> {
    let tenant = caller.viewer.tenant.id;
    Ok(match action {
        ConversationAction::Assign { user_id: None } => Change::Assign(None),
        ConversationAction::Assign {
            user_id: Some(user),
        } => {
            let ok = conn
                .prepare_cached(
                    "SELECT 1 FROM users u LEFT JOIN roles r ON r.id = u.role_id
                     WHERE u.id = ?1 AND u.tenant_id = ?2 AND u.active = 1
                       AND (u.is_owner = 1 OR (u.inbox_permission = 1 AND r.id IS NOT NULL))",
                )?
                .exists(params![user, tenant])?;
            if !ok {
                return Err(ApiError::validation(
                    "user_id",
                    "That person is not an active Inbox user of your organisation",
                ));
            }
            Change::Assign(Some(*user))
        }
        ConversationAction::MoveTeam { team_id } => {
            let ok = conn
                .prepare_cached(
                    "SELECT 1 FROM teams t JOIN spaces s ON s.id = t.space_id
                     WHERE t.id = ?1 AND s.tenant_id = ?2",
                )?
                .exists(params![team_id, tenant])?;
            if !ok {
                return Err(ApiError::validation("team_id", "No such team"));
            }
            Change::Move(*team_id)
        }
        ConversationAction::AddTag { tag_id } | ConversationAction::RemoveTag { tag_id } => {
            let ok = conn
                .prepare_cached("SELECT 1 FROM tags WHERE id = ?1 AND tenant_id = ?2")?
                .exists(params![tag_id, tenant])?;
            if !ok {
                return Err(ApiError::validation("tag_id", "No such tag"));
            }
            if matches!(action, ConversationAction::AddTag { .. }) {
                Change::AddTag(*tag_id)
            } else {
                Change::RemoveTag(*tag_id)
            }
        }
        ConversationAction::Close => Change::Close,
        ConversationAction::Reopen => Change::Reopen,
        ConversationAction::Snooze { until } => Change::Snooze(
            snooze_until(until, clock::now()).map_err(|m| ApiError::validation("until", m))?,
        ),
        ConversationAction::Unsnooze => Change::Unsnooze,
    })
}

/// The rows of the selection table with no skip reason: the ones to change.
const TO_CHANGE: &str = "SELECT id FROM action_selection WHERE reason IS NULL";

/// Classifies every selected row: the reason to skip it, or NULL to change it; remembers the
/// assignee before the change (for the unassigned events).
fn classify(tx: &Transaction, change: &Change, permitted: bool) -> rusqlite::Result<()> {
    if !permitted {
        tx.execute(
            "UPDATE action_selection SET reason = ?1",
            [SkipReason::NotPermitted.as_str()],
        )?;
        return Ok(());
    }
    let (case, values): (String, Vec<Value>) = match change {
        Change::Assign(Some(user)) => (
            format!(
                "CASE WHEN c.assignee_id IS ?1 THEN 'unchanged'
                      WHEN NOT {} THEN 'assignee_not_in_team' END",
                assignable("?1", "c.team_id")
            ),
            vec![Value::Integer(*user)],
        ),
        Change::Assign(None) => (
            "CASE WHEN c.assignee_id IS NULL THEN 'unchanged' END".into(),
            vec![],
        ),
        Change::Move(team) => (
            "CASE WHEN c.team_id = ?1 THEN 'unchanged'
                  WHEN NOT EXISTS (SELECT 1 FROM teams t WHERE t.id = ?1 AND t.space_id = c.space_id)
                      THEN 'team_not_in_space'
                  WHEN EXISTS (SELECT 1 FROM conversations o WHERE o.contact_id = c.contact_id
                      AND o.sender_profile_id = c.sender_profile_id AND o.team_id = ?1)
                      THEN 'already_in_team' END"
                .into(),
            vec![Value::Integer(*team)],
        ),
        Change::AddTag(tag) | Change::RemoveTag(tag) => (
            format!(
                "CASE WHEN {}EXISTS (SELECT 1 FROM conversation_tags ct
                      WHERE ct.conversation_id = c.id AND ct.tag_id = ?1) THEN 'unchanged' END",
                if matches!(change, Change::AddTag(_)) {
                    ""
                } else {
                    "NOT "
                }
            ),
            vec![Value::Integer(*tag)],
        ),
        Change::Close => (
            "CASE WHEN c.status = 'closed' THEN 'unchanged' END".into(),
            vec![],
        ),
        Change::Reopen => (
            "CASE WHEN c.status <> 'closed' THEN 'unchanged' END".into(),
            vec![],
        ),
        Change::Snooze(until) => (
            "CASE WHEN c.status = 'snoozed' AND c.snoozed_until = ?1 THEN 'unchanged' END".into(),
            vec![Value::Text(until.clone())],
        ),
        Change::Unsnooze => (
            "CASE WHEN c.status <> 'snoozed' THEN 'unchanged' END".into(),
            vec![],
        ),
    };
    tx.execute(
        &format!(
            "UPDATE action_selection AS s SET (reason, old_assignee) =
                 (SELECT {case}, c.assignee_id FROM conversations c WHERE c.id = s.id)"
        ),
        params_from_iter(values),
    )?;
    if matches!(change, Change::Move(_)) {
        // Two selected conversations of one contact and profile cannot both move into the
        // same team: the first (lowest id) moves, the others are skipped.
        tx.execute(
            "UPDATE action_selection SET reason = 'already_in_team'
             WHERE reason IS NULL AND id IN (
                 SELECT c.id FROM action_selection s JOIN conversations c ON c.id = s.id
                 WHERE s.reason IS NULL AND EXISTS (
                     SELECT 1 FROM action_selection s2 JOIN conversations c2 ON c2.id = s2.id
                     WHERE s2.reason IS NULL AND s2.id < s.id
                       AND c2.contact_id = c.contact_id
                       AND c2.sender_profile_id = c.sender_profile_id))",
            [],
        )?;
    }
    Ok(())
}

/// Writes the thread events of the rows to change (before the change: the unassigned events
/// name the assignee they had), then changes them.
fn change_rows(tx: &Transaction, change: &Change, author: i64, now: &str) -> rusqlite::Result<()> {
    let event = |event_type: &str, extra_columns: &str, extra_values: &str, values: &[Value]| {
        let sql = format!(
            "INSERT INTO messages (conversation_id, kind, author_id, event_type, created_at{extra_columns})
             SELECT s.id, 'event', ?1, '{event_type}', ?2{extra_values}
             FROM action_selection s WHERE s.reason IS NULL ORDER BY s.id"
        );
        let all = [Value::Integer(author), Value::Text(now.into())]
            .into_iter()
            .chain(values.iter().cloned());
        tx.execute(&sql, params_from_iter(all))
    };
    let ids = TO_CHANGE;
    // A status change of the rows to change, with one time (`?1`) in its SET clause.
    let set_status = |set: &str, time: &str| {
        tx.execute(
            &format!("UPDATE conversations SET {set} WHERE id IN ({ids})"),
            [time],
        )
    };
    match change {
        Change::Assign(Some(user)) => {
            event(
                "assigned",
                ", event_user_id",
                ", ?3",
                &[Value::Integer(*user)],
            )?;
            tx.execute(
                &format!("UPDATE conversations SET assignee_id = ?1 WHERE id IN ({ids})"),
                [user],
            )?;
        }
        Change::Assign(None) => {
            event("unassigned", ", event_user_id", ", s.old_assignee", &[])?;
            tx.execute(
                &format!("UPDATE conversations SET assignee_id = NULL WHERE id IN ({ids})"),
                [],
            )?;
        }
        Change::Move(team) => {
            event("moved", ", event_team_id", ", ?3", &[Value::Integer(*team)])?;
            // An assignee who may not hold it in the new team is unassigned, with an event.
            tx.execute(
                &format!(
                    "INSERT INTO messages (conversation_id, kind, author_id, event_type, created_at,
                         event_user_id)
                     SELECT c.id, 'event', ?1, 'unassigned', ?2, c.assignee_id
                     FROM action_selection s JOIN conversations c ON c.id = s.id
                     WHERE s.reason IS NULL AND c.assignee_id IS NOT NULL
                       AND NOT {}
                     ORDER BY c.id",
                    assignable("c.assignee_id", "?3")
                ),
                params![author, now, team],
            )?;
            tx.execute(
                &format!(
                    "UPDATE conversations AS c SET
                         assignee_id = CASE WHEN {} THEN c.assignee_id END,
                         team_id = ?1
                     WHERE c.id IN ({ids})",
                    assignable("c.assignee_id", "?1")
                ),
                [team],
            )?;
        }
        Change::AddTag(tag) => {
            event("tagged", ", event_tag_id", ", ?3", &[Value::Integer(*tag)])?;
            tx.execute(
                &format!(
                    "INSERT INTO conversation_tags (conversation_id, tag_id) SELECT id, ?1 FROM ({ids})"
                ),
                [tag],
            )?;
        }
        Change::RemoveTag(tag) => {
            event(
                "untagged",
                ", event_tag_id",
                ", ?3",
                &[Value::Integer(*tag)],
            )?;
            tx.execute(
                &format!(
                    "DELETE FROM conversation_tags WHERE tag_id = ?1 AND conversation_id IN ({ids})"
                ),
                [tag],
            )?;
        }
        Change::Close => {
            event("closed", "", "", &[])?;
            set_status(
                "status = 'closed', snoozed_until = NULL, last_activity_at = ?1",
                now,
            )?;
        }
        Change::Reopen => {
            event("reopened", "", "", &[])?;
            set_status("status = 'open', last_activity_at = ?1", now)?;
        }
        Change::Snooze(until) => {
            let until_value = [Value::Text(until.clone())];
            event("snoozed", ", event_until", ", ?3", &until_value)?;
            // A snooze leaves the last activity alone: waking moves it back to the top.
            set_status("status = 'snoozed', snoozed_until = ?1", until)?;
        }
        Change::Unsnooze => {
            event("unsnoozed", "", "", &[])?;
            set_status(
                "status = 'open', snoozed_until = NULL, last_activity_at = ?1",
                now,
            )?;
        }
    }
    Ok(())
}

/// The selection table of this connection, emptied.
fn fresh_selection(tx: &Transaction) -> rusqlite::Result<()> {
    tx.execute_batch(
        "CREATE TEMP TABLE IF NOT EXISTS action_selection (
             id INTEGER PRIMARY KEY, reason TEXT, old_assignee INTEGER);
         DELETE FROM temp.action_selection;",
    )
}

/// Classifies and changes the selected rows; answers (skip counts by reason, changed ids).
fn run(
    tx: &Transaction,
    caller: &Caller,
    change: &Change,
    permitted: bool,
) -> Result<(BTreeMap<String, u64>, Vec<i64>), ApiError> {
    classify(tx, change, permitted)?;
    // Only assigning and moving change who sees a row: remember who saw it before.
    let watch = match change {
        Change::Assign(_) | Change::Move(_) => Watch::Query(TO_CHANGE),
        _ => Watch::Nothing,
    };
    let mark = Mark::take(tx, watch)?;
    change_rows(tx, change, caller.viewer.user.id, &clock::now_text())?;
    mark.record(tx, Some(caller.viewer.user.id), &[])?;
    let mut skipped = BTreeMap::new();
    let mut stmt = tx.prepare(
        "SELECT reason, count(*) FROM action_selection WHERE reason IS NOT NULL GROUP BY reason",
    )?;
    for row in stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, u64>(1)?)))? {
        let (reason, count) = row?;
        skipped.insert(reason, count);
    }
    let mut stmt = tx.prepare(&format!("{TO_CHANGE} ORDER BY id"))?;
    let changed = stmt
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<i64>>>()?;
    Ok((skipped, changed))
}

/// One action on one conversation the caller may see (the route checked it): 403 without the
/// role flag, 422 naming the field for a value that does not fit the conversation, 409 when
/// the contact already has a conversation with the team it would move to. Doing what is
/// already so changes nothing and adds no event. Answers the updated details.
pub fn apply(
    conn: &mut Connection,
    caller: &Caller,
    id: i64,
    action: &ConversationAction,
) -> Result<ConversationDetail, ApiError> {
    if !permissions::can(&caller.subject, required_capability(action)) {
        return Err(refused());
    }
    let change = validate(conn, caller, action)?;
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    fresh_selection(&tx)?;
    tx.execute("INSERT INTO action_selection (id) VALUES (?1)", [id])?;
    let (skipped, _) = run(&tx, caller, &change, true)?;
    if let Some(reason) = skipped.keys().next().and_then(|r| SkipReason::parse(r)) {
        if let Some(error) = skip_error(&tx, id, &change, reason)? {
            return Err(error);
        }
    }
    tx.commit()?;
    conversation_detail(conn, id)
}

/// What a single action answers when its one conversation was skipped; None for `unchanged`.
fn skip_error(
    conn: &Connection,
    id: i64,
    change: &Change,
    reason: SkipReason,
) -> Result<Option<ApiError>, ApiError> {
    Ok(Some(match (reason, change) {
        (SkipReason::Unchanged, _) => return Ok(None),
        (SkipReason::NotPermitted, _) => refused(),
        (SkipReason::NotFound, _) => ApiError::not_found(),
        (SkipReason::AssigneeNotInTeam, Change::Assign(Some(user))) => {
            let (name, team): (String, String) = conn.query_row(
                "SELECT u.name, t.name FROM users u, conversations c JOIN teams t ON t.id = c.team_id
                 WHERE u.id = ?1 AND c.id = ?2",
                params![user, id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?;
            ApiError::validation(
                "user_id",
                format!(
                    "{name} is not a member of the team \u{201c}{team}\u{201d} and cannot be assigned its conversations"
                ),
            )
        }
        (SkipReason::TeamNotInSpace, _) => ApiError::validation(
            "team_id",
            "That team is in another space; a conversation moves only between the teams of its space",
        ),
        (SkipReason::AlreadyInTeam, Change::Move(team)) => {
            let other: Option<i64> = conn
                .query_row(
                    "SELECT o.id FROM conversations c JOIN conversations o
                         ON o.contact_id = c.contact_id AND o.sender_profile_id = c.sender_profile_id
                     WHERE c.id = ?1 AND o.team_id = ?2",
                    params![id, team],
                    |r| r.get(0),
                )
                .optional()?;
            let mut problem = Problem::new(
                ErrorCode::Conflict,
                "The contact already has a conversation on this profile with that team",
            );
            problem.conversation_id = other;
            ApiError::from(problem)
        }
        (reason, _) => ApiError::internal(format!("unexpected skip reason {reason:?}")),
    }))
}

/// One action on a selection of the space's conversations, in one transaction. Ids the caller
/// may not see (or of another space) count as `not_found`; a role without the action's flag
/// gets every row skipped as `not_permitted`.
pub fn bulk(
    conn: &mut Connection,
    caller: &Caller,
    space_id: i64,
    request: &BulkRequest,
) -> Result<BulkOutcome, ApiError> {
    let change = validate(conn, caller, &request.action)?;
    let permitted = permissions::can(&caller.subject, required_capability(&request.action));
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    fresh_selection(&tx)?;
    let mut not_found = 0u64;
    match &request.selection {
        Selection::Ids { ids } => {
            if ids.len() > BULK_IDS_MAX {
                return Err(ApiError::validation(
                    "ids",
                    format!(
                        "Select at most {BULK_IDS_MAX} conversations, or all that match the filters"
                    ),
                ));
            }
            let mut unique = ids.clone();
            unique.sort_unstable();
            unique.dedup();
            let json = serde_json::to_string(&unique)
                .map_err(|e| ApiError::internal(format!("ids: {e}")))?;
            let found = tx.execute(
                &format!(
                    "INSERT INTO action_selection (id)
                     SELECT c.id FROM conversations c
                     WHERE c.id IN (SELECT value FROM json_each(?1))
                       AND c.tenant_id = ?2 AND c.space_id = ?3 AND ({})",
                    caller.visible
                ),
                params![json, caller.viewer.tenant.id, space_id],
            )?;
            not_found = (unique.len() - found) as u64;
        }
        Selection::Matching { filter } => {
            let w = view_conditions(caller, space_id, filter);
            tx.execute(
                &format!(
                    "INSERT INTO action_selection (id) SELECT c.id FROM {} WHERE {}",
                    w.from,
                    w.text()
                ),
                params_from_iter(w.all_params()),
            )?;
        }
    }
    let (skipped, changed) = run(&tx, caller, &change, permitted)?;
    tx.execute("DELETE FROM temp.action_selection", [])?;
    tx.commit()?;

    let mut skipped: Vec<Skipped> = skipped
        .into_iter()
        .filter_map(|(reason, count)| {
            SkipReason::parse(&reason).map(|reason| Skipped { reason, count })
        })
        .collect();
    if not_found > 0 {
        skipped.push(Skipped {
            reason: SkipReason::NotFound,
            count: not_found,
        });
    }
    skipped.sort_by_key(|s| std::cmp::Reverse(s.count));
    let done = changed.len() as u64;
    Ok(BulkOutcome {
        matched: done + skipped.iter().map(|s| s.count).sum::<u64>(),
        done,
        skipped,
        changed,
    })
}

/// `POST …/close` and `…/reopen`: the Close and Reopen actions.
pub fn set_status(
    conn: &mut Connection,
    caller: &Caller,
    id: i64,
    status: ConversationStatus,
) -> Result<ConversationDetail, ApiError> {
    let action = match status {
        ConversationStatus::Closed => ConversationAction::Close,
        ConversationStatus::Open => ConversationAction::Reopen,
        ConversationStatus::Snoozed => {
            return Err(ApiError::validation("status", "A snooze needs a time"))
        }
    };
    apply(conn, caller, id, &action)
}

/// Opening a conversation marks it read (a `read` event for everyone who sees it, when it was
/// unread).
pub fn mark_read(conn: &mut Connection, reader: i64, id: i64) -> Result<(), ApiError> {
    let tx = conn.transaction()?;
    let changed = tx.execute(
        "UPDATE conversations SET unread_count = 0 WHERE id = ?1 AND unread_count <> 0",
        [id],
    )?;
    if changed > 0 {
        events::record_conversation(&tx, id, ConversationChange::Read, None, Some(reader))?;
    }
    tx.commit()?;
    Ok(())
}
