//! HTTP concerns every route shares: problem+json errors, extractors with problem rejections,
//! the auth layer, and the built app.

pub mod auth;
pub mod cors;
pub mod extract;
pub mod problem;
pub mod static_files;
