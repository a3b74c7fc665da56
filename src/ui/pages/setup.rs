use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

use crate::auth::guard::{Guarded, SetupAllowed, StepUp};
use crate::auth::mfa::TurnedOn;
use crate::auth::{AuthError, ErrorKey, SetupFor, UserProfile};
use crate::i18n::Msg;
use crate::ui::components::{
    AuthenticatorKey, AuthenticatorSetup, ErrorMessage, VerifyAuthenticator,
};
use crate::ui::pages::requests::SignedIn;
use crate::ui::{I18n, use_page_title};

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

/// What Generate came to.
enum Generated {
    Key(AuthenticatorKey),
    AlreadyOn,
    /// No recent proof of the user (a reload, or minutes since signing in): a step-up first.
    StepUpFirst(UserProfile),
}

/// AuthenticatorSetup → VerifyAuthenticator → (TOTP on and preferred) → success. Adding the first
/// app needs a recent proof of the user, replacing one a step-up (`auth::guard`): whoever
/// scans the QR code holds the account's second factor. A replacement warns first and is marked
/// as started until the new app is verified and on (so home can explain one left halfway).
#[component]
pub fn SetupPage() -> impl IntoView {
    let requests = SignedIn::new();
    let store = requests.store();
    let i18n = expect_context::<I18n>();
    let navigate = use_navigate();
    let step = RwSignal::new(Step::Setup);
    let key = RwSignal::new(None::<AuthenticatorKey>);
    let error = RwSignal::new(None::<ErrorKey>);
    let replacing = RwSignal::new(false);
    // Arriving from a step-up for this: it is used up (the guard keeps the proof).
    store.take_after_step_up(|t| {
        matches!(
            t,
            Guarded::SetUpAuthenticator | Guarded::ReplaceAuthenticator
        )
    });
    use_page_title(move || {
        if step.get() == Step::Verify {
            Msg::VerifyTitle
        } else {
            Msg::SetupTitle
        }
    });

    let step_up_for = move |then: Guarded, p: &UserProfile| {
        let email = p
            .display_name(&crate::ui::components::sign_in_name_kind())
            .to_owned();
        store.begin_step_up(StepUp::new(email, then, p));
        // In place of this page: Back from the step-up must not land here and bounce again.
        let replace = NavigateOptions {
            replace: true,
            ..Default::default()
        };
        navigate("/confirm-identity", replace);
    };
    // Say up front what this account may do, instead of failing later; a step-up first where
    // the user has proved nothing recently. Its own scope, so Generate does not cancel it.
    let profile = RwSignal::new(None::<UserProfile>);
    let lookup = SignedIn::new();
    let load = lookup.action(
        error,
        |service, tokens, ()| async move { service.get_user(&tokens).await },
        {
            let step_up_for = step_up_for.clone();
            move |p: UserProfile| {
                if step.get_untracked() == Step::Setup {
                    match store.authenticator_setup(&p) {
                        SetupAllowed::First => {}
                        SetupAllowed::Replacement => replacing.set(true),
                        SetupAllowed::AlreadyOn => step.set(Step::AlreadyEnabled),
                        SetupAllowed::StepUpFirst => {
                            return step_up_for(Guarded::SetUpAuthenticator, &p);
                        }
                    }
                }
                profile.set(Some(p));
            }
        },
    );
    load.dispatch_local(());

    // Fails closed: the rule is checked again with the profile in hand, however the page was
    // reached and however early Generate was pressed.
    let generate = requests.action(
        error,
        move |service, tokens, known: Option<UserProfile>| async move {
            let profile = match known {
                Some(p) => p,
                None => service.get_user(&tokens).await?,
            };
            let replacement = match store.authenticator_setup(&profile) {
                SetupAllowed::First => false,
                SetupAllowed::Replacement => true,
                SetupAllowed::AlreadyOn => return Ok(Generated::AlreadyOn),
                SetupAllowed::StepUpFirst => return Ok(Generated::StepUpFirst(profile)),
            };
            match service
                .setup_authenticator_app(
                    SetupFor::SignedIn(&tokens),
                    profile.display_name(&crate::ui::components::sign_in_name_kind()),
                )
                .await
            {
                Ok(secret) => {
                    if replacement {
                        store.set_replacement_started(true);
                    }
                    Ok(Generated::Key(AuthenticatorKey::from(&secret)))
                }
                Err(e) if e.is_totp_already_enabled() => Ok(Generated::AlreadyOn),
                Err(e) => Err(e),
            }
        },
        {
            let step_up_for = step_up_for.clone();
            move |generated| match generated {
                Generated::Key(k) => {
                    error.set(None);
                    key.set(Some(k));
                }
                Generated::AlreadyOn => step.set(Step::AlreadyEnabled),
                Generated::StepUpFirst(p) => step_up_for(Guarded::SetUpAuthenticator, &p),
            }
        },
    );
    // Verify the first code, then turn TOTP on; or, after a verified code, only turn it on.
    let verify = requests.action(
        error,
        |service, tokens, code: Option<String>| async move {
            service.verify_and_turn_on(&tokens, code.as_deref()).await
        },
        move |turned_on| match turned_on {
            TurnedOn::Yes => {
                error.set(None);
                store.set_replacement_started(false);
                step.set(Step::Done);
            }
            TurnedOn::VerifiedOnly(e) => {
                step.set(Step::Verified);
                error.set(Some(AuthError::message_key(&e)));
            }
        },
    );
    let replace = move || {
        if let Some(p) = profile.get_untracked() {
            step_up_for(Guarded::ReplaceAuthenticator, &p);
        }
    };
    let back = move || {
        requests.cancel();
        error.set(None);
        step.set(Step::Setup);
    };

    view! {
        {move || match step.get() {
            Step::Setup => view! {
                <AuthenticatorSetup key=key notice=replacing.get().then_some(Msg::ReplaceWarning) pending=generate.pending() error=error
                    on_generate=move |()| { if !generate.pending().get_untracked() { generate.dispatch_local(profile.get_untracked()); } }
                    on_continue=move |()| { error.set(None); step.set(Step::Verify); }/>
            }.into_any(),
            Step::Verify => {
                view! {
                    <VerifyAuthenticator pending=verify.pending() error=error
                        on_submit=move |code: String| { if !verify.pending().get_untracked() { verify.dispatch_local(Some(code)); } }
                        on_cancel=move |()| back()/>
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
