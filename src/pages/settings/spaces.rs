//! Settings → Spaces and teams: each space with its teams and their members. Admins create
//! and delete spaces; a Manager works inside their own spaces (the server decides, and the
//! list only holds what it allows).

use leptos::prelude::*;
use textpeak_api::{
    paths, Capability, SpaceInput, SpaceSetting, TeamInput, TeamMemberInput, TeamSetting,
    UserSetting,
};

use super::kit::{
    collection_view, count_label, Collection, ConfirmDelete, Deleter, Editor, EditorDialog,
    EmptyList, NewButton, Row, RowActions, SettingsHeader,
};
use crate::api::ApiClient;
use crate::components::field::{ChoiceList, SelectField, TextField};
use crate::components::icons::{Icon, Svg};
use crate::state::Session;

impl Row for SpaceSetting {
    fn id(&self) -> i64 {
        self.id
    }
}

impl Row for TeamSetting {
    fn id(&self) -> i64 {
        self.id
    }
}

#[component]
pub fn SpacesPage() -> impl IntoView {
    let client = expect_context::<ApiClient>();
    let session = expect_context::<Session>();
    // Creating and deleting spaces is for Admins and the owner.
    let is_admin = move || session.with_me(|me| me.is_some_and(|m| m.can(Capability::GrantAdmin)));

    let spaces = {
        let client = client.clone();
        Collection::new(move || {
            let client = client.clone();
            async move {
                client
                    .get::<Vec<SpaceSetting>>(paths::SETTINGS_SPACES)
                    .await
            }
        })
    };
    // Who can be put in a team: the active users in scope.
    let users = {
        let client = client.clone();
        LocalResource::new(move || {
            let client = client.clone();
            async move {
                client
                    .get::<Vec<UserSetting>>(paths::USERS)
                    .await
                    .unwrap_or_default()
            }
        })
    };
    let user_options = Signal::derive(move || {
        users
            .get()
            .unwrap_or_default()
            .into_iter()
            .filter(|u| u.active && u.inbox_permission && !u.is_owner)
            .map(|u| (u.id, u.name))
            .collect::<Vec<_>>()
    });

    // Spaces.
    let space_editor = Editor::<SpaceSetting>::new(&["name"]);
    let space_name = RwSignal::new(String::new());
    let open_space = move |s: Option<SpaceSetting>| {
        space_name.set(s.as_ref().map(|s| s.name.clone()).unwrap_or_default());
        space_editor.start(s);
    };
    let save_space = {
        let client = client.clone();
        Callback::new(move |form| {
            let input = match (SpaceInput {
                name: space_name.get_untracked(),
            })
            .normalized()
            {
                Ok(input) => input,
                Err(e) => return space_editor.invalid(form, e),
            };
            let client = client.clone();
            let id = space_editor.editing_id();
            space_editor.save(form, spaces, "space", |s| s.name.clone(), async move {
                match id {
                    Some(id) => client.patch(&paths::settings_space(id), &input).await,
                    None => client.post(paths::SETTINGS_SPACES, &input).await,
                }
            });
        })
    };
    let space_deleter = Deleter::<SpaceSetting>::new();
    let confirm_space_delete = Callback::new(move |()| {
        space_deleter.confirm(spaces, "space", |s| s.name.clone(), paths::settings_space)
    });

    // Teams.
    let team_editor = Editor::<TeamSetting>::new(&["name", "space_id", "members"]);
    let team_name = RwSignal::new(String::new());
    let team_space = RwSignal::new(String::new());
    let members = RwSignal::new(Vec::<i64>::new());
    let managers = RwSignal::new(Vec::<i64>::new());
    let open_team = move |space_id: i64, t: Option<TeamSetting>| {
        team_name.set(t.as_ref().map(|t| t.name.clone()).unwrap_or_default());
        team_space.set(t.as_ref().map_or(space_id, |t| t.space_id).to_string());
        let list = t.as_ref().map(|t| t.members.clone()).unwrap_or_default();
        members.set(
            list.iter()
                .filter(|m| !m.is_manager)
                .map(|m| m.user_id)
                .collect(),
        );
        managers.set(
            list.iter()
                .filter(|m| m.is_manager)
                .map(|m| m.user_id)
                .collect(),
        );
        team_editor.start(t);
    };
    let save_team = {
        let client = client.clone();
        Callback::new(move |form| {
            let managers = managers.get_untracked();
            let mut list: Vec<TeamMemberInput> = managers
                .iter()
                .map(|id| TeamMemberInput {
                    user_id: *id,
                    is_manager: true,
                })
                .collect();
            list.extend(
                members
                    .get_untracked()
                    .into_iter()
                    .map(|id| TeamMemberInput {
                        user_id: id,
                        is_manager: false,
                    }),
            );
            let input = TeamInput {
                name: team_name.get_untracked(),
                space_id: team_space.get_untracked().parse().unwrap_or_default(),
                members: list,
            };
            let input = match input.normalized() {
                Ok(input) => input,
                Err(e) => return team_editor.invalid(form, e),
            };
            let client = client.clone();
            let id = team_editor.editing_id();
            team_editor.save(form, spaces, "team", |t| t.name.clone(), async move {
                match id {
                    Some(id) => client.patch(&paths::team(id), &input).await,
                    None => client.post(paths::TEAMS, &input).await,
                }
            });
        })
    };
    let team_deleter = Deleter::<TeamSetting>::new();
    let confirm_team_delete = Callback::new(move |()| {
        team_deleter.confirm(spaces, "team", |t| t.name.clone(), paths::team)
    });
    let team_in_use = Signal::derive(move || {
        team_deleter
            .target
            .with(|t| t.as_ref().is_some_and(|t| t.conversations > 0))
    });
    let space_options = Signal::derive(move || {
        spaces
            .state_rows()
            .into_iter()
            .map(|s| (s.id.to_string(), s.name))
            .collect::<Vec<_>>()
    });

    let space_card = move |space: SpaceSetting| {
        let rename = space.clone();
        let remove = space.clone();
        let space_id = space.id;
        let heading_id = format!("space-{}", space.id);
        let facts = format!(
            "{} \u{b7} {} \u{b7} {}",
            count_label(space.teams.len() as u64, "team", "teams"),
            count_label(space.members.len() as u64, "person", "people"),
            count_label(space.conversations, "conversation", "conversations"),
        );
        let teams = space.teams.clone();
        view! {
            <section class="tp-space-card" aria-labelledby=heading_id.clone()>
                <header class="tp-space-card__head">
                    <div>
                        <h2 class="tp-space-card__title" id=heading_id.clone()>{space.name.clone()}</h2>
                        <p class="tp-space-card__facts">{facts}</p>
                    </div>
                    <div class="tp-space-card__actions">
                        <button type="button" class="tp-button tp-button--small" on:click=move |_| open_team(space_id, None)>
                            <Svg icon=Icon::Plus/>
                            "New team"
                        </button>
                        <RowActions
                            name=format!("space {}", space.name)
                            on_edit=move |_| open_space(Some(rename.clone()))
                            on_delete=is_admin().then(|| Callback::new(move |_| space_deleter.ask(remove.clone())))
                        />
                    </div>
                </header>
                {if teams.is_empty() {
                    view! { <p class="tp-space-card__empty">"No teams yet. Conversations belong to a team: create one to start."</p> }.into_any()
                } else {
                    view! {
                        <table class="tp-table tp-table--stack">
                            <caption class="tp-visually-hidden">{format!("Teams of {}", space.name)}</caption>
                            <thead>
                                <tr>
                                    <th scope="col">"Team"</th>
                                    <th scope="col">"Members"</th>
                                    <th scope="col" class="tp-table__num">"Conversations"</th>
                                    <th scope="col"><span class="tp-visually-hidden">"Actions"</span></th>
                                </tr>
                            </thead>
                            <tbody>
                                {teams
                                    .into_iter()
                                    .map(|t| {
                                        let edit = t.clone();
                                        let remove = t.clone();
                                        view! {
                                            <tr>
                                                <th scope="row">{t.name.clone()}</th>
                                                <td data-label="Members">
                                                    {if t.members.is_empty() {
                                                        view! { <span class="tp-table__muted">"Nobody yet"</span> }.into_any()
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
                                                        }.into_any()
                                                    }}
                                                </td>
                                                <td data-label="Conversations" class="tp-table__num">{t.conversations}</td>
                                                <td class="tp-table__actions">
                                                    <RowActions
                                                        name=format!("team {}", t.name)
                                                        on_edit=move |_| open_team(space_id, Some(edit.clone()))
                                                        on_delete=Some(Callback::new(move |_| team_deleter.ask(remove.clone())))
                                                    />
                                                </td>
                                            </tr>
                                        }
                                    })
                                    .collect_view()}
                            </tbody>
                        </table>
                    }.into_any()
                }}
            </section>
        }
    };

    view! {
        <SettingsHeader
            title="Spaces and teams"
            lead="Spaces separate parts of your business, each with its own conversations, teams and channels. Team managers see every conversation of their team."
        >
            <Show when=is_admin>
                <NewButton label="New space" primary=true on_click=move |_| open_space(None)/>
            </Show>
        </SettingsHeader>
        {collection_view(
            spaces,
            "spaces",
            || view! {
                <EmptyList icon=Icon::Layers title="No spaces yet" text="Create a space for each part of your business that answers its own customers, such as Sales or Support."/>
            }
            .into_any(),
            move |list: Vec<SpaceSetting>| view! {
                <div class="tp-space-list">{list.into_iter().map(space_card).collect_view()}</div>
            },
        )}
        <EditorDialog
            editor=space_editor
            noun="space"
            on_submit=save_space
        >
            <TextField id="space-name" label="Name" value=space_name error=space_editor.errors.field("name")/>
        </EditorDialog>
        <EditorDialog
            editor=team_editor
            noun="team"
            on_submit=save_team
            wide=true
        >
            <div class="tp-form__row">
                <TextField id="team-name" label="Name" value=team_name error=team_editor.errors.field("name")/>
                <SelectField
                    id="team-space"
                    label="Space"
                    hint="Changing it moves the team."
                    options=space_options
                    value=team_space
                    error=team_editor.errors.field("space_id")
                />
            </div>
            <ChoiceList
                id="team-managers"
                legend="Managers"
                options=user_options
                selected=managers
                empty="There is nobody to add yet: invite people under Users and roles."
            />
            <ChoiceList
                id="team-members"
                legend="Members"
                options=user_options
                selected=members
                error=team_editor.errors.field("members")
                empty="There is nobody to add yet: invite people under Users and roles."
            />
        </EditorDialog>
        <ConfirmDelete
            deleter=space_deleter
            title=space_deleter.describe(|s| format!("Delete the space \u{201c}{}\u{201d}?", s.name))
            consequence=space_deleter.describe(|s| format!(
                "This deletes its {}, {} and {} for good. People assigned to it lose access to them.",
                count_label(s.teams.len() as u64, "team", "teams"),
                count_label(s.sender_profiles, "sender profile", "sender profiles"),
                count_label(s.conversations, "conversation", "conversations"),
            ))
            on_confirm=confirm_space_delete
        />
        <ConfirmDelete
            deleter=team_deleter
            title=team_deleter.describe(|t| format!("Delete the team \u{201c}{}\u{201d}?", t.name))
            consequence=team_deleter.describe(|t| match t.conversations {
                0 => format!(
                    "Its members stay in the space. {}",
                    match t.routing_rules {
                        0 => "No routing rule sends conversations to it.".to_string(),
                        n => format!("Its {} will be deleted too.", count_label(n, "routing rule", "routing rules")),
                    }
                ),
                n => format!(
                    "{} {} to this team, so it can't be deleted.",
                    count_label(n, "conversation", "conversations"),
                    if n == 1 { "belongs" } else { "belong" }
                ),
            })
            blocked=team_in_use
            on_confirm=confirm_team_delete
        />
    }
}
