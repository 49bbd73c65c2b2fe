//! "May this user see or do X?" answered from role, custom-role flags, tenant state and spaces.
//!
//! Pure functions over plain data, so that the app (to hide what a user may not use) and the
//! server (to refuse it) evaluate exactly the same rules. The matrix is product.md §3.

use crate::wire::wire_enum;

wire_enum! {
    /// A tenant's Beta access to the Inbox: `none` → `requested` → `approved` or `declined`.
    #[derive(Default)]
    BetaAccess {
        #[default]
        None => "none",
        Requested => "requested",
        Approved => "approved",
        Declined => "declined",
    }
}

wire_enum! {
    /// What a role is built on. Custom roles are Manager- or Agent-based; Admin is never custom.
    #[derive(PartialOrd, Ord)]
    RoleBase { Admin => "admin", Manager => "manager", Agent => "agent" }
}

impl RoleBase {
    pub fn label(self) -> &'static str {
        match self {
            RoleBase::Admin => "Inbox Admin",
            RoleBase::Manager => "Inbox Manager",
            RoleBase::Agent => "Inbox Agent",
        }
    }
}

wire_enum! {
    /// An individual permission a custom role can switch off. Built-in roles have all of them;
    /// each switches off the capability of the same name.
    #[derive(PartialOrd, Ord)]
    RoleFlag {
        Reply => "reply", AddNotes => "add_notes", Assign => "assign", Tag => "tag",
        Close => "close", Reopen => "reopen", StartConversations => "start_conversations",
        DeleteTags => "delete_tags",
    }
}

wire_enum! {
    /// Everything a user may be allowed to see or do, independent of which record it concerns.
    /// Record-level scope (which spaces, which conversations) is answered by the functions below.
    #[derive(PartialOrd, Ord)]
    Capability {
        /// The Inbox tab in the portal's main menu.
        SeeInboxTab => "see_inbox_tab",
        /// Ask TextPeak support for Beta access (tenant not yet approved).
        RequestBetaAccess => "request_beta_access",
        /// The onboarding checklist.
        SeeOnboarding => "see_onboarding",
        /// The dashboard: conversations, thread, composer.
        UseInbox => "use_inbox",
        Reply => "reply",
        AddNotes => "add_notes",
        Assign => "assign",
        Tag => "tag",
        Close => "close",
        Reopen => "reopen",
        StartConversations => "start_conversations",
        /// Settings pages for sender profiles, incoming routing, tags and canned templates.
        ManageChannelSettings => "manage_channel_settings",
        /// Delete tag definitions (a custom role can lose this).
        DeleteTags => "delete_tags",
        /// Settings pages for spaces, teams and users.
        ManageOrganisation => "manage_organisation",
        /// Give a user the Inbox Admin role.
        GrantAdmin => "grant_admin",
        /// Create custom roles and edit their permissions.
        ManageCustomRoles => "manage_custom_roles",
        /// The Settings entry in the sidebar: any settings page at all.
        OpenSettings => "open_settings",
    }
}

/// The facts about a user that the rules need. Built from `/api/me` in the app and from the
/// database in the server.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Subject {
    pub is_owner: bool,
    pub inbox_permission: bool,
    pub role: Option<RoleBase>,
    /// Flags a custom role switched off; empty for built-in roles.
    pub disabled: Vec<RoleFlag>,
    pub beta_access: BetaAccess,
}

impl Subject {
    /// The tenant owner always holds the inbox permission and acts with Admin rights.
    fn has_inbox(&self) -> bool {
        self.is_owner || self.inbox_permission
    }

    fn effective_role(&self) -> Option<RoleBase> {
        if self.is_owner {
            Some(RoleBase::Admin)
        } else if self.inbox_permission {
            self.role
        } else {
            None
        }
    }

    fn is_admin(&self) -> bool {
        self.effective_role() == Some(RoleBase::Admin)
    }

    fn is_manager_or_admin(&self) -> bool {
        matches!(
            self.effective_role(),
            Some(RoleBase::Admin | RoleBase::Manager)
        )
    }

    fn flag(&self, flag: RoleFlag) -> bool {
        // The owner's rights cannot be narrowed by a role.
        self.is_owner || !self.disabled.contains(&flag)
    }
}

/// The one question every view and endpoint asks.
pub fn can(subject: &Subject, capability: Capability) -> bool {
    let approved = subject.beta_access == BetaAccess::Approved;
    let in_inbox = subject.has_inbox() && approved && subject.effective_role().is_some();
    let acts = |flag| in_inbox && subject.flag(flag);
    match capability {
        Capability::SeeInboxTab => subject.has_inbox(),
        Capability::RequestBetaAccess => subject.has_inbox() && !approved,
        Capability::SeeOnboarding => in_inbox && subject.is_admin(),
        Capability::UseInbox => in_inbox,
        Capability::Reply => acts(RoleFlag::Reply),
        Capability::AddNotes => acts(RoleFlag::AddNotes),
        Capability::Assign => acts(RoleFlag::Assign),
        Capability::Tag => acts(RoleFlag::Tag),
        Capability::Close => acts(RoleFlag::Close),
        Capability::Reopen => acts(RoleFlag::Reopen),
        Capability::StartConversations => acts(RoleFlag::StartConversations),
        Capability::ManageChannelSettings | Capability::ManageOrganisation => {
            in_inbox && subject.is_manager_or_admin()
        }
        Capability::DeleteTags => {
            in_inbox && subject.is_manager_or_admin() && subject.flag(RoleFlag::DeleteTags)
        }
        Capability::GrantAdmin | Capability::ManageCustomRoles => in_inbox && subject.is_admin(),
        Capability::OpenSettings => {
            can(subject, Capability::ManageChannelSettings)
                || can(subject, Capability::ManageOrganisation)
        }
    }
}

/// Every capability the subject holds, in a stable order (what `/api/me` reports).
pub fn capabilities(subject: &Subject) -> Vec<Capability> {
    Capability::ALL
        .into_iter()
        .filter(|c| can(subject, *c))
        .collect()
}

/// Which spaces of the tenant a user sees.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SpaceScope {
    /// Owner and Admins: every space of the tenant.
    All,
    /// Managers and Agents: the spaces they are assigned to.
    Assigned,
    /// No inbox permission, or the tenant is not approved.
    None,
}

pub fn space_scope(subject: &Subject) -> SpaceScope {
    if !can(subject, Capability::UseInbox) {
        SpaceScope::None
    } else if subject.is_admin() {
        SpaceScope::All
    } else {
        SpaceScope::Assigned
    }
}

/// The viewer's relation to the teams of one space, as stored in memberships.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Membership {
    pub user_id: i64,
    pub assigned_spaces: Vec<i64>,
    /// Teams the user belongs to (as member or manager).
    pub member_of_teams: Vec<i64>,
    /// Teams the user manages.
    pub manages_teams: Vec<i64>,
}

/// The fields of a conversation that decide who may see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConversationAccess {
    pub space_id: i64,
    pub team_id: i64,
    pub assignee_id: Option<i64>,
}

/// product.md §3, "conversations visible": all for owner and Admin; a Manager the teams they
/// manage in their assigned spaces; an Agent their teams' conversations and those assigned to
/// them. Anyone also sees what is assigned to them, in a space they are assigned to.
pub fn can_see_conversation(
    subject: &Subject,
    membership: &Membership,
    conversation: ConversationAccess,
) -> bool {
    match space_scope(subject) {
        SpaceScope::None => false,
        SpaceScope::All => true,
        SpaceScope::Assigned => {
            if !membership.assigned_spaces.contains(&conversation.space_id) {
                return false;
            }
            let assigned_to_me = conversation.assignee_id == Some(membership.user_id);
            let team_ok = match subject.effective_role() {
                Some(RoleBase::Manager) => membership.manages_teams.contains(&conversation.team_id),
                Some(RoleBase::Agent) => membership.member_of_teams.contains(&conversation.team_id),
                _ => false,
            };
            team_ok || assigned_to_me
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Capability::*;

    fn subject(owner: bool, inbox: bool, role: Option<RoleBase>, beta: BetaAccess) -> Subject {
        Subject {
            is_owner: owner,
            inbox_permission: inbox,
            role,
            disabled: vec![],
            beta_access: beta,
        }
    }

    fn owner() -> Subject {
        subject(true, true, None, BetaAccess::Approved)
    }
    fn admin() -> Subject {
        subject(false, true, Some(RoleBase::Admin), BetaAccess::Approved)
    }
    fn manager() -> Subject {
        subject(false, true, Some(RoleBase::Manager), BetaAccess::Approved)
    }
    fn agent() -> Subject {
        subject(false, true, Some(RoleBase::Agent), BetaAccess::Approved)
    }
    fn viewer() -> Subject {
        subject(false, false, None, BetaAccess::Approved)
    }

    /// product.md §3 row by row, columns: owner, admin, manager, agent, no inbox permission.
    #[test]
    fn the_role_matrix_of_the_spec() {
        let columns = [owner(), admin(), manager(), agent(), viewer()];
        let rows: &[(Capability, [bool; 5])] = &[
            (SeeInboxTab, [true, true, true, true, false]),
            (SeeOnboarding, [true, true, false, false, false]),
            (UseInbox, [true, true, true, true, false]),
            (Reply, [true, true, true, true, false]),
            (AddNotes, [true, true, true, true, false]),
            (Assign, [true, true, true, true, false]),
            (Tag, [true, true, true, true, false]),
            (Close, [true, true, true, true, false]),
            (Reopen, [true, true, true, true, false]),
            (StartConversations, [true, true, true, true, false]),
            (ManageChannelSettings, [true, true, true, false, false]),
            (ManageOrganisation, [true, true, true, false, false]),
            (OpenSettings, [true, true, true, false, false]),
            (GrantAdmin, [true, true, false, false, false]),
            (ManageCustomRoles, [true, true, false, false, false]),
            (DeleteTags, [true, true, true, false, false]),
            // The tenant is approved here, so nobody needs to ask.
            (RequestBetaAccess, [false, false, false, false, false]),
        ];
        for (cap, expected) in rows {
            for (who, want) in columns.iter().zip(expected) {
                assert_eq!(can(who, *cap), *want, "{cap:?} for {who:?}");
            }
        }
        // Every capability has a row, so a new one cannot slip in untested.
        assert_eq!(rows.len(), Capability::ALL.len());
    }

    #[test]
    fn before_approval_only_the_tab_and_the_request_remain() {
        for beta in [
            BetaAccess::None,
            BetaAccess::Requested,
            BetaAccess::Declined,
        ] {
            for s in [owner(), admin(), manager(), agent()] {
                let s = Subject {
                    beta_access: beta,
                    ..s
                };
                assert_eq!(
                    capabilities(&s),
                    vec![SeeInboxTab, RequestBetaAccess],
                    "{s:?}"
                );
                assert_eq!(space_scope(&s), SpaceScope::None);
            }
            let v = Subject {
                beta_access: beta,
                ..viewer()
            };
            assert!(
                capabilities(&v).is_empty(),
                "no inbox permission, no request"
            );
        }
    }

    #[test]
    fn a_user_with_a_role_but_no_inbox_permission_gets_nothing() {
        let s = subject(false, false, Some(RoleBase::Admin), BetaAccess::Approved);
        assert!(capabilities(&s).is_empty());
    }

    #[test]
    fn a_user_with_inbox_permission_but_no_role_sees_the_tab_only() {
        let s = subject(false, true, None, BetaAccess::Approved);
        assert_eq!(capabilities(&s), vec![SeeInboxTab]);
    }

    #[test]
    fn custom_roles_switch_individual_permissions_off() {
        let no_close = Subject {
            disabled: vec![RoleFlag::Close, RoleFlag::StartConversations],
            ..agent()
        };
        assert!(!can(&no_close, Close));
        assert!(!can(&no_close, StartConversations));
        assert!(can(&no_close, Reopen));
        assert!(can(&no_close, Reply));

        let manager_no_tag_delete = Subject {
            disabled: vec![RoleFlag::DeleteTags],
            ..manager()
        };
        assert!(can(&manager_no_tag_delete, ManageChannelSettings));
        assert!(!can(&manager_no_tag_delete, DeleteTags));

        // Flags never narrow the owner.
        let owner_flags = Subject {
            disabled: RoleFlag::ALL.to_vec(),
            ..owner()
        };
        assert_eq!(capabilities(&owner_flags), capabilities(&owner()));
    }

    #[test]
    fn space_scope_follows_the_matrix() {
        assert_eq!(space_scope(&owner()), SpaceScope::All);
        assert_eq!(space_scope(&admin()), SpaceScope::All);
        assert_eq!(space_scope(&manager()), SpaceScope::Assigned);
        assert_eq!(space_scope(&agent()), SpaceScope::Assigned);
        assert_eq!(space_scope(&viewer()), SpaceScope::None);
    }

    #[test]
    fn conversation_visibility_per_role() {
        let me = Membership {
            user_id: 7,
            assigned_spaces: vec![1],
            member_of_teams: vec![10, 11],
            manages_teams: vec![10],
        };
        let conv = |space_id, team_id, assignee_id| ConversationAccess {
            space_id,
            team_id,
            assignee_id,
        };
        // Admin and owner: everything, even other spaces.
        for s in [owner(), admin()] {
            assert!(can_see_conversation(&s, &me, conv(2, 99, None)));
        }
        // Manager: only managed teams in assigned spaces, plus what is assigned to them.
        assert!(can_see_conversation(&manager(), &me, conv(1, 10, None)));
        assert!(!can_see_conversation(&manager(), &me, conv(1, 11, None)));
        assert!(can_see_conversation(&manager(), &me, conv(1, 12, Some(7))));
        assert!(!can_see_conversation(&manager(), &me, conv(2, 10, None)));
        // Agent: their teams, and conversations assigned to them.
        assert!(can_see_conversation(&agent(), &me, conv(1, 11, None)));
        assert!(!can_see_conversation(&agent(), &me, conv(1, 12, None)));
        assert!(can_see_conversation(&agent(), &me, conv(1, 12, Some(7))));
        assert!(!can_see_conversation(&agent(), &me, conv(1, 12, Some(8))));
        assert!(!can_see_conversation(&agent(), &me, conv(2, 11, Some(7))));
        // Nobody else.
        assert!(!can_see_conversation(&viewer(), &me, conv(1, 10, Some(7))));
    }

    #[test]
    fn flags_round_trip_through_their_names() {
        for f in RoleFlag::ALL {
            assert_eq!(RoleFlag::parse(f.as_str()), Some(f));
        }
        assert_eq!(RoleFlag::parse("fly"), None);
    }
}
