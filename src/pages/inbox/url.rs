//! What the dashboard shows lives in the URL (`/inbox/s/3?view=mine&q=…&conversation=42`), so
//! reloads and shared links keep it. The router is its only writer; [`InboxUrl`] reads it and
//! navigates to change it.

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;
use textpeak_api::ConversationFilter;

use crate::config::InboxConfig;
use crate::logic::routes::href;

/// The router's navigate function.
type Navigate = Box<dyn Fn(&str, NavigateOptions)>;

/// The space, the list's filter and the open conversation, from the URL. Copy, lives in
/// context.
#[derive(Clone, Copy)]
pub struct InboxUrl {
    pub space_id: Memo<i64>,
    pub filter: Memo<ConversationFilter>,
    /// The open conversation.
    pub open: Memo<Option<i64>>,
    navigate: StoredValue<Navigate, LocalStorage>,
    base_path: StoredValue<String>,
}

impl InboxUrl {
    pub fn new(space_id: Memo<i64>) -> Self {
        let query = use_query_map();
        let filter = Memo::new(move |_| {
            query.with(|q| {
                ConversationFilter::from_query(
                    q.into_iter().map(|(k, v)| (k.to_string(), v.to_string())),
                )
            })
        });
        let open = Memo::new(move |_| {
            query.with(|q| {
                q.get_str(href::CONVERSATION_PARAM)
                    .and_then(|v| v.parse::<i64>().ok())
            })
        });
        InboxUrl {
            space_id,
            filter,
            open,
            navigate: StoredValue::new_local(Box::new(use_navigate())),
            base_path: StoredValue::new(expect_context::<InboxConfig>().base_path.to_string()),
        }
    }

    /// An href for a plain `<a>`: the router only adds its base path to paths it navigates to.
    /// Tracks the space, so that links follow a switch of spaces.
    pub fn link(&self, filter: &ConversationFilter, open: Option<i64>) -> String {
        let path = href::conversations(self.space_id.get(), filter, open);
        format!("{}{path}", self.base_path.get_value())
    }

    /// The link to the list with `change` made to the current filter (the open conversation
    /// stays open), tracked.
    pub fn link_with(&self, change: impl FnOnce(&mut ConversationFilter)) -> String {
        let mut filter = self.filter.get();
        change(&mut filter);
        self.link(&filter, self.open.get())
    }

    fn go(&self, filter: &ConversationFilter, open: Option<i64>, replace: bool) {
        let path = href::conversations(self.space_id.get_untracked(), filter, open);
        let options = NavigateOptions {
            replace,
            scroll: false,
            ..NavigateOptions::default()
        };
        self.navigate
            .with_value(|navigate| navigate(&path, options));
    }

    /// Shows the list with another filter; the open conversation stays open.
    pub fn set_filter(&self, filter: ConversationFilter) {
        self.go(&filter, self.open.get_untracked(), true);
    }

    pub fn update_filter(&self, change: impl FnOnce(&mut ConversationFilter)) {
        let mut filter = self.filter.get_untracked();
        change(&mut filter);
        self.set_filter(filter);
    }

    /// Opens a conversation (a history entry, so Back returns to the list on a phone).
    pub fn open_conversation(&self, id: i64) {
        if self.open.get_untracked() != Some(id) {
            self.go(&self.filter.get_untracked(), Some(id), false);
        }
    }

    pub fn close_conversation(&self) {
        self.go(&self.filter.get_untracked(), None, false);
    }
}
