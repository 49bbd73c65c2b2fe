//! Sign-in: e-mail and password, inline errors, Enter submits, friendly to password managers
//! (real `<form>`, `autocomplete="username"` and `"current-password"`).

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::Redirect;
use leptos_router::hooks::{use_navigate, use_query_map};
use textpeak_api::{Capability, ErrorCode, Me};

use crate::api::ApiClient;
use crate::components::ui::field::TextField;
use crate::components::ui::icons::Logo;
use crate::logic::routes::href;
use crate::state::title::name_page;
use crate::state::Session;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Field {
    Email,
    Password,
}

fn landing(me: &Me, next: Option<String>) -> String {
    href::safe_next(next.as_deref()).unwrap_or_else(|| {
        if me.can(Capability::SeeInboxTab) {
            href::inbox()
        } else {
            "/".into()
        }
    })
}

fn check(email: &str, password: &str) -> Option<(Field, &'static str)> {
    let email = email.trim();
    if email.is_empty() {
        Some((Field::Email, "Enter your e-mail address."))
    } else if !email.contains('@') || email.starts_with('@') || email.ends_with('@') {
        Some((
            Field::Email,
            "Enter an e-mail address like name@company.com.",
        ))
    } else if password.is_empty() {
        Some((Field::Password, "Enter your password."))
    } else {
        None
    }
}

#[component]
pub fn SignInPage() -> impl IntoView {
    let session = expect_context::<Session>();
    let client = expect_context::<ApiClient>();
    let navigate = use_navigate();
    let query = use_query_map();
    let next = move || query.with_untracked(|q| q.get("next"));

    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let field_error = RwSignal::new(None::<(Field, &'static str)>);
    let form_error = RwSignal::new(None::<String>);
    let pending = RwSignal::new(false);
    let email_input = NodeRef::<leptos::html::Input>::new();
    let password_input = NodeRef::<leptos::html::Input>::new();

    let focus = move |field: Field| {
        let el = match field {
            Field::Email => email_input.get_untracked(),
            Field::Password => password_input.get_untracked(),
        };
        if let Some(el) = el {
            let _ = el.focus();
        }
    };

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        form_error.set(None);
        let (e, p) = (email.get_untracked(), password.get_untracked());
        if let Some((field, message)) = check(&e, &p) {
            field_error.set(Some((field, message)));
            focus(field);
            return;
        }
        field_error.set(None);
        pending.set(true);
        let client = client.clone();
        let navigate = navigate.clone();
        spawn_local(async move {
            match client.sign_in(e.trim().to_string(), p).await {
                Ok(me) => {
                    let to = landing(&me, next());
                    session.signed_in(me);
                    navigate(&to, Default::default());
                }
                Err(err) => {
                    let message = if err.code() == Some(ErrorCode::InvalidCredentials) {
                        "That e-mail and password don't match an account. Check them and try again."
                            .to_string()
                    } else {
                        err.message()
                    };
                    form_error.try_set(Some(message));
                    password.try_set(String::new());
                    focus(Field::Password);
                }
            }
            pending.try_set(false);
        });
    };

    let error_for = move |field: Field| {
        Signal::derive(move || {
            field_error
                .get()
                .filter(|(f, _)| *f == field)
                .map(|(_, m)| m.to_string())
        })
    };

    name_page("Sign in");
    view! {
        // Someone already signed in who opens this page goes where they were headed.
        {move || session.me().map(|me| view! { <Redirect path=landing(&me, next())/> })}
        <div class="tp-sign-in">
            <div class="tp-sign-in__card">
                <div class="tp-sign-in__brand">
                    <Logo/>
                    <span>"TextPeak"</span>
                </div>
                <h1 class="tp-sign-in__title">"Sign in to TextPeak"</h1>
                <p class="tp-sign-in__lead">"Your SMS, WhatsApp and Telegram conversations in one inbox."</p>
                <form class="tp-form" novalidate=true on:submit=on_submit>
                    <Show when=move || form_error.get().is_some()>
                        <div class="tp-form__error" role="alert">
                            {move || form_error.get()}
                        </div>
                    </Show>
                    <TextField
                        id="sign-in-email"
                        label="E-mail"
                        input_type="email"
                        name="email"
                        autocomplete="username"
                        value=email
                        error=error_for(Field::Email)
                        node_ref=email_input
                    />
                    <TextField
                        id="sign-in-password"
                        label="Password"
                        input_type="password"
                        name="password"
                        autocomplete="current-password"
                        value=password
                        error=error_for(Field::Password)
                        node_ref=password_input
                    />
                    <button
                        type="submit"
                        class="tp-button tp-button--primary tp-button--block"
                        aria-disabled=move || pending.get().to_string()
                    >
                        {move || if pending.get() { "Signing in…" } else { "Sign in" }}
                    </button>
                </form>
            </div>
        </div>
    }
}
