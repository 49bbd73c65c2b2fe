//! Small pieces that show a domain value the same way on every page: a channel, a person, a
//! conversation's status.

pub mod avatar;
pub mod channel;
pub mod status;

pub use avatar::Avatar;
pub use channel::{stream_icon, stream_name, stream_options, ChannelIcon};
pub use status::StatusBadge;
