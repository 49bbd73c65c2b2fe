//! The settings kit: what every settings page shares. A page's rows are a collection of the API
//! (`textpeak_api::collections`: their row and form types, path, noun and fields, declared
//! once for the app and the server); the page implements `Resource` on it (what removing a row
//! means) and describes its fields as an `EditForm`; the kit loads the list (`Collection`, a `LocalResource`), renders
//! its loading / failed / empty / table states, and runs the editor and the delete
//! confirmation (each an `Action`). A page that is one list only adds a `PageResource`.
//!
//! - `resource`: the `Resource` trait and the `Collection` of its rows
//! - `form`: the `EditForm` trait and the form's errors by field
//! - `editor`: the create/edit dialog and its save
//! - `delete`: the confirmation and its removal
//! - `list`: header, list states, table markup, row pieces
//! - `page`: the whole page of a `PageResource`
//! - `format`: counts in sentences
//! - `dom`: what a view has just rendered (the element to focus or scroll to)
//! - `erased`: the resource and action they run on, without the kind of row in their types

mod delete;
mod dom;
mod editor;
mod erased;
mod form;
mod format;
mod list;
mod page;
mod resource;

pub use delete::{ConfirmDelete, Deleter};
pub use dom::find_next_frame;
pub use editor::{Editor, EditorDialog};
pub use form::{EditForm, FormErrors};
pub use format::count_label;
pub use list::{
    data_table, list_view, muted, names, table, table_row, ChannelPill, Column, NewButton,
    RowActions, SenderList, SettingsHeader, TableHead,
};
pub use page::{resource_page, row_actions, PageResource};
pub use resource::{lookup, settings_spaces, Collection, Empty, Resource};
