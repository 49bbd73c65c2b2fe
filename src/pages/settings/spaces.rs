//! Settings → Spaces and teams: each space with its teams and their members. Admins create
//! and delete spaces; a Manager works inside their own spaces (the server decides, and the
//! list only holds what it allows).

use leptos::prelude::*;
use textpeak_api::collections::{Spaces, Teams};
use textpeak_api::{
    paths, Capability, FieldError, SpaceInput, SpaceSetting, TeamInput, TeamMemberInput,
    TeamSetting, UserSetting,
};

use super::kit::{
    count_label, list_view, lookup, muted, row_actions, table, table_row, Collection, Column,
    ConfirmDelete, Deleter, EditForm, Editor, EditorDialog, Empty, FormErrors, NewButton, Resource,
    RowActions, SettingsHeader,
};
use crate::components::ui::field::{ChoiceList, SelectField, TextField};
use crate::components::ui::icons::{Icon, Svg};
use crate::state::Session;

impl Resource for Spaces {
    fn remove_consequence(s: &SpaceSetting) -> String {
        format!(
            "This deletes its {}, {} and {} for good. People assigned to it lose access to them.",
            count_label(s.teams.len() as u64, "team", "teams"),
            count_label(s.sender_profiles, "sender profile", "sender profiles"),
            count_label(s.conversations, "conversation", "conversations"),
        )
    }
}

/// Teams are listed inside their space's card; saving one reloads the spaces.
impl Resource for Teams {
    fn remove_consequence(t: &TeamSetting) -> String {
        match t.conversations {
            0 => format!(
                "Its members stay in the space. {}",
                match t.routing_rules {
                    0 => "No routing rule sends conversations to it.".to_string(),
                    n => format!(
                        "Its {} will be deleted too.",
                        count_label(n, "routing rule", "routing rules")
                    ),
                }
            ),
            n => format!(
                "{} {} to this team, so it can't be deleted.",
                count_label(n, "conversation", "conversations"),
                if n == 1 { "belongs" } else { "belong" }
            ),
        }
    }

    fn remove_blocked(t: &TeamSetting) -> bool {
        t.conversations > 0
    }
}

#[derive(Clone, Copy)]
struct SpaceForm {
    name: RwSignal<String>,
}

impl EditForm<Spaces> for SpaceForm {
    fn fill(self, s: Option<&SpaceSetting>) {
        self.name.set(s.map(|s| s.name.clone()).unwrap_or_default());
    }

    fn input(self, _: Option<i64>) -> Result<SpaceInput, FieldError> {
        SpaceInput {
            name: self.name.get_untracked(),
        }
        .normalized()
    }

    fn fields(self, errors: FormErrors) -> AnyView {
        view! { <TextField id="space-name" label="Name" value=self.name error=errors.field("name")/> }
            .into_any()
    }
}

#[derive(Clone, Copy)]
struct TeamForm {
    name: RwSignal<String>,
    space: RwSignal<String>,
    members: RwSignal<Vec<i64>>,
    managers: RwSignal<Vec<i64>>,
    /// The space a new team goes in: the card whose "New team" was pressed.
    new_in: RwSignal<i64>,
    space_options: Signal<Vec<(String, String)>>,
    /// Who can be put in a team: the active users in scope.
    user_options: Signal<Vec<(i64, String)>>,
}

impl TeamForm {
    fn new(spaces: Collection<Spaces>) -> Self {
        let users = lookup::<UserSetting>(paths::USERS, || ());
        TeamForm {
            name: RwSignal::new(String::new()),
            space: RwSignal::new(String::new()),
            members: RwSignal::new(Vec::new()),
            managers: RwSignal::new(Vec::new()),
            new_in: RwSignal::new(0),
            space_options: Signal::derive(move || {
                spaces
                    .rows()
                    .into_iter()
                    .map(|s| (s.id.to_string(), s.name))
                    .collect()
            }),
            user_options: Signal::derive(move || {
                users
                    .get()
                    .into_iter()
                    .filter(|u| u.active && u.inbox_permission && !u.is_owner)
                    .map(|u| (u.id, u.name))
                    .collect()
            }),
        }
    }
}

impl EditForm<Teams> for TeamForm {
    fn fill(self, t: Option<&TeamSetting>) {
        self.name.set(t.map(|t| t.name.clone()).unwrap_or_default());
        let space = t.map_or(self.new_in.get_untracked(), |t| t.space_id);
        self.space.set(space.to_string());
        let list = t.map(|t| t.members.clone()).unwrap_or_default();
        let ids = |manager: bool| {
            list.iter()
                .filter(|m| m.is_manager == manager)
                .map(|m| m.user_id)
                .collect()
        };
        self.members.set(ids(false));
        self.managers.set(ids(true));
    }

    fn input(self, _: Option<i64>) -> Result<TeamInput, FieldError> {
        let member = |is_manager| {
            move |user_id| TeamMemberInput {
                user_id,
                is_manager,
            }
        };
        let mut members: Vec<TeamMemberInput> = self
            .managers
            .get_untracked()
            .into_iter()
            .map(member(true))
            .collect();
        members.extend(self.members.get_untracked().into_iter().map(member(false)));
        TeamInput {
            name: self.name.get_untracked(),
            space_id: self.space.get_untracked().parse().unwrap_or_default(),
            members,
        }
        .normalized()
    }

    fn fields(self, errors: FormErrors) -> AnyView {
        let nobody = "There is nobody to add yet: invite people under Users and roles.";
        view! {
            <div class="tp-form__row">
                <TextField id="team-name" label="Name" value=self.name error=errors.field("name")/>
                <SelectField
                    id="team-space"
                    label="Space"
                    hint="Changing it moves the team."
                    options=self.space_options
                    value=self.space
                    error=errors.field("space_id")
                />
            </div>
            <ChoiceList
                id="team-managers"
                legend="Managers"
                options=self.user_options
                selected=self.managers
                empty=nobody
            />
            <ChoiceList
                id="team-members"
                legend="Members"
                options=self.user_options
                selected=self.members
                error=errors.field("members")
                empty=nobody
            />
        }
        .into_any()
    }
}

/// What a space card can start: the page's editors and confirmations.
#[derive(Clone, Copy)]
struct Controls {
    space_editor: Editor<Spaces>,
    space_form: SpaceForm,
    space_deleter: Deleter<Spaces>,
    team_editor: Editor<Teams>,
    team_form: TeamForm,
    team_deleter: Deleter<Teams>,
}

impl Controls {
    fn open_team(self, space_id: i64, team: Option<TeamSetting>) {
        self.team_form.new_in.set(space_id);
        self.team_editor.start(self.team_form, team);
    }
}

#[component]
pub fn SpacesPage() -> impl IntoView {
    let session = expect_context::<Session>();
    // Creating and deleting spaces is for Admins and the owner.
    let is_admin = move || session.with_me(|me| me.is_some_and(|m| m.can(Capability::GrantAdmin)));

    let spaces = Collection::<Spaces>::load();
    let c = Controls {
        space_editor: Editor::new(spaces),
        space_form: SpaceForm {
            name: RwSignal::new(String::new()),
        },
        space_deleter: Deleter::new(spaces),
        team_editor: Editor::new(spaces),
        team_form: TeamForm::new(spaces),
        team_deleter: Deleter::new(spaces),
    };
    let cards = move |list: Vec<SpaceSetting>| {
        let admin = is_admin();
        view! {
            <div class="tp-space-list">
                {list.into_iter().map(|space| view! { <SpaceCard space=space c=c admin=admin/> }).collect_view()}
            </div>
        }
        .into_any()
    };

    view! {
        <SettingsHeader
            title="Spaces and teams"
            lead="Spaces separate parts of your business, each with its own conversations, teams and channels. Team managers see every conversation of their team."
        >
            <Show when=is_admin>
                <NewButton label="New space" primary=true on_click=move |_| c.space_editor.start(c.space_form, None)/>
            </Show>
        </SettingsHeader>
        {list_view(spaces, SPACES_EMPTY, cards)}
        <EditorDialog editor=c.space_editor form=c.space_form/>
        <EditorDialog editor=c.team_editor form=c.team_form wide=true/>
        <ConfirmDelete deleter=c.space_deleter/>
        <ConfirmDelete deleter=c.team_deleter/>
    }
}

/// A space: its name and counts, its actions, and its teams.
#[component]
fn SpaceCard(space: SpaceSetting, c: Controls, admin: bool) -> impl IntoView {
    let space_id = space.id;
    let heading_id = format!("space-{}", space.id);
    let facts = format!(
        "{} \u{b7} {} \u{b7} {}",
        count_label(space.teams.len() as u64, "team", "teams"),
        count_label(space.members.len() as u64, "person", "people"),
        count_label(space.conversations, "conversation", "conversations"),
    );
    let rename = space.clone();
    let remove = space.clone();
    let on_delete = admin.then(|| Callback::new(move |_| c.space_deleter.ask(remove.clone())));
    let teams = if space.teams.is_empty() {
        view! { <p class="tp-space-card__empty">"No teams yet. Conversations belong to a team: create one to start."</p> }.into_any()
    } else {
        teams_table(&space, c)
    };
    view! {
        <section class="tp-space-card" aria-labelledby=heading_id.clone()>
            <header class="tp-space-card__head">
                <div>
                    <h2 class="tp-space-card__title" id=heading_id.clone()>{space.name.clone()}</h2>
                    <p class="tp-space-card__facts">{facts}</p>
                </div>
                <div class="tp-space-card__actions">
                    <button type="button" class="tp-button tp-button--small" on:click=move |_| c.open_team(space_id, None)>
                        <Svg icon=Icon::Plus/>
                        "New team"
                    </button>
                    <RowActions
                        name=format!("space {}", space.name)
                        on_edit=move |_| c.space_editor.start(c.space_form, Some(rename.clone()))
                        on_delete=on_delete
                    />
                </div>
            </header>
            {teams}
        </section>
    }
}

const SPACES_EMPTY: Empty = Empty {
    icon: Icon::Layers,
    title: "No spaces yet",
    text: "Create a space for each part of your business that answers its own customers, such as Sales or Support.",
};

const TEAM_COLUMNS: &[Column] = &[
    Column::text("Team"),
    Column::text("Members"),
    Column::num("Conversations"),
];

/// The teams of a space with their members; managers stand out.
fn teams_table(space: &SpaceSetting, c: Controls) -> AnyView {
    let rows = space
        .teams
        .iter()
        .map(|t| {
            let members = if t.members.is_empty() {
                muted("Nobody yet")
            } else {
                view! {
                    <ul class="tp-table__list">
                        {t.members.iter().map(|m| view! {
                            <li class="tp-pill" class:tp-pill--accent=m.is_manager>
                                {m.name.clone()}
                                {m.is_manager.then_some(" (manager)")}
                            </li>
                        }).collect_view()}
                    </ul>
                }
                .into_any()
            };
            let cells = view! {
                <th scope="row">{t.name.clone()}</th>
                <td data-label="Members">{members}</td>
                <td data-label="Conversations" class="tp-table__num">{t.conversations}</td>
            };
            // An edited team keeps its own space: the form reads it from the row.
            let actions = row_actions(c.team_editor, c.team_form, Some(c.team_deleter), t.clone());
            table_row(cells, actions)
        })
        .collect();
    table(format!("Teams of {}", space.name), TEAM_COLUMNS, true, rows)
}
