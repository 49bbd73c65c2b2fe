//! Beta access to the Inbox, per tenant (product.md §2, §4.1):
//! `none` → `requested` → `approved` or `declined`, and `declined` → `requested` again.
//!
//! The one implementation of the state machine. `POST /api/access-request`, the support
//! endpoints (`/api/support/access-requests…`) and the `textpeak-server access` command all call
//! these functions, so they cannot disagree.
//!
//! Every transition runs in an IMMEDIATE transaction (the write lock is taken before the first
//! read), so the command and a running server (two connections on one WAL database, each with a
//! busy timeout) serialise instead of interleaving. "At most one pending request per tenant" is
//! decided by the partial unique index `access_requests_one_pending`, not by a read before the
//! write: whatever the timing, the second insert fails and is answered 409.

use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
use textpeak_api::permissions;
use textpeak_api::{AccessRequestReview, BetaAccess, Capability, ErrorCode, Problem, TenantInfo};

use crate::access::{self, Viewer};
use crate::clock;
use crate::config::{AccessAction, AccessArgs};
use crate::db::Db;
use crate::problem::ApiError;

/// What TextPeak support decides about a pending request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Approve,
    Decline,
}

impl Decision {
    pub fn outcome(self) -> BetaAccess {
        match self {
            Decision::Approve => BetaAccess::Approved,
            Decision::Decline => BetaAccess::Declined,
        }
    }

    pub fn past_tense(self) -> &'static str {
        match self {
            Decision::Approve => "Approved",
            Decision::Decline => "Declined",
        }
    }
}

/// Every tenant with its Beta access; the requester is the one of the latest request.
const REVIEW_SELECT: &str = "
    SELECT t.id, t.name, t.beta_access, t.access_requested_at, t.access_reviewed_at,
           (SELECT u.name FROM access_requests a LEFT JOIN users u ON u.id = a.requested_by
            WHERE a.tenant_id = t.id ORDER BY a.requested_at DESC, a.id DESC LIMIT 1)
    FROM tenants t";

type ReviewRow = (
    i64,
    String,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
);

fn review_row(r: &rusqlite::Row) -> rusqlite::Result<ReviewRow> {
    Ok((
        r.get(0)?,
        r.get(1)?,
        r.get(2)?,
        r.get(3)?,
        r.get(4)?,
        r.get(5)?,
    ))
}

fn to_review(row: ReviewRow) -> Result<AccessRequestReview, ApiError> {
    let (tenant_id, tenant_name, status, requested_at, reviewed_at, requested_by) = row;
    let status = BetaAccess::parse(&status)
        .ok_or_else(|| ApiError::internal(format!("tenant {tenant_id}: beta_access {status}")))?;
    Ok(AccessRequestReview {
        tenant_id,
        tenant_name,
        status,
        requested_at,
        requested_by,
        reviewed_at,
    })
}

/// One tenant's Beta access, or None when there is no such tenant.
pub fn review(conn: &Connection, tenant_id: i64) -> Result<Option<AccessRequestReview>, ApiError> {
    conn.prepare_cached(&format!("{REVIEW_SELECT} WHERE t.id = ?1"))?
        .query_row([tenant_id], review_row)
        .optional()?
        .map(to_review)
        .transpose()
}

/// Every tenant's Beta access: pending requests first (oldest first, the review queue), then the
/// others by when they asked (never asked last), then by name.
pub fn list(conn: &Connection) -> Result<Vec<AccessRequestReview>, ApiError> {
    let mut stmt = conn.prepare_cached(&format!(
        "{REVIEW_SELECT}
         ORDER BY t.beta_access <> 'requested', t.access_requested_at IS NULL,
                  t.access_requested_at, t.name, t.id"
    ))?;
    let rows = stmt.query_map([], review_row)?;
    rows.map(|row| to_review(row?)).collect()
}

/// The tenant as `/api/me` reports it.
pub fn tenant_info(conn: &Connection, tenant_id: i64) -> Result<TenantInfo, ApiError> {
    let review = review(conn, tenant_id)?
        .ok_or_else(|| ApiError::internal(format!("tenant {tenant_id} does not exist")))?;
    Ok(TenantInfo {
        id: review.tenant_id,
        name: review.tenant_name,
        beta_access: review.status,
        access_requested_at: review.requested_at,
        access_requested_by: review.requested_by,
        access_reviewed_at: review.reviewed_at,
    })
}

/// The signed-in user's tenant asks for Beta access (`none` or `declined` → `requested`).
///
/// Refuses a user without the inbox permission (403 `no_inbox_permission`), an approved tenant
/// (409 `access_already_granted`) and a tenant with a pending request (409
/// `access_already_requested`, with when and by whom it was sent).
pub fn request(conn: &mut Connection, user_id: i64) -> Result<TenantInfo, ApiError> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let viewer = Viewer::load(&tx, user_id)?;
    let tenant_id = viewer.tenant.id;
    if !viewer.inbox_permission {
        return Err(access::no_inbox_permission());
    }
    if viewer.tenant.beta_access == BetaAccess::Approved {
        return Err(ApiError::Problem(
            Problem::new(
                ErrorCode::AccessAlreadyGranted,
                "Your account already has access to Inbox",
            )
            .with_detail("Reload the page to open Inbox."),
        ));
    }
    if !permissions::can(&viewer.subject(), Capability::RequestBetaAccess) {
        return Err(ApiError::new(
            ErrorCode::Forbidden,
            "Your role does not allow requesting Inbox access",
        ));
    }
    let now = clock::now_text();
    let inserted = tx.execute(
        "INSERT INTO access_requests (tenant_id, requested_by, requested_at, status)
         VALUES (?1, ?2, ?3, 'requested')",
        params![tenant_id, user_id, now],
    );
    match inserted {
        Err(e) if is_unique_violation(&e) => return Err(already_requested(&tx, tenant_id)),
        other => other?,
    };
    tx.execute(
        "UPDATE tenants SET beta_access = 'requested', access_requested_at = ?2,
            access_reviewed_at = NULL
         WHERE id = ?1",
        params![tenant_id, now],
    )?;
    let info = tenant_info(&tx, tenant_id)?;
    tx.commit()?;
    Ok(info)
}

fn is_unique_violation(e: &rusqlite::Error) -> bool {
    matches!(
        e,
        rusqlite::Error::SqliteFailure(f, _)
            if f.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE
    )
}

/// 409 `access_already_requested`, naming the pending request.
fn already_requested(conn: &Connection, tenant_id: i64) -> ApiError {
    let pending: Option<(String, Option<String>)> = conn
        .query_row(
            "SELECT a.requested_at, u.name FROM access_requests a
             LEFT JOIN users u ON u.id = a.requested_by
             WHERE a.tenant_id = ?1 AND a.status = 'requested'",
            [tenant_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()
        .unwrap_or_else(|e| {
            tracing::error!(error = %e, tenant_id, "cannot read the pending access request");
            None
        });
    let mut problem = Problem::new(
        ErrorCode::AccessAlreadyRequested,
        "Your request for Inbox access was already sent",
    );
    if let Some((at, by)) = pending {
        problem = problem.with_detail(sent_sentence(&at, by.as_deref()));
    }
    ApiError::Problem(problem)
}

/// "Sent on 2026-11-25 14:02 UTC by Nora Quinn."
pub fn sent_sentence(requested_at: &str, requested_by: Option<&str>) -> String {
    let when = human_time(requested_at);
    match requested_by {
        Some(name) => format!("Sent on {when} by {name}."),
        None => format!("Sent on {when}."),
    }
}

/// TextPeak support approves or declines the tenant's pending request
/// (`requested` → `approved` or `declined`).
///
/// 404 `not_found` for an unknown tenant; 409 `conflict` ("Nimbus Retail has no pending
/// request") when nothing is pending.
pub fn decide(
    conn: &mut Connection,
    tenant_id: i64,
    decision: Decision,
) -> Result<AccessRequestReview, ApiError> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let current = review(&tx, tenant_id)?.ok_or_else(|| {
        ApiError::new(
            ErrorCode::NotFound,
            format!("There is no tenant {tenant_id}"),
        )
    })?;
    let now = clock::now_text();
    let status = decision.outcome().as_str();
    let changed = tx.execute(
        "UPDATE access_requests SET status = ?2, reviewed_at = ?3
         WHERE tenant_id = ?1 AND status = 'requested'",
        params![tenant_id, status, now],
    )?;
    if changed == 0 {
        return Err(no_pending_request(&current));
    }
    tx.execute(
        "UPDATE tenants SET beta_access = ?2, access_reviewed_at = ?3 WHERE id = ?1",
        params![tenant_id, status, now],
    )?;
    let updated = review(&tx, tenant_id)?
        .ok_or_else(|| ApiError::internal(format!("tenant {tenant_id} vanished")))?;
    tx.commit()?;
    Ok(updated)
}

fn no_pending_request(current: &AccessRequestReview) -> ApiError {
    let reviewed = current.reviewed_at.as_deref().map(human_time);
    let detail = match (current.status, reviewed) {
        (BetaAccess::None, _) => Some("It has never requested Beta access.".to_owned()),
        (BetaAccess::Approved, Some(at)) => Some(format!("Its Beta access was approved on {at}.")),
        (BetaAccess::Approved, None) => Some("It already has Beta access.".to_owned()),
        (BetaAccess::Declined, Some(at)) => Some(format!("Its last request was declined on {at}.")),
        (BetaAccess::Declined, None) => Some("Its last request was declined.".to_owned()),
        (BetaAccess::Requested, _) => None,
    };
    let problem = Problem::new(
        ErrorCode::Conflict,
        format!("{} has no pending request", current.tenant_name),
    );
    ApiError::Problem(match detail {
        Some(d) => problem.with_detail(d),
        None => problem,
    })
}

/// A tenant named on the command line: its id, its name ignoring case ("nimbus retail"), or
/// the first word of its name ("nimbus") when only one tenant's name starts with that word.
pub fn find_tenant(conn: &Connection, query: &str) -> Result<(i64, String), ApiError> {
    let query = query.split_whitespace().collect::<Vec<_>>().join(" ");
    if query.is_empty() {
        return Err(ApiError::validation(
            "tenant",
            "Name a tenant by id or name",
        ));
    }
    let tenants: Vec<(i64, String)> = conn
        .prepare_cached("SELECT id, name FROM tenants ORDER BY id")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    if let Ok(id) = query.parse::<i64>() {
        if let Some(t) = tenants.iter().find(|t| t.0 == id) {
            return Ok(t.clone());
        }
    }
    let wanted = query.to_lowercase();
    let normalised = |name: &str| name.split_whitespace().collect::<Vec<_>>().join(" ");
    let by_name: Vec<&(i64, String)> = tenants
        .iter()
        .filter(|t| normalised(&t.1).to_lowercase() == wanted)
        .collect();
    let by_first_word: Vec<&(i64, String)> = tenants
        .iter()
        .filter(|t| {
            t.1.split_whitespace()
                .next()
                .is_some_and(|w| w.to_lowercase() == wanted)
        })
        .collect();
    let candidates = if by_name.is_empty() {
        by_first_word
    } else {
        by_name
    };
    match candidates.as_slice() {
        [one] => Ok((*one).clone()),
        [] => Err(ApiError::Problem(
            Problem::new(
                ErrorCode::NotFound,
                format!("No tenant matches \"{query}\""),
            )
            .with_detail(format!(
                "Known tenants: {}.",
                tenant_list(tenants.iter().collect::<Vec<_>>().as_slice())
            )),
        )),
        several => Err(ApiError::Problem(
            Problem::new(
                ErrorCode::Conflict,
                format!("\"{query}\" matches several tenants"),
            )
            .with_detail(format!(
                "{}. Name the tenant by id or by its full name.",
                tenant_list(several)
            )),
        )),
    }
}

fn tenant_list(tenants: &[&(i64, String)]) -> String {
    tenants
        .iter()
        .map(|(id, name)| format!("{name} (id {id})"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// "2026-11-25T14:02:31.000Z" → "2026-11-25 14:02 UTC"; anything unparsable stays as it is.
pub fn human_time(ts: &str) -> String {
    match clock::parse(ts) {
        Some(t) => format!(
            "{:04}-{:02}-{:02} {:02}:{:02} UTC",
            t.year(),
            u8::from(t.month()),
            t.day(),
            t.hour(),
            t.minute()
        ),
        None => ts.to_owned(),
    }
}

/// The review list as a plain-text table for the terminal.
pub fn render_table(reviews: &[AccessRequestReview]) -> String {
    const HEADER: [&str; 6] = [
        "ID",
        "TENANT",
        "STATUS",
        "REQUESTED AT",
        "BY",
        "REVIEWED AT",
    ];
    let dash = || "-".to_owned();
    let rows: Vec<[String; 6]> = reviews
        .iter()
        .map(|r| {
            [
                r.tenant_id.to_string(),
                r.tenant_name.clone(),
                r.status.as_str().to_owned(),
                r.requested_at.as_deref().map_or_else(dash, human_time),
                r.requested_by.clone().unwrap_or_else(dash),
                r.reviewed_at.as_deref().map_or_else(dash, human_time),
            ]
        })
        .collect();
    let mut widths = HEADER.map(|h| h.chars().count());
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let line = |cells: &[String]| -> String {
        let mut out = String::new();
        for (i, (cell, w)) in cells.iter().zip(widths).enumerate() {
            if i + 1 == cells.len() {
                out.push_str(cell);
            } else {
                out.push_str(cell);
                out.extend(std::iter::repeat_n(' ', w - cell.chars().count() + 2));
            }
        }
        out.trim_end().to_owned()
    };
    let mut out = line(&HEADER.map(str::to_owned));
    for row in &rows {
        out.push('\n');
        out.push_str(&line(row));
    }
    if rows.is_empty() {
        out.push_str("\n(no tenants)");
    }
    out
}

/// A support command's one-line report: "Approved Beta access for Nimbus Retail (id 2), requested
/// on 2026-11-25 14:02 UTC by Nora Quinn."
pub fn decision_report(decision: Decision, review: &AccessRequestReview) -> String {
    let mut out = format!(
        "{} Beta access for {} (id {})",
        decision.past_tense(),
        review.tenant_name,
        review.tenant_id
    );
    if let Some(at) = &review.requested_at {
        out.push_str(&format!(", requested on {}", human_time(at)));
        if let Some(by) = &review.requested_by {
            out.push_str(&format!(" by {by}"));
        }
    }
    out.push('.');
    out
}

/// What `textpeak-server access …` does, on an open connection: the table, or the report of
/// a decision.
pub fn run_command(conn: &mut Connection, action: &AccessAction) -> Result<String, ApiError> {
    let (tenant, decision) = match action {
        AccessAction::List => return Ok(render_table(&list(conn)?)),
        AccessAction::Approve { tenant } => (tenant, Decision::Approve),
        AccessAction::Decline { tenant } => (tenant, Decision::Decline),
    };
    let (tenant_id, _) = find_tenant(conn, &tenant.join(" "))?;
    let review = decide(conn, tenant_id, decision)?;
    Ok(decision_report(decision, &review))
}

/// `textpeak-server access …`: opens the database file (never creating one: a mistyped path
/// must not look like an empty database) and runs the command. The error is the message for
/// the terminal.
pub fn run_cli(args: &AccessArgs) -> Result<String, String> {
    if args.db != std::path::Path::new(":memory:") && !args.db.is_file() {
        return Err(format!(
            "no database at {} (pass --db PATH or set TEXTPEAK_DB)",
            args.db.display()
        ));
    }
    let db = Db::open(&args.db)
        .map_err(|e| format!("cannot open the database {}: {e}", args.db.display()))?;
    db.with_conn(|conn| run_command(conn, &args.action))
        .map_err(|e| cli_message(&e))
}

/// An error as one or two lines for the terminal.
pub fn cli_message(e: &ApiError) -> String {
    match e {
        ApiError::Problem(p) => match &p.detail {
            Some(detail) => format!("{}\n{detail}", p.title),
            None => p.title.clone(),
        },
        ApiError::Internal(detail) => detail.clone(),
    }
}
