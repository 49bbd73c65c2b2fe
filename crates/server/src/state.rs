//! What every handler shares: the database, the built app and the security settings.

use std::path::PathBuf;
use std::sync::Arc;

use axum::extract::FromRef;
use tokio::sync::Notify;

use crate::auth;
use crate::config::LiveConfig;
use crate::db::Db;
use crate::http::cors::AllowedOrigins;
use crate::http::static_files::StaticSite;
use crate::live::Hub;

#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub site: Arc<StaticSite>,
    /// Add `Secure` to the session cookie (only behind HTTPS; local runs are plain http).
    pub secure_cookies: bool,
    /// SHA-256 of TextPeak support's bearer token; None disables `/api/support/*`.
    pub support_token_hash: Option<[u8; 32]>,
    /// Wakes the delivery simulator when a reply was queued (it also looks by itself now and
    /// then); nobody listens when it is off.
    pub delivery_wake: Arc<Notify>,
    /// `--test-clock`: `POST /api/support/clock` may move the clock forward.
    pub test_clock: bool,
    /// Live updates: the event log's fan-out to the streams, and presence.
    pub live: Hub,
    /// The portal origins that may call the API from another origin (`--allowed-origins`).
    pub allowed_origins: AllowedOrigins,
}

impl AppState {
    pub fn new(db: Db, static_dir: impl Into<PathBuf>) -> AppState {
        AppState {
            live: Hub::new(db.clone(), LiveConfig::default()),
            db,
            site: Arc::new(StaticSite::new(static_dir)),
            secure_cookies: false,
            support_token_hash: None,
            delivery_wake: Arc::new(Notify::new()),
            test_clock: false,
            allowed_origins: AllowedOrigins::default(),
        }
    }

    /// Enables `/api/support/*` for callers presenting this bearer token. Only its hash is
    /// kept; None, or an empty token, disables them.
    pub fn with_support_token(mut self, token: Option<&str>) -> AppState {
        self.support_token_hash = token
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(auth::token_hash);
        self
    }

    /// Enables `POST /api/support/clock` (tests only: it moves the whole server's clock).
    pub fn with_test_clock(mut self, enabled: bool) -> AppState {
        self.test_clock = enabled;
        self
    }

    /// Lets these origins call the API with credentials (CORS).
    pub fn with_allowed_origins(mut self, origins: impl IntoIterator<Item = String>) -> AppState {
        self.allowed_origins = AllowedOrigins::new(origins);
        self
    }

    /// Live updates with these settings (a new hub: call before serving).
    pub fn with_live(mut self, config: LiveConfig) -> AppState {
        self.live = Hub::new(self.db.clone(), config);
        self
    }

    pub fn with_secure_cookies(mut self, secure: bool) -> AppState {
        self.secure_cookies = secure;
        self
    }
}

/// The static app needs nothing else of the state.
impl FromRef<AppState> for Arc<StaticSite> {
    fn from_ref(state: &AppState) -> Arc<StaticSite> {
        state.site.clone()
    }
}
