//! Command line and environment. Running without a subcommand serves, so that
//! `scripts/run --addr … --db …` can pass its arguments straight through.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::builder::FalseyValueParser;
use clap::{Args, Parser, Subcommand};

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
}

#[derive(Debug, Clone, Subcommand)]
pub enum Command {
    /// Add (or replace) a "Benchmark" space in Acme Travel with many conversations.
    BenchSpace(BenchSpaceArgs),
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
