//! Onboarding (product.md §4.2): the checklist an owner or Inbox Admin works through before the
//! tenant's inbox is used. The server decides from the tenant's data whether a step is complete
//! and stores skips and the finish per tenant; the rules that turn those facts into progress,
//! "ready" and "all done" live here so that the app and the server cannot disagree about them.
//!
//! Endpoints (see `crate::paths`): `GET /api/onboarding`, `PUT` / `DELETE
//! /api/onboarding/skips/{step}`, `POST /api/onboarding/finish`; each answers [`Onboarding`].

use serde::{Deserialize, Serialize};

use crate::wire::wire_enum;

wire_enum! {
    /// A step of the checklist, in the order it is shown. The wire name: JSON, the skip path
    /// segment and `onboarding_skips.step` agree.
    OnboardingStep {
        SpacesAndTeams => "spaces_and_teams",
        UsersAndRoles => "users_and_roles",
        Channel => "channel",
        Routing => "routing",
        Tags => "tags",
        Templates => "templates",
    }
}

impl OnboardingStep {
    /// Without these the inbox cannot receive or answer a message; tags and templates only make
    /// it nicer, so they are the ones that may be skipped.
    pub fn required(self) -> bool {
        !matches!(self, OnboardingStep::Tags | OnboardingStep::Templates)
    }

    pub fn title(self) -> &'static str {
        match self {
            OnboardingStep::SpacesAndTeams => "Create spaces and teams",
            OnboardingStep::UsersAndRoles => "Add users and give them roles",
            OnboardingStep::Channel => "Connect a channel",
            OnboardingStep::Routing => "Route incoming messages",
            OnboardingStep::Tags => "Create tags",
            OnboardingStep::Templates => "Create canned templates",
        }
    }

    /// What the step is for, in one sentence, shown under its title.
    pub fn purpose(self) -> &'static str {
        match self {
            OnboardingStep::SpacesAndTeams => {
                "Spaces separate parts of your business, and teams inside them share the conversations."
            }
            OnboardingStep::UsersAndRoles => {
                "Give your colleagues a role and a space so that they can answer customers."
            }
            OnboardingStep::Channel => {
                "A sender profile on SMS, WhatsApp or Telegram is what customers write to and what you reply from."
            }
            OnboardingStep::Routing => {
                "Routing rules decide which team receives the messages that arrive on your numbers and bots."
            }
            OnboardingStep::Tags => "Tags label conversations so that you can find and filter them later.",
            OnboardingStep::Templates => {
                "Canned templates are saved replies for the answers you give again and again."
            }
        }
    }
}

/// Help articles of the steps. The defaults point at TextPeak's help centre; a deployment may
/// give another base (for example a white-labelled help site) without touching the step list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HelpLinks {
    /// Without a trailing slash.
    pub base: String,
}

impl HelpLinks {
    pub const DEFAULT_BASE: &'static str = "https://help.textpeak.com/inbox/onboarding";

    /// `{base}/spaces-and-teams`: URL slugs use hyphens where the wire name has underscores.
    pub fn url(&self, step: OnboardingStep) -> String {
        format!(
            "{}/{}",
            self.base.trim_end_matches('/'),
            step.as_str().replace('_', "-")
        )
    }
}

impl Default for HelpLinks {
    fn default() -> Self {
        HelpLinks {
            base: HelpLinks::DEFAULT_BASE.into(),
        }
    }
}

/// The default help article of a step.
pub fn help_url(step: OnboardingStep) -> String {
    HelpLinks::default().url(step)
}

/// One row of the checklist.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct OnboardingStepState {
    pub step: OnboardingStep,
    /// Computed by the server from the tenant's data, never set by a click.
    pub complete: bool,
    /// Only optional steps are ever skipped.
    pub skipped: bool,
}

impl OnboardingStepState {
    /// Counts towards progress: complete, or skipped by choice.
    pub fn done(&self) -> bool {
        self.complete || self.skipped
    }
}

/// `GET /api/onboarding` and the answer of every onboarding change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Onboarding {
    /// Every step, in [`OnboardingStep::ALL`] order.
    pub steps: Vec<OnboardingStepState>,
    /// "Go to Inbox" was used; stays true even if data is removed later, because the tenant's
    /// people already work in the inbox.
    pub finished: bool,
}

impl Onboarding {
    /// The checklist in display order from the facts the server stores. A skip of a required
    /// step is ignored, so that no stored row or client can make a required step look done.
    pub fn from_facts(
        complete: &[OnboardingStep],
        skipped: &[OnboardingStep],
        finished: bool,
    ) -> Onboarding {
        Onboarding {
            steps: OnboardingStep::ALL
                .iter()
                .map(|&step| OnboardingStepState {
                    step,
                    complete: complete.contains(&step),
                    skipped: !step.required() && skipped.contains(&step),
                })
                .collect(),
            finished,
        }
    }

    pub fn step(&self, step: OnboardingStep) -> Option<&OnboardingStepState> {
        self.steps.iter().find(|s| s.step == step)
    }

    /// (done, total) for the progress bar.
    pub fn progress(&self) -> (usize, usize) {
        let done = self.steps.iter().filter(|s| s.done()).count();
        (done, self.steps.len())
    }

    /// Required steps not complete yet, in display order. A step missing from `steps` counts
    /// as not complete: an incomplete answer must not unlock "Go to Inbox".
    pub fn missing_required(&self) -> Vec<OnboardingStep> {
        OnboardingStep::ALL
            .iter()
            .copied()
            .filter(|step| step.required() && !self.step(*step).is_some_and(|s| s.complete))
            .collect()
    }

    /// Every required step is complete: "Go to Inbox" may finish onboarding.
    pub fn ready(&self) -> bool {
        self.missing_required().is_empty()
    }

    /// Every step is complete or skipped: nothing is left to do on the checklist.
    pub fn all_done(&self) -> bool {
        OnboardingStep::ALL
            .iter()
            .all(|step| self.step(*step).is_some_and(OnboardingStepState::done))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use OnboardingStep::*;

    const REQUIRED: [OnboardingStep; 4] = [SpacesAndTeams, UsersAndRoles, Channel, Routing];

    #[test]
    fn steps_round_trip_through_their_wire_names() {
        assert_eq!(OnboardingStep::ALL.len(), 6);
        for step in &OnboardingStep::ALL {
            assert_eq!(OnboardingStep::parse(step.as_str()), Some(*step));
            let json = serde_json::to_string(step).unwrap();
            assert_eq!(json, format!("\"{}\"", step.as_str()));
            assert_eq!(
                serde_json::from_str::<OnboardingStep>(&json).unwrap(),
                *step
            );
            assert!(!step.title().is_empty());
            assert!(step.purpose().ends_with('.'));
        }
        assert_eq!(OnboardingStep::parse("Tags"), None);
        assert_eq!(OnboardingStep::parse(""), None);
    }

    #[test]
    fn only_tags_and_templates_are_optional() {
        let required: Vec<_> = OnboardingStep::ALL
            .iter()
            .copied()
            .filter(|s| s.required())
            .collect();
        assert_eq!(required, REQUIRED);
    }

    #[test]
    fn help_links_default_to_the_help_centre_and_take_another_base() {
        assert_eq!(
            help_url(SpacesAndTeams),
            "https://help.textpeak.com/inbox/onboarding/spaces-and-teams"
        );
        assert_eq!(
            help_url(Templates),
            "https://help.textpeak.com/inbox/onboarding/templates"
        );
        let custom = HelpLinks {
            base: "https://help.example.com/setup/".into(),
        };
        assert_eq!(
            custom.url(UsersAndRoles),
            "https://help.example.com/setup/users-and-roles"
        );
    }

    #[test]
    fn a_fresh_tenant_has_nothing_done() {
        let o = Onboarding::from_facts(&[], &[], false);
        let order: Vec<_> = o.steps.iter().map(|s| s.step).collect();
        assert_eq!(order, OnboardingStep::ALL);
        assert_eq!(o.progress(), (0, 6));
        assert!(!o.ready());
        assert!(!o.all_done());
        assert_eq!(o.missing_required(), REQUIRED);
    }

    #[test]
    fn a_complete_or_skipped_step_is_done() {
        let state = |complete, skipped| OnboardingStepState {
            step: Tags,
            complete,
            skipped,
        };
        assert!(!state(false, false).done());
        assert!(state(true, false).done());
        assert!(state(false, true).done());
        assert!(state(true, true).done());
    }

    #[test]
    fn skipping_optional_steps_counts_as_progress_but_not_as_ready() {
        let o = Onboarding::from_facts(&[SpacesAndTeams], &[Tags, Templates], false);
        assert_eq!(o.progress(), (3, 6));
        assert!(o.step(Tags).unwrap().skipped);
        assert!(!o.step(Tags).unwrap().complete);
        assert!(!o.ready());
        assert_eq!(o.missing_required(), [UsersAndRoles, Channel, Routing]);
    }

    #[test]
    fn a_required_step_cannot_be_skipped() {
        let o = Onboarding::from_facts(&[], &[Channel, Tags], false);
        assert!(!o.step(Channel).unwrap().skipped);
        assert!(!o.step(Channel).unwrap().done());
        assert_eq!(o.progress(), (1, 6));
        assert!(o.missing_required().contains(&Channel));
    }

    #[test]
    fn ready_needs_every_required_step_complete_and_nothing_optional() {
        let o = Onboarding::from_facts(&REQUIRED, &[], false);
        assert!(o.ready());
        assert!(!o.all_done(), "tags and templates are still open");
        assert_eq!(o.progress(), (4, 6));

        let three = Onboarding::from_facts(&REQUIRED[..3], &[Tags, Templates], false);
        assert!(!three.ready());
        assert_eq!(three.missing_required(), [Routing]);
    }

    #[test]
    fn all_done_when_every_step_is_complete_or_skipped() {
        let o = Onboarding::from_facts(
            &[SpacesAndTeams, UsersAndRoles, Channel, Routing, Tags],
            &[Templates],
            false,
        );
        assert!(o.ready());
        assert!(o.all_done());
        assert_eq!(o.progress(), (6, 6));
    }

    #[test]
    fn a_partial_step_list_is_never_ready() {
        // Only what is listed counts: a missing required step is not complete.
        let mut o = Onboarding::from_facts(&REQUIRED, &[], false);
        o.steps.retain(|s| s.step != Routing);
        assert!(!o.ready());
        assert!(!o.all_done());
        let empty = Onboarding {
            steps: Vec::new(),
            finished: false,
        };
        assert!(!empty.ready());
        assert!(!empty.all_done());
    }

    #[test]
    fn finished_is_stored_not_derived() {
        // A finished tenant that later deleted its only routing rule stays finished.
        let o = Onboarding::from_facts(&REQUIRED[..3], &[], true);
        assert!(o.finished);
        assert!(!o.ready());
        let json = serde_json::to_value(&o).unwrap();
        assert_eq!(json["finished"], true);
        assert_eq!(json["steps"][0]["step"], "spaces_and_teams");
        assert_eq!(json["steps"][0]["complete"], true);
        assert_eq!(json["steps"][0]["skipped"], false);
        let back: Onboarding = serde_json::from_value(json).unwrap();
        assert_eq!(back, o);
    }
}
