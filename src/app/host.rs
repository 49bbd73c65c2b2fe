//! The app's side of its host: what the host changes from outside (through the handle
//! `mountInbox` returns: navigate, theme, token) and what the app tells it as DOM events on the
//! mount element (`textpeak:ready`, `textpeak:navigate`, `textpeak:signed-out`,
//! `textpeak:access`; `textpeak:unread` is the dashboard's, `pages/inbox/live.rs`). The names
//! and `detail`s are in the README.

use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate};
use wasm_bindgen::JsValue;

use textpeak_api::Me;

use crate::api::Credentials;
use crate::config::InboxConfig;
use crate::logic::menu::{main_menu, HostAccess};
use crate::state::{Host, PageTitle, Session, SessionState};

/// The app has started and knows whether someone is signed in (`detail.signedIn`).
pub const READY_EVENT: &str = "textpeak:ready";
/// The app's route changed (`detail.path`, with the base path and query; `detail.title`).
pub const NAVIGATE_EVENT: &str = "textpeak:navigate";
/// Nobody is signed in (any more): signed out, or the session expired.
pub const SIGNED_OUT_EVENT: &str = "textpeak:signed-out";
/// How the Inbox stands for the user and the main-menu entries theirs (`access_detail`).
pub const ACCESS_EVENT: &str = "textpeak:access";

/// What the host's handle changes; reference-counted, so the handle outlives no owner.
#[derive(Clone)]
pub struct HostControls {
    pub navigate_to: ArcRwSignal<Option<String>>,
    pub theme: ArcRwSignal<String>,
    /// What the app's requests carry; `setToken` replaces the token.
    pub credentials: Credentials,
    /// The host set a token: who is signed in may have changed.
    pub token_set: ArcTrigger,
}

impl HostControls {
    pub fn new(config: &InboxConfig, get_token: Option<js_sys::Function>) -> Self {
        HostControls {
            navigate_to: ArcRwSignal::new(None),
            theme: ArcRwSignal::new(config.theme.to_string()),
            credentials: Credentials::new(&config.auth, get_token),
            token_set: ArcTrigger::new(),
        }
    }
}

/// What `textpeak:access` tells, to tell it again only when it changes.
type AccessKey = (HostAccess, Vec<&'static str>);

fn access_key(me: Option<&Me>) -> AccessKey {
    let menu = me.map(main_menu).unwrap_or_default();
    (HostAccess::of(me), menu.iter().map(|e| e.id).collect())
}

/// `textpeak:access`'s `detail` (and what `inboxAccess` answers): `access`, the
/// `logic::menu::HostAccess` word, and `menu`, the main-menu entries the user may see, each
/// `{ id, label, path, href }` (`href` with the base path).
pub fn access_detail(me: Option<&Me>, base_path: &str) -> JsValue {
    let menu = js_sys::Array::new();
    for entry in me.map(main_menu).unwrap_or_default() {
        menu.push(&detail(&[
            ("id", JsValue::from_str(entry.id)),
            ("label", JsValue::from_str(entry.label)),
            ("path", JsValue::from_str(entry.path)),
            (
                "href",
                JsValue::from_str(&format!("{base_path}{}", entry.path)),
            ),
        ]));
    }
    detail(&[
        ("access", JsValue::from_str(HostAccess::of(me).name())),
        ("menu", menu.into()),
    ])
}

fn detail(pairs: &[(&str, JsValue)]) -> JsValue {
    let object = js_sys::Object::new();
    for (key, value) in pairs {
        let _ = js_sys::Reflect::set(&object, &JsValue::from_str(key), value);
    }
    object.into()
}

/// Inside the router: carries out the host's navigation requests and tells the host where the
/// app is and who is signed in.
#[component]
pub fn HostBridge(controls: HostControls) -> impl IntoView {
    let navigate = use_navigate();
    let location = use_location();
    let session = expect_context::<Session>();
    let title = expect_context::<PageTitle>();
    let base_path = expect_context::<InboxConfig>().base_path;
    let host = use_context::<Host>();
    let tell = move |name: &str, detail: JsValue| {
        if let Some(host) = &host {
            host.dispatch(name, detail);
        }
    };

    // A new token may belong to someone else, or end a session that had expired.
    let token_set = controls.token_set.clone();
    Effect::new(move |first: Option<()>| {
        token_set.track();
        if first.is_some() {
            session.refresh();
        }
    });

    let requests = controls.navigate_to.clone();
    Effect::new(move |_| {
        let Some(path) = requests.get() else {
            return;
        };
        requests.set(None);
        navigate(&path, Default::default());
    });

    let told = tell;
    Effect::new(move |previous: Option<(String, String)>| {
        location.pathname.track();
        location.search.track();
        let page = title.get();
        // The browser's own URL: with the base path, as the portal shows it.
        let href = window().location();
        let path = format!(
            "{}{}",
            href.pathname().unwrap_or_default(),
            href.search().unwrap_or_default()
        );
        let now = (path, page);
        if previous.as_ref() != Some(&now) {
            told(
                NAVIGATE_EVENT,
                detail(&[
                    ("path", JsValue::from_str(&now.0)),
                    ("title", JsValue::from_str(&now.1)),
                ]),
            );
        }
        now
    });

    // Told when how the Inbox stands, or its menu, changes (not on every refresh of `me`).
    let told_access = tell;
    Effect::new(move |previous: Option<Option<AccessKey>>| {
        let before = previous.flatten();
        let now = session.with_state(|state| match state {
            SessionState::Loading | SessionState::Unavailable(_) => None,
            SessionState::SignedIn(me) => Some(access_key(Some(me))),
            SessionState::SignedOut => Some(access_key(None)),
        });
        let Some(now) = now else {
            return before;
        };
        if before.as_ref() != Some(&now) {
            told_access(
                ACCESS_EVENT,
                session.with_me(|me| access_detail(me, &base_path)),
            );
        }
        Some(now)
    });

    Effect::new(move |previous: Option<Option<bool>>| {
        let signed_in = match session.state() {
            SessionState::Loading | SessionState::Unavailable(_) => None,
            SessionState::SignedIn(_) => Some(true),
            SessionState::SignedOut => Some(false),
        };
        let before = previous.flatten();
        // The first answer: the app is ready (once per mount; a later refresh knows already).
        if before.is_none() && signed_in.is_some() {
            tell(
                READY_EVENT,
                detail(&[("signedIn", JsValue::from_bool(signed_in == Some(true)))]),
            );
        }
        if signed_in == Some(false) && before != Some(false) {
            tell(SIGNED_OUT_EVENT, JsValue::NULL);
        }
        // Once known, "loading again" (a refresh) keeps what was known.
        signed_in.or(before)
    });
}
