use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use crate::auth::{AuthError, DeviceInfo, MfaChange, MfaFactor, UserProfile};
use crate::cognito::ErrorKey;
use crate::config::SignInMethod;
use crate::i18n::Msg;
use crate::ui::components::{ChangePasswordForm, DeviceList, ErrorMessage, MfaFactors};
use crate::ui::pages::passkeys::PasskeysSection;
use crate::ui::{
    AfterStepUp, AuthStore, I18n, Inflight, Service, StepUp, device_store, use_page_title,
};

/// Who is signed in; their second factors, managed (turning one off only after a step-up); an
/// unfinished authenticator replacement, explained; password change; sign out (here or
/// everywhere).
#[component]
pub fn HomePage() -> impl IntoView {
    let service = expect_context::<Service>();
    let store = expect_context::<AuthStore>();
    let i18n = expect_context::<I18n>();
    let navigate = use_navigate();
    use_page_title(|| Msg::HomeTitle);

    // The profile: loaded on arrival and again after each MFA change.
    let profile = RwSignal::new(None::<Result<UserProfile, ErrorKey>>);
    let mfa_error = RwSignal::new(None::<ErrorKey>);
    let mfa_saved = RwSignal::new(None::<Msg>);
    // An expired or revoked session: start again, saying why.
    let session_over = {
        let navigate = navigate.clone();
        move |e: &AuthError| {
            store.end(e.message_key());
            navigate("/login", Default::default());
        }
    };
    let failed = super::failure_handler(store);

    let inflight = Inflight::new();
    let change = Action::new_local({
        let (service, session_over, inflight) =
            (service.clone(), session_over.clone(), inflight.clone());
        move |(change, before): &(MfaChange, UserProfile)| {
            let (service, session_over) = (inflight.begin(&service), session_over.clone());
            let (change, before) = (*change, before.clone());
            async move {
                let Some(tokens) = store.tokens_untracked() else {
                    return;
                };
                let sent = service.change_mfa(&tokens, &before, change).await;
                // Whatever the answer, show what Cognito now holds.
                let after = service.get_user(&tokens).await;
                match (sent, after) {
                    (Err(e), _) | (_, Err(e)) if e.is_cancelled() => {}
                    (Err(e), _) | (_, Err(e)) if e.is_signed_out() => session_over(&e),
                    (Err(e), after) => {
                        mfa_error.set(Some(e.message_key()));
                        if let Ok(p) = after {
                            profile.set(Some(Ok(p)));
                        }
                    }
                    (Ok(()), Err(e)) => mfa_error.set(Some(e.message_key())),
                    (Ok(()), Ok(p)) => {
                        if change.took_effect(&p) {
                            mfa_saved.set(Some(Msg::MfaSaved));
                        } else {
                            // A pool that requires MFA keeps its last factor on and says 200.
                            mfa_error.set(Some(ErrorKey::MfaRequired));
                        }
                        profile.set(Some(Ok(p)));
                    }
                }
            }
        }
    });

    let load = Action::new_local({
        let (service, session_over, inflight) =
            (service.clone(), session_over.clone(), inflight.clone());
        move |(): &()| {
            let (service, session_over) = (inflight.begin(&service), session_over.clone());
            async move {
                let Some(tokens) = store.tokens_untracked() else {
                    return;
                };
                match service.get_user(&tokens).await {
                    Err(e) if e.is_cancelled() => {}
                    Err(e) if e.is_signed_out() => session_over(&e),
                    Err(e) => profile.set(Some(Err(e.message_key()))),
                    Ok(p) => {
                        // Back from a step-up: the change it was for goes ahead now.
                        if let Some(AfterStepUp::Change(c)) =
                            store.take_after_step_up(|t| matches!(t, AfterStepUp::Change(_)))
                        {
                            change.dispatch_local((c, p.clone()));
                        }
                        profile.set(Some(Ok(p)));
                    }
                }
            }
        }
    });
    load.dispatch_local(());

    let pending = Signal::derive(move || change.pending().get());
    let step_up_for = {
        let navigate = navigate.clone();
        move |then: AfterStepUp, p: &UserProfile| {
            store.begin_step_up(StepUp {
                email: p.display_name().to_owned(),
                then,
            });
            navigate("/confirm-identity", Default::default());
        }
    };
    let request_change = {
        let step_up_for = step_up_for.clone();
        move |c: MfaChange| {
            let Some(Ok(p)) = profile.get_untracked() else {
                return;
            };
            mfa_error.set(None);
            mfa_saved.set(None);
            if c.needs_step_up() && !store.has_fresh_step_up() {
                step_up_for(AfterStepUp::Change(c), &p);
            } else {
                change.dispatch_local((c, p));
            }
        }
    };
    // Replacing the authenticator app always starts with a step-up (unless one is fresh): a
    // stolen session must not be able to swap the user's second factor.
    let replace = {
        let (step_up_for, navigate) = (step_up_for.clone(), navigate.clone());
        move |()| {
            let Some(Ok(p)) = profile.get_untracked() else {
                return;
            };
            if store.has_fresh_step_up() {
                navigate("/setup-2fa", Default::default());
            } else {
                step_up_for(AfterStepUp::ReplaceAuthenticator, &p);
            }
        }
    };

    // A replacement left halfway (a new secret issued, never verified): keep the current app if
    // Cognito still has it, else say it is gone. SetUserMFAPreference succeeds only for a
    // verified authenticator, which is how the two cases are told apart (amplify-js #3844:
    // "User has not set up software token mfa" once the old one was dropped).
    let unfinished = RwSignal::new(store.replacement_started());
    let keep = Action::new_local({
        let (service, failed) = (service.clone(), failed.clone());
        move |(): &()| {
            let (service, failed) = (inflight.begin(&service), failed.clone());
            async move {
                let Some(tokens) = store.tokens_untracked() else {
                    return;
                };
                match service
                    .set_preferred_mfa(&tokens, MfaFactor::AuthenticatorApp)
                    .await
                {
                    Ok(()) => {
                        store.set_replacement_started(false);
                        unfinished.set(false);
                        mfa_saved.set(Some(Msg::CurrentAppKept));
                    }
                    Err(e)
                        if matches!(e, AuthError::FactorUnavailable) || e.is_totp_not_set_up() =>
                    {
                        mfa_error.set(Some(ErrorKey::AuthenticatorDisconnected));
                    }
                    Err(e) => failed(e, mfa_error),
                }
            }
        }
    });

    // Change password: its own request, cancelled with the page like the profile's.
    let change_error = RwSignal::new(None::<ErrorKey>);
    let changed = RwSignal::new(false);
    let changing = Inflight::new();
    let change_pw = Action::new_local({
        let (service, failed) = (service.clone(), failed.clone());
        move |(old, new): &(zeroize::Zeroizing<String>, zeroize::Zeroizing<String>)| {
            let (service, failed) = (changing.begin(&service), failed.clone());
            let (old, new) = (old.clone(), new.clone());
            async move {
                let Some(tokens) = store.tokens_untracked() else {
                    return;
                };
                match service.change_password(&tokens, &old, &new).await {
                    Ok(()) => changed.set(true),
                    Err(e) => failed(e, change_error),
                }
            }
        }
    });

    // Sign out everywhere waits for Cognito: the user needs to know every session really ended.
    // On success this browser forgets its session too; on failure it stays signed in and says so.
    let everywhere_error = RwSignal::new(None::<ErrorKey>);
    let ending = Inflight::new();
    let everywhere = Action::new_local({
        let (service, navigate, failed) = (service.clone(), navigate.clone(), failed.clone());
        move |(): &()| {
            let (service, navigate, failed) =
                (ending.begin(&service), navigate.clone(), failed.clone());
            async move {
                let Some(tokens) = store.tokens_untracked() else {
                    return;
                };
                match service.sign_out_everywhere(&tokens).await {
                    Ok(()) => {
                        store.clear();
                        navigate("/login", Default::default());
                    }
                    Err(e) => failed(e, everywhere_error),
                }
            }
        }
    });

    // The user's devices, where the pool tracks them (none listed: no section). Forgetting one
    // is its own request; forgetting this browser's also drops its secret here.
    let devices = RwSignal::new(Vec::<DeviceInfo>::new());
    let device_error = RwSignal::new(None::<ErrorKey>);
    let device_saved = RwSignal::new(false);
    let listing = Inflight::new();
    let list_devices = Action::new_local({
        let (service, failed) = (service.clone(), failed.clone());
        move |(): &()| {
            let (service, failed) = (listing.begin(&service), failed.clone());
            async move {
                let Some(tokens) = store.tokens_untracked() else {
                    return;
                };
                match service.list_devices(&tokens).await {
                    Ok(list) => devices.set(list),
                    Err(e) => failed(e, device_error),
                }
            }
        }
    });
    list_devices.dispatch_local(());
    let client_id = StoredValue::new(service.config().client_id.clone());
    let forgetting = Inflight::new();
    let forget = Action::new_local({
        let (service, failed) = (service.clone(), failed.clone());
        move |key: &String| {
            let (service, failed, key) = (forgetting.begin(&service), failed.clone(), key.clone());
            async move {
                let Some(tokens) = store.tokens_untracked() else {
                    return;
                };
                match service.forget_device(&tokens, &key).await {
                    Err(e) => failed(e, device_error),
                    Ok(()) => {
                        client_id.with_value(|c| device_store::forget_key(c, &key));
                        device_saved.set(true);
                        devices.update(|list| list.retain(|d| d.key != key));
                        // The list lost a button that may have had focus: keep it in the list.
                        if let Some(heading) = document().get_element_by_id("devices-title")
                            && let Ok(heading) =
                                wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(heading)
                        {
                            let _ = heading.focus();
                        }
                    }
                }
            }
        }
    });

    // Signing out never waits for the network: this browser forgets the session at once and
    // the revocation runs in the background (bounded by the request timeout), so a slow or
    // hung RevokeToken never keeps anyone signed in on screen. It is not tied to this page,
    // which is gone by the time Cognito answers.
    // "Sign out and forget this device" also drops the device's secret here at once and asks
    // Cognito to forget it (then revokes), in the background too.
    let sign_out = {
        let service = service.clone();
        move |forget_device: bool| {
            if let Some(tokens) = store.tokens_untracked() {
                let device = tokens.device.clone().filter(|_| forget_device);
                if let Some(device) = &device {
                    client_id.with_value(|c| device_store::forget_key(c, &device.key));
                }
                // Forgetting this device forgets who signed in on it with a passkey, too.
                if forget_device {
                    client_id.with_value(|c| crate::ui::passkey_user::forget(c));
                }
                store.clear();
                let service = service.clone();
                leptos::task::spawn_local(async move {
                    if let Some(device) = device {
                        let _ = service.forget_device(&tokens, &device.key).await;
                    }
                    let _ = service.sign_out(&tokens).await;
                });
            }
            navigate("/login", Default::default());
        }
    };
    // This browser's device: remembered now? (It can change on this page.)
    let here = store.device_untracked().map(|d| d.key);
    let remembered_here = Signal::derive({
        let here = here.clone();
        move || {
            devices.with(|list| {
                list.iter()
                    .any(|d| Some(&d.key) == here.as_ref() && d.remembered)
            })
        }
    });
    // "Remember" for this browser's device when the user said "Not now" before.
    let remembering = Inflight::new();
    let remember = Action::new_local({
        let (service, failed) = (service.clone(), failed.clone());
        move |key: &String| {
            let (service, failed, key) = (remembering.begin(&service), failed.clone(), key.clone());
            async move {
                let Some(tokens) = store.tokens_untracked() else {
                    return;
                };
                match service.set_device_remembered(&tokens, &key, true).await {
                    Err(e) => failed(e, device_error),
                    Ok(()) => {
                        client_id.with_value(|c| device_store::set_remembered(c, &key, true));
                        devices.update(|list| {
                            for d in list.iter_mut().filter(|d| d.key == key) {
                                d.remembered = true;
                            }
                        });
                    }
                }
            }
        }
    });

    let request_passkey_mfa = request_change.clone();
    let passkey_step_up = {
        let step_up_for = step_up_for.clone();
        move |then: AfterStepUp| {
            if let Some(Ok(p)) = profile.get_untracked() {
                step_up_for(then, &p);
            }
        }
    };
    view! {
        <section class="card" aria-labelledby="home-title">
            <h1 id="home-title">{move || i18n.t(Msg::HomeTitle)}</h1>
            {let replace = replace.clone(); move || match profile.get() {
                None => view! { <p aria-busy="true">{i18n.t(Msg::Loading)}</p> }.into_any(),
                Some(Err(key)) => view! {
                    <p class="alert" role="alert">{i18n.t(Msg::Err(key))}</p>
                    <button type="button" class="secondary" on:click=move |_| { profile.set(None); load.dispatch_local(()); }>{i18n.t(Msg::TryAgain)}</button>
                }.into_any(),
                Some(Ok(p)) => {
                    let (request_change, replace) = (request_change.clone(), replace.clone());
                    view! {
                        <p class="who">{i18n.t(Msg::SignedInAs)}" "<strong class="email">{p.display_name().to_owned()}</strong></p>
                        <MfaFactors profile=p pending=pending on_change=request_change on_replace=replace/>
                    }.into_any()
                }
            }}
            {move || unfinished.get().then(|| {
                let replace = replace.clone();
                view! {
                    <div class="notice unfinished" role="status">
                        <p>{move || i18n.t(Msg::ReplaceUnfinished)}</p>
                        <div class="actions">
                            <button type="button" class="primary" on:click=move |_| replace(())>{move || i18n.t(Msg::FinishReplacing)}</button>
                            <button type="button" class="secondary" prop:disabled=move || keep.pending().get()
                                on:click=move |_| { if !keep.pending().get_untracked() { mfa_error.set(None); mfa_saved.set(None); keep.dispatch_local(()); } }>
                                {move || i18n.t(Msg::KeepCurrentApp)}
                            </button>
                        </div>
                    </div>
                }
            })}
            <p class="status" role="status" aria-live="polite">{move || mfa_saved.get().map(|m| i18n.t(m))}</p>
            <ErrorMessage error=mfa_error/>
            <div class="actions">
                <button type="button" class="primary" on:click={let sign_out = sign_out.clone(); move |_| sign_out(false)}>{move || i18n.t(Msg::SignOut)}</button>
                {let sign_out = sign_out.clone(); move || remembered_here.get().then(|| {
                    let sign_out = sign_out.clone();
                    view! {
                        <button type="button" class="secondary" on:click=move |_| sign_out(true)>{move || i18n.t(Msg::SignOutAndForget)}</button>
                    }
                })}
                <button type="button" class="secondary" prop:disabled=move || everywhere.pending().get()
                    aria-busy=move || everywhere.pending().get().to_string()
                    on:click=move |_| { if !everywhere.pending().get_untracked() { everywhere_error.set(None); everywhere.dispatch_local(()); } }>
                    {move || i18n.t(if everywhere.pending().get() { Msg::SigningOutEverywhere } else { Msg::SignOutEverywhere })}
                </button>
            </div>
            <ErrorMessage error=everywhere_error/>
            {move || {
                let list = devices.get();
                (!list.is_empty()).then(|| {
                    let (current, sign_out) = (here.clone(), sign_out.clone());
                    let pending = Signal::derive(move || forget.pending().get() || remember.pending().get());
                    view! {
                        <section class="more-settings" aria-labelledby="devices-title">
                            <DeviceList devices=list current=current.clone() pending=pending
                                on_remember=move |key| { device_error.set(None); remember.dispatch_local(key); }
                                on_forget=move |key: String| {
                                    device_error.set(None);
                                    device_saved.set(false);
                                    // This browser's own device: its session is bound to it (a
                                    // refresh must name it), so forgetting it is signing out too.
                                    if current.as_ref() == Some(&key) { sign_out(true) } else { forget.dispatch_local(key); }
                                }/>
                        </section>
                    }
                })
            }}
            <p class="status" role="status" aria-live="polite">{move || device_saved.get().then(|| i18n.t(Msg::DeviceForgotten))}</p>
            <ErrorMessage error=device_error/>
            {service.config().sign_in_methods.contains(&SignInMethod::Passkey).then(|| {
                let mfa_on = Signal::derive(move || {
                    profile.with(|p| match p {
                        Some(Ok(p)) => Some(!p.enabled.is_empty()),
                        _ => None,
                    })
                });
                let passkey_mfa = Signal::derive(move || {
                    profile.with(|p| matches!(p, Some(Ok(p)) if p.passkey_mfa))
                });
                view! { <PasskeysSection mfa_on=mfa_on passkey_mfa=passkey_mfa mfa_pending=pending
                    on_passkey_mfa=move |on| request_passkey_mfa(MfaChange::PasskeyMfa(on)) on_step_up=passkey_step_up/> }
            })}
            <details class="more-settings">
                <summary><h2 id="change-title">{move || i18n.t(Msg::ChangePasswordTitle)}</h2></summary>
                <ChangePasswordForm pending=change_pw.pending() error=change_error done=changed labelled_by="change-title"
                    on_submit=move |passwords| {
                        if !change_pw.pending().get_untracked() {
                            change_error.set(None);
                            changed.set(false);
                            change_pw.dispatch_local(passwords);
                        }
                    }/>
            </details>
        </section>
    }
}
