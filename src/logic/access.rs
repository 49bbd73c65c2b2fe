//! The one access rule of the app: what a route's guard shows a user ([`decide`]), and where
//! `/inbox` takes them ([`landing`], which asks [`decide`] about the dashboard first, so the
//! Beta page, the no-access page and "being set up" are decided in one place).

use textpeak_api::{BetaAccess, Capability, Me};

use super::routes::{Access, AppRoute};

/// A Manager or Agent whose admins have not finished onboarding yet: they wait for the Inbox
/// (owner and Admins use it meanwhile, from the checklist).
pub fn being_set_up(me: &Me) -> bool {
    me.can(Capability::UseInbox) && !me.onboarding.finished && !me.can(Capability::SeeOnboarding)
}

/// What the guard of a route does for the current user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    /// Still asking the server who is signed in.
    Wait,
    Render,
    /// Not signed in: go to the sign-in page, then come back.
    SignIn,
    /// "You don't have access to Inbox — ask your account owner".
    NoInboxPermission,
    /// The tenant has no (approved) Beta access: the Beta page.
    BetaGate(BetaAccess),
    /// Signed in with inbox access, but this view is not for this role.
    NoAccess,
    /// "Inbox is being set up by your admin" (see `being_set_up`).
    BeingSetUp,
}

/// `me` is `None` while loading and `Some(None)` when nobody is signed in.
pub fn decide(route: AppRoute, me: Option<Option<&Me>>) -> Decision {
    let access = route.access();
    if access == Access::Public {
        return Decision::Render;
    }
    let Some(me) = me else {
        return Decision::Wait;
    };
    let Some(me) = me else {
        return Decision::SignIn;
    };
    let Access::Needs(capability) = access else {
        return Decision::Render;
    };
    if me.can(capability) {
        if route == AppRoute::Dashboard && being_set_up(me) {
            return Decision::BeingSetUp;
        }
        return Decision::Render;
    }
    if route.is_inbox() {
        if !me.can(Capability::SeeInboxTab) {
            return Decision::NoInboxPermission;
        }
        if me.tenant.beta_access != BetaAccess::Approved {
            return Decision::BetaGate(me.tenant.beta_access);
        }
    }
    Decision::NoAccess
}

/// Where `/inbox` takes the user: the dashboard's refusal if there is one, else onboarding
/// while it is unfinished (owner and Inbox Admins), else their first space.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Landing {
    /// The dashboard is not theirs (yet): the guard's page for this decision.
    Refused(Decision),
    Onboarding,
    Space(i64),
    NoSpaces {
        can_create: bool,
    },
}

pub fn landing(me: &Me) -> Landing {
    match decide(AppRoute::Dashboard, Some(Some(me))) {
        Decision::Render if me.can(Capability::SeeOnboarding) && !me.onboarding.finished => {
            Landing::Onboarding
        }
        Decision::Render => match me.spaces.first() {
            Some(first) => Landing::Space(first.id),
            None => Landing::NoSpaces {
                can_create: me.can(Capability::ManageOrganisation),
            },
        },
        refusal => Landing::Refused(refusal),
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use textpeak_api::{OnboardingInfo, RoleBase, RoleInfo, SpaceInfo, TenantInfo, UserInfo};

    /// A signed-in user of an onboarded tenant with one space (also `menu.rs`'s).
    pub(in crate::logic) fn me(
        owner: bool,
        inbox: bool,
        role: Option<RoleBase>,
        beta: BetaAccess,
    ) -> Me {
        Me {
            user: UserInfo {
                id: 1,
                name: "Test User".into(),
                email: "t@example.test".into(),
            },
            tenant: TenantInfo {
                id: 1,
                name: "T".into(),
                beta_access: beta,
                access_requested_at: None,
                access_requested_by: None,
                access_reviewed_at: None,
            },
            is_owner: owner,
            inbox_permission: inbox,
            role: role.map(|base| RoleInfo {
                id: 1,
                name: base.label().into(),
                base,
                builtin: true,
                disabled: vec![],
            }),
            capabilities: vec![],
            spaces: vec![SpaceInfo {
                id: 1,
                name: "Sales".into(),
                team_count: 2,
            }],
            onboarding: OnboardingInfo {
                finished: true,
                contacts: vec![],
            },
        }
    }

    /// Signed-in cases: the route, who asks, what the guard decides.
    fn assert_decisions(cases: &[(AppRoute, &Me, Decision)]) {
        for (route, who, decision) in cases {
            assert_eq!(&decide(*route, Some(Some(who))), decision, "{route:?}");
        }
    }

    #[test]
    fn guards_decide_per_role_and_tenant_state() {
        use Decision::*;
        let owner = me(true, true, None, BetaAccess::Approved);
        let agent = me(false, true, Some(RoleBase::Agent), BetaAccess::Approved);
        let manager = me(false, true, Some(RoleBase::Manager), BetaAccess::Approved);
        let viewer = me(false, false, None, BetaAccess::Approved);
        let nimbus = me(true, true, None, BetaAccess::None);
        let requested = me(false, true, Some(RoleBase::Agent), BetaAccess::Requested);

        assert_eq!(decide(AppRoute::Dashboard, None), Wait);
        assert_eq!(decide(AppRoute::Dashboard, Some(None)), SignIn);
        assert_eq!(decide(AppRoute::SignIn, None), Render);
        let signed_in = [
            (AppRoute::Home, &viewer, Render),
            (AppRoute::Dashboard, &owner, Render),
            (AppRoute::Settings, &owner, Render),
            (AppRoute::Settings, &manager, Render),
            (AppRoute::Settings, &agent, NoAccess),
            (AppRoute::Onboarding, &owner, Render),
            (AppRoute::Onboarding, &manager, NoAccess),
            (AppRoute::Onboarding, &nimbus, BetaGate(BetaAccess::None)),
            (AppRoute::Dashboard, &viewer, NoInboxPermission),
            (AppRoute::InboxEntry, &viewer, NoInboxPermission),
            (AppRoute::InboxEntry, &nimbus, Render),
            (AppRoute::Dashboard, &nimbus, BetaGate(BetaAccess::None)),
            (
                AppRoute::Settings,
                &requested,
                BetaGate(BetaAccess::Requested),
            ),
        ];
        assert_decisions(&signed_in);
    }

    #[test]
    fn managers_and_agents_wait_while_admins_set_the_inbox_up() {
        let unfinished = |role, owner| {
            let mut m = me(owner, true, role, BetaAccess::Approved);
            m.onboarding.finished = false;
            m
        };
        let agent = unfinished(Some(RoleBase::Agent), false);
        let manager = unfinished(Some(RoleBase::Manager), false);
        let admin = unfinished(Some(RoleBase::Admin), false);
        let owner = unfinished(None, true);
        assert!(being_set_up(&agent) && being_set_up(&manager));
        assert!(!being_set_up(&admin) && !being_set_up(&owner));
        let mut done = agent.clone();
        done.onboarding.finished = true;
        let cases = [
            (AppRoute::Dashboard, &agent, Decision::BeingSetUp),
            (AppRoute::Dashboard, &manager, Decision::BeingSetUp),
            (AppRoute::Dashboard, &admin, Decision::Render),
            // The checklist itself is never theirs, even by deep link.
            (AppRoute::Onboarding, &agent, Decision::NoAccess),
            (AppRoute::Onboarding, &owner, Decision::Render),
            (AppRoute::Dashboard, &done, Decision::Render),
        ];
        assert_decisions(&cases);
    }

    /// The cases `/inbox` used to decide on its own (`pages/inbox_entry.rs`), now answered by
    /// the same rule as the guards.
    #[test]
    fn the_inbox_entry_lands_each_user_where_they_belong() {
        let owner = me(true, true, None, BetaAccess::Approved);
        let agent = me(false, true, Some(RoleBase::Agent), BetaAccess::Approved);
        let nimbus = me(true, true, None, BetaAccess::None);
        let requested = me(false, true, Some(RoleBase::Agent), BetaAccess::Requested);
        let declined = me(true, true, None, BetaAccess::Declined);
        let roleless = me(false, true, None, BetaAccess::Approved);

        // No Beta access yet: the Beta page, in the state the tenant's request is in.
        assert_eq!(
            landing(&nimbus),
            Landing::Refused(Decision::BetaGate(BetaAccess::None))
        );
        assert_eq!(
            landing(&requested),
            Landing::Refused(Decision::BetaGate(BetaAccess::Requested))
        );
        assert_eq!(
            landing(&declined),
            Landing::Refused(Decision::BetaGate(BetaAccess::Declined))
        );
        // Inbox permission without a role: nothing of the Inbox is theirs.
        assert_eq!(landing(&roleless), Landing::Refused(Decision::NoAccess));

        // Finished: the first space.
        assert_eq!(landing(&owner), Landing::Space(1));
        assert_eq!(landing(&agent), Landing::Space(1));

        // Unfinished: the checklist for the owner and Admins, the waiting page for the others.
        let mut owner_unfinished = owner.clone();
        owner_unfinished.onboarding.finished = false;
        assert_eq!(landing(&owner_unfinished), Landing::Onboarding);
        let mut admin_unfinished = me(false, true, Some(RoleBase::Admin), BetaAccess::Approved);
        admin_unfinished.onboarding.finished = false;
        assert_eq!(landing(&admin_unfinished), Landing::Onboarding);
        let mut agent_unfinished = agent.clone();
        agent_unfinished.onboarding.finished = false;
        assert_eq!(
            landing(&agent_unfinished),
            Landing::Refused(Decision::BeingSetUp)
        );

        // No space yet: whether they can create one decides what the page says.
        let mut lonely_owner = owner.clone();
        lonely_owner.spaces.clear();
        assert_eq!(
            landing(&lonely_owner),
            Landing::NoSpaces { can_create: true }
        );
        let mut lonely_agent = agent.clone();
        lonely_agent.spaces.clear();
        assert_eq!(
            landing(&lonely_agent),
            Landing::NoSpaces { can_create: false }
        );
    }
}
