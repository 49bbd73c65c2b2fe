//! Tenants as the Beta access review and `/api/me` read them.

use rusqlite::{Connection, OptionalExtension};
use textpeak_api::{AccessRequestReview, BetaAccess, TenantInfo};

use crate::http::problem::ApiError;

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
