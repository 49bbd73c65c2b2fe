//! Settings: the bodies of the settings endpoints and the validation both sides share (the app
//! checks as you type, the server checks again and answers a `validation` problem naming the
//! field).
//!
//! Endpoints (see `crate::paths`): each area has a `GET` list, `POST` create, `PATCH` edit and
//! `DELETE`, scoped on the server to what the caller may manage (product.md §3): owner and Admins
//! everything of the tenant; a Manager the spaces assigned to them and what lives in them.

use serde::{Deserialize, Serialize};

use crate::conversations::{Stream, TeamRef, UserRef};
use crate::permissions::{RoleBase, RoleFlag};

/// A field that failed validation and what to tell the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub field: &'static str,
    pub message: String,
}

impl FieldError {
    pub fn new(field: &'static str, message: impl Into<String>) -> FieldError {
        FieldError {
            field,
            message: message.into(),
        }
    }
}

/// The longest name of anything in settings (profiles, rules, templates, spaces, teams, roles).
pub const NAME_MAX: usize = 60;

/// A trimmed, non-empty name of at most `max` characters; `what` is "the profile", "the team"….
pub fn normalize_name(
    field: &'static str,
    what: &str,
    name: &str,
    max: usize,
) -> Result<String, FieldError> {
    let name = name.trim();
    if name.is_empty() {
        return Err(FieldError::new(field, format!("Give {what} a name.")));
    }
    if name.chars().count() > max {
        return Err(FieldError::new(
            field,
            format!("Keep the name to {max} characters or fewer."),
        ));
    }
    Ok(name.to_owned())
}

/// A phone number in E.164 (`+` then 7 to 15 digits, not starting with 0). Spaces, dashes,
/// dots and brackets people type for readability are dropped; nothing else is guessed (no
/// national prefixes), so what is stored is exactly the number the provider dials.
pub fn normalize_e164(input: &str) -> Result<String, String> {
    let compact: String = input
        .trim()
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '.' | '(' | ')' | '\u{a0}'))
        .collect();
    let digits = compact.strip_prefix('+').unwrap_or("");
    let valid = (7..=15).contains(&digits.len())
        && digits.chars().all(|c| c.is_ascii_digit())
        && !digits.starts_with('0');
    if valid {
        Ok(compact)
    } else {
        Err(format!(
            "\u{201c}{}\u{201d} is not a number in international format (E.164), for example +14155550123.",
            input.trim()
        ))
    }
}

/// A Telegram bot's numeric id: the digits before the colon of its token ("123456789:AA…"
/// is accepted and reduced to them, so pasting the token does not store the secret).
pub fn normalize_bot_id(input: &str) -> Result<String, String> {
    let trimmed = input.trim();
    let id = trimmed.split(':').next().unwrap_or("");
    if (1..=20).contains(&id.len()) && id.chars().all(|c| c.is_ascii_digit()) {
        Ok(id.to_owned())
    } else {
        Err(format!(
            "\u{201c}{trimmed}\u{201d} is not a bot id: use the digits before the colon in the bot's token, for example 6012345678."
        ))
    }
}

/// A sender address for the stream: E.164 for SMS and WhatsApp, a bot id for Telegram.
pub fn normalize_sender(stream: Stream, input: &str) -> Result<String, String> {
    match stream {
        Stream::Sms | Stream::Whatsapp => normalize_e164(input),
        Stream::Telegram => normalize_bot_id(input),
    }
}

/// The senders of a form (`field` is `senders`): each valid for the stream, at least one, no
/// repeats (after normalising, so "+1 415…" and "+1415…" are one sender).
pub fn normalize_senders(stream: Stream, senders: &[String]) -> Result<Vec<String>, FieldError> {
    let mut out: Vec<String> = Vec::new();
    for raw in senders.iter().filter(|s| !s.trim().is_empty()) {
        let sender = normalize_sender(stream, raw).map_err(|m| FieldError::new("senders", m))?;
        if !out.contains(&sender) {
            out.push(sender);
        }
    }
    if out.is_empty() {
        let hint = match stream {
            Stream::Telegram => "Add at least one bot.",
            _ => "Add at least one number.",
        };
        return Err(FieldError::new("senders", hint));
    }
    Ok(out)
}

/// Something settings lists by id and name (a space, a profile, a rule, a role).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NamedRef {
    pub id: i64,
    pub name: String,
}

// ---------------------------------------------------------------------------------------------
// Senders: the registry both sender profiles and routing rules draw from.

/// `GET /api/senders`: every sender of the tenant and what holds it, so that a form can say
/// "+1 415… is already in the profile Sales US" as you type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SenderSetting {
    pub stream: Stream,
    pub address: String,
    pub profile: Option<NamedRef>,
    pub rule: Option<NamedRef>,
}

// ---------------------------------------------------------------------------------------------
// Sender profiles.

/// A row of Settings → Sender profiles.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SenderProfileSetting {
    pub id: i64,
    pub name: String,
    pub stream: Stream,
    pub space: NamedRef,
    pub senders: Vec<String>,
    /// False: every team and agent of the space may use it; the lists below are then empty.
    pub restricted: bool,
    pub teams: Vec<TeamRef>,
    pub agents: Vec<UserRef>,
    /// Conversations on the profile: what deleting it would affect.
    pub conversations: u64,
}

/// `POST /api/sender-profiles` and `PATCH /api/sender-profiles/{id}`. The stream and space of
/// a profile with conversations cannot change (its conversations are on that channel).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SenderProfileInput {
    pub name: String,
    pub stream: Stream,
    pub space_id: i64,
    pub senders: Vec<String>,
    pub restricted: bool,
    #[serde(default)]
    pub team_ids: Vec<i64>,
    #[serde(default)]
    pub agent_ids: Vec<i64>,
}

impl SenderProfileInput {
    pub fn normalized(&self) -> Result<SenderProfileInput, FieldError> {
        let name = normalize_name("name", "the profile", &self.name, NAME_MAX)?;
        let senders = normalize_senders(self.stream, &self.senders)?;
        if self.restricted && self.team_ids.is_empty() && self.agent_ids.is_empty() {
            return Err(FieldError::new(
                "availability",
                "Choose at least one team or agent, or make the profile available to everyone.",
            ));
        }
        let (team_ids, agent_ids) = if self.restricted {
            (dedup(&self.team_ids), dedup(&self.agent_ids))
        } else {
            (Vec::new(), Vec::new())
        };
        Ok(SenderProfileInput {
            name,
            stream: self.stream,
            space_id: self.space_id,
            senders,
            restricted: self.restricted,
            team_ids,
            agent_ids,
        })
    }
}

fn dedup(ids: &[i64]) -> Vec<i64> {
    let mut out = ids.to_vec();
    out.sort_unstable();
    out.dedup();
    out
}

// ---------------------------------------------------------------------------------------------
// Incoming routing.

/// A row of Settings → Incoming routing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoutingRuleSetting {
    pub id: i64,
    pub name: String,
    pub stream: Stream,
    pub senders: Vec<String>,
    pub team: TeamRef,
    pub space: NamedRef,
}

/// `POST /api/routing-rules` and `PATCH /api/routing-rules/{id}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoutingRuleInput {
    pub name: String,
    pub stream: Stream,
    pub senders: Vec<String>,
    pub team_id: i64,
}

impl RoutingRuleInput {
    pub fn normalized(&self) -> Result<RoutingRuleInput, FieldError> {
        Ok(RoutingRuleInput {
            name: normalize_name("name", "the rule", &self.name, NAME_MAX)?,
            stream: self.stream,
            senders: normalize_senders(self.stream, &self.senders)?,
            team_id: self.team_id,
        })
    }
}

/// `POST /api/support/inbound` (support token): the messaging platform delivers a message a
/// contact sent to one of the tenant's senders. The reference server stands in for the
/// provider webhooks; routing rules decide the team of a conversation the contact starts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InboundMessage {
    pub stream: Stream,
    /// The tenant's sender the contact wrote to (E.164 or bot id).
    pub to: String,
    /// The contact: E.164 for SMS and WhatsApp, the Telegram handle for Telegram.
    pub from: String,
    pub text: String,
}

/// What `POST /api/support/inbound` did with the message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InboundReceipt {
    pub conversation_id: i64,
    pub team: TeamRef,
    pub space: NamedRef,
    /// The rule that chose the team; None when the sender has no rule and the conversation
    /// went to the default team (see the server).
    pub rule: Option<NamedRef>,
    /// False when the contact's existing conversation on that profile received it.
    pub created: bool,
}

// ---------------------------------------------------------------------------------------------
// Canned templates.

/// Placeholders a template may use, filled in by the composer when the template is inserted.
pub const TEMPLATE_PLACEHOLDERS: &[(&str, &str)] = &[
    (
        "contact.name",
        "The contact's name, or their number when unnamed",
    ),
    ("contact.first_name", "The first word of the contact's name"),
    ("contact.phone", "The contact's phone number"),
    ("agent.name", "Your name"),
    ("agent.first_name", "Your first name"),
    ("team.name", "The conversation's team"),
    ("company.name", "Your organisation's name"),
];

/// The longest template body: 10 SMS segments of GSM-7 (153 characters each).
pub const TEMPLATE_BODY_MAX: usize = 1530;

/// The placeholders of `body` in order, or a message about the first that is malformed or
/// unknown.
pub fn template_placeholders(body: &str) -> Result<Vec<&str>, String> {
    let mut found = Vec::new();
    let mut rest = body;
    while let Some(start) = rest.find("{{") {
        let after = &rest[start + 2..];
        let Some(end) = after.find("}}") else {
            return Err("A placeholder is not closed: end it with }}.".into());
        };
        let name = after[..end].trim();
        if !TEMPLATE_PLACEHOLDERS.iter().any(|(p, _)| *p == name) {
            let known: Vec<String> = TEMPLATE_PLACEHOLDERS
                .iter()
                .map(|(p, _)| format!("{{{{{p}}}}}"))
                .collect();
            return Err(format!(
                "{{{{{name}}}}} is not a placeholder. Use one of: {}.",
                known.join(", ")
            ));
        }
        found.push(name);
        rest = &after[end + 2..];
    }
    if rest.contains("}}") {
        return Err("A placeholder is not opened: start it with {{.".into());
    }
    Ok(found)
}

/// A row of Settings → Canned templates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TemplateSetting {
    pub id: i64,
    pub name: String,
    pub body: String,
    /// None: usable on every channel.
    pub stream: Option<Stream>,
    /// An approved WhatsApp template: the only kind usable outside the 24-hour window.
    pub whatsapp_approved: bool,
}

/// `POST /api/templates` and `PATCH /api/templates/{id}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TemplateInput {
    pub name: String,
    pub body: String,
    pub stream: Option<Stream>,
    #[serde(default)]
    pub whatsapp_approved: bool,
}

impl TemplateInput {
    pub fn normalized(&self) -> Result<TemplateInput, FieldError> {
        let name = normalize_name("name", "the template", &self.name, NAME_MAX)?;
        let body = self.body.trim();
        if body.is_empty() {
            return Err(FieldError::new("body", "Write the text of the template."));
        }
        if body.chars().count() > TEMPLATE_BODY_MAX {
            return Err(FieldError::new(
                "body",
                format!("Keep the text to {TEMPLATE_BODY_MAX} characters or fewer."),
            ));
        }
        template_placeholders(body).map_err(|m| FieldError::new("body", m))?;
        if self.whatsapp_approved && self.stream != Some(Stream::Whatsapp) {
            return Err(FieldError::new(
                "whatsapp_approved",
                "Only WhatsApp templates can be approved: choose WhatsApp as the channel.",
            ));
        }
        Ok(TemplateInput {
            name,
            body: body.to_owned(),
            stream: self.stream,
            whatsapp_approved: self.whatsapp_approved,
        })
    }
}

// ---------------------------------------------------------------------------------------------
// Spaces and teams.

/// A space of Settings → Spaces and teams, with its teams.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpaceSetting {
    pub id: i64,
    pub name: String,
    pub teams: Vec<TeamSetting>,
    /// Users assigned to the space (Managers and Agents).
    pub members: Vec<UserRef>,
    /// What deleting the space would delete with it.
    pub conversations: u64,
    pub sender_profiles: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamSetting {
    pub id: i64,
    pub name: String,
    pub space_id: i64,
    pub members: Vec<TeamMemberSetting>,
    pub conversations: u64,
    /// Routing rules that send conversations to the team (deleting the team deletes them).
    pub routing_rules: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamMemberSetting {
    pub user_id: i64,
    pub name: String,
    /// Manages the team: sees all its conversations.
    pub is_manager: bool,
}

/// `POST /api/spaces` (Admins only) and `PATCH /api/spaces/{id}` (rename).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpaceInput {
    pub name: String,
}

impl SpaceInput {
    pub fn normalized(&self) -> Result<SpaceInput, FieldError> {
        Ok(SpaceInput {
            name: normalize_name("name", "the space", &self.name, NAME_MAX)?,
        })
    }
}

/// `POST /api/teams` and `PATCH /api/teams/{id}`: a changed `space_id` moves the team.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamInput {
    pub name: String,
    pub space_id: i64,
    #[serde(default)]
    pub members: Vec<TeamMemberInput>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamMemberInput {
    pub user_id: i64,
    #[serde(default)]
    pub is_manager: bool,
}

impl TeamInput {
    pub fn normalized(&self) -> Result<TeamInput, FieldError> {
        let mut members: Vec<TeamMemberInput> = Vec::new();
        for m in &self.members {
            match members.iter_mut().find(|x| x.user_id == m.user_id) {
                Some(existing) => existing.is_manager |= m.is_manager,
                None => members.push(m.clone()),
            }
        }
        Ok(TeamInput {
            name: normalize_name("name", "the team", &self.name, NAME_MAX)?,
            space_id: self.space_id,
            members,
        })
    }
}

// ---------------------------------------------------------------------------------------------
// Users and roles.

/// A row of Settings → Users and roles.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserSetting {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub is_owner: bool,
    pub inbox_permission: bool,
    pub role: Option<NamedRef>,
    pub active: bool,
    pub spaces: Vec<NamedRef>,
    pub teams: Vec<TeamRef>,
    /// What the caller may do to this user: false for the owner, for Admins when the caller is
    /// a Manager, and for the caller themselves (nobody demotes or deactivates themselves).
    pub editable: bool,
}

/// `POST /api/users`: invites a user. The answer carries a one-time password to pass on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserInviteInput {
    pub name: String,
    pub email: String,
    pub role_id: i64,
    #[serde(default)]
    pub space_ids: Vec<i64>,
    #[serde(default)]
    pub team_ids: Vec<i64>,
}

impl UserInviteInput {
    pub fn normalized(&self) -> Result<UserInviteInput, FieldError> {
        let name = normalize_name("name", "the person", &self.name, 80)?;
        let email = self.email.trim().to_ascii_lowercase();
        let valid = email.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
        }) && !email.chars().any(char::is_whitespace)
            && email.len() <= 254;
        if !valid {
            return Err(FieldError::new(
                "email",
                "Enter an e-mail address, for example sam@example.com.",
            ));
        }
        Ok(UserInviteInput {
            name,
            email,
            role_id: self.role_id,
            space_ids: dedup(&self.space_ids),
            team_ids: dedup(&self.team_ids),
        })
    }
}

/// `POST /api/users` answers the new user and the password they sign in with first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserInvited {
    pub user: UserSetting,
    pub temporary_password: String,
}

/// `PATCH /api/users/{id}`: every field optional; what is given changes.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserUpdate {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role_id: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inbox_permission: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub active: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub space_ids: Option<Vec<i64>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub team_ids: Option<Vec<i64>>,
}

/// What the Users dialog saves: an invitation (`POST /api/users`) or a change to the user
/// `id` (`PATCH /api/users/{id}`). Not a body itself: each request sends its own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UserSave {
    Invite(UserInviteInput),
    Update(i64, UserUpdate),
}

/// A role of Settings → Users and roles: the three built-ins and the tenant's custom roles.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoleSetting {
    pub id: i64,
    pub name: String,
    pub base: RoleBase,
    pub builtin: bool,
    pub disabled: Vec<RoleFlag>,
    /// Users holding the role: what deleting it would affect.
    pub users: u64,
}

/// `POST /api/roles` and `PATCH /api/roles/{id}` (Admins only): a custom role.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoleInput {
    pub name: String,
    /// Manager or Agent; custom roles are never Admin-based.
    pub base: RoleBase,
    pub disabled: Vec<RoleFlag>,
}

impl RoleInput {
    pub fn normalized(&self) -> Result<RoleInput, FieldError> {
        let name = normalize_name("name", "the role", &self.name, NAME_MAX)?;
        if self.base == RoleBase::Admin {
            return Err(FieldError::new(
                "base",
                "Custom roles are based on Inbox Manager or Inbox Agent.",
            ));
        }
        let mut disabled = self.disabled.clone();
        disabled.sort();
        disabled.dedup();
        Ok(RoleInput {
            name,
            base: self.base,
            disabled,
        })
    }
}

impl RoleFlag {
    /// The wording of the switch in the role form.
    pub fn label(self) -> &'static str {
        match self {
            RoleFlag::Reply => "May reply to contacts",
            RoleFlag::AddNotes => "May add internal notes",
            RoleFlag::Assign => "May assign conversations",
            RoleFlag::Tag => "May tag conversations",
            RoleFlag::Close => "May close conversations",
            RoleFlag::Reopen => "May reopen conversations",
            RoleFlag::StartConversations => "May start new conversations",
            RoleFlag::DeleteTags => "May delete tags",
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Tags.

/// A tag as the settings page lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TagSetting {
    pub id: i64,
    pub name: String,
    /// `#rrggbb`.
    pub color: String,
    /// Conversations that carry the tag: what deleting it would affect.
    pub conversations: u64,
}

/// `POST /api/tags` and `PATCH /api/tags/{id}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TagInput {
    pub name: String,
    pub color: String,
}

/// The longest tag name: tags show as chips in list rows.
pub const TAG_NAME_MAX: usize = 40;

impl TagInput {
    /// The name trimmed and the colour lower-cased, or the first field that is wrong.
    pub fn normalized(&self) -> Result<TagInput, FieldError> {
        let name = self.name.trim();
        if name.is_empty() {
            return Err(FieldError {
                field: "name",
                message: "Give the tag a name.".into(),
            });
        }
        if name.chars().count() > TAG_NAME_MAX {
            return Err(FieldError {
                field: "name",
                message: format!("Keep the name to {TAG_NAME_MAX} characters or fewer."),
            });
        }
        let color = self.color.trim().to_ascii_lowercase();
        let hex = color.strip_prefix('#').unwrap_or("");
        if hex.len() != 6 || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
            return Err(FieldError {
                field: "color",
                message: "Pick a colour as #rrggbb, for example #2563eb.".into(),
            });
        }
        Ok(TagInput {
            name: name.to_owned(),
            color,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(name: &str, color: &str) -> TagInput {
        TagInput {
            name: name.into(),
            color: color.into(),
        }
    }

    #[test]
    fn names_are_trimmed_and_colours_lower_cased() {
        assert_eq!(
            input("  VIP  ", "#AABBCC").normalized(),
            Ok(input("VIP", "#aabbcc"))
        );
    }

    #[test]
    fn bad_input_names_its_field() {
        assert_eq!(
            input(" ", "#aabbcc").normalized().unwrap_err().field,
            "name"
        );
        assert_eq!(
            input(&"x".repeat(41), "#aabbcc")
                .normalized()
                .unwrap_err()
                .field,
            "name"
        );
        for color in ["", "aabbcc", "#abc", "#gggggg", "#aabbccdd", "red"] {
            assert_eq!(
                input("VIP", color).normalized().unwrap_err().field,
                "color",
                "{color}"
            );
        }
    }
    #[test]
    fn phone_numbers_must_be_e164() {
        assert_eq!(
            normalize_e164(" +1 (415) 555-0123 ").as_deref(),
            Ok("+14155550123")
        );
        for bad in [
            "0041791234567",
            "+0123456789",
            "4155550123",
            "+1415",
            "+1415555012345678",
            "+1 415 CALL NOW",
            "",
        ] {
            assert!(normalize_e164(bad).is_err(), "{bad}");
        }
        assert!(normalize_e164("4155550123").unwrap_err().contains("E.164"));
    }

    #[test]
    fn bot_ids_are_digits_and_a_pasted_token_keeps_only_them() {
        assert_eq!(normalize_bot_id("6012345678").as_deref(), Ok("6012345678"));
        assert_eq!(
            normalize_bot_id("6012345678:AAF-secret").as_deref(),
            Ok("6012345678")
        );
        assert!(normalize_bot_id("@acme_bot").is_err());
        assert_eq!(
            normalize_sender(Stream::Whatsapp, "+49 30 1234567").as_deref(),
            Ok("+49301234567")
        );
    }

    #[test]
    fn senders_are_deduplicated_and_at_least_one() {
        let list = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            normalize_senders(
                Stream::Sms,
                &list(&["+1 415 555 0123", "+14155550123", " "])
            ),
            Ok(vec!["+14155550123".to_string()])
        );
        assert_eq!(
            normalize_senders(Stream::Sms, &list(&[" "]))
                .unwrap_err()
                .field,
            "senders"
        );
        assert_eq!(
            normalize_senders(Stream::Sms, &list(&["+14155550123", "oops"]))
                .unwrap_err()
                .field,
            "senders"
        );
    }

    #[test]
    fn template_placeholders_are_known_and_closed() {
        assert_eq!(
            template_placeholders("Hi {{contact.name}}, I am {{ agent.name }}."),
            Ok(vec!["contact.name", "agent.name"])
        );
        let unknown = template_placeholders("Hi {{customer.name}}").unwrap_err();
        assert!(
            unknown.contains("{{customer.name}} is not a placeholder"),
            "{unknown}"
        );
        assert!(unknown.contains("{{contact.name}}"), "{unknown}");
        assert!(template_placeholders("Hi {{contact.name").is_err());
        assert!(template_placeholders("Hi contact.name}}").is_err());
        assert_eq!(template_placeholders("No placeholders"), Ok(vec![]));
    }

    #[test]
    fn templates_validate_body_and_approval() {
        let t = |body: &str, stream: Option<Stream>, approved: bool| TemplateInput {
            name: " Greeting ".into(),
            body: body.into(),
            stream,
            whatsapp_approved: approved,
        };
        let ok = t(" Hi {{contact.name}} ", Some(Stream::Whatsapp), true)
            .normalized()
            .unwrap();
        assert_eq!(
            (ok.name.as_str(), ok.body.as_str()),
            ("Greeting", "Hi {{contact.name}}")
        );
        assert_eq!(
            t("Hi {{x}}", None, false).normalized().unwrap_err().field,
            "body"
        );
        assert_eq!(t("  ", None, false).normalized().unwrap_err().field, "body");
        assert_eq!(
            t("Hi", Some(Stream::Sms), true)
                .normalized()
                .unwrap_err()
                .field,
            "whatsapp_approved"
        );
        assert_eq!(
            t("Hi", None, true).normalized().unwrap_err().field,
            "whatsapp_approved"
        );
    }

    #[test]
    fn restricted_profiles_need_someone_and_open_ones_forget_lists() {
        let p = |restricted: bool, teams: Vec<i64>| SenderProfileInput {
            name: "Sales US".into(),
            stream: Stream::Sms,
            space_id: 1,
            senders: vec!["+14155550123".into()],
            restricted,
            team_ids: teams,
            agent_ids: vec![],
        };
        assert_eq!(
            p(true, vec![]).normalized().unwrap_err().field,
            "availability"
        );
        assert_eq!(
            p(true, vec![3, 2, 3]).normalized().unwrap().team_ids,
            vec![2, 3]
        );
        assert!(p(false, vec![3]).normalized().unwrap().team_ids.is_empty());
    }

    #[test]
    fn custom_roles_are_never_admin_based_and_invites_need_an_email() {
        let role = RoleInput {
            name: "Trainee".into(),
            base: RoleBase::Admin,
            disabled: vec![],
        };
        assert_eq!(role.normalized().unwrap_err().field, "base");
        let invite = |email: &str| UserInviteInput {
            name: "Sam".into(),
            email: email.into(),
            role_id: 3,
            space_ids: vec![],
            team_ids: vec![],
        };
        assert_eq!(
            invite(" Sam@Example.COM ").normalized().unwrap().email,
            "sam@example.com"
        );
        for bad in [
            "sam",
            "sam@",
            "@example.com",
            "sam@example",
            "s am@example.com",
        ] {
            assert_eq!(
                invite(bad).normalized().unwrap_err().field,
                "email",
                "{bad}"
            );
        }
    }
}
