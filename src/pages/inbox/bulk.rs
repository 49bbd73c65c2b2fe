//! Bulk actions on the conversation list: a checkbox per row, `x` on the focused row,
//! Shift+click and Shift+arrows for ranges, and a toolbar over the list while something is
//! selected ("3 selected", "Select all 1,204 matching"). Its actions (assign, tag, untag,
//! close, reopen, snooze) go to the server in one request, by ids or, for "all matching", by the
//! list's filter; the toast says what was done and what was skipped and why, and offers Undo for
//! close and snooze. The rules are `logic::selection`.

use std::collections::BTreeMap;

use leptos::ev;
use leptos::prelude::*;
use textpeak_api::{
    BulkOutcome, BulkRequest, Capability, ConversationAction, InboxView, Selection, SpaceFilters,
    TagRef, UserRef,
};

use super::actions::{
    chosen_preset, instant, local_now, snooze_menu_items, ActionMenu, Lead, MenuItem, SnoozePicker,
    CUSTOM,
};
use super::dom::{focus_row, key_target};
use super::url::InboxUrl;
use crate::api::ApiClient;
use crate::components::ui::icons::{Icon, Svg};
use crate::components::ui::toast::{ToastAction, ToastKind, Toasts};
use crate::logic::selection::{outcome_text, select_key, thousands, undo_of, Picked, SelectKey};
use crate::logic::shortcuts::Shortcut;
use crate::state::inbox::ConversationList;
use crate::state::Host;
use crate::state::Session;

/// The selection of the list in view. Copy, lives in context; the only writer of its signal.
#[derive(Clone, Copy)]
pub struct Bulk {
    picked: RwSignal<Picked>,
    /// A bulk request is under way: the toolbar's buttons wait.
    busy: RwSignal<bool>,
}

impl Bulk {
    /// A new list (another space or filter) starts with nothing selected.
    pub fn new(url: InboxUrl) -> Self {
        let bulk = Bulk {
            picked: RwSignal::new(Picked::default()),
            busy: RwSignal::new(false),
        };
        Effect::new(move |_| {
            url.space_id.track();
            url.filter.track();
            bulk.picked.update(Picked::clear);
        });
        bulk
    }

    /// Whether anything is selected, tracked.
    pub fn selecting(&self) -> bool {
        self.picked.with(|p| !p.is_empty())
    }

    pub fn selecting_untracked(&self) -> bool {
        self.picked.with_untracked(|p| !p.is_empty())
    }

    /// Whether row `id` is selected, tracked.
    pub fn contains(&self, id: i64) -> bool {
        self.picked.with(|p| p.contains(id))
    }

    pub fn toggle(&self, rows: &[i64], index: usize) {
        self.picked.update(|p| p.toggle(rows, index));
    }

    pub fn range_to(&self, rows: &[i64], index: usize) {
        self.picked.update(|p| p.range_to(rows, index));
    }

    pub fn extend(&self, rows: &[i64], from: usize, to: usize) {
        self.picked.update(|p| p.extend(rows, from, to));
    }

    pub fn clear(&self) {
        self.picked.update(Picked::clear);
    }
}

/// The checkbox at the start of a row. Its clicks: a plain one ticks or unticks the row, with
/// Shift the range from the last ticked row. Not a Tab stop (the rows are one); `x` ticks the
/// focused row.
pub fn row_checkbox(index: usize, id: i64, name: String) -> impl IntoView {
    let bulk = expect_context::<Bulk>();
    let list = expect_context::<ConversationList>();
    view! {
        <input
            type="checkbox"
            class="tp-conv__check"
            tabindex="-1"
            aria-label=format!("Select {name}")
            prop:checked=move || bulk.contains(id)
            on:click=move |ev: ev::MouseEvent| {
                let rows = list.loaded_ids_untracked();
                if ev.shift_key() {
                    bulk.range_to(&rows, index);
                } else {
                    bulk.toggle(&rows, index);
                }
            }
        />
    }
}

/// How many conversations the list's current view matches (its tab's count).
fn matching(list: ConversationList, url: InboxUrl) -> Option<u64> {
    let counts = list.counts()?;
    let filter = url.filter.get();
    if filter.status == Some(textpeak_api::ConversationStatus::Snoozed) {
        return Some(counts.snoozed);
    }
    Some(match filter.view {
        InboxView::Mine => counts.mine,
        InboxView::Unassigned => counts.unassigned,
        InboxView::All => counts.all,
    })
}

/// Sends one bulk request and tells the answer in a toast (with Undo for close and snooze);
/// the list and its counts load again and the selection ends.
fn run_bulk(
    client: ApiClient,
    space_id: i64,
    selection: Selection,
    action: ConversationAction,
    bulk: Bulk,
    list: ConversationList,
    toasts: Toasts,
) {
    bulk.busy.set(true);
    leptos::task::spawn_local(async move {
        let request = BulkRequest {
            selection,
            action: action.clone(),
        };
        let answer = client.bulk_action(space_id, &request).await;
        let _ = bulk.busy.try_set(false);
        match answer {
            Ok(outcome) => {
                let _ = bulk.picked.try_update(Picked::clear);
                list.refresh();
                tell(client, space_id, action, outcome, bulk, list, toasts);
            }
            Err(e) => {
                toasts.error("The bulk action didn't go through", Some(e.message()));
            }
        }
    });
}

fn tell(
    client: ApiClient,
    space_id: i64,
    action: ConversationAction,
    outcome: BulkOutcome,
    bulk: Bulk,
    list: ConversationList,
    toasts: Toasts,
) {
    let (title, body) = outcome_text(&action, &outcome);
    let undo = undo_of(&action, &outcome).map(|undo| {
        let ids = outcome.changed.clone();
        ToastAction {
            label: "Undo".to_owned(),
            run: Callback::new(move |()| {
                run_bulk(
                    client.clone(),
                    space_id,
                    Selection::Ids { ids: ids.clone() },
                    undo.clone(),
                    bulk,
                    list,
                    toasts,
                );
            }),
        }
    });
    let kind = if outcome.done == 0 && outcome.matched > 0 {
        ToastKind::Info
    } else {
        ToastKind::Success
    };
    toasts.push_with_action(kind, title, body, undo);
}

/// The people the bulk Assign menu offers: the assignees of the teams of the selected rows
/// that are loaded (one conversation's options per team), by name. A conversation of another
/// team is skipped by the server with its reason.
async fn assignees_for(
    client: &ApiClient,
    list: ConversationList,
    picked: &Picked,
) -> Vec<UserRef> {
    let mut per_team: BTreeMap<i64, i64> = BTreeMap::new();
    let ids = if picked.all_matching() {
        list.loaded_ids_untracked()
    } else {
        picked.ids().to_vec()
    };
    for id in ids {
        if let Some(row) = list.row_untracked(id) {
            per_team.entry(row.team.id).or_insert(id);
        }
        if per_team.len() >= 5 {
            break;
        }
    }
    let mut people: BTreeMap<i64, UserRef> = BTreeMap::new();
    for id in per_team.into_values() {
        if let Ok(options) = client.action_options(id).await {
            for person in options.assignees {
                people.insert(person.id, person);
            }
        }
    }
    let mut people: Vec<UserRef> = people.into_values().collect();
    people.sort_by_key(|p| p.name.to_lowercase());
    people
}

/// The keys of the Assign menu's first two items.
const ASSIGN_ME: &str = "me";
const UNASSIGN: &str = "none";

/// Replaces the list's title row while rows are selected. Its menus are the action menus of
/// the single conversation (`actions::ActionMenu`), so they look and behave the same.
#[component]
pub fn BulkToolbar(#[prop(into)] options: Signal<SpaceFilters>) -> impl IntoView {
    let bulk = expect_context::<Bulk>();
    let list = expect_context::<ConversationList>();
    let url = expect_context::<InboxUrl>();
    let client = expect_context::<ApiClient>();
    let toasts = expect_context::<Toasts>();
    let session = expect_context::<Session>();
    let can = move |c: Capability| session.with_me(|me| me.is_some_and(|m| m.can(c)));
    let me = session.with_me(|me| me.map(|m| m.user.id));

    let total = Memo::new(move |_| matching(list, url));
    let label = move || bulk.picked.with(|p| p.label(total.get()));
    let offer_all = move || bulk.picked.with(|p| p.offers_all_matching(total.get()));
    let busy = Signal::derive(move || bulk.busy.get());

    let act = {
        let client = client.clone();
        move |action: ConversationAction| {
            let selection = bulk
                .picked
                .with_untracked(|p| p.selection(&url.filter.get_untracked()));
            run_bulk(
                client.clone(),
                url.space_id.get_untracked(),
                selection,
                action,
                bulk,
                list,
                toasts,
            );
        }
    };
    let act = StoredValue::new(act);
    let run = move |action: ConversationAction| act.with_value(|f| f(action));

    // Assign: to me, nobody, or one of the people of the selection's teams (asked when the
    // menu opens).
    let assign_open = RwSignal::new(false);
    let assign_query = RwSignal::new(String::new());
    let people = LocalResource::new({
        let client = client.clone();
        move || {
            let client = client.clone();
            let wanted = assign_open.get();
            let picked = bulk.picked.get_untracked();
            async move {
                match wanted {
                    true => assignees_for(&client, list, &picked).await,
                    false => Vec::new(),
                }
            }
        }
    });
    let assign_items = Signal::derive(move || {
        let q = assign_query.with(|q| q.trim().to_lowercase());
        let mut items = Vec::new();
        if me.is_some() {
            items.push(MenuItem::new(
                ASSIGN_ME,
                "Assign to me",
                Lead::Icon(Icon::UserCheck),
            ));
        }
        items.push(MenuItem::new(UNASSIGN, "Unassign", Lead::Icon(Icon::Close)));
        items.extend(
            people
                .get()
                .unwrap_or_default()
                .into_iter()
                .filter(|p| Some(p.id) != me)
                .map(|p| MenuItem::new(p.id.to_string(), p.name.clone(), Lead::Avatar(p.name))),
        );
        items.retain(|i| q.is_empty() || i.label.to_lowercase().contains(&q));
        items
    });
    let on_assign = Callback::new(move |key: String| {
        let user_id = match key.as_str() {
            ASSIGN_ME => me,
            UNASSIGN => None,
            id => id.parse().ok(),
        };
        run(ConversationAction::Assign { user_id });
    });

    // Tag and untag: the space's tags, searchable.
    let tag_menu = move |add: bool| {
        let open = RwSignal::new(false);
        let query = RwSignal::new(String::new());
        let items = Signal::derive(move || {
            let q = query.with(|q| q.trim().to_lowercase());
            options.with(|o| {
                o.tags
                    .iter()
                    .filter(|t: &&TagRef| q.is_empty() || t.name.to_lowercase().contains(&q))
                    .map(|t| {
                        MenuItem::new(t.id.to_string(), t.name.clone(), Lead::Dot(t.color.clone()))
                    })
                    .collect::<Vec<_>>()
            })
        });
        let on_choose = Callback::new(move |key: String| {
            if let Ok(tag_id) = key.parse() {
                run(if add {
                    ConversationAction::AddTag { tag_id }
                } else {
                    ConversationAction::RemoveTag { tag_id }
                });
            }
        });
        let (label, text, icon) = if add {
            ("Add a tag", "Tag", Icon::Tag)
        } else {
            ("Remove a tag", "Untag", Icon::Trash)
        };
        view! {
            <ActionMenu
                label=label
                open=open
                trigger_class="tp-button tp-button--small"
                title=label
                trigger=ViewFn::from(move || view! { <Svg icon=icon/> <span>{text}</span> })
                query=query
                placeholder="Search tags"
                items=items
                empty=Signal::derive(|| "No tag matches".to_owned())
                on_choose=on_choose
                busy=busy
            />
        }
    };

    // Snooze: the presets of the single conversation's menu, or a date and time.
    let snooze_open = RwSignal::new(false);
    let picker_open = RwSignal::new(false);
    let now = RwSignal::new(local_now());
    Effect::new(move |_| {
        if snooze_open.get() {
            now.set(local_now());
        }
    });
    let snooze_items = Signal::derive(move || snooze_menu_items(now.get()));
    let on_snooze = Callback::new(move |key: String| {
        if key == CUSTOM {
            picker_open.set(true);
            return;
        }
        if let Some(t) = chosen_preset(&key, now.get_untracked()) {
            run(ConversationAction::Snooze { until: instant(t) });
        }
    });

    view! {
        <div class="tp-bulkbar">
            <div class="tp-bulkbar__top">
                <p class="tp-bulkbar__count" role="status">{label}</p>
                <Show when=offer_all>
                    <button type="button" class="tp-link-button"
                        on:click=move |_| bulk.picked.update(Picked::select_all_matching)>
                        {move || format!(
                            "Select all {} matching",
                            total.get().map(thousands).unwrap_or_default()
                        )}
                    </button>
                </Show>
                <span class="tp-bulkbar__spacer"></span>
                <button type="button" class="tp-icon-button tp-bulkbar__clear"
                    aria-label="Clear selection" title="Clear the selection (Esc)"
                    aria-keyshortcuts="Escape" on:click=move |_| bulk.clear()>
                    <Svg icon=Icon::Close/>
                </button>
            </div>
            <div class="tp-bulkbar__actions" role="group" aria-label="Bulk actions">
                <Show when=move || can(Capability::Assign)>
                    <ActionMenu
                        label="Assign to"
                        open=assign_open
                        trigger_class="tp-button tp-button--small"
                        title="Assign the selected conversations"
                        trigger=ViewFn::from(|| view! { <Svg icon=Icon::UserCheck/> <span>"Assign"</span> })
                        query=assign_query
                        placeholder="Search people"
                        items=assign_items
                        empty=Signal::derive(|| "Nobody matches".to_owned())
                        on_choose=on_assign
                        busy=busy
                    />
                </Show>
                <Show when=move || can(Capability::Tag)>
                    {tag_menu(true)}
                    {tag_menu(false)}
                </Show>
                <Show when=move || can(Capability::Close)>
                    <button type="button" class="tp-button tp-button--small"
                        aria-disabled=move || busy.get().to_string()
                        on:click=move |_| if !busy.get_untracked() { run(ConversationAction::Close) }>
                        <Svg icon=Icon::CircleCheck/>
                        "Close"
                    </button>
                </Show>
                <Show when=move || can(Capability::Reopen)>
                    <button type="button" class="tp-button tp-button--small"
                        aria-disabled=move || busy.get().to_string()
                        on:click=move |_| if !busy.get_untracked() { run(ConversationAction::Reopen) }>
                        <Svg icon=Icon::RotateCcw/>
                        "Reopen"
                    </button>
                </Show>
                <Show when=move || can(Capability::Close)>
                    <ActionMenu
                        label="Snooze until"
                        open=snooze_open
                        trigger_class="tp-button tp-button--small"
                        title="Snooze the selected conversations"
                        trigger=ViewFn::from(|| view! { <Svg icon=Icon::Clock/> <span>"Snooze"</span> })
                        items=snooze_items
                        empty=Signal::derive(String::new)
                        on_choose=on_snooze
                        align_end=true
                        busy=busy
                    />
                </Show>
            </div>
            <SnoozePicker open=picker_open on_pick=Callback::new(move |t| run(ConversationAction::Snooze { until: instant(t) }))/>
        </div>
    }
}

/// Listens for the selection keys (`x`, Shift+↓/↑, Shift+J/K, Escape) until the dashboard goes
/// away. Registered before the dashboard's other shortcuts, so that a Shift+arrow moves the
/// cursor here (and they leave it alone).
pub fn use_selection_keys(url: InboxUrl, list: ConversationList, bulk: Bulk) {
    let host = Host::current();
    let keys = window_event_listener(ev::keydown, move |event| {
        if event.default_prevented() || !host.answers(&event) {
            return;
        }
        let with_modifier = event.ctrl_key() || event.alt_key() || event.meta_key();
        let Some(key) = select_key(
            &event.key(),
            event.shift_key(),
            with_modifier,
            key_target(&event),
            bulk.selecting_untracked(),
        ) else {
            return;
        };
        if host
            .query("[aria-modal='true'], [role='menu'], [role='listbox']:focus-within")
            .is_some()
        {
            return;
        }
        event.prevent_default();
        let rows = list.loaded_ids_untracked();
        match key {
            SelectKey::Toggle => {
                let open = url.open.get_untracked();
                let index = list
                    .cursor_untracked()
                    .or_else(|| rows.iter().position(|id| Some(*id) == open));
                if let Some(index) = index {
                    bulk.toggle(&rows, index);
                }
            }
            SelectKey::ExtendDown | SelectKey::ExtendUp => {
                let from = list.cursor_untracked();
                let shortcut = if key == SelectKey::ExtendDown {
                    Shortcut::Next
                } else {
                    Shortcut::Previous
                };
                if let Some(to) = list.move_cursor(shortcut, url.open.get_untracked()) {
                    bulk.extend(&rows, from.unwrap_or(to), to);
                    focus_row(host, to);
                }
            }
            SelectKey::Clear => bulk.clear(),
        }
    });
    on_cleanup(move || keys.remove());
}
