//! The composer's text of the open conversation, per mode, kept as a draft in local storage
//! (per user, conversation and mode) so that it survives reloads, switching conversations or
//! spaces, and signing in again. The only writer of the composer's text.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::logic::compose::{draft_key, ComposeMode};
use crate::state::{storage, Session};

/// A template the text came from, as it was inserted (placeholders filled).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Inserted {
    pub id: i64,
    pub text: String,
    pub approved: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Draft {
    pub body: String,
    #[serde(default)]
    pub template: Option<Inserted>,
}

impl Draft {
    /// The template the text is, unchanged: its id, and whether it is WhatsApp-approved.
    pub fn unchanged_template(&self) -> Option<(i64, bool)> {
        let t = self.template.as_ref()?;
        (t.text == self.body).then_some((t.id, t.approved))
    }
}

/// Copy, in context while a conversation is open.
#[derive(Clone, Copy)]
pub struct ComposerState {
    mode: RwSignal<ComposeMode>,
    reply: RwSignal<Draft>,
    note: RwSignal<Draft>,
    /// Bumped when the text area should take the focus (a failed message came back to edit).
    focus: RwSignal<u32>,
}

impl ComposerState {
    pub fn new(conversation_id: i64) -> Self {
        let session = expect_context::<Session>();
        let user_id = untrack(|| session.with_me(|me| me.map_or(0, |m| m.user.id)));
        let load = |mode| {
            storage::read_json::<Draft>(&draft_key(user_id, conversation_id, mode))
                .unwrap_or_default()
        };
        let state = ComposerState {
            mode: RwSignal::new(ComposeMode::Reply),
            reply: RwSignal::new(load(ComposeMode::Reply)),
            note: RwSignal::new(load(ComposeMode::Note)),
            focus: RwSignal::new(0),
        };
        // Local storage is the outside world: each draft follows its text.
        for mode in [ComposeMode::Reply, ComposeMode::Note] {
            let draft = state.signal(mode);
            let key = draft_key(user_id, conversation_id, mode);
            Effect::new(move |_| {
                draft.with(|d| {
                    if d.body.is_empty() {
                        storage::remove(&key);
                    } else {
                        storage::write_json(&key, d);
                    }
                })
            });
        }
        state
    }

    fn signal(&self, mode: ComposeMode) -> RwSignal<Draft> {
        match mode {
            ComposeMode::Reply => self.reply,
            ComposeMode::Note => self.note,
        }
    }

    /// The mode chosen, tracked (the composer falls back to the other one if the role lacks it).
    pub fn mode(&self) -> ComposeMode {
        self.mode.get()
    }

    pub fn set_mode(&self, mode: ComposeMode) {
        self.mode.set(mode);
    }

    /// The draft of `mode`, tracked.
    pub fn draft(&self, mode: ComposeMode) -> Draft {
        self.signal(mode).get()
    }

    pub fn draft_untracked(&self, mode: ComposeMode) -> Draft {
        self.signal(mode).get_untracked()
    }

    /// The text of `mode`, read without cloning, tracked.
    pub fn with_body<R>(&self, mode: ComposeMode, f: impl FnOnce(&str) -> R) -> R {
        self.signal(mode).with(|d| f(&d.body))
    }

    /// What the user typed. The template it came from is remembered while the text is
    /// unchanged (editing it and undoing the edit counts as unchanged).
    pub fn set_body(&self, mode: ComposeMode, body: String) {
        self.signal(mode).update(|d| d.body = body);
    }

    /// Puts a template's text in: instead of an empty text, or after what is there.
    pub fn insert_template(&self, mode: ComposeMode, inserted: Inserted) {
        self.signal(mode).update(|d| {
            if d.body.trim().is_empty() {
                d.body = inserted.text.clone();
                d.template = Some(inserted);
            } else {
                let sep = if d.body.ends_with(char::is_whitespace) {
                    ""
                } else {
                    " "
                };
                d.body = format!("{}{sep}{}", d.body, inserted.text);
                d.template = None;
            }
        });
        self.focus.update(|n| *n += 1);
    }

    /// Empties the text (it was sent, or the locked text is dropped).
    pub fn clear(&self, mode: ComposeMode) {
        self.signal(mode).set(Draft::default());
    }

    /// A message that could not be sent comes back to be edited: in its mode, after what is
    /// already being written there.
    pub fn edit(&self, mode: ComposeMode, body: String) {
        self.mode.set(mode);
        self.signal(mode).update(|d| {
            d.body = if d.body.trim().is_empty() {
                body
            } else {
                format!("{}\n{body}", d.body)
            };
            d.template = None;
        });
        self.focus.update(|n| *n += 1);
    }

    /// Tracked: changes whenever the text area should take the focus.
    pub fn focus_requests(&self) -> u32 {
        self.focus.get()
    }
}
