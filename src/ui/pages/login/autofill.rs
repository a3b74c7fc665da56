//! Passkey autofill on the sign-in form: armed when the form shows, renewed before Cognito's
//! sign-in session for its challenge runs out, disarmed by anything sent. What to ask the
//! browser and what a pick leads to are `auth::autofill`'s; this runs it.

use std::time::Duration;

use leptos::prelude::*;

use super::Flow;
use crate::auth::autofill::{self, Armed};
use crate::auth::sign_in::Step;
use crate::config::SignInMethod;
use crate::ui::{Service, passkey_user, webauthn};

/// How often passkey autofill's challenge is renewed: inside Cognito's shortest sign-in session
/// (3 minutes, AuthSessionValidity 3–15) with room to spare.
const RENEW: Duration = Duration::from_secs(150);

/// Offers passkeys in the email field, where the page offers passkeys at all.
pub(super) fn offer_passkeys(flow: Flow, service: Service) {
    if !flow
        .methods
        .with_value(|m| m.contains(&SignInMethod::Passkey))
    {
        return;
    }
    let arm = move || arm(flow, service.clone());
    // On the sign-in form, and again before Cognito's session for the challenge runs out.
    Effect::new({
        let arm = arm.clone();
        move |_| {
            if matches!(flow.step.get(), Step::Credentials) {
                arm();
            } else {
                flow.disarm_autofill();
            }
        }
    });
    let renew = move || {
        // Not for a tab nobody looks at: each renewal is a Cognito sign-in started.
        if flow.step.with_untracked(|s| matches!(s, Step::Credentials)) && !document().hidden() {
            arm();
        }
    };
    if let Ok(handle) = set_interval_with_handle(renew, RENEW) {
        on_cleanup(move || handle.clear());
    }
}

/// Asks the browser for a passkey in the email field's autofill, over Cognito's challenge for
/// the remembered account if there is one; a pick signs in (or names the account to sign in).
fn arm(flow: Flow, service: Service) {
    if flow.pending().get_untracked() {
        return;
    }
    flow.disarm_autofill();
    let Ok(controller) = web_sys::AbortController::new() else {
        return;
    };
    let signal = controller.signal();
    flow.autofill.set_value(Some(controller));
    // Nothing of the page's is touched after an await until it is known to be there
    // (`flow.autofill` below): leaving the page disposes it, and a disposed value panics.
    let client = flow.client_id.get_value();
    let remembered = passkey_user::find(&client);
    leptos::task::spawn_local(async move {
        if !webauthn::autofill_available().await || signal.aborted() {
            return;
        }
        let armed = service.arm_autofill(remembered.as_ref()).await;
        let options = match &armed {
            Armed::Challenge(ch) => ch
                .request_options
                .as_deref()
                .map(webauthn::list_every_passkey),
            Armed::NameOnly { forget } => {
                if *forget {
                    passkey_user::forget(&client);
                }
                webauthn::throwaway_request_options(service.config().passkey_rp_id.as_deref())
            }
        };
        let Some(options) = options else {
            return;
        };
        if signal.aborted() {
            return;
        }
        let Ok(credential) = webauthn::get(&options, Some("conditional"), Some(&signal)).await
        else {
            return; // aborted (a submit, leaving the page) or refused: the form stays
        };
        if flow.autofill.try_update_value(Option::take).is_none() {
            return; // the page is gone
        }
        if let Some((shown, request)) = autofill::after_pick(armed, remembered.as_ref(), credential)
        {
            if let Some(name) = shown {
                flow.email.set(name);
            }
            flow.send(request);
        }
    });
}
