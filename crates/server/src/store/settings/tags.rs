//! Settings → Tags: the tenant's tags, with how many conversations use each. Managing them
//! needs `ManageChannelSettings`; deleting also needs `DeleteTags` (a custom role can lose it).

use rusqlite::{params, Connection, Row};
use textpeak_api::collections::Tags;
use textpeak_api::{Capability, TagInput, TagSetting};

use crate::http::problem::ApiError;
use crate::store::settings::resource::{delete_tenant_row, ListedResource, SettingsResource};
use crate::store::settings::rows::{all_rows, found_row};
use crate::store::settings::scope::SettingsScope;

/// A tag from `SELECT id, name, color, <conversation count>`.
fn tag_from_row(r: &Row) -> rusqlite::Result<TagSetting> {
    Ok(TagSetting {
        id: r.get(0)?,
        name: r.get(1)?,
        color: r.get(2)?,
        conversations: r.get(3)?,
    })
}

/// The tenant's tags.
impl SettingsResource for Tags {
    type Stored = TagSetting;

    const CAPABILITIES: &'static [Capability] = &[Capability::ManageChannelSettings];
    /// A custom role can lose `DeleteTags`.
    const DELETE_CAPABILITIES: &'static [Capability] =
        &[Capability::ManageChannelSettings, Capability::DeleteTags];

    fn stored(conn: &Connection, scope: &SettingsScope, id: i64) -> Result<TagSetting, ApiError> {
        Self::read(conn, scope, id)
    }

    fn save(
        conn: &Connection,
        scope: &SettingsScope,
        input: &TagInput,
        id: Option<i64>,
    ) -> Result<i64, ApiError> {
        match id {
            Some(id) => {
                conn.execute(
                    "UPDATE tags SET name = ?1, color = ?2 WHERE id = ?3 AND tenant_id = ?4",
                    params![input.name, input.color, id, scope.tenant],
                )?;
                Ok(id)
            }
            None => {
                conn.execute(
                    "INSERT INTO tags (tenant_id, name, color) VALUES (?1, ?2, ?3)",
                    params![scope.tenant, input.name, input.color],
                )?;
                Ok(conn.last_insert_rowid())
            }
        }
    }

    fn read(conn: &Connection, scope: &SettingsScope, id: i64) -> Result<TagSetting, ApiError> {
        found_row(
            conn,
            "SELECT t.id, t.name, t.color,
                    (SELECT count(*) FROM conversation_tags ct WHERE ct.tag_id = t.id)
             FROM tags t WHERE t.id = ?1 AND t.tenant_id = ?2",
            params![id, scope.tenant],
            tag_from_row,
        )
    }

    /// The tag leaves every conversation; past "tagged" events keep their place in threads
    /// without a tag name.
    fn delete(conn: &Connection, scope: &SettingsScope, id: i64) -> Result<(), ApiError> {
        delete_tenant_row(conn, "tags", scope.tenant, id)
    }
}

impl ListedResource for Tags {
    /// By name.
    fn list(conn: &Connection, scope: &SettingsScope) -> Result<Vec<TagSetting>, ApiError> {
        all_rows(
            conn,
            "SELECT t.id, t.name, t.color, count(ct.conversation_id)
             FROM tags t LEFT JOIN conversation_tags ct ON ct.tag_id = t.id
             WHERE t.tenant_id = ?1
             GROUP BY t.id ORDER BY t.name COLLATE NOCASE, t.id",
            [scope.tenant],
            tag_from_row,
        )
    }
}
