//! App-wide state, each piece a small `Copy` handle placed in context.

pub mod host;
pub mod inbox;
pub mod live;
pub mod session;
pub mod storage;
pub mod title;
pub mod unread;

pub use host::Host;
pub use live::{Live, LiveStatus};
pub use session::{Session, SessionState};
pub use title::PageTitle;
