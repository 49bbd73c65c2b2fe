//! A whole settings page of one resource: header with its "New" button, the table, the editor
//! and the delete confirmation. A page that is one list only declares a `PageResource`.

use leptos::prelude::*;
use serde::Serialize;
use textpeak_api::collections::Collection as ApiCollection;

use super::delete::{ConfirmDelete, Deleter};
use super::editor::{Editor, EditorDialog};
use super::form::EditForm;
use super::list::{
    data_table, list_view, table_row, NewButton, RowActions, SettingsHeader, TableHead,
};
use super::resource::{Collection, Empty, Resource, Row};
use crate::state::Session;

/// A resource with a page of its own: the page's words, the table, and the form.
pub trait PageResource: Resource + ApiCollection<Input: Serialize> {
    type Form: EditForm<Self>;

    const TITLE: &'static str;
    const LEAD: &'static str;
    /// The header's button: "New tag".
    const NEW_LABEL: &'static str;
    /// The list's empty state.
    const EMPTY: Empty;
    const TABLE: TableHead;
    /// The editor has fields side by side.
    const WIDE: bool = false;

    /// The form, made once with the page (some forms read what the list loads).
    fn form(list: Collection<Self>) -> Self::Form;

    /// A row's cells before its actions, the first a `<th scope="row">`; they may read what
    /// the form knows (the spaces in scope, say).
    fn cells(form: Self::Form, row: &Self::Row) -> AnyView;

    /// Whether the signed-in user may delete rows (a role can lose it).
    fn can_delete(_session: Session) -> bool {
        true
    }
}

/// The page of a `PageResource`.
pub fn resource_page<R: PageResource>() -> impl IntoView {
    let session = expect_context::<Session>();
    let list = Collection::<R>::load();
    let form = R::form(list);
    let editor = Editor::<R>::new(list);
    let deleter = Deleter::<R>::new(list);
    let rows = move |rows: Vec<R::Row>| {
        let deleter = R::can_delete(session).then_some(deleter);
        let rows = rows
            .into_iter()
            .map(|row| {
                table_row(
                    R::cells(form, &row),
                    row_actions(editor, form, deleter, row),
                )
            })
            .collect();
        data_table(R::TABLE, rows)
    };
    view! {
        <SettingsHeader title={R::TITLE} lead={R::LEAD}>
            <NewButton label={R::NEW_LABEL} primary=true on_click=move |_| editor.start(form, None)/>
        </SettingsHeader>
        {list_view(list, R::EMPTY, rows)}
        <EditorDialog editor=editor form=form wide={R::WIDE}/>
        <ConfirmDelete deleter=deleter/>
    }
}

/// Edit and (with a `deleter`) Delete, named "Edit tag VIP".
pub fn row_actions<R: Resource>(
    editor: Editor<R>,
    form: impl EditForm<R>,
    deleter: Option<Deleter<R>>,
    row: R::Row,
) -> AnyView {
    let name = format!("{} {}", R::NOUN.one, row.name());
    let edit = row.clone();
    let on_delete = deleter.map(|d| Callback::new(move |_| d.ask(row.clone())));
    view! {
        <RowActions
            name=name
            on_edit=move |_| editor.start(form, Some(edit.clone()))
            on_delete=on_delete
        />
    }
    .into_any()
}
