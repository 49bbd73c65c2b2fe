//! The settings pages' rows: channel settings (tags, templates, routing rules, sender profiles
//! and the sender registry) and organisation settings (spaces, teams, users, roles), with who
//! may manage which (`scope`), unique names (`names`) and the one list/create/edit/delete
//! scaffold they share (`resource`).

pub mod names;
pub mod resource;
pub mod roles;
pub mod routing_rules;
pub mod rows;
pub mod scope;
pub mod sender_profiles;
pub mod senders;
pub mod spaces;
pub mod tags;
pub mod teams;
pub mod templates;
pub mod users;
