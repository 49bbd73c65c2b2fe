//! Bulk selection in the conversation list: which rows are ticked, ranges by Shift+click and
//! Shift+arrow, "select all N matching", what the toolbar says, the keys that select, and how
//! the answer of a bulk action is told. Pure, so every rule is tested natively; the list and
//! its toolbar (`pages/inbox/bulk.rs`) hold the state in a signal and call these.

use textpeak_api::{BulkOutcome, ConversationAction, ConversationFilter, Selection};

use super::shortcuts::KeyTarget;

/// The ticked rows of one list (ids in the order they were ticked), the row a range starts
/// from, and whether the agent chose every conversation the filter matches.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Picked {
    ids: Vec<i64>,
    /// The row index a Shift+click or Shift+arrow range starts from.
    anchor: Option<usize>,
    /// "Select all N matching": the server acts on the filter, loaded rows or not.
    all_matching: bool,
}

impl Picked {
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty() && !self.all_matching
    }

    pub fn contains(&self, id: i64) -> bool {
        self.all_matching || self.ids.contains(&id)
    }

    pub fn all_matching(&self) -> bool {
        self.all_matching
    }

    /// How many ticked rows (not counting "all matching").
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    pub fn ids(&self) -> &[i64] {
        &self.ids
    }

    fn add(&mut self, id: i64) {
        if !self.ids.contains(&id) {
            self.ids.push(id);
        }
    }

    fn remove(&mut self, id: i64) {
        self.ids.retain(|i| *i != id);
    }

    /// Choosing rows by hand ends "all matching", keeping the loaded rows ticked.
    fn leave_all_matching(&mut self, rows: &[i64]) {
        if self.all_matching {
            self.all_matching = false;
            self.ids = rows.to_vec();
        }
    }

    /// The checkbox or `x` on row `index` (id `rows[index]`): ticks or unticks it, and a range
    /// starts there.
    pub fn toggle(&mut self, rows: &[i64], index: usize) {
        let Some(&id) = rows.get(index) else {
            return;
        };
        self.leave_all_matching(rows);
        if self.ids.contains(&id) {
            self.remove(id);
        } else {
            self.add(id);
        }
        self.anchor = Some(index);
    }

    /// Shift+click on row `index`: ticks every row from the anchor to it (or just it, without
    /// an anchor), keeping what was ticked before.
    pub fn range_to(&mut self, rows: &[i64], index: usize) {
        if index >= rows.len() {
            return;
        }
        self.leave_all_matching(rows);
        let anchor = self.anchor.unwrap_or(index).min(rows.len() - 1);
        let (from, to) = (anchor.min(index), anchor.max(index));
        for &id in &rows[from..=to] {
            self.add(id);
        }
        self.anchor = Some(anchor);
    }

    /// Shift+↓/↑ from row `from` to row `to`: moving away from the anchor ticks `to` (and
    /// `from`, where the range starts); moving back towards it unticks `from`, so the range
    /// shrinks as it would in a file manager.
    pub fn extend(&mut self, rows: &[i64], from: usize, to: usize) {
        if from >= rows.len() || to >= rows.len() {
            return;
        }
        self.leave_all_matching(rows);
        let anchor = *self.anchor.get_or_insert(from);
        if from == to {
            self.add(rows[from]);
            return;
        }
        let towards_anchor = (to < from && anchor <= to) || (to > from && anchor >= to);
        if towards_anchor && from != anchor {
            self.remove(rows[from]);
        } else {
            self.add(rows[from]);
        }
        self.add(rows[to]);
    }

    /// "Select all N matching".
    pub fn select_all_matching(&mut self) {
        self.all_matching = true;
    }

    pub fn clear(&mut self) {
        *self = Picked::default();
    }

    /// What the bulk request acts on: the filter itself for "all matching" (rows not loaded
    /// included), else the ticked ids.
    pub fn selection(&self, filter: &ConversationFilter) -> Selection {
        if self.all_matching {
            Selection::Matching {
                filter: filter.clone(),
            }
        } else {
            Selection::Ids {
                ids: self.ids.clone(),
            }
        }
    }

    /// What the toolbar says: "3 selected", "All 1,204 matching selected".
    pub fn label(&self, matching: Option<u64>) -> String {
        match (self.all_matching, matching) {
            (true, Some(n)) => format!("All {} matching selected", thousands(n)),
            (true, None) => "All matching selected".to_owned(),
            (false, _) => format!("{} selected", thousands(self.ids.len() as u64)),
        }
    }

    /// Whether "Select all N matching" is worth offering: more conversations match than are
    /// ticked.
    pub fn offers_all_matching(&self, matching: Option<u64>) -> bool {
        !self.all_matching && matching.is_some_and(|n| n > self.ids.len() as u64)
    }
}

/// `1204` → `1,204`.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// "1 conversation", "12 conversations".
pub fn conversations(n: u64) -> String {
    match n {
        1 => "1 conversation".to_owned(),
        n => format!("{} conversations", thousands(n)),
    }
}

/// What a bulk action is called in its toast ("Closed 12 conversations").
pub fn action_past(action: &ConversationAction) -> &'static str {
    match action {
        ConversationAction::Assign { user_id: Some(_) } => "Assigned",
        ConversationAction::Assign { user_id: None } => "Unassigned",
        ConversationAction::MoveTeam { .. } => "Moved",
        ConversationAction::AddTag { .. } => "Tagged",
        ConversationAction::RemoveTag { .. } => "Untagged",
        ConversationAction::Close => "Closed",
        ConversationAction::Reopen => "Reopened",
        ConversationAction::Snooze { .. } => "Snoozed",
        ConversationAction::Unsnooze => "Unsnoozed",
    }
}

/// The toast after a bulk action: a title with what was done, and the skipped ones with their
/// reasons ("3 skipped: your role does not allow this (2), already that way (1)").
pub fn outcome_text(
    action: &ConversationAction,
    outcome: &BulkOutcome,
) -> (String, Option<String>) {
    let title = format!("{} {}", action_past(action), conversations(outcome.done));
    let skipped: u64 = outcome.skipped.iter().map(|s| s.count).sum();
    if skipped == 0 {
        return (title, None);
    }
    let reasons: Vec<String> = outcome
        .skipped
        .iter()
        .filter(|s| s.count > 0)
        .map(|s| match outcome.skipped.len() {
            1 => s.reason.message().to_owned(),
            _ => format!("{} ({})", s.reason.message(), thousands(s.count)),
        })
        .collect();
    (
        title,
        Some(format!(
            "{} skipped: {}.",
            thousands(skipped),
            reasons.join(", ")
        )),
    )
}

/// The action that takes a bulk action back, offered as the toast's Undo: only close and
/// snooze, and only when something changed (Undo acts on `BulkOutcome::changed`).
pub fn undo_of(action: &ConversationAction, outcome: &BulkOutcome) -> Option<ConversationAction> {
    if outcome.changed.is_empty() {
        return None;
    }
    match action {
        ConversationAction::Close => Some(ConversationAction::Reopen),
        ConversationAction::Snooze { .. } => Some(ConversationAction::Unsnooze),
        _ => None,
    }
}

/// What the `?` overlay lists besides `shortcuts::HELP`: starting a conversation, the command
/// palette and selecting.
pub const HELP: &[(&[&str], &str)] = &[
    (&["C"], "New conversation"),
    (&["Ctrl+K", "⌘K"], "Command palette"),
    (&["X"], "Select the conversation"),
    (&["Shift+↓", "Shift+↑"], "Select a range"),
    (&["Shift+click"], "Select a range with the mouse"),
    (&["Esc"], "Clear the selection"),
];

/// What a selection key asks the list to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SelectKey {
    /// `x`: tick or untick the row the cursor is on.
    Toggle,
    /// Shift+↓ or Shift+J: extend the range down.
    ExtendDown,
    /// Shift+↑ or Shift+K: extend the range up.
    ExtendUp,
    /// Escape: clear the selection (only while there is one).
    Clear,
}

/// The selection key for a key press, if any. `x` works anywhere on the dashboard outside text
/// fields; Shift+arrows in the list; Escape only while something is selected.
pub fn select_key(
    key: &str,
    shift: bool,
    with_modifier: bool,
    target: KeyTarget,
    selecting: bool,
) -> Option<SelectKey> {
    if with_modifier || target == KeyTarget::TextField {
        return None;
    }
    match key {
        "x" | "X" => Some(SelectKey::Toggle),
        "ArrowDown" if shift && target == KeyTarget::ListRow => Some(SelectKey::ExtendDown),
        "ArrowUp" if shift && target == KeyTarget::ListRow => Some(SelectKey::ExtendUp),
        "J" if shift => Some(SelectKey::ExtendDown),
        "K" if shift => Some(SelectKey::ExtendUp),
        "Escape" if selecting => Some(SelectKey::Clear),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use textpeak_api::{SkipReason, Skipped};

    use super::*;

    const ROWS: [i64; 6] = [10, 11, 12, 13, 14, 15];

    #[test]
    fn toggling_ticks_and_unticks_and_sets_the_anchor() {
        let mut p = Picked::default();
        assert!(p.is_empty());
        p.toggle(&ROWS, 1);
        p.toggle(&ROWS, 3);
        assert_eq!(p.ids(), &[11, 13]);
        assert_eq!(p.label(Some(40)), "2 selected");
        p.toggle(&ROWS, 1);
        assert_eq!(p.ids(), &[13]);
        p.toggle(&ROWS, 99);
        assert_eq!(p.ids(), &[13]);
    }

    #[test]
    fn shift_click_ticks_the_range_from_the_anchor_either_way() {
        let mut p = Picked::default();
        p.toggle(&ROWS, 2);
        p.range_to(&ROWS, 4);
        assert_eq!(p.ids(), &[12, 13, 14]);
        p.range_to(&ROWS, 0);
        assert_eq!(p.ids(), &[12, 13, 14, 10, 11]);
        // Without an anchor, a Shift+click ticks just that row.
        let mut q = Picked::default();
        q.range_to(&ROWS, 5);
        assert_eq!(q.ids(), &[15]);
    }

    #[test]
    fn shift_arrows_grow_the_range_and_shrink_it_on_the_way_back() {
        let mut p = Picked::default();
        p.extend(&ROWS, 1, 2);
        p.extend(&ROWS, 2, 3);
        assert_eq!(p.ids(), &[11, 12, 13]);
        p.extend(&ROWS, 3, 2);
        assert_eq!(p.ids(), &[11, 12]);
        p.extend(&ROWS, 2, 1);
        p.extend(&ROWS, 1, 0);
        assert_eq!(p.ids(), &[11, 10]);
        // At the end of the list the row stays ticked.
        p.extend(&ROWS, 0, 0);
        assert_eq!(p.ids(), &[11, 10]);
    }

    #[test]
    fn all_matching_sends_the_filter_and_says_how_many() {
        let filter = ConversationFilter {
            q: Some("anna".into()),
            ..ConversationFilter::default()
        };
        let mut p = Picked::default();
        p.toggle(&ROWS, 0);
        assert!(p.offers_all_matching(Some(1204)));
        assert_eq!(p.selection(&filter), Selection::Ids { ids: vec![10] });
        p.select_all_matching();
        assert!(!p.offers_all_matching(Some(1204)));
        assert!(p.contains(999));
        assert_eq!(p.label(Some(1204)), "All 1,204 matching selected");
        assert_eq!(
            p.selection(&filter),
            Selection::Matching {
                filter: filter.clone()
            }
        );
        // Unticking one row goes back to the loaded rows, minus that one.
        p.toggle(&ROWS, 2);
        assert!(!p.all_matching());
        assert_eq!(p.ids(), &[10, 11, 13, 14, 15]);
        p.clear();
        assert!(p.is_empty());
        assert!(!p.offers_all_matching(Some(0)));
    }

    #[test]
    fn numbers_have_thousands_separators() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(1_234_567), "1,234,567");
        assert_eq!(conversations(1), "1 conversation");
        assert_eq!(conversations(10_000), "10,000 conversations");
    }

    #[test]
    fn the_toast_says_what_was_done_and_why_the_rest_was_skipped() {
        let outcome = BulkOutcome {
            matched: 15,
            done: 12,
            skipped: vec![
                Skipped {
                    reason: SkipReason::NotPermitted,
                    count: 2,
                },
                Skipped {
                    reason: SkipReason::Unchanged,
                    count: 1,
                },
            ],
            changed: (1..=12).collect(),
        };
        let (title, body) = outcome_text(&ConversationAction::Close, &outcome);
        assert_eq!(title, "Closed 12 conversations");
        assert_eq!(
            body.as_deref(),
            Some("3 skipped: your role does not allow this (2), already that way (1).")
        );
        let one_reason = BulkOutcome {
            matched: 4,
            done: 0,
            skipped: vec![Skipped {
                reason: SkipReason::NotPermitted,
                count: 4,
            }],
            changed: vec![],
        };
        let (title, body) = outcome_text(&ConversationAction::Close, &one_reason);
        assert_eq!(title, "Closed 0 conversations");
        assert_eq!(
            body.as_deref(),
            Some("4 skipped: your role does not allow this.")
        );
        let all_done = BulkOutcome {
            done: 1,
            matched: 1,
            ..BulkOutcome::default()
        };
        assert_eq!(
            outcome_text(&ConversationAction::Reopen, &all_done),
            ("Reopened 1 conversation".to_owned(), None)
        );
    }

    #[test]
    fn only_close_and_snooze_can_be_undone_and_only_when_something_changed() {
        let changed = BulkOutcome {
            done: 2,
            matched: 2,
            changed: vec![1, 2],
            ..BulkOutcome::default()
        };
        assert_eq!(
            undo_of(&ConversationAction::Close, &changed),
            Some(ConversationAction::Reopen)
        );
        let snooze = ConversationAction::Snooze {
            until: "2026-12-03T08:00:00Z".into(),
        };
        assert_eq!(
            undo_of(&snooze, &changed),
            Some(ConversationAction::Unsnooze)
        );
        assert_eq!(undo_of(&ConversationAction::Reopen, &changed), None);
        assert_eq!(
            undo_of(&ConversationAction::AddTag { tag_id: 1 }, &changed),
            None
        );
        assert_eq!(
            undo_of(&ConversationAction::Close, &BulkOutcome::default()),
            None
        );
    }

    #[test]
    fn selection_keys() {
        use KeyTarget::*;
        assert_eq!(
            select_key("x", false, false, Page, false),
            Some(SelectKey::Toggle)
        );
        assert_eq!(
            select_key("x", false, false, ListRow, true),
            Some(SelectKey::Toggle)
        );
        assert_eq!(select_key("x", false, false, TextField, false), None);
        assert_eq!(select_key("x", false, true, ListRow, false), None);
        assert_eq!(
            select_key("ArrowDown", true, false, ListRow, false),
            Some(SelectKey::ExtendDown)
        );
        assert_eq!(select_key("ArrowDown", false, false, ListRow, false), None);
        assert_eq!(select_key("ArrowUp", true, false, Page, false), None);
        assert_eq!(
            select_key("K", true, false, Page, false),
            Some(SelectKey::ExtendUp)
        );
        assert_eq!(select_key("k", false, false, Page, false), None);
        assert_eq!(
            select_key("Escape", false, false, Page, true),
            Some(SelectKey::Clear)
        );
        assert_eq!(select_key("Escape", false, false, Page, false), None);
    }
}
