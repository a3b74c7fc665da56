use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use crate::auth::{AuthError, ChallengeKind, MfaChallenge, SignInOutcome};
use crate::cognito::ErrorKey;
use crate::i18n::Msg;
use crate::ui::components::{Credentials, LoginForm, MfaVerificationForm};
use crate::ui::{AuthStore, I18n, Service};

#[derive(Clone, PartialEq)]
enum Step {
    Credentials,
    Mfa(MfaChallenge),
    /// A challenge this release has no screen for yet (MFA_SETUP, SELECT_MFA_TYPE, new password).
    Unsupported,
}

/// LoginForm → MfaVerificationForm → /home.
#[component]
pub fn LoginPage() -> impl IntoView {
    let service = expect_context::<Service>();
    let store = expect_context::<AuthStore>();
    let i18n = expect_context::<I18n>();
    let navigate = use_navigate();
    let step = RwSignal::new(Step::Credentials);
    let email = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ErrorKey>);

    // What every step does with an answer: tokens → home; a code challenge → its form.
    let advance =
        move |result: Result<SignInOutcome, AuthError>, navigate: &dyn Fn(&str)| match result {
            Ok(SignInOutcome::SignedIn(tokens)) => {
                store.sign_in(tokens);
                navigate("/home");
            }
            Ok(SignInOutcome::Challenge(ch))
                if matches!(
                    ch.kind,
                    ChallengeKind::Totp | ChallengeKind::Sms | ChallengeKind::Email
                ) =>
            {
                error.set(None);
                step.set(Step::Mfa(ch));
            }
            Ok(SignInOutcome::Challenge(_)) => step.set(Step::Unsupported),
            Err(e) if e.is_session_expired() => {
                error.set(Some(ErrorKey::SessionExpired));
                step.set(Step::Credentials);
            }
            Err(e) => error.set(Some(e.message_key())),
        };

    let sign_in = Action::new_local({
        let (service, navigate) = (service.clone(), navigate.clone());
        move |c: &Credentials| {
            let (service, navigate, c) = (service.clone(), navigate.clone(), c.clone());
            async move {
                email.set(c.email.clone());
                let result = service.sign_in(&c.email, &c.password).await;
                drop(c); // the password goes here, as soon as SRP is done
                advance(result, &|to| navigate(to, Default::default()));
            }
        }
    });
    let verify = Action::new_local({
        let navigate = navigate.clone();
        move |(challenge, code): &(MfaChallenge, String)| {
            let (service, navigate, challenge, code) = (
                service.clone(),
                navigate.clone(),
                challenge.clone(),
                code.clone(),
            );
            async move {
                let result = service.submit_mfa_code(&challenge, &code).await;
                advance(result, &|to| navigate(to, Default::default()));
            }
        }
    });

    let on_credentials = move |c: Credentials| {
        if !sign_in.pending().get_untracked() {
            error.set(None);
            sign_in.dispatch_local(c);
        }
    };
    let back = move |()| {
        error.set(None);
        step.set(Step::Credentials);
    };

    view! {
        {move || match step.get() {
            Step::Credentials => view! {
                <LoginForm on_submit=on_credentials pending=sign_in.pending() error=error email=email.get_untracked()/>
            }.into_any(),
            Step::Mfa(challenge) => {
                let on_code = {
                    let challenge = challenge.clone();
                    move |code: String| {
                        if !verify.pending().get_untracked() {
                            verify.dispatch_local((challenge.clone(), code));
                        }
                    }
                };
                view! {
                    <MfaVerificationForm kind=challenge.kind destination=challenge.destination.clone()
                        on_submit=on_code on_cancel=back pending=verify.pending() error=error/>
                }.into_any()
            }
            Step::Unsupported => view! {
                <section class="card" role="alert">
                    <p>{move || i18n.t(Msg::UnsupportedChallenge)}</p>
                    <button type="button" class="link" on:click=move |_| back(())>{move || i18n.t(Msg::BackToSignIn)}</button>
                </section>
            }.into_any(),
        }}
    }
}
