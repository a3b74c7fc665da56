use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

use crate::auth::{AuthError, MfaFactor, SetupFor};
use crate::cognito::ErrorKey;
use crate::i18n::Msg;
use crate::ui::components::{
    AuthenticatorKey, AuthenticatorSetup, ErrorMessage, VerifyAuthenticator,
};
use crate::ui::{AfterStepUp, AuthStore, I18n, Inflight, Service, StepUp, use_page_title};

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

/// AuthenticatorSetup → VerifyAuthenticator → (TOTP on and preferred) → success. With an
/// authenticator app already on, replacing it needs a fresh step-up, warns first, and is marked
/// as started until the new app is verified and on (so home can explain one left halfway).
#[component]
pub fn SetupPage() -> impl IntoView {
    let service = expect_context::<Service>();
    let store = expect_context::<AuthStore>();
    let i18n = expect_context::<I18n>();
    let step = RwSignal::new(Step::Setup);
    let key = RwSignal::new(None::<AuthenticatorKey>);
    let error = RwSignal::new(None::<ErrorKey>);
    let inflight = Inflight::new();
    // Arriving from a step-up for this: it is used up.
    if store
        .take_after_step_up(|t| *t == AfterStepUp::ReplaceAuthenticator)
        .is_some()
    {
        error.set(None);
    }
    // An app is on and the user stepped up: this is a replacement.
    let replacing = RwSignal::new(false);
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
        if profile
            .get()
            .flatten()
            .is_some_and(|p| p.is_on(MfaFactor::AuthenticatorApp))
            && step.get_untracked() == Step::Setup
        {
            if store.has_fresh_step_up() {
                replacing.set(true);
            } else {
                step.set(Step::AlreadyEnabled);
            }
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
                let profile = match known {
                    Some(p) => p,
                    None => match service.get_user(&tokens).await {
                        Ok(p) => p,
                        Err(e) => return fail(e),
                    },
                };
                // Fails closed: an app already on is replaced only after a fresh step-up, however
                // the page was reached or however early Generate was pressed.
                if profile.is_on(MfaFactor::AuthenticatorApp) && !store.has_fresh_step_up() {
                    step.set(Step::AlreadyEnabled);
                    return;
                }
                let account = profile.display_name().to_owned();
                match service
                    .setup_authenticator_app(SetupFor::SignedIn(&tokens), &account)
                    .await
                {
                    Ok(secret) => {
                        error.set(None);
                        if replacing.get_untracked() {
                            store.set_replacement_started(true);
                        }
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
                    .set_preferred_mfa(&tokens, MfaFactor::AuthenticatorApp)
                    .await
                {
                    Ok(()) => {
                        error.set(None);
                        store.set_replacement_started(false);
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

    // Replacing starts with a step-up: password and a code from the current app.
    let replace = {
        let navigate = use_navigate();
        move || {
            let email = profile
                .get_untracked()
                .flatten()
                .map(|p| p.display_name().to_owned());
            if let Some(email) = email {
                store.begin_step_up(StepUp {
                    email,
                    then: AfterStepUp::ReplaceAuthenticator,
                });
                navigate("/confirm-identity", Default::default());
            }
        }
    };

    view! {
        {move || match step.get() {
            Step::Setup => view! {
                <AuthenticatorSetup key=key notice=replacing.get().then_some(Msg::ReplaceWarning) pending=generate.pending() error=error
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
            Step::AlreadyEnabled => {
                let replace = replace.clone();
                view! {
                    <section class="card success" role="status" aria-live="polite">
                        <h1>{move || i18n.t(Msg::AlreadyEnabled)}</h1>
                        <div class="actions">
                            <A href="/home" attr:class="button primary">{move || i18n.t(Msg::GoHome)}</A>
                            <button type="button" class="secondary" on:click=move |_| replace()>{move || i18n.t(Msg::ReplaceAuthenticator)}</button>
                        </div>
                    </section>
                }.into_any()
            }
            Step::Done => view! {
                <section class="card success" role="status" aria-live="polite">
                    <h1>{move || i18n.t(Msg::SetupSuccess)}</h1>
                    <A href="/home" attr:class="button primary">{move || i18n.t(Msg::GoHome)}</A>
                </section>
            }.into_any(),
        }}
    }
}
