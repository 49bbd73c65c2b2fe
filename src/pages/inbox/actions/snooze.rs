//! Snooze: sets the conversation aside until a chosen time (later today, tomorrow morning,
//! next week, or a date and time), when it comes back by itself; or when the contact writes.
//! A snoozed conversation offers Unsnooze instead. The preset times are
//! `logic::snooze`'s, in the browser's local time.

use leptos::prelude::*;
use textpeak_api::{Capability, ConversationAction, ConversationStatus};

use super::actor::{permission, ActionKeys, Actor, After};
use super::menu::{ActionMenu, Lead, MenuItem};
use crate::components::ui::icons::{Icon, Svg};
use crate::components::ui::modal::Modal;
use crate::format::upcoming;
use crate::logic::shortcuts::Shortcut;
use crate::logic::snooze::{check_custom, latest, presets, LocalTime, Preset};
use crate::state::inbox::OpenConversation;

/// The key of the menu item that opens the date-and-time picker.
pub const CUSTOM: &str = "custom";
const PICKER_ID: &str = "tp-snooze-until";
const PICKER_ERROR_ID: &str = "tp-snooze-until-error";

/// The browser's wall clock now.
pub fn local_now() -> LocalTime {
    let d = js_sys::Date::new_0();
    LocalTime {
        year: d.get_full_year() as i32,
        month: d.get_month() + 1,
        day: d.get_date(),
        hour: d.get_hours(),
        minute: d.get_minutes(),
    }
}

/// The instant a local wall-clock time names, as RFC 3339 (UTC).
pub fn instant(t: LocalTime) -> String {
    js_sys::Date::new_with_year_month_day_hr_min(
        t.year as u32,
        t.month as i32 - 1,
        t.day as i32,
        t.hour as i32,
        t.minute as i32,
    )
    .to_iso_string()
    .into()
}

pub fn preset_key(p: Preset) -> &'static str {
    match p {
        Preset::LaterToday => "later_today",
        Preset::TomorrowMorning => "tomorrow_morning",
        Preset::NextWeek => "next_week",
    }
}

/// "Snoozed until Thu 08:00", for the header and the list's rows.
/// The snooze menu's choices at `now`: the presets with their times, then "Pick a date and
/// time…" (key `CUSTOM`). The single conversation's menu and the bulk toolbar share it.
pub fn snooze_menu_items(now: LocalTime) -> Vec<MenuItem> {
    let mut items: Vec<MenuItem> = presets(now)
        .into_iter()
        .map(|(p, t)| {
            MenuItem::new(preset_key(p), p.label(), Lead::Icon(Icon::Clock))
                .hint(upcoming(&instant(t)))
        })
        .collect();
    items.push(MenuItem::new(
        CUSTOM,
        "Pick a date and time…",
        Lead::Icon(Icon::Pencil),
    ));
    items
}

/// The time of the preset a snooze menu key names, at `now`.
pub fn chosen_preset(key: &str, now: LocalTime) -> Option<LocalTime> {
    Preset::ALL
        .into_iter()
        .find(|p| preset_key(*p) == key)
        .and_then(|p| crate::logic::snooze::preset_time(now, p))
}

#[component]
pub fn SnoozedUntil(#[prop(into)] until: String) -> impl IntoView {
    let full = crate::format::date_time(&until);
    view! {
        <span class="tp-snoozed" title=format!("Snoozed until {full}")>
            <Svg icon=Icon::Clock/>
            <span>{format!("Snoozed until {}", upcoming(&until))}</span>
        </span>
    }
}

/// The header's Snooze menu, or Unsnooze on a snoozed conversation; each where the role
/// allows it (Snooze needs Close, Unsnooze needs Reopen).
#[component]
pub fn SnoozeControl() -> impl IntoView {
    let conversation = expect_context::<OpenConversation>();
    let actor = expect_context::<Actor>();
    let keys = expect_context::<ActionKeys>();
    let may_snooze = permission(Capability::Close);
    let may_unsnooze = permission(Capability::Reopen);
    let status = Memo::new(move |_| conversation.with_detail(|d| d.map(|d| d.summary.status)));
    let open = RwSignal::new(false);
    let picker_open = RwSignal::new(false);
    // The presets are worked out when the menu opens (the time moves on).
    let now = RwSignal::new(local_now());
    Effect::new(move |_| {
        if open.get() {
            now.set(local_now());
        }
    });
    Effect::new(move |_| {
        if keys.take(Shortcut::Snooze) {
            match status.get_untracked() {
                Some(ConversationStatus::Snoozed) if may_unsnooze() => {
                    actor.run(ConversationAction::Unsnooze, After::Stay)
                }
                Some(ConversationStatus::Open) if may_snooze() => open.set(true),
                _ => {}
            }
        }
    });
    let snooze_until = move |t: LocalTime| {
        actor.run(
            ConversationAction::Snooze { until: instant(t) },
            After::Stay,
        );
    };
    let items = Signal::derive(move || snooze_menu_items(now.get()));
    let on_choose = Callback::new(move |key: String| {
        if key == CUSTOM {
            picker_open.set(true);
            return;
        }
        if let Some(t) = chosen_preset(&key, now.get_untracked()) {
            snooze_until(t);
        }
    });

    let control = move || {
        match status.get() {
        Some(ConversationStatus::Snoozed) => may_unsnooze().then(|| {
            view! {
                <button
                    type="button"
                    class="tp-button tp-button--small"
                    title="Unsnooze (Z)"
                    aria-disabled=move || actor.busy().then_some("true")
                    on:click=move |_| {
                        if !actor.busy() {
                            actor.run(ConversationAction::Unsnooze, After::Stay);
                        }
                    }
                >
                    <Svg icon=Icon::Clock/>
                    <span class="tp-thread__action-label">"Unsnooze"</span>
                </button>
            }
            .into_any()
        }),
        Some(ConversationStatus::Open) => may_snooze().then(|| {
            view! {
                <ActionMenu
                    label="Snooze until"
                    open=open
                    trigger_class="tp-button tp-button--small"
                    title="Snooze (Z)"
                    trigger=ViewFn::from(|| view! { <Svg icon=Icon::Clock/> <span class="tp-thread__action-label">"Snooze"</span> })
                    items=items
                    empty=Signal::derive(String::new)
                    on_choose=on_choose
                    align_end=true
                    busy=Signal::derive(move || actor.busy())
                />
            }
            .into_any()
        }),
        _ => None,
    }
    };
    view! {
        {control}
        <SnoozePicker open=picker_open on_pick=Callback::new(snooze_until)/>
    }
}

/// The date-and-time picker of the Snooze menu, as a small dialog.
#[component]
pub fn SnoozePicker(open: RwSignal<bool>, on_pick: Callback<LocalTime>) -> impl IntoView {
    let value = RwSignal::new(String::new());
    let error = RwSignal::new(None::<&'static str>);
    let bounds = RwSignal::new((String::new(), String::new()));
    // Each opening starts from tomorrow morning, within today and a year from now.
    Effect::new(move |_| {
        if open.get() {
            let now = local_now();
            let start =
                crate::logic::snooze::preset_time(now, Preset::TomorrowMorning).unwrap_or(now);
            value.set(start.to_input_value());
            error.set(None);
            bounds.set((now.to_input_value(), latest(now).to_input_value()));
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let chosen = LocalTime::parse_input_value(&value.get_untracked());
        match check_custom(local_now(), chosen) {
            Some(problem) => error.set(Some(problem)),
            None => {
                open.set(false);
                if let Some(t) = chosen {
                    on_pick.run(t);
                }
            }
        }
    };
    view! {
        <Modal open=open title="Snooze until">
            <form class="tp-snooze-picker" on:submit=submit novalidate>
                <label class="tp-field__label" for=PICKER_ID>"Date and time"</label>
                <input
                    id=PICKER_ID
                    class="tp-input"
                    type="datetime-local"
                    min=move || bounds.get().0
                    max=move || bounds.get().1
                    aria-invalid=move || error.get().is_some().then_some("true")
                    aria-describedby=move || error.get().map(|_| PICKER_ERROR_ID)
                    prop:value=move || value.get()
                    on:input=move |ev| {
                        value.set(event_target_value(&ev));
                        error.set(None);
                    }
                />
                {move || error.get().map(|e| view! {
                    <p class="tp-field__error" id=PICKER_ERROR_ID role="alert">{e}</p>
                })}
                <p class="tp-snooze-picker__hint">"In your time zone. It comes back earlier if the contact writes."</p>
                <div class="tp-snooze-picker__actions">
                    <button type="button" class="tp-button" on:click=move |_| open.set(false)>"Cancel"</button>
                    <button type="submit" class="tp-button tp-button--primary">"Snooze"</button>
                </div>
            </form>
        </Modal>
    }
}
