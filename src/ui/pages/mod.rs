//! Pages: each owns its state machine, calls the auth service and navigates.

mod home;
mod login;
mod passkeys;
mod setup;

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use crate::auth::AuthError;
use crate::cognito::ErrorKey;
use crate::ui::AuthStore;

pub use home::HomePage;
pub use login::{LoginPage, StepUpPage};
pub use setup::SetupPage;

/// What a signed-in page's request does with its failure: nothing for a cancel (the page may be
/// gone), back to sign-in for an ended session, else the message where that request shows it.
/// A plain closure over signals, not a `Callback`: it may run after an `.await`, when a
/// `Callback` of a page that is gone would panic.
fn failure_handler(store: AuthStore) -> impl Fn(AuthError, RwSignal<Option<ErrorKey>>) + Clone {
    let navigate = use_navigate();
    move |e, shown| {
        if e.is_signed_out() {
            store.end(e.message_key());
            navigate("/login", Default::default());
        } else if !e.is_cancelled() {
            shown.set(Some(e.message_key()));
        }
    }
}
