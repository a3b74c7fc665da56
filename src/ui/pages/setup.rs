use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

use crate::auth::{AuthError, ChallengeKind, SetupFor};
use crate::cognito::ErrorKey;
use crate::i18n::Msg;
use crate::ui::components::{
    AuthenticatorKey, AuthenticatorSetup, ErrorMessage, VerifyAuthenticator,
};
use crate::ui::{AuthStore, I18n, Inflight, Service, use_page_title};

#[derive(Clone, Copy, PartialEq, Eq)]
enum Step {
    Setup,
    Verify,
    /// The code was accepted (the authenticator is registered) but turning it on failed: a
    /// retry repeats only SetUserMFAPreference and never sends the used code again.
    Verified,
    Done,
    AlreadyEnabled,
}

/// AuthenticatorSetup → VerifyAuthenticator → (TOTP on and preferred) → success.
#[component]
pub fn SetupPage() -> impl IntoView {
    let service = expect_context::<Service>();
    let store = expect_context::<AuthStore>();
    let i18n = expect_context::<I18n>();
    let step = RwSignal::new(Step::Setup);
    let key = RwSignal::new(None::<AuthenticatorKey>);
    let error = RwSignal::new(None::<ErrorKey>);
    let inflight = Inflight::new();
    use_page_title(move || {
        if step.get() == Step::Verify {
            Msg::VerifyTitle
        } else {
            Msg::SetupTitle
        }
    });

    // Say so up front if TOTP is already on, instead of failing later. Its own scope, so a
    // Generate click does not cancel it (and the page leaving does).
    let lookup = Inflight::new();
    let profile = LocalResource::new({
        let service = service.clone();
        move || {
            let service = lookup.begin(&service);
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

    // A plain closure over signals and the router, never a `Callback` (running a disposed one
    // panics): it runs after an `.await`, and does nothing for a cancelled request, the only
    // kind whose page may be gone.
    let navigate = use_navigate();
    let fail = move |e: AuthError| {
        if e.is_cancelled() {
            return;
        }
        if e.is_signed_out() {
            store.end(e.message_key());
            navigate("/login", Default::default());
        } else if e.is_totp_already_enabled() {
            step.set(Step::AlreadyEnabled);
        } else {
            error.set(Some(e.message_key()));
        }
    };
    let generate = Action::new_local({
        let (service, inflight, fail) = (service.clone(), inflight.clone(), fail.clone());
        move |(): &()| {
            let (service, fail) = (inflight.begin(&service), fail.clone());
            // Read now, while the page certainly exists.
            let known = profile.get_untracked().flatten();
            async move {
                let Some(tokens) = store.tokens_untracked() else {
                    return;
                };
                let account = match known {
                    Some(p) => p.email.unwrap_or(p.username),
                    None => match service.get_user(&tokens).await {
                        Ok(p) => p.email.unwrap_or(p.username),
                        Err(e) => return fail(e),
                    },
                };
                match service
                    .setup_authenticator_app(SetupFor::SignedIn(&tokens), &account)
                    .await
                {
                    Ok(secret) => {
                        error.set(None);
                        key.set(Some(AuthenticatorKey::from(&secret)));
                    }
                    Err(e) => fail(e),
                }
            }
        }
    });
    // Verify the first code, then turn TOTP on; or, after a verified code, only turn it on.
    let verify = Action::new_local({
        let (inflight, fail) = (inflight.clone(), fail.clone());
        move |code: &Option<String>| {
            let (service, fail, code) = (inflight.begin(&service), fail.clone(), code.clone());
            async move {
                let Some(tokens) = store.tokens_untracked() else {
                    return;
                };
                // "No authenticator to verify" right after an answer that was lost (timeout, cut
                // short) means the lost call did verify it: turning it on is all that is left, and
                // SetUserMFAPreference succeeds only for a verified token.
                let mut unverified = None;
                if let Some(code) = code
                    && let Err(e) = service.verify_authenticator_code(&tokens, &code).await
                {
                    if !e.is_totp_not_set_up() {
                        return fail(e);
                    }
                    unverified = Some(e);
                }
                match service
                    .set_preferred_mfa(&tokens, ChallengeKind::Totp)
                    .await
                {
                    Ok(()) => {
                        error.set(None);
                        step.set(Step::Done);
                    }
                    Err(e) if e.is_cancelled() => {}
                    Err(e) => match unverified {
                        Some(not_set_up) => fail(not_set_up),
                        None => {
                            step.set(Step::Verified);
                            fail(e);
                        }
                    },
                }
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
            Step::Verify => {
                let inflight = inflight.clone();
                view! {
                    <VerifyAuthenticator pending=verify.pending() error=error
                        on_submit=move |code: String| { if !verify.pending().get_untracked() { verify.dispatch_local(Some(code)); } }
                        on_cancel=move |()| { inflight.cancel(); error.set(None); step.set(Step::Setup); }/>
                }.into_any()
            }
            Step::Verified => view! {
                <section class="card" aria-labelledby="verified-title">
                    <h1 id="verified-title">{move || i18n.t(Msg::SetupTitle)}</h1>
                    <p class="notice">{move || i18n.t(Msg::VerifiedNotEnabled)}</p>
                    <ErrorMessage error=error/>
                    <button type="button" class="primary" prop:disabled=move || verify.pending().get()
                        aria-busy=move || verify.pending().get().to_string()
                        on:click=move |_| { if !verify.pending().get_untracked() { error.set(None); verify.dispatch_local(None); } }>
                        {move || i18n.t(if verify.pending().get() { Msg::Saving } else { Msg::TurnOn })}
                    </button>
                </section>
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
