//! Inline SVG icons (24×24, stroke = currentColor), decorative unless given a label.

use leptos::prelude::*;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Icon {
    Inbox,
    Home,
    Settings,
    ChevronUpDown,
    Check,
    Close,
    Alert,
    Info,
    Lock,
    Sparkle,
    SignOut,
    Users,
    Search,
    Keyboard,
    Sms,
    Whatsapp,
    Telegram,
    ArrowLeft,
    PanelRight,
    Note,
    Tag,
    UserCheck,
    CircleCheck,
    RotateCcw,
    CheckCheck,
    Clock,
    Pencil,
    Trash,
    Plus,
    Route,
    FileText,
    Layers,
    Send,
    ArrowRight,
    SkipForward,
    ArrowDown,
    Eye,
    Bell,
    WifiOff,
}

impl Icon {
    fn paths(self) -> &'static [&'static str] {
        match self {
            Icon::Pencil => &[
                "M17 3a2.85 2.83 0 1 1 4 4L7.5 20.5 2 22l1.5-5.5Z",
                "m15 5 4 4",
            ],
            Icon::Trash => &[
                "M3 6h18",
                "M19 6v14c0 1-1 2-2 2H7c-1 0-2-1-2-2V6",
                "M8 6V4c0-1 1-2 2-2h4c1 0 2 1 2 2v2",
            ],
            Icon::Plus => &["M5 12h14", "M12 5v14"],
            Icon::Route => &[
                "M6 3v12",
                "M18 9a3 3 0 1 0 0-6 3 3 0 0 0 0 6z",
                "M6 21a3 3 0 1 0 0-6 3 3 0 0 0 0 6z",
                "M18 9a9 9 0 0 1-9 9",
            ],
            Icon::FileText => &[
                "M14.5 2H6a2 2 0 0 0-2 2v16a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2V7.5L14.5 2z",
                "M14 2v6h6",
                "M16 13H8",
                "M16 17H8",
            ],
            Icon::Layers => &["m12 2 10 5-10 5L2 7z", "m2 17 10 5 10-5", "m2 12 10 5 10-5"],
            Icon::SkipForward => &["M5 4l10 8-10 8z", "M19 5v14"],
            Icon::ArrowRight => &["M5 12h14", "m12 5 7 7-7 7"],
            Icon::ArrowDown => &["M12 5v14", "m19 12-7 7-7-7"],
            Icon::Eye => &[
                "M2 12s3.5-7 10-7 10 7 10 7-3.5 7-10 7S2 12 2 12z",
                "M12 15a3 3 0 1 0 0-6 3 3 0 0 0 0 6z",
            ],
            Icon::Bell => &[
                "M6 8a6 6 0 0 1 12 0c0 7 3 9 3 9H3s3-2 3-9",
                "M10.3 21a1.94 1.94 0 0 0 3.4 0",
            ],
            Icon::WifiOff => &[
                "M12 20h.01",
                "M8.5 16.43a5 5 0 0 1 7 0",
                "M5 12.86a10 10 0 0 1 5.17-2.69",
                "M19 12.86a10 10 0 0 0-2.01-1.52",
                "M2 8.82a15 15 0 0 1 4.18-2.65",
                "M22 8.82a15 15 0 0 0-11.29-3.76",
                "m2 2 20 20",
            ],
            Icon::Send => &["m22 2-7 20-4-9-9-4Z", "M22 2 11 13"],
            Icon::Inbox => &[
                "M22 12h-6l-2 3h-4l-2-3H2",
                "M5.45 5.11 2 12v6a2 2 0 0 0 2 2h16a2 2 0 0 0 2-2v-6l-3.45-6.89A2 2 0 0 0 16.76 4H7.24a2 2 0 0 0-1.79 1.11z",
            ],
            Icon::Home => &["M3 10.5 12 3l9 7.5", "M5 9.5V21h14V9.5"],
            Icon::Settings => &[
                "M12 15a3 3 0 1 0 0-6 3 3 0 0 0 0 6z",
                "M19.4 15a1.65 1.65 0 0 0 .33 1.82l.06.06a2 2 0 1 1-2.83 2.83l-.06-.06a1.65 1.65 0 0 0-1.82-.33 1.65 1.65 0 0 0-1 1.51V21a2 2 0 1 1-4 0v-.09A1.65 1.65 0 0 0 9 19.4a1.65 1.65 0 0 0-1.82.33l-.06.06a2 2 0 1 1-2.83-2.83l.06-.06A1.65 1.65 0 0 0 4.68 15a1.65 1.65 0 0 0-1.51-1H3a2 2 0 1 1 0-4h.09A1.65 1.65 0 0 0 4.6 9a1.65 1.65 0 0 0-.33-1.82l-.06-.06a2 2 0 1 1 2.83-2.83l.06.06A1.65 1.65 0 0 0 9 4.68a1.65 1.65 0 0 0 1-1.51V3a2 2 0 1 1 4 0v.09a1.65 1.65 0 0 0 1 1.51 1.65 1.65 0 0 0 1.82-.33l.06-.06a2 2 0 1 1 2.83 2.83l-.06.06A1.65 1.65 0 0 0 19.4 9a1.65 1.65 0 0 0 1.51 1H21a2 2 0 1 1 0 4h-.09a1.65 1.65 0 0 0-1.51 1z",
            ],
            Icon::ChevronUpDown => &["m7 15 5 5 5-5", "m7 9 5-5 5 5"],
            Icon::Check => &["M20 6 9 17l-5-5"],
            Icon::Close => &["M18 6 6 18", "m6 6 12 12"],
            Icon::Alert => &[
                "M10.29 3.86 1.82 18a2 2 0 0 0 1.71 3h16.94a2 2 0 0 0 1.71-3L13.71 3.86a2 2 0 0 0-3.42 0z",
                "M12 9v4",
                "M12 17h.01",
            ],
            Icon::Info => &["M12 22a10 10 0 1 0 0-20 10 10 0 0 0 0 20z", "M12 16v-4", "M12 8h.01"],
            Icon::Lock => &[
                "M5 11h14a2 2 0 0 1 2 2v7a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2v-7a2 2 0 0 1 2-2z",
                "M7 11V7a5 5 0 0 1 10 0v4",
            ],
            Icon::Sparkle => &["M12 3l1.9 5.6L19.5 10.5 13.9 12.4 12 18l-1.9-5.6L4.5 10.5l5.6-1.9z"],
            Icon::SignOut => &["M9 21H5a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2h4", "m16 17 5-5-5-5", "M21 12H9"],
            Icon::Users => &[
                "M17 21v-2a4 4 0 0 0-4-4H5a4 4 0 0 0-4 4v2",
                "M9 11a4 4 0 1 0 0-8 4 4 0 0 0 0 8z",
                "M23 21v-2a4 4 0 0 0-3-3.87",
                "M16 3.13a4 4 0 0 1 0 7.75",
            ],
            Icon::Search => &["M11 19a8 8 0 1 0 0-16 8 8 0 0 0 0 16z", "m21 21-4.35-4.35"],
            Icon::Keyboard => &[
                "M4 6h16a2 2 0 0 1 2 2v8a2 2 0 0 1-2 2H4a2 2 0 0 1-2-2V8a2 2 0 0 1 2-2z",
                "M6 10h.01M10 10h.01M14 10h.01M18 10h.01M8 14h8",
            ],
            // A speech bubble: plain text messages.
            Icon::Sms => &["M21 15a2 2 0 0 1-2 2H7l-4 4V5a2 2 0 0 1 2-2h14a2 2 0 0 1 2 2z"],
            // A round bubble with a handset.
            Icon::Whatsapp => &[
                "M3 21l1.65-3.8a9 9 0 1 1 3.4 2.9L3 21",
                "M9 8.5c0 3.5 3 6.5 6.5 6.5l1-1.8-2.2-1-1.1 1a4.5 4.5 0 0 1-2.4-2.4l1-1.1-1-2.2z",
            ],
            // A paper plane.
            Icon::Telegram => &["m22 2-7 20-4-9-9-4z", "M22 2 11 13"],
            Icon::ArrowLeft => &["m12 19-7-7 7-7", "M19 12H5"],
            Icon::PanelRight => &[
                "M5 3h14a2 2 0 0 1 2 2v14a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2z",
                "M15 3v18",
            ],
            Icon::Note => &[
                "M15.5 3H5a2 2 0 0 0-2 2v14c0 1.1.9 2 2 2h14a2 2 0 0 0 2-2V8.5L15.5 3z",
                "M15 3v6h6",
            ],
            Icon::Tag => &[
                "M20.59 13.41 13.42 20.58a2 2 0 0 1-2.83 0L2 12V2h10l8.59 8.59a2 2 0 0 1 0 2.82z",
                "M7 7h.01",
            ],
            Icon::UserCheck => &[
                "M16 21v-2a4 4 0 0 0-4-4H6a4 4 0 0 0-4 4v2",
                "M9 11a4 4 0 1 0 0-8 4 4 0 0 0 0 8z",
                "m16 11 2 2 4-4",
            ],
            Icon::CircleCheck => &["M22 11.08V12a10 10 0 1 1-5.93-9.14", "M22 4 12 14.01l-3-3"],
            Icon::RotateCcw => &["M3 12a9 9 0 1 0 9-9 9.75 9.75 0 0 0-6.74 2.74L3 8", "M3 3v5h5"],
            Icon::CheckCheck => &["M18 6 7 17l-5-5", "m22 10-7.5 7.5L13 16"],
            Icon::Clock => &["M12 22a10 10 0 1 0 0-20 10 10 0 0 0 0 20z", "M12 6v6l4 2"],
        }
    }
}

/// A decorative icon: hidden from assistive technology, its meaning is carried by text nearby.
#[component]
pub fn Svg(icon: Icon, #[prop(optional)] class: &'static str) -> impl IntoView {
    let class = if class.is_empty() {
        "tp-icon".to_string()
    } else {
        format!("tp-icon {class}")
    };
    view! {
        <svg
            class=class
            viewBox="0 0 24 24"
            fill="none"
            stroke="currentColor"
            stroke-width="2"
            stroke-linecap="round"
            stroke-linejoin="round"
            aria-hidden="true"
            focusable="false"
        >
            {icon.paths().iter().map(|d| view! { <path d=*d></path> }).collect_view()}
        </svg>
    }
}

/// The TextPeak mark.
#[component]
pub fn Logo() -> impl IntoView {
    view! {
        <svg class="tp-logo" viewBox="0 0 32 32" aria-hidden="true" focusable="false">
            <rect width="32" height="32" rx="8" fill="currentColor"></rect>
            <path d="M8 21 14 11l4 6 2.5-3.5L25 21z" fill="#fff"></path>
        </svg>
    }
}

/// A button that shows only an icon; `label` is its accessible name, `class` is added to
/// `tp-icon-button`.
pub fn icon_button(
    class: &'static str,
    label: &'static str,
    icon: Icon,
    on_click: impl Fn() + 'static,
) -> impl IntoView {
    let class = match class {
        "" => "tp-icon-button".to_string(),
        class => format!("tp-icon-button {class}"),
    };
    view! {
        <button type="button" class=class aria-label=label on:click=move |_| on_click()>
            <Svg icon=icon/>
        </button>
    }
}
