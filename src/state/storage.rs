//! The browser's local storage, for what must survive a reload or signing in again (drafts,
//! unconfirmed sends). Failures (private mode, quota, storage switched off) are ignored: the app
//! keeps working, it only forgets on reload.

use serde::{de::DeserializeOwned, Serialize};

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

pub fn read(key: &str) -> Option<String> {
    storage()?.get_item(key).ok().flatten()
}

pub fn write(key: &str, value: &str) {
    if let Some(s) = storage() {
        let _ = s.set_item(key, value);
    }
}

pub fn remove(key: &str) {
    if let Some(s) = storage() {
        let _ = s.remove_item(key);
    }
}

/// A JSON value; None when missing or unreadable (an older version's shape).
pub fn read_json<T: DeserializeOwned>(key: &str) -> Option<T> {
    serde_json::from_str(&read(key)?).ok()
}

pub fn write_json<T: Serialize>(key: &str, value: &T) {
    if let Ok(text) = serde_json::to_string(value) {
        write(key, &text);
    }
}
