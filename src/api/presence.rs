//! `POST /api/conversations/{id}/presence`: "I have this conversation open" (repeated), "I am
//! typing a reply or a note", "I left".

use gloo_net::http::Request;
use textpeak_api::live::PresenceUpdate;
use textpeak_api::paths;
use wasm_bindgen_futures::JsFuture;
use web_sys::RequestInit;

use super::client::{ApiClient, ApiResult};

impl ApiClient {
    pub async fn report_presence(
        &self,
        conversation_id: i64,
        update: PresenceUpdate,
    ) -> ApiResult<()> {
        self.post_quiet(&paths::conversation_presence(conversation_id), &update)
            .await
    }

    /// "I left", sent as the page goes away (a reload, closing the tab): a `keepalive`
    /// request outlives the page, so colleagues stop seeing the user at once rather than when
    /// the presence expires.
    pub fn report_leaving_now(&self, conversation_id: i64) {
        let url = self.url(&paths::conversation_presence(conversation_id));
        let body = serde_json::to_string(&PresenceUpdate {
            viewing: false,
            typing: None,
        })
        .unwrap_or_default();
        let Ok(request) = self
            .authenticated(Request::post(&url))
            .header("Content-Type", "application/json")
            .body(body)
        else {
            return;
        };
        let init = RequestInit::new();
        // Not in web-sys' `RequestInit` setters; a plain property of the init object.
        let _ = js_sys::Reflect::set(&init, &"keepalive".into(), &true.into());
        let Ok(request) =
            web_sys::Request::new_with_request_and_init(&web_sys::Request::from(request), &init)
        else {
            return;
        };
        let Some(window) = web_sys::window() else {
            return;
        };
        let sent = JsFuture::from(window.fetch_with_request(&request));
        wasm_bindgen_futures::spawn_local(async move {
            let _ = sent.await;
        });
    }
}
