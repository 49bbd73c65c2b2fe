//! Notifications. Two live regions exist from the start (screen readers only announce changes
//! to regions already in the page): a polite one for confirmations, an assertive one for errors.

use std::time::Duration;

use leptos::prelude::*;

use crate::components::ui::icons::{icon_button, Icon, Svg};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ToastKind {
    Success,
    Info,
    Error,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Toast {
    pub id: u64,
    pub kind: ToastKind,
    pub title: String,
    pub body: Option<String>,
    /// A button in the toast (Undo); pressing it runs the callback and dismisses the toast.
    pub action: Option<ToastAction>,
}

/// The button of a toast: its label and what it does.
#[derive(Clone, Debug)]
pub struct ToastAction {
    pub label: String,
    pub run: Callback<()>,
}

/// Two actions are the same when they say the same (a callback cannot be compared).
impl PartialEq for ToastAction {
    fn eq(&self, other: &Self) -> bool {
        self.label == other.label
    }
}

/// The handle views use: `expect_context::<Toasts>().success("Saved", None)`.
#[derive(Clone, Copy)]
pub struct Toasts {
    list: RwSignal<Vec<Toast>>,
    next_id: StoredValue<u64>,
}

/// Long enough to read two lines; errors stay until dismissed, so nothing is missed.
const AUTO_DISMISS: Duration = Duration::from_secs(6);
/// A toast with a button (Undo) stays longer: reaching the button takes a moment.
const AUTO_DISMISS_WITH_ACTION: Duration = Duration::from_secs(10);

impl Default for Toasts {
    fn default() -> Self {
        Self::new()
    }
}

impl Toasts {
    pub fn new() -> Self {
        Toasts {
            list: RwSignal::new(Vec::new()),
            next_id: StoredValue::new(1),
        }
    }

    pub fn push(&self, kind: ToastKind, title: impl Into<String>, body: Option<String>) -> u64 {
        self.push_with_action(kind, title, body, None)
    }

    /// A toast with a button (Undo). It stays a little longer, so the button can be reached.
    pub fn push_with_action(
        &self,
        kind: ToastKind,
        title: impl Into<String>,
        body: Option<String>,
        action: Option<ToastAction>,
    ) -> u64 {
        let id = self.next_id.get_value();
        self.next_id.set_value(id + 1);
        self.list.update(|l| {
            l.push(Toast {
                id,
                kind,
                title: title.into(),
                body,
                action: action.clone(),
            })
        });
        if kind != ToastKind::Error {
            let this = *self;
            let shown = if action.is_some() {
                AUTO_DISMISS_WITH_ACTION
            } else {
                AUTO_DISMISS
            };
            set_timeout(move || this.dismiss(id), shown);
        }
        id
    }

    pub fn success(&self, title: impl Into<String>, body: Option<String>) -> u64 {
        self.push(ToastKind::Success, title, body)
    }

    pub fn error(&self, title: impl Into<String>, body: Option<String>) -> u64 {
        self.push(ToastKind::Error, title, body)
    }

    pub fn dismiss(&self, id: u64) {
        // The region may already be gone (the app unmounted before the timer fired).
        let _ = self.list.try_update(|l| l.retain(|t| t.id != id));
    }

    pub fn current(&self) -> Vec<Toast> {
        self.list.get()
    }
}

#[component]
pub fn ToastRegion() -> impl IntoView {
    let toasts = expect_context::<Toasts>();
    let of_kind = move |errors: bool| {
        move || {
            toasts
                .list
                .get()
                .into_iter()
                .filter(|t| (t.kind == ToastKind::Error) == errors)
                .collect::<Vec<_>>()
        }
    };
    let render = move |t: Toast| {
        let id = t.id;
        let (icon, modifier) = match t.kind {
            ToastKind::Success => (Icon::Check, "tp-toast--success"),
            ToastKind::Info => (Icon::Info, "tp-toast--info"),
            ToastKind::Error => (Icon::Alert, "tp-toast--error"),
        };
        view! {
            <div class=format!("tp-toast {modifier}")>
                <Svg icon=icon class="tp-toast__icon"/>
                <div class="tp-toast__text">
                    <p class="tp-toast__title">{t.title}</p>
                    {t.body.map(|b| view! { <p class="tp-toast__body">{b}</p> })}
                </div>
                {t.action.map(|a| {
                    let run = a.run;
                    view! {
                        <button
                            type="button"
                            class="tp-button tp-button--small tp-toast__action"
                            on:click=move |_| {
                                toasts.dismiss(id);
                                run.run(());
                            }
                        >
                            {a.label}
                        </button>
                    }
                })}
                {icon_button("tp-toast__close", "Dismiss notification", Icon::Close, move || toasts.dismiss(id))}
            </div>
        }
    };
    view! {
        <section class="tp-toasts" aria-label="Notifications">
            <div role="status" aria-live="polite" class="tp-toasts__stack">
                <For each=of_kind(false) key=|t| t.id children=render/>
            </div>
            <div role="alert" aria-live="assertive" class="tp-toasts__stack">
                <For each=of_kind(true) key=|t| t.id children=render/>
            </div>
        </section>
    }
}
