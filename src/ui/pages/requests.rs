//! Every request a signed-in page makes goes through [`SignedIn`]: begun in the page's in-flight
//! scope (a new one cancels the last; leaving the page cancels it), sent with the session's
//! tokens, and its failure handled in one place, as `AuthError::failure` decides: nothing for a
//! cancel (the page may be gone), back to sign-in for an ended session, else the message where
//! the request shows it.

use std::future::Future;
use std::rc::Rc;

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use crate::auth::{AuthError, ErrorKey, Failure, Tokens};
use crate::ui::{AuthStore, Inflight, Service};

struct Scope {
    service: Service,
    inflight: Inflight,
    /// Forgets the session and goes to sign-in, which says why.
    end_session: Rc<dyn Fn(ErrorKey)>,
}

/// A page's (or a section's) signed-in requests: a handle (Copy), owned by the component that
/// made it. Copies share the scope.
#[derive(Clone, Copy)]
pub(crate) struct SignedIn {
    scope: StoredValue<Scope, LocalStorage>,
    store: AuthStore,
}

impl SignedIn {
    /// Call in a component's body: the scope is cancelled when it is cleaned up.
    pub fn new() -> Self {
        let store = expect_context::<AuthStore>();
        let navigate = use_navigate();
        let scope = Scope {
            service: expect_context::<Service>(),
            inflight: Inflight::new(),
            end_session: Rc::new(move |why| {
                store.end(why);
                navigate("/login", Default::default());
            }),
        };
        Self {
            scope: StoredValue::new_local(scope),
            store,
        }
    }

    pub fn store(self) -> AuthStore {
        self.store
    }

    pub fn service(self) -> Service {
        self.scope.with_value(|s| s.service.clone())
    }

    /// Cancels what is in flight in this scope (Back, Cancel).
    pub fn cancel(self) {
        self.scope.with_value(|s| s.inflight.cancel());
    }

    /// A failed request: see the module's comment. Nothing if the page is gone.
    pub fn fail(self, e: &AuthError, shown: RwSignal<Option<ErrorKey>>) {
        match e.failure() {
            Failure::Cancelled => {}
            Failure::SessionOver(why) => {
                if let Some(end) = self.scope.try_with_value(|s| s.end_session.clone()) {
                    end(why);
                }
            }
            Failure::Show(key) => {
                shown.try_set(Some(key));
            }
        }
    }

    /// An action that runs `call` with a service in this scope and the session's tokens (none:
    /// signed out meanwhile, nothing is sent), hands a success to `done`, and a failure to
    /// [`Self::fail`] with `shown`.
    pub fn action<I, T, Fut>(
        self,
        shown: RwSignal<Option<ErrorKey>>,
        call: impl Fn(Service, Tokens, I) -> Fut + 'static,
        done: impl Fn(T) + Clone + 'static,
    ) -> Action<I, ()>
    where
        I: Clone + 'static,
        T: 'static,
        Fut: Future<Output = Result<T, AuthError>> + 'static,
    {
        Action::new_local(move |input: &I| {
            let started = self.store.tokens_untracked().and_then(|tokens| {
                let service = self
                    .scope
                    .try_with_value(|s| s.inflight.begin(&s.service))?;
                Some(call(service, tokens, input.clone()))
            });
            let done = done.clone();
            async move {
                let Some(started) = started else {
                    return;
                };
                match started.await {
                    Ok(value) => done(value),
                    Err(e) => self.fail(&e, shown),
                }
            }
        })
    }
}
