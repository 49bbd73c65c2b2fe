//! App-wide state, each piece a small `Copy` handle placed in context.

pub mod inbox;
pub mod session;
pub mod storage;
pub mod title;

pub use session::{Session, SessionState};
pub use title::PageTitle;
