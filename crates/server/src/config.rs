//! What the server runs with, as plain values. The command line (`cli`) builds them from its
//! arguments and the environment; nothing below the CLI knows about argument parsing.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use textpeak_api::live::{
    PRESENCE_TYPING_TTL_SECS, PRESENCE_VIEWING_TTL_SECS, STREAM_HEARTBEAT_SECS,
};

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
    /// The delivery simulator, which stands in for the providers' status callbacks.
    pub delivery: DeliveryConfig,
    /// Let TextPeak support move the clock forward (`POST /api/support/clock`): tests only.
    pub test_clock: bool,
    /// The event log, the live stream and presence.
    pub live: LiveConfig,
    /// The traffic simulator (contacts writing in); None: off.
    pub traffic: Option<TrafficConfig>,
    /// Portal origins allowed to call the API from another origin (CORS, with credentials).
    pub allowed_origins: Vec<String>,
}

/// The traffic simulator's settings: how long it waits between two contacts' messages, drawn
/// anew each time between `min` and `max`, and the seed of its choices.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TrafficConfig {
    pub min: Duration,
    pub max: Duration,
    /// None: a random one.
    pub seed: Option<u64>,
}

impl TrafficConfig {
    /// A message every 3 to 8 seconds: lively, and still readable on screen.
    pub const DEMO: TrafficConfig = TrafficConfig {
        min: Duration::from_secs(3),
        max: Duration::from_secs(8),
        seed: None,
    };

    /// `"3-8"` (seconds, jittered between the two) or `"0.5"` (exactly, for tests); both
    /// strictly positive, at most an hour, the first not above the second.
    pub fn parse_interval(s: &str) -> Result<(Duration, Duration), String> {
        let seconds = |part: &str| -> Result<Duration, String> {
            match part.trim().parse::<f64>() {
                Ok(v) if v > 0.0 && v <= 3600.0 => Ok(Duration::from_secs_f64(v)),
                _ => Err(format!(
                    "expected seconds (\"3-8\" or \"0.5\"), more than 0 and at most 3600, not \"{}\"",
                    part.trim()
                )),
            }
        };
        let (min, max) = match s.split_once('-') {
            Some((lo, hi)) => (seconds(lo)?, seconds(hi)?),
            None => {
                let exact = seconds(s)?;
                (exact, exact)
            }
        };
        if min > max {
            return Err(format!(
                "the shortest wait ({min:?}) is longer than the longest ({max:?})"
            ));
        }
        Ok((min, max))
    }
}

/// How the live updates behave: the log's retention, the stream's timings, the fan-out
/// buffer and the presence expiries. Tests shorten the timings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LiveConfig {
    /// How many of the newest events the log keeps (`--event-log-keep`); a client resuming
    /// from an older id gets `reset`.
    pub event_log_keep: u64,
    /// How often the log is pruned to `event_log_keep`.
    pub prune_every: Duration,
    /// The keep-alive comment of an idle stream.
    pub heartbeat: Duration,
    /// The hub looks for new events at least this often, even when nothing woke it (a write
    /// by another process, the `access` command).
    pub poll: Duration,
    /// Events buffered per stream before a slow one falls back to reading the log.
    pub fan_out_capacity: usize,
    pub presence_viewing_ttl: Duration,
    pub presence_typing_ttl: Duration,
    /// How often expired presence is swept (and announced).
    pub presence_sweep: Duration,
}

/// Enough for hours of a busy tenant's changes: a client offline longer refetches.
pub const DEFAULT_EVENT_LOG_KEEP: u64 = 50_000;

impl Default for LiveConfig {
    fn default() -> LiveConfig {
        LiveConfig {
            event_log_keep: DEFAULT_EVENT_LOG_KEEP,
            prune_every: Duration::from_secs(60),
            heartbeat: Duration::from_secs(STREAM_HEARTBEAT_SECS),
            poll: Duration::from_secs(2),
            fan_out_capacity: 1024,
            presence_viewing_ttl: Duration::from_secs(PRESENCE_VIEWING_TTL_SECS),
            presence_typing_ttl: Duration::from_secs(PRESENCE_TYPING_TTL_SECS),
            presence_sweep: Duration::from_secs(1),
        }
    }
}

/// How fast the delivery simulator moves outbound messages through their statuses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeliveryMode {
    /// No simulator: messages stay queued unless a status callback moves them.
    Off,
    /// A fraction of a second per step (tests); Telegram's pacing still applies.
    Instant,
    /// Seconds per step, as providers take.
    Realistic,
}

impl DeliveryMode {
    pub const ALL: [DeliveryMode; 3] = [
        DeliveryMode::Off,
        DeliveryMode::Instant,
        DeliveryMode::Realistic,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            DeliveryMode::Off => "off",
            DeliveryMode::Instant => "instant",
            DeliveryMode::Realistic => "realistic",
        }
    }

    pub fn parse(s: &str) -> Option<DeliveryMode> {
        DeliveryMode::ALL
            .into_iter()
            .find(|m| m.as_str().eq_ignore_ascii_case(s.trim()))
    }
}

/// The delivery simulator's settings.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DeliveryConfig {
    pub mode: DeliveryMode,
    /// The share of outbound messages that fail (0 to 1).
    pub failure_rate: f64,
    /// Seed of its random choices (delays, failures, reasons); None: a random one.
    pub seed: Option<u64>,
}

impl Default for DeliveryConfig {
    fn default() -> DeliveryConfig {
        DeliveryConfig {
            mode: DeliveryMode::Realistic,
            failure_rate: DEFAULT_FAILURE_RATE,
            seed: None,
        }
    }
}

/// One message in twenty fails, so that a demo shows failures without looking broken.
pub const DEFAULT_FAILURE_RATE: f64 = 0.05;

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
            .field("delivery", &self.delivery)
            .field("test_clock", &self.test_clock)
            .field("live", &self.live)
            .field("traffic", &self.traffic)
            .field("allowed_origins", &self.allowed_origins)
            .finish()
    }
}
