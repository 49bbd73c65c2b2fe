//! `GET /api/events`, the live stream, read with `fetch` rather than `EventSource`: fetch can
//! send the bearer token of an embed (EventSource cannot send headers) and the
//! `Last-Event-ID` to resume from, and its body is read chunk by chunk as it arrives.

use gloo_net::http::Request;
use js_sys::{Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortSignal, ReadableStreamDefaultReader, TextDecodeOptions, TextDecoder};

use super::client::{problem_of, ApiClient, ApiError, ApiResult};
use textpeak_api::paths;

/// An open stream: its body, decoded to text as it arrives.
pub struct EventStream {
    reader: ReadableStreamDefaultReader,
    decoder: TextDecoder,
}

impl ApiClient {
    /// Opens the stream, resuming after `last_event_id` when given. Answers once the server
    /// has accepted it (its status and headers are in); `abort` ends it.
    pub async fn open_events(
        &self,
        last_event_id: Option<&str>,
        abort: &AbortSignal,
    ) -> ApiResult<EventStream> {
        let url = self.url(paths::EVENTS);
        let make = || {
            let builder = Request::get(&url).abort_signal(Some(abort));
            match last_event_id {
                Some(id) => builder.header("Last-Event-ID", id),
                None => builder,
            }
        };
        let response = self.fetch_as(&make, None, "text/event-stream").await?;
        if !response.ok() {
            return Err(problem_of(response).await);
        }
        let reader = response
            .body()
            .and_then(|body| {
                body.get_reader()
                    .dyn_into::<ReadableStreamDefaultReader>()
                    .ok()
            })
            .ok_or(ApiError::Unexpected(response.status()))?;
        let decoder = TextDecoder::new().map_err(|_| ApiError::Network)?;
        Ok(EventStream { reader, decoder })
    }
}

impl EventStream {
    /// The next piece of the stream as text; None once it ended (closed by the server,
    /// aborted, or the connection broke).
    pub async fn next_chunk(&self) -> Option<String> {
        loop {
            let result = JsFuture::from(self.reader.read()).await.ok()?;
            let done = Reflect::get(&result, &JsValue::from_str("done"))
                .ok()?
                .as_bool()
                .unwrap_or(true);
            if done {
                return None;
            }
            let value = Reflect::get(&result, &JsValue::from_str("value")).ok()?;
            let bytes = value.dyn_into::<Uint8Array>().ok()?;
            let options = TextDecodeOptions::new();
            options.set_stream(true);
            let text = self
                .decoder
                .decode_with_js_u8_array_and_options(&bytes, &options)
                .ok()?;
            if !text.is_empty() {
                return Some(text);
            }
        }
    }

    /// Stops reading (the body's download ends too).
    pub fn cancel(&self) {
        // Cancelling a stream that broke rejects: awaited here, so that no unhandled rejection
        // reaches the page.
        let cancelled = JsFuture::from(self.reader.cancel());
        wasm_bindgen_futures::spawn_local(async move {
            let _ = cancelled.await;
        });
    }
}
