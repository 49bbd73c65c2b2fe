//! Loading the next page of something paged (the list's next rows, the thread's older
//! messages): an action, at most one request at a time, and only while there is a page to ask
//! for.

use std::future::Future;

use leptos::prelude::*;

use crate::api::ApiError;

/// One paged thing's "load the next page". Make it where the pages are shown, for the one set
/// of pages it continues: an answer that comes after they were replaced lands in pages nobody
/// shows any more.
#[derive(Clone, Copy)]
pub struct PageLoader {
    action: Action<String, Result<(), ApiError>>,
    pending: Memo<bool>,
    failed: Memo<bool>,
    /// Where the next page starts; None when there is none.
    cursor: Signal<Option<String>>,
}

impl PageLoader {
    /// `load` fetches the page at a cursor and adds it to the pages.
    pub fn new<Fut>(
        cursor: ArcRwSignal<Option<String>>,
        load: impl Fn(String) -> Fut + 'static,
    ) -> Self
    where
        Fut: Future<Output = Result<(), ApiError>> + 'static,
    {
        let action = Action::new_local(move |cursor: &String| load(cursor.clone()));
        let value = action.value();
        PageLoader {
            action,
            pending: action.pending(),
            failed: Memo::new(move |_| value.with(|v| matches!(v, Some(Err(_))))),
            cursor: cursor.into(),
        }
    }

    /// Asks for the next page, unless one is on its way or there is none. A loader whose view
    /// is gone (the pages it continues were replaced, and a scroll or resize of the old view
    /// still reached it) does nothing: its signals are disposed with that view.
    pub fn load(&self) {
        if self.pending.try_get_untracked().unwrap_or(true) {
            return;
        }
        if let Some(Some(cursor)) = self.cursor.try_get_untracked() {
            self.action.dispatch(cursor);
        }
    }

    /// A page is on its way, tracked.
    pub fn loading(&self) -> bool {
        self.pending.try_get().unwrap_or(false)
    }

    /// The last page asked for did not come, tracked.
    pub fn failed(&self) -> bool {
        self.failed.try_get().unwrap_or(false)
    }

    /// There is no further page, tracked.
    pub fn at_end(&self) -> bool {
        self.cursor.try_with(Option::is_none).unwrap_or(true)
    }
}
