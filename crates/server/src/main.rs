use clap::Parser;
use textpeak_server::cli::{self, Cli, Command};
use textpeak_server::{bench, serve, BoxError, Db};
use tracing_subscriber::EnvFilter;

fn main() -> Result<(), BoxError> {
    let cli = Cli::parse();
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")),
        )
        .init();
    match cli.command {
        None => tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .build()?
            .block_on(serve(cli.serve.into())),
        Some(Command::BenchSpace(args)) => {
            let db = Db::open(&args.db)?;
            let report = db.with_conn(|conn| bench::bench_space(conn, args.conversations))?;
            println!(
                "Benchmark space {} in Acme Travel: {} conversations, {} messages in {:.1?}; \
                 conversation {} has 5,000 messages",
                report.space_id,
                report.conversations,
                report.messages,
                report.elapsed,
                report.long_conversation
            );
            Ok(())
        }
        Some(Command::Access(args)) => match cli::run_access_cli(&args) {
            Ok(report) => {
                println!("{report}");
                Ok(())
            }
            Err(message) => {
                eprintln!("textpeak-server access: {message}");
                std::process::exit(1);
            }
        },
    }
}
