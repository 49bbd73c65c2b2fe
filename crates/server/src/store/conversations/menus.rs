//! What the dashboard's filter menus offer in a space.

use rusqlite::Connection;
use textpeak_api::{SpaceFilters, TagRef, TeamRef};

use crate::http::problem::ApiError;
use crate::store::conversations::caller::Caller;
use crate::store::viewer;

/// The teams the caller works in (every team for owner and Admins) and the tenant's tags (tags
/// are defined per tenant and usable in every space).
pub fn space_filters(
    conn: &Connection,
    caller: &Caller,
    space_id: i64,
) -> Result<SpaceFilters, ApiError> {
    let teams = viewer::visible_teams(conn, space_id, &caller.subject, &caller.membership)?
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
}
