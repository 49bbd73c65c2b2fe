//! Who is signed in. Loaded once from `GET /api/me` at start, replaced on sign-in and sign-out.

use leptos::prelude::*;
use leptos::task::spawn_local;
use textpeak_api::{Me, TenantInfo};

use crate::api::{ApiClient, ApiError};

#[derive(Debug, Clone, PartialEq)]
pub enum SessionState {
    Loading,
    SignedOut,
    SignedIn(Box<Me>),
    /// The server could not be asked (network or server error); the app offers a retry
    /// instead of pretending the user is signed out.
    Unavailable(ApiError),
}

#[derive(Clone, Copy)]
pub struct Session {
    state: RwSignal<SessionState>,
    client: StoredValue<ApiClient>,
}

impl Session {
    /// Creates the session handle and starts asking the server who is signed in.
    pub fn start(client: ApiClient) -> Self {
        let session = Session {
            state: RwSignal::new(SessionState::Loading),
            client: StoredValue::new(client),
        };
        session.refresh();
        session
    }

    pub fn state(&self) -> SessionState {
        self.state.get()
    }

    /// The signed-in user, tracked.
    pub fn me(&self) -> Option<Me> {
        self.state.with(|s| match s {
            SessionState::SignedIn(me) => Some((**me).clone()),
            _ => None,
        })
    }

    /// Reads the state without cloning it, tracked.
    pub fn with_state<R>(&self, f: impl FnOnce(&SessionState) -> R) -> R {
        self.state.with(f)
    }

    /// Reads the signed-in user without cloning it.
    pub fn with_me<R>(&self, f: impl FnOnce(Option<&Me>) -> R) -> R {
        self.state.with(|s| match s {
            SessionState::SignedIn(me) => f(Some(me)),
            _ => f(None),
        })
    }

    pub fn signed_in(&self, me: Me) {
        self.state.set(SessionState::SignedIn(Box::new(me)));
    }

    /// Takes the tenant's new state from an answer that carried it (a Beta access request).
    pub fn set_tenant(&self, tenant: TenantInfo) {
        self.state.update(|s| {
            if let SessionState::SignedIn(me) = s {
                me.tenant = tenant;
            }
        });
    }

    /// Asks the server again, keeping what is shown until the answer arrives.
    pub fn refresh(&self) {
        let state = self.state;
        let client = self.client.get_value();
        spawn_local(async move {
            match client.me().await {
                Ok(me) => state.set(SessionState::SignedIn(Box::new(me))),
                Err(e) if e.is_unauthenticated() => state.set(SessionState::SignedOut),
                // A background refresh that fails keeps what the user is looking at; only a
                // first load with no answer at all shows the error and its retry.
                Err(e) => state.update(|s| {
                    if !matches!(s, SessionState::SignedIn(_)) {
                        *s = SessionState::Unavailable(e);
                    }
                }),
            }
        });
    }

    /// Signs out on the server; the local state is cleared even if the server is unreachable,
    /// so a shared computer never stays signed in on screen.
    pub async fn sign_out(&self) -> Result<(), ApiError> {
        let result = self.client.get_value().sign_out().await;
        self.state.set(SessionState::SignedOut);
        result
    }
}
