//! What surrounds and replaces pages: the portal frame, the space switcher, and the whole-page
//! screens (not found, no access, being set up).

pub mod frame;
pub mod screens;
pub mod space_switcher;
