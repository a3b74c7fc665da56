//! The Cognito Identity Provider JSON API client.
//!
//! API boundary: this is the only module that knows PascalCase JSON, `X-Amz-Target` and HTTP.
//! One generic [`Client::call`] does the transport; typed operations live in [`ops`].

pub mod error;
#[cfg(target_arch = "wasm32")]
mod fetch;
pub mod ops;
mod secret;

use std::future::Future;

use serde::de::DeserializeOwned;

pub use error::CognitoError;
#[cfg(target_arch = "wasm32")]
pub use fetch::{CancelScope, FetchTransport};
use ops::Operation;
pub use secret::Secret;

const TARGET_PREFIX: &str = "AWSCognitoIdentityProviderService.";
pub const CONTENT_TYPE: &str = "application/x-amz-json-1.1";

/// What came back from one POST. The body may hold tokens: it is wiped when dropped, and never
/// printed.
#[derive(Clone)]
pub struct RawResponse {
    pub status: u16,
    /// The `x-amzn-ErrorType` header, if the server sent (and CORS exposed) it.
    pub error_type: Option<String>,
    pub body: Vec<u8>,
}

impl Drop for RawResponse {
    fn drop(&mut self) {
        zeroize::Zeroize::zeroize(&mut self.body);
    }
}

impl std::fmt::Debug for RawResponse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RawResponse")
            .field("status", &self.status)
            .field("error_type", &self.error_type)
            .field("body", &format_args!("{} bytes", self.body.len()))
            .finish()
    }
}

/// Why a request got no answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TransportError {
    /// Offline, DNS, refused, dropped mid-answer, CORS refused.
    Network(String),
    /// No complete answer within the configured time; the request was aborted.
    TimedOut,
    /// Aborted on purpose (Back, Cancel, the page went away); nobody waits for it.
    Cancelled,
}

/// What one request came to, once it is over: `answer` (or why the transport failed), whether
/// its deadline fired, whether its abort signal did, and whether its scope was cancelled. A
/// cancelled scope wins even over an answer that arrived: nobody waits for it any more, so it
/// must not be acted on (a page left behind, a step the user backed out of).
/// (Used by the browser's transport, `fetch.rs`; natively only by its tests.)
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
pub(crate) fn settle(
    answer: Result<RawResponse, String>,
    timed_out: bool,
    aborted: bool,
    scope_cancelled: bool,
) -> Result<RawResponse, TransportError> {
    if scope_cancelled {
        return Err(TransportError::Cancelled);
    }
    answer.map_err(|why| {
        if timed_out {
            TransportError::TimedOut
        } else if aborted {
            TransportError::Cancelled
        } else {
            TransportError::Network(why)
        }
    })
}

/// Sends one JSON-API request. The browser uses fetch; tests can use anything.
pub trait Transport {
    /// POSTs `body` to `url` with the given `X-Amz-Target`. The body may hold secrets (tokens,
    /// a new password): the caller wipes it afterwards, so a transport must not keep a copy.
    fn post(
        &self,
        url: &str,
        target: &str,
        body: &str,
    ) -> impl Future<Output = Result<RawResponse, TransportError>>;
}

#[derive(Debug, Clone)]
pub struct Client<T> {
    endpoint: String,
    transport: T,
}

impl<T: Transport> Client<T> {
    pub fn new(endpoint: impl Into<String>, transport: T) -> Self {
        Self {
            endpoint: endpoint.into(),
            transport,
        }
    }

    /// The same client over another transport (a cancellable one, say).
    pub fn map_transport(&self, f: impl FnOnce(&T) -> T) -> Self {
        Self {
            endpoint: self.endpoint.clone(),
            transport: f(&self.transport),
        }
    }

    /// Calls one operation: `POST {endpoint}` with its typed request, typed answer or typed error.
    pub async fn call<O: Operation>(&self, request: &O) -> Result<O::Output, CognitoError> {
        // Wiped once sent: it carries tokens and, for NEW_PASSWORD_REQUIRED, a password.
        let body = serde_json::to_string(request)
            .map(zeroize::Zeroizing::new)
            .map_err(|e| CognitoError::Unhandled {
                code: "SerializationError".into(),
                message: e.to_string(),
            })?;
        let target = format!("{TARGET_PREFIX}{}", O::NAME);
        let response = self
            .transport
            .post(&self.endpoint, &target, &body)
            .await
            .map_err(|e| match e {
                TransportError::Network(why) => CognitoError::Network(why),
                TransportError::TimedOut => CognitoError::TimedOut,
                TransportError::Cancelled => CognitoError::Cancelled,
            })?;
        decode(&response)
    }
}

/// Turns a raw answer into the operation's output or a [`CognitoError`]. Never panics.
pub fn decode<Out: DeserializeOwned>(response: &RawResponse) -> Result<Out, CognitoError> {
    if !(200..300).contains(&response.status) {
        return Err(CognitoError::from_response(
            response.status,
            response.error_type.as_deref(),
            &response.body,
        ));
    }
    let body: &[u8] = if response.body.iter().all(u8::is_ascii_whitespace) {
        b"{}"
    } else {
        &response.body
    };
    // serde_json's message can quote the offending value (a token, say): keep only its kind and place.
    serde_json::from_slice(body).map_err(|e| {
        CognitoError::MalformedResponse(format!(
            "{:?} error at line {} column {}",
            e.classify(),
            e.line(),
            e.column()
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::{RawResponse, TransportError, settle};

    fn answer() -> Result<RawResponse, String> {
        Ok(RawResponse {
            status: 200,
            error_type: None,
            body: b"{}".to_vec(),
        })
    }

    #[test]
    fn an_answer_that_arrives_after_its_scope_was_cancelled_is_not_used() {
        assert_eq!(
            settle(answer(), false, false, true).map(|r| r.status),
            Err(TransportError::Cancelled)
        );
        assert_eq!(
            settle(answer(), false, false, false).map(|r| r.status),
            Ok(200)
        );
    }

    #[test]
    fn a_failure_says_whether_time_ran_out_someone_aborted_or_the_network_failed() {
        let failed = || Err::<RawResponse, _>("reset".to_owned());
        assert_eq!(
            settle(failed(), true, true, false).map(|r| r.status),
            Err(TransportError::TimedOut)
        );
        assert_eq!(
            settle(failed(), false, true, false).map(|r| r.status),
            Err(TransportError::Cancelled)
        );
        assert_eq!(
            settle(failed(), false, false, false).map(|r| r.status),
            Err(TransportError::Network("reset".into()))
        );
    }
}
