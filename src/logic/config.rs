//! What a host tells the app ([`InboxConfig`]) and the one parser that reads it, whatever the
//! source: the portal's JS object (`mountInbox(element, { basePath, … })`) or the standalone
//! host's `data-*` attributes. Each source only answers "what is the value of this setting";
//! `src/config.rs` adapts the browser objects to that question.

use std::sync::Arc;

/// How the app authenticates its API calls.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AuthMode {
    /// The session cookie set by `POST /api/session` (standalone, or a portal on the same site).
    Cookie,
    /// A token the host obtained (`POST /api/session` with `"bearer": true`) and hands over.
    Bearer(String),
}

/// What a host tells the app. Every field has a default that suits the standalone page.
#[derive(Clone, Debug)]
pub struct InboxConfig {
    /// Path prefix under which the app's routes live, e.g. `/portal` ("" standalone).
    pub base_path: Arc<str>,
    /// Where the API lives, e.g. `https://api.textpeak.example` ("" for same origin).
    pub api_base: Arc<str>,
    pub auth: AuthMode,
    /// `light` or `dark`; set as `data-theme` on the app's root.
    pub theme: Arc<str>,
    /// Draw the portal frame (top bar, main menu, user menu). A portal that has its own turns
    /// it off.
    pub frame: bool,
    /// Where the onboarding steps' "Learn more" articles live (`helpBase`, `data-help-base`).
    pub help_base: Arc<str>,
    /// Render inside a shadow root of the mount element (`shadow: true`), where the host
    /// page's CSS cannot reach, with the app's own stylesheets (`styles`) loaded in it.
    pub shadow: bool,
    /// The URLs of the app's stylesheets, for the shadow root (which does not see the page's).
    pub styles: Vec<Arc<str>>,
}

impl Default for InboxConfig {
    fn default() -> Self {
        InboxConfig {
            base_path: "".into(),
            api_base: "".into(),
            auth: AuthMode::Cookie,
            theme: "light".into(),
            frame: true,
            help_base: textpeak_api::HelpLinks::DEFAULT_BASE.into(),
            shadow: false,
            styles: Vec::new(),
        }
    }
}

/// One setting a host can give.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Setting {
    BasePath,
    ApiBase,
    Auth,
    Token,
    Theme,
    Frame,
    HelpBase,
    Shadow,
    Styles,
}

impl Setting {
    pub const ALL: [Setting; 9] = [
        Setting::BasePath,
        Setting::ApiBase,
        Setting::Auth,
        Setting::Token,
        Setting::Theme,
        Setting::Frame,
        Setting::HelpBase,
        Setting::Shadow,
        Setting::Styles,
    ];

    /// The key in the JS config object.
    pub fn js_key(self) -> &'static str {
        match self {
            Setting::BasePath => "basePath",
            Setting::ApiBase => "apiBase",
            Setting::Auth => "auth",
            Setting::Token => "token",
            Setting::Theme => "theme",
            Setting::Frame => "frame",
            Setting::HelpBase => "helpBase",
            Setting::Shadow => "shadow",
            Setting::Styles => "styles",
        }
    }

    /// The attribute of the standalone host element; the page cannot hand over a token (and
    /// has no frame of its own, and owns its whole page's CSS), so those are JS-only.
    pub fn data_attribute(self) -> Option<&'static str> {
        match self {
            Setting::BasePath => Some("data-base-path"),
            Setting::ApiBase => Some("data-api-base"),
            Setting::Theme => Some("data-theme"),
            Setting::HelpBase => Some("data-help-base"),
            Setting::Auth | Setting::Token | Setting::Frame | Setting::Shadow | Setting::Styles => {
                None
            }
        }
    }
}

/// A value as a source gives it: JS objects have booleans and arrays, attributes only text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    Text(String),
    Flag(bool),
    List(Vec<String>),
}

impl Value {
    fn text(self) -> Option<String> {
        match self {
            Value::Text(t) => Some(t),
            _ => None,
        }
    }

    fn flag(self) -> Option<bool> {
        match self {
            Value::Flag(b) => Some(b),
            _ => None,
        }
    }
}

/// Builds the config from whatever `lookup` answers for each setting; a setting it does not
/// give keeps its default. The error is a sentence for the host's developer.
pub fn parse(lookup: impl Fn(Setting) -> Option<Value>) -> Result<InboxConfig, String> {
    let text = |s: Setting| lookup(s).and_then(Value::text);
    let mut config = InboxConfig::default();
    if let Some(base) = text(Setting::BasePath) {
        config.base_path = normalise_base_path(&base).into();
    }
    if let Some(api) = text(Setting::ApiBase) {
        config.api_base = api.trim_end_matches('/').into();
    }
    if let Some(theme) = text(Setting::Theme) {
        config.theme = theme.into();
    }
    if let Some(help) = text(Setting::HelpBase).filter(|h| h.starts_with("https://")) {
        config.help_base = help.into();
    }
    if let Some(frame) = lookup(Setting::Frame).and_then(Value::flag) {
        config.frame = frame;
    }
    config.shadow = lookup(Setting::Shadow).and_then(Value::flag) == Some(true);
    config.styles = match lookup(Setting::Styles) {
        None => Vec::new(),
        Some(Value::List(urls)) => urls.into_iter().map(Arc::from).collect(),
        Some(Value::Text(url)) => vec![url.into()],
        Some(Value::Flag(_)) => {
            return Err("styles must be a list of the app's stylesheet URLs".to_string())
        }
    };
    if config.shadow && config.styles.is_empty() {
        return Err(
            "shadow: true needs styles, the URLs of the app's stylesheets: \
             a shadow root does not see the page's"
                .to_string(),
        );
    }
    config.auth = match text(Setting::Auth).as_deref() {
        None | Some("cookie") => AuthMode::Cookie,
        Some("bearer") => AuthMode::Bearer(
            text(Setting::Token)
                .filter(|t| !t.is_empty())
                .ok_or_else(|| "auth \"bearer\" needs a token".to_string())?,
        ),
        Some(other) => {
            return Err(format!(
                "unknown auth mode {other:?}: use \"cookie\" or \"bearer\""
            ))
        }
    };
    Ok(config)
}

/// `"/portal/"` → `"/portal"`, `"/"` → `""`: the router wants no trailing slash.
pub fn normalise_base_path(base: &str) -> String {
    let trimmed = base.trim().trim_end_matches('/');
    if trimmed.is_empty() {
        String::new()
    } else if trimmed.starts_with('/') {
        trimmed.to_string()
    } else {
        format!("/{trimmed}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    /// A JS object: keys as the portal writes them.
    fn js(pairs: &[(&str, Value)]) -> Result<InboxConfig, String> {
        let map: HashMap<&str, Value> = pairs.iter().cloned().collect();
        parse(|s| map.get(s.js_key()).cloned())
    }

    /// The standalone element: empty attributes count as absent.
    fn element(attrs: &[(&str, &str)]) -> InboxConfig {
        let map: HashMap<&str, &str> = attrs.iter().cloned().collect();
        parse(|s| {
            let value = map.get(s.data_attribute()?)?;
            (!value.is_empty()).then(|| Value::Text(value.to_string()))
        })
        .unwrap()
    }

    fn t(s: &str) -> Value {
        Value::Text(s.into())
    }

    #[test]
    fn both_sources_give_the_same_settings() {
        let from_js = js(&[
            ("basePath", t("portal/")),
            ("apiBase", t("https://api.example/")),
            ("theme", t("dark")),
            ("helpBase", t("https://help.example/inbox")),
        ])
        .unwrap();
        let from_element = element(&[
            ("data-base-path", "portal/"),
            ("data-api-base", "https://api.example/"),
            ("data-theme", "dark"),
            ("data-help-base", "https://help.example/inbox"),
        ]);
        for config in [from_js, from_element] {
            assert_eq!(&*config.base_path, "/portal");
            assert_eq!(&*config.api_base, "https://api.example");
            assert_eq!(&*config.theme, "dark");
            assert_eq!(&*config.help_base, "https://help.example/inbox");
            assert_eq!(config.auth, AuthMode::Cookie);
            assert!(config.frame);
        }
    }

    #[test]
    fn defaults_suit_the_standalone_page() {
        let config = element(&[("data-base-path", ""), ("data-theme", "")]);
        assert_eq!(&*config.base_path, "");
        assert_eq!(&*config.api_base, "");
        assert_eq!(&*config.theme, "light");
        assert_eq!(&*config.help_base, textpeak_api::HelpLinks::DEFAULT_BASE);
        assert_eq!(config.auth, AuthMode::Cookie);
        assert!(config.frame);
    }

    #[test]
    fn help_links_must_be_https() {
        let config = js(&[("helpBase", t("http://help.example"))]).unwrap();
        assert_eq!(&*config.help_base, textpeak_api::HelpLinks::DEFAULT_BASE);
    }

    #[test]
    fn the_portal_chooses_the_auth_mode_and_the_frame() {
        let bearer = js(&[
            ("auth", t("bearer")),
            ("token", t("tok")),
            ("frame", Value::Flag(false)),
        ])
        .unwrap();
        assert_eq!(bearer.auth, AuthMode::Bearer("tok".into()));
        assert!(!bearer.frame);
        // A frame given as text is not a boolean: ignored, as before.
        assert!(js(&[("frame", t("false"))]).unwrap().frame);
        assert_eq!(js(&[("auth", t("cookie"))]).unwrap().auth, AuthMode::Cookie);
        assert_eq!(
            js(&[("auth", t("bearer"))]).unwrap_err(),
            "auth \"bearer\" needs a token"
        );
        assert_eq!(
            js(&[("auth", t("bearer")), ("token", t(""))]).unwrap_err(),
            "auth \"bearer\" needs a token"
        );
        assert_eq!(
            js(&[("auth", t("oauth"))]).unwrap_err(),
            "unknown auth mode \"oauth\": use \"cookie\" or \"bearer\""
        );
    }

    #[test]
    fn a_shadow_root_needs_the_app_stylesheets() {
        let styles = Value::List(vec!["/base.css".into(), "/inbox.css".into()]);
        let shadow = js(&[("shadow", Value::Flag(true)), ("styles", styles)]).unwrap();
        assert!(shadow.shadow);
        assert_eq!(
            shadow.styles.iter().map(|s| &**s).collect::<Vec<_>>(),
            ["/base.css", "/inbox.css"]
        );
        assert!(!js(&[]).unwrap().shadow, "the light DOM stays the default");
        assert!(js(&[("shadow", Value::Flag(true))])
            .unwrap_err()
            .starts_with("shadow: true needs styles"));
        assert!(js(&[("styles", Value::Flag(true))]).is_err());
        let one = js(&[("styles", t("/all.css"))]).unwrap();
        assert_eq!(one.styles.len(), 1);
    }

    #[test]
    fn base_paths_are_normalised() {
        assert_eq!(normalise_base_path("/portal/"), "/portal");
        assert_eq!(normalise_base_path("/"), "");
        assert_eq!(normalise_base_path(" portal "), "/portal");
        assert_eq!(normalise_base_path(""), "");
    }

    #[test]
    fn every_setting_has_a_js_key_and_the_page_only_gives_its_own() {
        let keys: std::collections::HashSet<_> = Setting::ALL.iter().map(|s| s.js_key()).collect();
        assert_eq!(keys.len(), Setting::ALL.len());
        assert_eq!(Setting::Token.data_attribute(), None);
        assert_eq!(Setting::Auth.data_attribute(), None);
    }
}
