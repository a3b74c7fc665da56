//! The requests a page owns. Starting a new one, Back or Cancel, and the page going away each
//! cancel the one in flight (the fetch itself is aborted), so no answer ever lands on a page
//! that is gone: after an `.await`, a page's code runs only if its request was not cancelled,
//! and a request is cancelled before its page's signals are disposed.

use std::sync::{Arc, Mutex};

use leptos::prelude::*;
use leptos_router::hooks::use_location;

use crate::auth::CancelScope;
use crate::ui::Service;

#[derive(Clone, Default)]
pub struct Inflight(Arc<Mutex<Option<CancelScope>>>);

impl Inflight {
    /// Call in a page's body: what is in flight is cancelled when the page is cleaned up, and as
    /// soon as the location leaves the page's path. The second is not redundant: when the router
    /// switches to its fallback (an unknown path) it drops the old page's owner without cleaning
    /// it up, and an action still running keeps that owner alive, so its cleanup would wait for
    /// the very answer that must not be used (seen with leptos_router 0.8.17).
    pub fn new() -> Self {
        let inflight = Self::default();
        on_cleanup({
            let inflight = inflight.clone();
            move || inflight.cancel()
        });
        let location = use_location();
        let here = location.pathname.get_untracked();
        Effect::new({
            let inflight = inflight.clone();
            move || {
                if location.pathname.get() != here {
                    inflight.cancel();
                }
            }
        });
        inflight
    }

    /// The service to make one new request with; the previous request, if any, is cancelled.
    pub fn begin(&self, service: &Service) -> Service {
        let scope = CancelScope::new();
        if let Some(previous) = self.swap(Some(scope)) {
            previous.cancel();
        }
        service.map_transport(|t| t.within(scope))
    }

    /// Cancels the request in flight, if any.
    pub fn cancel(&self) {
        if let Some(scope) = self.swap(None) {
            scope.cancel();
        }
    }

    fn swap(&self, next: Option<CancelScope>) -> Option<CancelScope> {
        // wasm is single-threaded and panics abort, so the lock is never contended or poisoned.
        self.0
            .lock()
            .map(|mut current| std::mem::replace(&mut *current, next))
            .unwrap_or(None)
    }
}
