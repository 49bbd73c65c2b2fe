//! The New conversation dialog (`+` in the list header, or `C`): the sender profile and team,
//! then by channel the contact's number (checked and its country named as it is typed) or, on
//! Telegram, a contact who started a chat with the bot; an optional name; and the first message
//! with the composer's rules (SMS counter; on WhatsApp an approved template, since no window is
//! open). While the number or the contact is chosen, an open conversation with them on that
//! profile is offered instead of a duplicate (and again if the server refuses one with 409).
//! A refusal keeps everything typed and names its field. The rules are `logic::start`.

use leptos::ev;
use leptos::prelude::*;
use leptos_use::use_debounce_fn;
use textpeak_api::{
    fill_placeholders, ComposeTemplate, ErrorCode, MessageKind, NewConversation, PlaceholderValues,
    SendMessage, StartContact, StartOptions, StartProfile, Stream,
};

use super::dom::key_target;
use super::url::InboxUrl;
use crate::api::{ApiClient, ApiError, StartTarget};
use crate::components::domain::stream_name;
use crate::components::ui::icons::{Icon, Svg};
use crate::components::ui::modal::Modal;
use crate::components::ui::toast::Toasts;
use crate::logic::compose::{counter, ComposeMode};
use crate::logic::start::{
    field_of, first_message_problem, offered_templates, opens_new_conversation, phone_feedback,
    PhoneFeedback, StartField,
};
use crate::state::inbox::{new_client_id, ConversationList};
use crate::state::Host;
use crate::state::Session;

/// How long typing in the contact search may pause before it asks the server.
const CONTACT_SEARCH_DELAY_MS: f64 = 200.0;

/// Whether the dialog is open, and what it offers in the space. Copy, lives in context.
#[derive(Clone, Copy)]
pub struct Starter {
    open: RwSignal<bool>,
    options: LocalResource<Option<StartOptions>>,
}

impl Starter {
    /// Loads what the dialog offers once the list of `space` has answered (the list comes
    /// first), again for each space.
    pub fn new(client: ApiClient, space: Memo<Option<i64>>) -> Self {
        let options = LocalResource::new(move || {
            let client = client.clone();
            let space = space.get();
            async move {
                match space {
                    Some(id) => client.start_options(id).await.ok(),
                    None => None,
                }
            }
        });
        Starter {
            open: RwSignal::new(false),
            options,
        }
    }

    /// Whether the caller may start a conversation here (a profile and a team to start it
    /// from), tracked: the `+` shows only then.
    pub fn can_start(&self) -> bool {
        self.options.with(|o| {
            o.as_ref().and_then(Option::as_ref).is_some_and(|o| {
                o.can_start && !o.sender_profiles.is_empty() && !o.teams.is_empty()
            })
        })
    }

    /// Opens the dialog (when the caller may start one).
    pub fn show(&self) {
        if untrack(|| self.can_start()) {
            self.open.set(true);
        }
    }
}

/// `C` opens the dialog until the dashboard goes away (not while another dialog or menu is
/// open).
pub fn use_start_key(starter: Starter) {
    let host = Host::current();
    let keys = window_event_listener(ev::keydown, move |event| {
        let with_modifier = event.ctrl_key() || event.alt_key() || event.meta_key();
        if event.default_prevented()
            || !host.answers(&event)
            || !opens_new_conversation(&event.key(), with_modifier, key_target(&event))
        {
            return;
        }
        let busy = host
            .query("[aria-modal='true'], [role='menu'], [role='listbox']:focus-within")
            .is_some();
        if !busy && untrack(|| starter.can_start()) {
            event.prevent_default();
            starter.show();
        }
    });
    on_cleanup(move || keys.remove());
}

#[component]
pub fn NewConversationDialog() -> impl IntoView {
    let starter = expect_context::<Starter>();
    view! {
        <Modal open=starter.open title="New conversation" wide=true initial_focus="tp-start-profile">
            {move || {
                starter
                    .options
                    .get()
                    .flatten()
                    .map(|options| view! { <StartForm options=options/> })
            }}
        </Modal>
    }
}

fn field_id(field: StartField) -> &'static str {
    match field {
        StartField::Profile => "tp-start-profile",
        StartField::Team => "tp-start-team",
        StartField::Phone => "tp-start-phone",
        StartField::Contact => "tp-start-contact",
        StartField::Name => "tp-start-name",
        StartField::Message => "tp-start-message",
    }
}

fn focus_field(host: Host, field: StartField) {
    request_animation_frame(move || {
        if let Some(el) = host.by_id(field_id(field)) {
            let _ = el.focus();
        }
    });
}

/// An error line under a field, with the id its `aria-describedby` names.
fn error_line(field: StartField, error: Signal<Option<String>>) -> impl IntoView {
    move || {
        error.get().map(|m| {
            view! { <p class="tp-field__error" id=format!("{}-error", field_id(field))>{m}</p> }
        })
    }
}

#[component]
fn StartForm(options: StartOptions) -> impl IntoView {
    let host = Host::current();
    let client = expect_context::<ApiClient>();
    let url = expect_context::<InboxUrl>();
    let list = expect_context::<ConversationList>();
    let toasts = expect_context::<Toasts>();
    let session = expect_context::<Session>();
    let starter = expect_context::<Starter>();
    let (agent_name, company_name) = session.with_me(|me| {
        me.map(|m| (m.user.name.clone(), m.tenant.name.clone()))
            .unwrap_or_default()
    });

    let profiles = StoredValue::new(options.sender_profiles.clone());
    let teams = StoredValue::new(options.teams.clone());
    let profile_id = RwSignal::new(options.sender_profiles.first().map_or(0, |p| p.id));
    let team_id = RwSignal::new(options.teams.first().map_or(0, |t| t.id));
    let profile = Memo::new(move |_| {
        let id = profile_id.get();
        profiles.with_value(|ps| ps.iter().find(|p| p.id == id).cloned())
    });
    let stream = Memo::new(move |_| profile.with(|p| p.as_ref().map_or(Stream::Sms, |p| p.stream)));

    let phone = RwSignal::new(String::new());
    let phone_touched = RwSignal::new(false);
    let name = RwSignal::new(String::new());
    let text = RwSignal::new(String::new());
    let template_id = RwSignal::new(None::<i64>);
    let contact = RwSignal::new(None::<StartContact>);
    // Submitting once shows every field's problem; the number's shows once it was left too.
    let attempted = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let refusal = RwSignal::new(None::<ApiError>);
    let conflict = RwSignal::new(None::<i64>);
    let client_id = StoredValue::new(new_client_id());

    // Another profile is another channel: its template and contact do not carry over.
    Effect::new(move |previous: Option<i64>| {
        let id = profile_id.get();
        if previous.is_some_and(|p| p != id) {
            template_id.set(None);
            contact.set(None);
        }
        id
    });
    // Changing anything answers the refusal: its message goes until the next try.
    Effect::new(move |_| {
        phone.track();
        contact.track();
        text.track();
        template_id.track();
        profile_id.track();
        team_id.track();
        name.track();
        refusal.set(None);
        conflict.set(None);
    });

    let feedback = Memo::new(move |_| phone.with(|p| phone_feedback(p)));
    let templates = Memo::new(move |_| {
        profile.with(|p| {
            p.as_ref()
                .map(|p: &StartProfile| offered_templates(p.stream, &p.templates))
                .unwrap_or_default()
        })
    });
    let template = Memo::new(move |_| {
        let id = template_id.get()?;
        templates.with(|ts| ts.iter().find(|t| t.id == id).cloned())
    });
    let values = Signal::derive(move || {
        let team = team_id.get();
        PlaceholderValues {
            contact_name: Some(name.get().trim().to_owned())
                .filter(|n| !n.is_empty())
                .or_else(|| contact.with(|c| c.as_ref().and_then(|c| c.name.clone()))),
            contact_phone: match feedback.get() {
                PhoneFeedback::Valid { e164, .. } => Some(e164),
                _ => None,
            },
            agent_name: Some(agent_name.clone()),
            team_name: teams
                .with_value(|ts| ts.iter().find(|t| t.id == team).map(|t| t.name.clone())),
            company_name: Some(company_name.clone()),
        }
    });
    // What will be sent: on WhatsApp the template filled in, elsewhere the text.
    let body = Memo::new(move |_| match stream.get() {
        Stream::Whatsapp => template
            .get()
            .map(|t| fill_placeholders(&t.body, &values.get()))
            .unwrap_or_default(),
        _ => text.get(),
    });

    // Whom the dialog writes to, once it is known; the open conversation with them, if any.
    let target = Memo::new(move |_| match stream.get() {
        Stream::Telegram => contact.with(|c| c.as_ref().map(|c| StartTarget::Contact(c.id))),
        _ => match feedback.get() {
            PhoneFeedback::Valid { e164, .. } => Some(StartTarget::Phone(e164)),
            _ => None,
        },
    });
    let existing = LocalResource::new({
        let client = client.clone();
        move || {
            let client = client.clone();
            let (space, profile, target) = (url.space_id.get(), profile_id.get(), target.get());
            async move {
                let target = target?;
                client
                    .start_existing(space, profile, &target)
                    .await
                    .ok()
                    .and_then(|e| e.conversation_id)
            }
        }
    });
    let existing_id = move || conflict.get().or_else(|| existing.get().flatten());

    // The problems the dialog sees itself, then the server's refusal on its field.
    let own_error = move |field: StartField| -> Option<String> {
        let show = attempted.get() || (field == StartField::Phone && phone_touched.get());
        if !show {
            return None;
        }
        match field {
            StartField::Phone if stream.get() != Stream::Telegram => match feedback.get() {
                PhoneFeedback::Valid { .. } => None,
                PhoneFeedback::Empty => Some(textpeak_api::phone::PhoneError::Empty.message()),
                PhoneFeedback::Invalid { message, .. } => Some(message),
            },
            StartField::Contact if stream.get() == Stream::Telegram => contact
                .with(Option::is_none)
                .then(|| "Choose a contact who has started a chat with the bot.".to_owned()),
            StartField::Message => {
                first_message_problem(stream.get(), &body.get(), template.get().as_ref())
            }
            _ => None,
        }
    };
    let error_for = move |field: StartField| {
        Signal::derive(move || {
            own_error(field).or_else(|| {
                refusal.with(|r| {
                    r.as_ref()
                        .filter(|e| e.field().and_then(field_of) == Some(field))
                        .map(ApiError::message)
                })
            })
        })
    };
    let general_error = move || {
        refusal.with(|r| {
            r.as_ref()
                .filter(|e| e.field().and_then(field_of).is_none())
                .filter(|e| e.code() != Some(ErrorCode::Conflict) || conflict.get().is_none())
                .map(ApiError::message)
        })
    };

    let open_existing = move |id: i64| {
        starter.open.set(false);
        url.open_conversation(id);
    };

    let submit = move |ev: ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        attempted.set(true);
        let stream_now = stream.get_untracked();
        let order = [StartField::Phone, StartField::Contact, StartField::Message];
        if let Some(first) = order
            .into_iter()
            .find(|f| untrack(|| own_error(*f)).is_some())
        {
            focus_field(host, first);
            return;
        }
        let telegram = stream_now == Stream::Telegram;
        let request = NewConversation {
            sender_profile_id: profile_id.get_untracked(),
            team_id: team_id.get_untracked(),
            phone: (!telegram).then(|| phone.get_untracked().trim().to_owned()),
            contact_id: if telegram {
                contact.with_untracked(|c| c.as_ref().map(|c| c.id))
            } else {
                None
            },
            contact_name: Some(name.get_untracked().trim().to_owned()).filter(|n| !n.is_empty()),
            message: SendMessage {
                kind: MessageKind::Reply,
                // WhatsApp: the server fills the template for the new conversation itself.
                body: if stream_now == Stream::Whatsapp {
                    String::new()
                } else {
                    text.get_untracked()
                },
                sender_profile_id: None,
                template_id: if stream_now == Stream::Whatsapp {
                    template_id.get_untracked()
                } else {
                    None
                },
                client_id: client_id.get_value(),
            },
        };
        busy.set(true);
        let client = client.clone();
        let space = url.space_id.get_untracked();
        leptos::task::spawn_local(async move {
            let answer = client.start_conversation(space, &request).await;
            let _ = busy.try_set(false);
            match answer {
                Ok(detail) => {
                    starter.open.set(false);
                    list.refresh();
                    url.open_conversation(detail.summary.id);
                    toasts.success("Conversation started", None);
                }
                Err(e) => {
                    // A refusal is final for this request: the next try is a new one. A lost
                    // answer (network) keeps the key, so a retry cannot start two.
                    if e != ApiError::Network {
                        client_id.set_value(new_client_id());
                    }
                    let field = e.field().and_then(field_of);
                    let existing = match &e {
                        ApiError::Problem(p) if p.code == ErrorCode::Conflict => p.conversation_id,
                        _ => None,
                    };
                    let _ = refusal.try_set(Some(e));
                    let _ = conflict.try_set(existing);
                    if let Some(field) = field {
                        focus_field(host, field);
                    }
                }
            }
        });
    };

    let profile_options = move || {
        profiles.with_value(|ps| {
            ps.iter()
                .map(|p| {
                    let id = p.id;
                    view! {
                        <option value=id.to_string() selected=move || profile_id.get() == id>
                            {format!("{} · {}", p.name, stream_name(p.stream))}
                        </option>
                    }
                })
                .collect_view()
        })
    };
    let team_options = move || {
        teams.with_value(|ts| {
            ts.iter()
                .map(|t| {
                    let id = t.id;
                    view! { <option value=id.to_string() selected=move || team_id.get() == id>{t.name.clone()}</option> }
                })
                .collect_view()
        })
    };

    let described = move |field: StartField, hint: Option<&'static str>| {
        let error = error_for(field);
        move || {
            let mut ids: Vec<String> = hint.iter().map(|h| (*h).to_owned()).collect();
            if error.with(Option::is_some) {
                ids.push(format!("{}-error", field_id(field)));
            }
            Some(ids.join(" ")).filter(|s| !s.is_empty())
        }
    };

    view! {
        <form class="tp-form tp-start" on:submit=submit novalidate>
            {move || general_error().map(|m| view! { <p class="tp-form__error" role="alert">{m}</p> })}
            <div class="tp-form__row">
                <div class="tp-field">
                    <label class="tp-field__label" for=field_id(StartField::Profile)>"From"</label>
                    <select id=field_id(StartField::Profile) class="tp-input tp-select"
                        aria-describedby=described(StartField::Profile, None)
                        on:change=move |ev| {
                            if let Ok(id) = event_target_value(&ev).parse() {
                                profile_id.set(id);
                            }
                        }>
                        {profile_options}
                    </select>
                    {error_line(StartField::Profile, error_for(StartField::Profile))}
                </div>
                <div class="tp-field">
                    <label class="tp-field__label" for=field_id(StartField::Team)>"Team"</label>
                    <select id=field_id(StartField::Team) class="tp-input tp-select"
                        aria-describedby=described(StartField::Team, None)
                        on:change=move |ev| {
                            if let Ok(id) = event_target_value(&ev).parse() {
                                team_id.set(id);
                            }
                        }>
                        {team_options}
                    </select>
                    {error_line(StartField::Team, error_for(StartField::Team))}
                </div>
            </div>
            {move || match stream.get() {
                Stream::Telegram => view! {
                    <ContactPicker profile_id=profile_id contact=contact error=error_for(StartField::Contact)/>
                }
                .into_any(),
                _ => {
                    let error = error_for(StartField::Phone);
                    view! {
                        <div class="tp-form__row">
                            <div class="tp-field">
                                <label class="tp-field__label" for=field_id(StartField::Phone)>"Phone number"</label>
                                <input id=field_id(StartField::Phone) class="tp-input" type="tel"
                                    autocomplete="off" inputmode="tel" placeholder="+44 7700 900123"
                                    prop:value=move || phone.get()
                                    on:input=move |ev| phone.set(event_target_value(&ev))
                                    on:blur=move |_| phone_touched.set(!phone.get_untracked().trim().is_empty() || attempted.get_untracked())
                                    aria-invalid=move || error.with(Option::is_some).to_string()
                                    aria-describedby=described(StartField::Phone, Some("tp-start-phone-hint"))/>
                                <p class="tp-field__hint tp-start__phone-hint" id="tp-start-phone-hint">
                                    {move || match feedback.get() {
                                        PhoneFeedback::Valid { e164, country } => view! {
                                            <Svg icon=Icon::Check class="tp-start__ok"/>
                                            <span>{format!("{e164}{}", country.map(|c| format!(" · {c}")).unwrap_or_default())}</span>
                                        }.into_any(),
                                        PhoneFeedback::Invalid { country: Some(c), .. } => view! { <span>{c}</span> }.into_any(),
                                        // The error says the same once it shows.
                                        _ if error.with(Option::is_some) => ().into_any(),
                                        _ => view! { <span>"International format: + and the country code"</span> }.into_any(),
                                    }}
                                </p>
                                {error_line(StartField::Phone, error)}
                            </div>
                            <div class="tp-field">
                                <label class="tp-field__label" for=field_id(StartField::Name)>
                                    "Name " <span class="tp-field__optional">"(optional)"</span>
                                </label>
                                <input id=field_id(StartField::Name) class="tp-input" type="text" autocomplete="off"
                                    prop:value=move || name.get()
                                    on:input=move |ev| name.set(event_target_value(&ev))
                                    aria-describedby=described(StartField::Name, None)/>
                                {error_line(StartField::Name, error_for(StartField::Name))}
                            </div>
                        </div>
                    }
                    .into_any()
                }
            }}
            {move || existing_id().map(|id| view! {
                <div class="tp-start__existing" role="status">
                    <Svg icon=Icon::Info/>
                    <p>"There is already an open conversation with this contact on this sender profile."</p>
                    <button type="button" class="tp-button tp-button--small" on:click=move |_| open_existing(id)>
                        "Open the existing conversation"
                    </button>
                </div>
            })}
            <FirstMessage stream=stream templates=templates template_id=template_id text=text body=body
                values=values error=error_for(StartField::Message)/>
            <div class="tp-form__actions">
                <button type="button" class="tp-button" on:click=move |_| starter.open.set(false)>"Cancel"</button>
                <button type="submit" class="tp-button tp-button--primary" aria-disabled=move || busy.get().to_string()>
                    <Svg icon=Icon::Send/>
                    {move || if busy.get() { "Starting…" } else { "Start conversation" }}
                </button>
            </div>
        </form>
    }
}

/// The first message: on WhatsApp a choice of approved templates and what it will say; on SMS
/// and Telegram a text (a template may fill it) with the composer's counter.
#[component]
fn FirstMessage(
    stream: Memo<Stream>,
    templates: Memo<Vec<ComposeTemplate>>,
    template_id: RwSignal<Option<i64>>,
    text: RwSignal<String>,
    body: Memo<String>,
    values: Signal<PlaceholderValues>,
    error: Signal<Option<String>>,
) -> impl IntoView {
    let id = field_id(StartField::Message);
    let error_id = format!("{id}-error");
    let invalid = move || error.with(Option::is_some).to_string();
    let describedby = move |hint: &'static str| {
        let error_id = error_id.clone();
        move || {
            let mut ids = vec![hint.to_owned()];
            if error.with(Option::is_some) {
                ids.push(error_id.clone());
            }
            ids.join(" ")
        }
    };
    let template_options = move || {
        templates
            .get()
            .into_iter()
            .map(|t| {
                let tid = t.id;
                view! { <option value=tid.to_string() selected=move || template_id.get() == Some(tid)>{t.name}</option> }
            })
            .collect_view()
    };
    let count = move || counter(stream.get(), ComposeMode::Reply, &text.get());
    move || {
        match stream.get() {
        Stream::Whatsapp => view! {
            <div class="tp-field">
                <label class="tp-field__label" for=id>"Approved template"</label>
                <p class="tp-field__hint" id="tp-start-message-hint">
                    "WhatsApp lets a business write first only with an approved template; the contact's reply opens the 24-hour window."
                </p>
                <select id=id class="tp-input tp-select"
                    aria-invalid=invalid
                    aria-describedby=describedby("tp-start-message-hint")
                    on:change=move |ev| template_id.set(event_target_value(&ev).parse().ok())>
                    <option value="" selected=move || template_id.get().is_none()>"Choose a template"</option>
                    {template_options}
                </select>
                {move || {
                    let preview = body.get();
                    (!preview.is_empty()).then(|| view! {
                        <blockquote class="tp-start__preview" aria-label="Message preview">{preview}</blockquote>
                    })
                }}
                {error_line(StartField::Message, error)}
            </div>
        }
        .into_any(),
        _ => view! {
            <div class="tp-field">
                <div class="tp-start__message-head">
                    <label class="tp-field__label" for=id>"Message"</label>
                    {move || (!templates.with(Vec::is_empty)).then(|| view! {
                        <select class="tp-input tp-select tp-start__template" aria-label="Start from a template"
                            on:change=move |ev| {
                                let chosen: Option<i64> = event_target_value(&ev).parse().ok();
                                let filled = chosen.and_then(|c| templates.with_untracked(|ts| {
                                    ts.iter().find(|t| t.id == c).map(|t| fill_placeholders(&t.body, &values.get_untracked()))
                                }));
                                if let Some(filled) = filled {
                                    text.set(filled);
                                }
                            }>
                            <option value="">"Start from a template…"</option>
                            {template_options}
                        </select>
                    })}
                </div>
                <textarea id=id class="tp-input tp-textarea" rows="4"
                    prop:value=move || text.get()
                    on:input=move |ev| text.set(event_target_value(&ev))
                    aria-invalid=invalid
                    aria-describedby=describedby("tp-start-counter")></textarea>
                <p class="tp-start__counter" id="tp-start-counter"
                    class:tp-start__counter--warn=move || count().is_some_and(|c| c.warn)>
                    {move || count().map(|c| c.text)}
                </p>
                {error_line(StartField::Message, error)}
            </div>
        }
        .into_any(),
    }
    }
}

/// Telegram: a search over the contacts who started a chat with the profile's bot (a combobox
/// and its listbox), or the chosen one with a way to change it.
#[component]
fn ContactPicker(
    profile_id: RwSignal<i64>,
    contact: RwSignal<Option<StartContact>>,
    error: Signal<Option<String>>,
) -> impl IntoView {
    let host = Host::current();
    let client = expect_context::<ApiClient>();
    let url = expect_context::<InboxUrl>();
    let query = RwSignal::new(String::new());
    let asked = RwSignal::new(String::new());
    let active = RwSignal::new(None::<usize>);
    let ask_soon = use_debounce_fn(
        move || {
            if let Some(q) = query.try_get_untracked() {
                asked.set(q);
            }
        },
        CONTACT_SEARCH_DELAY_MS,
    );
    let found = LocalResource::new(move || {
        let client = client.clone();
        let (space, profile, q) = (url.space_id.get(), profile_id.get(), asked.get());
        async move { client.start_contacts(space, profile, &q).await }
    });
    let results = Memo::new(move |_| found.get().and_then(Result::ok).unwrap_or_default());
    let list_id = "tp-start-contacts";
    let option_id = |i: usize| format!("tp-start-contact-{i}");
    let choose = move |c: StartContact| {
        contact.set(Some(c));
        focus_field(host, StartField::Contact);
    };
    let id = field_id(StartField::Contact);
    let on_keydown = move |ev: ev::KeyboardEvent| {
        let n = results.with_untracked(Vec::len);
        match ev.key().as_str() {
            "ArrowDown" | "ArrowUp" => {
                ev.prevent_default();
                active.set(crate::logic::palette::step(
                    active.get_untracked(),
                    ev.key() == "ArrowDown",
                    n,
                ));
            }
            "Enter" => {
                if let Some(c) = active
                    .get_untracked()
                    .and_then(|i| results.with_untracked(|r| r.get(i).cloned()))
                {
                    ev.prevent_default();
                    choose(c);
                }
            }
            _ => {}
        }
    };
    let error_id = format!("{id}-error");
    view! {
        <div class="tp-field tp-start__contacts">
            {move || match contact.get() {
                Some(c) => view! {
                    <span class="tp-field__label" id="tp-start-contact-label">"Contact"</span>
                    <div class="tp-start__chosen">
                        <span class="tp-start__chosen-name">
                            {c.name.clone().unwrap_or_else(|| format!("@{}", c.telegram))}
                            " "
                            <span class="tp-start__handle">{format!("@{}", c.telegram)}</span>
                        </span>
                        <button type="button" id=id class="tp-button tp-button--small"
                            aria-describedby="tp-start-contact-label"
                            on:click=move |_| {
                                contact.set(None);
                                focus_field(host, StartField::Contact);
                            }>
                            "Change contact"
                        </button>
                    </div>
                }
                .into_any(),
                None => {
                    let error_id = error_id.clone();
                    let ask_soon = ask_soon.clone();
                    view! {
                        <label class="tp-field__label" for=id>"Contact"</label>
                        <p class="tp-field__hint" id="tp-start-contact-hint">
                            "Only contacts who have started a chat with this bot can be written to: Telegram bots cannot write first."
                        </p>
                        <input id=id class="tp-input" type="search" role="combobox" autocomplete="off"
                            placeholder="Search by name or @handle"
                            aria-expanded="true" aria-controls=list_id aria-autocomplete="list"
                            aria-activedescendant=move || active.get().map(option_id)
                            aria-invalid=move || error.with(Option::is_some).to_string()
                            aria-describedby=move || {
                                let mut ids = "tp-start-contact-hint".to_owned();
                                if error.with(Option::is_some) {
                                    ids.push(' ');
                                    ids.push_str(&error_id);
                                }
                                ids
                            }
                            prop:value=move || query.get()
                            on:input=move |ev| {
                                query.set(event_target_value(&ev));
                                active.set(None);
                                ask_soon();
                            }
                            on:keydown=on_keydown/>
                        <ul class="tp-start__contact-list" id=list_id role="listbox" aria-label="Contacts who started a chat">
                            {move || {
                                let rows = results.get();
                                if rows.is_empty() {
                                    return view! {
                                        <li class="tp-start__contact-empty" role="option" aria-selected="false" aria-disabled="true">
                                            {if found.get().is_none() { "Looking…" } else { "No contact who started a chat matches" }}
                                        </li>
                                    }
                                    .into_any();
                                }
                                rows.into_iter()
                                    .enumerate()
                                    .map(|(i, c)| {
                                        let label = c.name.clone().unwrap_or_else(|| format!("@{}", c.telegram));
                                        let handle = format!("@{}", c.telegram);
                                        view! {
                                            <li id=option_id(i) role="option" class="tp-start__contact"
                                                class:tp-start__contact--active=move || active.get() == Some(i)
                                                aria-selected=move || (active.get() == Some(i)).to_string()
                                                on:mousedown=|ev| ev.prevent_default()
                                                on:click=move |_| choose(c.clone())>
                                                <span>{label}</span>
                                                <span class="tp-start__handle">{handle}</span>
                                            </li>
                                        }
                                    })
                                    .collect_view()
                                    .into_any()
                            }}
                        </ul>
                    }
                    .into_any()
                }
            }}
            {error_line(StartField::Contact, error)}
        </div>
    }
}
