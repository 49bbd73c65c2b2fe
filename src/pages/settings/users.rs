//! Settings → Users and roles: the people of the tenant (a Manager: of their spaces) with role,
//! spaces and teams; invite, change role, deactivate. Below, the roles: the three built-ins and
//! custom roles with permissions switched off, which only Admins and the owner edit.

use leptos::prelude::*;
use textpeak_api::collections::{Roles, Users};
use textpeak_api::{
    paths, role_label, Capability, FieldError, RoleBase, RoleFlag, RoleInput, RoleSetting,
    UserInviteInput, UserInvited, UserSave, UserSetting, UserUpdate,
};

use super::kit::{
    count_label, data_table, list_view, names, row_actions, settings_spaces, table_row, Collection,
    Column, ConfirmDelete, Deleter, EditForm, Editor, EditorDialog, Empty, FormErrors, NewButton,
    Resource, RowActions, SettingsHeader, TableHead,
};
use crate::api::{ApiClient, ApiResult};
use crate::components::ui::field::{choice, ChoiceList, SelectField, TextField};
use crate::components::ui::icons::Icon;
use crate::components::ui::modal::Modal;
use crate::components::ui::toast::Toasts;
use crate::state::Session;

/// The people: invited (POST answers a one-time password), changed, and "removed" by
/// deactivating them (a PATCH), never deleted.
impl Resource for Users {
    const REMOVE_ACTION: &'static str = "Deactivate";

    fn remove_title(u: &UserSetting) -> String {
        format!("Deactivate {}?", u.name)
    }

    fn remove_consequence(u: &UserSetting) -> String {
        format!(
            "{} is signed out everywhere and can't sign in. Conversations assigned to them stay assigned until someone reassigns them. You can reactivate them later.",
            u.name
        )
    }

    async fn remove(client: ApiClient, u: UserSetting) -> ApiResult<()> {
        set_active(&client, u.id, false).await.map(|_| ())
    }

    fn removed(u: &UserSetting) -> String {
        format!("{} deactivated", u.name)
    }
}

async fn set_active(client: &ApiClient, id: i64, active: bool) -> ApiResult<UserSetting> {
    let update = UserUpdate {
        active: Some(active),
        ..Default::default()
    };
    client.patch(&paths::user(id), &update).await
}

/// The roles: built-ins and custom ones.
impl Resource for Roles {
    fn remove_consequence(r: &RoleSetting) -> String {
        match r.users {
            0 => "Nobody holds it.".to_string(),
            n => format!(
                "{} {} it, so it can't be deleted. Give them another role first.",
                count_label(n, "person", "people"),
                if n == 1 { "holds" } else { "hold" }
            ),
        }
    }

    fn remove_blocked(r: &RoleSetting) -> bool {
        r.users > 0
    }
}

/// The temporary password of the last invitation, and whether its dialog is open.
#[derive(Clone, Copy)]
struct Invitation {
    password: RwSignal<Option<(String, String)>>,
    open: RwSignal<bool>,
}

#[component]
pub fn UsersPage() -> impl IntoView {
    let client = expect_context::<ApiClient>();
    let users = Collection::<Users>::load();
    let roles = Collection::<Roles>::load();
    let form = UserForm::new(roles);
    let invitation = Invitation {
        password: RwSignal::new(None),
        open: RwSignal::new(false),
    };
    let editor = Editor::<Users>::with_save(users, move |_, input| {
        let client = client.clone();
        async move {
            let user = match input {
                UserSave::Update(id, update) => client.patch(&paths::user(id), &update).await?,
                UserSave::Invite(input) => {
                    let invited: UserInvited = client.post(paths::USERS, &input).await?;
                    invitation.password.set(Some((
                        invited.user.email.clone(),
                        invited.temporary_password,
                    )));
                    // After the invite dialog has closed and given focus back.
                    request_animation_frame(move || {
                        invitation.open.try_set(true);
                    });
                    invited.user
                }
            };
            // The roles' head counts changed with it.
            roles.reload();
            Ok(user)
        }
    });
    // Deactivate asks first; reactivate does not.
    let deactivator = Deleter::<Users>::new(users);
    let reactivate = reactivate_action(users);

    let rows = move |list: Vec<UserSetting>| {
        let rows = list
            .into_iter()
            .map(|u| {
                let actions = user_actions(&u, editor, form, deactivator, reactivate);
                table_row(user_cells(&u), actions)
            })
            .collect();
        data_table(USER_TABLE, rows)
    };

    view! {
        <SettingsHeader
            title="Users and roles"
            lead="Who works in the Inbox, with which role, in which spaces and teams. Deactivated people are signed out and can't sign in; their conversations stay as they are."
        >
            <NewButton label="Invite user" primary=true on_click=move |_| editor.start(form, None)/>
        </SettingsHeader>
        {list_view(users, USERS_EMPTY, rows)}
        <RolesSection roles=roles/>
        <EditorDialog
            editor=editor
            form=form
            title=Signal::derive(move || editor.editing.with(|u| match u {
                Some(u) => format!("Edit {}", u.name),
                None => "Invite user".to_string(),
            }))
            submit_label=Signal::derive(move || if editor.is_edit() { "Save user".to_string() } else { "Send invitation".to_string() })
            wide=true
        />
        <PasswordDialog invitation=invitation/>
        <ConfirmDelete deleter=deactivator/>
    }
}

/// Reactivates without asking; says so, or why not, in a toast.
fn reactivate_action(users: Collection<Users>) -> Action<UserSetting, ()> {
    let client = expect_context::<ApiClient>();
    let toasts = expect_context::<Toasts>();
    Action::new_local(move |user: &UserSetting| {
        let client = client.clone();
        let user = user.clone();
        async move {
            match set_active(&client, user.id, true).await {
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
        }
    })
}

const USERS_EMPTY: Empty = Empty {
    icon: Icon::Users,
    title: "Nobody here yet",
    text: "Invite the people who answer your customers.",
};

const USER_TABLE: TableHead = TableHead {
    caption: "Users",
    columns: &[
        Column::text("Name"),
        Column::text("Role"),
        Column::text("Spaces"),
        Column::text("Teams"),
        Column::text("Status"),
    ],
    stack: true,
};

fn user_cells(u: &UserSetting) -> AnyView {
    let spaces = u.spaces.iter().map(|s| s.name.clone()).collect();
    let teams = u.teams.iter().map(|t| t.name.clone()).collect();
    view! {
        <th scope="row">
            {u.name.clone()}
            <span class="tp-table__sub">{u.email.clone()}</span>
        </th>
        <td data-label="Role">{role_cell(u)}</td>
        <td data-label="Spaces">{names(spaces)}</td>
        <td data-label="Teams">{names(teams)}</td>
        <td data-label="Status">
            {if u.active {
                view! { <span class="tp-pill tp-pill--success">"Active"</span> }.into_any()
            } else {
                view! { <span class="tp-pill tp-pill--danger">"Deactivated"</span> }.into_any()
            }}
        </td>
    }
    .into_any()
}

fn role_cell(u: &UserSetting) -> AnyView {
    let label = role_label(
        u.is_owner,
        u.inbox_permission,
        u.role.as_ref().map(|r| r.name.as_str()),
    );
    match (u.is_owner, u.inbox_permission && u.role.is_some()) {
        (true, _) => view! { <span class="tp-pill tp-pill--accent">{label}</span> }.into_any(),
        (false, true) => view! { <span class="tp-pill">{label}</span> }.into_any(),
        (false, false) => view! { <span class="tp-table__muted">{label}</span> }.into_any(),
    }
}

/// Edit, and Deactivate (asks) or Reactivate (does not), for the people the caller may change.
fn user_actions(
    u: &UserSetting,
    editor: Editor<Users>,
    form: UserForm,
    deactivator: Deleter<Users>,
    reactivate: Action<UserSetting, ()>,
) -> Option<AnyView> {
    if !u.editable {
        return None;
    }
    let active = u.active;
    let label = if active {
        format!("Deactivate {}", u.name)
    } else {
        format!("Reactivate {}", u.name)
    };
    let edit = u.clone();
    let toggle = u.clone();
    Some(
        view! {
            <div class="tp-row-actions">
                <RowActions name=u.name.clone() on_edit=move |_| editor.start(form, Some(edit.clone()))/>
                <button
                    type="button"
                    class="tp-button tp-button--small"
                    aria-label=label
                    on:click=move |_| {
                        if active {
                            deactivator.ask(toggle.clone());
                        } else {
                            reactivate.dispatch_local(toggle.clone());
                        }
                    }
                >
                    {if active { "Deactivate" } else { "Reactivate" }}
                </button>
            </div>
        }
        .into_any(),
    )
}

/// The one-time password of a new user, shown once.
#[component]
fn PasswordDialog(invitation: Invitation) -> impl IntoView {
    let Invitation { password, open } = invitation;
    view! {
        <Modal
            open=open
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
                <button type="button" class="tp-button tp-button--primary" on:click=move |_| open.set(false)>
                    "Done"
                </button>
            </div>
        </Modal>
    }
}

/// Invite and edit share one dialog: invite also asks for name and e-mail.
#[derive(Clone, Copy)]
struct UserForm {
    name: RwSignal<String>,
    email: RwSignal<String>,
    role: RwSignal<String>,
    spaces: RwSignal<Vec<i64>>,
    teams: RwSignal<Vec<i64>>,
    editing: RwSignal<bool>,
    roles: Collection<Roles>,
    space_options: Signal<Vec<(i64, String)>>,
    team_options: Signal<Vec<(i64, String)>>,
}

impl UserForm {
    fn new(roles: Collection<Roles>) -> Self {
        let all = settings_spaces();
        let spaces = RwSignal::new(Vec::<i64>::new());
        // Teams of the chosen spaces, named with their space when there are several.
        let team_options = Signal::derive(move || {
            let chosen = spaces.get();
            let several = chosen.len() > 1;
            all.get()
                .into_iter()
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
        UserForm {
            name: RwSignal::new(String::new()),
            email: RwSignal::new(String::new()),
            role: RwSignal::new(String::new()),
            spaces,
            teams: RwSignal::new(Vec::new()),
            editing: RwSignal::new(false),
            roles,
            space_options: Signal::derive(move || {
                all.get().into_iter().map(|s| (s.id, s.name)).collect()
            }),
            team_options,
        }
    }
}

impl EditForm<Users> for UserForm {
    fn fill(self, u: Option<&UserSetting>) {
        let default_role = self
            .roles
            .rows()
            .into_iter()
            .find(|r| r.builtin && r.base == RoleBase::Agent);
        self.name.set(u.map(|u| u.name.clone()).unwrap_or_default());
        self.email
            .set(u.map(|u| u.email.clone()).unwrap_or_default());
        self.role.set(
            u.and_then(|u| u.role.as_ref().map(|r| r.id))
                .or(default_role.map(|r| r.id))
                .map(|id| id.to_string())
                .unwrap_or_default(),
        );
        self.spaces.set(
            u.map(|u| u.spaces.iter().map(|s| s.id).collect())
                .unwrap_or_default(),
        );
        self.teams.set(
            u.map(|u| u.teams.iter().map(|t| t.id).collect())
                .unwrap_or_default(),
        );
        self.editing.set(u.is_some());
    }

    fn input(self, editing: Option<i64>) -> Result<UserSave, FieldError> {
        let role_id = self.role.get_untracked().parse::<i64>().unwrap_or_default();
        // Teams only count inside the chosen spaces.
        let allowed: Vec<i64> = self
            .team_options
            .with_untracked(|o| o.iter().map(|(id, _)| *id).collect());
        let team_ids = self
            .teams
            .get_untracked()
            .into_iter()
            .filter(|t| allowed.contains(t))
            .collect();
        let space_ids = self.spaces.get_untracked();
        Ok(match editing {
            Some(id) => UserSave::Update(
                id,
                UserUpdate {
                    role_id: Some(role_id),
                    space_ids: Some(space_ids),
                    team_ids: Some(team_ids),
                    ..Default::default()
                },
            ),
            None => UserSave::Invite(
                UserInviteInput {
                    name: self.name.get_untracked(),
                    email: self.email.get_untracked(),
                    role_id,
                    space_ids,
                    team_ids,
                }
                .normalized()?,
            ),
        })
    }

    fn fields(self, errors: FormErrors) -> AnyView {
        let roles = self.roles;
        let role_options = Signal::derive(move || {
            roles
                .rows()
                .into_iter()
                .map(|r| (r.id.to_string(), r.name))
                .collect::<Vec<_>>()
        });
        view! {
            <Show when=move || !self.editing.get()>
                <div class="tp-form__row">
                    <TextField id="user-name" label="Name" value=self.name error=errors.field("name")/>
                    <TextField id="user-email" label="E-mail" input_type="email" value=self.email error=errors.field("email")/>
                </div>
            </Show>
            <SelectField id="user-role" label="Role" options=role_options value=self.role error=errors.field("role_id")/>
            <ChoiceList
                id="user-spaces"
                legend="Spaces"
                options=self.space_options
                selected=self.spaces
                error=errors.field("space_ids")
                empty="There are no spaces you manage."
            />
            <ChoiceList
                id="user-teams"
                legend="Teams"
                options=self.team_options
                selected=self.teams
                error=errors.field("team_ids")
                empty="Choose a space to see its teams."
            />
        }
        .into_any()
    }
}

/// The roles under the people: built-ins, and custom roles the Admins edit.
#[component]
fn RolesSection(roles: Collection<Roles>) -> impl IntoView {
    let session = expect_context::<Session>();
    let can_edit =
        move || session.with_me(|me| me.is_some_and(|m| m.can(Capability::ManageCustomRoles)));
    let form = RoleForm {
        name: RwSignal::new(String::new()),
        base: RwSignal::new(RoleBase::Agent),
        allowed: RwSignal::new(RoleFlag::ALL.to_vec()),
    };
    let editor = Editor::<Roles>::new(roles);
    let deleter = Deleter::<Roles>::new(roles);
    let rows = move |list: Vec<RoleSetting>| {
        let editable = can_edit();
        let rows = list
            .into_iter()
            .map(|r| {
                let actions = (editable && !r.builtin)
                    .then(|| row_actions(editor, form, Some(deleter), r.clone()));
                table_row(role_cells(&r), actions)
            })
            .collect();
        data_table(ROLE_TABLE, rows)
    };
    view! {
        <section class="tp-settings__section" aria-labelledby="tp-roles-title">
            <header class="tp-settings__header">
                <div>
                    <h2 class="tp-settings__section-title" id="tp-roles-title">"Roles"</h2>
                    <p class="tp-page__lead">"Custom roles are based on Inbox Manager or Inbox Agent, with some permissions switched off."</p>
                </div>
                <Show when=can_edit>
                    <div class="tp-settings__actions">
                        <NewButton label="New role" on_click=move |_| editor.start(form, None)/>
                    </div>
                </Show>
            </header>
            {list_view(roles, ROLES_EMPTY, rows)}
        </section>
        <EditorDialog editor=editor form=form wide=true/>
        <ConfirmDelete deleter=deleter/>
    }
}

const ROLES_EMPTY: Empty = Empty {
    icon: Icon::Lock,
    title: "No roles",
    text: "The built-in roles could not be found.",
};

const ROLE_TABLE: TableHead = TableHead {
    caption: "Roles",
    columns: &[
        Column::text("Role"),
        Column::text("Based on"),
        Column::text("Switched off"),
        Column::num("People"),
    ],
    stack: true,
};

fn role_cells(r: &RoleSetting) -> AnyView {
    let off: Vec<String> = r.disabled.iter().map(|f| f.label().to_string()).collect();
    view! {
        <th scope="row">
            {r.name.clone()}
            {r.builtin.then(|| view! { <span class="tp-table__sub">"Built in"</span> })}
        </th>
        <td data-label="Based on">{r.base.label()}</td>
        <td data-label="Switched off">{names(off)}</td>
        <td data-label="People" class="tp-table__num">{r.users}</td>
    }
    .into_any()
}

#[derive(Clone, Copy)]
struct RoleForm {
    name: RwSignal<String>,
    base: RwSignal<RoleBase>,
    /// The permissions left on.
    allowed: RwSignal<Vec<RoleFlag>>,
}

impl EditForm<Roles> for RoleForm {
    fn fill(self, r: Option<&RoleSetting>) {
        self.name.set(r.map(|r| r.name.clone()).unwrap_or_default());
        self.base.set(r.map_or(RoleBase::Agent, |r| r.base));
        self.allowed.set(
            RoleFlag::ALL
                .into_iter()
                .filter(|f| !r.is_some_and(|r| r.disabled.contains(f)))
                .collect(),
        );
    }

    fn input(self, _: Option<i64>) -> Result<RoleInput, FieldError> {
        let on = self.allowed.get_untracked();
        RoleInput {
            name: self.name.get_untracked(),
            base: self.base.get_untracked(),
            disabled: RoleFlag::ALL
                .into_iter()
                .filter(|f| !on.contains(f))
                .collect(),
        }
        .normalized()
    }

    fn fields(self, errors: FormErrors) -> AnyView {
        view! {
            <TextField id="role-name" label="Name" value=self.name error=errors.field("name")/>
            <RoleBaseField base=self.base error=errors.field("base")/>
            <RoleFlagsField allowed=self.allowed/>
        }
        .into_any()
    }
}

/// "Based on": Agent or Manager.
#[component]
fn RoleBaseField(base: RwSignal<RoleBase>, error: Signal<Option<String>>) -> impl IntoView {
    view! {
        <fieldset class="tp-choices">
            <legend class="tp-field__label">"Based on"</legend>
            {[RoleBase::Agent, RoleBase::Manager]
                .into_iter()
                .map(|choice| {
                    let id = format!("role-base-{}", choice.as_str());
                    view! {
                        <div class="tp-radio">
                            <input
                                type="radio"
                                id=id.clone()
                                name="role-base"
                                prop:checked=move || base.get() == choice
                                on:change=move |_| base.set(choice)
                            />
                            <label for=id>{choice.label()}</label>
                        </div>
                    }
                })
                .collect_view()}
            {move || error.get().map(|m| view! { <p class="tp-field__error">{m}</p> })}
        </fieldset>
    }
}

/// "Permissions": one box per permission a custom role can lose, ticked while it keeps it.
#[component]
fn RoleFlagsField(allowed: RwSignal<Vec<RoleFlag>>) -> impl IntoView {
    view! {
        <fieldset class="tp-choices">
            <legend class="tp-field__label">"Permissions"</legend>
            <ul class="tp-choices__list tp-choices__list--single">
                {RoleFlag::ALL
                    .into_iter()
                    .map(|flag| {
                        choice(format!("role-flag-{}", flag.as_str()), flag.label().to_string(), flag, allowed)
                    })
                    .collect_view()}
            </ul>
        </fieldset>
    }
}
