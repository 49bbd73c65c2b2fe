//! The app's side of its host: what the host changes from outside (through the handle
//! `mountInbox` returns: navigate, theme) and what the app tells it as DOM events on the mount
//! element (`textpeak:ready`, `textpeak:navigate`, `textpeak:signed-out`; `textpeak:unread` is
//! the dashboard's, `pages/inbox/live.rs`). The names and `detail`s are in the README.

use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate};
use wasm_bindgen::JsValue;

use crate::state::{Host, PageTitle, Session, SessionState};

/// The app has started and knows whether someone is signed in (`detail.signedIn`).
pub const READY_EVENT: &str = "textpeak:ready";
/// The app's route changed (`detail.path`, with the base path and query; `detail.title`).
pub const NAVIGATE_EVENT: &str = "textpeak:navigate";
/// Nobody is signed in (any more): signed out, or the session expired.
pub const SIGNED_OUT_EVENT: &str = "textpeak:signed-out";

/// What the host's handle changes; reference-counted, so the handle outlives no owner.
#[derive(Clone)]
pub struct HostControls {
    pub navigate_to: ArcRwSignal<Option<String>>,
    pub theme: ArcRwSignal<String>,
}

impl HostControls {
    pub fn new(theme: &str) -> Self {
        HostControls {
            navigate_to: ArcRwSignal::new(None),
            theme: ArcRwSignal::new(theme.to_owned()),
        }
    }
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
    let host = use_context::<Host>();
    let tell = move |name: &str, detail: JsValue| {
        if let Some(host) = &host {
            host.dispatch(name, detail);
        }
    };

    let requests = controls.navigate_to.clone();
    Effect::new(move |_| {
        let Some(path) = requests.get() else {
            return;
        };
        requests.set(None);
        navigate(&path, Default::default());
    });

    let told = tell.clone();
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
