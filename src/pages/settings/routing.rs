//! Settings → Incoming routing: rules that send the conversations contacts start on some
//! senders to a team. The server applies them when a message arrives; a sender belongs to at
//! most one rule.

use leptos::prelude::*;
use textpeak_api::collections::RoutingRules;
use textpeak_api::{FieldError, RoutingRuleInput, RoutingRuleSetting};

use super::kit::{
    resource_page, settings_spaces, ChannelPill, Collection, Column, EditForm, Empty, FormErrors,
    PageResource, Resource, SenderList, TableHead,
};
use super::senders::{Holder, SenderGroup};
use crate::components::ui::field::SelectField;
use crate::components::ui::icons::Icon;

impl Resource for RoutingRules {
    fn remove_consequence(r: &RoutingRuleSetting) -> String {
        format!(
            "New conversations on {} will go to the first team of their profile's space instead of {}. Existing conversations stay where they are.",
            r.senders.join(", "),
            r.team.name
        )
    }
}

impl PageResource for RoutingRules {
    type Form = RuleForm;
    const TITLE: &'static str = "Incoming routing";
    const LEAD: &'static str = "When a contact starts a conversation on one of a rule's senders, it goes to the rule's team. Senders without a rule go to the first team of their profile's space.";
    const NEW_LABEL: &'static str = "New routing rule";
    const EMPTY: Empty = Empty {
        icon: Icon::Route,
        title: "No routing rules yet",
        text: "Send the conversations customers start on a number or bot straight to the team that answers them.",
    };
    const TABLE: TableHead = TableHead {
        caption: "Routing rules",
        columns: &[
            Column::text("Rule"),
            Column::text("Channel"),
            Column::text("Senders"),
            Column::text("Team"),
        ],
        stack: true,
    };
    const WIDE: bool = true;

    fn form(list: Collection<Self>) -> RuleForm {
        RuleForm {
            group: SenderGroup::new(Holder::Rule, list),
            team: RwSignal::new(String::new()),
            team_options: team_options(settings_spaces()),
        }
    }

    fn cells(_: RuleForm, r: &RoutingRuleSetting) -> AnyView {
        view! {
            <th scope="row">{r.name.clone()}</th>
            <td data-label="Channel">
                <ChannelPill stream=r.stream/>
            </td>
            <td data-label="Senders">
                <SenderList senders=r.senders.clone()/>
            </td>
            <td data-label="Team">
                {r.team.name.clone()}
                <span class="tp-table__sub">{r.space.name.clone()}</span>
            </td>
        }
        .into_any()
    }
}

/// Every team in scope, named with its space when there are several.
fn team_options(spaces: Signal<Vec<textpeak_api::SpaceSetting>>) -> Signal<Vec<(String, String)>> {
    Signal::derive(move || {
        let spaces = spaces.get();
        let several = spaces.len() > 1;
        spaces
            .iter()
            .flat_map(|s| {
                s.teams.iter().map(move |t| {
                    let label = if several {
                        format!("{} \u{b7} {}", s.name, t.name)
                    } else {
                        t.name.clone()
                    };
                    (t.id.to_string(), label)
                })
            })
            .collect::<Vec<_>>()
    })
}

#[derive(Clone, Copy)]
pub struct RuleForm {
    /// Name, channel and senders.
    group: SenderGroup,
    team: RwSignal<String>,
    team_options: Signal<Vec<(String, String)>>,
}

impl EditForm<RoutingRules> for RuleForm {
    fn fill(self, r: Option<&RoutingRuleSetting>) {
        let first_team = self
            .team_options
            .with(|t| t.first().map(|(id, _)| id.clone()));
        self.group
            .fill(r.map(|r| (r.id, r.name.as_str(), r.stream, r.senders.as_slice())));
        self.team.set(
            r.map(|r| r.team.id.to_string())
                .or(first_team)
                .unwrap_or_default(),
        );
    }

    fn input(self, _: Option<i64>) -> Result<RoutingRuleInput, FieldError> {
        RoutingRuleInput {
            name: self.group.name(),
            stream: self.group.stream(),
            senders: self.group.senders(),
            team_id: self.team.get_untracked().parse().unwrap_or_default(),
        }
        .normalized()
    }

    fn fields(self, errors: FormErrors) -> AnyView {
        let team = view! {
            <SelectField id="rule-team" label="Team" options=self.team_options value=self.team error=errors.field("team_id")/>
        };
        self.group.fields(errors, team.into_any())
    }
}

#[component]
pub fn RoutingPage() -> impl IntoView {
    resource_page::<RoutingRules>()
}
