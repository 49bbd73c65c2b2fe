//! Layer 3: reusable pieces of UI, used by pages and the app, never importing a page.
//! - `ui/`: primitives with no domain knowledge (fields, modal, toasts, states, icons, the
//!   virtual list);
//! - `domain/`: small pieces that show a domain value the same way everywhere (channel icon and
//!   names, avatar, status badge);
//! - `layout/`: the frame around pages (top bar, space switcher) and whole-page screens.
//!
//! Each owns its markup and accessibility; styles live in `style/` under the same BEM block name.

pub mod domain;
pub mod layout;
pub mod ui;
