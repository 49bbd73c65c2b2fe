//! What a settings page manages, described once per kind of row (`Resource`), and the list of
//! those rows as the server answers it (`Collection`, a `LocalResource`).

use std::future::Future;
use std::rc::Rc;
use std::sync::Arc;

use leptos::prelude::*;
use serde::de::DeserializeOwned;
use serde::Serialize;
use textpeak_api::{
    collections, paths, RoleSetting, RoutingRuleSetting, SenderProfileSetting, SpaceSetting,
    TagSetting, TeamSetting, TemplateSetting, UserSetting,
};

use super::erased::{rows_of, rows_resource, AnyRows};
use crate::api::{ApiClient, ApiResult};
use crate::components::ui::icons::Icon;

/// A settings row: the server's id for it and the name people know it by.
pub trait Row: Clone + DeserializeOwned + Send + Sync + 'static {
    fn id(&self) -> i64;
    fn name(&self) -> String;
}

/// Every settings row has an `id` and a `name` field.
macro_rules! rows_with_id_and_name {
    ($($row:ty),* $(,)?) => {$(
        impl Row for $row {
            fn id(&self) -> i64 {
                self.id
            }
            fn name(&self) -> String {
                self.name.clone()
            }
        }
    )*};
}

rows_with_id_and_name!(
    RoleSetting,
    RoutingRuleSetting,
    SenderProfileSetting,
    SpaceSetting,
    TagSetting,
    TeamSetting,
    TemplateSetting,
    UserSetting,
);

/// One kind of settings row, a collection of the API (its row, its form, its path, its noun):
/// what saving and removing it send, and what the confirmation says. Everything else is the
/// kit's.
pub trait Resource:
    collections::Collection<Row: Row, Input: Clone + 'static> + Sized + 'static
{
    /// Creates (no id) or changes a row.
    fn save(
        client: ApiClient,
        id: Option<i64>,
        input: Self::Input,
    ) -> impl Future<Output = ApiResult<Self::Row>>
    where
        Self::Input: Serialize,
    {
        async move {
            match id {
                Some(id) => client.patch(&Self::item_path(id), &input).await,
                None => client.post(Self::PATH, &input).await,
            }
        }
    }

    /// The confirmation's button: "Delete" unless removing is another action ("Deactivate").
    const REMOVE_ACTION: &'static str = "Delete";

    /// "Delete the tag “VIP”?"
    fn remove_title(row: &Self::Row) -> String {
        format!(
            "Delete the {} \u{201c}{}\u{201d}?",
            Self::NOUN.one,
            row.name()
        )
    }

    /// What else goes, or what happens to what depended on the row.
    fn remove_consequence(row: &Self::Row) -> String;

    /// The row cannot go (the consequence says why): the dialog only offers a way out.
    fn remove_blocked(_row: &Self::Row) -> bool {
        false
    }

    /// What confirming sends.
    fn remove(client: ApiClient, row: Self::Row) -> impl Future<Output = ApiResult<()>> {
        async move { client.delete(&Self::item_path(row.id())).await }
    }

    /// The toast after removing: "Tag “VIP” deleted".
    fn removed(row: &Self::Row) -> String {
        format!(
            "{} \u{201c}{}\u{201d} deleted",
            capitalized(Self::NOUN.one),
            row.name()
        )
    }
}

/// `Clone` and `Copy` for the kit's handles (`Collection`, `Editor`, `Deleter`): their fields
/// are arena handles, `Copy` whatever the resource is, where a derive would ask `R: Copy`.
macro_rules! copy_handle {
    ($handle:ident) => {
        impl<R: Resource> Clone for $handle<R> {
            fn clone(&self) -> Self {
                *self
            }
        }
        impl<R: Resource> Copy for $handle<R> {}
    };
}
pub(super) use copy_handle;

/// An empty list: what the page is for and how to start.
#[derive(Clone, Copy)]
pub struct Empty {
    pub icon: Icon,
    pub title: &'static str,
    pub text: &'static str,
}

/// "Routing rule" from "routing rule".
pub fn capitalized(noun: &str) -> String {
    let mut chars = noun.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// What the list shows: the first load, its failure, or the rows.
#[derive(Clone)]
pub enum Load<T> {
    Loading,
    Failed(String),
    Ready(Vec<T>),
}

/// The rows of one resource, read from the server as a `LocalResource`. After a change the page
/// refetches it, so counts and order are the server's; the old rows stay on screen meanwhile
/// (the resource keeps its value while it reloads), and a failed refresh keeps them too: only a
/// first load fails.
pub struct Collection<R: Resource> {
    rows: LocalResource<ApiResult<AnyRows>>,
    shown: Memo<Load<R::Row>>,
}

copy_handle!(Collection);

impl<R: Resource> Collection<R> {
    /// Starts loading the rows.
    pub fn load() -> Self {
        let client = expect_context::<ApiClient>();
        let rows = rows_resource(Rc::new(move || {
            let client = client.clone();
            Box::pin(async move {
                let rows = client.get::<Vec<R::Row>>(R::PATH).await?;
                Ok(Arc::new(rows) as AnyRows)
            })
        }));
        let shown = Memo::new_owning(move |shown: Option<Load<R::Row>>| {
            let next = rows.with(|answer| match answer {
                None => Load::Loading,
                Some(Ok(list)) => Load::Ready(rows_of(list)),
                Some(Err(e)) => match shown {
                    Some(Load::Ready(list)) => Load::Ready(list),
                    _ => Load::Failed(e.message()),
                },
            });
            (next, true)
        });
        Collection { rows, shown }
    }

    /// Asks the server again (after a change).
    pub fn reload(self) {
        self.rows.refetch();
    }

    /// "Try again" after a failed first load: the spinner shows while it runs.
    pub fn retry(self) {
        self.rows.set(None);
        self.rows.refetch();
    }

    /// Makes the caller's reactive context follow the list (to reload with it).
    pub fn track(self) {
        self.shown.track();
    }

    pub fn state(self) -> Load<R::Row> {
        self.shown.get()
    }

    /// The rows once loaded (none before).
    pub fn rows(self) -> Vec<R::Row> {
        self.shown.with(|s| match s {
            Load::Ready(rows) => rows.clone(),
            _ => Vec::new(),
        })
    }
}

/// A list a form offers (spaces, people, senders), empty when it cannot be loaded, asked again
/// whenever what `track` reads changes.
pub fn lookup<T>(path: &'static str, track: impl Fn() + 'static) -> Signal<Vec<T>>
where
    T: Clone + DeserializeOwned + Send + Sync + 'static,
{
    let client = expect_context::<ApiClient>();
    let list = rows_resource(Rc::new(move || {
        track();
        let client = client.clone();
        Box::pin(async move {
            let rows = client.get::<Vec<T>>(path).await.unwrap_or_default();
            Ok(Arc::new(rows) as AnyRows)
        })
    }));
    Signal::derive(move || {
        list.with(|l| l.as_ref().and_then(|l| l.as_ref().ok()).map(rows_of))
            .unwrap_or_default()
    })
}

/// The spaces in the caller's scope with their teams and members: what the forms offer.
pub fn settings_spaces() -> Signal<Vec<SpaceSetting>> {
    lookup(paths::SETTINGS_SPACES, || ())
}
