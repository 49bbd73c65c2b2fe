//! Serving the built app: SPA fallback, cache headers, CSP hashes, compression, "not built".

mod common;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use common::*;
use sha2::{Digest, Sha256};
use textpeak_api::ErrorCode;
use textpeak_server::{router, AppState, Db};

const INLINE: &str = "\nimport init, * as bindings from '/textpeak-inbox-1a2b3c4d5e6f7a8b.js';\nconst wasm = await init({ module_or_path: '/textpeak-inbox-1a2b3c4d5e6f7a8b_bg.wasm' });\nwindow.wasmBindings = bindings;\n";
const WASM: &str = "textpeak-inbox-1a2b3c4d5e6f7a8b_bg.wasm";

fn built_app() -> (axum::Router, String) {
    let dir = temp_dir("dist");
    let index = format!(
        "<!DOCTYPE html><html><head><link rel=\"stylesheet\" href=\"/main-0123456789abcdef.css\">\
         <script type=\"module\">{INLINE}</script></head><body></body></html>"
    );
    std::fs::write(dir.join("index.html"), &index).unwrap();
    std::fs::write(
        dir.join("main-0123456789abcdef.css"),
        "body { color: black; }\n".repeat(50),
    )
    .unwrap();
    // Long and repetitive, so that compression clearly applies.
    let mut wasm = b"\0asm\x01\0\0\0".to_vec();
    wasm.extend(std::iter::repeat_n(b"textpeak".as_slice(), 500).flatten());
    std::fs::write(dir.join(WASM), wasm).unwrap();
    std::fs::write(
        dir.join("favicon.svg"),
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    )
    .unwrap();
    let db = Db::open_in_memory().unwrap();
    (router(AppState::new(db, &dir)), index)
}

#[tokio::test]
async fn deep_links_fall_back_to_index_html_but_missing_files_do_not() {
    let (app, index) = built_app();
    for path in ["/", "/inbox/s/1", "/settings/tags"] {
        let reply = send(&app, get(path)).await;
        reply.expect(StatusCode::OK);
        assert_eq!(reply.text(), index, "{path}");
        assert!(reply
            .header("content-type")
            .unwrap()
            .starts_with("text/html"));
        assert_eq!(reply.header("cache-control"), Some("no-cache"), "{path}");
    }
    let reply = send(&app, get("/index.html")).await;
    assert_eq!(reply.header("cache-control"), Some("no-cache"));
    let missing = send(&app, get("/missing.js")).await;
    missing.expect(StatusCode::NOT_FOUND);
    // /api never falls back to the app.
    let api = send(&app, get("/api/missing")).await;
    api.expect_problem(StatusCode::NOT_FOUND, ErrorCode::NotFound);
}

#[tokio::test]
async fn hashed_assets_are_immutable_and_others_revalidate() {
    let (app, _) = built_app();
    let wasm = send(&app, get(&format!("/{WASM}"))).await;
    wasm.expect(StatusCode::OK);
    assert_eq!(wasm.header("content-type"), Some("application/wasm"));
    assert_eq!(
        wasm.header("cache-control"),
        Some("public, max-age=31536000, immutable")
    );
    let css = send(&app, get("/main-0123456789abcdef.css")).await;
    assert_eq!(
        css.header("cache-control"),
        Some("public, max-age=31536000, immutable")
    );
    let svg = send(&app, get("/favicon.svg")).await;
    svg.expect(StatusCode::OK);
    assert_eq!(svg.header("cache-control"), Some("no-cache"));
}

#[tokio::test]
async fn csp_allows_exactly_the_inline_scripts_of_index_html() {
    let (app, _) = built_app();
    let hash = STANDARD.encode(Sha256::digest(INLINE.as_bytes()));
    let reply = send(&app, get("/inbox/s/1")).await;
    let csp = reply.header("content-security-policy").unwrap();
    assert!(
        csp.contains(&format!(
            "script-src 'self' 'wasm-unsafe-eval' 'sha256-{hash}';"
        )),
        "{csp}"
    );
    for directive in [
        "default-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "object-src 'none'",
        "frame-ancestors 'self'",
    ] {
        assert!(csp.contains(directive), "{csp} lacks {directive}");
    }
    assert_eq!(reply.header("x-content-type-options"), Some("nosniff"));
    assert_eq!(reply.header("referrer-policy"), Some("same-origin"));
    // The API carries the same policy.
    let api = send(&app, get("/api/health")).await;
    assert_eq!(api.header("content-security-policy"), Some(csp));
}

#[tokio::test]
async fn wasm_is_compressed_with_brotli_or_gzip_when_accepted() {
    let (app, _) = built_app();
    for (accept, expected) in [("br", "br"), ("gzip", "gzip"), ("gzip, deflate, br", "br")] {
        let req = Request::get(format!("/{WASM}"))
            .header(header::ACCEPT_ENCODING, accept)
            .body(Body::empty())
            .unwrap();
        let reply = send(&app, req).await;
        reply.expect(StatusCode::OK);
        assert_eq!(reply.header("content-encoding"), Some(expected), "{accept}");
        assert!(
            reply.body.len() < 1000,
            "compressed: {} bytes",
            reply.body.len()
        );
    }
    let plain = send(&app, get(&format!("/{WASM}"))).await;
    assert!(plain.header("content-encoding").is_none());
}

#[tokio::test]
async fn without_a_build_pages_answer_503_and_the_api_still_works() {
    let db = Db::open_in_memory().unwrap();
    let app = router(AppState::new(db, temp_dir("empty").join("dist")));
    let page = send(&app, get("/inbox")).await;
    page.expect(StatusCode::SERVICE_UNAVAILABLE);
    assert!(page.text().contains("scripts/run"), "{}", page.text());
    let health = send(&app, get("/api/health")).await;
    health.expect(StatusCode::OK);
}
