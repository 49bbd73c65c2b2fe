//! One module per view. Pages compose components and talk to the API through `ApiClient`.

pub mod access;
pub mod home;
pub mod inbox;
pub mod inbox_entry;
pub mod not_found;
pub mod onboarding;
pub mod settings;
pub mod sign_in;

/// Sets the document title, so tabs, history and screen readers name the page.
pub fn set_title(title: &str) {
    leptos::prelude::document().set_title(&format!("{title} · TextPeak Inbox"));
}
