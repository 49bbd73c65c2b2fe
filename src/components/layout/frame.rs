//! The frame the TextPeak portal draws around the Inbox: brand, main menu, user menu.
//! Standalone, the app draws it itself; an embedding portal turns it off (`frame: false`).

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_location, use_navigate};
use leptos_use::on_click_outside;

use crate::components::ui::icons::{Icon, Logo, Svg};
use crate::components::ui::toast::Toasts;
use crate::components::ui::unique_id;
use crate::config::InboxConfig;
use crate::logic::menu::{current, main_menu, MenuEntry};
use crate::state::{Host, Session};

#[component]
pub fn TopBar() -> impl IntoView {
    let session = expect_context::<Session>();
    let base_path = expect_context::<InboxConfig>().base_path;
    let base = base_path.clone();
    let location = use_location();
    let host = Host::current();
    let menu = Memo::new(move |_| session.with_me(|me| me.map(main_menu).unwrap_or_default()));
    // The route below the base path, for marking the entry the user is in.
    let here = Memo::new(move |_| {
        let path = location.pathname.get();
        let path = path.strip_prefix(&*base).unwrap_or(&path);
        menu.with(|entries| current(entries, path))
    });
    view! {
        <header class="tp-topbar">
            // Focused by hand: a fragment link finds no target inside a shadow root, and the
            // router would take it for a navigation.
            <a
                class="tp-skip-link"
                href="#tp-main"
                on:click=move |ev| {
                    if let Some(main) = host.by_id("tp-main") {
                        ev.prevent_default();
                        let _ = main.focus();
                    }
                }
            >
                "Skip to content"
            </a>
            <A href="/" attr:class="tp-topbar__brand">
                <Logo/>
                <span class="tp-topbar__brand-name">"TextPeak"</span>
            </A>
            <nav class="tp-topbar__menu" aria-label="Main menu">
                <For each=move || menu.get() key=|entry| entry.id let(entry)>
                    <MenuLink
                        href=format!("{base_path}{}", entry.path)
                        entry=entry
                        current=Signal::derive(move || here.get() == Some(entry.id))
                    />
                </For>
            </nav>
            <UserMenu/>
        </header>
    }
}

/// One entry of the main menu: a plain link (the router takes its clicks) because the router's
/// `<A>` would mark Inbox current on Settings too (one path is a prefix of the other); the
/// entry the user is in comes from `menu::current`.
#[component]
fn MenuLink(href: String, entry: MenuEntry, current: Signal<bool>) -> impl IntoView {
    let icon = match entry.id {
        "inbox" => Icon::Inbox,
        "inbox-settings" => Icon::Settings,
        _ => Icon::Home,
    };
    view! {
        <a
            href=href
            class="tp-topbar__link"
            aria-current=move || current.get().then_some("page")
        >
            <Svg icon=icon/>
            <span>{entry.label}</span>
        </a>
    }
}

/// A disclosure button with the user's initials; the panel shows who is signed in and the
/// sign-out button. Esc and a click elsewhere close it, focus returns to the button.
#[component]
fn UserMenu() -> impl IntoView {
    let session = expect_context::<Session>();
    let toasts = expect_context::<Toasts>();
    let navigate = use_navigate();
    let open = RwSignal::new(false);
    let panel_id = unique_id("tp-user-menu");
    let button = NodeRef::<leptos::html::Button>::new();
    let root = NodeRef::<leptos::html::Div>::new();

    let close_and_refocus = move || {
        open.set(false);
        if let Some(b) = button.get_untracked() {
            let _ = b.focus();
        }
    };
    // The listener goes away with the menu (leptos-use removes it on cleanup).
    let _ = on_click_outside(root, move |_| {
        if open.get_untracked() {
            open.set(false);
        }
    });

    let signing_out = RwSignal::new(false);
    let sign_out = move |_| {
        if signing_out.get_untracked() {
            return;
        }
        signing_out.set(true);
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            if let Err(e) = session.sign_out().await {
                toasts.error("Signed out on this device only", Some(e.message()));
            }
            signing_out.try_set(false);
            navigate("/sign-in", Default::default());
        });
    };

    move || {
        let Some(me) = session.me() else {
            return ().into_any();
        };
        let initials = me.user.initials();
        let role = me.role_label();
        let panel_id = panel_id.clone();
        view! {
            <div
                class="tp-user-menu"
                node_ref=root
                on:keydown=move |ev| {
                    if ev.key() == "Escape" && open.get_untracked() {
                        ev.prevent_default();
                        close_and_refocus();
                    }
                }
            >
                <button
                    type="button"
                    class="tp-user-menu__button"
                    node_ref=button
                    aria-expanded=move || open.get().to_string()
                    aria-controls=panel_id.clone()
                    on:click=move |_| open.update(|o| *o = !*o)
                >
                    <span class="tp-avatar" aria-hidden="true">{initials}</span>
                    <span class="tp-user-menu__name">{me.user.name.clone()}</span>
                    <span class="tp-visually-hidden">", account menu"</span>
                </button>
                <div class="tp-user-menu__panel" id=panel_id hidden=move || !open.get()>
                    <p class="tp-user-menu__who">
                        <strong>{me.user.name.clone()}</strong>
                        <span>{me.user.email.clone()}</span>
                    </p>
                    <dl class="tp-user-menu__facts">
                        <dt>"Organisation"</dt>
                        <dd>{me.tenant.name.clone()}</dd>
                        <dt>"Role"</dt>
                        <dd>{role}</dd>
                    </dl>
                    <button
                        type="button"
                        class="tp-button tp-button--block"
                        on:click=sign_out.clone()
                        disabled=move || signing_out.get()
                    >
                        <Svg icon=Icon::SignOut/>
                        "Sign out"
                    </button>
                </div>
            </div>
        }
        .into_any()
    }
}
