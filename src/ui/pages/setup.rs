use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

use crate::auth::{AuthError, SetupFor};
use crate::cognito::ErrorKey;
use crate::i18n::Msg;
use crate::ui::components::{AuthenticatorKey, AuthenticatorSetup, VerifyAuthenticator};
use crate::ui::{AuthStore, I18n, Service, use_page_title};

#[derive(Clone, Copy, PartialEq, Eq)]
enum Step {
    Setup,
    Verify,
    Done,
    AlreadyEnabled,
}

/// AuthenticatorSetup → VerifyAuthenticator → success.
#[component]
pub fn SetupPage() -> impl IntoView {
    let service = expect_context::<Service>();
    let store = expect_context::<AuthStore>();
    let i18n = expect_context::<I18n>();
    let step = RwSignal::new(Step::Setup);
    let key = RwSignal::new(None::<AuthenticatorKey>);
    let error = RwSignal::new(None::<ErrorKey>);
    use_page_title(move || {
        if step.get() == Step::Verify {
            Msg::VerifyTitle
        } else {
            Msg::SetupTitle
        }
    });

    // Say so up front if TOTP is already on, instead of failing later.
    let profile = LocalResource::new({
        let service = service.clone();
        move || {
            let service = service.clone();
            async move {
                let tokens = store.tokens_untracked()?;
                service.get_user(&tokens).await.ok()
            }
        }
    });
    Effect::new(move || {
        if profile.get().flatten().is_some_and(|p| p.totp_enabled)
            && step.get_untracked() == Step::Setup
        {
            step.set(Step::AlreadyEnabled);
        }
    });

    let navigate = use_navigate();
    let fail = Callback::new(move |e: AuthError| {
        if e.is_signed_out() {
            store.end(e.message_key());
            navigate("/login", Default::default());
        } else if e.is_totp_already_enabled() {
            step.set(Step::AlreadyEnabled);
        } else {
            error.set(Some(e.message_key()));
        }
    });
    let generate = Action::new_local({
        let service = service.clone();
        move |(): &()| {
            let service = service.clone();
            async move {
                let Some(tokens) = store.tokens_untracked() else {
                    return;
                };
                let account = match profile.get_untracked().flatten() {
                    Some(p) => p.email.unwrap_or(p.username),
                    None => match service.get_user(&tokens).await {
                        Ok(p) => p.email.unwrap_or(p.username),
                        Err(e) => return fail.run(e),
                    },
                };
                match service
                    .setup_authenticator_app(SetupFor::SignedIn(&tokens))
                    .await
                {
                    Ok(secret) => {
                        let secret = secret.secret.expose().to_owned();
                        let uri = cognito_crypto::otpauth::key_uri(
                            &service.config().app_name,
                            &account,
                            &secret,
                        );
                        error.set(None);
                        key.set(Some(AuthenticatorKey { secret, uri }));
                    }
                    Err(e) => fail.run(e),
                }
            }
        }
    });
    let verify = Action::new_local(move |code: &String| {
        let (service, code) = (service.clone(), code.clone());
        async move {
            let Some(tokens) = store.tokens_untracked() else {
                return;
            };
            match service
                .verify_authenticator_code(&tokens, &code, Some("Authenticator app"))
                .await
            {
                Ok(()) => {
                    error.set(None);
                    step.set(Step::Done);
                }
                Err(e) => fail.run(e),
            }
        }
    });

    view! {
        {move || match step.get() {
            Step::Setup => view! {
                <AuthenticatorSetup key=key pending=generate.pending() error=error
                    on_generate=move |()| { if !generate.pending().get_untracked() { generate.dispatch_local(()); } }
                    on_continue=move |()| { error.set(None); step.set(Step::Verify); }/>
            }.into_any(),
            Step::Verify => view! {
                <VerifyAuthenticator pending=verify.pending() error=error
                    on_submit=move |code: String| { if !verify.pending().get_untracked() { verify.dispatch_local(code); } }
                    on_cancel=move |()| { error.set(None); step.set(Step::Setup); }/>
            }.into_any(),
            done => view! {
                <section class="card success" role="status" aria-live="polite">
                    <h1>{move || i18n.t(if done == Step::Done { Msg::SetupSuccess } else { Msg::AlreadyEnabled })}</h1>
                    <A href="/home" attr:class="button primary">{move || i18n.t(Msg::GoHome)}</A>
                </section>
            }.into_any(),
        }}
    }
}
