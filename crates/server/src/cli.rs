//! Command line and environment. Running without a subcommand serves, so that
//! `scripts/run --addr … --db …` can pass its arguments straight through.
//!
//! The CLI sits on top of everything: it turns its arguments into the plain values of
//! [`crate::config`] and runs the `access` command over the store. Nothing else imports it.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use clap::builder::FalseyValueParser;
use clap::{Args, Parser, Subcommand};
use rusqlite::Connection;

use crate::config::{
    DeliveryConfig, DeliveryMode, LiveConfig, ServeConfig, TrafficConfig, DEFAULT_EVENT_LOG_KEEP,
    DEFAULT_FAILURE_RATE,
};
use crate::db::Db;
use crate::domain::beta_access::{cli_message, decision_report, render_table, Decision};
use crate::http::problem::ApiError;
use crate::store::{beta_access, tenants};

#[derive(Debug, Parser)]
#[command(
    name = "textpeak-server",
    version,
    about = "Reference backend of TextPeak Inbox: the API, demo data and the built app",
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    #[command(flatten)]
    pub serve: ServeArgs,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Clone, Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "TEXTPEAK_ADDR", default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,

    /// SQLite database file (created and migrated if missing).
    #[arg(long, env = "TEXTPEAK_DB", default_value = "textpeak.db")]
    pub db: PathBuf,

    /// Directory of the built app (Trunk's dist/).
    #[arg(long, env = "TEXTPEAK_STATIC_DIR", default_value = "dist")]
    pub static_dir: PathBuf,

    /// Do not seed the demo data into an empty database.
    #[arg(long, env = "TEXTPEAK_NO_SEED", value_parser = FalseyValueParser::new())]
    pub no_seed: bool,

    /// How many Acme Travel conversations the demo seed creates.
    #[arg(
        long,
        env = "TEXTPEAK_SEED_CONVERSATIONS",
        default_value_t = crate::seed::DEFAULT_CONVERSATIONS
    )]
    pub seed_conversations: u32,

    /// Mark the session cookie `Secure` (serve behind HTTPS).
    #[arg(long, env = "TEXTPEAK_SECURE_COOKIES", value_parser = FalseyValueParser::new())]
    pub secure_cookies: bool,

    /// Bearer token of TextPeak support for `/api/support/*` (Beta access review). Without it
    /// those endpoints do not exist (404).
    #[arg(
        long,
        env = "TEXTPEAK_SUPPORT_TOKEN",
        hide_env_values = true,
        value_parser = SecretToken::parse
    )]
    pub support_token: Option<SecretToken>,

    /// The delivery simulator, standing in for the providers' status callbacks: off (messages
    /// stay queued), instant (a fraction of a second per status; for tests) or realistic
    /// (seconds). Telegram's one message a second per chat applies in both.
    #[arg(
        long,
        env = "TEXTPEAK_DELIVERY",
        default_value = "realistic",
        value_parser = parse_delivery_mode
    )]
    pub delivery: DeliveryMode,

    /// The share of outbound messages the simulator fails, from 0 to 1.
    #[arg(
        long,
        env = "TEXTPEAK_DELIVERY_FAILURE_RATE",
        default_value_t = DEFAULT_FAILURE_RATE,
        value_parser = parse_failure_rate
    )]
    pub delivery_failure_rate: f64,

    /// Seed of the simulator's choices (delays, failures, reasons), for repeatable runs;
    /// random without it.
    #[arg(long, env = "TEXTPEAK_DELIVERY_SEED")]
    pub delivery_seed: Option<u64>,

    /// Tests only: TextPeak support may move the server's clock forward
    /// (`POST /api/support/clock`, with the support token), so that snoozes come due at once.
    #[arg(long, env = "TEXTPEAK_TEST_CLOCK", value_parser = FalseyValueParser::new())]
    pub test_clock: bool,

    /// Origins of the portal that may call the API from another origin, with credentials
    /// (comma-separated, e.g. `https://portal.textpeak.example,http://127.0.0.1:8081`). Every
    /// other origin gets no CORS headers.
    #[arg(long, env = "TEXTPEAK_ALLOWED_ORIGINS", value_delimiter = ',',
          value_parser = crate::http::cors::parse_origin)]
    pub allowed_origins: Vec<String>,

    /// How many of the newest live-update events the log keeps; a client reconnecting after
    /// older ones were pruned refetches everything instead.
    #[arg(long, env = "TEXTPEAK_EVENT_LOG_KEEP", default_value_t = DEFAULT_EVENT_LOG_KEEP,
          value_parser = clap::value_parser!(u64).range(1..))]
    pub event_log_keep: u64,

    /// Simulate traffic: contacts of Acme Travel write in on SMS, WhatsApp and Telegram (to
    /// open conversations, as new contacts, waking closed and snoozed ones), one message every
    /// 3 to 8 seconds, or as the value says: "2-5" (seconds, jittered) or "0.5" (exactly).
    /// Off without the flag, or with "off" or an empty value (`TEXTPEAK_SIMULATE_TRAFFIC=`).
    #[arg(
        long,
        env = "TEXTPEAK_SIMULATE_TRAFFIC",
        value_name = "SECONDS",
        num_args = 0..=1,
        require_equals = true,
        default_missing_value = "3-8",
        value_parser = TrafficInterval::parse
    )]
    pub simulate_traffic: Option<TrafficInterval>,

    /// Seed of the traffic simulator's choices, for repeatable runs; random without it.
    #[arg(long, env = "TEXTPEAK_TRAFFIC_SEED")]
    pub traffic_seed: Option<u64>,
}

/// The value of `--simulate-traffic`: the bounds of the wait between two messages, or None
/// for "off" (and an empty value, so that `TEXTPEAK_SIMULATE_TRAFFIC=` turns it off).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TrafficInterval(Option<(Duration, Duration)>);

impl TrafficInterval {
    fn parse(s: &str) -> Result<TrafficInterval, String> {
        let s = s.trim();
        if s.is_empty() || s.eq_ignore_ascii_case("off") {
            return Ok(TrafficInterval(None));
        }
        TrafficConfig::parse_interval(s).map(|bounds| TrafficInterval(Some(bounds)))
    }
}

fn parse_delivery_mode(s: &str) -> Result<DeliveryMode, String> {
    DeliveryMode::parse(s).ok_or_else(|| {
        let names: Vec<&str> = DeliveryMode::ALL.iter().map(|m| m.as_str()).collect();
        format!("expected one of {}", names.join(", "))
    })
}

fn parse_failure_rate(s: &str) -> Result<f64, String> {
    match s.trim().parse::<f64>() {
        Ok(rate) if (0.0..=1.0).contains(&rate) => Ok(rate),
        _ => Err("expected a number from 0 to 1, such as 0.05".into()),
    }
}

/// A secret from the command line or environment; `Debug` never shows it.
#[derive(Clone, PartialEq, Eq)]
pub struct SecretToken(String);

impl SecretToken {
    /// An empty value (`TEXTPEAK_SUPPORT_TOKEN=`) is accepted and means "not configured".
    pub fn parse(s: &str) -> Result<SecretToken, String> {
        let s = s.trim();
        if s.chars().any(|c| c.is_control() || c.is_whitespace()) {
            return Err("the token must not contain spaces or control characters".into());
        }
        Ok(SecretToken(s.to_owned()))
    }

    /// The token, or None when it is empty.
    pub fn expose(&self) -> Option<&str> {
        Some(self.0.as_str()).filter(|t| !t.is_empty())
    }
}

impl std::fmt::Debug for SecretToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SecretToken(<redacted>)")
    }
}

#[derive(Debug, Clone, Subcommand)]
pub enum Command {
    /// Add (or replace) a "Benchmark" space in Acme Travel with many conversations.
    BenchSpace(BenchSpaceArgs),
    /// TextPeak support: review tenants' Beta access requests, directly in the database (safe
    /// while the server runs).
    Access(AccessArgs),
}

#[derive(Debug, Clone, Args)]
pub struct AccessArgs {
    /// SQLite database file of the server (never created by this command).
    #[arg(
        long,
        env = "TEXTPEAK_DB",
        default_value = "textpeak.db",
        global = true
    )]
    pub db: PathBuf,

    #[command(subcommand)]
    pub action: AccessAction,
}

#[derive(Debug, Clone, Subcommand)]
pub enum AccessAction {
    /// Every tenant's Beta access: pending requests first.
    List,
    /// Grant the tenant's pending request.
    Approve {
        /// Tenant id, name ("Nimbus Retail", any case) or first word of the name ("nimbus").
        #[arg(required = true, num_args = 1..)]
        tenant: Vec<String>,
    },
    /// Refuse the tenant's pending request; the tenant may ask again.
    Decline {
        /// Tenant id, name ("Nimbus Retail", any case) or first word of the name ("nimbus").
        #[arg(required = true, num_args = 1..)]
        tenant: Vec<String>,
    },
}

#[derive(Debug, Clone, Args)]
pub struct BenchSpaceArgs {
    /// SQLite database file; seeded with the demo data first if empty.
    #[arg(long, env = "TEXTPEAK_DB", default_value = "textpeak.db")]
    pub db: PathBuf,

    /// Number of conversations in the space.
    #[arg(long, default_value_t = 100_000)]
    pub conversations: u32,
}

impl From<ServeArgs> for ServeConfig {
    fn from(args: ServeArgs) -> ServeConfig {
        ServeConfig {
            support_token: args
                .support_token
                .as_ref()
                .and_then(|t| t.expose())
                .map(str::to_owned),
            addr: args.addr,
            db: args.db,
            static_dir: args.static_dir,
            seed_conversations: (!args.no_seed).then_some(args.seed_conversations),
            secure_cookies: args.secure_cookies,
            delivery: DeliveryConfig {
                mode: args.delivery,
                failure_rate: args.delivery_failure_rate,
                seed: args.delivery_seed,
            },
            test_clock: args.test_clock,
            allowed_origins: args.allowed_origins,
            live: LiveConfig {
                event_log_keep: args.event_log_keep,
                ..LiveConfig::default()
            },
            traffic: args
                .simulate_traffic
                .and_then(|interval| interval.0)
                .map(|(min, max)| TrafficConfig {
                    min,
                    max,
                    seed: args.traffic_seed,
                }),
        }
    }
}

/// What `textpeak-server access …` does, on an open connection: the table, or the report of
/// a decision.
pub fn run_access_command(
    conn: &mut Connection,
    action: &AccessAction,
) -> Result<String, ApiError> {
    let (tenant, decision) = match action {
        AccessAction::List => return Ok(render_table(&tenants::list(conn)?)),
        AccessAction::Approve { tenant } => (tenant, Decision::Approve),
        AccessAction::Decline { tenant } => (tenant, Decision::Decline),
    };
    let (tenant_id, _) = beta_access::find_tenant(conn, &tenant.join(" "))?;
    let review = beta_access::decide(conn, tenant_id, decision)?;
    Ok(decision_report(decision, &review))
}

/// `textpeak-server access …`: opens the database file (never creating one: a mistyped path
/// must not look like an empty database) and runs the command. The error is the message for
/// the terminal.
pub fn run_access_cli(args: &AccessArgs) -> Result<String, String> {
    if args.db != std::path::Path::new(":memory:") && !args.db.is_file() {
        return Err(format!(
            "no database at {} (pass --db PATH or set TEXTPEAK_DB)",
            args.db.display()
        ));
    }
    let db = Db::open(&args.db)
        .map_err(|e| format!("cannot open the database {}: {e}", args.db.display()))?;
    db.with_conn(|conn| run_access_command(conn, &args.action))
        .map_err(|e| cli_message(&e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serve_flags_work_without_a_subcommand() {
        let cli = Cli::try_parse_from([
            "textpeak-server",
            "--addr",
            "127.0.0.1:9090",
            "--db",
            "/tmp/other.db",
            "--no-seed",
            "--seed-conversations",
            "20",
        ])
        .unwrap();
        assert!(cli.command.is_none());
        assert_eq!(cli.serve.addr.port(), 9090);
        assert_eq!(cli.serve.db, PathBuf::from("/tmp/other.db"));
        assert!(cli.serve.no_seed);
        assert_eq!(cli.serve.seed_conversations, 20);
    }

    #[test]
    fn the_support_token_is_optional_and_never_printed() {
        let cli = Cli::try_parse_from(["textpeak-server"]).unwrap();
        if std::env::var_os("TEXTPEAK_SUPPORT_TOKEN").is_none() {
            assert!(cli.serve.support_token.is_none());
        }
        let cli =
            Cli::try_parse_from(["textpeak-server", "--support-token", "s3cret-token"]).unwrap();
        let token = cli.serve.support_token.as_ref().unwrap();
        assert_eq!(token.expose(), Some("s3cret-token"));
        assert!(!format!("{:?}", cli.serve).contains("s3cret"));
        let empty = Cli::try_parse_from(["textpeak-server", "--support-token", " "]).unwrap();
        assert_eq!(empty.serve.support_token.unwrap().expose(), None);
        assert!(Cli::try_parse_from(["textpeak-server", "--support-token", "a b"]).is_err());
    }

    #[test]
    fn access_subcommands_take_a_tenant_and_the_db_anywhere() {
        let parse = |args: &[&str]| match Cli::try_parse_from(args).unwrap().command {
            Some(Command::Access(a)) => a,
            other => panic!("{other:?}"),
        };
        let a = parse(&["textpeak-server", "access", "list", "--db", "/tmp/a.db"]);
        assert_eq!(a.db, PathBuf::from("/tmp/a.db"));
        assert!(matches!(a.action, AccessAction::List));
        let a = parse(&[
            "textpeak-server",
            "access",
            "--db",
            "/tmp/b.db",
            "approve",
            "Nimbus",
            "Retail",
        ]);
        assert_eq!(a.db, PathBuf::from("/tmp/b.db"));
        match a.action {
            AccessAction::Approve { tenant } => assert_eq!(tenant, ["Nimbus", "Retail"]),
            other => panic!("{other:?}"),
        }
        let a = parse(&["textpeak-server", "access", "decline", "2", "--db", "x.db"]);
        assert!(matches!(a.action, AccessAction::Decline { .. }));
        assert!(Cli::try_parse_from(["textpeak-server", "access", "approve"]).is_err());
    }

    #[test]
    fn delivery_flags_default_to_a_realistic_simulator() {
        let config: ServeConfig = Cli::try_parse_from(["textpeak-server"])
            .unwrap()
            .serve
            .into();
        if std::env::var_os("TEXTPEAK_DELIVERY").is_none() {
            assert_eq!(config.delivery.mode, DeliveryMode::Realistic);
            assert_eq!(config.delivery.failure_rate, DEFAULT_FAILURE_RATE);
            assert_eq!(config.delivery.seed, None);
        }
        let cli = Cli::try_parse_from([
            "textpeak-server",
            "--delivery",
            "instant",
            "--delivery-failure-rate",
            "0",
            "--delivery-seed",
            "42",
        ])
        .unwrap();
        let config: ServeConfig = cli.serve.into();
        assert_eq!(
            config.delivery,
            DeliveryConfig {
                mode: DeliveryMode::Instant,
                failure_rate: 0.0,
                seed: Some(42)
            }
        );
        for bad in [
            ["--delivery", "fast"],
            ["--delivery-failure-rate", "1.5"],
            ["--delivery-failure-rate", "-0.1"],
            ["--delivery-seed", "x"],
        ] {
            let args = ["textpeak-server", bad[0], bad[1]];
            assert!(Cli::try_parse_from(args).is_err(), "{bad:?}");
        }
        let off = Cli::try_parse_from(["textpeak-server", "--delivery", "off"]).unwrap();
        assert_eq!(off.serve.delivery, DeliveryMode::Off);
    }

    #[test]
    fn allowed_origins_are_a_comma_separated_list_of_origins() {
        let config: ServeConfig = Cli::try_parse_from(["textpeak-server"])
            .unwrap()
            .serve
            .into();
        assert!(config.allowed_origins.is_empty());
        let args = [
            "textpeak-server",
            "--allowed-origins",
            "https://portal.textpeak.example,http://127.0.0.1:8081",
        ];
        let config: ServeConfig = Cli::try_parse_from(args).unwrap().serve.into();
        assert_eq!(
            config.allowed_origins,
            ["https://portal.textpeak.example", "http://127.0.0.1:8081"]
        );
        for bad in ["portal.example", "https://portal.example/inbox", "*"] {
            let args = ["textpeak-server", "--allowed-origins", bad];
            assert!(Cli::try_parse_from(args).is_err(), "{bad}");
        }
    }

    #[test]
    fn the_event_log_keeps_fifty_thousand_events_unless_told() {
        let config: ServeConfig = Cli::try_parse_from(["textpeak-server"])
            .unwrap()
            .serve
            .into();
        assert_eq!(config.live, LiveConfig::default());
        assert_eq!(config.live.event_log_keep, DEFAULT_EVENT_LOG_KEEP);
        let cli = Cli::try_parse_from(["textpeak-server", "--event-log-keep", "10"]).unwrap();
        let config: ServeConfig = cli.serve.into();
        assert_eq!(config.live.event_log_keep, 10);
        for bad in ["0", "-1", "many"] {
            let args = ["textpeak-server", "--event-log-keep", bad];
            assert!(Cli::try_parse_from(args).is_err(), "{bad}");
        }
    }

    #[test]
    fn traffic_is_off_unless_asked_and_takes_an_interval() {
        let traffic = |args: &[&str]| -> Option<TrafficConfig> {
            let mut argv = vec!["textpeak-server"];
            argv.extend_from_slice(args);
            ServeConfig::from(Cli::try_parse_from(argv).unwrap().serve).traffic
        };
        if std::env::var_os("TEXTPEAK_SIMULATE_TRAFFIC").is_none() {
            assert_eq!(traffic(&[]), None);
        }
        assert_eq!(
            traffic(&["--simulate-traffic"]),
            Some(TrafficConfig::DEMO),
            "the flag alone: a message every 3 to 8 seconds"
        );
        assert_eq!(
            traffic(&["--simulate-traffic=0.25", "--traffic-seed", "9"]),
            Some(TrafficConfig {
                min: Duration::from_millis(250),
                max: Duration::from_millis(250),
                seed: Some(9)
            })
        );
        assert_eq!(
            traffic(&["--simulate-traffic=2-5"]).map(|t| (t.min, t.max)),
            Some((Duration::from_secs(2), Duration::from_secs(5)))
        );
        assert_eq!(traffic(&["--simulate-traffic=off"]), None);
        assert_eq!(traffic(&["--simulate-traffic="]), None);
        for bad in ["0", "-1", "5-2", "x", "1-", "4000"] {
            let flag = format!("--simulate-traffic={bad}");
            assert!(
                Cli::try_parse_from(["textpeak-server", flag.as_str()]).is_err(),
                "{bad}"
            );
        }
    }

    #[test]
    fn bench_space_has_its_own_db_flag() {
        let cli = Cli::try_parse_from([
            "textpeak-server",
            "bench-space",
            "--db",
            "/tmp/b.db",
            "--conversations",
            "10",
        ])
        .unwrap();
        match cli.command {
            Some(Command::BenchSpace(args)) => {
                assert_eq!(args.db, PathBuf::from("/tmp/b.db"));
                assert_eq!(args.conversations, 10);
            }
            other => panic!("{other:?}"),
        }
    }
}
