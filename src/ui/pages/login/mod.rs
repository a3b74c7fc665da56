//! The sign-in, and the step-up (the same steps for the signed-in user, before a guarded
//! change). `auth::sign_in` decides every transition; this module holds the screen's state,
//! sends requests and renders the current step (`screens`), with passkey autofill beside it
//! (`autofill`).

mod autofill;
mod screens;
mod srp_warm_up;

use std::time::Duration;

use leptos::prelude::*;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_navigate;

use crate::auth::guard::{StepUp, StepUpResult};
use crate::auth::sign_in::{FactorsProved, Next, Notice, PreparedSrp, Request, Step};
use crate::auth::{AuthError, AuthenticatorSecret, ErrorKey, SetupFor, SignInChallenge};
use crate::config::SignInMethod;
use crate::ui::{AuthStore, Inflight, device_store, passkey_user, use_page_title};

/// LoginForm → MfaVerificationForm (or the other challenges Cognito may ask for) → /home.
#[component]
pub fn LoginPage() -> impl IntoView {
    view! { <SignInFlow step_up=None/> }
}

/// The signed-in user proves it's them again (password, then a code; or, where the page offers
/// them, a sign-in code or a passkey) before a guarded change; then the page that asked goes on
/// with it. The same steps as signing in, for the same account only, and never with a
/// remembered device (the code is the point).
#[component]
pub fn StepUpPage() -> impl IntoView {
    let store = expect_context::<AuthStore>();
    match store.pending_step_up().filter(|_| store.is_signed_in()) {
        Some(step_up) => view! { <SignInFlow step_up=Some(step_up)/> }.into_any(),
        None => view! { <Redirect path="/home"/> }.into_any(),
    }
}

/// What every screen of the flow shares. Copy: signals and handles only.
#[derive(Clone, Copy)]
pub(super) struct Flow {
    step: RwSignal<Step>,
    error: RwSignal<Option<ErrorKey>>,
    /// Cognito's refusals of the sign-up's attributes, said at their fields.
    refused: RwSignal<Vec<crate::auth::attributes::AttributeRefusal>>,
    /// The email, shared by the forms (kept after an expired session, carried to sign-up and the
    /// forgotten password).
    email: RwSignal<String>,
    /// A new code went out (said on the code screen until it changes).
    resent: RwSignal<bool>,
    /// The authenticator secret of a forced set-up, once generated.
    setup_secret: RwSignal<Option<AuthenticatorSecret>>,
    request: Action<Request, ()>,
    generate: Action<SignInChallenge, ()>,
    inflight: StoredValue<Inflight, LocalStorage>,
    /// Passkey autofill's browser request: anything sent first ends it.
    autofill: StoredValue<Option<web_sys::AbortController>, LocalStorage>,
    /// The ways this page offers (SIGN_IN_METHODS).
    methods: StoredValue<Vec<SignInMethod>>,
    client_id: StoredValue<String>,
    /// A step-up: the account is fixed, no device, "Back" goes home.
    step_up: bool,
}

impl Flow {
    fn pending(self) -> Signal<bool> {
        self.request.pending().into()
    }

    /// Sends a request, unless one is in flight (every form ignores a second submit).
    fn send(self, request: Request) {
        if !self.request.pending().get_untracked() {
            self.disarm_autofill();
            self.error.set(None);
            self.refused.set(Vec::new());
            self.request.dispatch_local(request);
        }
    }

    fn show(self, step: Step) {
        self.error.set(None);
        self.refused.set(Vec::new());
        self.step.set(step);
    }

    /// Back (and Cancel while signing in) stop the request in flight: its answer is never used.
    fn back(self) {
        self.cancel();
        self.show(self.step.with_untracked(Step::back));
    }

    /// "Back to sign in" from deep in a sign-in (a forced set-up): the form, the name kept.
    fn to_sign_in(self) {
        self.cancel();
        self.setup_secret.set(None);
        self.show(Step::Credentials);
    }

    fn cancel(self) {
        self.inflight.with_value(Inflight::cancel);
    }

    fn generate_secret(self, ch: SignInChallenge) {
        if !self.generate.pending().get_untracked() {
            self.error.set(None);
            self.generate.dispatch_local(ch);
        }
    }

    fn disarm_autofill(self) {
        if let Some(Some(controller)) = self.autofill.try_update_value(Option::take) {
            controller.abort();
        }
    }
}

#[component]
fn SignInFlow(step_up: Option<StepUp>) -> impl IntoView {
    let store = expect_context::<AuthStore>();
    let service = store.sign_in_service(expect_context(), step_up.as_ref().map(|s| &s.target));
    let navigate = use_navigate();
    let then = step_up.as_ref().map(|s| s.then.path());
    let fixed_email = step_up.map(|s| s.email);
    // A step-up left without finishing it is dropped, so coming back to this page later cannot
    // carry out a change the user walked away from.
    if then.is_some() {
        on_cleanup(move || store.drop_unfinished_step_up());
    } else if store.is_signed_in() {
        navigate("/home", Default::default());
    }
    let step = RwSignal::new(Step::Credentials);
    let error = RwSignal::new(then.is_none().then(|| store.take_notice()).flatten());
    let email = RwSignal::new(fixed_email.clone().unwrap_or_default());
    let resent = RwSignal::new(false);
    let setup_secret = RwSignal::new(None::<AuthenticatorSecret>);
    let client_id = StoredValue::new(service.config().client_id.clone());
    let inflight = Inflight::new();
    // What this sign-in has proved so far, across its requests (the guard's `every_factor`).
    let proved = StoredValue::new(FactorsProved::default());
    use_page_title(move || screens::title(&step.get(), then.is_some()));

    // Where an answer leads: home (or back to what asked for the step-up), another screen, news
    // on this one, or an error (and back to the form when the sign-in cannot go on).
    let refused = RwSignal::new(Vec::new());
    let sign_up_fields = StoredValue::new(service.config().sign_up_attributes.clone());
    let fail = move |e: AuthError| {
        let (key, why) = step.with_untracked(|s| sign_up_fields.with_value(|f| s.explain(&e, f)));
        error.set(Some(key));
        refused.set(why);
        if let Some(back) = step.with_untracked(|s| s.after_error(&e)) {
            step.set(back);
        }
    };
    let rating = service.clone();
    let advance =
        move |result: Result<Next, AuthError>, every_factor: bool, navigate: &dyn Fn(&str)| {
            match result {
                Ok(Next::SignedIn(tokens)) => match then {
                    None => {
                        // The device this sign-in ended on is kept; one kept before that Cognito did
                        // not take (forgotten elsewhere, or no longer tracked) is dropped.
                        let address = email.get_untracked();
                        client_id.with_value(|c| match &tokens.device {
                            Some(device) => device_store::save(c, &address, device),
                            None => device_store::forget(c, &address),
                        });
                        store.sign_in(tokens, every_factor);
                        navigate("/home");
                    }
                    Some(then) => match store.complete_step_up(tokens, rating.rated_by_cognito()) {
                        StepUpResult::Proved => navigate(then),
                        StepUpResult::SessionGone => navigate("/login"),
                        refused => {
                            error.set(refused.refusal());
                            email.set(fixed_email.clone().unwrap_or_default());
                            step.set(Step::Credentials);
                        }
                    },
                },
                Ok(Next::Show(next)) => {
                    setup_secret.set(None);
                    resent.set(false);
                    step.set(next);
                }
                Ok(Next::Notice(Notice::CodeResent)) => resent.set(true),
                Err(e) => fail(e),
            }
        };

    // SRP's first step (A = g^a, the costly half that needs no password) is made while the form
    // waits for the user, so "Sign in" is left with only the password-dependent half. One per
    // sign-in, made again after each attempt.
    let prepared = StoredValue::new_local(None::<PreparedSrp>);
    let prepare = move || srp_warm_up::prepare(prepared);
    if then.is_none() {
        prepare();
    }

    let request = Action::new_local({
        let (service, navigate, inflight) = (service.clone(), navigate.clone(), inflight.clone());
        move |req: &Request| {
            let (service, navigate, req) = (
                store.with_current_token(inflight.begin(&service)),
                navigate.clone(),
                req.clone(),
            );
            // Taken now (it is used up by this sign-in); the next attempt gets a new one.
            let srp = match &req {
                Request::SignIn(..) => prepared.try_update_value(Option::take).flatten(),
                _ => None,
            };
            if srp.is_some() {
                prepare();
            }
            let resending = step.with_untracked(|s| req.resends_code(s));
            let advance = advance.clone();
            async move {
                if let Some(address) = req.email() {
                    email.set(address.to_owned());
                }
                let result = service.send_with(&req, srp).await;
                // Cancelled: the user went back or left; the page may be gone. Touch nothing.
                if result.as_ref().is_err_and(AuthError::is_cancelled) {
                    return;
                }
                // A passkey that signed in: its account is the one autofill offers next time.
                if let (Request::Passkey(_, credential), Ok(Next::SignedIn(_))) = (&req, &result) {
                    let name = email.get_untracked();
                    client_id.with_value(|c| passkey_user::save(c, &name, credential));
                }
                if result.is_ok() {
                    proved.try_update_value(|p| *p = p.after(&req));
                }
                let every_factor = proved
                    .try_get_value()
                    .is_some_and(FactorsProved::every_factor);
                drop(req); // passwords go as soon as Cognito has answered
                let sent = resending && result.is_ok();
                advance(result, every_factor, &|to| navigate(to, Default::default()));
                if sent {
                    // After the new code screen is on the page, so its (empty) status line
                    // announces the news rather than being created with it.
                    set_timeout(
                        move || {
                            resent.try_set(true);
                        },
                        Duration::from_millis(100),
                    );
                }
            }
        }
    });

    let generate = Action::new_local({
        let (service, inflight) = (service.clone(), inflight.clone());
        move |ch: &SignInChallenge| {
            let (service, ch) = (inflight.begin(&service), ch.clone());
            async move {
                match service
                    .setup_authenticator_app(SetupFor::SignInChallenge(&ch), &ch.email)
                    .await
                {
                    Err(e) if e.is_cancelled() => {}
                    Ok(secret) => setup_secret.set(Some(secret)),
                    Err(e) => fail(e),
                }
            }
        }
    });

    let flow = Flow {
        step,
        error,
        refused,
        email,
        resent,
        setup_secret,
        request,
        generate,
        inflight: StoredValue::new_local(inflight),
        autofill: StoredValue::new_local(None),
        methods: StoredValue::new(service.config().sign_in_methods.clone()),
        client_id,
        step_up: then.is_some(),
    };
    on_cleanup(move || flow.disarm_autofill());
    if then.is_none() {
        autofill::offer_passkeys(flow, service);
    }
    // Leaving a step-up: back home, nothing changed.
    let leave_step_up = Callback::new(move |()| {
        flow.cancel();
        store.cancel_step_up();
        navigate("/home", Default::default());
    });
    view! { {move || screens::screen(flow, step.get(), leave_step_up)} }
}
