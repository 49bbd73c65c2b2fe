//! Onboarding (product.md §4.2): the checklist of the caller's tenant, skips of its optional
//! steps, and "Go to Inbox". Only the owner and Inbox Admins (`Capability::SeeOnboarding`) may
//! read or change it; Managers and Agents learn from `/api/me` whether it is finished and whom
//! to ask.
//!
//! A step is complete because of the tenant's data, never because someone ticked it, so the
//! checklist is recomputed on every request instead of being stored.

use rusqlite::{params, Connection};
use textpeak_api::{Capability, ErrorCode, Onboarding, OnboardingStep};

use crate::clock;
use crate::http::problem::ApiError;
use crate::store::events;
use crate::store::settings::scope::tenant_allowed;

/// The caller's tenant, for the owner and Inbox Admins (403 otherwise).
fn allowed(conn: &Connection, user_id: i64) -> Result<i64, ApiError> {
    tenant_allowed(conn, user_id, &[Capability::SeeOnboarding])
}

/// An `EXISTS` condition per step, `?1` being the tenant.
fn completion_sql(step: OnboardingStep) -> &'static str {
    match step {
        // A space alone cannot receive conversations: they belong to a team.
        OnboardingStep::SpacesAndTeams => {
            "SELECT 1 FROM spaces s JOIN teams t ON t.space_id = s.id WHERE s.tenant_id = ?1"
        }
        // Someone besides the owner who can actually work in the inbox: active, with the inbox
        // permission and a role, and assigned to a space (Managers and Agents see nothing
        // without one). The seeded Admin of a new tenant is not assigned, so this starts open.
        OnboardingStep::UsersAndRoles => {
            "SELECT 1 FROM users u JOIN space_members m ON m.user_id = u.id
             WHERE u.tenant_id = ?1 AND m.tenant_id = ?1 AND u.is_owner = 0 AND u.active = 1
               AND u.inbox_permission = 1 AND u.role_id IS NOT NULL"
        }
        // Every stream a profile can have is SMS, WhatsApp or Telegram (streams table).
        OnboardingStep::Channel => "SELECT 1 FROM sender_profiles WHERE tenant_id = ?1",
        OnboardingStep::Routing => "SELECT 1 FROM routing_rules WHERE tenant_id = ?1",
        OnboardingStep::Tags => "SELECT 1 FROM tags WHERE tenant_id = ?1",
        OnboardingStep::Templates => "SELECT 1 FROM canned_templates WHERE tenant_id = ?1",
    }
}

/// The tenant's checklist as it stands.
pub fn onboarding(conn: &Connection, tenant: i64) -> Result<Onboarding, ApiError> {
    let mut complete = Vec::new();
    for step in OnboardingStep::ALL {
        if conn
            .prepare_cached(completion_sql(step))?
            .exists([tenant])?
        {
            complete.push(step);
        }
    }
    let skipped = conn
        .prepare_cached("SELECT step FROM onboarding_skips WHERE tenant_id = ?1")?
        .query_map([tenant], |r| r.get::<_, String>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?
        .iter()
        // The table's CHECK only admits known optional steps; anything else is ignored
        // rather than failing the whole checklist.
        .filter_map(|s| OnboardingStep::parse(s))
        .collect::<Vec<_>>();
    let finished: bool = conn.query_row(
        "SELECT onboarding_finished_at IS NOT NULL FROM tenants WHERE id = ?1",
        [tenant],
        |r| r.get(0),
    )?;
    Ok(Onboarding::from_facts(&complete, &skipped, finished))
}

/// The step of a skip path, when it names a step that may be skipped. A 422 on `step` rather
/// than a 404: the endpoint exists, the value is what is wrong.
fn skippable(raw: &str) -> Result<OnboardingStep, ApiError> {
    match OnboardingStep::parse(raw) {
        None => Err(ApiError::validation(
            "step",
            "There is no such onboarding step.",
        )),
        Some(step) if step.required() => Err(ApiError::validation(
            "step",
            format!(
                "\u{201c}{}\u{201d} is required and cannot be skipped.",
                step.title()
            ),
        )),
        Some(step) => Ok(step),
    }
}

/// The caller's checklist.
pub fn show(conn: &Connection, user_id: i64) -> Result<Onboarding, ApiError> {
    let tenant = allowed(conn, user_id)?;
    onboarding(conn, tenant)
}

/// Skips an optional step (`skipped`) or takes the skip back. Both are idempotent, so a double
/// click or a retry is harmless, and no skip to take back is fine.
pub fn set_skipped(
    conn: &Connection,
    user_id: i64,
    step: &str,
    skipped: bool,
) -> Result<Onboarding, ApiError> {
    let tenant = allowed(conn, user_id)?;
    let step = skippable(step)?;
    if skipped {
        conn.execute(
            "INSERT INTO onboarding_skips (tenant_id, step, skipped_at) VALUES (?1, ?2, ?3)
             ON CONFLICT (tenant_id, step) DO NOTHING",
            params![tenant, step.as_str(), clock::now_text()],
        )?;
    } else {
        conn.execute(
            "DELETE FROM onboarding_skips WHERE tenant_id = ?1 AND step = ?2",
            params![tenant, step.as_str()],
        )?;
    }
    onboarding(conn, tenant)
}

/// "Go to Inbox". Once finished, a tenant stays finished and keeps its first finish time: a
/// repeated call (a second tab, a double click) answers the checklist even if data was removed
/// since, because the tenant's people already work in the inbox. 409 while a required step is
/// incomplete.
pub fn finish(conn: &Connection, user_id: i64) -> Result<Onboarding, ApiError> {
    let tenant = allowed(conn, user_id)?;
    let current = onboarding(conn, tenant)?;
    if current.finished {
        return Ok(current);
    }
    let missing = current.missing_required();
    if !missing.is_empty() {
        let titles: Vec<&str> = missing.iter().map(|s| s.title()).collect();
        return Err(ApiError::new(
            ErrorCode::Conflict,
            format!("Finish these steps first: {}.", titles.join(", ")),
        ));
    }
    // The tenant's agents and managers leave "Inbox is being set up" live.
    let tx = conn.unchecked_transaction()?;
    tx.execute(
        "UPDATE tenants SET onboarding_finished_at = coalesce(onboarding_finished_at, ?2)
         WHERE id = ?1",
        params![tenant, clock::now_text()],
    )?;
    events::record_access_changed(&tx, tenant, None)?;
    tx.commit()?;
    onboarding(conn, tenant)
}
