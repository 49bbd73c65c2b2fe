//! The dashboard's keyboard shortcuts: which key does what, and the list the `?` overlay shows.
//! Pure, so that the mapping is tested natively; `pages/inbox` listens for the keys.

/// What a key press asks the dashboard to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shortcut {
    /// Move to the next conversation in the list.
    Next,
    /// Move to the previous conversation in the list.
    Previous,
    /// Open the conversation the list cursor is on.
    Open,
    /// Put the cursor in the search box.
    FocusSearch,
    /// Show or hide the details panel.
    ToggleDetails,
    /// Show the overlay listing these shortcuts.
    Help,
    // The open conversation's actions (issue 13).
    /// Assign the open conversation to the viewer.
    AssignToMe,
    /// Open the Assign menu.
    Assign,
    /// Open the Tags menu.
    Tag,
    /// Close the open conversation and open the next one of the list.
    CloseAndNext,
    /// Close the open conversation and stay on it (Reopen when it is closed).
    Close,
    /// Open the Snooze menu.
    Snooze,
}

/// Where the key was pressed, as far as shortcuts care.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyTarget {
    /// A text field: its keys are the user's text, never shortcuts.
    TextField,
    /// A row of the conversation list: arrows and Enter act on the list.
    ListRow,
    /// Anywhere else on the dashboard.
    Page,
}

/// The shortcut for `key` (a `KeyboardEvent.key`), if any. Keys with Ctrl, Alt or Meta belong
/// to the browser and the system; letters never fire inside text fields.
pub fn shortcut_for(key: &str, with_modifier: bool, target: KeyTarget) -> Option<Shortcut> {
    if with_modifier || target == KeyTarget::TextField {
        return None;
    }
    match key {
        "j" | "J" => Some(Shortcut::Next),
        "k" | "K" => Some(Shortcut::Previous),
        "/" => Some(Shortcut::FocusSearch),
        "?" => Some(Shortcut::Help),
        "i" | "I" => Some(Shortcut::ToggleDetails),
        // Actions on the open conversation.
        "m" | "M" => Some(Shortcut::AssignToMe),
        "a" | "A" => Some(Shortcut::Assign),
        "t" | "T" => Some(Shortcut::Tag),
        "e" => Some(Shortcut::CloseAndNext),
        "E" => Some(Shortcut::Close),
        "z" | "Z" => Some(Shortcut::Snooze),
        // Arrows and Enter keep their usual meaning outside the list (scrolling the thread,
        // pressing a focused button).
        "ArrowDown" if target == KeyTarget::ListRow => Some(Shortcut::Next),
        "ArrowUp" if target == KeyTarget::ListRow => Some(Shortcut::Previous),
        "Enter" if target == KeyTarget::ListRow => Some(Shortcut::Open),
        _ => None,
    }
}

/// The list cursor after `shortcut`, in a list of `len` rows, from `current` (None: no row
/// yet, so either direction starts at the first row).
pub fn move_cursor(current: Option<usize>, shortcut: Shortcut, len: usize) -> Option<usize> {
    if len == 0 {
        return None;
    }
    let last = len - 1;
    Some(match (current, shortcut) {
        (None, _) => 0,
        (Some(i), Shortcut::Next) => (i + 1).min(last),
        (Some(i), Shortcut::Previous) => i.saturating_sub(1),
        (Some(i), _) => i.min(last),
    })
}

/// What the `?` overlay lists: the keys (alternatives) and what they do.
pub const HELP: &[(&[&str], &str)] = &[
    (&["J", "↓"], "Next conversation"),
    (&["K", "↑"], "Previous conversation"),
    (&["Enter"], "Open the conversation"),
    (&["/"], "Search conversations"),
    (&["I"], "Show or hide details"),
    (&["?"], "Show these shortcuts"),
    (&["M"], "Assign to me"),
    (&["A"], "Assign…"),
    (&["T"], "Add or remove tags"),
    (&["E"], "Close and open the next conversation"),
    (&["Shift+E"], "Close (or reopen) and stay"),
    (&["Z"], "Snooze…"),
    (&["Alt+R"], "Write a reply"),
    (&["Alt+N"], "Write an internal note"),
    (&["Esc"], "Close a menu or dialog"),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters_and_arrows_move_through_the_list() {
        assert_eq!(
            shortcut_for("j", false, KeyTarget::Page),
            Some(Shortcut::Next)
        );
        assert_eq!(
            shortcut_for("K", false, KeyTarget::ListRow),
            Some(Shortcut::Previous)
        );
        assert_eq!(
            shortcut_for("ArrowDown", false, KeyTarget::ListRow),
            Some(Shortcut::Next)
        );
        assert_eq!(
            shortcut_for("Enter", false, KeyTarget::ListRow),
            Some(Shortcut::Open)
        );
        assert_eq!(
            shortcut_for("/", false, KeyTarget::Page),
            Some(Shortcut::FocusSearch)
        );
        assert_eq!(
            shortcut_for("?", false, KeyTarget::ListRow),
            Some(Shortcut::Help)
        );
    }

    #[test]
    fn text_fields_and_modifiers_keep_their_keys() {
        for key in ["j", "k", "/", "?", "i", "ArrowDown", "Enter"] {
            assert_eq!(
                shortcut_for(key, false, KeyTarget::TextField),
                None,
                "{key}"
            );
        }
        assert_eq!(shortcut_for("j", true, KeyTarget::Page), None);
        assert_eq!(shortcut_for("/", true, KeyTarget::ListRow), None);
    }

    #[test]
    fn arrows_and_enter_only_act_on_the_list() {
        assert_eq!(shortcut_for("ArrowDown", false, KeyTarget::Page), None);
        assert_eq!(shortcut_for("Enter", false, KeyTarget::Page), None);
        assert_eq!(shortcut_for("x", false, KeyTarget::ListRow), None);
    }

    #[test]
    fn action_keys_act_on_the_open_conversation() {
        for (key, shortcut) in [
            ("m", Shortcut::AssignToMe),
            ("a", Shortcut::Assign),
            ("t", Shortcut::Tag),
            ("e", Shortcut::CloseAndNext),
            ("E", Shortcut::Close),
            ("z", Shortcut::Snooze),
        ] {
            assert_eq!(
                shortcut_for(key, false, KeyTarget::Page),
                Some(shortcut),
                "{key}"
            );
            assert_eq!(
                shortcut_for(key, false, KeyTarget::ListRow),
                Some(shortcut),
                "{key}"
            );
            assert_eq!(
                shortcut_for(key, false, KeyTarget::TextField),
                None,
                "{key}"
            );
            assert_eq!(shortcut_for(key, true, KeyTarget::Page), None, "{key}");
        }
    }

    #[test]
    fn the_cursor_stays_inside_the_list() {
        assert_eq!(move_cursor(None, Shortcut::Next, 5), Some(0));
        assert_eq!(move_cursor(None, Shortcut::Previous, 5), Some(0));
        assert_eq!(move_cursor(Some(0), Shortcut::Previous, 5), Some(0));
        assert_eq!(move_cursor(Some(3), Shortcut::Next, 5), Some(4));
        assert_eq!(move_cursor(Some(4), Shortcut::Next, 5), Some(4));
        // The list shrank under the cursor (a filter changed).
        assert_eq!(move_cursor(Some(9), Shortcut::Open, 5), Some(4));
        assert_eq!(move_cursor(Some(2), Shortcut::Next, 0), None);
    }

    #[test]
    fn every_shortcut_is_listed_in_the_overlay() {
        let listed: Vec<&str> = HELP
            .iter()
            .flat_map(|(keys, _)| keys.iter().copied())
            .collect();
        for key in [
            "J", "K", "Enter", "/", "?", "I", "Esc", "M", "A", "T", "E", "Shift+E", "Z",
        ] {
            assert!(listed.contains(&key), "{key} missing from the overlay");
        }
    }
}
