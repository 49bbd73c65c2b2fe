//! Desktop notifications, opt-in: a switch in the sidebar asks the browser's permission (on
//! that click only, never on load), and from then on new conversations in the user's views
//! and customers' messages in conversations assigned to them notify while the user looks
//! elsewhere (`logic::notify` decides). A click on a notification opens its conversation.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use textpeak_api::live::LiveEvent;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{Notification, NotificationOptions, NotificationPermission};

use super::url::InboxUrl;
use crate::components::ui::icons::{Icon, Svg};
use crate::components::ui::toast::Toasts;
use crate::logic::notify::notice_for;
use crate::logic::routes::href;
use crate::state::{storage, Live};

fn key(user_id: i64) -> String {
    format!("textpeak.notifications.v1.{user_id}")
}

fn permission() -> Option<NotificationPermission> {
    // Browsers without the API (and some embedded views) have no `Notification`.
    let has_api = js_sys::Reflect::has(&window(), &"Notification".into()).unwrap_or(false);
    has_api.then(Notification::permission)
}

/// The user's choice, and what the browser allows. Copy, in context on the dashboard.
#[derive(Clone, Copy)]
pub struct DesktopNotifications {
    user_id: i64,
    /// The user switched them on (kept per user in local storage).
    wanted: RwSignal<bool>,
    /// What the browser says; None without the API.
    permission: RwSignal<Option<NotificationPermission>>,
}

impl DesktopNotifications {
    pub fn new(user_id: i64) -> Self {
        DesktopNotifications {
            user_id,
            wanted: RwSignal::new(storage::read(&key(user_id)).as_deref() == Some("on")),
            permission: RwSignal::new(permission()),
        }
    }

    /// Notifications will show, tracked.
    pub fn on(&self) -> bool {
        self.wanted.get() && self.permission.get() == Some(NotificationPermission::Granted)
    }

    fn set_wanted(&self, on: bool) {
        self.wanted.set(on);
        storage::write(&key(self.user_id), if on { "on" } else { "off" });
    }

    fn on_untracked(&self) -> bool {
        untrack(|| self.on())
    }

    /// The switch was pressed: off, or on after asking the browser (only now, on a click).
    /// Answers false when the browser blocks them.
    fn toggle(&self) -> bool {
        if self.on_untracked() {
            self.set_wanted(false);
            return true;
        }
        let this = *self;
        match permission() {
            Some(NotificationPermission::Granted) => this.set_wanted(true),
            Some(NotificationPermission::Default) => {
                let Ok(asked) = Notification::request_permission() else {
                    return true;
                };
                leptos::task::spawn_local(async move {
                    let _ = wasm_bindgen_futures::JsFuture::from(asked).await;
                    let now = permission();
                    this.permission.set(now);
                    this.set_wanted(now == Some(NotificationPermission::Granted));
                });
            }
            now => {
                this.permission.set(now);
                return false;
            }
        }
        true
    }
}

/// Shows a notification for each event that deserves one.
pub fn use_desktop_notifications(live: Live, notifications: DesktopNotifications, me: i64) {
    let url = expect_context::<InboxUrl>();
    let navigate = use_navigate();
    live.on_event(move |event, _| {
        let LiveEvent::Conversation {
            space_id,
            change,
            conversation,
            message,
            actor,
        } = event
        else {
            return;
        };
        if !notifications.on_untracked() {
            return;
        }
        let visible = document().visibility_state() == web_sys::VisibilityState::Visible;
        let in_view = visible && url.open.get_untracked() == Some(conversation.id);
        let Some(notice) = notice_for(
            *change,
            conversation,
            message.as_ref(),
            actor.as_ref(),
            me,
            in_view,
        ) else {
            return;
        };
        let options = NotificationOptions::new();
        options.set_body(&notice.body);
        // One notification per conversation: a newer message replaces the older one.
        options.set_tag(&format!("textpeak-conversation-{}", notice.conversation_id));
        let Ok(shown) = Notification::new_with_options(&notice.title, &options) else {
            return;
        };
        let target =
            href::conversations(*space_id, &Default::default(), Some(notice.conversation_id));
        let navigate = navigate.clone();
        let (space, id) = (*space_id, notice.conversation_id);
        let on_click = Closure::<dyn Fn()>::new(move || {
            let _ = window().focus();
            if url.space_id.get_untracked() == space {
                url.open_conversation(id);
            } else {
                navigate(&target, Default::default());
            }
        });
        shown.set_onclick(Some(on_click.as_ref().unchecked_ref()));
        // The notification lives on after this call; its handler must too.
        on_click.forget();
    });
}

/// The sidebar's switch.
#[component]
pub fn NotificationsToggle() -> impl IntoView {
    let notifications = expect_context::<DesktopNotifications>();
    let toasts = expect_context::<Toasts>();
    let blocked = move || notifications.permission.get() == Some(NotificationPermission::Denied);
    let unsupported = move || notifications.permission.get().is_none();
    let state = move || {
        if unsupported() {
            "Not supported"
        } else if blocked() {
            "Blocked"
        } else if notifications.on() {
            "On"
        } else {
            "Off"
        }
    };
    let title = move || {
        if blocked() {
            "Your browser blocks notifications from this site; allow them in its site settings."
        } else {
            "New conversations, and customers' messages in conversations assigned to you"
        }
    };
    view! {
        <button
            type="button"
            class="tp-sidebar__settings tp-sidebar__shortcuts tp-sidebar__notifications"
            aria-pressed=move || notifications.on().to_string()
            disabled=unsupported
            title=title
            on:click=move |_| {
                if !notifications.toggle() {
                    toasts.error(
                        "Your browser blocks notifications from TextPeak",
                        Some("Allow them in the site settings of your browser, then switch them on here.".into()),
                    );
                }
            }
        >
            <Svg icon=Icon::Bell/>
            <span>"Desktop notifications"</span>
            <span class="tp-sidebar__count">{state}</span>
        </button>
    }
}
