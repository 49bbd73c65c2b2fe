//! The settings resources the API lists, each at its own path, so that a test asks for
//! `client.list::<TagSetting>()` and finds one with `client.find(|t: &TagSetting| …)`.

use serde::de::DeserializeOwned;
use textpeak_api::{
    paths, RoleSetting, RoutingRuleSetting, SenderProfileSetting, SenderSetting, SpaceSetting,
    TagSetting, TemplateSetting, UserSetting,
};

use super::client::Client;

/// A resource listed in full by `GET PATH`.
pub trait Listed: DeserializeOwned {
    const PATH: &'static str;
}

macro_rules! listed {
    ($($t:ty => $path:expr),* $(,)?) => {
        $(impl Listed for $t {
            const PATH: &'static str = $path;
        })*
    };
}

listed! {
    SpaceSetting => paths::SETTINGS_SPACES,
    UserSetting => paths::USERS,
    RoleSetting => paths::ROLES,
    TagSetting => paths::TAGS,
    SenderSetting => paths::SENDERS,
    SenderProfileSetting => paths::SENDER_PROFILES,
    RoutingRuleSetting => paths::ROUTING_RULES,
    TemplateSetting => paths::TEMPLATES,
}

impl Client {
    /// `GET T::PATH`, which must answer 200.
    pub async fn list<T: Listed>(&self) -> Vec<T> {
        self.read(T::PATH).await
    }

    /// Asserts that no listed item is one `pick` selects.
    pub async fn assert_unlisted<T: Listed + std::fmt::Debug>(&self, pick: impl Fn(&T) -> bool) {
        let found: Vec<T> = self.list::<T>().await.into_iter().filter(pick).collect();
        assert!(found.is_empty(), "{} still lists {found:?}", T::PATH);
    }

    /// Deletes what `uri` names (204, then 404 the second time); the list no longer has it.
    pub async fn expect_deleted_from<T: Listed + std::fmt::Debug>(
        &self,
        uri: &str,
        pick: impl Fn(&T) -> bool,
    ) {
        self.expect_deleted(uri).await;
        self.assert_unlisted(pick).await;
    }

    /// The listed item `pick` selects, which must exist.
    pub async fn find<T: Listed>(&self, pick: impl Fn(&T) -> bool) -> T {
        let what = format!("{} in {}", std::any::type_name::<T>(), T::PATH);
        super::find(self.list::<T>().await, &what, pick)
    }
}
