//! Serving the built app (Trunk's `dist/`): SPA fallback, cache headers, and the security
//! headers of every response, with a CSP that allows exactly the inline scripts of index.html.

use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::time::SystemTime;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, Response, StatusCode, Uri};
use axum::response::IntoResponse;
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use sha2::{Digest, Sha256};
use tower::ServiceExt;
use tower_http::services::ServeDir;

const IMMUTABLE: &str = "public, max-age=31536000, immutable";
const NO_CACHE: &str = "no-cache";

/// The directory of the built app and what was last read from its index.html.
pub struct StaticSite {
    dir: PathBuf,
    index: RwLock<IndexState>,
}

#[derive(Default)]
struct IndexState {
    /// Modification time and length of the index.html the CSP was computed from.
    stamp: Option<(SystemTime, u64)>,
    csp: String,
}

impl StaticSite {
    /// Reads index.html now, so that the CSP is ready before the first request.
    pub fn new(dir: impl Into<PathBuf>) -> StaticSite {
        let site = StaticSite {
            dir: dir.into(),
            index: RwLock::new(IndexState {
                stamp: None,
                csp: content_security_policy(&[]),
            }),
        };
        if !site.refresh() {
            tracing::warn!(
                dir = %site.dir.display(),
                "the app is not built (no index.html); the API works, pages answer 503"
            );
        }
        site
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub fn csp(&self) -> String {
        self.index
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .csp
            .clone()
    }

    /// Re-reads index.html when it changed (a rebuild while the server runs renames the hashed
    /// files its inline script imports, and so changes the script's hash). Returns whether the
    /// app is built.
    fn refresh(&self) -> bool {
        let index = self.dir.join("index.html");
        let Ok(meta) = std::fs::metadata(&index) else {
            return false;
        };
        if !meta.is_file() {
            return false;
        }
        let stamp = Some((
            meta.modified().unwrap_or(SystemTime::UNIX_EPOCH),
            meta.len(),
        ));
        if self.index.read().unwrap_or_else(|e| e.into_inner()).stamp == stamp {
            return true;
        }
        match std::fs::read_to_string(&index) {
            Ok(html) => {
                let hashes = inline_script_hashes(&html);
                let mut state = self.index.write().unwrap_or_else(|e| e.into_inner());
                state.csp = content_security_policy(&hashes);
                state.stamp = stamp;
                tracing::info!(inline_scripts = hashes.len(), "read index.html");
                true
            }
            Err(e) => {
                tracing::warn!(error = %e, "cannot read index.html");
                false
            }
        }
    }
}

pub fn content_security_policy(script_hashes: &[String]) -> String {
    let mut script_src = String::from("'self' 'wasm-unsafe-eval'");
    for hash in script_hashes {
        script_src.push_str(" '");
        script_src.push_str(hash);
        script_src.push('\'');
    }
    format!(
        "default-src 'self'; script-src {script_src}; style-src 'self'; img-src 'self' data:; \
         font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; \
         form-action 'self'; frame-ancestors 'self'"
    )
}

/// `sha256-<base64>` of the exact text of every `<script>` element without `src`.
pub fn inline_script_hashes(html: &str) -> Vec<String> {
    let lower = html.to_ascii_lowercase();
    let mut hashes = Vec::new();
    let mut pos = 0;
    while let Some(found) = lower[pos..].find("<script") {
        let tag_start = pos + found;
        let after_name = tag_start + "<script".len();
        // `<scripts>` or `<script-x>` is another element.
        if !lower[after_name..]
            .starts_with(|c: char| c == '>' || c.is_ascii_whitespace() || c == '/')
        {
            pos = after_name;
            continue;
        }
        let Some(tag_end) = find_tag_end(html, after_name) else {
            break;
        };
        let attributes = &html[after_name..tag_end];
        let content_start = tag_end + 1;
        let Some(close) = lower[content_start..].find("</script") else {
            break;
        };
        let content = &html[content_start..content_start + close];
        if !has_attribute(attributes, "src") {
            let digest = Sha256::digest(content.as_bytes());
            hashes.push(format!("sha256-{}", STANDARD.encode(digest)));
        }
        pos = content_start + close + "</script".len();
    }
    hashes
}

/// The `>` closing a start tag, skipping quoted attribute values.
fn find_tag_end(html: &str, from: usize) -> Option<usize> {
    let mut quote = None;
    for (i, c) in html[from..].char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '>') => return Some(from + i),
            _ => {}
        }
    }
    None
}

fn has_attribute(attributes: &str, wanted: &str) -> bool {
    let bytes = attributes.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        while i < bytes.len() && (bytes[i].is_ascii_whitespace() || bytes[i] == b'/') {
            i += 1;
        }
        let start = i;
        while i < bytes.len() && !bytes[i].is_ascii_whitespace() && !b"=/>".contains(&bytes[i]) {
            i += 1;
        }
        if attributes[start..i].eq_ignore_ascii_case(wanted) {
            return true;
        }
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        if i < bytes.len() && bytes[i] == b'=' {
            i += 1;
            while i < bytes.len() && bytes[i].is_ascii_whitespace() {
                i += 1;
            }
            if i < bytes.len() && (bytes[i] == b'"' || bytes[i] == b'\'') {
                let q = bytes[i];
                i += 1;
                while i < bytes.len() && bytes[i] != q {
                    i += 1;
                }
                i += 1;
            } else {
                while i < bytes.len() && !bytes[i].is_ascii_whitespace() {
                    i += 1;
                }
            }
        }
        if i == start {
            i += 1;
        }
    }
    false
}

/// Trunk's content-hashed names: a `-` then the hash in hex then `.` or `_`, as in
/// `textpeak-inbox-1a2b3c4d5e6f7a8b_bg.wasm` or `main-1a2b3c4d5e6f7a8b.css`. Such a file never
/// changes under its name, so browsers may keep it for a year. Trunk prints its 64-bit hash
/// without leading zeros, so one in sixteen builds has 15 digits (rarely fewer); fewer than 12
/// is not taken for a hash, which at worst costs a revalidation.
pub fn is_hashed_asset(file_name: &str) -> bool {
    file_name.split('-').skip(1).any(|part| {
        let end = part.find(['.', '_']).unwrap_or(part.len());
        (12..=16).contains(&end)
            && end < part.len()
            && part[..end].bytes().all(|b| b.is_ascii_hexdigit())
    })
}

/// A path whose last segment has an extension names a file; anything else is a route of the
/// app (`/inbox/s/3`), answered with index.html so that deep links survive a reload.
fn looks_like_file(path: &str) -> bool {
    path.rsplit('/')
        .next()
        .is_some_and(|last| last.contains('.'))
}

fn not_built() -> Response<Body> {
    let body = "TextPeak Inbox is not built yet.\n\n\
                The API is running, but there is no index.html in the static directory.\n\
                Run scripts/run (it builds the app with Trunk and starts this server), or\n\
                start the server with --static-dir pointing at Trunk's dist/ folder.\n";
    (
        StatusCode::SERVICE_UNAVAILABLE,
        [
            (header::CONTENT_TYPE, "text/plain; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        body,
    )
        .into_response()
}

/// Every path outside `/api`.
pub async fn serve(State(site): State<Arc<StaticSite>>, req: Request) -> Response<Body> {
    if !site.refresh() {
        return not_built();
    }
    let path = req.uri().path().to_owned();
    let method = req.method().clone();
    let headers = req.headers().clone();

    let serve_dir = ServeDir::new(site.dir()).append_index_html_on_directories(true);
    let response = match serve_dir.clone().oneshot(req).await {
        Ok(r) => r.map(Body::new),
        Err(never) => match never {},
    };

    let (response, is_index) = if response.status() == StatusCode::NOT_FOUND
        && !looks_like_file(&path)
        && (method == Method::GET || method == Method::HEAD)
    {
        let mut index_req = Request::new(Body::empty());
        *index_req.method_mut() = method;
        *index_req.uri_mut() = Uri::from_static("/index.html");
        *index_req.headers_mut() = headers;
        match serve_dir.oneshot(index_req).await {
            Ok(r) => (r.map(Body::new), true),
            Err(never) => match never {},
        }
    } else {
        let is_index = path.ends_with('/') || path.ends_with("/index.html");
        (response, is_index)
    };

    let mut response = response;
    let file_name = path.rsplit('/').next().unwrap_or_default();
    let cache = if !is_index && response.status().is_success() && is_hashed_asset(file_name) {
        IMMUTABLE
    } else {
        NO_CACHE
    };
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_trunk_hashed_names() {
        assert!(is_hashed_asset("textpeak-inbox-1a2b3c4d5e6f7a8b_bg.wasm"));
        assert!(is_hashed_asset("textpeak-inbox-1a2b3c4d5e6f7a8b.js"));
        assert!(is_hashed_asset("main-0123456789abcdef.css"));
        // Trunk drops leading zeros of the hash.
        assert!(is_hashed_asset("textpeak-inbox-4467c95350c050a.js"));
        assert!(is_hashed_asset("textpeak-inbox-4467c95350c050a_bg.wasm"));
        assert!(!is_hashed_asset("main.css"));
        assert!(!is_hashed_asset("index.html"));
        assert!(!is_hashed_asset("logo-1a2b3c4d.svg"));
        assert!(!is_hashed_asset("x-1a2b3c4d5e6f7a8b9.js"));
        assert!(!is_hashed_asset("x-1a2b3c4d5e.js"));
        assert!(!is_hashed_asset("x-1a2b3c4d5e6f7a8b"));
    }

    #[test]
    fn hashes_inline_scripts_only() {
        let html = r#"<!doctype html><html><head>
<script src="/x.js"></script>
<SCRIPT type="module" data-note="a > b">import init from '/a.js';
await init();</SCRIPT>
<scripts>not a script</scripts>
</head><body></body></html>"#;
        let hashes = inline_script_hashes(html);
        let expected = STANDARD.encode(Sha256::digest(
            "import init from '/a.js';\nawait init();".as_bytes(),
        ));
        assert_eq!(hashes, vec![format!("sha256-{expected}")]);
        assert!(content_security_policy(&hashes).contains(&format!("'sha256-{expected}'")));
    }

    #[test]
    fn deep_links_are_not_files() {
        assert!(!looks_like_file("/inbox/s/3"));
        assert!(!looks_like_file("/"));
        assert!(looks_like_file("/missing.js"));
        assert!(looks_like_file("/assets/logo.svg"));
    }
}
