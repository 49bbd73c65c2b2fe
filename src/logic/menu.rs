//! What the portal's main menu offers a user, and how the Inbox stands for them, in the words
//! the host is told (`textpeak:access` and `inboxAccess`, README). The standalone frame draws
//! the same entries, so the two menus cannot disagree.

use textpeak_api::{BetaAccess, Capability, Me};

use super::access::{decide, landing, Decision, Landing};
use super::routes::AppRoute;

/// One entry of the main menu: a stable id for the host, its label and the app path (below the
/// base path) it leads to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MenuEntry {
    pub id: &'static str,
    pub label: &'static str,
    pub path: &'static str,
}

const HOME: MenuEntry = MenuEntry {
    id: "home",
    label: "Home",
    path: "/",
};
const INBOX: MenuEntry = MenuEntry {
    id: "inbox",
    label: "Inbox",
    path: "/inbox",
};
/// The seed puts Inbox settings in the main menu for Admins and Managers (product guide).
const SETTINGS: MenuEntry = MenuEntry {
    id: "inbox-settings",
    label: "Inbox settings",
    path: "/inbox/settings",
};

/// The main menu of a signed-in user: Home always; Inbox when the tab is theirs (the Beta page
/// and "no access" are behind it too); Inbox settings when the settings route would render.
pub fn main_menu(me: &Me) -> Vec<MenuEntry> {
    let mut entries = vec![HOME];
    if me.can(Capability::SeeInboxTab) {
        entries.push(INBOX);
    }
    if decide(AppRoute::Settings, Some(Some(me))) == Decision::Render {
        entries.push(SETTINGS);
    }
    entries
}

/// The entry the app's `path` (below the base path) is in: the longest entry path it starts
/// with, segment by segment (Settings, not Inbox, on `/inbox/settings/tags`; Home only on `/`).
pub fn current(entries: &[MenuEntry], path: &str) -> Option<&'static str> {
    let within = |entry: &MenuEntry| match entry.path {
        "/" => path == "/" || path.is_empty(),
        prefix => path
            .strip_prefix(prefix)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('/')),
    };
    entries
        .iter()
        .filter(|e| within(e))
        .max_by_key(|e| e.path.len())
        .map(|e| e.id)
}

/// How the Inbox stands for the user, as the host is told it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HostAccess {
    SignedOut,
    /// Their role (or a missing Inbox permission) keeps them out: "ask your account owner".
    NoPermission,
    /// The tenant has no approved Beta access yet (none, requested or declined).
    Beta(BetaAccess),
    /// Managers and Agents while the owner and Admins finish onboarding.
    BeingSetUp,
    /// Owner and Admins who have not finished onboarding: `/inbox` opens the checklist.
    Onboarding,
    /// The dashboard is theirs.
    Granted,
}

impl HostAccess {
    /// `me` is `None` when nobody is signed in.
    pub fn of(me: Option<&Me>) -> HostAccess {
        let Some(me) = me else {
            return HostAccess::SignedOut;
        };
        match landing(me) {
            Landing::Onboarding => HostAccess::Onboarding,
            Landing::Space(_) | Landing::NoSpaces { .. } => HostAccess::Granted,
            Landing::Refused(Decision::BetaGate(beta)) => HostAccess::Beta(beta),
            Landing::Refused(Decision::BeingSetUp) => HostAccess::BeingSetUp,
            Landing::Refused(Decision::SignIn) => HostAccess::SignedOut,
            Landing::Refused(_) => HostAccess::NoPermission,
        }
    }

    /// The word the host reads in `detail.access`.
    pub fn name(self) -> &'static str {
        match self {
            HostAccess::SignedOut => "signed-out",
            HostAccess::NoPermission => "no-permission",
            HostAccess::Beta(BetaAccess::Requested) => "beta-requested",
            HostAccess::Beta(BetaAccess::Declined) => "beta-declined",
            HostAccess::Beta(_) => "beta-none",
            HostAccess::BeingSetUp => "being-set-up",
            HostAccess::Onboarding => "onboarding",
            HostAccess::Granted => "granted",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use textpeak_api::RoleBase;

    use crate::logic::access::tests::me as someone;

    fn me(role: Option<RoleBase>, beta: BetaAccess, finished: bool) -> Me {
        let mut me = someone(false, role.is_some(), role, beta);
        me.onboarding.finished = finished;
        me
    }

    fn ids(me: &Me) -> Vec<&'static str> {
        main_menu(me).iter().map(|e| e.id).collect()
    }

    #[test]
    fn settings_are_in_the_main_menu_of_admins_and_managers_only() {
        let approved = BetaAccess::Approved;
        let all = vec!["home", "inbox", "inbox-settings"];
        assert_eq!(ids(&me(Some(RoleBase::Admin), approved, true)), all);
        assert_eq!(ids(&me(Some(RoleBase::Manager), approved, true)), all);
        assert_eq!(
            ids(&me(Some(RoleBase::Agent), approved, true)),
            vec!["home", "inbox"]
        );
        assert_eq!(ids(&me(None, approved, true)), vec!["home"]);
    }

    #[test]
    fn the_current_entry_is_the_most_specific_one() {
        let menu = main_menu(&me(Some(RoleBase::Admin), BetaAccess::Approved, true));
        assert_eq!(current(&menu, "/"), Some("home"));
        assert_eq!(current(&menu, "/inbox"), Some("inbox"));
        assert_eq!(current(&menu, "/inbox/s/2"), Some("inbox"));
        assert_eq!(current(&menu, "/inbox/settings"), Some("inbox-settings"));
        assert_eq!(
            current(&menu, "/inbox/settings/tags"),
            Some("inbox-settings")
        );
        assert_eq!(current(&menu, "/inboxes"), None);
        assert_eq!(current(&menu, "/sign-in"), None);
    }

    #[test]
    fn the_host_hears_how_the_inbox_stands() {
        let name = |me: Option<&Me>| HostAccess::of(me).name();
        assert_eq!(name(None), "signed-out");
        let agent = me(Some(RoleBase::Agent), BetaAccess::Approved, true);
        assert_eq!(name(Some(&agent)), "granted");
        let waiting = me(Some(RoleBase::Agent), BetaAccess::Approved, false);
        assert_eq!(name(Some(&waiting)), "being-set-up");
        let admin = me(Some(RoleBase::Admin), BetaAccess::Approved, false);
        assert_eq!(name(Some(&admin)), "onboarding");
        let pending = me(Some(RoleBase::Admin), BetaAccess::Requested, true);
        assert_eq!(name(Some(&pending)), "beta-requested");
        let none = me(Some(RoleBase::Agent), BetaAccess::None, true);
        assert_eq!(name(Some(&none)), "beta-none");
        assert_eq!(
            name(Some(&me(None, BetaAccess::Approved, true))),
            "no-permission"
        );
    }
}
