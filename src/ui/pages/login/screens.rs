//! One screen per sign-in step: each renders a component and turns its callbacks into the flow's
//! requests and transitions (decided in `auth::sign_in`).

use leptos::prelude::*;

use super::Flow;
use crate::auth::sign_in::{Credentials, Request, Step};
use crate::auth::{ChallengeKind, SignInChallenge, Tokens};
use crate::auth::{Device, autofill};
use crate::config::SignInMethod;
use crate::i18n::Msg;
use crate::ui::components::{
    AuthenticatorKey, AuthenticatorSetup, ChooseSignInMethod, ConfirmSignUpForm,
    ForgotPasswordForm, LoginForm, MfaVerificationForm, NewPasswordForm, PasskeyPrompt,
    RememberDeviceForm, ResetPasswordForm, SelectMfaType, SendCodeForm, SignInCodeForm, SignUpForm,
    VerifyAuthenticator,
};
use crate::ui::{Service, device_store, webauthn};

/// What a sign-up asks besides the name (SIGN_UP_ATTRIBUTES).
fn sign_up_fields() -> Vec<crate::config::AttributeField> {
    expect_context::<Service>()
        .config()
        .sign_up_attributes
        .clone()
}

/// The screen for `step`. `leave_step_up`: "Back" on a step-up's form (home, nothing changed).
pub(super) fn screen(flow: Flow, step: Step, leave_step_up: Callback<()>) -> AnyView {
    match step {
        Step::Credentials if flow.step_up => step_up_form(flow, leave_step_up),
        Step::Credentials => sign_in_form(flow),
        Step::Code(ch) => code(flow, ch),
        Step::ChooseMethod(ch) => choose_method(flow, ch),
        Step::Passkey(ch) => passkey(flow, ch),
        Step::SelectMfa(ch) => {
            let options = ch.options.clone();
            view! {
                <SelectMfaType options=options on_cancel=move |()| flow.back() pending=flow.pending() error=flow.error
                    on_select=move |kind| flow.send(Request::Select(ch.clone(), kind))/>
            }
            .into_any()
        }
        Step::NewPassword(ch) => {
            let required = ch.required_attributes.clone();
            view! {
                <NewPasswordForm required_attributes=required on_cancel=move |()| flow.back() pending=flow.pending() error=flow.error refused=flow.refused
                    on_submit=move |(password, attributes)| flow.send(Request::NewPassword(ch.clone(), password, attributes))/>
            }
            .into_any()
        }
        Step::ChooseSetup(_)
        | Step::SetupEmail(_)
        | Step::SetupAuthenticator(_)
        | Step::VerifyAuthenticator(_) => forced_set_up(flow, step),
        Step::RememberDevice { tokens, device } => remember_device(flow, tokens, device),
        Step::SignUp
        | Step::ConfirmSignUp { .. }
        | Step::ForgotPassword
        | Step::ResetPassword { .. } => account(flow, step),
    }
}

fn step_up_form(flow: Flow, leave: Callback<()>) -> AnyView {
    view! {
        <LoginForm methods=flow.methods.get_value() on_submit=move |c| flow.send(Request::SignIn(c, None))
            on_first_factor=move |(address, method): (String, SignInMethod)| flow.send(Request::FirstFactor { email: address, method, device: None })
            on_cancel=move |()| flow.cancel() pending=flow.pending() error=flow.error email=flow.email
            step_up_back=leave/>
    }
    .into_any()
}

/// The sign-in form: a password (by SRP) or a first factor, on this browser's remembered device
/// for that account, if it has one.
fn sign_in_form(flow: Flow) -> AnyView {
    let device_for = move |address: &str| {
        flow.client_id
            .with_value(|id| device_store::find(id, address))
    };
    view! {
        <LoginForm methods=flow.methods.get_value()
            on_submit=move |c: Credentials| { let device = device_for(&c.email); flow.send(Request::SignIn(c, device)) }
            on_first_factor=move |(address, method): (String, SignInMethod)| {
                let device = device_for(&address);
                flow.send(Request::FirstFactor { email: address, method, device })
            }
            on_cancel=move |()| flow.cancel() pending=flow.pending() error=flow.error email=flow.email
            on_sign_up=move |()| flow.show(Step::SignUp) on_forgot=move |()| flow.show(Step::ForgotPassword)/>
    }
    .into_any()
}

/// An MFA code, or a sign-in code (USER_AUTH) with "Send a new code".
fn code(flow: Flow, ch: SignInChallenge) -> AnyView {
    let (kind, destination) = (ch.kind, ch.destination.clone());
    match ch.resend_method() {
        Some(method) => {
            let (again, device) = (ch.email.clone(), ch.device.clone());
            view! {
                <SignInCodeForm kind=kind destination=destination on_cancel=move |()| flow.back() pending=flow.pending()
                    error=flow.error resent=flow.resent
                    on_resend=move |()| flow.send(Request::FirstFactor { email: again.clone(), method, device: device.clone() })
                    on_submit=move |code| flow.send(Request::Code(ch.clone(), code))/>
            }
            .into_any()
        }
        None => view! {
            <MfaVerificationForm kind=kind destination=destination on_cancel=move |()| flow.back() pending=flow.pending()
                error=flow.error on_submit=move |code| flow.send(Request::Code(ch.clone(), code))/>
        }
        .into_any(),
    }
}

/// SELECT_CHALLENGE: the ways in this account has that the page offers; a password is typed on
/// the sign-in form (it starts again, by SRP).
fn choose_method(flow: Flow, ch: SignInChallenge) -> AnyView {
    let offered = flow.methods.with_value(|mine| ch.methods_offered_by(mine));
    view! {
        <ChooseSignInMethod methods=offered on_cancel=move |()| flow.back() pending=flow.pending() error=flow.error
            on_choose=move |method| match method {
                SignInMethod::Password => flow.show(Step::Credentials),
                code => flow.send(Request::ChooseFirstFactor(ch.clone(), code)),
            }/>
    }
    .into_any()
}

/// WEB_AUTHN: the browser's passkey request starts at once (and again on "Try again"); its answer
/// goes to Cognito. Leaving the screen aborts a request still open.
fn passkey(flow: Flow, ch: SignInChallenge) -> AnyView {
    let waiting = RwSignal::new(false);
    let abort = StoredValue::new_local(web_sys::AbortController::new().ok());
    on_cleanup(move || {
        if let Some(Some(a)) = abort.try_get_value() {
            a.abort();
        }
    });
    let shown = autofill::shown_name(&ch.email).to_owned();
    let ask = move |()| {
        if waiting.get_untracked() || flow.pending().get_untracked() {
            return;
        }
        let Some(options) = ch.request_options.clone() else {
            flow.error.set(Some(crate::auth::ErrorKey::BadAnswer));
            return;
        };
        let (ch, signal) = (
            ch.clone(),
            abort.with_value(|a| a.as_ref().map(|a| a.signal())),
        );
        waiting.set(true);
        flow.error.set(None);
        leptos::task::spawn_local(async move {
            let result = webauthn::get(&options, None, signal.as_ref()).await;
            // The screen is gone (Back, or the page left): nothing more to do.
            if waiting.try_update(|w| *w = false).is_none() {
                return;
            }
            match result {
                Ok(credential) => flow.send(Request::Passkey(ch, credential)),
                Err(e) => flow.error.set(Some(e.message_key())),
            }
        });
    };
    ask(());
    view! {
        <PasskeyPrompt email=shown waiting=waiting on_retry=ask on_cancel=move |()| flow.back() pending=flow.pending() error=flow.error/>
    }
    .into_any()
}

/// MFA_SETUP: the pool requires MFA and the account has none: choose how (where the pool offers
/// email codes), then an authenticator's QR code and its first code, or the address codes go to.
fn forced_set_up(flow: Flow, step: Step) -> AnyView {
    let (pending, error) = (flow.pending(), flow.error);
    match step {
        Step::ChooseSetup(ch) => {
            let here = Step::ChooseSetup(ch.clone());
            view! {
                <SelectMfaType setup=true options=ch.setup_choices() on_cancel=move |()| flow.back() pending=pending error=error
                    on_select=move |kind: ChallengeKind| { if let Some(next) = here.set_up_with(kind) { flow.show(next) } }/>
            }
            .into_any()
        }
        Step::SetupEmail(ch) => {
            let address = RwSignal::new(ch.email.clone());
            view! {
                <SendCodeForm title=Msg::EmailSetupTitle intro=Msg::EmailSetupIntro email=address pending=pending error=error
                    on_cancel=move |()| flow.to_sign_in() on_submit=move |a| flow.send(Request::SetupEmail(ch.clone(), a))/>
            }
            .into_any()
        }
        Step::SetupAuthenticator(ch) => {
            let key = Signal::derive(move || {
                flow.setup_secret
                    .with(|s| s.as_ref().map(AuthenticatorKey::from))
            });
            let here = Step::SetupAuthenticator(ch.clone());
            view! {
                <AuthenticatorSetup notice=Some(Msg::MfaSetupRequired) key=key pending=flow.generate.pending() error=error
                    on_back_to_sign_in=move |()| flow.to_sign_in()
                    on_generate=move |()| flow.generate_secret(ch.clone())
                    on_continue=move |()| { if let Some(next) = here.to_verification() { flow.show(next) } }/>
            }
            .into_any()
        }
        Step::VerifyAuthenticator(ch) => view! {
            <VerifyAuthenticator pending=pending error=error on_cancel=move |()| flow.back()
                on_submit=move |code| {
                    if let Some(secret) = flow.setup_secret.get_untracked() {
                        flow.send(Request::VerifySetup(ch.clone(), secret, code));
                    }
                }/>
        }
        .into_any(),
        _ => ().into_any(),
    }
}

fn remember_device(flow: Flow, tokens: Box<Tokens>, device: Device) -> AnyView {
    view! {
        <RememberDeviceForm pending=flow.pending() error=flow.error
            on_choice=move |remember| flow.send(Request::RememberDevice { tokens: tokens.clone(), device: device.clone(), remember })/>
    }
    .into_any()
}

/// Getting to a sign-in: a new account and its confirmation, a forgotten password and its reset.
fn account(flow: Flow, step: Step) -> AnyView {
    let (pending, error) = (flow.pending(), flow.error);
    match step {
        Step::SignUp => view! {
            <SignUpForm on_submit=move |(c, account)| flow.send(Request::SignUp(c, account)) on_cancel=move |()| flow.back()
                pending=pending error=error email=flow.email attributes=sign_up_fields() refused=flow.refused/>
        }
        .into_any(),
        Step::ConfirmSignUp { email, sent, password } => {
            let again = email.clone();
            view! {
                <ConfirmSignUpForm destination=sent.destination by_sms=sent.by_sms pending=pending error=error resent=flow.resent on_cancel=move |()| flow.back()
                    on_resend=move |()| flow.send(Request::ResendCode { email: again.clone() })
                    on_submit=move |code| flow.send(Request::ConfirmSignUp { email: email.clone(), code, password: password.clone() })/>
            }
            .into_any()
        }
        Step::ForgotPassword => view! {
            <ForgotPasswordForm on_submit=move |e| flow.send(Request::ForgotPassword { email: e }) on_cancel=move |()| flow.back()
                pending=pending error=error email=flow.email/>
        }
        .into_any(),
        Step::ResetPassword { email, sent, required } => view! {
            <ResetPasswordForm destination=sent.destination by_sms=sent.by_sms required=required pending=pending error=error on_cancel=move |()| flow.back()
                resent=flow.resent on_resend={ let again = email.clone(); move |()| flow.send(Request::ResendResetCode { email: again.clone() }) }
                on_submit=move |(code, password)| flow.send(Request::ResetPassword { email: email.clone(), code, password })/>
        }
        .into_any(),
        _ => ().into_any(),
    }
}

/// The page's title for a step.
pub(super) fn title(step: &Step, step_up: bool) -> Msg {
    match step {
        Step::Credentials if step_up => Msg::StepUpTitle,
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
    }
}
