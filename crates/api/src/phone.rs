//! A contact's phone number as an agent types it: normalised to E.164 (what providers dial and
//! what contacts are stored with), with what is wrong said in words, and the country its calling
//! code suggests. The New conversation dialog checks and hints with these functions while the
//! agent types; the server refuses with the same ones (`field: "phone"`).
//!
//! Spaces, dashes, dots and brackets are dropped; a leading `00` (the international prefix of
//! most countries) means `+`. Nothing else is guessed: no national prefixes, no default country.

use std::fmt;

/// The fewest digits a number has with its country code (short national numbers plus their
/// code, e.g. +354 and seven digits for Iceland, are eight).
pub const PHONE_MIN_DIGITS: usize = 8;
/// E.164: at most 15 digits, the country code included.
pub const PHONE_MAX_DIGITS: usize = 15;

/// The example every message points to.
const EXAMPLE: &str = "+49 30 1234567";

/// Why a typed number is not a phone number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PhoneError {
    Empty,
    /// A character other than digits, `+` in front, spaces, dashes, dots and brackets.
    InvalidCharacter(char),
    /// Neither `+` nor `00` in front.
    NoCountryCode,
    /// `+0…`: no country code starts with 0.
    ZeroCountryCode,
    /// Fewer than [`PHONE_MIN_DIGITS`] digits.
    TooShort,
    /// More than [`PHONE_MAX_DIGITS`] digits.
    TooLong,
}

impl PhoneError {
    /// What the agent reads under the field.
    pub fn message(&self) -> String {
        match self {
            PhoneError::Empty => format!("Enter the contact's number, e.g. {EXAMPLE}"),
            PhoneError::InvalidCharacter(c) => format!(
                "Only digits, spaces, dashes and brackets: remove \u{201c}{c}\u{201d}"
            ),
            PhoneError::NoCountryCode => {
                format!("Start with + and the country code, e.g. {EXAMPLE}")
            }
            PhoneError::ZeroCountryCode => {
                format!("No country code starts with 0: start with + and the country code, e.g. {EXAMPLE}")
            }
            PhoneError::TooShort => format!(
                "Too short for a phone number: at least {PHONE_MIN_DIGITS} digits with the country code"
            ),
            PhoneError::TooLong => {
                format!("Too long: at most {PHONE_MAX_DIGITS} digits with the country code")
            }
        }
    }
}

impl fmt::Display for PhoneError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message())
    }
}

impl std::error::Error for PhoneError {}

/// Characters people type for readability, dropped before anything else is looked at.
fn is_separator(c: char) -> bool {
    matches!(c, ' ' | '-' | '.' | '(' | ')' | '\u{a0}' | '\t')
}

/// The digits after `+` (or `00`), and whether one of the two was there; the first character
/// that is not allowed is an error.
fn digits_of(input: &str) -> Result<(String, bool), PhoneError> {
    let mut digits = String::with_capacity(input.len());
    let mut plus = false;
    for c in input.trim().chars() {
        match c {
            c if is_separator(c) => {}
            '+' if !plus && digits.is_empty() => plus = true,
            c if c.is_ascii_digit() => digits.push(c),
            c => return Err(PhoneError::InvalidCharacter(c)),
        }
    }
    if !plus {
        if let Some(rest) = digits.strip_prefix("00") {
            return Ok((rest.to_owned(), true));
        }
    }
    Ok((digits, plus))
}

/// The number in E.164 (`+` and 8 to 15 digits, not starting with 0), or what is wrong with it.
/// Checked in the order an agent fixes things: stray characters, the country code, the length.
pub fn normalize(input: &str) -> Result<String, PhoneError> {
    if input.trim().is_empty() {
        return Err(PhoneError::Empty);
    }
    let (digits, international) = digits_of(input)?;
    if !international {
        return Err(if digits.is_empty() {
            PhoneError::Empty
        } else {
            PhoneError::NoCountryCode
        });
    }
    if digits.starts_with('0') {
        return Err(PhoneError::ZeroCountryCode);
    }
    if digits.len() < PHONE_MIN_DIGITS {
        return Err(PhoneError::TooShort);
    }
    if digits.len() > PHONE_MAX_DIGITS {
        return Err(PhoneError::TooLong);
    }
    Ok(format!("+{digits}"))
}

/// A country (or group of countries) a calling code stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Country {
    /// The calling code's digits, without `+`.
    pub calling_code: &'static str,
    pub name: &'static str,
    /// ISO 3166-1 alpha-2 (for a shared code, the largest country's).
    pub iso: &'static str,
}

macro_rules! countries {
    ($($code:literal $iso:literal $name:literal;)+) => {
        /// The common calling codes; a longer code that shares a prefix with a shorter one
        /// (`+1 876` and `+1`) wins where it matches.
        pub const COUNTRIES: &[Country] = &[
            $(Country { calling_code: $code, name: $name, iso: $iso },)+
        ];
    };
}

countries! {
    "1" "US" "United States or Canada";
    "1242" "BS" "Bahamas";
    "1246" "BB" "Barbados";
    "1787" "PR" "Puerto Rico";
    "1809" "DO" "Dominican Republic";
    "1868" "TT" "Trinidad and Tobago";
    "1876" "JM" "Jamaica";
    "7" "RU" "Russia";
    "76" "KZ" "Kazakhstan";
    "77" "KZ" "Kazakhstan";
    "20" "EG" "Egypt";
    "27" "ZA" "South Africa";
    "30" "GR" "Greece";
    "31" "NL" "Netherlands";
    "32" "BE" "Belgium";
    "33" "FR" "France";
    "34" "ES" "Spain";
    "351" "PT" "Portugal";
    "352" "LU" "Luxembourg";
    "353" "IE" "Ireland";
    "354" "IS" "Iceland";
    "356" "MT" "Malta";
    "357" "CY" "Cyprus";
    "358" "FI" "Finland";
    "359" "BG" "Bulgaria";
    "36" "HU" "Hungary";
    "370" "LT" "Lithuania";
    "371" "LV" "Latvia";
    "372" "EE" "Estonia";
    "380" "UA" "Ukraine";
    "381" "RS" "Serbia";
    "385" "HR" "Croatia";
    "386" "SI" "Slovenia";
    "39" "IT" "Italy";
    "40" "RO" "Romania";
    "41" "CH" "Switzerland";
    "420" "CZ" "Czechia";
    "421" "SK" "Slovakia";
    "43" "AT" "Austria";
    "44" "GB" "United Kingdom";
    "45" "DK" "Denmark";
    "46" "SE" "Sweden";
    "47" "NO" "Norway";
    "48" "PL" "Poland";
    "49" "DE" "Germany";
    "51" "PE" "Peru";
    "52" "MX" "Mexico";
    "54" "AR" "Argentina";
    "55" "BR" "Brazil";
    "56" "CL" "Chile";
    "57" "CO" "Colombia";
    "58" "VE" "Venezuela";
    "60" "MY" "Malaysia";
    "61" "AU" "Australia";
    "62" "ID" "Indonesia";
    "63" "PH" "Philippines";
    "64" "NZ" "New Zealand";
    "65" "SG" "Singapore";
    "66" "TH" "Thailand";
    "81" "JP" "Japan";
    "82" "KR" "South Korea";
    "84" "VN" "Vietnam";
    "852" "HK" "Hong Kong";
    "86" "CN" "China";
    "886" "TW" "Taiwan";
    "90" "TR" "Turkey";
    "91" "IN" "India";
    "92" "PK" "Pakistan";
    "880" "BD" "Bangladesh";
    "94" "LK" "Sri Lanka";
    "212" "MA" "Morocco";
    "216" "TN" "Tunisia";
    "234" "NG" "Nigeria";
    "254" "KE" "Kenya";
    "255" "TZ" "Tanzania";
    "233" "GH" "Ghana";
    "961" "LB" "Lebanon";
    "962" "JO" "Jordan";
    "966" "SA" "Saudi Arabia";
    "971" "AE" "United Arab Emirates";
    "972" "IL" "Israel";
    "974" "QA" "Qatar";
    "98" "IR" "Iran";
}

/// The country the number's calling code suggests (longest matching code), for a hint beside
/// the field while the agent types; None before the code is recognisable or when it is not in
/// [`COUNTRIES`]. Accepts partial and badly formatted input: it only reads the digits after
/// `+` or `00`.
pub fn country_hint(input: &str) -> Option<Country> {
    let (digits, international) = digits_of(input).ok()?;
    if !international {
        return None;
    }
    COUNTRIES
        .iter()
        .filter(|c| digits.starts_with(c.calling_code))
        .max_by_key(|c| c.calling_code.len())
        .copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_numbers_become_e164() {
        for (typed, e164) in [
            ("+49 30 1234567", "+49301234567"),
            (" +1 (415) 555-0123 ", "+14155550123"),
            ("+44.20.7946.0123", "+442079460123"),
            ("0049 30 1234567", "+49301234567"),
            ("00 1 415 555 0123", "+14155550123"),
            ("+354 1234567", "+3541234567"),
            ("+123456789012345", "+123456789012345"),
        ] {
            assert_eq!(normalize(typed).as_deref(), Ok(e164), "{typed}");
        }
    }

    #[test]
    fn what_is_wrong_is_said_in_words() {
        for (typed, error) in [
            ("", PhoneError::Empty),
            ("  ", PhoneError::Empty),
            ("()-", PhoneError::Empty),
            ("030 1234567", PhoneError::NoCountryCode),
            ("4155550123", PhoneError::NoCountryCode),
            ("+0 30 1234567", PhoneError::ZeroCountryCode),
            ("000 30 1234567", PhoneError::ZeroCountryCode),
            ("+49 301", PhoneError::TooShort),
            ("+4930123", PhoneError::TooShort),
            ("+1234567890123456", PhoneError::TooLong),
            ("+1 415 CALL NOW", PhoneError::InvalidCharacter('C')),
            ("+49 30 1234567 ext 5", PhoneError::InvalidCharacter('e')),
            ("+49/30/1234567", PhoneError::InvalidCharacter('/')),
            ("++49301234567", PhoneError::InvalidCharacter('+')),
            ("49+301234567", PhoneError::InvalidCharacter('+')),
        ] {
            assert_eq!(normalize(typed), Err(error), "{typed}");
        }
        assert_eq!(
            PhoneError::NoCountryCode.message(),
            "Start with + and the country code, e.g. +49 30 1234567"
        );
        assert!(PhoneError::TooShort
            .message()
            .starts_with("Too short for a phone number"));
        assert!(PhoneError::TooLong
            .message()
            .starts_with("Too long: at most 15 digits"));
        assert!(PhoneError::InvalidCharacter('x')
            .to_string()
            .starts_with("Only digits, spaces, dashes and brackets"));
    }

    #[test]
    fn the_longest_calling_code_names_the_country() {
        let hint = |s: &str| country_hint(s).map(|c| (c.name, c.iso));
        assert_eq!(hint("+1 415 555"), Some(("United States or Canada", "US")));
        assert_eq!(hint("+1 876 555 0101"), Some(("Jamaica", "JM")));
        assert_eq!(hint("+49"), Some(("Germany", "DE")));
        assert_eq!(hint("0044 20"), Some(("United Kingdom", "GB")));
        assert_eq!(hint("+353 1"), Some(("Ireland", "IE")));
        assert_eq!(hint("+35"), None, "not a code yet");
        assert_eq!(hint("+7 495"), Some(("Russia", "RU")));
        assert_eq!(hint("+7 701"), Some(("Kazakhstan", "KZ")));
        assert_eq!(hint("030 1234567"), None, "no country code typed");
        assert_eq!(hint("+"), None);
        assert_eq!(hint("+1 abc"), None);
        assert_eq!(hint("+999 1234567"), None, "not in the table");
    }

    #[test]
    fn the_table_has_each_code_once_and_only_digits() {
        for (i, c) in COUNTRIES.iter().enumerate() {
            assert!(c.calling_code.bytes().all(|b| b.is_ascii_digit()), "{c:?}");
            assert!(!c.calling_code.starts_with('0'), "{c:?}");
            assert_eq!(c.iso.len(), 2, "{c:?}");
            assert!(
                COUNTRIES[i + 1..]
                    .iter()
                    .all(|d| d.calling_code != c.calling_code),
                "{c:?} twice"
            );
        }
    }
}
