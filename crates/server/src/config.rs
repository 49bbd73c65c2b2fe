//! What the server runs with, as plain values. The command line (`cli`) builds them from its
//! arguments and the environment; nothing below the CLI knows about argument parsing.

use std::net::SocketAddr;
use std::path::PathBuf;

/// Everything `serve` needs.
#[derive(Clone)]
pub struct ServeConfig {
    pub addr: SocketAddr,
    /// SQLite database file (created and migrated if missing).
    pub db: PathBuf,
    /// Directory of the built app (Trunk's dist/).
    pub static_dir: PathBuf,
    /// How many Acme Travel conversations to seed into an empty database; None seeds nothing.
    pub seed_conversations: Option<u32>,
    /// Mark the session cookie `Secure` (serve behind HTTPS).
    pub secure_cookies: bool,
    /// Bearer token of TextPeak support; None disables `/api/support/*`.
    pub support_token: Option<String>,
}

impl std::fmt::Debug for ServeConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ServeConfig")
            .field("addr", &self.addr)
            .field("db", &self.db)
            .field("static_dir", &self.static_dir)
            .field("seed_conversations", &self.seed_conversations)
            .field("secure_cookies", &self.secure_cookies)
            .field(
                "support_token",
                &self.support_token.as_ref().map(|_| "<redacted>"),
            )
            .finish()
    }
}
