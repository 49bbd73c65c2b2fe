//! Starting a conversation from the Inbox (`New conversation`): what the dialog offers the
//! caller in a space (profiles, teams), the Telegram contacts a bot may write to, the open
//! conversation that already exists with a contact on a profile, and the start itself.
//!
//! The start is one write transaction (`BEGIN IMMEDIATE`), checked in this order: the role
//! (403), a repeat of the same `Idempotency-Key` (answered with the conversation it started),
//! the sender profile (422 outside the space, 403 when restricted), the team (422), the contact
//! (422 on `phone` or `contact_id`), an open or snoozed conversation with the contact on the
//! profile (409 naming it), and the first message with the composer's rules and code
//! (`send::send_reply`). It creates the contact when new, the conversation (assigned to the
//! caller when they are in its team) with a `started` event, and the reply, or nothing at all.

use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
use textpeak_api::permissions;
use textpeak_api::phone;
use textpeak_api::{
    fill_placeholders, Capability, ErrorCode, ExistingConversation, MessageKind, NewConversation,
    Problem, RuleViolation, SendMessage, StartContact, StartOptions, StartProfile, Stream, TeamRef,
};

use crate::clock;
use crate::domain::compose::SendRequest;
use crate::http::problem::ApiError;
use crate::store::conversations::caller::Caller;
use crate::store::conversations::compose::{
    candidates, facts, placeholder_values, started_chat_sql, template, templates,
};
use crate::store::conversations::send::{
    check_client_id, check_repeat, require_send_permission, send_reply, stored_send,
};
use crate::store::events::{Mark, Watch};
use crate::store::viewer;

/// How many contacts the Telegram picker shows at most (the agent narrows by typing).
pub const CONTACTS_LIMIT: usize = 20;
/// The longest name a new contact may be given.
pub const CONTACT_NAME_MAX: usize = 100;

fn forbidden(title: &str) -> ApiError {
    ApiError::new(ErrorCode::Forbidden, title)
}

/// 403 unless the caller's role may start conversations and reply.
fn require_start_permission(caller: &Caller) -> Result<(), ApiError> {
    if !permissions::can(&caller.subject, Capability::StartConversations) {
        return Err(forbidden("Your role does not allow starting conversations"));
    }
    require_send_permission(caller, MessageKind::Reply)
}

fn can_start(caller: &Caller) -> bool {
    permissions::can(&caller.subject, Capability::StartConversations)
        && permissions::can(&caller.subject, Capability::Reply)
}

/// The teams of the space a conversation may belong to: those the caller works in (every team
/// for owner and Admins), the teams they are a member of first, each group by name.
fn start_teams(
    conn: &Connection,
    caller: &Caller,
    space_id: i64,
) -> Result<Vec<TeamRef>, ApiError> {
    let mut teams: Vec<TeamRef> =
        viewer::visible_teams(conn, space_id, &caller.subject, &caller.membership)?
            .into_iter()
            .map(|(id, name)| TeamRef { id, name })
            .collect();
    // A stable sort keeps the name order inside each group.
    teams.sort_by_key(|t| !caller.membership.member_of_teams.contains(&t.id));
    Ok(teams)
}

/// `GET /api/spaces/{id}/start`, for a caller who may see the space.
pub fn options(
    conn: &Connection,
    caller: &Caller,
    space_id: i64,
) -> Result<StartOptions, ApiError> {
    if !can_start(caller) {
        return Ok(StartOptions::default());
    }
    let tenant_id = caller.viewer.tenant.id;
    let mut sender_profiles = Vec::new();
    for c in candidates(conn, tenant_id, space_id, None)? {
        if c.usable_by(caller) {
            sender_profiles.push(StartProfile {
                id: c.profile.id,
                name: c.profile.name,
                stream: c.stream,
                templates: templates(conn, tenant_id, c.stream)?,
            });
        }
    }
    Ok(StartOptions {
        can_start: true,
        sender_profiles,
        teams: start_teams(conn, caller, space_id)?,
    })
}

/// A profile of the space the caller may send from.
struct Profile {
    id: i64,
    stream: Stream,
}

/// The profile `id` of the space: 422 on `field` unless it is one of the space's, 403 when
/// the caller may not use it (a restricted profile of other teams).
fn space_profile(
    conn: &Connection,
    caller: &Caller,
    space_id: i64,
    id: i64,
    field: &str,
) -> Result<Profile, ApiError> {
    let found = candidates(conn, caller.viewer.tenant.id, space_id, None)?
        .into_iter()
        .find(|c| c.profile.id == id)
        .ok_or_else(|| ApiError::validation(field, "Choose a sender profile of this space."))?;
    if !found.usable_by(caller) {
        return Err(ApiError::Problem(
            Problem::new(
                ErrorCode::Forbidden,
                "You may not send from this sender profile",
            )
            .with_field(field),
        ));
    }
    Ok(Profile {
        id: found.profile.id,
        stream: found.stream,
    })
}

/// `%` and `_` match themselves in a `LIKE … ESCAPE '\'` pattern.
fn like_pattern(text: &str) -> String {
    let mut out = String::from("%");
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('%');
    out
}

/// `GET /api/spaces/{id}/start/contacts?sender_profile=&q=`: the Telegram contacts who have
/// started a chat with the profile's bots, whose name or handle contains `q` (an `@` in front
/// is ignored), by name, at most [`CONTACTS_LIMIT`].
pub fn contacts(
    conn: &Connection,
    caller: &Caller,
    space_id: i64,
    profile_id: i64,
    q: &str,
) -> Result<Vec<StartContact>, ApiError> {
    require_start_permission(caller)?;
    let profile = space_profile(conn, caller, space_id, profile_id, "sender_profile")?;
    if profile.stream != Stream::Telegram {
        return Err(ApiError::validation(
            "sender_profile",
            "Contacts are picked on Telegram only; on SMS and WhatsApp, type the number.",
        ));
    }
    let q = q.trim().trim_start_matches('@').trim();
    let sql = format!(
        "SELECT k.id, k.name, k.telegram_handle FROM contacts k
         WHERE k.tenant_id = ?1 AND k.telegram_handle IS NOT NULL AND {}
           AND (?2 = '' OR k.name LIKE ?3 ESCAPE '\\' OR k.telegram_handle LIKE ?3 ESCAPE '\\')
         ORDER BY coalesce(k.name, k.telegram_handle) COLLATE NOCASE, k.id
         LIMIT {CONTACTS_LIMIT}",
        started_chat_sql("k.id", "?4")
    );
    let rows = conn
        .prepare(&sql)?
        .query_map(
            params![caller.viewer.tenant.id, q, like_pattern(q), profile.id],
            |r| {
                Ok(StartContact {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    telegram: r.get(2)?,
                })
            },
        )?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// Who a new conversation is with, as the request names them.
pub enum ContactKey {
    /// SMS and WhatsApp: the number as typed.
    Phone(String),
    /// Telegram: a contact id.
    Id(i64),
}

/// A 422 on `phone` with what is wrong with the number.
fn phone_problem(e: phone::PhoneError) -> ApiError {
    ApiError::validation("phone", e.message())
}

/// The open or snoozed conversation with `contact` on `profile` (the newest), and whether the
/// caller may see it.
fn open_conversation(
    conn: &Connection,
    caller: &Caller,
    contact: i64,
    profile: i64,
) -> Result<Option<(i64, bool)>, ApiError> {
    Ok(conn
        .query_row(
            &format!(
                "SELECT c.id, coalesce({}, 0) FROM conversations c
                 WHERE c.contact_id = ?1 AND c.sender_profile_id = ?2
                   AND c.status IN ('open', 'snoozed')
                 ORDER BY c.last_activity_at DESC, c.id DESC LIMIT 1",
                caller.visible
            ),
            params![contact, profile],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?)
}

/// The tenant's contact with this number, with their name.
fn contact_by_phone(
    conn: &Connection,
    tenant_id: i64,
    phone: &str,
) -> rusqlite::Result<Option<(i64, Option<String>)>> {
    conn.query_row(
        "SELECT id, name FROM contacts WHERE tenant_id = ?1 AND phone = ?2",
        params![tenant_id, phone],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .optional()
}

/// `GET /api/spaces/{id}/start/existing?sender_profile=&phone=|contact=`.
pub fn existing(
    conn: &Connection,
    caller: &Caller,
    space_id: i64,
    profile_id: i64,
    key: &ContactKey,
) -> Result<ExistingConversation, ApiError> {
    require_start_permission(caller)?;
    let profile = space_profile(conn, caller, space_id, profile_id, "sender_profile")?;
    let tenant_id = caller.viewer.tenant.id;
    let contact = match key {
        ContactKey::Phone(typed) => {
            let number = phone::normalize(typed).map_err(phone_problem)?;
            contact_by_phone(conn, tenant_id, &number)?.map(|(id, _)| id)
        }
        ContactKey::Id(id) => conn
            .query_row(
                "SELECT id FROM contacts WHERE id = ?1 AND tenant_id = ?2",
                params![id, tenant_id],
                |r| r.get(0),
            )
            .optional()?,
    };
    let found = match contact {
        Some(contact) => open_conversation(conn, caller, contact, profile.id)?,
        None => None,
    };
    Ok(ExistingConversation {
        conversation_id: found.filter(|(_, visible)| *visible).map(|(id, _)| id),
    })
}

/// The result of a start: the conversation, and whether this request created it (false: a
/// repeat of the same `Idempotency-Key`).
#[derive(Debug, Clone, Copy)]
pub struct Started {
    pub conversation_id: i64,
    pub created: bool,
}

/// The contact a new conversation is with: an existing one (with their name) or a number to
/// create one for.
enum Recipient {
    Known { id: i64, name: Option<String> },
    New { phone: String },
}

/// The contact of the request, checked for the profile's stream.
fn recipient(
    conn: &Connection,
    tenant_id: i64,
    profile: &Profile,
    input: &NewConversation,
) -> Result<Recipient, ApiError> {
    match profile.stream {
        Stream::Sms | Stream::Whatsapp => {
            let typed = input.phone.as_deref().unwrap_or("");
            let number = phone::normalize(typed).map_err(phone_problem)?;
            Ok(match contact_by_phone(conn, tenant_id, &number)? {
                Some((id, name)) => Recipient::Known { id, name },
                None => Recipient::New { phone: number },
            })
        }
        Stream::Telegram => {
            let Some(id) = input.contact_id else {
                return Err(ApiError::validation(
                    "contact_id",
                    "Choose a contact who has started a chat with the bot.",
                ));
            };
            let found: Option<(Option<String>, bool)> = conn
                .query_row(
                    &format!(
                        "SELECT k.name, {} FROM contacts k
                         WHERE k.id = ?1 AND k.tenant_id = ?2 AND k.telegram_handle IS NOT NULL",
                        started_chat_sql("k.id", "?3")
                    ),
                    params![id, tenant_id, profile.id],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?;
            match found {
                None => Err(ApiError::validation(
                    "contact_id",
                    "There is no such Telegram contact.",
                )),
                Some((_, false)) => {
                    let v = RuleViolation::TelegramNotStarted;
                    Err(ApiError::Problem(
                        Problem::new(ErrorCode::Validation, v.message())
                            .with_rule(v.rule())
                            .with_field("contact_id"),
                    ))
                }
                Some((name, true)) => Ok(Recipient::Known { id, name }),
            }
        }
    }
}

/// The optional name of a new contact: trimmed, None when blank, 422 when too long.
fn contact_name(input: &NewConversation) -> Result<Option<String>, ApiError> {
    let name = input.contact_name.as_deref().map(str::trim).unwrap_or("");
    if name.is_empty() {
        Ok(None)
    } else if name.chars().count() > CONTACT_NAME_MAX {
        Err(ApiError::validation(
            "contact_name",
            format!("Keep the name to {CONTACT_NAME_MAX} characters or fewer."),
        ))
    } else {
        Ok(Some(name.to_owned()))
    }
}

/// The team `id` of the space, if the caller may start conversations for it (422 on
/// `team_id` otherwise).
fn start_team(
    conn: &Connection,
    caller: &Caller,
    space_id: i64,
    id: i64,
) -> Result<TeamRef, ApiError> {
    let in_space: Option<String> = conn
        .query_row(
            "SELECT name FROM teams WHERE id = ?1 AND space_id = ?2",
            params![id, space_id],
            |r| r.get(0),
        )
        .optional()?;
    let Some(name) = in_space else {
        return Err(ApiError::validation(
            "team_id",
            "Choose a team of this space.",
        ));
    };
    // Owner and Admins may choose every team of the space, the others the teams they work in.
    if !start_teams(conn, caller, space_id)?
        .iter()
        .any(|t| t.id == id)
    {
        return Err(ApiError::validation(
            "team_id",
            "Choose one of your teams: you may not start conversations for this one.",
        ));
    }
    Ok(TeamRef { id, name })
}

/// The text of the first message: as written, or, with a template and no text, the template
/// filled for the conversation of `facts` (422 on `template_id` for another channel's).
fn first_body(
    conn: &Connection,
    caller: &Caller,
    facts: &crate::store::conversations::compose::ConversationFacts,
    message: &SendMessage,
) -> Result<String, ApiError> {
    let body = message.body.trim();
    match message.template_id {
        Some(template_id) if body.is_empty() => {
            let found = template(conn, caller.viewer.tenant.id, template_id)?;
            if !found.suits(facts.stream) {
                return Err(ApiError::validation(
                    "template_id",
                    "This template is for another channel.",
                ));
            }
            let filled =
                fill_placeholders(&found.template.body, &placeholder_values(caller, facts));
            Ok(filled.trim().to_owned())
        }
        _ => Ok(body.to_owned()),
    }
}

/// `POST /api/spaces/{id}/conversations`, for a caller who may see the space.
pub fn start(
    conn: &mut Connection,
    caller: &Caller,
    space_id: i64,
    input: &NewConversation,
) -> Result<Started, ApiError> {
    let message = &input.message;
    check_client_id(&message.client_id)?;
    if message.kind != MessageKind::Reply {
        return Err(ApiError::validation(
            "kind",
            "A conversation starts with a reply to the contact.",
        ));
    }
    require_start_permission(caller)?;
    let tenant_id = caller.viewer.tenant.id;
    let author = caller.viewer.user.id;

    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    if let Some(first) = stored_send(&tx, author, &message.client_id)? {
        return repeat(&tx, caller, space_id, input, &first);
    }
    let profile = space_profile(
        &tx,
        caller,
        space_id,
        input.sender_profile_id,
        "sender_profile_id",
    )?;
    let team = start_team(&tx, caller, space_id, input.team_id)?;
    let recipient = recipient(&tx, tenant_id, &profile, input)?;
    let name = contact_name(input)?;
    if let Recipient::Known { id, .. } = &recipient {
        if let Some((open, visible)) = open_conversation(&tx, caller, *id, profile.id)? {
            let p = Problem::new(
                ErrorCode::Conflict,
                "This contact already has an open conversation on this sender profile",
            );
            return Err(ApiError::Problem(if visible {
                p.with_detail("Open it instead of starting a second one.")
                    .with_conversation(open)
            } else {
                p.with_detail("It belongs to a team you do not work in.")
            }));
        }
    }

    let now = clock::now();
    let now_text = clock::format(now);
    let contact = match recipient {
        Recipient::Known { id, name: known } => {
            if known.as_deref().is_none_or(|n| n.trim().is_empty()) && name.is_some() {
                tx.execute(
                    "UPDATE contacts SET name = ?2 WHERE id = ?1",
                    params![id, name],
                )?;
            }
            id
        }
        Recipient::New { phone } => {
            tx.execute(
                "INSERT INTO contacts (tenant_id, name, phone, created_at)
                 VALUES (?1, ?2, ?3, ?4)",
                params![tenant_id, name, phone, now_text],
            )?;
            tx.last_insert_rowid()
        }
    };
    let assignee = caller
        .membership
        .member_of_teams
        .contains(&team.id)
        .then_some(author);
    // One conversation per contact × profile × team: a closed one of that team is reopened
    // (its thread gets the reopened event) rather than duplicated.
    let closed: Option<i64> = tx
        .query_row(
            "SELECT id FROM conversations
             WHERE contact_id = ?1 AND sender_profile_id = ?2 AND team_id = ?3",
            params![contact, profile.id, team.id],
            |r| r.get(0),
        )
        .optional()?;
    // Reusing a closed conversation may assign it: remember who saw it before.
    let mark = Mark::take(&tx, closed.map_or(Watch::Nothing, Watch::One))?;
    let conversation_id = match closed {
        Some(id) => {
            if assignee.is_some() {
                tx.execute(
                    "UPDATE conversations SET assignee_id = ?2 WHERE id = ?1",
                    params![id, assignee],
                )?;
            }
            id
        }
        None => {
            tx.execute(
                "INSERT INTO conversations (tenant_id, space_id, team_id, contact_id,
                    sender_profile_id, stream, status, assignee_id, unread_count,
                    last_message_preview, last_activity_at, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'open', ?7, 0, '', ?8, ?8)",
                params![
                    tenant_id,
                    space_id,
                    team.id,
                    contact,
                    profile.id,
                    profile.stream.as_str(),
                    assignee,
                    now_text
                ],
            )?;
            let id = tx.last_insert_rowid();
            tx.execute(
                "INSERT INTO messages (conversation_id, kind, author_id, event_type, created_at)
                 VALUES (?1, 'event', ?2, 'started', ?3)",
                params![id, author, now_text],
            )?;
            id
        }
    };
    let facts = facts(&tx, tenant_id, conversation_id)?;
    let body = first_body(&tx, caller, &facts, message)?;
    send_reply(&tx, caller, &facts, message, &body, profile.id, now)?;
    let created: &[i64] = if closed.is_none() {
        &[conversation_id]
    } else {
        &[]
    };
    mark.record(&tx, Some(author), created)?;
    tx.commit()?;
    Ok(Started {
        conversation_id,
        created: true,
    })
}

/// A request whose key the caller already used: the same start again answers the conversation
/// it started; anything else is 422 `idempotency_key_reused`.
fn repeat(
    conn: &Connection,
    caller: &Caller,
    space_id: i64,
    input: &NewConversation,
    first: &crate::store::conversations::send::StoredSend,
) -> Result<Started, ApiError> {
    let facts = facts(conn, caller.viewer.tenant.id, first.conversation_id)?;
    let (contact, phone_of_contact): (i64, Option<String>) = conn.query_row(
        "SELECT k.id, k.phone FROM conversations c JOIN contacts k ON k.id = c.contact_id
         WHERE c.id = ?1",
        [first.conversation_id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let same_contact = match facts.stream {
        Stream::Telegram => input.contact_id == Some(contact),
        Stream::Sms | Stream::Whatsapp => {
            let typed = input.phone.as_deref().unwrap_or("");
            phone::normalize(typed)
                .ok()
                .is_some_and(|p| Some(p) == phone_of_contact)
        }
    };
    let same_target = facts.space_id == space_id
        && facts.sender_profile_id == input.sender_profile_id
        && same_contact;
    let body = first_body(conn, caller, &facts, &input.message)?;
    let retry = SendRequest {
        // A start of another conversation can never match the stored one.
        conversation_id: if same_target {
            first.conversation_id
        } else {
            0
        },
        kind: input.message.kind,
        body: &body,
        sender_profile_id: Some(input.sender_profile_id),
    };
    check_repeat(&retry, first)?;
    Ok(Started {
        conversation_id: first.conversation_id,
        created: false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn like_patterns_match_wildcards_literally() {
        assert_eq!(like_pattern("anna"), "%anna%");
        assert_eq!(like_pattern("a_b%c\\"), "%a\\_b\\%c\\\\%");
    }
}
