//! What an agent does to the open conversation besides writing (issue 13): assign, move to
//! another team, tag, close (and go to the next), reopen, snooze, unsnooze. The menus
//! (`menu.rs`) offer only what the server's `ActionOptions` say the caller may choose; every
//! action goes through [`Actor`], which shows a toast with the server's message when it is
//! refused and changes nothing then.

mod actor;
mod assign;
mod events;
mod menu;
mod snooze;
mod status;
mod tags;
mod team;

pub use actor::{ActionKeys, Actor};
pub use assign::AssignMenu;
pub use events::event_line;
pub use menu::{ActionMenu, Lead, MenuItem};
pub use snooze::{
    chosen_preset, instant, local_now, snooze_menu_items, SnoozeControl, SnoozePicker,
    SnoozedUntil, CUSTOM,
};
pub use status::CloseControl;
pub use tags::TagsEditor;
pub use team::TeamMenu;
