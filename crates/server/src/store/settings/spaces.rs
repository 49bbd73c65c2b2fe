//! Settings → Spaces, in the scope that Settings → Users and roles shares with it
//! (product.md §3): the owner and Admins manage the whole tenant; a Manager the spaces assigned
//! to them, and cannot create or delete spaces. Ids of other tenants or outside a Manager's
//! spaces answer 404, revealing nothing. Loads a [`SettingsScope`] with `ManageOrganisation`.

use rusqlite::{params, Connection};
use textpeak_api::collections::Spaces;
use textpeak_api::{Capability, ErrorCode, SpaceInput, SpaceSetting};

use crate::http::problem::ApiError;
use crate::store::settings::resource::{ListedResource, SettingsResource};
use crate::store::settings::rows::{linked, rows_by_id, Linked};
use crate::store::settings::scope::SettingsScope;
use crate::store::settings::teams::team_setting;

pub fn space_setting(conn: &Connection, space_id: i64) -> Result<SpaceSetting, ApiError> {
    let (name, conversations, sender_profiles) = conn.query_row(
        "SELECT s.name,
                (SELECT count(*) FROM conversations c WHERE c.space_id = s.id),
                (SELECT count(*) FROM sender_profiles p WHERE p.space_id = s.id)
         FROM spaces s WHERE s.id = ?1",
        [space_id],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?;
    let teams = rows_by_id(
        conn,
        "SELECT id FROM teams WHERE space_id = ?1 ORDER BY name, id",
        space_id,
        |id| team_setting(conn, id),
    )?;
    let members = linked(conn, Linked::SpaceMembers, space_id, "1")?;
    Ok(SpaceSetting {
        id: space_id,
        name,
        teams,
        members,
        conversations,
        sender_profiles,
    })
}

/// The tenant's spaces, with their teams.
impl SettingsResource for Spaces {
    type Stored = ();

    const CAPABILITIES: &'static [Capability] = &[Capability::ManageOrganisation];

    /// Admins only.
    fn may_create(scope: &SettingsScope) -> Result<(), ApiError> {
        scope.require_admin("create spaces")
    }

    /// A Manager may rename their own spaces.
    fn stored(conn: &Connection, scope: &SettingsScope, id: i64) -> Result<(), ApiError> {
        scope.require_space_found(conn, id)
    }

    /// A new space, or a new name.
    fn save(
        conn: &Connection,
        scope: &SettingsScope,
        input: &SpaceInput,
        id: Option<i64>,
    ) -> Result<i64, ApiError> {
        match id {
            Some(id) => {
                conn.execute(
                    "UPDATE spaces SET name = ?1 WHERE id = ?2",
                    params![input.name, id],
                )?;
                Ok(id)
            }
            None => {
                conn.execute(
                    "INSERT INTO spaces (tenant_id, name) VALUES (?1, ?2)",
                    params![scope.tenant, input.name],
                )?;
                Ok(conn.last_insert_rowid())
            }
        }
    }

    fn read(conn: &Connection, _scope: &SettingsScope, id: i64) -> Result<SpaceSetting, ApiError> {
        space_setting(conn, id)
    }

    /// Admins only: the space goes with everything in it, by the schema's cascades in one
    /// statement: its teams (with their members and routing rules), sender profiles,
    /// assignments, and conversations with their messages. The senders of its profiles and
    /// rules stay in the tenant's sender registry, unassigned, and contacts stay with the
    /// tenant. 409 for the tenant's last space: the Inbox has nothing to show without one.
    fn delete(conn: &Connection, scope: &SettingsScope, id: i64) -> Result<(), ApiError> {
        scope.require_admin("delete spaces")?;
        scope.require_space_found(conn, id)?;
        let spaces: u64 = conn.query_row(
            "SELECT count(*) FROM spaces WHERE tenant_id = ?1",
            [scope.tenant],
            |r| r.get(0),
        )?;
        if spaces <= 1 {
            return Err(ApiError::new(
                ErrorCode::Conflict,
                "This is the only space: create another before deleting it.",
            ));
        }
        conn.execute("DELETE FROM spaces WHERE id = ?1", [id])?;
        Ok(())
    }
}

impl ListedResource for Spaces {
    /// The spaces the caller manages, by name, with their teams.
    fn list(conn: &Connection, scope: &SettingsScope) -> Result<Vec<SpaceSetting>, ApiError> {
        let ids_in_scope = format!(
            "SELECT id FROM spaces WHERE tenant_id = ?1 AND {} ORDER BY name, id",
            scope.space_condition("id")
        );
        rows_by_id(conn, &ids_in_scope, scope.tenant, |id| {
            space_setting(conn, id)
        })
    }
}
