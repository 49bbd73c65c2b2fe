//! The settings collections, each declared once: its row and its form (types of
//! [`crate::settings`]), what one row is called, where the API keeps it, and the fields a
//! refusal may name. The app's settings kit and the server's settings scaffold both take a
//! collection as the kind they work on, so the two sides cannot disagree about any of it.
//!
//! `GET` lists and `POST` creates on the collection's path, `PATCH` edits and `DELETE` deletes
//! on the item's (`{collection}/{id}`).

use crate::settings::{
    RoleInput, RoleSetting, RoutingRuleInput, RoutingRuleSetting, SenderProfileInput,
    SenderProfileSetting, SpaceInput, SpaceSetting, TagInput, TagSetting, TeamInput, TeamSetting,
    TemplateInput, TemplateSetting, UserSave, UserSetting,
};

/// What one row of a collection is called, for people: "routing rule", "routing rules".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Noun {
    pub one: &'static str,
    pub many: &'static str,
}

/// One kind of settings row as the API serves it.
pub trait Collection {
    /// A row as a list answers it (and a create or an edit).
    type Row;
    /// The form a create or an edit sends.
    type Input;
    /// The app's toasts and titles ("Routing rule “VIP” saved"), the server's refusals
    /// ("There is already a routing rule called …").
    const NOUN: Noun;
    /// The collection, one of [`paths`].
    const PATH: &'static str;
    /// The form's fields, by the names a refusal gives them.
    const FIELDS: &'static [&'static str];

    /// One row's path.
    fn item_path(id: i64) -> String;
}

macro_rules! collections {
    ($(
        $(#[$meta:meta])*
        $kind:ident($row:ty, $input:ty), $one:literal / $many:literal,
        $collection:ident, $item:ident => $path:literal, $fields:expr;
    )+) => {
        /// The paths of the collections (re-exported by `crate::paths`).
        pub mod paths {$(
            $(#[$meta])*
            pub const $collection: &str = $path;
            $(#[$meta])*
            pub fn $item(id: i64) -> String {
                format!(concat!($path, "/{}"), id)
            }
        )+}

        $(
            $(#[$meta])*
            #[derive(Debug, Clone, Copy)]
            pub struct $kind;

            impl Collection for $kind {
                type Row = $row;
                type Input = $input;
                const NOUN: Noun = Noun { one: $one, many: $many };
                const PATH: &'static str = paths::$collection;
                const FIELDS: &'static [&'static str] = $fields;

                fn item_path(id: i64) -> String {
                    paths::$item(id)
                }
            }
        )+
    };
}

collections! {
    /// The tenant's tags with their use; an edit renames or recolours a tag, a delete removes
    /// it everywhere.
    Tags(TagSetting, TagInput), "tag" / "tags",
        TAGS, tag => "/api/tags", &["name", "color"];
    SenderProfiles(SenderProfileSetting, SenderProfileInput), "sender profile" / "sender profiles",
        SENDER_PROFILES, sender_profile => "/api/sender-profiles",
        &["name", "stream", "space_id", "senders", "availability"];
    RoutingRules(RoutingRuleSetting, RoutingRuleInput), "routing rule" / "routing rules",
        ROUTING_RULES, routing_rule => "/api/routing-rules", &["name", "stream", "team_id", "senders"];
    Templates(TemplateSetting, TemplateInput), "template" / "templates",
        TEMPLATES, template => "/api/templates", &["name", "body", "stream", "whatsapp_approved"];
    /// The spaces the caller manages with their teams; creating and deleting (with everything
    /// in it) is for Admins, an edit renames.
    Spaces(SpaceSetting, SpaceInput), "space" / "spaces",
        SETTINGS_SPACES, settings_space => "/api/settings/spaces", &["name"];
    /// No list: teams come with their space; a new `space_id` moves a team.
    Teams(TeamSetting, TeamInput), "team" / "teams",
        TEAMS, team => "/api/teams", &["name", "space_id", "members"];
    /// `POST` takes `UserInviteInput` and answers `UserInvited`, `PATCH` takes `UserUpdate`
    /// (together a `UserSave`); users are deactivated, never deleted.
    Users(UserSetting, UserSave), "user" / "users",
        USERS, user => "/api/users", &["name", "email", "role_id", "space_ids", "team_ids"];
    /// The roles the caller may grant; creating, editing and deleting (refused while users
    /// hold the role) is for Admins.
    Roles(RoleSetting, RoleInput), "role" / "roles",
        ROLES, role => "/api/roles", &["name", "base", "disabled"];
}
