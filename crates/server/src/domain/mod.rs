//! Rules without SQL or HTTP.

pub mod access;
pub mod actions;
pub mod beta_access;
pub mod compose;
pub mod live;
