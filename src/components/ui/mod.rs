//! UI primitives: nothing here knows about conversations, spaces or users.

pub mod field;
pub mod icons;
pub mod modal;
pub mod states;
pub mod suspense;
pub mod toast;
pub mod virtual_list;

/// Unique ids for `aria-labelledby` and friends; a counter is enough inside one page.
pub fn unique_id(prefix: &str) -> String {
    use std::sync::atomic::{AtomicU32, Ordering};
    static NEXT: AtomicU32 = AtomicU32::new(1);
    format!("{prefix}-{}", NEXT.fetch_add(1, Ordering::Relaxed))
}
