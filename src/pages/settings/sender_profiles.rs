//! Settings → Sender profiles: named groups of senders on one channel, used by every team and
//! agent of their space or only by chosen ones. Agents see the profile's name, never its
//! numbers.

use leptos::prelude::*;
use textpeak_api::collections::SenderProfiles;
use textpeak_api::{FieldError, SenderProfileInput, SenderProfileSetting, SpaceSetting};

use super::kit::{
    count_label, muted, names, resource_page, settings_spaces, ChannelPill, Collection, Column,
    EditForm, Empty, FormErrors, PageResource, Resource, SenderList, TableHead,
};
use super::senders::{Holder, SenderGroup};
use crate::components::ui::field::{ChoiceList, SelectField};
use crate::components::ui::icons::Icon;

impl Resource for SenderProfiles {
    fn remove_consequence(p: &SenderProfileSetting) -> String {
        match p.conversations {
            0 => format!(
                "Its {} will be free to use in another profile. No conversation uses it.",
                count_label(p.senders.len() as u64, "sender", "senders")
            ),
            n => format!(
                "{} {} this profile, so it can't be deleted: they would lose their channel. To stop using its numbers, move them to another profile.",
                count_label(n, "conversation", "conversations"),
                if n == 1 { "uses" } else { "use" }
            ),
        }
    }

    fn remove_blocked(p: &SenderProfileSetting) -> bool {
        p.conversations > 0
    }
}

impl PageResource for SenderProfiles {
    type Form = ProfileForm;
    const TITLE: &'static str = "Sender profiles";
    const LEAD: &'static str = "A profile groups the numbers or bots of one channel under a name agents choose when they write. Each sender belongs to one profile at most.";
    const NEW_LABEL: &'static str = "New sender profile";
    const EMPTY: Empty = Empty {
        icon: Icon::Send,
        title: "No sender profiles yet",
        text: "Connect a channel: add your SMS or WhatsApp numbers, or a Telegram bot, under a name your agents will recognise.",
    };
    const TABLE: TableHead = TableHead {
        caption: "Sender profiles",
        columns: &[
            Column::text("Name"),
            Column::text("Channel"),
            Column::text("Senders"),
            Column::text("Teams"),
            Column::text("Agents"),
        ],
        stack: true,
    };
    const WIDE: bool = true;

    fn form(list: Collection<Self>) -> ProfileForm {
        // What the form needs besides the list: the spaces in scope with their teams and
        // members, and which profile holds each sender (asked again whenever the list is).
        let group = SenderGroup::new(Holder::Profile, list);
        let spaces = settings_spaces();
        let space = RwSignal::new(String::new());
        let chosen_space = Memo::new(move |_| {
            let id = space.with(|s| s.parse::<i64>().ok());
            spaces.with(|all| all.iter().find(|s| Some(s.id) == id).cloned())
        });
        ProfileForm {
            group,
            space,
            restricted: RwSignal::new(false),
            teams: RwSignal::new(Vec::new()),
            agents: RwSignal::new(Vec::new()),
            spaces,
            chosen_space,
        }
    }

    fn cells(form: ProfileForm, p: &SenderProfileSetting) -> AnyView {
        let several_spaces = form.spaces.with(|s| s.len() > 1);
        let team_names = p.teams.iter().map(|t| t.name.clone()).collect();
        let agent_names = p.agents.iter().map(|a| a.name.clone()).collect();
        view! {
            <th scope="row">
                {p.name.clone()}
                {several_spaces.then(|| view! {
                    <span class="tp-table__sub">{p.space.name.clone()}</span>
                })}
            </th>
            <td data-label="Channel">
                <ChannelPill stream=p.stream/>
            </td>
            <td data-label="Senders">
                <SenderList senders=p.senders.clone()/>
            </td>
            <td data-label="Teams">{names_or_all(p.restricted, team_names, "All teams")}</td>
            <td data-label="Agents">{names_or_all(p.restricted, agent_names, "All agents")}</td>
        }
        .into_any()
    }
}

/// Names as a comma-separated list, or `all` when the profile is open to everyone.
fn names_or_all(restricted: bool, list: Vec<String>, all: &'static str) -> AnyView {
    if !restricted {
        return muted(all);
    }
    names(list)
}

#[derive(Clone, Copy)]
pub struct ProfileForm {
    /// Name, channel and senders.
    group: SenderGroup,
    space: RwSignal<String>,
    restricted: RwSignal<bool>,
    teams: RwSignal<Vec<i64>>,
    agents: RwSignal<Vec<i64>>,
    spaces: Signal<Vec<SpaceSetting>>,
    chosen_space: Memo<Option<SpaceSetting>>,
}

impl ProfileForm {
    /// The chosen space's teams (or members) as choices.
    fn choices(self, of: fn(&SpaceSetting) -> Vec<(i64, String)>) -> Signal<Vec<(i64, String)>> {
        let chosen = self.chosen_space;
        Signal::derive(move || chosen.with(|s| s.as_ref().map(of).unwrap_or_default()))
    }

    fn space_options(self) -> Signal<Vec<(String, String)>> {
        let spaces = self.spaces;
        Signal::derive(move || {
            spaces.with(|s| {
                s.iter()
                    .map(|s| (s.id.to_string(), s.name.clone()))
                    .collect::<Vec<_>>()
            })
        })
    }
}

impl EditForm<SenderProfiles> for ProfileForm {
    fn fill(self, p: Option<&SenderProfileSetting>) {
        let first_space = self.spaces.with(|s| s.first().map(|s| s.id));
        self.group
            .fill(p.map(|p| (p.id, p.name.as_str(), p.stream, p.senders.as_slice())));
        self.space.set(
            p.map(|p| p.space.id)
                .or(first_space)
                .map(|id| id.to_string())
                .unwrap_or_default(),
        );
        self.restricted.set(p.is_some_and(|p| p.restricted));
        self.teams.set(
            p.map(|p| p.teams.iter().map(|t| t.id).collect())
                .unwrap_or_default(),
        );
        self.agents.set(
            p.map(|p| p.agents.iter().map(|a| a.id).collect())
                .unwrap_or_default(),
        );
    }

    fn input(self, _: Option<i64>) -> Result<SenderProfileInput, FieldError> {
        SenderProfileInput {
            name: self.group.name(),
            stream: self.group.stream(),
            space_id: self.space.get_untracked().parse().unwrap_or_default(),
            senders: self.group.senders(),
            restricted: self.restricted.get_untracked(),
            team_ids: self.teams.get_untracked(),
            agent_ids: self.agents.get_untracked(),
        }
        .normalized()
    }

    fn fields(self, errors: FormErrors) -> AnyView {
        let space = view! {
            <SelectField id="profile-space" label="Space" options=self.space_options() value=self.space error=errors.field("space_id")/>
        };
        view! {
            {self.group.fields(errors, space.into_any())}
            <Availability restricted=self.restricted error=errors.field("availability")/>
            <Show when=move || self.restricted.get()>
                <ChoiceList
                    id="profile-teams"
                    legend="Teams"
                    options=self.choices(|s| s.teams.iter().map(|t| (t.id, t.name.clone())).collect())
                    selected=self.teams
                    empty="The space has no teams yet."
                />
                <ChoiceList
                    id="profile-agents"
                    legend="Agents"
                    options=self.choices(|s| s.members.iter().map(|u| (u.id, u.name.clone())).collect())
                    selected=self.agents
                    empty="Nobody is assigned to the space yet."
                />
            </Show>
        }
        .into_any()
    }
}

/// Open to the whole space, or only to the teams and agents chosen below.
#[component]
fn Availability(restricted: RwSignal<bool>, error: Signal<Option<String>>) -> impl IntoView {
    view! {
        <fieldset
            class="tp-choices"
            aria-invalid=move || error.with(Option::is_some).to_string()
            aria-describedby=move || error.with(Option::is_some).then_some("profile-availability-error")
        >
            <legend class="tp-field__label">"Available to"</legend>
            <div class="tp-radio">
                <input
                    type="radio"
                    id="profile-open"
                    name="profile-availability"
                    prop:checked=move || !restricted.get()
                    on:change=move |_| restricted.set(false)
                />
                <label for="profile-open">"Every team and agent of the space"</label>
            </div>
            <div class="tp-radio">
                <input
                    type="radio"
                    id="profile-restricted"
                    name="profile-availability"
                    prop:checked=move || restricted.get()
                    on:change=move |_| restricted.set(true)
                />
                <label for="profile-restricted">"Only the teams and agents chosen below"</label>
            </div>
            {move || error.get().map(|m| view! {
                <p class="tp-field__error" id="profile-availability-error">{m}</p>
            })}
        </fieldset>
    }
}

#[component]
pub fn SenderProfilesPage() -> impl IntoView {
    resource_page::<SenderProfiles>()
}
