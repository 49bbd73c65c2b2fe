//! The document title for code that sets it imperatively (`pages::set_title`). Pages render a
//! `leptos_meta::Title` instead; the app's root `<Title>` shows this one when no page has its
//! own, and its formatter adds " · TextPeak Inbox".

use leptos::prelude::*;

#[derive(Clone, Copy)]
pub struct PageTitle(RwSignal<String>);

impl PageTitle {
    pub fn new() -> Self {
        PageTitle(RwSignal::new(String::new()))
    }

    /// The short title ("Settings"); empty until something sets it.
    pub fn get(&self) -> String {
        self.0.get()
    }

    pub fn set(&self, title: &str) {
        if self.0.with_untracked(|t| t != title) {
            self.0.set(title.to_owned());
        }
    }
}

impl Default for PageTitle {
    fn default() -> Self {
        Self::new()
    }
}
