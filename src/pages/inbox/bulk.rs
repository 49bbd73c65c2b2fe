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

use super::dom::{focus_row, key_target};
use super::url::InboxUrl;
use crate::api::ApiClient;
use crate::components::ui::icons::{Icon, Svg};
use crate::components::ui::modal::Modal;
use crate::components::ui::popup_menu::MenuButton;
use crate::components::ui::toast::{ToastAction, ToastKind, Toasts};
use crate::logic::selection::{outcome_text, select_key, undo_of, Picked, SelectKey};
use crate::logic::shortcuts::Shortcut;
use crate::state::inbox::ConversationList;
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

/// A snooze's end as RFC 3339: `hours` from now, or at 08:00 local time `days` from today
/// (`next_monday`: on the coming Monday).
fn snooze_until(preset: SnoozePreset) -> String {
    let date = js_sys::Date::new_0();
    match preset {
        SnoozePreset::LaterToday => {
            date.set_time(date.get_time() + 3.0 * 3_600_000.0);
        }
        SnoozePreset::TomorrowMorning => {
            date.set_date(date.get_date() + 1);
            date.set_hours(8);
            date.set_minutes(0);
            date.set_seconds(0);
            date.set_milliseconds(0);
        }
        SnoozePreset::NextWeek => {
            let days = (8 - date.get_day()) % 7;
            date.set_date(date.get_date() + if days == 0 { 7 } else { days });
            date.set_hours(8);
            date.set_minutes(0);
            date.set_seconds(0);
            date.set_milliseconds(0);
        }
    }
    String::from(date.to_iso_string())
}

#[derive(Clone, Copy)]
enum SnoozePreset {
    LaterToday,
    TomorrowMorning,
    NextWeek,
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

/// Replaces the list's title row while rows are selected.
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
    let busy = bulk.busy;

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

    let people = LocalResource::new({
        let client = client.clone();
        move || {
            let client = client.clone();
            let picked = bulk.picked.get();
            async move { assignees_for(&client, list, &picked).await }
        }
    });
    let tags = Signal::derive(move || options.with(|o| o.tags.clone()));
    let snooze_custom = RwSignal::new(false);

    let tag_items = move |add: bool| {
        move || {
            let tags: Vec<TagRef> = tags.get();
            if tags.is_empty() {
                return view! { <p class="tp-menu__empty">"No tags yet"</p> }.into_any();
            }
            tags.into_iter()
                .map(|t| {
                    let tag_id = t.id;
                    let action = if add {
                        ConversationAction::AddTag { tag_id }
                    } else {
                        ConversationAction::RemoveTag { tag_id }
                    };
                    view! {
                        <button type="button" role="menuitem" class="tp-menu__item"
                            on:click=move |_| run(action.clone())>
                            <span class="tp-tag__dot" style:background-color=t.color></span>
                            {t.name}
                        </button>
                    }
                })
                .collect_view()
                .into_any()
        }
    };

    view! {
        <div class="tp-bulkbar">
            <div class="tp-bulkbar__top">
                <p class="tp-bulkbar__count" role="status" aria-live="polite">{label}</p>
                <Show when=offer_all>
                    <button type="button" class="tp-link-button"
                        on:click=move |_| bulk.picked.update(Picked::select_all_matching)>
                        {move || format!(
                            "Select all {} matching",
                            total.get().map(crate::logic::selection::thousands).unwrap_or_default()
                        )}
                    </button>
                </Show>
                <span class="tp-bulkbar__spacer"></span>
                <button type="button" class="tp-button tp-button--quiet tp-button--small"
                    title="Clear the selection (Esc)" on:click=move |_| bulk.clear()>
                    "Clear"
                </button>
            </div>
            <div class="tp-bulkbar__actions" role="toolbar" aria-label="Bulk actions">
                <Show when=move || can(Capability::Assign)>
                    <MenuButton label="Assign" icon=Icon::UserCheck disabled=busy>
                        {move || me.map(|me| view! {
                            <button type="button" role="menuitem" class="tp-menu__item"
                                on:click=move |_| run(ConversationAction::Assign { user_id: Some(me) })>
                                "Assign to me"
                            </button>
                        })}
                        <button type="button" role="menuitem" class="tp-menu__item"
                            on:click=move |_| run(ConversationAction::Assign { user_id: None })>
                            "Unassign"
                        </button>
                        <p class="tp-menu__heading" aria-hidden="true">"People"</p>
                        <Suspense fallback=|| view! { <p class="tp-menu__empty">"Loading people…"</p> }>
                            {move || Suspend::new(async move {
                                people
                                    .await
                                    .into_iter()
                                    .filter(|p| Some(p.id) != me)
                                    .map(|p| {
                                        let user_id = p.id;
                                        view! {
                                            <button type="button" role="menuitem" class="tp-menu__item"
                                                on:click=move |_| run(ConversationAction::Assign { user_id: Some(user_id) })>
                                                {p.name}
                                            </button>
                                        }
                                    })
                                    .collect_view()
                            })}
                        </Suspense>
                    </MenuButton>
                </Show>
                <Show when=move || can(Capability::Tag)>
                    <MenuButton label="Tag" icon=Icon::Tag disabled=busy>{tag_items(true)}</MenuButton>
                    <MenuButton label="Untag" disabled=busy>{tag_items(false)}</MenuButton>
                </Show>
                <Show when=move || can(Capability::Close)>
                    <button type="button" class="tp-button tp-button--small" disabled=move || busy.get()
                        on:click=move |_| run(ConversationAction::Close)>
                        <Svg icon=Icon::CircleCheck/>
                        "Close"
                    </button>
                </Show>
                <Show when=move || can(Capability::Reopen)>
                    <button type="button" class="tp-button tp-button--small" disabled=move || busy.get()
                        on:click=move |_| run(ConversationAction::Reopen)>
                        <Svg icon=Icon::RotateCcw/>
                        "Reopen"
                    </button>
                </Show>
                <Show when=move || can(Capability::Close)>
                    <MenuButton label="Snooze" icon=Icon::Clock disabled=busy>
                        {[
                            (SnoozePreset::LaterToday, "Later today (in 3 hours)"),
                            (SnoozePreset::TomorrowMorning, "Tomorrow morning (8:00)"),
                            (SnoozePreset::NextWeek, "Next week (Monday 8:00)"),
                        ]
                            .into_iter()
                            .map(|(preset, text)| view! {
                                <button type="button" role="menuitem" class="tp-menu__item"
                                    on:click=move |_| run(ConversationAction::Snooze { until: snooze_until(preset) })>
                                    {text}
                                </button>
                            })
                            .collect_view()}
                        <button type="button" role="menuitem" class="tp-menu__item"
                            on:click=move |_| snooze_custom.set(true)>
                            "A date and time…"
                        </button>
                    </MenuButton>
                </Show>
            </div>
            <SnoozeDialog open=snooze_custom on_pick=Callback::new(move |until| run(ConversationAction::Snooze { until }))/>
        </div>
    }
}

/// The date and time a snooze ends, picked by hand.
#[component]
fn SnoozeDialog(open: RwSignal<bool>, on_pick: Callback<String>) -> impl IntoView {
    let value = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let submit = move |ev: ev::SubmitEvent| {
        ev.prevent_default();
        let text = value.get_untracked();
        let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_str(&text));
        if text.is_empty() || !date.get_time().is_finite() {
            error.set(Some("Choose a date and a time.".into()));
            return;
        }
        if date.get_time() <= js_sys::Date::now() {
            error.set(Some("Choose a time in the future.".into()));
            return;
        }
        error.set(None);
        open.set(false);
        on_pick.run(String::from(date.to_iso_string()));
    };
    view! {
        <Modal open=open title="Snooze until">
            <form class="tp-form" on:submit=submit novalidate>
                <div class="tp-field">
                    <label class="tp-field__label" for="tp-bulk-snooze">"Date and time"</label>
                    <input id="tp-bulk-snooze" class="tp-input" type="datetime-local"
                        prop:value=move || value.get()
                        on:input=move |ev| value.set(event_target_value(&ev))
                        aria-invalid=move || error.with(Option::is_some).to_string()
                        aria-describedby=move || error.with(Option::is_some).then_some("tp-bulk-snooze-error")/>
                    {move || error.get().map(|m| view! { <p class="tp-field__error" id="tp-bulk-snooze-error">{m}</p> })}
                </div>
                <div class="tp-form__actions">
                    <button type="button" class="tp-button" on:click=move |_| open.set(false)>"Cancel"</button>
                    <button type="submit" class="tp-button tp-button--primary">"Snooze"</button>
                </div>
            </form>
        </Modal>
    }
}

/// Listens for the selection keys (`x`, Shift+↓/↑, Shift+J/K, Escape) until the dashboard goes
/// away. Registered before the dashboard's other shortcuts, so that a Shift+arrow moves the
/// cursor here (and they leave it alone).
pub fn use_selection_keys(url: InboxUrl, list: ConversationList, bulk: Bulk) {
    let keys = window_event_listener(ev::keydown, move |event| {
        if event.default_prevented() {
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
        if document()
            .query_selector("[aria-modal='true'], [role='menu'], [role='listbox']:focus-within")
            .ok()
            .flatten()
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
                    focus_row(to);
                }
            }
            SelectKey::Clear => bulk.clear(),
        }
    });
    on_cleanup(move || keys.remove());
}
