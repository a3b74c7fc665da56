use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

use crate::auth::UserProfile;
use crate::cognito::ErrorKey;
use crate::i18n::Msg;
use crate::ui::components::{ChangePasswordForm, ErrorMessage};
use crate::ui::{AuthStore, I18n, Inflight, Service, use_page_title};

/// Who is signed in and how their MFA stands; links to set-up; sign out.
#[component]
pub fn HomePage() -> impl IntoView {
    let service = expect_context::<Service>();
    let store = expect_context::<AuthStore>();
    let i18n = expect_context::<I18n>();
    let navigate = use_navigate();
    use_page_title(|| Msg::HomeTitle);

    let inflight = Inflight::new();
    let profile = LocalResource::new({
        let (service, navigate) = (service.clone(), navigate.clone());
        move || {
            let (service, navigate) = (inflight.begin(&service), navigate.clone());
            async move {
                let tokens = store.tokens_untracked()?;
                match service.get_user(&tokens).await {
                    Ok(profile) => Some(Ok(profile)),
                    // The page is gone (or a Try again replaced this request).
                    Err(e) if e.is_cancelled() => None,
                    // An expired or revoked access token: start again.
                    Err(e) if e.is_signed_out() => {
                        store.end(e.message_key());
                        navigate("/login", Default::default());
                        None
                    }
                    Err(e) => Some(Err(e.message_key())),
                }
            }
        }
    });

    // Change password: its own request, cancelled with the page like the profile's.
    let change_error = RwSignal::new(None::<ErrorKey>);
    let changed = RwSignal::new(false);
    let changing = Inflight::new();
    let change = Action::new_local({
        let (service, navigate) = (service.clone(), navigate.clone());
        move |(old, new): &(zeroize::Zeroizing<String>, zeroize::Zeroizing<String>)| {
            let (service, navigate) = (changing.begin(&service), navigate.clone());
            let (old, new) = (old.clone(), new.clone());
            async move {
                let Some(tokens) = store.tokens_untracked() else {
                    return;
                };
                match service.change_password(&tokens, &old, &new).await {
                    Ok(()) => changed.set(true),
                    Err(e) if e.is_cancelled() => {}
                    Err(e) if e.is_signed_out() => {
                        store.end(e.message_key());
                        navigate("/login", Default::default());
                    }
                    Err(e) => change_error.set(Some(e.message_key())),
                }
            }
        }
    });

    // Sign out everywhere waits for Cognito: the user needs to know every session really ended.
    // On success this browser forgets its session too; on failure it stays signed in and says so.
    let everywhere_error = RwSignal::new(None::<ErrorKey>);
    let ending = Inflight::new();
    let everywhere = Action::new_local({
        let (service, navigate) = (service.clone(), navigate.clone());
        move |(): &()| {
            let (service, navigate) = (ending.begin(&service), navigate.clone());
            async move {
                let Some(tokens) = store.tokens_untracked() else {
                    return;
                };
                match service.sign_out_everywhere(&tokens).await {
                    Err(e) if e.is_cancelled() => {}
                    Ok(()) => {
                        store.clear();
                        navigate("/login", Default::default());
                    }
                    Err(e) if e.is_signed_out() => {
                        store.end(e.message_key());
                        navigate("/login", Default::default());
                    }
                    Err(e) => everywhere_error.set(Some(e.message_key())),
                }
            }
        }
    });

    // Signing out never waits for the network: this browser forgets the session at once and
    // the revocation runs in the background (bounded by the request timeout), so a slow or
    // hung RevokeToken never keeps anyone signed in on screen. It is not tied to this page,
    // which is gone by the time Cognito answers.
    let sign_out = move |_| {
        if let Some(tokens) = store.tokens_untracked() {
            store.clear();
            let service = service.clone();
            leptos::task::spawn_local(async move {
                let _ = service.sign_out(&tokens).await;
            });
        }
        navigate("/login", Default::default());
    };

    let status = move |on: bool| i18n.t(if on { Msg::On } else { Msg::Off });
    let render = move |p: UserProfile| {
        let preferred = p.preferred_mfa.clone();
        let mark = move |name: &str| {
            (preferred.as_deref() == Some(name))
                .then(|| view! { " · "<em>{i18n.t(Msg::Preferred)}</em> })
        };
        let any = p.totp_enabled || p.sms_enabled || p.email_mfa_enabled;
        view! {
            <p class="who">{i18n.t(Msg::SignedInAs)}" "<strong class="email">{p.email.clone().unwrap_or(p.username.clone())}</strong></p>
            <h2>{i18n.t(Msg::MfaStatus)}</h2>
            <dl class="mfa-status">
                <dt>{i18n.t(Msg::Totp)}</dt><dd data-mfa="totp">{status(p.totp_enabled)}{mark("SOFTWARE_TOKEN_MFA")}</dd>
                <dt>{i18n.t(Msg::Sms)}</dt><dd data-mfa="sms">{status(p.sms_enabled)}{mark("SMS_MFA")}</dd>
                <dt>{i18n.t(Msg::EmailMfa)}</dt><dd data-mfa="email">{status(p.email_mfa_enabled)}{mark("EMAIL_OTP")}</dd>
            </dl>
            {(!any).then(|| view! { <p class="notice">{i18n.t(Msg::NoPreferred)}</p> })}
        }
    };

    view! {
        <section class="card" aria-labelledby="home-title">
            <h1 id="home-title">{move || i18n.t(Msg::HomeTitle)}</h1>
            <Suspense fallback=move || view! { <p aria-busy="true">{i18n.t(Msg::Loading)}</p> }>
                {move || profile.get().flatten().map(|r| match r {
                    Ok(p) => render(p).into_any(),
                    Err(key) => view! {
                        <p class="alert" role="alert">{i18n.t(Msg::Err(key))}</p>
                        <button type="button" class="secondary" on:click=move |_| profile.refetch()>{i18n.t(Msg::TryAgain)}</button>
                    }.into_any(),
                })}
            </Suspense>
            <div class="actions">
                <A href="/setup-2fa" attr:class="button secondary">{move || i18n.t(Msg::SetUpAuthenticator)}</A>
                <button type="button" class="primary" on:click=sign_out>{move || i18n.t(Msg::SignOut)}</button>
                <button type="button" class="secondary" prop:disabled=move || everywhere.pending().get()
                    aria-busy=move || everywhere.pending().get().to_string()
                    on:click=move |_| { if !everywhere.pending().get_untracked() { everywhere_error.set(None); everywhere.dispatch_local(()); } }>
                    {move || i18n.t(if everywhere.pending().get() { Msg::SigningOutEverywhere } else { Msg::SignOutEverywhere })}
                </button>
            </div>
            <ErrorMessage error=everywhere_error/>
            <details class="more-settings">
                <summary><h2 id="change-title">{move || i18n.t(Msg::ChangePasswordTitle)}</h2></summary>
                <ChangePasswordForm pending=change.pending() error=change_error done=changed labelled_by="change-title"
                    on_submit=move |passwords| {
                        if !change.pending().get_untracked() {
                            change_error.set(None);
                            changed.set(false);
                            change.dispatch_local(passwords);
                        }
                    }/>
            </details>
        </section>
    }
}
