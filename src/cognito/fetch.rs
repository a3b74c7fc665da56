//! The browser transport: `fetch` through gloo-net, no cookies, no cache.

use gloo_net::http::Request;
use web_sys::{RequestCache, RequestCredentials};

use super::{CONTENT_TYPE, RawResponse, Transport};

#[derive(Debug, Clone, Copy, Default)]
pub struct FetchTransport;

impl Transport for FetchTransport {
    async fn post(&self, url: &str, target: &str, body: String) -> Result<RawResponse, String> {
        let response = Request::post(url)
            .header("Content-Type", CONTENT_TYPE)
            .header("X-Amz-Target", target)
            .credentials(RequestCredentials::Omit)
            .cache(RequestCache::NoStore)
            .body(body)
            .map_err(|e| e.to_string())?
            .send()
            .await
            .map_err(|e| e.to_string())?;
        Ok(RawResponse {
            status: response.status(),
            error_type: response.headers().get("x-amzn-errortype"),
            body: response.binary().await.map_err(|e| e.to_string())?,
        })
    }
}
