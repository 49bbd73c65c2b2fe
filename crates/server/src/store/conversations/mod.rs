//! The dashboard: the conversation list of a space (views, filters, search, sort, keyset
//! pagination), a conversation's details and thread, what the dashboard changes, and the
//! composer (what it offers, and sending).
//!
//! Every query is restricted by `access::conversation_visibility_sql`, the SQL form of
//! `permissions::can_see_conversation`, so the app never receives what the user may not see:
//! [`caller::Caller`] carries it.

pub mod actions;
pub mod caller;
pub mod compose;
pub mod cursor;
pub mod filter;
pub mod list;
pub mod menus;
pub mod rows;
pub mod send;
pub mod snooze;
pub mod start;
pub mod thread;
