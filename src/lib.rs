//! TextPeak Inbox, the app. A library so that the TextPeak portal can embed it
//! (`mountInbox(element, config)`, see `embed.rs`) and `index.html` is just one host of it.
//!
//! Pure logic lives in modules that compile everywhere and are tested natively; everything that
//! touches the DOM exists only on wasm32.

pub mod linkify;
pub mod relative_time;
pub mod routes;
pub mod shortcuts;
pub mod virtual_window;

#[cfg(target_arch = "wasm32")]
pub mod api;
#[cfg(target_arch = "wasm32")]
mod app;
#[cfg(target_arch = "wasm32")]
pub mod components;
#[cfg(target_arch = "wasm32")]
pub mod embed;
#[cfg(target_arch = "wasm32")]
pub mod format;
#[cfg(target_arch = "wasm32")]
mod pages;
#[cfg(target_arch = "wasm32")]
pub mod state;

#[cfg(target_arch = "wasm32")]
pub use embed::{mount_inbox, InboxConfig};
