//! Who may use a settings endpoint, and where (product.md §3). Channel settings (sender
//! profiles, routing, templates, tags) and organisation settings (spaces, teams, users, roles)
//! ask the same questions: does the caller hold the capability, which tenant is theirs, and are
//! they limited to the spaces assigned to them (a Manager) or do they manage the whole tenant
//! (the owner and Admins). One type answers them, so that both areas draw the line in one place.

use rusqlite::{params, Connection, OptionalExtension};
use textpeak_api::permissions::{self, SpaceScope};
use textpeak_api::{Capability, ErrorCode, NamedRef, Subject};

use crate::db::optional_value;
use crate::domain::access::{id_list, Viewer};
use crate::http::problem::ApiError;

/// The caller and their permissions, once they have shown they may use `capabilities`; 403
/// otherwise (after the inbox checks of [`Viewer::require_inbox`], which answer their own codes).
pub fn viewer_allowed(
    conn: &Connection,
    user_id: i64,
    capabilities: &[Capability],
) -> Result<(Viewer, Subject), ApiError> {
    let viewer = Viewer::load(conn, user_id)?;
    let subject = viewer.require_inbox()?;
    if capabilities.iter().all(|c| permissions::can(&subject, *c)) {
        Ok((viewer, subject))
    } else {
        Err(ApiError::new(
            ErrorCode::Forbidden,
            "Your role does not allow this",
        ))
    }
}

/// The caller's tenant, once they have shown they may use `capabilities`: for settings that
/// belong to the tenant as a whole (tags, templates, custom roles), where spaces do not matter.
pub fn tenant_allowed(
    conn: &Connection,
    user_id: i64,
    capabilities: &[Capability],
) -> Result<i64, ApiError> {
    viewer_allowed(conn, user_id, capabilities).map(|(viewer, _)| viewer.tenant.id)
}

/// A caller allowed to use a settings capability, and where: the owner and Admins every space
/// of the tenant, a Manager the spaces assigned to them ("in their spaces").
pub struct SettingsScope {
    pub tenant: i64,
    pub caller: i64,
    /// None: every space of the tenant.
    assigned_spaces: Option<Vec<i64>>,
}

impl SettingsScope {
    /// 403 for callers without all of `capabilities` (Agents, users without the inbox
    /// permission, Managers for what only Admins may do).
    pub fn load(
        conn: &Connection,
        user_id: i64,
        capabilities: &[Capability],
    ) -> Result<SettingsScope, ApiError> {
        let (viewer, subject) = viewer_allowed(conn, user_id, capabilities)?;
        // viewer_allowed has checked the inbox, so the scope is never `None` here; treating it
        // as "assigned" keeps a refusal the safe side should that change.
        let assigned_spaces = match permissions::space_scope(&subject) {
            SpaceScope::All => None,
            SpaceScope::Assigned | SpaceScope::None => {
                Some(viewer.membership(conn)?.assigned_spaces)
            }
        };
        Ok(SettingsScope {
            tenant: viewer.tenant.id,
            caller: viewer.user.id,
            assigned_spaces,
        })
    }

    /// Owner and Admins: the whole tenant, the Admin role, creating and deleting spaces. For a
    /// caller with the inbox, space scope "all" and `GrantAdmin` are the same test (Admin).
    pub fn is_admin(&self) -> bool {
        self.assigned_spaces.is_none()
    }

    /// 403 for a Manager: "Only Inbox Admins can {action}".
    pub fn require_admin(&self, action: &str) -> Result<(), ApiError> {
        if self.is_admin() {
            Ok(())
        } else {
            Err(ApiError::new(
                ErrorCode::Forbidden,
                format!("Only Inbox Admins can {action}"),
            ))
        }
    }

    /// Whether the caller manages the space, taking for granted that it is the tenant's.
    pub fn covers(&self, space_id: i64) -> bool {
        self.assigned_spaces
            .as_ref()
            .is_none_or(|spaces| spaces.contains(&space_id))
    }

    /// An SQL condition that holds for the spaces the caller manages, on a column of space ids.
    /// The ids are integers read from the database, so inlining them is safe.
    pub fn space_condition(&self, column: &str) -> String {
        match &self.assigned_spaces {
            None => "1".into(),
            Some(spaces) if spaces.is_empty() => "0".into(),
            Some(spaces) => format!("{column} IN ({})", id_list(spaces)),
        }
    }

    /// An SQL condition that holds for the users the caller manages (their tenant is checked
    /// separately): a Manager's are the people assigned to one of the Manager's spaces.
    pub fn user_condition(&self, column: &str) -> String {
        if self.is_admin() {
            "1".into()
        } else {
            format!(
                "EXISTS (SELECT 1 FROM space_members sm WHERE sm.user_id = {column} AND {})",
                self.space_condition("sm.space_id")
            )
        }
    }

    /// The space and its name when it is the tenant's and the caller manages it.
    fn managed_space(
        &self,
        conn: &Connection,
        space_id: i64,
    ) -> Result<Option<NamedRef>, ApiError> {
        let name: Option<String> = conn
            .prepare_cached("SELECT name FROM spaces WHERE id = ?1 AND tenant_id = ?2")?
            .query_row(params![space_id, self.tenant], |r| r.get(0))
            .optional()?;
        Ok(name
            .filter(|_| self.covers(space_id))
            .map(|name| NamedRef { id: space_id, name }))
    }

    /// Whether the space is the tenant's and the caller manages it.
    pub fn manages_space(&self, conn: &Connection, space_id: i64) -> Result<bool, ApiError> {
        Ok(self.managed_space(conn, space_id)?.is_some())
    }

    /// 404 unless the caller manages the space: for a space addressed by the URL, where other
    /// tenants' ids and spaces outside a Manager's reveal nothing.
    pub fn require_space_found(&self, conn: &Connection, space_id: i64) -> Result<(), ApiError> {
        if self.manages_space(conn, space_id)? {
            Ok(())
        } else {
            Err(ApiError::not_found())
        }
    }

    /// The space a form chose, or 422 on `field` when it is not a space of the tenant that the
    /// caller manages (the two are not told apart: either way the choice is not offered).
    pub fn require_space(
        &self,
        conn: &Connection,
        space_id: i64,
        field: &'static str,
    ) -> Result<NamedRef, ApiError> {
        self.managed_space(conn, space_id)?
            .ok_or_else(|| ApiError::validation(field, "Choose one of your spaces."))
    }

    /// The space of a team the caller manages; None for other tenants' and other spaces' teams.
    pub fn team_space(&self, conn: &Connection, team_id: i64) -> Result<Option<i64>, ApiError> {
        let space: Option<i64> = optional_value(
            conn,
            "SELECT t.space_id FROM teams t JOIN spaces s ON s.id = t.space_id
                 WHERE t.id = ?1 AND s.tenant_id = ?2",
            params![team_id, self.tenant],
        )?;
        Ok(space.filter(|&space| self.covers(space)))
    }

    /// Whether the user is the tenant's and the caller manages them.
    pub fn user_in_scope(&self, conn: &Connection, user_id: i64) -> Result<bool, ApiError> {
        Ok(conn
            .prepare(&format!(
                "SELECT 1 FROM users u WHERE u.id = ?1 AND u.tenant_id = ?2 AND {}",
                self.user_condition("u.id")
            ))?
            .exists(params![user_id, self.tenant])?)
    }
}
