//! What an agent does to conversations besides writing: assign, move to another team, tag,
//! close, reopen, snooze; one conversation at a time or in bulk; and starting a conversation.
//! The server checks every action against the caller's role flags and what they may see, and
//! writes each change to the thread as a system event.

use serde::{Deserialize, Serialize};

use crate::compose::{ComposeTemplate, SendMessage};
use crate::conversations::{ConversationFilter, Stream, TagRef, TeamRef, UserRef};
use crate::wire::wire_enum;

/// The longest a conversation may be snoozed, in days.
pub const SNOOZE_MAX_DAYS: i64 = 366;

/// The most ids one bulk request may name (select-all-matching goes by filter instead).
pub const BULK_IDS_MAX: usize = 10_000;

/// One action on one conversation: `POST /api/conversations/{id}/actions` answers the updated
/// `ConversationDetail`; in a `BulkRequest` it applies to every selected conversation.
/// Doing what is already so (closing a closed conversation, adding a tag it has) changes
/// nothing and adds no event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum ConversationAction {
    /// Needs `Capability::Assign`. `None` unassigns. The assignee must be an active Inbox user
    /// who is a member of the conversation's team (and so of its space and may see it).
    Assign { user_id: Option<i64> },
    /// Needs `Capability::Assign`: hands the conversation to another team of its space. An
    /// assignee who is not a member of the new team is unassigned.
    MoveTeam { team_id: i64 },
    /// Needs `Capability::Tag`; a tag of the caller's tenant.
    AddTag { tag_id: i64 },
    /// Needs `Capability::Tag`.
    RemoveTag { tag_id: i64 },
    /// Needs `Capability::Close`. Closing a snoozed conversation ends its snooze.
    Close,
    /// Needs `Capability::Reopen`.
    Reopen,
    /// Needs `Capability::Close`: sets the conversation aside until `until` (RFC 3339, in the
    /// future, at most `SNOOZE_MAX_DAYS` ahead). It leaves the open list and comes back, with
    /// an event, when the time passes or the contact writes.
    Snooze { until: String },
    /// Needs `Capability::Reopen`: ends a snooze now.
    Unsnooze,
}

/// `GET /api/conversations/{id}/options`: what the action menus of one conversation offer the
/// caller (only what they may choose).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ActionOptions {
    /// The active Inbox users of the conversation's team, by name; empty without `Assign`.
    pub assignees: Vec<UserRef>,
    /// The teams of the conversation's space it may move to (its own team included, first);
    /// empty without `Assign`.
    pub teams: Vec<TeamRef>,
    /// The tenant's tags; empty without `Tag`.
    pub tags: Vec<TagRef>,
    /// Whether the caller may create a tag on the spot (`POST /api/tags`, which needs
    /// `Capability::ManageChannelSettings`).
    pub can_create_tags: bool,
}

/// Which conversations a bulk request acts on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Selection {
    /// Rows the agent ticked (at most `BULK_IDS_MAX`); ids the caller may not see are skipped
    /// as `not_found`, without saying whether they exist.
    Ids { ids: Vec<i64> },
    /// Every conversation of the space the filter matches for the caller, loaded in the app or
    /// not ("select all N matching").
    Matching { filter: ConversationFilter },
}

/// `POST /api/spaces/{id}/conversations/bulk`: one action on a selection of the space's
/// conversations, in one transaction.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BulkRequest {
    pub selection: Selection,
    pub action: ConversationAction,
}

wire_enum! {
    /// Why a bulk action left a conversation as it was.
    SkipReason {
        /// It already was so (closed, tagged, assigned to that person…).
        Unchanged => "unchanged",
        /// The caller's role does not allow this action.
        NotPermitted => "not_permitted",
        /// The chosen assignee is not a member of the conversation's team.
        AssigneeNotInTeam => "assignee_not_in_team",
        /// The chosen team is not in the conversation's space.
        TeamNotInSpace => "team_not_in_space",
        /// Moving: the contact already has a conversation on that profile with the chosen team
        /// (a contact has one conversation per profile and team).
        AlreadyInTeam => "already_in_team",
        /// An id the caller may not see, or that does not exist.
        NotFound => "not_found",
    }
}

impl SkipReason {
    /// How the bulk toolbar explains it, after a count ("3 skipped: …").
    pub fn message(self) -> &'static str {
        match self {
            SkipReason::Unchanged => "already that way",
            SkipReason::NotPermitted => "your role does not allow this",
            SkipReason::AssigneeNotInTeam => "the assignee is not in their team",
            SkipReason::TeamNotInSpace => "the team is in another space",
            SkipReason::AlreadyInTeam => "the contact already has a conversation with that team",
            SkipReason::NotFound => "no longer visible to you",
        }
    }
}

/// How many conversations a bulk action skipped for one reason.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Skipped {
    pub reason: SkipReason,
    pub count: u64,
}

/// The answer to a `BulkRequest`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct BulkOutcome {
    /// How many conversations the selection held.
    pub matched: u64,
    /// How many the action changed.
    pub done: u64,
    /// The rest, by reason (largest first); `matched = done + Σ count`.
    pub skipped: Vec<Skipped>,
    /// The ids it changed, so that Undo can act on exactly those (`Selection::Ids`).
    pub changed: Vec<i64>,
}

/// A sender profile a new conversation may start from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StartProfile {
    pub id: i64,
    pub name: String,
    pub stream: Stream,
    /// The templates of the profile's stream (and those for every stream), by name, as the
    /// composer offers them; on WhatsApp the first message must be an approved one.
    #[serde(default)]
    pub templates: Vec<ComposeTemplate>,
}

/// `GET /api/spaces/{id}/start`: what the New conversation dialog offers the caller in a space.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct StartOptions {
    /// False without `Capability::StartConversations` (the lists are then empty).
    pub can_start: bool,
    /// The profiles of the space the caller may send from (restrictions respected).
    pub sender_profiles: Vec<StartProfile>,
    /// The teams of the space the conversation may belong to: the caller's teams (every team
    /// for owner and Admins), the caller's first team first.
    pub teams: Vec<TeamRef>,
}

/// `GET /api/spaces/{id}/start/contacts?sender_profile=&q=`: Telegram contacts who have
/// started a chat with one of the profile's bots (the only ones a bot may write to), by name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StartContact {
    pub id: i64,
    pub name: Option<String>,
    /// Without `@`.
    pub telegram: String,
}

/// `GET /api/spaces/{id}/start/existing?sender_profile=&phone=|contact=`: the open
/// conversation with that contact on that profile, if there is one the caller may see, so that
/// the dialog offers it instead of a duplicate.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ExistingConversation {
    pub conversation_id: Option<i64>,
}

/// `POST /api/spaces/{id}/conversations` (with an `Idempotency-Key` equal to
/// `message.client_id`): starts a conversation and sends its first message; answers the new
/// `ConversationDetail` (201). Needs `Capability::StartConversations` and `Reply`. An open
/// conversation with the contact on the profile is refused with 409 `conflict` and
/// `Problem::conversation_id` naming it. A number that is not E.164 is 422 with
/// `field: "phone"`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewConversation {
    pub sender_profile_id: i64,
    pub team_id: i64,
    /// SMS and WhatsApp: the contact's number as typed; the server normalises it
    /// (`phone::normalize`).
    #[serde(default)]
    pub phone: Option<String>,
    /// Telegram: a contact from `StartContact`.
    #[serde(default)]
    pub contact_id: Option<i64>,
    /// A name for a contact the tenant does not know yet (optional).
    #[serde(default)]
    pub contact_name: Option<String>,
    /// The first message, with the composer's channel rules: on WhatsApp no window is open, so
    /// it must be an approved template (`template_id`). `kind` must be `reply`;
    /// `sender_profile_id` is ignored (the conversation's profile sends). With a `template_id`
    /// and an empty `body` the server fills the template's placeholders for the new
    /// conversation (contact, agent, team, company), as the composer does, and sends that; a
    /// `body` given with a `template_id` must be that filled text to count as the template.
    pub message: SendMessage,
}

/// `POST /api/support/clock`: moves a test server's clock forward (1 second to
/// `CLOCK_ADVANCE_MAX_SECONDS`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClockAdvance {
    pub seconds: i64,
}

/// The most one `ClockAdvance` may move the clock: a little more than the longest snooze.
pub const CLOCK_ADVANCE_MAX_SECONDS: i64 = (SNOOZE_MAX_DAYS + 1) * 24 * 3600;

/// The answer to a `ClockAdvance`: the server's time now, and how many snoozes it ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClockAdvanced {
    pub now: String,
    pub woken: u64,
}
