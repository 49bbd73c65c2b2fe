//! The caller of a dashboard endpoint, allowed to use the inbox, and what they may see.

use rusqlite::{params, Connection};
use textpeak_api::permissions::Membership;
use textpeak_api::Subject;

use crate::domain::access::{self, Viewer};
use crate::http::problem::ApiError;
use crate::store::viewer;

/// The caller, allowed to use the inbox, with the SQL condition of what they may see.
pub struct Caller {
    pub viewer: Viewer,
    pub subject: Subject,
    pub membership: Membership,
    pub visible: String,
}

impl Caller {
    pub fn load(conn: &Connection, user_id: i64) -> Result<Caller, ApiError> {
        let viewer = Viewer::load(conn, user_id)?;
        let subject = viewer.require_inbox()?;
        let membership = viewer.membership(conn)?;
        let visible = access::conversation_visibility_sql(&subject, &membership);
        Ok(Caller {
            viewer,
            subject,
            membership,
            visible,
        })
    }

    /// 404 unless the space is the caller's tenant's and in their scope.
    pub fn require_space(&self, conn: &Connection, space_id: i64) -> Result<(), ApiError> {
        if viewer::space_in_scope(
            conn,
            self.viewer.tenant.id,
            space_id,
            &self.subject,
            &self.membership,
        )? {
            Ok(())
        } else {
            Err(ApiError::not_found())
        }
    }

    /// 404 unless the conversation exists in the caller's tenant and they may see it.
    pub fn require_conversation(&self, conn: &Connection, id: i64) -> Result<(), ApiError> {
        let sql = format!(
            "SELECT 1 FROM conversations c WHERE c.id = ?1 AND c.tenant_id = ?2 AND {}",
            self.visible
        );
        if conn
            .prepare(&sql)?
            .exists(params![id, self.viewer.tenant.id])?
        {
            Ok(())
        } else {
            Err(ApiError::not_found())
        }
    }
}
