//! The rules of the New conversation dialog: the number as typed (E.164 and the country its
//! code suggests, `textpeak_api::phone`), what the first message must be on each channel (the
//! composer's rules, `textpeak_api::compose`; WhatsApp: an approved template, since no window
//! is open), and which field a refusal of the server concerns. Pure and natively tested.

use textpeak_api::phone::{country_hint, normalize};
use textpeak_api::{check_reply, ComposeTemplate, ReplyFacts, Stream};

use super::shortcuts::KeyTarget;

/// Whether a key press opens the New conversation dialog: `C`, outside text fields, without
/// Ctrl, Alt or Meta.
pub fn opens_new_conversation(key: &str, with_modifier: bool, target: KeyTarget) -> bool {
    !with_modifier && target != KeyTarget::TextField && key.eq_ignore_ascii_case("c")
}

/// What the dialog says under the number while the agent types it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PhoneFeedback {
    /// Nothing typed yet.
    Empty,
    /// A number the server will take: its E.164 form and the country its code suggests.
    Valid {
        e164: String,
        country: Option<&'static str>,
    },
    /// Not a number yet: what is wrong, and the country the code typed so far suggests.
    Invalid {
        message: String,
        country: Option<&'static str>,
    },
}

pub fn phone_feedback(input: &str) -> PhoneFeedback {
    if input.trim().is_empty() {
        return PhoneFeedback::Empty;
    }
    let country = country_hint(input).map(|c| c.name);
    match normalize(input) {
        Ok(e164) => PhoneFeedback::Valid { e164, country },
        Err(e) => PhoneFeedback::Invalid {
            message: e.message(),
            country,
        },
    }
}

/// The fields of the dialog, for the error a refusal names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StartField {
    Profile,
    Team,
    Phone,
    Contact,
    Name,
    Message,
}

/// The dialog's field for a problem's `field` (the request's field names).
pub fn field_of(problem_field: &str) -> Option<StartField> {
    Some(match problem_field {
        "sender_profile_id" => StartField::Profile,
        "team_id" => StartField::Team,
        "phone" => StartField::Phone,
        "contact_id" => StartField::Contact,
        "contact_name" => StartField::Name,
        f if f == "body" || f == "template_id" || f.starts_with("message") => StartField::Message,
        _ => return None,
    })
}

/// Why the first message cannot be sent as it is, or None. `template` is the chosen one;
/// `body` the text (on WhatsApp, the template filled in).
pub fn first_message_problem(
    stream: Stream,
    body: &str,
    template: Option<&ComposeTemplate>,
) -> Option<String> {
    if stream == Stream::Whatsapp {
        match template {
            None => {
                return Some(
                    "WhatsApp only lets a business write first with an approved template: \
                     choose one."
                        .to_owned(),
                )
            }
            Some(t) if !t.whatsapp_approved => {
                return Some("This template is not approved for WhatsApp.".to_owned())
            }
            Some(_) => {}
        }
    }
    let facts = ReplyFacts {
        stream,
        // No window is open on a new conversation; only the template may be sent on WhatsApp.
        window_open: false,
        // The Telegram picker only offers contacts who started a chat with the bot.
        contact_started_chat: true,
        approved_template: stream == Stream::Whatsapp,
    };
    check_reply(body, &facts).err().map(|v| v.message())
}

/// The templates offered on `stream`: on WhatsApp only approved ones.
pub fn offered_templates(stream: Stream, templates: &[ComposeTemplate]) -> Vec<ComposeTemplate> {
    templates
        .iter()
        .filter(|t| stream != Stream::Whatsapp || t.whatsapp_approved)
        .cloned()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn template(approved: bool) -> ComposeTemplate {
        ComposeTemplate {
            id: 7,
            name: "Booking follow-up".into(),
            body: "Hello {{contact.name}}".into(),
            whatsapp_approved: approved,
        }
    }

    #[test]
    fn c_starts_a_conversation_outside_text_fields() {
        assert!(opens_new_conversation("c", false, KeyTarget::Page));
        assert!(opens_new_conversation("C", false, KeyTarget::ListRow));
        assert!(!opens_new_conversation("c", false, KeyTarget::TextField));
        assert!(!opens_new_conversation("c", true, KeyTarget::Page));
        assert!(!opens_new_conversation("x", false, KeyTarget::Page));
    }

    #[test]
    fn the_number_is_checked_and_its_country_named_while_typing() {
        assert_eq!(phone_feedback("  "), PhoneFeedback::Empty);
        assert_eq!(
            phone_feedback("+44 7700 900123"),
            PhoneFeedback::Valid {
                e164: "+447700900123".into(),
                country: Some("United Kingdom"),
            }
        );
        match phone_feedback("+49 30") {
            PhoneFeedback::Invalid { message, country } => {
                assert!(message.contains("Too short"), "{message}");
                assert_eq!(country, Some("Germany"));
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            phone_feedback("07700 900123"),
            PhoneFeedback::Invalid { country: None, .. }
        ));
    }

    #[test]
    fn refusals_land_on_their_field() {
        assert_eq!(field_of("phone"), Some(StartField::Phone));
        assert_eq!(field_of("contact_id"), Some(StartField::Contact));
        assert_eq!(field_of("message.body"), Some(StartField::Message));
        assert_eq!(field_of("template_id"), Some(StartField::Message));
        assert_eq!(field_of("team_id"), Some(StartField::Team));
        assert_eq!(field_of("other"), None);
    }

    #[test]
    fn whatsapp_starts_only_with_an_approved_template() {
        assert!(first_message_problem(Stream::Whatsapp, "Hi", None).is_some());
        assert!(first_message_problem(Stream::Whatsapp, "Hi", Some(&template(false))).is_some());
        assert_eq!(
            first_message_problem(Stream::Whatsapp, "Hello Anna", Some(&template(true))),
            None
        );
        // A placeholder the dialog could not fill blocks it, as in the composer.
        assert!(first_message_problem(
            Stream::Whatsapp,
            "Hello {{contact.name}}",
            Some(&template(true))
        )
        .is_some());
        let offered = offered_templates(Stream::Whatsapp, &[template(false), template(true)]);
        assert_eq!(offered.len(), 1);
        assert_eq!(offered_templates(Stream::Sms, &[template(false)]).len(), 1);
    }

    #[test]
    fn sms_and_telegram_follow_the_composer_rules() {
        assert!(first_message_problem(Stream::Sms, "   ", None).is_some());
        assert_eq!(first_message_problem(Stream::Sms, "Hello", None), None);
        assert_eq!(first_message_problem(Stream::Telegram, "Hello", None), None);
        let long = "a".repeat(1601);
        assert!(
            first_message_problem(Stream::Sms, &long, None).is_some_and(|m| m.contains("segments"))
        );
    }
}
