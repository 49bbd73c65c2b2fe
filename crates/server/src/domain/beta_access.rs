//! Beta access to the Inbox, per tenant (product.md §2, §4.1):
//! `none` → `requested` → `approved` or `declined`, and `declined` → `requested` again.
//!
//! What the state machine says, without the database: the decisions support takes, the
//! refusals and their wording, and how the `access` command prints. The transitions themselves
//! are `store::beta_access`.

use textpeak_api::{AccessRequestReview, BetaAccess, ErrorCode, Problem};

use crate::clock;
use crate::http::problem::ApiError;

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

/// 409 `access_already_requested`, naming the pending request (when it was sent and by whom)
/// if it could be read.
pub fn already_requested(pending: Option<(String, Option<String>)>) -> ApiError {
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

/// 409 `conflict` ("Nimbus Retail has no pending request") with what happened instead.
pub fn no_pending_request(current: &AccessRequestReview) -> ApiError {
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

/// The one tenant among `tenants` (id and name) that `query` (not empty, single-spaced) names:
/// its id, its name ignoring case, or the first word of its name. 404 when none does, 409
/// when several do.
pub fn match_tenant(tenants: &[(i64, String)], query: &str) -> Result<(i64, String), ApiError> {
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
