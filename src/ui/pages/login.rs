use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use zeroize::Zeroizing;

use crate::auth::{
    AuthError, AuthenticatorSecret, ChallengeKind, MfaChallenge, SetupFor, SignInOutcome,
};
use crate::i18n::Msg;
use crate::ui::components::{
    AuthenticatorKey, AuthenticatorSetup, Credentials, LoginForm, MfaVerificationForm,
    NewPasswordForm, SelectMfaType, VerifyAuthenticator,
};
use crate::ui::{AuthStore, Inflight, Service, use_page_title};

/// Where the sign-in stands. Each challenge step holds the live Cognito challenge it answers.
#[derive(Clone, PartialEq)]
enum Step {
    Credentials,
    /// A TOTP, SMS or email code.
    Code(MfaChallenge),
    SelectMfa(MfaChallenge),
    NewPassword(MfaChallenge),
    /// MFA_SETUP: the pool requires MFA and the user has none: add an authenticator first.
    SetupAuthenticator(MfaChallenge),
    VerifyAuthenticator(MfaChallenge),
}

/// One request to Cognito; every one of them ends in tokens, a next challenge or an error.
#[derive(Clone)]
enum Request {
    SignIn(Credentials),
    Code(MfaChallenge, String),
    Select(MfaChallenge, ChallengeKind),
    NewPassword(MfaChallenge, Zeroizing<String>),
    VerifySetup(MfaChallenge, AuthenticatorSecret, String),
}

/// LoginForm → MfaVerificationForm (or the other challenges Cognito may ask for) → /home.
#[component]
pub fn LoginPage() -> impl IntoView {
    let service = expect_context::<Service>();
    let store = expect_context::<AuthStore>();
    let navigate = use_navigate();
    let step = RwSignal::new(Step::Credentials);
    let email = RwSignal::new(String::new());
    // Why the last session ended, if Cognito ended it.
    let error = RwSignal::new(store.take_notice());
    if store.is_signed_in() {
        navigate("/home", Default::default());
    }
    let setup_secret = RwSignal::new(None::<AuthenticatorSecret>);
    let setup_key = RwSignal::new(None::<AuthenticatorKey>);
    let inflight = Inflight::new();
    use_page_title(move || match step.get() {
        Step::Credentials => Msg::SignInTitle,
        Step::Code(_) => Msg::MfaTitle,
        Step::SelectMfa(_) => Msg::ChooseMfaTitle,
        Step::NewPassword(_) => Msg::NewPasswordTitle,
        Step::SetupAuthenticator(_) => Msg::SetupTitle,
        Step::VerifyAuthenticator(_) => Msg::VerifyTitle,
    });

    // After a failure the current form stays as typed; a sign-in that cannot go on (its session
    // expired or was used up, a lockout, an expired SMS/email code) starts again from the
    // credentials, email kept.
    let fail = move |e: AuthError| {
        error.set(Some(e.message_key()));
        if e.ends_sign_in() && step.with_untracked(|s| *s != Step::Credentials) {
            step.set(Step::Credentials);
        }
    };
    // What every answer leads to: tokens → home; a challenge → its screen; an error → its message.
    let advance =
        move |result: Result<SignInOutcome, AuthError>, navigate: &dyn Fn(&str)| match result {
            Ok(SignInOutcome::SignedIn(tokens)) => {
                store.sign_in(tokens);
                navigate("/home");
            }
            Ok(SignInOutcome::Challenge(ch)) => {
                setup_secret.set(None);
                setup_key.set(None);
                step.set(match ch.kind {
                    ChallengeKind::Totp | ChallengeKind::Sms | ChallengeKind::Email => {
                        Step::Code(ch)
                    }
                    ChallengeKind::SelectMfaType => Step::SelectMfa(ch),
                    ChallengeKind::NewPasswordRequired => Step::NewPassword(ch),
                    ChallengeKind::MfaSetup => Step::SetupAuthenticator(ch),
                });
            }
            Err(e) => fail(e),
        };

    let request = Action::new_local({
        let (service, navigate, inflight) = (service.clone(), navigate.clone(), inflight.clone());
        move |req: &Request| {
            let (service, navigate, req) =
                (inflight.begin(&service), navigate.clone(), req.clone());
            async move {
                let result = match &req {
                    Request::SignIn(c) => {
                        email.set(c.email.clone());
                        service.sign_in(&c.email, &c.password).await
                    }
                    Request::Code(ch, code) => service.submit_mfa_code(ch, code).await,
                    Request::Select(ch, kind) => service.select_mfa_type(ch, *kind).await,
                    Request::NewPassword(ch, password) => {
                        service.complete_new_password(ch, password).await
                    }
                    Request::VerifySetup(ch, secret, code) => {
                        service
                            .verify_authenticator_during_sign_in(
                                ch,
                                secret,
                                code,
                                Some("Authenticator app"),
                            )
                            .await
                    }
                };
                drop(req); // passwords go as soon as Cognito has answered
                // Cancelled: the user went back or left; the page may be gone. Touch nothing.
                if result.as_ref().is_err_and(AuthError::is_cancelled) {
                    return;
                }
                advance(result, &|to| navigate(to, Default::default()));
            }
        }
    });
    let pending = request.pending();
    let send = move |req: Request| {
        if !pending.get_untracked() {
            error.set(None);
            request.dispatch_local(req);
        }
    };

    let generate = Action::new_local({
        let inflight = inflight.clone();
        move |ch: &MfaChallenge| {
            let (service, ch) = (inflight.begin(&service), ch.clone());
            async move {
                match service
                    .setup_authenticator_app(SetupFor::SignInChallenge(&ch))
                    .await
                {
                    Err(e) if e.is_cancelled() => {}
                    Ok(secret) => {
                        let key = secret.secret.expose().to_owned();
                        let uri = cognito_crypto::otpauth::key_uri(
                            &service.config().app_name,
                            &ch.email,
                            &key,
                        );
                        setup_key.set(Some(AuthenticatorKey { secret: key, uri }));
                        setup_secret.set(Some(secret));
                    }
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

    view! {
        {move || match step.get() {
            Step::Credentials => view! {
                <LoginForm on_submit=move |c| send(Request::SignIn(c)) on_cancel=cancel_sign_in.clone() pending=pending error=error email=email.get_untracked()/>
            }.into_any(),
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
            Step::NewPassword(ch) => view! {
                <NewPasswordForm on_cancel=back.clone() pending=pending error=error
                    on_submit=move |password| send(Request::NewPassword(ch.clone(), password))/>
            }.into_any(),
            Step::SetupAuthenticator(ch) => {
                let for_generate = ch.clone();
                view! {
                    <AuthenticatorSetup required=true key=setup_key pending=generate.pending() error=error
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
        }}
    }
}
