//! The dashboard's state, split into small stores with one writer each:
//!
//! - [`ConversationList`]: the conversations of one space and filter, page after page, and the
//!   keyboard cursor on them. Its first page is a `LocalResource` keyed on the space and the
//!   filter; the pages after it are appended by an action of the list they continue.
//! - [`OpenConversation`]: the open conversation's details and its thread, both
//!   `LocalResource`s keyed on the conversation, plus what changes it (mark read, close,
//!   reopen).
//! - [`Presence`]: who else has the open conversation open or is writing in it.
//! - [`Panes`]: which panes show (details panel, shortcuts overlay).
//! - [`Outbox`]: the replies and notes sent but not yet confirmed, or refused, kept in local
//!   storage until the server has them.
//!
//! Each is a `Copy` handle with narrow methods; the signals inside are private, so each store
//! is the only writer of its state. Live events (`state::live`) reach them through
//! `ConversationList::apply_live`/`remove` and `OpenConversation::apply_live`/`resync`.

pub mod conversation;
pub mod list;
pub mod loader;
pub mod outbox;
pub mod panes;
pub mod presence;

pub use conversation::{OpenConversation, ThreadPages};
pub use list::{ConversationList, ListPages};
pub use loader::PageLoader;
pub use outbox::{new_client_id, Outbox, PendingSend, SendState};
pub use panes::Panes;
pub use presence::Presence;
