//! What surrounds and replaces pages: the portal frame, the space switcher, the live
//! connection's banner, and the whole-page screens (not found, no access, being set up).

pub mod frame;
pub mod live_banner;
pub mod screens;
pub mod space_switcher;
