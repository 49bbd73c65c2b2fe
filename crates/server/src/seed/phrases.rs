//! Phrase banks for the demo conversations: travel bookings, flight changes, refunds, hotel and
//! baggage questions, in six languages. Placeholders: {name} (contact's first name, dropped with
//! its comma or space when the contact has none), {agent}, {ref}, {city}, {date}, {amount},
//! {flight}, {hotel}, {colleague}.

use std::sync::LazyLock;

use serde::Deserialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Topic {
    Booking,
    FlightChange,
    Refund,
    Hotel,
    Baggage,
}

impl Topic {
    pub fn index(self) -> usize {
        self as usize
    }
}

/// Sentences of one kind, one of which is drawn each time.
pub type Bank = Vec<String>;

/// What contacts say about a topic, and what agents answer.
#[derive(Debug, Deserialize)]
pub struct TopicText {
    pub openers: Bank,
    pub details: Bank,
    pub replies: Bank,
}

/// A language's names, numbers, dates and phrase banks.
#[derive(Debug, Deserialize)]
pub struct Lang {
    pub code: String,
    /// How often contacts write in this language, relative to the others.
    pub weight: u32,
    pub first_names: Bank,
    pub last_names: Bank,
    /// Country and mobile prefixes of made-up numbers.
    pub phone_prefixes: Bank,
    pub months: [String; 12],
    /// How a day and month read: `{d}` and `{m}`.
    pub date_pattern: String,
    /// "€349" rather than "349 €".
    pub euro_first: bool,
    /// Indexed by [`Topic::index`].
    pub topics: [TopicText; 5],
    /// The agent's first words, before the topic's reply.
    pub greetings: Bank,
    /// The contact writes again during the conversation.
    pub customer_followups: Bank,
    /// The agent answers again.
    pub agent_followups: Bank,
    /// The contact asks whether anyone is there.
    pub nudges: Bank,
    /// The contact's thanks before a conversation is closed.
    pub thanks: Bank,
    /// The agent's last words before closing.
    pub closings: Bank,
    /// The contact writes after the conversation was closed.
    pub reopeners: Bank,
}

pub const CITIES: &[&str] = &[
    "Barcelona",
    "Madrid",
    "Berlin",
    "Paris",
    "Porto",
    "Amsterdam",
    "Dubrovnik",
    "Marrakech",
    "Santorini",
    "Mallorca",
    "Tenerife",
    "Malta",
    "Budapest",
    "Cancún",
    "Bali",
    "Istanbul",
];

pub const HOTELS: &[&str] = &[
    "Hotel Miramar",
    "Grand Hotel Europa",
    "Hotel Bella Vista",
    "Casa Alegría",
    "Seaside Suites",
    "Hotel Sol y Mar",
    "Park Inn Riverside",
    "Hotel Central Plaza",
    "Villa Aurora",
    "Harbour View Hotel",
];

pub const FLIGHTS: &[&str] = &[
    "IB 3146", "LH 1172", "AF 1029", "TP 1351", "AZ 611", "BA 2490", "FR 8143", "VY 7821",
    "U2 4410", "KL 1676", "EW 9582", "TK 1858",
];

/// Internal notes, written in English whatever the customer's language.
pub const NOTES: &[&str] = &[
    "Checked with the airline: the change is possible, fee waived for Gold members.",
    "Repeat traveller, offer the 10% loyalty voucher if they hesitate.",
    "Refund approved in the back office for {ref}.",
    "Waiting for the hotel to confirm early check-in.",
    "@{colleague} can you double-check the fare difference? It looks too high.",
    "Called the customer, no answer. Will try again tomorrow morning.",
    "Escalated to the airline's group desk, they answer within 48h.",
    "Baggage claim filed; the customer sent the file number by e-mail.",
    "Sent the e-tickets manually, the automatic e-mail bounced.",
    "Careful: the customer already complained about a delay on the outbound flight.",
    "@{colleague} this one is for you when you're back, it's your booking.",
    "Price match approved by Maya, go ahead with {amount}.",
];

pub const SMS_FAILURES: &[&str] = &[
    "30003 Unreachable destination handset",
    "30005 Unknown destination handset",
    "30006 Landline or unreachable carrier",
    "30007 Message filtered by the carrier",
];

pub const WHATSAPP_FAILURES: &[&str] = &[
    "131026 Message undeliverable: the recipient cannot receive WhatsApp messages",
    "131049 Not delivered to maintain healthy ecosystem engagement",
];

pub const WHATSAPP_WINDOW_FAILURE: &str =
    "63016 Outside the 24-hour window: only approved templates can be sent";

pub const TELEGRAM_FAILURES: &[&str] = &[
    "403 Forbidden: bot was blocked by the user",
    "400 Bad Request: chat not found",
];

/// The six languages, in the order their weights are drawn. The phrases are content, not
/// code: they live in `languages.json`, one object per language with the fields of [`Lang`].
pub static LANGS: LazyLock<[Lang; 6]> = LazyLock::new(|| {
    serde_json::from_str(include_str!("languages.json")).expect("seed/languages.json is valid")
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_bank_is_filled() {
        for lang in LANGS.iter() {
            for t in &lang.topics {
                assert!(!t.openers.is_empty() && !t.details.is_empty() && !t.replies.is_empty());
            }
            for bank in [
                &lang.greetings,
                &lang.customer_followups,
                &lang.agent_followups,
                &lang.nudges,
                &lang.thanks,
                &lang.closings,
                &lang.reopeners,
                &lang.first_names,
                &lang.last_names,
                &lang.phone_prefixes,
            ] {
                assert!(!bank.is_empty(), "{}", lang.code);
            }
            assert!(lang.date_pattern.contains("{d}") && lang.date_pattern.contains("{m}"));
        }
    }
}
