//! How people are named on screen: avatar initials and role labels. One rule each, used by the
//! frame, the conversation list, the details panel and the settings pages alike.

/// "AB" for "Anna Berg" (first and last word); the first two letters of a one-word name ("ZO"
/// for "Zoë"); `None` when the name does not start with a letter, such as a bare phone number,
/// which gets a person icon instead.
pub fn initials(name: &str) -> Option<String> {
    let mut words = name
        .split_whitespace()
        .filter_map(|w| w.chars().next())
        .filter(|c| c.is_alphabetic());
    let initials = match (words.next(), words.next_back()) {
        (Some(a), Some(b)) => format!("{a}{b}"),
        (Some(_), None) => name.trim().chars().take(2).collect::<String>(),
        _ => return None,
    };
    Some(initials.to_uppercase())
}

/// What a person's role is called: "Tenant owner" (product.md's word for the account's owner,
/// who needs no role), the role's name when they hold the inbox permission, else
/// "No Inbox access".
pub fn role_label(is_owner: bool, inbox_permission: bool, role_name: Option<&str>) -> String {
    match (is_owner, inbox_permission, role_name) {
        (true, _, _) => "Tenant owner".into(),
        (false, true, Some(name)) => name.into(),
        (false, true, None) => "No role".into(),
        (false, false, _) => "No Inbox access".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn initials_of_names_and_numbers() {
        assert_eq!(initials("Anna Berg").as_deref(), Some("AB"));
        assert_eq!(initials("ada maria lovelace").as_deref(), Some("AL"));
        assert_eq!(initials("Zoë").as_deref(), Some("ZO"));
        assert_eq!(initials("  émile  ").as_deref(), Some("ÉM"));
        assert_eq!(initials("+14155550101"), None);
        assert_eq!(initials(""), None);
    }

    #[test]
    fn role_labels() {
        assert_eq!(role_label(true, true, None), "Tenant owner");
        assert_eq!(role_label(true, false, Some("Inbox Agent")), "Tenant owner");
        assert_eq!(role_label(false, true, Some("Inbox Admin")), "Inbox Admin");
        assert_eq!(role_label(false, true, Some("Night shift")), "Night shift");
        assert_eq!(role_label(false, true, None), "No role");
        assert_eq!(
            role_label(false, false, Some("Inbox Agent")),
            "No Inbox access"
        );
    }
}
