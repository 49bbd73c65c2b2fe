//! What the composer offers the caller in a conversation (`GET …/compose`): whether they may
//! reply and note, the sender profiles they may send from, the templates of the stream, the
//! WhatsApp window, whether a Telegram contact started the chat, and the placeholder values.
//! The send endpoint (`send.rs`) decides with the same facts.

use rusqlite::{params, Connection, OptionalExtension};
use textpeak_api::permissions;
use textpeak_api::{
    Capability, ComposeContext, ComposeTemplate, ConversationStatus, NamedRef, PlaceholderValues,
    Stream,
};

use crate::clock;
use crate::domain::compose::{profile_usable, whatsapp_window_closes_at, Availability};
use crate::http::problem::ApiError;
use crate::store::conversations::caller::Caller;
use crate::store::wire::wire;

/// A conversation as the composer's rules see it.
#[derive(Debug, Clone)]
pub struct ConversationFacts {
    pub id: i64,
    pub space_id: i64,
    pub stream: Stream,
    pub status: ConversationStatus,
    pub sender_profile_id: i64,
    pub team_name: String,
    /// Start of the WhatsApp window.
    pub last_inbound_at: Option<String>,
    /// The contact has written to us on this profile (Telegram: started the chat with the
    /// bot), in this conversation or another of theirs on the profile.
    pub contact_started_chat: bool,
    pub contact_name: Option<String>,
    pub contact_phone: Option<String>,
}

/// A SQL condition that holds when the contact `contact` has written to the sender profile
/// `profile` (SQL expressions) on any of their conversations on it: for Telegram, that they
/// started the chat with one of its bots, which a conversation started from the Inbox on that
/// profile inherits. Seeded history records the last inbound time without every message.
pub fn started_chat_sql(contact: &str, profile: &str) -> String {
    format!(
        "EXISTS (SELECT 1 FROM conversations sc WHERE sc.contact_id = {contact}
            AND sc.sender_profile_id = {profile}
            AND (sc.last_inbound_at IS NOT NULL OR EXISTS (
                SELECT 1 FROM messages sm WHERE sm.conversation_id = sc.id
                AND sm.direction = 'inbound')))"
    )
}

/// The facts of a conversation of the caller's tenant (visibility is the caller's check).
pub fn facts(conn: &Connection, tenant_id: i64, id: i64) -> Result<ConversationFacts, ApiError> {
    conn.query_row(
        &format!(
            "SELECT c.id, c.space_id, c.stream, c.status, c.sender_profile_id, t.name,
                c.last_inbound_at, {}, k.name, k.phone
             FROM conversations c
             JOIN teams t ON t.id = c.team_id
             JOIN contacts k ON k.id = c.contact_id
             WHERE c.id = ?1 AND c.tenant_id = ?2",
            started_chat_sql("c.contact_id", "c.sender_profile_id")
        ),
        params![id, tenant_id],
        |r| {
            Ok(ConversationFacts {
                id: r.get(0)?,
                space_id: r.get(1)?,
                stream: wire(Stream::parse, 2, r.get(2)?)?,
                status: wire(ConversationStatus::parse, 3, r.get(3)?)?,
                sender_profile_id: r.get(4)?,
                team_name: r.get(5)?,
                last_inbound_at: r.get(6)?,
                contact_started_chat: r.get(7)?,
                contact_name: r.get(8)?,
                contact_phone: r.get(9)?,
            })
        },
    )
    .optional()?
    .ok_or_else(ApiError::not_found)
}

/// What `{{…}}` placeholders stand for in this conversation, written by this caller.
pub fn placeholder_values(caller: &Caller, facts: &ConversationFacts) -> PlaceholderValues {
    let non_empty = |s: &Option<String>| {
        s.as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
    };
    PlaceholderValues {
        // "The contact's name, or their number when unnamed" (settings::TEMPLATE_PLACEHOLDERS).
        contact_name: non_empty(&facts.contact_name).or_else(|| non_empty(&facts.contact_phone)),
        contact_phone: non_empty(&facts.contact_phone),
        agent_name: Some(caller.viewer.user.name.clone()),
        team_name: Some(facts.team_name.clone()),
        company_name: Some(caller.viewer.tenant.name.clone()),
    }
}

/// A profile of a space, with its stream and who may use it.
pub struct Candidate {
    pub profile: NamedRef,
    pub stream: Stream,
    pub availability: Availability,
}

impl Candidate {
    pub fn usable_by(&self, caller: &Caller) -> bool {
        profile_usable(&caller.subject, &caller.membership, &self.availability)
    }
}

fn ids(conn: &Connection, sql: &str, id: i64) -> rusqlite::Result<Vec<i64>> {
    conn.prepare_cached(sql)?
        .query_map([id], |r| r.get(0))?
        .collect()
}

/// The profiles of the tenant's space (of one stream, or every stream), by name.
pub fn candidates(
    conn: &Connection,
    tenant_id: i64,
    space_id: i64,
    stream: Option<Stream>,
) -> Result<Vec<Candidate>, ApiError> {
    let rows: Vec<(NamedRef, String, bool)> = conn
        .prepare(
            "SELECT id, name, stream, restricted FROM sender_profiles
             WHERE tenant_id = ?1 AND space_id = ?2 AND (?3 IS NULL OR stream = ?3)
             ORDER BY name, id",
        )?
        .query_map(
            params![tenant_id, space_id, stream.map(|s| s.as_str())],
            |r| {
                Ok((
                    NamedRef {
                        id: r.get(0)?,
                        name: r.get(1)?,
                    },
                    r.get(2)?,
                    r.get(3)?,
                ))
            },
        )?
        .collect::<rusqlite::Result<_>>()?;
    let mut out = Vec::with_capacity(rows.len());
    for (profile, stream, restricted) in rows {
        let availability = if restricted {
            Availability {
                restricted,
                team_ids: ids(
                    conn,
                    "SELECT team_id FROM sender_profile_teams WHERE sender_profile_id = ?1",
                    profile.id,
                )?,
                user_ids: ids(
                    conn,
                    "SELECT user_id FROM sender_profile_users WHERE sender_profile_id = ?1",
                    profile.id,
                )?,
            }
        } else {
            Availability::default()
        };
        out.push(Candidate {
            profile,
            stream: Stream::parse(&stream)
                .ok_or_else(|| ApiError::internal(format!("sender profile stream {stream}")))?,
            availability,
        });
    }
    Ok(out)
}

/// The profiles of the conversation's space and stream the caller may send from, by name.
pub fn usable_profiles(
    conn: &Connection,
    caller: &Caller,
    facts: &ConversationFacts,
) -> Result<Vec<NamedRef>, ApiError> {
    Ok(candidates(
        conn,
        caller.viewer.tenant.id,
        facts.space_id,
        Some(facts.stream),
    )?
    .into_iter()
    .filter(|c| c.usable_by(caller))
    .map(|c| c.profile)
    .collect())
}

/// The conversation's own profile when the caller may use it, else the first they may.
pub fn default_profile(profiles: &[NamedRef], facts: &ConversationFacts) -> Option<i64> {
    profiles
        .iter()
        .find(|p| p.id == facts.sender_profile_id)
        .or_else(|| profiles.first())
        .map(|p| p.id)
}

/// A template of the tenant with its stream (None: every stream).
#[derive(Debug, Clone)]
pub struct TemplateFacts {
    pub template: ComposeTemplate,
    pub stream: Option<Stream>,
}

impl TemplateFacts {
    pub fn suits(&self, stream: Stream) -> bool {
        self.stream.is_none_or(|s| s == stream)
    }
}

fn template_from_row(r: &rusqlite::Row) -> rusqlite::Result<TemplateFacts> {
    Ok(TemplateFacts {
        template: ComposeTemplate {
            id: r.get(0)?,
            name: r.get(1)?,
            body: r.get(2)?,
            whatsapp_approved: r.get(4)?,
        },
        stream: r
            .get::<_, Option<String>>(3)?
            .map(|s| wire(Stream::parse, 3, s))
            .transpose()?,
    })
}

/// One template of the tenant.
pub fn template(conn: &Connection, tenant_id: i64, id: i64) -> Result<TemplateFacts, ApiError> {
    conn.query_row(
        "SELECT id, name, body, stream, whatsapp_approved FROM canned_templates
         WHERE id = ?1 AND tenant_id = ?2",
        params![id, tenant_id],
        template_from_row,
    )
    .optional()?
    .ok_or_else(|| ApiError::validation("template_id", "There is no such template."))
}

/// The tenant's templates for the stream or for every stream, by name.
pub fn templates(
    conn: &Connection,
    tenant_id: i64,
    stream: Stream,
) -> Result<Vec<ComposeTemplate>, ApiError> {
    let rows = conn
        .prepare(
            "SELECT id, name, body, stream, whatsapp_approved FROM canned_templates
             WHERE tenant_id = ?1 AND (stream IS NULL OR stream = ?2)
             ORDER BY name, id",
        )?
        .query_map(params![tenant_id, stream.as_str()], template_from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows.into_iter().map(|t| t.template).collect())
}

/// `GET /api/conversations/{id}/compose` for a caller who may see the conversation.
pub fn context(conn: &Connection, caller: &Caller, id: i64) -> Result<ComposeContext, ApiError> {
    let tenant_id = caller.viewer.tenant.id;
    let facts = facts(conn, tenant_id, id)?;
    let sender_profiles = usable_profiles(conn, caller, &facts)?;
    let whatsapp_window_closes_at = match facts.stream {
        Stream::Whatsapp => facts
            .last_inbound_at
            .as_deref()
            .and_then(clock::parse)
            .map(|t| clock::format(whatsapp_window_closes_at(t))),
        _ => None,
    };
    Ok(ComposeContext {
        can_reply: permissions::can(&caller.subject, Capability::Reply),
        can_note: permissions::can(&caller.subject, Capability::AddNotes),
        default_sender_profile_id: default_profile(&sender_profiles, &facts),
        sender_profiles,
        templates: templates(conn, tenant_id, facts.stream)?,
        whatsapp_window_closes_at,
        contact_started_chat: facts.contact_started_chat,
        placeholders: placeholder_values(caller, &facts),
        now: clock::now_text(),
    })
}
