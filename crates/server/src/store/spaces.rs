//! A space's counts for the space switcher.

use std::collections::HashMap;

use rusqlite::{params, Connection};
use textpeak_api::{SpaceSummary, TeamInfo};

use crate::domain::access::{self, Viewer};
use crate::http::problem::ApiError;
use crate::store::viewer;

/// Counts over the conversations of the space that the caller may see; 404 outside their
/// scope.
pub fn summary(conn: &Connection, user_id: i64, space_id: i64) -> Result<SpaceSummary, ApiError> {
    let viewer = Viewer::load(conn, user_id)?;
    let subject = viewer.require_inbox()?;
    let membership = viewer.membership(conn)?;
    if !viewer::space_in_scope(conn, viewer.tenant.id, space_id, &subject, &membership)? {
        return Err(ApiError::not_found());
    }
    let visible = access::conversation_visibility_sql(&subject, &membership);
    let mut stmt = conn.prepare(&format!(
        "SELECT c.team_id,
                count(*) FILTER (WHERE c.status = 'open'),
                count(*) FILTER (WHERE c.status = 'open' AND c.assignee_id IS NULL),
                count(*) FILTER (WHERE c.status = 'open' AND c.assignee_id = ?2),
                count(*) FILTER (WHERE c.unread_count > 0)
         FROM conversations c
         WHERE c.space_id = ?1 AND {visible}
         GROUP BY c.team_id"
    ))?;
    let mut per_team: HashMap<i64, u64> = HashMap::new();
    let mut summary = SpaceSummary {
        space_id,
        open: 0,
        unassigned_open: 0,
        mine_open: 0,
        unread: 0,
        teams: Vec::new(),
    };
    let mut rows = stmt.query(params![space_id, viewer.user.id])?;
    while let Some(row) = rows.next()? {
        let open: u64 = row.get(1)?;
        per_team.insert(row.get(0)?, open);
        summary.open += open;
        summary.unassigned_open += row.get::<_, u64>(2)?;
        summary.mine_open += row.get::<_, u64>(3)?;
        summary.unread += row.get::<_, u64>(4)?;
    }
    summary.teams = viewer::visible_teams(conn, space_id, &subject, &membership)?
        .into_iter()
        .map(|(id, name)| TeamInfo {
            id,
            name,
            open: per_team.get(&id).copied().unwrap_or(0),
        })
        .collect();
    Ok(summary)
}
