//! Settings → Users and roles: the people of the tenant (a Manager: of their spaces) with role,
//! spaces and teams; invite, change role, deactivate. Below, the roles: the three built-ins and
//! custom roles with permissions switched off, which only Admins and the owner edit.

use leptos::prelude::*;
use leptos::task::spawn_local;
use textpeak_api::{
    paths, Capability, RoleBase, RoleFlag, RoleInput, RoleSetting, UserInviteInput, UserInvited,
    UserSetting, UserUpdate,
};

use super::kit::{
    collection_view, count_label, settings_spaces, Collection, ConfirmDelete, Deleter, Editor,
    EditorDialog, EmptyList, NewButton, Row, RowActions, SettingsHeader,
};
use crate::api::ApiClient;
use crate::components::field::{ChoiceList, SelectField, TextField};
use crate::components::icons::Icon;
use crate::components::modal::Modal;
use crate::components::toast::Toasts;
use crate::state::Session;

impl Row for UserSetting {
    fn id(&self) -> i64 {
        self.id
    }
}

impl Row for RoleSetting {
    fn id(&self) -> i64 {
        self.id
    }
}

fn base_label(base: RoleBase) -> &'static str {
    match base {
        RoleBase::Admin => "Admin",
        RoleBase::Manager => "Manager",
        RoleBase::Agent => "Agent",
    }
}

fn role_cell(u: &UserSetting) -> AnyView {
    if u.is_owner {
        return view! { <span class="tp-pill tp-pill--accent">"Account owner"</span> }.into_any();
    }
    match (&u.role, u.inbox_permission) {
        (Some(role), true) => view! { <span class="tp-pill">{role.name.clone()}</span> }.into_any(),
        _ => view! { <span class="tp-table__muted">"No Inbox access"</span> }.into_any(),
    }
}

fn names(list: Vec<String>) -> AnyView {
    if list.is_empty() {
        view! { <span class="tp-table__muted">"None"</span> }.into_any()
    } else {
        list.join(", ").into_any()
    }
}

#[component]
pub fn UsersPage() -> impl IntoView {
    let client = expect_context::<ApiClient>();
    let session = expect_context::<Session>();
    let toasts = expect_context::<Toasts>();
    let can_edit_roles =
        move || session.with_me(|me| me.is_some_and(|m| m.can(Capability::ManageCustomRoles)));

    let users = {
        let client = client.clone();
        Collection::new(move || {
            let client = client.clone();
            async move { client.get::<Vec<UserSetting>>(paths::USERS).await }
        })
    };
    let roles = {
        let client = client.clone();
        Collection::new(move || {
            let client = client.clone();
            async move { client.get::<Vec<RoleSetting>>(paths::ROLES).await }
        })
    };
    let spaces = settings_spaces();
    let space_options = Signal::derive(move || {
        spaces
            .get()
            .into_iter()
            .map(|s| (s.id, s.name))
            .collect::<Vec<_>>()
    });
    let role_options = Signal::derive(move || {
        roles
            .state_rows()
            .into_iter()
            .map(|r| (r.id.to_string(), r.name))
            .collect::<Vec<_>>()
    });

    // Invite and edit share one dialog: invite also asks for name and e-mail.
    let editor = Editor::<UserSetting>::new(&["name", "email", "role_id", "space_ids", "team_ids"]);
    let name = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let role = RwSignal::new(String::new());
    let member_spaces = RwSignal::new(Vec::<i64>::new());
    let member_teams = RwSignal::new(Vec::<i64>::new());
    // Teams of the chosen spaces, named with their space when there are several.
    let team_options = Signal::derive(move || {
        let chosen = member_spaces.get();
        let all = spaces.get();
        let several = chosen.len() > 1;
        all.into_iter()
            .filter(|s| chosen.contains(&s.id))
            .flat_map(|s| {
                let space = s.name.clone();
                s.teams.into_iter().map(move |t| {
                    let label = if several {
                        format!("{} \u{b7} {}", space, t.name)
                    } else {
                        t.name
                    };
                    (t.id, label)
                })
            })
            .collect::<Vec<_>>()
    });
    let open_editor = move |u: Option<UserSetting>| {
        let default_role = roles
            .state_rows()
            .into_iter()
            .find(|r| r.builtin && r.base == RoleBase::Agent);
        name.set(u.as_ref().map(|u| u.name.clone()).unwrap_or_default());
        email.set(u.as_ref().map(|u| u.email.clone()).unwrap_or_default());
        role.set(
            u.as_ref()
                .and_then(|u| u.role.as_ref().map(|r| r.id))
                .or(default_role.map(|r| r.id))
                .map(|id| id.to_string())
                .unwrap_or_default(),
        );
        member_spaces.set(
            u.as_ref()
                .map(|u| u.spaces.iter().map(|s| s.id).collect())
                .unwrap_or_default(),
        );
        member_teams.set(
            u.as_ref()
                .map(|u| u.teams.iter().map(|t| t.id).collect())
                .unwrap_or_default(),
        );
        editor.start(u);
    };

    let password = RwSignal::new(None::<(String, String)>);
    let password_open = RwSignal::new(false);
    let save = {
        let client = client.clone();
        Callback::new(move |form| {
            let role_id = role.get_untracked().parse::<i64>().unwrap_or_default();
            // Teams only count inside the chosen spaces.
            let team_ids: Vec<i64> = {
                let allowed: Vec<i64> = team_options
                    .get_untracked()
                    .into_iter()
                    .map(|(id, _)| id)
                    .collect();
                member_teams
                    .get_untracked()
                    .into_iter()
                    .filter(|t| allowed.contains(t))
                    .collect()
            };
            let client = client.clone();
            match editor.editing_id() {
                Some(id) => {
                    let update = UserUpdate {
                        role_id: Some(role_id),
                        space_ids: Some(member_spaces.get_untracked()),
                        team_ids: Some(team_ids),
                        ..Default::default()
                    };
                    editor.save(form, users, "user", |u| u.name.clone(), async move {
                        let user = client.patch(&paths::user(id), &update).await?;
                        // The roles' head counts changed with it.
                        roles.reload();
                        Ok(user)
                    });
                }
                None => {
                    let input = UserInviteInput {
                        name: name.get_untracked(),
                        email: email.get_untracked(),
                        role_id,
                        space_ids: member_spaces.get_untracked(),
                        team_ids,
                    };
                    let input = match input.normalized() {
                        Ok(input) => input,
                        Err(e) => return editor.invalid(form, e),
                    };
                    editor.save(form, users, "user", |u| u.name.clone(), async move {
                        let invited: UserInvited = client.post(paths::USERS, &input).await?;
                        password.set(Some((
                            invited.user.email.clone(),
                            invited.temporary_password,
                        )));
                        roles.reload();
                        // After the invite dialog has closed and given focus back.
                        request_animation_frame(move || {
                            password_open.try_set(true);
                        });
                        Ok(invited.user)
                    });
                }
            }
        })
    };

    // Deactivate asks first; reactivate does not.
    let deactivator = Deleter::<UserSetting>::new();
    let confirm_deactivate = {
        let client = client.clone();
        Callback::new(move |()| {
            let Some(user) = deactivator.target.get_untracked() else {
                return;
            };
            let client = client.clone();
            let update = UserUpdate {
                active: Some(false),
                ..Default::default()
            };
            deactivator.run(users, format!("{} deactivated", user.name), async move {
                client
                    .patch::<_, UserSetting>(&paths::user(user.id), &update)
                    .await
            });
        })
    };
    let reactivate = {
        let client = client.clone();
        move |user: UserSetting| {
            let client = client.clone();
            spawn_local(async move {
                let update = UserUpdate {
                    active: Some(true),
                    ..Default::default()
                };
                match client
                    .patch::<_, UserSetting>(&paths::user(user.id), &update)
                    .await
                {
                    Ok(u) => {
                        toasts.success(format!("{} can sign in again", u.name), None);
                        users.reload();
                    }
                    Err(e) => {
                        toasts.error(
                            format!("{} couldn't be reactivated", user.name),
                            Some(e.message()),
                        );
                    }
                }
            });
        }
    };

    // Roles.
    let role_editor = Editor::<RoleSetting>::new(&["name", "base", "disabled"]);
    let role_name = RwSignal::new(String::new());
    let role_base = RwSignal::new(RoleBase::Agent);
    let allowed = RwSignal::new(RoleFlag::ALL.to_vec());
    let open_role = move |r: Option<RoleSetting>| {
        role_name.set(r.as_ref().map(|r| r.name.clone()).unwrap_or_default());
        role_base.set(r.as_ref().map_or(RoleBase::Agent, |r| r.base));
        allowed.set(
            RoleFlag::ALL
                .into_iter()
                .filter(|f| !r.as_ref().is_some_and(|r| r.disabled.contains(f)))
                .collect(),
        );
        role_editor.start(r);
    };
    let save_role = {
        let client = client.clone();
        Callback::new(move |form| {
            let on = allowed.get_untracked();
            let input = RoleInput {
                name: role_name.get_untracked(),
                base: role_base.get_untracked(),
                disabled: RoleFlag::ALL
                    .into_iter()
                    .filter(|f| !on.contains(f))
                    .collect(),
            };
            let input = match input.normalized() {
                Ok(input) => input,
                Err(e) => return role_editor.invalid(form, e),
            };
            let client = client.clone();
            let id = role_editor.editing_id();
            role_editor.save(form, roles, "role", |r| r.name.clone(), async move {
                match id {
                    Some(id) => client.patch(&paths::role(id), &input).await,
                    None => client.post(paths::ROLES, &input).await,
                }
            });
        })
    };
    let role_deleter = Deleter::<RoleSetting>::new();
    let confirm_role_delete = Callback::new(move |()| {
        role_deleter.confirm(roles, "role", |r| r.name.clone(), paths::role)
    });
    let role_in_use = Signal::derive(move || {
        role_deleter
            .target
            .with(|r| r.as_ref().is_some_and(|r| r.users > 0))
    });

    let user_table = move |list: Vec<UserSetting>| {
        let reactivate = reactivate.clone();
        view! {
            <div class="tp-table-wrap">
                <table class="tp-table tp-table--stack">
                    <caption class="tp-visually-hidden">"Users"</caption>
                    <thead>
                        <tr>
                            <th scope="col">"Name"</th>
                            <th scope="col">"Role"</th>
                            <th scope="col">"Spaces"</th>
                            <th scope="col">"Teams"</th>
                            <th scope="col">"Status"</th>
                            <th scope="col"><span class="tp-visually-hidden">"Actions"</span></th>
                        </tr>
                    </thead>
                    <tbody>
                        {list
                            .into_iter()
                            .map(|u| {
                                let edit = u.clone();
                                let toggle = u.clone();
                                let reactivate = reactivate.clone();
                                let spaces = u.spaces.iter().map(|s| s.name.clone()).collect();
                                let teams = u.teams.iter().map(|t| t.name.clone()).collect();
                                view! {
                                    <tr>
                                        <th scope="row">
                                            {u.name.clone()}
                                            <span class="tp-table__sub">{u.email.clone()}</span>
                                        </th>
                                        <td data-label="Role">{role_cell(&u)}</td>
                                        <td data-label="Spaces">{names(spaces)}</td>
                                        <td data-label="Teams">{names(teams)}</td>
                                        <td data-label="Status">
                                            {if u.active {
                                                view! { <span class="tp-pill tp-pill--success">"Active"</span> }.into_any()
                                            } else {
                                                view! { <span class="tp-pill tp-pill--danger">"Deactivated"</span> }.into_any()
                                            }}
                                        </td>
                                        <td class="tp-table__actions">
                                            {u.editable.then(|| {
                                                let label = if u.active { format!("Deactivate {}", u.name) } else { format!("Reactivate {}", u.name) };
                                                let active = u.active;
                                                view! {
                                                    <div class="tp-row-actions">
                                                        <RowActions name=u.name.clone() on_edit=move |_| open_editor(Some(edit.clone()))/>
                                                        <button
                                                            type="button"
                                                            class="tp-button tp-button--small"
                                                            aria-label=label.clone()
                                                            on:click=move |_| {
                                                                if active {
                                                                    deactivator.ask(toggle.clone());
                                                                } else {
                                                                    reactivate(toggle.clone());
                                                                }
                                                            }
                                                        >
                                                            {if active { "Deactivate" } else { "Reactivate" }}
                                                        </button>
                                                    </div>
                                                }
                                            })}
                                        </td>
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </tbody>
                </table>
            </div>
        }
    };

    let role_table = move |list: Vec<RoleSetting>| {
        let editable = can_edit_roles();
        view! {
            <div class="tp-table-wrap">
                <table class="tp-table tp-table--stack">
                    <caption class="tp-visually-hidden">"Roles"</caption>
                    <thead>
                        <tr>
                            <th scope="col">"Role"</th>
                            <th scope="col">"Based on"</th>
                            <th scope="col">"Switched off"</th>
                            <th scope="col" class="tp-table__num">"People"</th>
                            <th scope="col"><span class="tp-visually-hidden">"Actions"</span></th>
                        </tr>
                    </thead>
                    <tbody>
                        {list
                            .into_iter()
                            .map(|r| {
                                let edit = r.clone();
                                let remove = r.clone();
                                let off: Vec<String> = r.disabled.iter().map(|f| f.label().to_string()).collect();
                                view! {
                                    <tr>
                                        <th scope="row">
                                            {r.name.clone()}
                                            {r.builtin.then(|| view! { <span class="tp-table__sub">"Built in"</span> })}
                                        </th>
                                        <td data-label="Based on">{base_label(r.base)}</td>
                                        <td data-label="Switched off">{names(off)}</td>
                                        <td data-label="People" class="tp-table__num">{r.users}</td>
                                        <td class="tp-table__actions">
                                            {(editable && !r.builtin).then(|| view! {
                                                <RowActions
                                                    name=format!("role {}", r.name)
                                                    on_edit=move |_| open_role(Some(edit.clone()))
                                                    on_delete=Some(Callback::new(move |_| role_deleter.ask(remove.clone())))
                                                />
                                            })}
                                        </td>
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </tbody>
                </table>
            </div>
        }
    };

    view! {
        <SettingsHeader
            title="Users and roles"
            lead="Who works in the Inbox, with which role, in which spaces and teams. Deactivated people are signed out and can't sign in; their conversations stay as they are."
        >
            <NewButton label="Invite user" primary=true on_click=move |_| open_editor(None)/>
        </SettingsHeader>
        {collection_view(
            users,
            "users",
            || view! { <EmptyList icon=Icon::Users title="Nobody here yet" text="Invite the people who answer your customers."/> }.into_any(),
            user_table,
        )}
        <section class="tp-settings__section" aria-labelledby="tp-roles-title">
            <header class="tp-settings__header">
                <div>
                    <h2 class="tp-settings__section-title" id="tp-roles-title">"Roles"</h2>
                    <p class="tp-page__lead">"Custom roles are based on Inbox Manager or Inbox Agent, with some permissions switched off."</p>
                </div>
                <Show when=can_edit_roles>
                    <div class="tp-settings__actions">
                        <NewButton label="New role" on_click=move |_| open_role(None)/>
                    </div>
                </Show>
            </header>
            {collection_view(
                roles,
                "roles",
                || view! { <EmptyList icon=Icon::Lock title="No roles" text="The built-in roles could not be found."/> }.into_any(),
                role_table,
            )}
        </section>
        <EditorDialog
            editor=editor
            noun="user"
            title=Signal::derive(move || editor.editing.with(|u| match u {
                Some(u) => format!("Edit {}", u.name),
                None => "Invite user".to_string(),
            }))
            submit_label=Signal::derive(move || if editor.is_edit() { "Save user".to_string() } else { "Send invitation".to_string() })
            on_submit=save
            wide=true
        >
            <Show when=move || !editor.is_edit()>
                <div class="tp-form__row">
                    <TextField id="user-name" label="Name" value=name error=editor.errors.field("name")/>
                    <TextField id="user-email" label="E-mail" input_type="email" value=email error=editor.errors.field("email")/>
                </div>
            </Show>
            <SelectField id="user-role" label="Role" options=role_options value=role error=editor.errors.field("role_id")/>
            <ChoiceList
                id="user-spaces"
                legend="Spaces"
                options=space_options
                selected=member_spaces
                error=editor.errors.field("space_ids")
                empty="There are no spaces you manage."
            />
            <ChoiceList
                id="user-teams"
                legend="Teams"
                options=team_options
                selected=member_teams
                error=editor.errors.field("team_ids")
                empty="Choose a space to see its teams."
            />
        </EditorDialog>
        <Modal
            open=password_open
            title="Invitation created"
            description=Signal::derive(move || password.with(|p| p.as_ref().map(|(email, _)| format!(
                "Give {email} this temporary password to sign in for the first time. It is shown only once."
            )).unwrap_or_default()))
        >
            <p class="tp-secret">
                <code class="tp-secret__value" aria-label="Temporary password">
                    {move || password.with(|p| p.as_ref().map(|(_, pw)| pw.clone()).unwrap_or_default())}
                </code>
            </p>
            <div class="tp-modal__actions">
                <button type="button" class="tp-button tp-button--primary" on:click=move |_| password_open.set(false)>
                    "Done"
                </button>
            </div>
        </Modal>
        <ConfirmDelete
            deleter=deactivator
            title=deactivator.describe(|u| format!("Deactivate {}?", u.name))
            consequence=deactivator.describe(|u| format!(
                "{} is signed out everywhere and can't sign in. Conversations assigned to them stay assigned until someone reassigns them. You can reactivate them later.",
                u.name
            ))
            action="Deactivate"
            on_confirm=confirm_deactivate
        />
        <EditorDialog
            editor=role_editor
            noun="role"
            on_submit=save_role
            wide=true
        >
            <TextField id="role-name" label="Name" value=role_name error=role_editor.errors.field("name")/>
            <fieldset class="tp-choices">
                <legend class="tp-field__label">"Based on"</legend>
                {[RoleBase::Agent, RoleBase::Manager]
                    .into_iter()
                    .map(|base| {
                        let id = format!("role-base-{}", base_label(base).to_lowercase());
                        view! {
                            <div class="tp-radio">
                                <input
                                    type="radio"
                                    id=id.clone()
                                    name="role-base"
                                    prop:checked=move || role_base.get() == base
                                    on:change=move |_| role_base.set(base)
                                />
                                <label for=id>{base.label()}</label>
                            </div>
                        }
                    })
                    .collect_view()}
                {move || role_editor.errors.field("base").get().map(|m| view! { <p class="tp-field__error">{m}</p> })}
            </fieldset>
            <fieldset class="tp-choices">
                <legend class="tp-field__label">"Permissions"</legend>
                <ul class="tp-choices__list tp-choices__list--single">
                    {RoleFlag::ALL
                        .into_iter()
                        .map(|flag| {
                            let id = format!("role-flag-{}", flag.as_str());
                            view! {
                                <li class="tp-choices__item">
                                    <input
                                        id=id.clone()
                                        type="checkbox"
                                        class="tp-check__box"
                                        prop:checked=move || allowed.with(|a| a.contains(&flag))
                                        on:change=move |ev| {
                                            let on = event_target_checked(&ev);
                                            allowed.update(|a| {
                                                a.retain(|f| *f != flag);
                                                if on {
                                                    a.push(flag);
                                                }
                                            });
                                        }
                                    />
                                    <label for=id>{flag.label()}</label>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            </fieldset>
        </EditorDialog>
        <ConfirmDelete
            deleter=role_deleter
            title=role_deleter.describe(|r| format!("Delete the role \u{201c}{}\u{201d}?", r.name))
            consequence=role_deleter.describe(|r| match r.users {
                0 => "Nobody holds it.".to_string(),
                n => format!(
                    "{} {} it, so it can't be deleted. Give them another role first.",
                    count_label(n, "person", "people"),
                    if n == 1 { "holds" } else { "hold" }
                ),
            })
            blocked=role_in_use
            on_confirm=confirm_role_delete
        />
    }
}
