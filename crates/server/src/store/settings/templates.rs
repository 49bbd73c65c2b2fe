//! Settings → Canned templates: saved replies with placeholders. Templates belong to the tenant,
//! not to a space, so everyone with `ManageChannelSettings` (Managers included) manages all of
//! them.

use rusqlite::{params, Connection, Row};
use textpeak_api::collections::Templates;
use textpeak_api::{Capability, Stream, TemplateInput, TemplateSetting};

use crate::http::problem::ApiError;
use crate::store::settings::resource::{delete_tenant_row, ListedResource, SettingsResource};
use crate::store::settings::rows::{all_rows, found_row};
use crate::store::settings::scope::SettingsScope;
use crate::store::wire::wire;

const TEMPLATE_COLUMNS: &str =
    "SELECT id, name, body, stream, whatsapp_approved FROM canned_templates";

/// A template from [`TEMPLATE_COLUMNS`].
fn template_from_row(r: &Row) -> rusqlite::Result<TemplateSetting> {
    let stream: Option<String> = r.get(3)?;
    Ok(TemplateSetting {
        id: r.get(0)?,
        name: r.get(1)?,
        body: r.get(2)?,
        stream: stream.map(|s| wire(Stream::parse, 3, s)).transpose()?,
        whatsapp_approved: r.get(4)?,
    })
}

/// The tenant's canned templates.
impl SettingsResource for Templates {
    type Stored = TemplateSetting;

    /// Templates are the tenant's, not a space's, so a Manager's spaces do not narrow them.
    const CAPABILITIES: &'static [Capability] = &[Capability::ManageChannelSettings];

    fn stored(
        conn: &Connection,
        scope: &SettingsScope,
        id: i64,
    ) -> Result<TemplateSetting, ApiError> {
        Self::read(conn, scope, id)
    }

    /// The whole form, on a create or an edit.
    fn save(
        conn: &Connection,
        scope: &SettingsScope,
        input: &TemplateInput,
        id: Option<i64>,
    ) -> Result<i64, ApiError> {
        let stream = input.stream.map(Stream::as_str);
        match id {
            Some(id) => {
                conn.execute(
                    "UPDATE canned_templates SET name = ?1, body = ?2, stream = ?3,
                        whatsapp_approved = ?4 WHERE id = ?5 AND tenant_id = ?6",
                    params![
                        input.name,
                        input.body,
                        stream,
                        input.whatsapp_approved,
                        id,
                        scope.tenant
                    ],
                )?;
                Ok(id)
            }
            None => {
                conn.execute(
                    "INSERT INTO canned_templates (tenant_id, name, body, stream, whatsapp_approved)
                     VALUES (?1, ?2, ?3, ?4, ?5)",
                    params![
                        scope.tenant,
                        input.name,
                        input.body,
                        stream,
                        input.whatsapp_approved
                    ],
                )?;
                Ok(conn.last_insert_rowid())
            }
        }
    }

    fn read(
        conn: &Connection,
        scope: &SettingsScope,
        id: i64,
    ) -> Result<TemplateSetting, ApiError> {
        let sql = format!("{TEMPLATE_COLUMNS} WHERE id = ?1 AND tenant_id = ?2");
        found_row(conn, &sql, params![id, scope.tenant], template_from_row)
    }

    /// Messages sent with it keep their text.
    fn delete(conn: &Connection, scope: &SettingsScope, id: i64) -> Result<(), ApiError> {
        delete_tenant_row(conn, "canned_templates", scope.tenant, id)
    }
}

impl ListedResource for Templates {
    /// By name.
    fn list(conn: &Connection, scope: &SettingsScope) -> Result<Vec<TemplateSetting>, ApiError> {
        let sql =
            format!("{TEMPLATE_COLUMNS} WHERE tenant_id = ?1 ORDER BY name COLLATE NOCASE, id");
        all_rows(conn, &sql, [scope.tenant], template_from_row)
    }
}
