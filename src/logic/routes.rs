//! Every route of the app, the access it needs, and the URLs that lead to it. What a guard
//! decides for a route and a user is in `access.rs`.
//!
//! Pure so it is tested natively. The router in `app/router.rs` wraps each route's view in
//! `<Guard route=AppRoute::…>`; `tests::every_route_in_the_router_is_guarded` reads that file
//! and fails when a route is added without declaring its access here.

use textpeak_api::{Capability, OnboardingStep};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AppRoute {
    SignIn,
    Home,
    /// `/inbox`: decides between the Beta page, the no-access page and the user's first space.
    InboxEntry,
    /// The welcome screen and checklist for the owner and Inbox Admins.
    Onboarding,
    Dashboard,
    Settings,
    /// One page of Settings (`SettingsArea`).
    SettingsArea,
}

/// What a route requires of the user.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Anyone, signed in or not.
    Public,
    /// Any signed-in user.
    SignedIn,
    /// A signed-in user holding this capability.
    Needs(Capability),
}

impl AppRoute {
    pub const ALL: [AppRoute; 7] = [
        AppRoute::SignIn,
        AppRoute::Home,
        AppRoute::InboxEntry,
        AppRoute::Onboarding,
        AppRoute::Dashboard,
        AppRoute::Settings,
        AppRoute::SettingsArea,
    ];

    /// The path pattern as written in the router's `path!()`.
    pub fn pattern(self) -> &'static str {
        match self {
            AppRoute::SignIn => "/sign-in",
            AppRoute::Home => "/",
            AppRoute::InboxEntry => "/inbox",
            AppRoute::Onboarding => "/inbox/onboarding",
            AppRoute::Dashboard => "/inbox/s/:space",
            AppRoute::Settings => "/inbox/settings",
            AppRoute::SettingsArea => "/inbox/settings/:area",
        }
    }

    pub fn access(self) -> Access {
        match self {
            AppRoute::SignIn => Access::Public,
            AppRoute::Home => Access::SignedIn,
            AppRoute::InboxEntry => Access::Needs(Capability::SeeInboxTab),
            AppRoute::Onboarding => Access::Needs(Capability::SeeOnboarding),
            AppRoute::Dashboard => Access::Needs(Capability::UseInbox),
            AppRoute::Settings | AppRoute::SettingsArea => Access::Needs(Capability::OpenSettings),
        }
    }

    /// Inbox routes explain a refusal in Inbox terms (no permission, Beta); others generically.
    pub fn is_inbox(self) -> bool {
        self.pattern().starts_with("/inbox")
    }
}

/// The pages of Settings, in the order the navigation lists them. Each needs a capability on
/// top of `OpenSettings`; the page checks it, so a deep link to one a role lacks says so.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SettingsArea {
    SenderProfiles,
    Routing,
    Tags,
    Templates,
    Spaces,
    Users,
}

impl SettingsArea {
    pub const ALL: [SettingsArea; 6] = [
        SettingsArea::SenderProfiles,
        SettingsArea::Routing,
        SettingsArea::Tags,
        SettingsArea::Templates,
        SettingsArea::Spaces,
        SettingsArea::Users,
    ];

    /// The last segment of the page's path.
    pub fn slug(self) -> &'static str {
        match self {
            SettingsArea::SenderProfiles => "sender-profiles",
            SettingsArea::Routing => "routing",
            SettingsArea::Tags => "tags",
            SettingsArea::Templates => "templates",
            SettingsArea::Spaces => "spaces",
            SettingsArea::Users => "users",
        }
    }

    pub fn parse(slug: &str) -> Option<SettingsArea> {
        SettingsArea::ALL.into_iter().find(|a| a.slug() == slug)
    }

    pub fn title(self) -> &'static str {
        match self {
            SettingsArea::SenderProfiles => "Sender profiles",
            SettingsArea::Routing => "Incoming routing",
            SettingsArea::Tags => "Tags",
            SettingsArea::Templates => "Canned templates",
            SettingsArea::Spaces => "Spaces and teams",
            SettingsArea::Users => "Users and roles",
        }
    }

    /// The page where an onboarding step is done.
    pub fn for_step(step: OnboardingStep) -> SettingsArea {
        match step {
            OnboardingStep::SpacesAndTeams => SettingsArea::Spaces,
            OnboardingStep::UsersAndRoles => SettingsArea::Users,
            OnboardingStep::Channel => SettingsArea::SenderProfiles,
            OnboardingStep::Routing => SettingsArea::Routing,
            OnboardingStep::Tags => SettingsArea::Tags,
            OnboardingStep::Templates => SettingsArea::Templates,
        }
    }

    pub fn needs(self) -> Capability {
        match self {
            SettingsArea::SenderProfiles
            | SettingsArea::Routing
            | SettingsArea::Tags
            | SettingsArea::Templates => Capability::ManageChannelSettings,
            SettingsArea::Spaces | SettingsArea::Users => Capability::ManageOrganisation,
        }
    }
}

/// URL builders, so that no view concatenates paths by hand.
pub mod href {
    pub fn sign_in(next: Option<&str>) -> String {
        match next {
            Some(next) if next.starts_with('/') && !next.starts_with("//") => {
                format!(
                    "/sign-in?next={}",
                    crate::logic::query::encode_component(next)
                )
            }
            _ => "/sign-in".into(),
        }
    }

    pub fn inbox() -> String {
        "/inbox".into()
    }

    pub fn onboarding() -> String {
        "/inbox/onboarding".into()
    }

    pub fn dashboard(space_id: i64) -> String {
        format!("/inbox/s/{space_id}")
    }

    /// The dashboard with a list filter and, optionally, an open conversation: everything a
    /// shared link or a reload needs to show the same screen.
    pub fn conversations(
        space_id: i64,
        filter: &textpeak_api::ConversationFilter,
        open: Option<i64>,
    ) -> String {
        let mut pairs = filter.to_query();
        pairs.extend(open.map(|id| (CONVERSATION_PARAM, id.to_string())));
        crate::logic::query::with_query(&dashboard(space_id), &pairs)
    }

    /// The query parameter that names the open conversation.
    pub const CONVERSATION_PARAM: &str = "conversation";

    pub fn settings() -> String {
        "/inbox/settings".into()
    }

    pub fn settings_area(area: super::SettingsArea) -> String {
        format!("/inbox/settings/{}", area.slug())
    }

    /// Only same-app absolute paths are followed after sign-in; anything else (another host,
    /// `//evil.example`, `javascript:`) falls back to the default landing page.
    pub fn safe_next(next: Option<&str>) -> Option<String> {
        let next = next?;
        (next.starts_with('/') && !next.starts_with("//") && !next.contains('\\'))
            .then(|| next.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn every_route_declares_a_unique_pattern() {
        let mut seen = std::collections::HashSet::new();
        for r in AppRoute::ALL {
            assert!(seen.insert(r.pattern()), "{r:?} repeats a pattern");
            assert!(r.pattern().starts_with('/'));
        }
    }

    /// Chatwoot's invariant: a route without a declared permission is a bug. The router is
    /// read as text so that adding a `<Route>` without a `<Guard>` fails here.
    #[test]
    fn every_route_in_the_router_is_guarded() {
        let router = include_str!("../app/router.rs");
        let routes: Vec<&str> = router.split("<Route ").skip(1).collect();
        assert!(!routes.is_empty(), "no routes found in app/router.rs");
        let mut patterns = Vec::new();
        for route in &routes {
            let path = route
                .split("path!(\"")
                .nth(1)
                .and_then(|s| s.split('"').next())
                .expect("every <Route> uses path!(\"…\")");
            let guard = route
                .split("<Guard route=AppRoute::")
                .nth(1)
                .and_then(|s| s.split(|c: char| !c.is_alphanumeric()).next())
                .unwrap_or_else(|| panic!("route {path} has no <Guard route=AppRoute::…>"));
            let declared = AppRoute::ALL
                .into_iter()
                .find(|r| format!("{r:?}") == guard)
                .unwrap_or_else(|| panic!("route {path} is guarded by unknown {guard}"));
            assert_eq!(declared.pattern(), path, "{guard} guards the wrong path");
            patterns.push(path);
        }
        for r in AppRoute::ALL {
            assert!(
                patterns.contains(&r.pattern()),
                "{r:?} is declared but not routed"
            );
        }
    }

    #[test]
    fn next_after_sign_in_stays_inside_the_app() {
        assert_eq!(
            href::safe_next(Some("/inbox/s/2")),
            Some("/inbox/s/2".into())
        );
        assert_eq!(href::safe_next(Some("//evil.example")), None);
        assert_eq!(href::safe_next(Some("https://evil.example")), None);
        assert_eq!(href::safe_next(Some("/\\evil.example")), None);
        assert_eq!(href::safe_next(None), None);
        assert_eq!(
            href::sign_in(Some("/inbox/s/2?view=mine")),
            "/sign-in?next=/inbox/s/2%3Fview%3Dmine"
        );
        assert_eq!(href::sign_in(Some("//x")), "/sign-in");
    }

    #[test]
    fn conversation_links_keep_the_filter_and_the_open_conversation() {
        use textpeak_api::{ConversationFilter, InboxView, SortOrder};
        let filter = ConversationFilter {
            view: InboxView::Mine,
            q: Some("Anna & co".into()),
            sort: SortOrder::Oldest,
            ..ConversationFilter::default()
        };
        assert_eq!(
            href::conversations(3, &filter, Some(42)),
            "/inbox/s/3?view=mine&q=Anna%20%26%20co&sort=oldest&conversation=42"
        );
        assert_eq!(
            href::conversations(3, &ConversationFilter::default(), None),
            "/inbox/s/3"
        );
    }

    #[test]
    fn settings_areas_round_trip_and_split_by_capability() {
        for area in SettingsArea::ALL {
            assert_eq!(SettingsArea::parse(area.slug()), Some(area));
            assert_eq!(
                href::settings_area(area),
                format!("/inbox/settings/{}", area.slug())
            );
        }
        assert_eq!(SettingsArea::parse("billing"), None);
        assert_eq!(SettingsArea::Users.needs(), Capability::ManageOrganisation);
        assert_eq!(
            SettingsArea::Tags.needs(),
            Capability::ManageChannelSettings
        );
    }

    #[test]
    fn every_onboarding_step_opens_a_settings_page() {
        let areas: Vec<SettingsArea> = OnboardingStep::ALL
            .iter()
            .map(|s| SettingsArea::for_step(*s))
            .collect();
        for area in SettingsArea::ALL {
            assert_eq!(areas.iter().filter(|a| **a == area).count(), 1, "{area:?}");
        }
    }
}
