//! The list part of a settings page: its header, the loading / failed / empty / rows states,
//! the table markup and the small pieces rows are made of.

use leptos::prelude::*;
use textpeak_api::Stream;

use super::resource::{Collection, Empty, Load, Resource};
use crate::components::domain::{stream_name, ChannelIcon};
use crate::components::ui::icons::{Icon, Svg};
use crate::components::ui::states::ErrorPanel;

/// The title row of a settings page: heading, one sentence, and the page's main action.
#[component]
pub fn SettingsHeader(
    #[prop(into)] title: String,
    #[prop(into)] lead: String,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    view! {
        <header class="tp-settings__header">
            <div>
                <h1 class="tp-page__title" id="tp-settings-title">{title}</h1>
                <p class="tp-page__lead">{lead}</p>
            </div>
            {children.map(|c| view! { <div class="tp-settings__actions">{c()}</div> })}
        </header>
    }
}

/// The main action of a page or section: "New tag", "Invite user".
#[component]
pub fn NewButton(
    label: &'static str,
    #[prop(optional)] primary: bool,
    #[prop(into)] on_click: Callback<()>,
) -> impl IntoView {
    let class = if primary {
        "tp-button tp-button--primary"
    } else {
        "tp-button"
    };
    view! {
        <button type="button" class=class on:click=move |_| on_click.run(())>
            <Svg icon=Icon::Plus/>
            {label}
        </button>
    }
}

/// Renders a collection: a spinner, a failure with "Try again", the `empty` state, or the rows.
pub fn list_view<R: Resource>(
    list: Collection<R>,
    empty: Empty,
    rows: impl Fn(Vec<R::Row>) -> AnyView + Send + Sync + 'static,
) -> impl IntoView {
    move || match list.state() {
        Load::Loading => loading(R::NOUN.many),
        Load::Failed(message) => failed(message, Callback::new(move |()| list.retry())),
        Load::Ready(ready) if ready.is_empty() => empty_list(empty),
        Load::Ready(ready) => rows(ready),
    }
}

fn loading(label: &'static str) -> AnyView {
    view! {
        <div class="tp-settings__loading" role="status">
            <span class="tp-spinner" aria-hidden="true"></span>
            <span>"Loading " {label} "…"</span>
        </div>
    }
    .into_any()
}

fn failed(message: String, retry: Callback<()>) -> AnyView {
    view! { <ErrorPanel message=message on_retry=retry/> }.into_any()
}

fn empty_list(empty: Empty) -> AnyView {
    view! {
        <div class="tp-settings__empty">
            <Svg icon=empty.icon class="tp-settings__empty-icon"/>
            <p class="tp-settings__empty-title">{empty.title}</p>
            <p class="tp-settings__empty-text">{empty.text}</p>
        </div>
    }
    .into_any()
}

/// A column of a settings table; `num` right-aligns it.
#[derive(Clone, Copy)]
pub struct Column {
    pub label: &'static str,
    pub num: bool,
}

impl Column {
    pub const fn text(label: &'static str) -> Self {
        Column { label, num: false }
    }

    pub const fn num(label: &'static str) -> Self {
        Column { label, num: true }
    }
}

/// The head of a settings table: its caption for screen readers, its columns before the
/// actions, and whether it stacks into cards on a phone.
#[derive(Clone, Copy)]
pub struct TableHead {
    pub caption: &'static str,
    pub columns: &'static [Column],
    pub stack: bool,
}

/// A settings table in its scrolling wrapper: `rows` are `table_row`s.
pub fn data_table(head: TableHead, rows: Vec<AnyView>) -> AnyView {
    view! {
        <div class="tp-table-wrap">
            {table(head.caption.to_string(), head.columns, head.stack, rows)}
        </div>
    }
    .into_any()
}

/// A settings table without its wrapper (inside a card).
pub fn table(caption: String, columns: &[Column], stack: bool, rows: Vec<AnyView>) -> AnyView {
    let class = if stack {
        "tp-table tp-table--stack"
    } else {
        "tp-table"
    };
    let head = columns
        .iter()
        .map(|c| {
            let class = c.num.then_some("tp-table__num");
            view! { <th scope="col" class=class>{c.label}</th> }
        })
        .collect_view();
    view! {
        <table class=class>
            <caption class="tp-visually-hidden">{caption}</caption>
            <thead>
                <tr>
                    {head}
                    <th scope="col"><span class="tp-visually-hidden">"Actions"</span></th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
    .into_any()
}

/// A table row: its cells (the first a `<th scope="row">`), then the actions cell.
pub fn table_row(cells: impl IntoView + 'static, actions: impl IntoView + 'static) -> AnyView {
    view! {
        <tr>
            {cells}
            <td class="tp-table__actions">{actions}</td>
        </tr>
    }
    .into_any()
}

/// The Edit and Delete buttons of a row, named after the row for screen readers.
#[component]
pub fn RowActions(
    #[prop(into)] name: String,
    #[prop(into)] on_edit: Callback<()>,
    /// None when the caller may not delete (the button is not shown).
    #[prop(default = None)]
    on_delete: Option<Callback<()>>,
) -> impl IntoView {
    let edit_label = format!("Edit {name}");
    let delete_label = format!("Delete {name}");
    view! {
        <div class="tp-row-actions">
            <button
                type="button"
                class="tp-icon-button"
                aria-label=edit_label.clone()
                title=edit_label
                on:click=move |_| on_edit.run(())
            >
                <Svg icon=Icon::Pencil/>
            </button>
            {on_delete.map(|on_delete| view! {
                <button
                    type="button"
                    class="tp-icon-button tp-icon-button--danger"
                    aria-label=delete_label.clone()
                    title=delete_label.clone()
                    on:click=move |_| on_delete.run(())
                >
                    <Svg icon=Icon::Trash/>
                </button>
            })}
        </div>
    }
}

/// Names as a comma-separated list, or "None".
pub fn names(list: Vec<String>) -> AnyView {
    if list.is_empty() {
        muted("None")
    } else {
        list.join(", ").into_any()
    }
}

/// A cell's quiet text: "None", "Every channel".
pub fn muted(text: &'static str) -> AnyView {
    view! { <span class="tp-table__muted">{text}</span> }.into_any()
}

/// A channel as a small label with its icon.
#[component]
pub fn ChannelPill(stream: Stream) -> impl IntoView {
    view! { <span class="tp-pill"><ChannelIcon stream=stream/>{stream_name(stream)}</span> }
}

/// Numbers or bot ids, in the monospace they are read in.
#[component]
pub fn SenderList(senders: Vec<String>) -> impl IntoView {
    view! {
        <ul class="tp-table__list">
            {senders.into_iter().map(|s| view! { <li><code class="tp-code">{s}</code></li> }).collect_view()}
        </ul>
    }
}
