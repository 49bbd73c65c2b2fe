//! Beta access to the Inbox, per tenant (product.md §2, §4.1):
//! `none` → `requested` → `approved` or `declined`, and `declined` → `requested` again.
//!
//! The one implementation of the state machine (its wording is `domain::beta_access`).
//! `POST /api/access-request`, the support endpoints (`/api/support/access-requests…`) and the
//! `textpeak-server access` command all call these functions, so they cannot disagree.
//!
//! Every transition runs in an IMMEDIATE transaction (the write lock is taken before the first
//! read), so the command and a running server (two connections on one WAL database, each with a
//! busy timeout) serialise instead of interleaving. "At most one pending request per tenant" is
//! decided by the partial unique index `access_requests_one_pending`, not by a read before the
//! write: whatever the timing, the second insert fails and is answered 409.

use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
use textpeak_api::permissions;
use textpeak_api::{AccessRequestReview, BetaAccess, Capability, ErrorCode, Problem, TenantInfo};

use crate::clock;
use crate::domain::access::{self, Viewer};
use crate::domain::beta_access::{self, match_tenant, no_pending_request, Decision};
use crate::http::problem::ApiError;
use crate::store::events;
use crate::store::tenants::{review, tenant_info};

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
    beta_access::already_requested(pending)
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
    events::record_access_changed(&tx, tenant_id, None)?;
    tx.commit()?;
    Ok(updated)
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
    match_tenant(&tenants, &query)
}
