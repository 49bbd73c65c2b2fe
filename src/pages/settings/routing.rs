//! Settings → Incoming routing: rules that send the conversations contacts start on some
//! senders to a team. The server applies them when a message arrives; a sender belongs to at
//! most one rule.

use leptos::prelude::*;
use textpeak_api::{paths, RoutingRuleInput, RoutingRuleSetting, Stream};

use super::kit::{
    collection_view, settings_spaces, ChannelPill, Collection, ConfirmDelete, Deleter, Editor,
    EditorDialog, EmptyList, NewButton, Row, RowActions, SenderList, SettingsHeader,
};
use super::senders::{lines, sender_registry, Holder, SendersField};
use crate::api::ApiClient;
use crate::components::domain::stream_options;
use crate::components::field::{SelectField, TextField};
use crate::components::icons::Icon;

impl Row for RoutingRuleSetting {
    fn id(&self) -> i64 {
        self.id
    }
}

#[component]
pub fn RoutingPage() -> impl IntoView {
    let client = expect_context::<ApiClient>();
    let rules = {
        let client = client.clone();
        Collection::new(move || {
            let client = client.clone();
            async move {
                client
                    .get::<Vec<RoutingRuleSetting>>(paths::ROUTING_RULES)
                    .await
            }
        })
    };
    let registry = sender_registry(rules);
    let spaces = settings_spaces();
    // Every team in scope, named with its space when there are several.
    let team_options = Signal::derive(move || {
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
    });

    let editor = Editor::<RoutingRuleSetting>::new(&["name", "stream", "team_id", "senders"]);
    let name = RwSignal::new(String::new());
    let stream = RwSignal::new(Stream::Sms.as_str().to_owned());
    let team = RwSignal::new(String::new());
    let senders = RwSignal::new(String::new());
    let open_editor = move |r: Option<RoutingRuleSetting>| {
        let first_team = team_options.with(|t| t.first().map(|(id, _)| id.clone()));
        name.set(r.as_ref().map(|r| r.name.clone()).unwrap_or_default());
        stream.set(
            r.as_ref()
                .map_or(Stream::Sms, |r| r.stream)
                .as_str()
                .to_owned(),
        );
        team.set(
            r.as_ref()
                .map(|r| r.team.id.to_string())
                .or(first_team)
                .unwrap_or_default(),
        );
        senders.set(r.as_ref().map(|r| r.senders.join("\n")).unwrap_or_default());
        editor.start(r);
    };
    let chosen_stream =
        Signal::derive(move || stream.with(|s| Stream::parse(s)).unwrap_or(Stream::Sms));

    let save = Callback::new(move |form| {
        let input = RoutingRuleInput {
            name: name.get_untracked(),
            stream: chosen_stream.get_untracked(),
            senders: lines(&senders.get_untracked()),
            team_id: team.get_untracked().parse().unwrap_or_default(),
        };
        let input = match input.normalized() {
            Ok(input) => input,
            Err(e) => return editor.invalid(form, e),
        };
        let client = client.clone();
        let id = editor.editing_id();
        editor.save(
            form,
            rules,
            "routing rule",
            |r| r.name.clone(),
            async move {
                match id {
                    Some(id) => client.patch(&paths::routing_rule(id), &input).await,
                    None => client.post(paths::ROUTING_RULES, &input).await,
                }
            },
        );
    });

    let deleter = Deleter::<RoutingRuleSetting>::new();
    let confirm_delete = Callback::new(move |()| {
        deleter.confirm(
            rules,
            "routing rule",
            |r| r.name.clone(),
            paths::routing_rule,
        )
    });

    let table = move |list: Vec<RoutingRuleSetting>| {
        view! {
            <div class="tp-table-wrap">
                <table class="tp-table tp-table--stack">
                    <caption class="tp-visually-hidden">"Routing rules"</caption>
                    <thead>
                        <tr>
                            <th scope="col">"Rule"</th>
                            <th scope="col">"Channel"</th>
                            <th scope="col">"Senders"</th>
                            <th scope="col">"Team"</th>
                            <th scope="col"><span class="tp-visually-hidden">"Actions"</span></th>
                        </tr>
                    </thead>
                    <tbody>
                        {list
                            .into_iter()
                            .map(|r| {
                                let edit = r.clone();
                                let remove = r.clone();
                                view! {
                                    <tr>
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
                                        <td class="tp-table__actions">
                                            <RowActions
                                                name=format!("routing rule {}", r.name)
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

    view! {
        <SettingsHeader
            title="Incoming routing"
            lead="When a contact starts a conversation on one of a rule's senders, it goes to the rule's team. Senders without a rule go to the first team of their profile's space."
        >
            <NewButton label="New routing rule" primary=true on_click=move |_| open_editor(None)/>
        </SettingsHeader>
        {collection_view(
            rules,
            "routing rules",
            || view! {
                <EmptyList icon=Icon::Route title="No routing rules yet" text="Send the conversations customers start on a number or bot straight to the team that answers them."/>
            }
            .into_any(),
            table,
        )}
        <EditorDialog
            editor=editor
            noun="routing rule"
            on_submit=save
            wide=true
        >
            <TextField id="rule-name" label="Name" value=name error=editor.errors.field("name")/>
            <div class="tp-form__row">
                <SelectField
                    id="rule-stream"
                    label="Channel"
                    options=Signal::derive(stream_options)
                    value=stream
                    error=editor.errors.field("stream")
                />
                <SelectField
                    id="rule-team"
                    label="Team"
                    options=team_options
                    value=team
                    error=editor.errors.field("team_id")
                />
            </div>
            <SendersField
                id="rule-senders"
                stream=chosen_stream
                value=senders
                error=editor.errors.field("senders")
                registry=registry
                holder=Holder::Rule
                editing=Signal::derive(move || editor.editing.with(|e| e.as_ref().map(|r| r.id)))
            />
        </EditorDialog>
        <ConfirmDelete
            deleter=deleter
            title=deleter.describe(|r| format!("Delete the routing rule \u{201c}{}\u{201d}?", r.name))
            consequence=deleter.describe(|r| format!(
                "New conversations on {} will go to the first team of their profile's space instead of {}. Existing conversations stay where they are.",
                r.senders.join(", "),
                r.team.name
            ))
            on_confirm=confirm_delete
        />
    }
}
