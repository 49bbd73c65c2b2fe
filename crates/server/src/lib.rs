//! Reference backend of TextPeak Inbox: the API of `textpeak-api` over SQLite, the demo data,
//! and the built app.
//!
//! Layers, each using only those below it:
//! - `cli` and `main.rs`: the command line, turned into the plain values of `config`;
//! - `server`: the whole HTTP surface (the routes and the layers around them) and `serve`;
//! - `simulator`: the delivery simulator, a background task that moves outbound messages
//!   through their statuses as the providers' callbacks would;
//! - `live`: the live hub between the event log and the streams of `GET /api/events`, and
//!   presence;
//! - `routes`: one module per resource, each with its `Router<AppState>` built from
//!   `textpeak_api::paths`; handlers only extract, call the store and answer;
//! - `http`: HTTP concerns shared by the routes: problem errors, extractors, the auth layer
//!   (sessions, bearer tokens, CSRF), the static app;
//! - `store`: every SQL statement, each resource's reads and writes with their checks;
//! - `domain`: rules without SQL or HTTP (access decisions, Beta access wording);
//! - `state`, `db`, `clock`, `auth` (passwords and tokens), `config`: the ground floor.

pub mod auth;
pub mod bench;
pub mod cli;
pub mod clock;
pub mod config;
pub mod db;
pub mod domain;
pub mod http;
pub mod live;
pub mod routes;
pub mod seed;
pub mod server;
pub mod simulator;
pub mod state;
pub mod store;

pub use crate::cli::{AccessAction, AccessArgs, BenchSpaceArgs, Cli, Command, ServeArgs};
pub use crate::db::{BoxError, Db};
pub use crate::http::static_files::StaticSite;
pub use crate::http::{problem, static_files};
pub use crate::server::{router, serve};
pub use crate::state::AppState;

/// Who the caller is and what they may see: the rules (`domain::access`) and how they are
/// loaded (`store::viewer`), under the path they have always had.
pub mod access {
    pub use crate::domain::access::*;
    pub use crate::store::viewer::*;
}

/// Beta access per tenant: the wording (`domain::beta_access`), the state machine over the
/// database (`store::beta_access`, `store::tenants`) and the `access` command (`cli`), under
/// the path they have always had.
pub mod beta_access {
    pub use crate::cli::{run_access_cli as run_cli, run_access_command as run_command};
    pub use crate::domain::beta_access::*;
    pub use crate::store::beta_access::*;
    pub use crate::store::tenants::{list, review, tenant_info};
}
