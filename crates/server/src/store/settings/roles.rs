//! Settings → Users and roles: custom roles, for Admins alone; the list shows a Manager the
//! roles they may grant (none Admin-based).

use rusqlite::{params, Connection, Row};
use textpeak_api::collections::Roles;
use textpeak_api::{Capability, ErrorCode, RoleBase, RoleInput, RoleSetting};

use crate::db::optional_value;
use crate::domain::access::{flags_text, parse_flags};
use crate::http::problem::ApiError;
use crate::store::settings::names::counted;
use crate::store::settings::resource::{ListedResource, SettingsResource};
use crate::store::settings::rows::all_rows;
use crate::store::settings::scope::SettingsScope;

/// A role from `SELECT id, name, base, builtin, disabled, <users holding it>`.
fn role_from_row(r: &Row) -> rusqlite::Result<RoleSetting> {
    let base: String = r.get(2)?;
    Ok(RoleSetting {
        id: r.get(0)?,
        name: r.get(1)?,
        base: RoleBase::parse(&base).ok_or_else(|| {
            rusqlite::Error::FromSqlConversionFailure(
                2,
                rusqlite::types::Type::Text,
                format!("role base {base}").into(),
            )
        })?,
        builtin: r.get(3)?,
        disabled: parse_flags(&r.get::<_, String>(4)?),
        users: r.get(5)?,
    })
}

/// Columns of [`role_from_row`] for `roles r`; `?1` is the tenant whose users are counted.
const ROLE_COLUMNS: &str = "r.id, r.name, r.base, r.builtin, r.disabled,
    (SELECT count(*) FROM users u WHERE u.role_id = r.id AND u.tenant_id = ?1)";

/// 404 unless the role is a custom role of the tenant; 403 for the built-in ones, which every
/// tenant shares.
fn require_custom_role(conn: &Connection, tenant: i64, role_id: i64) -> Result<(), ApiError> {
    let builtin: Option<bool> = optional_value(
        conn,
        "SELECT builtin FROM roles WHERE id = ?1 AND coalesce(tenant_id, ?2) = ?2",
        params![role_id, tenant],
    )?;
    match builtin {
        None => Err(ApiError::not_found()),
        Some(true) => Err(ApiError::new(
            ErrorCode::Forbidden,
            "Built-in roles cannot be changed: create a custom role instead",
        )),
        Some(false) => Ok(()),
    }
}

/// The built-in roles and the tenant's custom ones.
impl SettingsResource for Roles {
    type Stored = ();

    /// Editing custom roles is for Admins (403 otherwise); the list is for whoever grants roles.
    const CAPABILITIES: &'static [Capability] = &[
        Capability::ManageOrganisation,
        Capability::ManageCustomRoles,
    ];
    const LIST_CAPABILITIES: &'static [Capability] = &[Capability::ManageOrganisation];

    fn stored(conn: &Connection, scope: &SettingsScope, id: i64) -> Result<(), ApiError> {
        require_custom_role(conn, scope.tenant, id)
    }

    /// Name, base and switched-off permissions; they apply to the holders on their next
    /// request.
    fn save(
        conn: &Connection,
        scope: &SettingsScope,
        input: &RoleInput,
        id: Option<i64>,
    ) -> Result<i64, ApiError> {
        let (base, disabled) = (input.base.as_str(), flags_text(&input.disabled));
        match id {
            Some(id) => {
                conn.execute(
                    "UPDATE roles SET name = ?1, base = ?2, disabled = ?3 WHERE id = ?4",
                    params![input.name, base, disabled, id],
                )?;
                Ok(id)
            }
            None => {
                conn.execute(
                    "INSERT INTO roles (tenant_id, name, base, disabled) VALUES (?1, ?2, ?3, ?4)",
                    params![scope.tenant, input.name, base, disabled],
                )?;
                Ok(conn.last_insert_rowid())
            }
        }
    }

    fn read(conn: &Connection, scope: &SettingsScope, id: i64) -> Result<RoleSetting, ApiError> {
        Ok(conn.query_row(
            &format!("SELECT {ROLE_COLUMNS} FROM roles r WHERE r.id = ?2"),
            params![scope.tenant, id],
            role_from_row,
        )?)
    }

    /// 409 while anyone holds the role, deactivated people included (they keep it for when
    /// they come back).
    fn delete(conn: &Connection, scope: &SettingsScope, id: i64) -> Result<(), ApiError> {
        require_custom_role(conn, scope.tenant, id)?;
        let holders: u64 =
            conn.query_row("SELECT count(*) FROM users WHERE role_id = ?1", [id], |r| {
                r.get(0)
            })?;
        if holders > 0 {
            let have = if holders == 1 { "has" } else { "have" };
            return Err(ApiError::new(
                ErrorCode::Conflict,
                format!(
                    "{} {have} this role: give them another role before deleting it.",
                    counted(holders, "person", "people")
                ),
            ));
        }
        conn.execute("DELETE FROM roles WHERE id = ?1", [id])?;
        Ok(())
    }
}

impl ListedResource for Roles {
    /// The built-ins, then the tenant's custom roles by name; for a Manager only the roles
    /// they may grant (none Admin-based).
    fn list(conn: &Connection, scope: &SettingsScope) -> Result<Vec<RoleSetting>, ApiError> {
        let sql = format!(
            "SELECT {ROLE_COLUMNS} FROM roles r
             WHERE coalesce(r.tenant_id, ?1) = ?1 AND (?2 OR r.base <> 'admin')
             ORDER BY r.builtin DESC, CASE WHEN r.builtin THEN r.id END, r.name, r.id"
        );
        all_rows(
            conn,
            &sql,
            params![scope.tenant, scope.is_admin()],
            role_from_row,
        )
    }
}
