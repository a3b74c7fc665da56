//! The browser transport: `fetch` through gloo-net, no cookies, no cache, never longer than its
//! timeout, and cancellable by scope.
//!
//! Every request gets its own `AbortController`. A timer aborts it after the configured time
//! (→ [`TransportError::TimedOut`]); a [`CancelScope`] aborts every request made within it
//! (→ [`TransportError::Cancelled`]), so Back, Cancel or leaving a page stops the fetch itself,
//! headers or body, instead of leaving a late answer to land on a page that is gone.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;

use gloo_net::http::Request;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use web_sys::{AbortController, RequestCache, RequestCredentials};

use super::{CONTENT_TYPE, RawResponse, Transport, TransportError};

#[derive(Debug, Clone, Copy)]
pub struct FetchTransport {
    timeout_ms: u32,
    scope: Option<CancelScope>,
}

impl FetchTransport {
    pub fn new(timeout_ms: u32) -> Self {
        Self {
            timeout_ms,
            scope: None,
        }
    }

    /// The same transport, with every request made through it cancelled with `scope`.
    pub fn within(self, scope: CancelScope) -> Self {
        Self {
            scope: Some(scope),
            ..self
        }
    }
}

thread_local! {
    /// Live scopes and the controllers of their requests in flight. A scope that is not here has
    /// been cancelled: requests made in it fail at once. (wasm is single-threaded; this is the
    /// only global state of the transport.)
    static SCOPES: RefCell<HashMap<u64, Vec<AbortController>>> = RefCell::new(HashMap::new());
    static NEXT_SCOPE: Cell<u64> = const { Cell::new(1) };
}

/// A group of requests that end together: [`cancel`](Self::cancel) aborts those in flight and
/// refuses any later one. `Copy` and `Send`, so pages can keep it in any closure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CancelScope(u64);

impl CancelScope {
    #[allow(clippy::new_without_default)] // each call makes a different scope
    pub fn new() -> Self {
        let id = NEXT_SCOPE.with(|n| n.replace(n.get() + 1));
        SCOPES.with(|s| s.borrow_mut().insert(id, Vec::new()));
        Self(id)
    }

    /// Aborts every request of this scope still in flight; later ones fail as cancelled.
    /// Cancelling twice, or after everything finished, does nothing.
    pub fn cancel(self) {
        let in_flight = SCOPES.with(|s| s.borrow_mut().remove(&self.0));
        for controller in in_flight.into_iter().flatten() {
            controller.abort();
        }
    }

    /// Adds a request to the scope; `false` if the scope was already cancelled.
    fn adopt(self, controller: &AbortController) -> bool {
        SCOPES.with(|s| match s.borrow_mut().get_mut(&self.0) {
            Some(list) => {
                list.push(controller.clone());
                true
            }
            None => false,
        })
    }

    fn is_cancelled(self) -> bool {
        SCOPES.with(|s| !s.borrow().contains_key(&self.0))
    }

    fn release(self, controller: &AbortController) {
        SCOPES.with(|s| {
            if let Some(list) = s.borrow_mut().get_mut(&self.0) {
                list.retain(|c| c != controller);
            }
        });
    }
}

/// Aborts a controller after a delay unless dropped first.
struct Deadline {
    handle: Option<i32>,
    expired: Rc<Cell<bool>>,
    // Kept alive for as long as the timer may fire.
    _callback: Closure<dyn FnMut()>,
}

impl Deadline {
    fn start(controller: &AbortController, timeout_ms: u32) -> Self {
        let expired = Rc::new(Cell::new(false));
        let callback = Closure::<dyn FnMut()>::new({
            let (controller, expired) = (controller.clone(), expired.clone());
            move || {
                expired.set(true);
                controller.abort();
            }
        });
        let handle = web_sys::window().and_then(|w| {
            w.set_timeout_with_callback_and_timeout_and_arguments_0(
                callback.as_ref().unchecked_ref(),
                i32::try_from(timeout_ms).unwrap_or(i32::MAX),
            )
            .ok()
        });
        Self {
            handle,
            expired,
            _callback: callback,
        }
    }
}

impl Drop for Deadline {
    fn drop(&mut self) {
        if let (Some(window), Some(handle)) = (web_sys::window(), self.handle) {
            window.clear_timeout_with_handle(handle);
        }
    }
}

impl Transport for FetchTransport {
    async fn post(
        &self,
        url: &str,
        target: &str,
        body: &str,
    ) -> Result<RawResponse, TransportError> {
        let controller = AbortController::new()
            .map_err(|_| TransportError::Network("AbortController is unavailable".into()))?;
        if let Some(scope) = self.scope
            && !scope.adopt(&controller)
        {
            return Err(TransportError::Cancelled);
        }
        let deadline = Deadline::start(&controller, self.timeout_ms);
        let signal = controller.signal();
        let answer = async {
            let response = Request::post(url)
                .header("Content-Type", CONTENT_TYPE)
                .header("X-Amz-Target", target)
                .credentials(RequestCredentials::Omit)
                .cache(RequestCache::NoStore)
                .abort_signal(Some(&signal))
                .body(body)
                .map_err(|e| e.to_string())?
                .send()
                .await
                .map_err(|e| e.to_string())?;
            // The body is read under the same signal: a server that stalls mid-answer times out too.
            Ok::<_, String>(RawResponse {
                status: response.status(),
                error_type: response.headers().get("x-amzn-errortype"),
                body: response.binary().await.map_err(|e| e.to_string())?,
            })
        }
        .await;
        let timed_out = deadline.expired.get();
        drop(deadline);
        let scope_cancelled = self.scope.is_some_and(|scope| {
            scope.release(&controller);
            scope.is_cancelled()
        });
        super::settle(answer, timed_out, signal.aborted(), scope_cancelled)
    }
}
