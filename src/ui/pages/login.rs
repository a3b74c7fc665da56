use leptos::prelude::*;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_navigate;

use std::time::Duration;

use crate::auth::sign_in::{Credentials, Next, Notice, PreparedSrp, Request, Step};
use crate::auth::{
    AuthError, AuthenticatorSecret, ChallengeKind, SetupFor, SignInChallenge, SignInOutcome,
};
use crate::cognito::ErrorKey;
use crate::config::SignInMethod;
use crate::i18n::Msg;
use crate::ui::components::{
    AuthenticatorKey, AuthenticatorSetup, ChooseSignInMethod, ConfirmSignUpForm,
    ForgotPasswordForm, LoginForm, MfaVerificationForm, NewPasswordForm, PasskeyPrompt,
    RememberDeviceForm, ResetPasswordForm, SelectMfaType, SendCodeForm, SignInCodeForm, SignUpForm,
    VerifyAuthenticator,
};
use crate::ui::{
    AuthStore, Inflight, Service, StepUp, device_store, passkey_user, use_page_title, webauthn,
};

/// How long after the sign-in form appears SRP's first step is made: after the first paint, while
/// the user is still typing.
const PREPARE_AFTER_MS: u64 = 50;

/// How often passkey autofill's challenge is renewed: inside Cognito's shortest sign-in session
/// (3 minutes, AuthSessionValidity 3–15) with room to spare.
const AUTOFILL_RENEW: Duration = Duration::from_secs(150);

/// Makes a [`PreparedSrp`] after `delay`, unless one is waiting or the page has gone: first the
/// one-time tables, a slice per timer so a keystroke never waits more than a slice, then A.
fn prepare_srp(prepared: StoredValue<Option<PreparedSrp>, LocalStorage>, delay: Duration) {
    set_timeout(
        move || {
            if prepared.try_with_value(Option::is_none) != Some(true) {
                return;
            }
            if PreparedSrp::warm_up() {
                prepared.try_set_value(PreparedSrp::new());
            } else {
                prepare_srp(prepared, Duration::ZERO);
            }
        },
        delay,
    );
}

/// LoginForm → MfaVerificationForm (or the other challenges Cognito may ask for) → /home.
#[component]
pub fn LoginPage() -> impl IntoView {
    view! { <SignInFlow step_up=None/> }
}

/// The signed-in user proves it's them again (password, then a code; or, where the page offers
/// them, a sign-in code or a passkey) before a change that weakens the account; then the page
/// that asked goes on with it. The same steps as signing in,
/// for the same email only, and never with a remembered device (the code is the point).
#[component]
pub fn StepUpPage() -> impl IntoView {
    let store = expect_context::<AuthStore>();
    match store.step_up_untracked().filter(|_| store.is_signed_in()) {
        Some(step_up) => view! { <SignInFlow step_up=Some(step_up)/> }.into_any(),
        None => view! { <Redirect path="/home"/> }.into_any(),
    }
}

#[component]
fn SignInFlow(step_up: Option<StepUp>) -> impl IntoView {
    // A step-up proves the user and adds no device (it never names this browser's either:
    // a remembered device would skip the code that is its point).
    let service = match &step_up {
        Some(_) => expect_context::<Service>().without_devices(),
        None => expect_context::<Service>(),
    };
    let client_id = StoredValue::new(service.config().client_id.clone());
    // The ways this page offers (SIGN_IN_METHODS), a step-up too: an account proves it's them
    // by its own ways in (Cognito offers a code or a passkey alone only to accounts without MFA,
    // or a passkey with passkey MFA on, so an account with MFA still confirms with its second
    // factor).
    let methods = StoredValue::new(service.config().sign_in_methods.clone());
    let store = expect_context::<AuthStore>();
    let navigate = use_navigate();
    let step = RwSignal::new(Step::Credentials);
    let email = RwSignal::new(
        step_up
            .as_ref()
            .map(|s| s.email.clone())
            .unwrap_or_default(),
    );
    // Where a step-up goes once done; none on the sign-in page.
    let then = step_up.as_ref().map(|s| s.then.path());
    let step_up_email = StoredValue::new(step_up.as_ref().map(|s| s.email.clone()));
    // A step-up left without finishing it (Back, the browser's Back) is dropped, so that coming
    // back to this page later cannot carry out a change the user walked away from.
    if then.is_some() {
        on_cleanup(move || store.drop_unfinished_step_up());
    }
    // Why the last session ended, if Cognito ended it.
    let error = RwSignal::new(if then.is_none() {
        store.take_notice()
    } else {
        None
    });
    if then.is_none() && store.is_signed_in() {
        navigate("/home", Default::default());
    }
    let setup_secret = RwSignal::new(None::<AuthenticatorSecret>);
    let setup_key =
        Signal::derive(move || setup_secret.with(|s| s.as_ref().map(AuthenticatorKey::from)));
    let inflight = Inflight::new();
    use_page_title(move || match step.get() {
        Step::Credentials if then.is_some() => Msg::StepUpTitle,
        Step::Credentials => Msg::SignInTitle,
        Step::Code(ch) if ch.first_factor => Msg::SignInCodeTitle,
        Step::Code(_) => Msg::MfaTitle,
        Step::ChooseMethod(_) => Msg::ChooseMethodTitle,
        Step::Passkey(_) => Msg::PasskeyTitle,
        Step::SelectMfa(_) => Msg::ChooseMfaTitle,
        Step::NewPassword(_) => Msg::NewPasswordTitle,
        Step::ChooseSetup(_) => Msg::SetupMfaTitle,
        Step::SetupAuthenticator(_) => Msg::SetupTitle,
        Step::SetupEmail(_) => Msg::EmailSetupTitle,
        Step::VerifyAuthenticator(_) => Msg::VerifyTitle,
        Step::RememberDevice { .. } => Msg::RememberDeviceTitle,
        Step::SignUp => Msg::SignUpTitle,
        Step::ConfirmSignUp { .. } => Msg::ConfirmTitle,
        Step::ForgotPassword => Msg::ForgotTitle,
        Step::ResetPassword { .. } => Msg::ResetTitle,
    });
    // A new confirmation code went out (shown on the confirm screen until it changes).
    let resent = RwSignal::new(false);

    // Tokens → home; a challenge → its screen; an error → its message, and back to the
    // credentials (email kept) when the sign-in cannot go on. The rules live in `auth::sign_in`.
    let fail = move |e: AuthError| {
        error.set(Some(e.message_key()));
        if let Some(back) = step.with_untracked(|s| s.after_error(&e)) {
            step.set(back);
        }
    };
    let advance = move |result: Result<Next, AuthError>, navigate: &dyn Fn(&str)| match result {
        Ok(Next::SignedIn(tokens)) => match then {
            None => {
                // The device this sign-in ended on is kept; one kept before that Cognito did not
                // take (forgotten elsewhere, or the pool stopped tracking devices) is dropped.
                let address = email.get_untracked();
                client_id.with_value(|c| match &tokens.device {
                    Some(device) => device_store::save(c, &address, device),
                    None => device_store::forget(c, &address),
                });
                store.sign_in(tokens);
                navigate("/home");
            }
            Some(then) => {
                if store.complete_step_up(tokens) {
                    navigate(then);
                } else if store.tokens_untracked().is_none() {
                    // The session ended meanwhile: nothing to confirm any more.
                    navigate("/login");
                } else {
                    error.set(Some(ErrorKey::StepUpOtherAccount));
                    if let Some(fixed) = step_up_email.get_value() {
                        email.set(fixed);
                    }
                    step.set(Step::Credentials);
                }
            }
        },
        Ok(Next::Show(next)) => {
            setup_secret.set(None);
            resent.set(false);
            step.set(next);
        }
        Ok(Next::Notice(Notice::CodeResent)) => resent.set(true),
        Err(e) => fail(e),
    };

    // SRP's first step (A = g^a, the costly half that needs no password) is made while the form
    // waits for the user, so "Sign in" is left with only the password-dependent half. Made in
    // timers after the page is painted, one per sign-in, again after each attempt.
    let prepared = StoredValue::new_local(None::<PreparedSrp>);
    let prepare = move || prepare_srp(prepared, Duration::from_millis(PREPARE_AFTER_MS));
    if then.is_none() {
        prepare();
    }

    let request = Action::new_local({
        let (service, navigate, inflight) = (service.clone(), navigate.clone(), inflight.clone());
        move |req: &Request| {
            let (service, navigate, req) =
                (inflight.begin(&service), navigate.clone(), req.clone());
            // Taken now (it is used up by this sign-in); the next attempt gets a new one.
            let srp = match &req {
                Request::SignIn(..) => prepared.try_update_value(Option::take).flatten(),
                _ => None,
            };
            if srp.is_some() {
                prepare();
            }
            // "Send a new code" on the sign-in code screen starts the sign-in again.
            let resending = matches!(req, Request::FirstFactor { .. })
                && step.with_untracked(|s| matches!(s, Step::Code(ch) if ch.first_factor));
            async move {
                match &req {
                    Request::SignIn(c, _) | Request::SignUp(c) => email.set(c.email.clone()),
                    Request::ForgotPassword { email: e }
                    | Request::FirstFactor { email: e, .. } => email.set(e.clone()),
                    _ => {}
                }
                let result = service.send_with(&req, srp).await;
                // A passkey that signed in: its account is the one autofill offers next time.
                if let (Request::Passkey(_, credential), Ok(Next::SignedIn(_))) = (&req, &result) {
                    let name = email.get_untracked();
                    client_id.with_value(|c| passkey_user::save(c, &name, credential));
                }
                drop(req); // passwords go as soon as Cognito has answered
                // Cancelled: the user went back or left; the page may be gone. Touch nothing.
                if result.as_ref().is_err_and(AuthError::is_cancelled) {
                    return;
                }
                let sent = resending && result.is_ok();
                advance(result, &|to| navigate(to, Default::default()));
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
    let pending = request.pending();
    // Passkey autofill (below) holds the browser's one WebAuthn request; anything sent first
    // ends it.
    let autofill = StoredValue::new_local(None::<web_sys::AbortController>);
    let disarm = move || {
        if let Some(Some(controller)) = autofill.try_update_value(Option::take) {
            controller.abort();
        }
    };
    let send = move |req: Request| {
        if !pending.get_untracked() {
            disarm();
            error.set(None);
            request.dispatch_local(req);
        }
    };

    // Passkey autofill: the email field offers passkeys (autocomplete="username webauthn")
    // through a conditional `navigator.credentials.get`, which needs a challenge before anyone
    // has typed. Cognito issues one only for a named user (InitiateAuth USER_AUTH needs
    // USERNAME: botocore; amplify-js#14883 asks for more), so: for the account whose passkey last
    // signed in here, a real USER_AUTH WEB_AUTHN challenge (every passkey listed; picking that
    // account's signs in at once, one gesture), renewed before Cognito's 3-minute session ends;
    // with none remembered, or when another account's passkey is picked, the pick only says
    // who (its user handle is the account's sub), and that account's sign-in then asks the
    // browser once more, with Cognito's challenge (two gestures). A picked assertion over a
    // challenge Cognito did not issue is never sent anywhere.
    let offers_passkeys = methods.with_value(|m| m.contains(&SignInMethod::Passkey));
    let arm_autofill = {
        let service = service.clone();
        move || {
            if !offers_passkeys || pending.get_untracked() {
                return;
            }
            disarm();
            let Ok(controller) = web_sys::AbortController::new() else {
                return;
            };
            let signal = controller.signal();
            autofill.set_value(Some(controller));
            let service = service.clone();
            // Nothing of the page's is touched after an await until it is known to be there
            // (`autofill` below): leaving the page disposes it, and a disposed value panics.
            let client = client_id.get_value();
            let remembered = passkey_user::find(&client);
            leptos::task::spawn_local(async move {
                if !webauthn::autofill_available().await || signal.aborted() {
                    return;
                }
                let mut armed = None;
                if let Some(user) = &remembered {
                    match service
                        .start_first_factor(&user.name, SignInMethod::Passkey, None)
                        .await
                    {
                        Ok(SignInOutcome::Challenge(ch)) if ch.kind == ChallengeKind::Passkey => {
                            armed = Some(ch);
                        }
                        // No passkey for that account any more (or it is gone): forget it.
                        Ok(_) => passkey_user::forget(&client),
                        Err(_) => {}
                    }
                }
                let options = match &armed {
                    Some(ch) => ch
                        .request_options
                        .as_deref()
                        .map(webauthn::list_every_passkey),
                    None => webauthn::throwaway_request_options(
                        service.config().passkey_rp_id.as_deref(),
                    ),
                };
                let Some(options) = options else {
                    return;
                };
                if signal.aborted() {
                    return;
                }
                let Ok(credential) =
                    webauthn::get(&options, Some("conditional"), Some(&signal)).await
                else {
                    return; // aborted (a submit, leaving the page) or refused: the form stays
                };
                if autofill.try_update_value(Option::take).is_none() {
                    return; // the page is gone
                }
                let handle = passkey_user::user_handle(&credential);
                match (armed, remembered) {
                    (Some(ch), Some(user)) if handle.as_deref() == Some(user.handle.as_str()) => {
                        email.set(user.name.clone());
                        send(Request::Passkey(ch, credential));
                    }
                    // Someone else's passkey, or no real challenge: sign that account in, the
                    // browser asking again with Cognito's challenge.
                    _ => {
                        if let Some(sub) = handle.as_deref().and_then(passkey_user::sub_of) {
                            send(Request::FirstFactor {
                                email: sub,
                                method: SignInMethod::Passkey,
                                device: None,
                            });
                        }
                    }
                }
            });
        }
    };
    // On the sign-in form, and again before Cognito's session for the challenge runs out.
    Effect::new({
        let arm_autofill = arm_autofill.clone();
        move |_| {
            if matches!(step.get(), Step::Credentials) && then.is_none() {
                arm_autofill();
            } else {
                disarm();
            }
        }
    });
    if offers_passkeys
        && then.is_none()
        && let Ok(renew) = set_interval_with_handle(
            {
                let arm_autofill = arm_autofill.clone();
                move || {
                    // Not for a tab nobody looks at: each renewal is a Cognito sign-in started.
                    if step.with_untracked(|s| matches!(s, Step::Credentials))
                        && !document().hidden()
                    {
                        arm_autofill();
                    }
                }
            },
            AUTOFILL_RENEW,
        )
    {
        on_cleanup(move || renew.clear());
    }
    on_cleanup(disarm);

    let generate = Action::new_local({
        let inflight = inflight.clone();
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

    // Back (and Cancel while signing in) stop the request in flight: its answer is never used.
    let back = {
        let inflight = inflight.clone();
        move |()| {
            inflight.cancel();
            error.set(None);
            step.set(Step::Credentials);
        }
    };
    let cancel_sign_in = {
        let inflight = inflight.clone();
        move |()| inflight.cancel()
    };

    // Leaving a step-up: back home, nothing changed.
    let leave_step_up = {
        let (inflight, navigate) = (inflight.clone(), navigate.clone());
        move |()| {
            inflight.cancel();
            store.cancel_step_up();
            navigate("/home", Default::default());
        }
    };

    view! {
        {move || match step.get() {
            Step::Credentials if then.is_some() => view! {
                <LoginForm methods=methods.get_value() on_submit=move |c| send(Request::SignIn(c, None))
                    on_first_factor=move |(address, method): (String, SignInMethod)| send(Request::FirstFactor { email: address, method, device: None })
                    on_cancel=cancel_sign_in.clone() pending=pending error=error email=email
                    step_up_back=leave_step_up.clone()/>
            }.into_any(),
            Step::Credentials => view! {
                <LoginForm methods=methods.get_value() on_submit=move |c: Credentials| {
                        let device = client_id.with_value(|id| device_store::find(id, &c.email));
                        send(Request::SignIn(c, device))
                    }
                    on_first_factor=move |(address, method): (String, SignInMethod)| {
                        let device = client_id.with_value(|id| device_store::find(id, &address));
                        send(Request::FirstFactor { email: address, method, device })
                    }
                    on_cancel=cancel_sign_in.clone() pending=pending error=error email=email
                    on_sign_up=move |()| { error.set(None); step.set(Step::SignUp); }
                    on_forgot=move |()| { error.set(None); step.set(Step::ForgotPassword); }/>
            }.into_any(),
            Step::Code(ch) if ch.first_factor => {
                let (kind, destination) = (ch.kind, ch.destination.clone());
                let method = if kind == ChallengeKind::SmsOtp { SignInMethod::SmsCode } else { SignInMethod::EmailCode };
                let for_resend = (ch.email.clone(), ch.device.clone());
                view! {
                    <SignInCodeForm kind=kind destination=destination on_cancel=back.clone() pending=pending error=error resent=resent
                        on_resend=move |()| send(Request::FirstFactor { email: for_resend.0.clone(), method, device: for_resend.1.clone() })
                        on_submit=move |code| send(Request::Code(ch.clone(), code))/>
                }.into_any()
            }
            Step::ChooseMethod(ch) => {
                // Of what Cognito offers this account, what this page offers too; a password
                // is typed on the sign-in form (it starts again, by SRP).
                let offered: Vec<SignInMethod> = methods.with_value(|mine| {
                    ch.methods.iter().copied().filter(|m| mine.contains(m)).collect()
                });
                view! {
                    <ChooseSignInMethod methods=offered on_cancel=back.clone() pending=pending error=error
                        on_choose=move |method| match method {
                            SignInMethod::Password => { error.set(None); step.set(Step::Credentials); }
                            code => send(Request::ChooseFirstFactor(ch.clone(), code)),
                        }/>
                }.into_any()
            }
            Step::Passkey(ch) => {
                // The browser's passkey request starts at once (and again on "Try again"); an
                // answer goes to Cognito. Leaving the screen aborts a request still open.
                let waiting = RwSignal::new(false);
                let abort = StoredValue::new_local(web_sys::AbortController::new().ok());
                on_cleanup(move || {
                    if let Some(Some(a)) = abort.try_get_value() {
                        a.abort();
                    }
                });
                // After an autofill pick the name is the account's sub (from the passkey's user
                // handle): not something to show.
                let email_shown = if ch.email.contains('@') { ch.email.clone() } else { String::new() };
                let ask = move |()| {
                    if waiting.get_untracked() || pending.get_untracked() {
                        return;
                    }
                    let Some(options) = ch.request_options.clone() else {
                        error.set(Some(crate::cognito::ErrorKey::BadAnswer));
                        return;
                    };
                    let (ch, signal) = (ch.clone(), abort.with_value(|a| a.as_ref().map(|a| a.signal())));
                    waiting.set(true);
                    error.set(None);
                    leptos::task::spawn_local(async move {
                        let result = webauthn::get(&options, None, signal.as_ref()).await;
                        // The screen is gone (Back, or the page left): nothing more to do.
                        if waiting.try_update(|w| *w = false).is_none() {
                            return;
                        }
                        match result {
                            Ok(credential) => send(Request::Passkey(ch, credential)),
                            Err(e) => error.set(Some(e.message_key())),
                        }
                    });
                };
                ask(());
                view! {
                    <PasskeyPrompt email=email_shown waiting=waiting on_retry=ask on_cancel=back.clone() pending=pending error=error/>
                }.into_any()
            }
            Step::Code(ch) => {
                let (kind, destination) = (ch.kind, ch.destination.clone());
                view! {
                    <MfaVerificationForm kind=kind destination=destination on_cancel=back.clone() pending=pending error=error
                        on_submit=move |code| send(Request::Code(ch.clone(), code))/>
                }.into_any()
            }
            Step::SelectMfa(ch) => {
                let options = ch.options.clone();
                view! {
                    <SelectMfaType options=options on_cancel=back.clone() pending=pending error=error
                        on_select=move |kind| send(Request::Select(ch.clone(), kind))/>
                }.into_any()
            }
            Step::NewPassword(ch) => {
                let required = ch.required_attributes.clone();
                view! {
                    <NewPasswordForm required_attributes=required on_cancel=back.clone() pending=pending error=error
                        on_submit=move |(password, attributes)| send(Request::NewPassword(ch.clone(), password, attributes))/>
                }.into_any()
            }
            Step::ChooseSetup(ch) => {
                let options: Vec<ChallengeKind> = ch.options.iter().copied()
                    .filter(|k| matches!(k, ChallengeKind::Totp | ChallengeKind::Email)).collect();
                view! {
                    <SelectMfaType setup=true options=options on_cancel=back.clone() pending=pending error=error
                        on_select=move |kind| {
                            error.set(None);
                            step.set(if kind == ChallengeKind::Email { Step::SetupEmail(ch.clone()) } else { Step::SetupAuthenticator(ch.clone()) });
                        }/>
                }.into_any()
            }
            Step::SetupEmail(ch) => {
                let address = RwSignal::new(ch.email.clone());
                let for_back = ch.clone();
                view! {
                    <SendCodeForm title=Msg::EmailSetupTitle intro=Msg::EmailSetupIntro email=address pending=pending error=error
                        on_cancel=move |()| { error.set(None); step.set(Step::ChooseSetup(for_back.clone())); }
                        on_submit=move |a| send(Request::SetupEmail(ch.clone(), a))/>
                }.into_any()
            }
            Step::SetupAuthenticator(ch) => {
                let for_generate = ch.clone();
                view! {
                    <AuthenticatorSetup notice=Some(Msg::MfaSetupRequired) key=setup_key pending=generate.pending() error=error
                        on_generate=move |()| { if !generate.pending().get_untracked() { error.set(None); generate.dispatch_local(for_generate.clone()); } }
                        on_continue=move |()| { error.set(None); step.set(Step::VerifyAuthenticator(ch.clone())); }/>
                }.into_any()
            }
            Step::VerifyAuthenticator(ch) => {
                let (for_back, inflight) = (ch.clone(), inflight.clone());
                view! {
                    <VerifyAuthenticator pending=pending error=error
                        on_cancel=move |()| { inflight.cancel(); error.set(None); step.set(Step::SetupAuthenticator(for_back.clone())); }
                        on_submit=move |code| {
                            if let Some(secret) = setup_secret.get_untracked() {
                                send(Request::VerifySetup(ch.clone(), secret, code));
                            }
                        }/>
                }.into_any()
            }
            Step::RememberDevice { tokens, device } => view! {
                <RememberDeviceForm pending=pending error=error
                    on_choice=move |remember| send(Request::RememberDevice { tokens: tokens.clone(), device: device.clone(), remember })/>
            }.into_any(),
            Step::SignUp => view! {
                <SignUpForm on_submit=move |c| send(Request::SignUp(c)) on_cancel=back.clone() pending=pending error=error email=email/>
            }.into_any(),
            Step::ConfirmSignUp { email: address, sent, password } => {
                let for_resend = address.clone();
                view! {
                    <ConfirmSignUpForm destination=sent.destination pending=pending error=error resent=resent on_cancel=back.clone()
                        on_resend=move |()| send(Request::ResendCode { email: for_resend.clone() })
                        on_submit=move |code| send(Request::ConfirmSignUp { email: address.clone(), code, password: password.clone() })/>
                }.into_any()
            }
            Step::ForgotPassword => view! {
                <ForgotPasswordForm on_submit=move |e| send(Request::ForgotPassword { email: e }) on_cancel=back.clone() pending=pending error=error email=email/>
            }.into_any(),
            Step::ResetPassword { email: address, sent } => view! {
                <ResetPasswordForm destination=sent.destination pending=pending error=error on_cancel=back.clone()
                    on_submit=move |(code, password)| send(Request::ResetPassword { email: address.clone(), code, password })/>
            }.into_any(),
        }}
    }
}
