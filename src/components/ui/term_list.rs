//! A `<dl>` whose every term and its value are grouped in a `<div>` (which HTML allows), so
//! that a row can be laid out as one: the dashboard's figures, the shortcuts overlay.

use leptos::prelude::*;

/// The classes of a term list and of its parts; an empty `value` class is left out.
#[derive(Clone, Copy)]
pub struct TermListClasses {
    pub list: &'static str,
    pub row: &'static str,
    pub term: &'static str,
    pub value: &'static str,
}

/// One row per (term, value) pair, in order.
pub fn term_list<T: IntoView, V: IntoView>(
    classes: TermListClasses,
    rows: impl IntoIterator<Item = (T, V)>,
) -> impl IntoView {
    let value_class = (!classes.value.is_empty()).then_some(classes.value);
    view! {
        <dl class=classes.list>
            {rows
                .into_iter()
                .map(|(term, value)| {
                    view! {
                        <div class=classes.row>
                            <dt class=classes.term>{term}</dt>
                            <dd class=value_class>{value}</dd>
                        </div>
                    }
                })
                .collect_view()}
        </dl>
    }
}
