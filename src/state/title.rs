//! The document title. Code that names the page imperatively (the dashboard, the settings
//! pages) sets the base title with `PageTitle::set`; a view that names the page while it shows
//! (sign-in, home, the whole-page screens) calls `name_page`, which stacks its title above the
//! base until the view goes away. The app writes the top of the stack to `document.title`,
//! with " · TextPeak Inbox" after it. (A dozen lines instead of `leptos_meta`, which cost the
//! bundle more than it saved.)

use leptos::prelude::*;

#[derive(Clone, Copy)]
pub struct PageTitle {
    base: RwSignal<String>,
    /// The titles of the views that name the page while they show, newest last.
    named: RwSignal<Vec<(u64, &'static str)>>,
    next_id: StoredValue<u64>,
    /// Conversations with unread messages, shown before the title while the Inbox shows.
    unread: RwSignal<u64>,
}

impl PageTitle {
    pub fn new() -> Self {
        PageTitle {
            base: RwSignal::new(String::new()),
            named: RwSignal::new(Vec::new()),
            next_id: StoredValue::new(0),
            unread: RwSignal::new(0),
        }
    }

    /// The short title ("Settings"), tracked; empty until something sets it.
    pub fn get(&self) -> String {
        self.named
            .with(|n| n.last().map(|(_, t)| t.to_string()))
            .unwrap_or_else(|| self.base.get())
    }

    /// The unread count before the title, tracked (0: none shown).
    pub fn unread(&self) -> u64 {
        self.unread.get()
    }

    pub fn set_unread(&self, count: u64) {
        if self.unread.get_untracked() != count {
            self.unread.try_set(count);
        }
    }

    pub fn set(&self, title: &str) {
        if self.base.with_untracked(|t| t != title) {
            self.base.set(title.to_owned());
        }
    }

    /// Names the page `title` until the current reactive owner (the view) is cleaned up.
    pub fn name_while_shown(&self, title: &'static str) {
        let id = self.next_id.get_value();
        self.next_id.set_value(id + 1);
        let named = self.named;
        named.update(|n| n.push((id, title)));
        on_cleanup(move || {
            named.try_update(|n| n.retain(|(i, _)| *i != id));
        });
    }
}

impl Default for PageTitle {
    fn default() -> Self {
        Self::new()
    }
}

/// Names the page while the calling view shows (no-op outside the app, in component tests).
pub fn name_page(title: &'static str) {
    if let Some(page_title) = use_context::<PageTitle>() {
        page_title.name_while_shown(title);
    }
}
