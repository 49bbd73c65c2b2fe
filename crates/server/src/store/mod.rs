//! Every SQL statement of the server: each resource's reads and writes, with the checks that
//! need the database (scopes, unique names, what still uses a row). Answers API problems
//! (404/409/422) where a rule refuses.

pub mod beta_access;
pub mod conversations;
pub mod delivery;
pub mod events;
pub mod inbound;
pub mod onboarding;
pub mod sessions;
pub mod settings;
pub mod spaces;
pub mod tenants;
pub mod viewer;
pub mod wire;
