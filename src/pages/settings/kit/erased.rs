//! The kit's reactive machinery with the kind of row left out of its types. Leptos' resources
//! and actions are generic over their value, their fetcher and their future, so every kind of
//! row would bring its own copy of them into the bundle; here the rows are `Any` and the
//! requests boxed futures, and one copy serves every settings kind.

use std::any::Any;
use std::cell::Cell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::sync::Arc;

use leptos::prelude::*;

use crate::api::{ApiError, ApiResult};
use crate::components::ui::toast::Toasts;

/// A boxed future of the browser's one thread.
pub type LocalFuture<T> = Pin<Box<dyn Future<Output = T>>>;

/// A list of rows of some kind (a `Vec` of that kind's rows).
pub type AnyRows = Arc<dyn Any + Send + Sync>;

/// The request that loads a list of rows.
pub type FetchRows = Rc<dyn Fn() -> LocalFuture<ApiResult<AnyRows>>>;

/// A `LocalResource` of the rows `fetch` loads, again whenever what `fetch` reads changes.
pub fn rows_resource(fetch: FetchRows) -> LocalResource<ApiResult<AnyRows>> {
    LocalResource::new(move || fetch())
}

/// The rows of `rows` as the kind they are (none when they are another kind).
pub fn rows_of<T: Clone + 'static>(rows: &AnyRows) -> Vec<T> {
    rows.downcast_ref::<Vec<T>>().cloned().unwrap_or_default()
}

/// A dialog's request in flight (a save, a removal), taken by the action that runs it.
type Request = Cell<Option<LocalFuture<()>>>;

/// Runs a dialog's requests (saves, removals) one at a time, as an `Action` whose `pending` is
/// the dialog's busy state, and does what every dialog does after one.
#[derive(Clone, Copy)]
pub struct Requests {
    action: Action<Request, ()>,
    /// The dialog's open state.
    open: RwSignal<bool>,
    /// Refetches the list the row is in.
    reload: Callback<()>,
    toasts: Toasts,
}

impl Requests {
    pub fn new(open: RwSignal<bool>, reload: Callback<()>) -> Self {
        let action = Action::new_local(|request: &Request| {
            let run = request.take();
            async move {
                if let Some(run) = run {
                    run.await;
                }
            }
        });
        Requests {
            action,
            open,
            reload,
            toasts: expect_context::<Toasts>(),
        }
    }

    /// Sends `request`, whose answer is the toast to show: on success the dialog closes, the
    /// toast shows and the list is refetched; a failure goes to `failed`, to show in the
    /// dialog. Nothing happens after a request whose page was left while it ran.
    pub fn send(self, request: LocalFuture<ApiResult<String>>, failed: Box<dyn FnOnce(ApiError)>) {
        let Requests {
            open,
            reload,
            toasts,
            ..
        } = self;
        let run = async move {
            let result = request.await;
            if open.is_disposed() {
                return;
            }
            match result {
                Ok(done) => {
                    open.set(false);
                    toasts.success(done, None);
                    reload.run(());
                }
                Err(e) => failed(e),
            }
        };
        self.action.dispatch_local(Cell::new(Some(Box::pin(run))));
    }

    pub fn pending(self) -> Memo<bool> {
        self.action.pending()
    }
}
