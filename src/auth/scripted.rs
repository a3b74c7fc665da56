//! A transport for native tests: answers each request with the next scripted reply and records
//! what was sent, so a test sees every request a flow makes, in order.

use std::cell::RefCell;
use std::collections::VecDeque;

use crate::cognito::{RawResponse, Transport, TransportError};

#[derive(Default)]
pub struct Scripted {
    replies: RefCell<VecDeque<RawResponse>>,
    /// `(operation, body)` of every request, in order.
    pub sent: RefCell<Vec<(String, serde_json::Value)>>,
}

impl Scripted {
    /// Replies, in order: `Ok(body)` is a 200 with that JSON, `Err((code, message))` a 400 with
    /// that Cognito error.
    pub fn new(replies: &[Result<&str, (&str, &str)>]) -> Self {
        let replies = replies
            .iter()
            .map(|reply| match reply {
                Ok(body) => RawResponse {
                    status: 200,
                    error_type: None,
                    body: body.as_bytes().to_vec(),
                },
                Err((code, message)) => RawResponse {
                    status: 400,
                    error_type: None,
                    body: serde_json::json!({ "__type": code, "message": message })
                        .to_string()
                        .into_bytes(),
                },
            })
            .collect();
        Self {
            replies: RefCell::new(replies),
            sent: RefCell::default(),
        }
    }

    /// The operation names sent, in order (`InitiateAuth`, …).
    pub fn operations(&self) -> Vec<String> {
        self.sent
            .borrow()
            .iter()
            .map(|(op, _)| op.clone())
            .collect()
    }

    pub fn last_body(&self) -> serde_json::Value {
        self.sent
            .borrow()
            .last()
            .map(|(_, body)| body.clone())
            .unwrap_or_else(|| panic!("nothing was sent"))
    }
}

impl Transport for &Scripted {
    async fn post(
        &self,
        _url: &str,
        target: &str,
        body: &str,
    ) -> Result<RawResponse, TransportError> {
        let json =
            serde_json::from_str(body).map_err(|e| TransportError::Network(e.to_string()))?;
        let op = target.rsplit('.').next().unwrap_or(target).to_owned();
        self.sent.borrow_mut().push((op, json));
        self.replies
            .borrow_mut()
            .pop_front()
            .ok_or_else(|| TransportError::Network("the script has no more replies".into()))
    }
}

/// Runs a future that never waits (the scripted transport answers at once).
pub fn ready<F: std::future::Future>(future: F) -> F::Output {
    let mut future = std::pin::pin!(future);
    let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
    match future.as_mut().poll(&mut cx) {
        std::task::Poll::Ready(out) => out,
        std::task::Poll::Pending => panic!("the scripted transport never waits"),
    }
}
