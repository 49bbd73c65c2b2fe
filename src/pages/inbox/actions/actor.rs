//! The open conversation's one runner of actions, the options of its menus, and the action
//! keys the keyboard asks for.

use leptos::prelude::*;
use textpeak_api::{ActionOptions, Capability, ConversationAction};

use super::super::url::InboxUrl;
use crate::api::{ApiClient, ApiError};
use crate::components::ui::toast::Toasts;
use crate::logic::shortcuts::Shortcut;
use crate::state::inbox::{ConversationList, OpenConversation};
use crate::state::Session;

/// The action shortcuts the keyboard asked for, waiting for the open conversation's controls
/// to take them (the controls live inside the open conversation, the listener on the
/// dashboard). Copy, lives in context.
#[derive(Clone, Copy)]
pub struct ActionKeys {
    pending: RwSignal<Option<Shortcut>>,
}

impl ActionKeys {
    pub fn new() -> Self {
        ActionKeys {
            pending: RwSignal::new(None),
        }
    }

    /// Asks the open conversation's controls for `shortcut`.
    pub fn request(&self, shortcut: Shortcut) {
        self.pending.set(Some(shortcut));
    }

    /// Whether `shortcut` was asked for, tracked; taking it clears the request. For the
    /// control that answers it, inside an effect.
    pub fn take(&self, shortcut: Shortcut) -> bool {
        let asked = self.pending.with(|p| *p == Some(shortcut));
        if asked {
            self.pending.set(None);
        }
        asked
    }
}

impl Default for ActionKeys {
    fn default() -> Self {
        Self::new()
    }
}

/// What happens after an action went through.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum After {
    /// The conversation stays open.
    Stay,
    /// The next conversation of the list opens (or none, when the list has no other).
    Next,
}

/// The open conversation's actions and the options of their menus. Made once per open
/// conversation, above the controls: a control replaced by the action's own answer (Close
/// becoming Reopen) must not take the running action with it. Copy, lives in context.
#[derive(Clone, Copy)]
pub struct Actor {
    run: Action<(ConversationAction, After), bool>,
    options: LocalResource<Result<ActionOptions, ApiError>>,
    me: i64,
}

/// How a refusal is titled.
fn failure_title(action: &ConversationAction) -> &'static str {
    match action {
        ConversationAction::Assign { user_id: Some(_) } => "The conversation couldn't be assigned",
        ConversationAction::Assign { user_id: None } => "The conversation couldn't be unassigned",
        ConversationAction::MoveTeam { .. } => "The conversation couldn't be moved",
        ConversationAction::AddTag { .. } => "The tag couldn't be added",
        ConversationAction::RemoveTag { .. } => "The tag couldn't be removed",
        ConversationAction::Close => "The conversation couldn't be closed",
        ConversationAction::Reopen => "The conversation couldn't be reopened",
        ConversationAction::Snooze { .. } => "The conversation couldn't be snoozed",
        ConversationAction::Unsnooze => "The conversation couldn't be unsnoozed",
    }
}

impl Actor {
    pub fn new() -> Self {
        let conversation = expect_context::<OpenConversation>();
        let list = expect_context::<ConversationList>();
        let url = expect_context::<InboxUrl>();
        let toasts = expect_context::<Toasts>();
        let client = expect_context::<ApiClient>();
        let session = expect_context::<Session>();
        let me = session.with_me(|me| me.map_or(0, |m| m.user.id));
        let id = conversation.id();
        let run = Action::new_local(move |(action, after): &(ConversationAction, After)| {
            let (action, after) = (action.clone(), *after);
            // Chosen before the action: its row may leave the list.
            let next = list.next_after_untracked(id);
            let done = conversation.act(action.clone(), me);
            async move {
                match done.await {
                    Ok(_) => {
                        if after == After::Next && url.open.get_untracked() == Some(id) {
                            match next {
                                Some(next) => url.open_conversation(next),
                                None => url.close_conversation(),
                            }
                        }
                        true
                    }
                    Err(e) => {
                        toasts.error(failure_title(&action), Some(e.message()));
                        false
                    }
                }
            }
        });
        let options = LocalResource::new(move || {
            let client = client.clone();
            async move { client.action_options(id).await }
        });
        Actor { run, options, me }
    }

    /// Runs `action`; `after` says where the agent goes once it went through.
    pub fn run(&self, action: ConversationAction, after: After) {
        self.run.dispatch((action, after));
    }

    /// Whether an action is under way, tracked.
    pub fn busy(&self) -> bool {
        self.run.pending().get()
    }

    /// The signed-in user's id.
    pub fn me(&self) -> i64 {
        self.me
    }

    /// The menus' options, tracked: None while they load (or when they failed: the menus
    /// then say so).
    pub fn options(&self) -> Option<Result<ActionOptions, ApiError>> {
        self.options.get()
    }

    /// Asks for the options again (a tag was created).
    pub fn reload_options(&self) {
        self.options.refetch();
    }
}

impl Default for Actor {
    fn default() -> Self {
        Self::new()
    }
}

/// Whether the signed-in user's role allows `capability`, as a tracked closure.
pub fn permission(capability: Capability) -> impl Fn() -> bool + Copy + Send + Sync + 'static {
    let session = expect_context::<Session>();
    move || session.with_me(|me| me.is_some_and(|m| m.can(capability)))
}
