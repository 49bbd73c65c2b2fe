//! TextPeak Inbox, the app. A library so that the TextPeak portal can embed it
//! (`mountInbox(element, config)`, see `embed.rs`) and `index.html` is just one host of it.
//!
//! Layers, bottom to top (each imports only the ones below it; `docs/architecture.md`):
//! `logic` (pure, tested natively) → `api`, `state`, `config`, `format` → `components` →
//! `pages` → `app` and `embed`. Only `logic` compiles natively; everything that touches the DOM
//! exists only on wasm32.

pub mod logic;

#[cfg(target_arch = "wasm32")]
pub mod api;
#[cfg(target_arch = "wasm32")]
pub mod app;
#[cfg(target_arch = "wasm32")]
pub mod components;
#[cfg(target_arch = "wasm32")]
pub mod config;
#[cfg(target_arch = "wasm32")]
pub mod embed;
#[cfg(target_arch = "wasm32")]
pub mod format;
#[cfg(target_arch = "wasm32")]
mod pages;
#[cfg(target_arch = "wasm32")]
pub mod state;

pub use logic::config::InboxConfig;
