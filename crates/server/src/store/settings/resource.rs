//! The one scaffold of the settings endpoints. Tags, templates, routing rules, sender
//! profiles, spaces, teams and roles are each listed, created, edited and deleted the same way:
//! load the caller's [`SettingsScope`] for the capabilities the operation needs, find the row
//! (404 outside the scope), normalise and check the form (422 naming the field; a unique name),
//! write in one transaction, and answer the row read back the way a single item is read. What
//! differs per resource is a [`SettingsResource`] implementation; nothing else repeats.

use rusqlite::{Connection, TransactionBehavior};
use serde::de::DeserializeOwned;
use serde::Serialize;
use textpeak_api::collections::Collection;
use textpeak_api::{
    Capability, RoleInput, RoutingRuleInput, SenderProfileInput, SpaceInput, TagInput, TeamInput,
    TemplateInput,
};

use crate::http::problem::ApiError;
use crate::store::events;
use crate::store::settings::names::{require_unique_name, Named};
use crate::store::settings::scope::SettingsScope;

/// A settings form: normalised by the contract's shared validation, and naming what it saves.
pub trait Form: Sized {
    /// Whose names must differ: the names of the forms' rows are unique in the tenant (a
    /// resource with another rule checks it in its own [`SettingsResource::check`]).
    const NAMED: Named;

    /// `normalized()` of the contract: 422 naming the field.
    fn normalized_form(&self) -> Result<Self, ApiError>;
    fn name(&self) -> &str;
}

macro_rules! forms {
    ($($input:ty => $named:ident),* $(,)?) => {$(
        impl Form for $input {
            const NAMED: Named = Named::$named;

            fn normalized_form(&self) -> Result<Self, ApiError> {
                Ok(self.normalized()?)
            }

            fn name(&self) -> &str {
                &self.name
            }
        }
    )*};
}

forms!(
    TagInput => Tag,
    TemplateInput => Template,
    RoutingRuleInput => RoutingRule,
    SenderProfileInput => SenderProfile,
    SpaceInput => Space,
    TeamInput => Team,
    RoleInput => Role,
);

/// What a request does to a resource, for the capabilities it needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    List,
    Create,
    Update,
    Delete,
}

/// How a settings collection of the API (its row, its form, its path) is stored.
pub trait SettingsResource:
    Collection<Row: Serialize + Send + 'static, Input: Form + DeserializeOwned + Send + 'static>
    + Send
    + Sync
    + 'static
{
    /// What an edit must know of the stored row before it checks the form.
    type Stored;

    /// The capabilities the caller needs (403 without them)…
    const CAPABILITIES: &'static [Capability];
    /// …to list the rows,
    const LIST_CAPABILITIES: &'static [Capability] = Self::CAPABILITIES;
    /// …and to delete one.
    const DELETE_CAPABILITIES: &'static [Capability] = Self::CAPABILITIES;

    /// Refuses a caller who may edit but not create (403), before the form is looked at.
    fn may_create(_scope: &SettingsScope) -> Result<(), ApiError> {
        Ok(())
    }

    /// The stored row the caller may edit; 404 for other tenants' ids and outside their scope.
    fn stored(conn: &Connection, scope: &SettingsScope, id: i64) -> Result<Self::Stored, ApiError>;

    /// Every check of a normalised form beyond the contract's: unique names, choices within the
    /// caller's scope, rules tying the row to what uses it. `edit` is the row being edited. By
    /// default, that no other row of the tenant has the name.
    fn check(
        conn: &Connection,
        scope: &SettingsScope,
        input: &Self::Input,
        edit: Option<(i64, &Self::Stored)>,
    ) -> Result<(), ApiError> {
        let except = edit.map(|(id, _)| id);
        require_unique_name(conn, Self::Input::NAMED, scope.tenant, input.name(), except)
    }

    /// Writes a checked form: a new row (`id` None) or the edited one. Answers its id.
    fn save(
        conn: &Connection,
        scope: &SettingsScope,
        input: &Self::Input,
        id: Option<i64>,
    ) -> Result<i64, ApiError>;

    /// The row as the page shows it.
    fn read(conn: &Connection, scope: &SettingsScope, id: i64) -> Result<Self::Row, ApiError>;

    /// Deletes the row: 404 outside the scope, 409 while something still needs it.
    fn delete(conn: &Connection, scope: &SettingsScope, id: i64) -> Result<(), ApiError>;
}

/// A resource the settings page lists.
pub trait ListedResource: SettingsResource {
    /// The rows in the caller's scope, in the page's order.
    fn list(conn: &Connection, scope: &SettingsScope) -> Result<Vec<Self::Row>, ApiError>;
}

/// Deletes the tenant's row `id` of `table` (a table with a `tenant_id`); 404 when there is none.
pub fn delete_tenant_row(
    conn: &Connection,
    table: &'static str,
    tenant: i64,
    id: i64,
) -> Result<(), ApiError> {
    let removed = conn.execute(
        &format!("DELETE FROM {table} WHERE id = ?1 AND tenant_id = ?2"),
        rusqlite::params![id, tenant],
    )?;
    if removed == 0 {
        return Err(ApiError::not_found());
    }
    Ok(())
}

fn scope<R: SettingsResource>(
    conn: &Connection,
    user_id: i64,
    op: Op,
) -> Result<SettingsScope, ApiError> {
    let capabilities = match op {
        Op::List => R::LIST_CAPABILITIES,
        Op::Delete => R::DELETE_CAPABILITIES,
        Op::Create | Op::Update => R::CAPABILITIES,
    };
    SettingsScope::load(conn, user_id, capabilities)
}

/// The rows the caller may see.
pub fn list<R: ListedResource>(conn: &Connection, user_id: i64) -> Result<Vec<R::Row>, ApiError> {
    let scope = scope::<R>(conn, user_id, Op::List)?;
    R::list(conn, &scope)
}

/// A new row from the form.
pub fn create<R: SettingsResource>(
    conn: &mut Connection,
    user_id: i64,
    input: R::Input,
) -> Result<R::Row, ApiError> {
    let scope = scope::<R>(conn, user_id, Op::Create)?;
    R::may_create(&scope)?;
    let input = input.normalized_form()?;
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    R::check(&tx, &scope, &input, None)?;
    let id = R::save(&tx, &scope, &input, None)?;
    let row = R::read(&tx, &scope, id)?;
    // Every settings kind shapes what the tenant's people see (menus, filters, access).
    events::record_access_changed(&tx, scope.tenant, None)?;
    tx.commit()?;
    Ok(row)
}

/// The row `id` changed as the form says.
pub fn update<R: SettingsResource>(
    conn: &mut Connection,
    user_id: i64,
    id: i64,
    input: R::Input,
) -> Result<R::Row, ApiError> {
    let scope = scope::<R>(conn, user_id, Op::Update)?;
    let stored = R::stored(conn, &scope, id)?;
    let input = input.normalized_form()?;
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    R::check(&tx, &scope, &input, Some((id, &stored)))?;
    R::save(&tx, &scope, &input, Some(id))?;
    let row = R::read(&tx, &scope, id)?;
    // Every settings kind shapes what the tenant's people see (menus, filters, access).
    events::record_access_changed(&tx, scope.tenant, None)?;
    tx.commit()?;
    Ok(row)
}

/// The row `id` deleted.
pub fn delete<R: SettingsResource>(
    conn: &mut Connection,
    user_id: i64,
    id: i64,
) -> Result<(), ApiError> {
    let scope = scope::<R>(conn, user_id, Op::Delete)?;
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    R::delete(&tx, &scope, id)?;
    // Every settings kind shapes what the tenant's people see (menus, filters, access).
    events::record_access_changed(&tx, scope.tenant, None)?;
    tx.commit()?;
    Ok(())
}
