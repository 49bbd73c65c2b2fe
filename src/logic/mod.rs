//! Layer 1: pure rules, no DOM and no Leptos, compiled everywhere and tested with `cargo test`.
//! Nothing here imports from the rest of the app.

pub mod access;
pub mod compose;
pub mod config;
pub mod linkify;
pub mod live;
pub mod menu;
pub mod notify;
pub mod palette;
pub mod presence;
pub mod query;
pub mod relative_time;
pub mod routes;
pub mod selection;
pub mod shortcuts;
pub mod snooze;
pub mod sse;
pub mod start;
pub mod triage;
pub mod virtual_window;
