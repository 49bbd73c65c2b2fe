//! A channel (SMS, WhatsApp, Telegram) shown the same way everywhere: its name, its icon, and
//! the options of a channel select.

use leptos::prelude::*;
use textpeak_api::Stream;

use crate::components::ui::icons::{Icon, Svg};

pub fn stream_name(stream: Stream) -> &'static str {
    match stream {
        Stream::Sms => "SMS",
        Stream::Whatsapp => "WhatsApp",
        Stream::Telegram => "Telegram",
    }
}

/// The channels as (value, label) options of a select.
pub fn stream_options() -> Vec<(String, String)> {
    Stream::ALL
        .iter()
        .map(|s| (s.as_str().to_owned(), stream_name(*s).to_owned()))
        .collect()
}

pub fn stream_icon(stream: Stream) -> Icon {
    match stream {
        Stream::Sms => Icon::Sms,
        Stream::Whatsapp => Icon::Whatsapp,
        Stream::Telegram => Icon::Telegram,
    }
}

#[component]
pub fn ChannelIcon(stream: Stream) -> impl IntoView {
    view! {
        <span class=format!("tp-channel-icon tp-channel-icon--{}", stream.as_str()) aria-hidden="true">
            <Svg icon=stream_icon(stream)/>
        </span>
    }
}
