//! Layer 4: one module per view. Pages compose components and talk to the API through the
//! typed methods of `ApiClient`; a page never imports another page (shared pieces live in
//! `components/`, shared rules in `logic/`).

pub mod beta;
pub mod home;
pub mod inbox;
pub mod onboarding;
pub mod settings;
pub mod sign_in;

/// Sets the document's base title from a page that names itself imperatively (the dashboard
/// and the settings pages); the others call `state::title::name_page` while they show.
pub fn set_title(title: &str) {
    if let Some(page_title) = leptos::prelude::use_context::<crate::state::PageTitle>() {
        page_title.set(title);
    }
}
