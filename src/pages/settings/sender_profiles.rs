//! Settings → Sender profiles: named groups of senders on one channel, used by every team and
//! agent of their space or only by chosen ones. Agents see the profile's name, never its
//! numbers.

use leptos::prelude::*;
use textpeak_api::{paths, SenderProfileInput, SenderProfileSetting, Stream};

use super::kit::{
    collection_view, count_label, settings_spaces, ChannelPill, Collection, ConfirmDelete, Deleter,
    Editor, EditorDialog, EmptyList, NewButton, Row, RowActions, SenderList, SettingsHeader,
};
use super::senders::{lines, sender_registry, Holder, SendersField};
use crate::api::ApiClient;
use crate::components::domain::stream_options;
use crate::components::field::{ChoiceList, SelectField, TextField};
use crate::components::icons::Icon;

impl Row for SenderProfileSetting {
    fn id(&self) -> i64 {
        self.id
    }
}

/// Names as a comma-separated list, or `all` when the profile is open to everyone.
fn names_or_all(restricted: bool, names: Vec<String>, all: &'static str) -> AnyView {
    if !restricted {
        return view! { <span class="tp-table__muted">{all}</span> }.into_any();
    }
    if names.is_empty() {
        return view! { <span class="tp-table__muted">"None"</span> }.into_any();
    }
    names.join(", ").into_any()
}

#[component]
pub fn SenderProfilesPage() -> impl IntoView {
    let client = expect_context::<ApiClient>();
    let profiles = {
        let client = client.clone();
        Collection::new(move || {
            let client = client.clone();
            async move {
                client
                    .get::<Vec<SenderProfileSetting>>(paths::SENDER_PROFILES)
                    .await
            }
        })
    };
    // What the form needs besides the list: the spaces in scope with their teams and members,
    // and which profile holds each sender. Reloaded whenever the list is.
    let registry = sender_registry(profiles);
    let spaces = settings_spaces();

    let editor = Editor::<SenderProfileSetting>::new(&[
        "name",
        "stream",
        "space_id",
        "senders",
        "availability",
    ]);
    let name = RwSignal::new(String::new());
    let stream = RwSignal::new(Stream::Sms.as_str().to_owned());
    let space = RwSignal::new(String::new());
    let senders = RwSignal::new(String::new());
    let restricted = RwSignal::new(false);
    let teams = RwSignal::new(Vec::<i64>::new());
    let agents = RwSignal::new(Vec::<i64>::new());
    let open_editor = move |p: Option<SenderProfileSetting>| {
        let first_space = spaces.with(|s| s.first().map(|s| s.id));
        name.set(p.as_ref().map(|p| p.name.clone()).unwrap_or_default());
        stream.set(
            p.as_ref()
                .map_or(Stream::Sms, |p| p.stream)
                .as_str()
                .to_owned(),
        );
        space.set(
            p.as_ref()
                .map(|p| p.space.id)
                .or(first_space)
                .map(|id| id.to_string())
                .unwrap_or_default(),
        );
        senders.set(p.as_ref().map(|p| p.senders.join("\n")).unwrap_or_default());
        restricted.set(p.as_ref().is_some_and(|p| p.restricted));
        teams.set(
            p.as_ref()
                .map(|p| p.teams.iter().map(|t| t.id).collect())
                .unwrap_or_default(),
        );
        agents.set(
            p.as_ref()
                .map(|p| p.agents.iter().map(|a| a.id).collect())
                .unwrap_or_default(),
        );
        editor.start(p);
    };
    let chosen_stream =
        Signal::derive(move || stream.with(|s| Stream::parse(s)).unwrap_or(Stream::Sms));
    let chosen_space = Memo::new(move |_| {
        let id = space.with(|s| s.parse::<i64>().ok());
        spaces.with(|all| all.iter().find(|s| Some(s.id) == id).cloned())
    });
    let team_options = Signal::derive(move || {
        chosen_space.with(|s| {
            s.iter()
                .flat_map(|s| s.teams.iter().map(|t| (t.id, t.name.clone())))
                .collect::<Vec<_>>()
        })
    });
    let agent_options = Signal::derive(move || {
        chosen_space.with(|s| {
            s.iter()
                .flat_map(|s| s.members.iter().map(|u| (u.id, u.name.clone())))
                .collect::<Vec<_>>()
        })
    });

    let save = Callback::new(move |form| {
        let input = SenderProfileInput {
            name: name.get_untracked(),
            stream: chosen_stream.get_untracked(),
            space_id: space.get_untracked().parse().unwrap_or_default(),
            senders: lines(&senders.get_untracked()),
            restricted: restricted.get_untracked(),
            team_ids: teams.get_untracked(),
            agent_ids: agents.get_untracked(),
        };
        let input = match input.normalized() {
            Ok(input) => input,
            Err(e) => return editor.invalid(form, e),
        };
        let client = client.clone();
        let id = editor.editing_id();
        editor.save(
            form,
            profiles,
            "sender profile",
            |p| p.name.clone(),
            async move {
                match id {
                    Some(id) => client.patch(&paths::sender_profile(id), &input).await,
                    None => client.post(paths::SENDER_PROFILES, &input).await,
                }
            },
        );
    });

    let deleter = Deleter::<SenderProfileSetting>::new();
    let confirm_delete = Callback::new(move |()| {
        deleter.confirm(
            profiles,
            "sender profile",
            |p| p.name.clone(),
            paths::sender_profile,
        )
    });
    let in_use = Signal::derive(move || {
        deleter
            .target
            .with(|t| t.as_ref().is_some_and(|p| p.conversations > 0))
    });

    let table = move |list: Vec<SenderProfileSetting>| {
        let several_spaces = spaces.with(|s| s.len() > 1);
        view! {
            <div class="tp-table-wrap">
                <table class="tp-table tp-table--stack">
                    <caption class="tp-visually-hidden">"Sender profiles"</caption>
                    <thead>
                        <tr>
                            <th scope="col">"Name"</th>
                            <th scope="col">"Channel"</th>
                            <th scope="col">"Senders"</th>
                            <th scope="col">"Teams"</th>
                            <th scope="col">"Agents"</th>
                            <th scope="col"><span class="tp-visually-hidden">"Actions"</span></th>
                        </tr>
                    </thead>
                    <tbody>
                        {list
                            .into_iter()
                            .map(|p| {
                                let edit = p.clone();
                                let remove = p.clone();
                                let team_names = p.teams.iter().map(|t| t.name.clone()).collect();
                                let agent_names = p.agents.iter().map(|a| a.name.clone()).collect();
                                view! {
                                    <tr>
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
                                        <td class="tp-table__actions">
                                            <RowActions
                                                name=format!("sender profile {}", p.name)
                                                on_edit=move |_| open_editor(Some(edit.clone()))
                                                on_delete=Some(Callback::new(move |_| deleter.ask(remove.clone())))
                                            />
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

    let space_options = Signal::derive(move || {
        spaces.with(|s| {
            s.iter()
                .map(|s| (s.id.to_string(), s.name.clone()))
                .collect::<Vec<_>>()
        })
    });

    view! {
        <SettingsHeader
            title="Sender profiles"
            lead="A profile groups the numbers or bots of one channel under a name agents choose when they write. Each sender belongs to one profile at most."
        >
            <NewButton label="New sender profile" primary=true on_click=move |_| open_editor(None)/>
        </SettingsHeader>
        {collection_view(
            profiles,
            "sender profiles",
            || view! {
                <EmptyList icon=Icon::Send title="No sender profiles yet" text="Connect a channel: add your SMS or WhatsApp numbers, or a Telegram bot, under a name your agents will recognise."/>
            }
            .into_any(),
            table,
        )}
        <EditorDialog
            editor=editor
            noun="sender profile"
            on_submit=save
            wide=true
        >
            <TextField id="profile-name" label="Name" value=name error=editor.errors.field("name")/>
            <div class="tp-form__row">
                <SelectField
                    id="profile-stream"
                    label="Channel"
                    options=Signal::derive(stream_options)
                    value=stream
                    error=editor.errors.field("stream")
                />
                <SelectField
                    id="profile-space"
                    label="Space"
                    options=space_options
                    value=space
                    error=editor.errors.field("space_id")
                />
            </div>
            <SendersField
                id="profile-senders"
                stream=chosen_stream
                value=senders
                error=editor.errors.field("senders")
                registry=registry
                holder=Holder::Profile
                editing=Signal::derive(move || editor.editing.with(|e| e.as_ref().map(|p| p.id)))
            />
            <fieldset
                class="tp-choices"
                aria-invalid=move || editor.errors.field("availability").with(Option::is_some).to_string()
                aria-describedby=move || editor.errors.field("availability").with(Option::is_some).then_some("profile-availability-error")
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
                {move || editor.errors.field("availability").get().map(|m| view! {
                    <p class="tp-field__error" id="profile-availability-error">{m}</p>
                })}
            </fieldset>
            <Show when=move || restricted.get()>
                <ChoiceList
                    id="profile-teams"
                    legend="Teams"
                    options=team_options
                    selected=teams
                    empty="The space has no teams yet."
                />
                <ChoiceList
                    id="profile-agents"
                    legend="Agents"
                    options=agent_options
                    selected=agents
                    empty="Nobody is assigned to the space yet."
                />
            </Show>
        </EditorDialog>
        <ConfirmDelete
            deleter=deleter
            title=deleter.describe(|p| format!("Delete the sender profile \u{201c}{}\u{201d}?", p.name))
            consequence=deleter.describe(|p| match p.conversations {
                0 => format!(
                    "Its {} will be free to use in another profile. No conversation uses it.",
                    count_label(p.senders.len() as u64, "sender", "senders")
                ),
                n => format!(
                    "{} {} this profile, so it can't be deleted: they would lose their channel. To stop using its numbers, move them to another profile.",
                    count_label(n, "conversation", "conversations"),
                    if n == 1 { "uses" } else { "use" }
                ),
            })
            blocked=in_use
            on_confirm=confirm_delete
        />
    }
}
