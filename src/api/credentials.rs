//! How requests prove who sends them: the session cookie, or a bearer token the host hands
//! over (`token` in the config, `setToken` on the handle). A token expires; when the API
//! refuses one, the host's `getToken` callback is asked for a fresh one, once for every request
//! refused with that token (concurrent refusals share one call), and the client retries.

use std::cell::RefCell;
use std::rc::Rc;

use send_wrapper::SendWrapper;
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;

use crate::config::AuthMode;

/// Cheap to clone; every clone sees the same token.
#[derive(Clone)]
pub enum Credentials {
    Cookie,
    /// Single-threaded in the browser; `SendWrapper` only satisfies context's `Send` bound.
    Bearer(SendWrapper<Rc<BearerToken>>),
}

pub struct BearerToken {
    token: RefCell<String>,
    /// The host's `getToken`: answers a token, or a promise of one.
    get_token: Option<js_sys::Function>,
    /// The renewal under way and the token it replaces, shared by every request it concerns.
    renewal: RefCell<Option<(String, js_sys::Promise)>>,
}

impl std::fmt::Debug for Credentials {
    /// Never prints the token.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Credentials::Cookie => f.write_str("Cookie"),
            Credentials::Bearer(_) => f.write_str("Bearer(…)"),
        }
    }
}

impl Credentials {
    pub fn new(auth: &AuthMode, get_token: Option<js_sys::Function>) -> Credentials {
        match auth {
            AuthMode::Cookie => Credentials::Cookie,
            AuthMode::Bearer(token) => {
                Credentials::Bearer(SendWrapper::new(Rc::new(BearerToken {
                    token: RefCell::new(token.to_string()),
                    get_token,
                    renewal: RefCell::new(None),
                })))
            }
        }
    }

    /// The token requests carry now (None: cookie mode).
    pub fn token(&self) -> Option<String> {
        match self {
            Credentials::Cookie => None,
            Credentials::Bearer(bearer) => Some(bearer.token.borrow().clone()),
        }
    }

    /// The host's new token, for every request from now on. Refused in cookie mode (there is
    /// no token to replace) and for an empty token.
    pub fn set_token(&self, token: &str) -> Result<(), &'static str> {
        match self {
            Credentials::Cookie => Err("setToken: the Inbox was mounted with auth: 'cookie'"),
            Credentials::Bearer(_) if token.trim().is_empty() => {
                Err("setToken: the token is empty")
            }
            Credentials::Bearer(bearer) => {
                *bearer.token.borrow_mut() = token.trim().to_owned();
                Ok(())
            }
        }
    }

    /// The API refused `refused`: true when a different token is there to retry with, because
    /// the host already set one or its `getToken` answered one.
    pub async fn renew(&self, refused: &str) -> bool {
        let Credentials::Bearer(bearer) = self else {
            return false;
        };
        if *bearer.token.borrow() != refused {
            return true;
        }
        let Some(promise) = bearer.renewal_of(refused) else {
            return false;
        };
        let answer = JsFuture::from(promise.clone()).await;
        // The first request back ends the renewal; the others read the token it left.
        let ended = bearer
            .renewal
            .borrow()
            .as_ref()
            .is_some_and(|(_, p)| JsValue::from(p) == JsValue::from(&promise));
        if ended {
            bearer.renewal.borrow_mut().take();
            match answer.ok().and_then(|t| t.as_string()) {
                Some(token) if !token.trim().is_empty() => {
                    *bearer.token.borrow_mut() = token.trim().to_owned();
                }
                // No token (the host's user signed out, or its call failed): the refusal
                // stands, and the app shows the session as ended.
                _ => return false,
            }
        }
        *bearer.token.borrow() != refused
    }
}

impl BearerToken {
    /// The renewal of `refused`, started now if none is under way.
    fn renewal_of(&self, refused: &str) -> Option<js_sys::Promise> {
        if let Some((token, promise)) = self.renewal.borrow().as_ref() {
            if token == refused {
                return Some(promise.clone());
            }
        }
        let get_token = self.get_token.as_ref()?;
        // `Promise.resolve` takes a token and a promise of one alike; a callback that throws
        // is a renewal that failed.
        let promise = match get_token.call0(&JsValue::NULL) {
            Ok(answer) => js_sys::Promise::resolve(&answer),
            Err(error) => js_sys::Promise::reject(&error),
        };
        *self.renewal.borrow_mut() = Some((refused.to_owned(), promise.clone()));
        Some(promise)
    }
}
