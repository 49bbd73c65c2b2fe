//! The command palette (Ctrl/Cmd+K): which key opens it, how its entries are matched and
//! ordered as the agent types, and moving through the results. Pure; the palette itself is
//! `pages/inbox/palette.rs`.

/// What kind of thing an entry is; the palette groups the results by it, in this order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum EntryKind {
    Action,
    Conversation,
    Space,
    Settings,
}

impl EntryKind {
    /// The group's heading.
    pub fn heading(self) -> &'static str {
        match self {
            EntryKind::Action => "Actions",
            EntryKind::Conversation => "Conversations",
            EntryKind::Space => "Spaces",
            EntryKind::Settings => "Settings",
        }
    }
}

/// Whether a key press opens the palette: Ctrl+K, or Cmd+K on a Mac, wherever the focus is.
pub fn opens_palette(key: &str, ctrl: bool, meta: bool, alt: bool) -> bool {
    (ctrl || meta) && !alt && key.eq_ignore_ascii_case("k")
}

/// How well `label` (with extra search words `keywords`) matches `query`: None when some word
/// of the query is in neither; higher is better. Every word of the query must be found; a word
/// that starts a word of the label counts most, one inside a word least. An empty query
/// matches everything equally.
pub fn score(query: &str, label: &str, keywords: &str) -> Option<u32> {
    let label = label.to_lowercase();
    let keywords = keywords.to_lowercase();
    let mut total = 0;
    for word in query.split_whitespace() {
        let word = word.to_lowercase();
        let starts = |text: &str| {
            text.split(|c: char| !c.is_alphanumeric() && c != '+')
                .any(|w| w.starts_with(&word))
        };
        total += if label.starts_with(&word) {
            4
        } else if starts(&label) {
            3
        } else if starts(&keywords) {
            2
        } else if label.contains(&word) || keywords.contains(&word) {
            1
        } else {
            return None;
        };
    }
    Some(total)
}

/// The indexes of `entries` (kind, label, keywords) that match `query`, grouped by kind, the
/// best first inside each group and otherwise in their given order; at most `per_group` of
/// each kind.
pub fn rank(query: &str, entries: &[(EntryKind, &str, &str)], per_group: usize) -> Vec<usize> {
    let mut found: Vec<(EntryKind, u32, usize)> = entries
        .iter()
        .enumerate()
        .filter_map(|(i, (kind, label, keywords))| {
            score(query, label, keywords).map(|s| (*kind, s, i))
        })
        .collect();
    found.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)).then(a.2.cmp(&b.2)));
    let mut out = Vec::new();
    let mut group: Option<(EntryKind, usize)> = None;
    for (kind, _, i) in found {
        let taken = match group {
            Some((k, n)) if k == kind => n,
            _ => 0,
        };
        if taken < per_group {
            out.push(i);
        }
        group = Some((kind, taken + 1));
    }
    out
}

/// The active result after ↓ (`down`) or ↑ in a list of `len`, wrapping around.
pub fn step(active: Option<usize>, down: bool, len: usize) -> Option<usize> {
    if len == 0 {
        return None;
    }
    Some(match (active, down) {
        (None, true) => 0,
        (None, false) => len - 1,
        (Some(i), true) => (i + 1) % len,
        (Some(i), false) => (i + len - 1) % len,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use EntryKind::*;

    #[test]
    fn ctrl_or_cmd_k_opens_it() {
        assert!(opens_palette("k", true, false, false));
        assert!(opens_palette("K", false, true, false));
        assert!(!opens_palette("k", false, false, false));
        assert!(!opens_palette("k", true, false, true));
        assert!(!opens_palette("j", true, false, false));
    }

    #[test]
    fn every_word_must_match_and_word_starts_count_most() {
        assert_eq!(score("", "New conversation", ""), Some(0));
        assert_eq!(score("new", "New conversation", ""), Some(4));
        assert_eq!(score("conv", "New conversation", ""), Some(3));
        assert_eq!(score("start", "New conversation", "start write"), Some(2));
        assert_eq!(score("vers", "New conversation", ""), Some(1));
        assert_eq!(score("new tags", "New conversation", ""), None);
        assert_eq!(score("TAGS", "Settings: Tags", ""), Some(3));
        assert_eq!(score("+44", "Anna Smith", "+447700900123"), Some(2));
    }

    #[test]
    fn results_are_grouped_best_first_and_capped_per_group() {
        let entries = [
            (Settings, "Tags", ""),
            (Action, "Filter: tagged VIP", "tag"),
            (Action, "New conversation", ""),
            (Conversation, "Tagore Rabindranath", ""),
            (Action, "Tag the selection", ""),
        ];
        assert_eq!(rank("tag", &entries, 10), vec![4, 1, 3, 0]);
        assert_eq!(rank("tag", &entries, 1), vec![4, 3, 0]);
        assert_eq!(rank("", &entries, 10), vec![1, 2, 4, 3, 0]);
        assert!(rank("zzz", &entries, 10).is_empty());
    }

    #[test]
    fn arrows_wrap_around() {
        assert_eq!(step(None, true, 3), Some(0));
        assert_eq!(step(None, false, 3), Some(2));
        assert_eq!(step(Some(2), true, 3), Some(0));
        assert_eq!(step(Some(0), false, 3), Some(2));
        assert_eq!(step(Some(1), true, 0), None);
    }
}
