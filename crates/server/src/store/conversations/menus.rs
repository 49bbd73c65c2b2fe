//! What the dashboard's menus offer: the filters of a space, and the actions of one
//! conversation.

use rusqlite::Connection;
use textpeak_api::permissions;
use textpeak_api::{ActionOptions, Capability, SpaceFilters, TagRef, TeamRef, UserRef};

use crate::http::problem::ApiError;
use crate::store::conversations::actions::assignable;
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
    let tags = tenant_tags(conn, caller.viewer.tenant.id)?;
    Ok(SpaceFilters { teams, tags })
}

fn tenant_tags(conn: &Connection, tenant: i64) -> rusqlite::Result<Vec<TagRef>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, name, color FROM tags WHERE tenant_id = ?1 ORDER BY name, id",
    )?;
    let tags = stmt
        .query_map([tenant], |r| {
            Ok(TagRef {
                id: r.get(0)?,
                name: r.get(1)?,
                color: r.get(2)?,
            })
        })?
        .collect();
    tags
}

/// What the action menus of a conversation the caller may see offer: with `Assign`, the
/// people who may hold it (the rule of the assign action: active Inbox users who are members
/// of its team and in its space) and the teams of its space (its own first); with `Tag`, the
/// tenant's tags; and whether the caller may create a tag on the spot.
pub fn action_options(
    conn: &Connection,
    caller: &Caller,
    id: i64,
) -> Result<ActionOptions, ApiError> {
    let may = |c| permissions::can(&caller.subject, c);
    let mut options = ActionOptions {
        can_create_tags: may(Capability::ManageChannelSettings),
        ..ActionOptions::default()
    };
    if may(Capability::Assign) {
        let mut stmt = conn.prepare(&format!(
            "SELECT u.id, u.name FROM conversations c
             JOIN team_members tm ON tm.team_id = c.team_id
             JOIN users u ON u.id = tm.user_id
             WHERE c.id = ?1 AND {}
             ORDER BY u.name, u.id",
            assignable("u.id", "c.team_id")
        ))?;
        options.assignees = stmt
            .query_map([id], |r| {
                Ok(UserRef {
                    id: r.get(0)?,
                    name: r.get(1)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        let mut stmt = conn.prepare_cached(
            "SELECT t.id, t.name FROM conversations c JOIN teams t ON t.space_id = c.space_id
             WHERE c.id = ?1 ORDER BY t.id <> c.team_id, t.name, t.id",
        )?;
        options.teams = stmt
            .query_map([id], |r| {
                Ok(TeamRef {
                    id: r.get(0)?,
                    name: r.get(1)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
    }
    if may(Capability::Tag) {
        options.tags = tenant_tags(conn, caller.viewer.tenant.id)?;
    }
    Ok(options)
}
