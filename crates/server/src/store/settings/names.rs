//! What the settings forms say about names and counts: one check for "this name is taken", so
//! that every named thing refuses a duplicate the same way, and one way to count things in a
//! message. Names ignore case because the columns are `COLLATE NOCASE`.

use rusqlite::{params, Connection};
use textpeak_api::collections::{
    Collection, Roles, RoutingRules, SenderProfiles, Spaces, Tags, Teams, Templates,
};

use crate::http::problem::ApiError;

/// The named things of the settings, with where their names must be unique.
#[derive(Debug, Clone, Copy)]
pub enum Named {
    Tag,
    SenderProfile,
    RoutingRule,
    Template,
    Space,
    /// Unique within its space: two spaces may each have a "Support" team.
    Team,
    /// Unique among the tenant's custom roles and the built-in roles every tenant shares.
    Role,
}

impl Named {
    fn table(self) -> &'static str {
        match self {
            Named::Tag => "tags",
            Named::SenderProfile => "sender_profiles",
            Named::RoutingRule => "routing_rules",
            Named::Template => "canned_templates",
            Named::Space => "spaces",
            Named::Team => "teams",
            Named::Role => "roles",
        }
    }

    /// The SQL condition that a row belongs to the owner `?1` of the names.
    fn owned_by_param_1(self) -> &'static str {
        match self {
            Named::Team => "space_id = ?1",
            // Built-in roles have no tenant and clash with every tenant's names.
            Named::Role => "coalesce(tenant_id, ?1) = ?1",
            _ => "tenant_id = ?1",
        }
    }

    /// The collection's noun, as the app names the rows too.
    fn noun(self) -> &'static str {
        match self {
            Named::Tag => Tags::NOUN.one,
            Named::SenderProfile => SenderProfiles::NOUN.one,
            Named::RoutingRule => RoutingRules::NOUN.one,
            Named::Template => Templates::NOUN.one,
            Named::Space => Spaces::NOUN.one,
            Named::Team => Teams::NOUN.one,
            Named::Role => Roles::NOUN.one,
        }
    }

    /// Said after the name, so that a clash is not looked for in the wrong place.
    fn where_unique(self) -> &'static str {
        match self {
            Named::Team => " in this space",
            _ => "",
        }
    }
}

/// 422 on `name` when another row owned by `owner` has the name: `owner` is the space for a
/// team and the tenant for everything else; `except` is the row being edited. A Manager is told
/// about names in spaces they do not manage too: the name is taken either way.
pub fn require_unique_name(
    conn: &Connection,
    kind: Named,
    owner: i64,
    name: &str,
    except: Option<i64>,
) -> Result<(), ApiError> {
    let sql = format!(
        "SELECT 1 FROM {} WHERE {} AND name = ?2 AND id IS NOT ?3",
        kind.table(),
        kind.owned_by_param_1()
    );
    if conn
        .prepare_cached(&sql)?
        .exists(params![owner, name, except])?
    {
        return Err(ApiError::validation(
            "name",
            format!(
                "There is already a {} called \u{201c}{name}\u{201d}{}.",
                kind.noun(),
                kind.where_unique()
            ),
        ));
    }
    Ok(())
}

/// "1 conversation", "3 conversations".
pub fn counted(n: u64, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}
