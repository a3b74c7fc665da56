use leptos::prelude::*;

use crate::cognito::ErrorKey;
use crate::cognito::ops::WebAuthnCredential;
use crate::i18n::Msg;
use crate::ui::components::{ErrorMessage, PasskeyList};
use crate::ui::{AfterStepUp, AuthStore, I18n, Inflight, Service, passkey_user, webauthn};

/// Home's passkeys, where the page offers passkeys (SIGN_IN_METHODS): the list, "Add a passkey"
/// (StartWebAuthnRegistration → the browser's prompt → CompleteWebAuthnRegistration), delete.
/// Offered once after a sign-in when the user has none. Adding or deleting one needs the user to
/// have proved it's them in the last few minutes (the sign-in, or a step-up it asks for): a
/// stolen session must not add its own way in, nor take the user's away; Cognito asks only for
/// an access token. An ended session goes back to sign-in.
#[component]
pub fn PasskeysSection(
    /// The account has a second factor on: Cognito will not let it sign in with a passkey alone
    /// (aws-amplify/docs PR #8567), so no passkey is offered (the list and "Add" stay).
    /// None while the profile is loading (or failed to): then treated as on where that is safer.
    #[prop(into)]
    mfa_on: Signal<Option<bool>>,
    /// Passkey MFA is on (a passkey that verifies the user stands in for the code); shown and
    /// offered to an account with MFA and a passkey. The change goes through home (a step-up
    /// before turning it on).
    #[prop(into)]
    passkey_mfa: Signal<bool>,
    #[prop(into)] mfa_pending: Signal<bool>,
    #[prop(into)] on_passkey_mfa: Callback<bool>,
    /// Asks for a step-up before `AfterStepUp::AddPasskey` / `DeletePasskey`; this section goes
    /// on with it when the user is back.
    #[prop(into)]
    on_step_up: Callback<AfterStepUp>,
) -> impl IntoView {
    let service = expect_context::<Service>();
    let store = expect_context::<AuthStore>();
    let i18n = expect_context::<I18n>();
    let passkeys = RwSignal::new(None::<Vec<WebAuthnCredential>>);
    let error = RwSignal::new(None::<ErrorKey>);
    let saved = RwSignal::new(None::<Msg>);
    let offer = RwSignal::new(store.take_passkey_offer());
    let inflight = Inflight::new();
    let client_id = service.config().client_id.clone();
    let failed = super::failure_handler(store);

    let list = Action::new_local({
        let (service, inflight, failed) = (service.clone(), inflight.clone(), failed.clone());
        move |(): &()| {
            let (service, failed) = (inflight.begin(&service), failed.clone());
            async move {
                let Some(tokens) = store.tokens_untracked() else {
                    return;
                };
                match service.list_passkeys(&tokens).await {
                    Ok(list) => passkeys.set(Some(list)),
                    Err(e) => failed(e, error),
                }
            }
        }
    });
    list.dispatch_local(());

    // Adding: the browser's prompt sits between two Cognito calls; leaving the page aborts both.
    let adding = RwSignal::new(false);
    let add = Action::new_local({
        let (service, inflight, failed) = (service.clone(), inflight.clone(), failed.clone());
        move |(): &()| {
            let (service, failed) = (inflight.begin(&service), failed.clone());
            async move {
                let Some(tokens) = store.tokens_untracked() else {
                    return;
                };
                let options = match service.start_passkey_registration(&tokens).await {
                    Ok(options) => options,
                    Err(e) => return failed(e, error),
                };
                if adding.try_set(true).is_some() {
                    return; // the page is gone
                }
                let created = webauthn::create(&options).await;
                if adding.try_update(|a| *a = false).is_none() {
                    return;
                }
                let credential = match created {
                    Ok(credential) => credential,
                    Err(e) => return error.set(Some(e.message_key())),
                };
                match service
                    .complete_passkey_registration(&tokens, credential)
                    .await
                {
                    Ok(()) => {
                        offer.set(false);
                        saved.set(Some(Msg::PasskeyAdded));
                        list.dispatch_local(());
                    }
                    Err(e) => failed(e, error),
                }
            }
        }
    });
    let delete = Action::new_local({
        let (service, inflight) = (service.clone(), inflight.clone());
        move |id: &String| {
            let (service, id, failed) = (inflight.begin(&service), id.clone(), failed.clone());
            let client_id = client_id.clone();
            async move {
                let Some(tokens) = store.tokens_untracked() else {
                    return;
                };
                match service.delete_passkey(&tokens, &id).await {
                    Ok(()) => {
                        saved.set(Some(Msg::PasskeyDeleted));
                        passkeys.update(|l| {
                            if let Some(l) = l {
                                l.retain(|p| p.credential_id != id);
                            }
                        });
                        // No passkey left: this browser's autofill has no account to offer.
                        if passkeys.with(|l| l.as_ref().is_some_and(Vec::is_empty)) {
                            passkey_user::forget(&client_id);
                        }
                        // The row that had the focus is gone: keep it in the section.
                        if let Some(heading) = document().get_element_by_id("passkeys-title")
                            && let Ok(heading) =
                                wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(heading)
                        {
                            let _ = heading.focus();
                        }
                    }
                    Err(e) => failed(e, error),
                }
            }
        }
    });
    let pending = Signal::derive(move || add.pending().get() || delete.pending().get());
    // Whether the user proved it's them recently enough to add or delete a passkey: the sign-in
    // itself will do, unless the account has MFA (a remembered device's sign-in skipped the
    // code, and with passkey MFA a passkey is as good as password and code): then a step-up.
    let proved = move || {
        if mfa_on.get_untracked() == Some(false) {
            store.has_recent_proof()
        } else {
            store.has_fresh_step_up()
        }
    };
    // Back from a step-up this section asked for: a deletion goes ahead once the list is in (a
    // request started earlier would cancel the list's); an addition is one press away, since
    // browsers may refuse a passkey prompt that no press started (Safari does).
    let resume = StoredValue::new(store.take_after_step_up(|t| {
        matches!(t, AfterStepUp::AddPasskey | AfterStepUp::DeletePasskey(_))
    }));
    let ready_to_add = RwSignal::new(false);
    Effect::new(move || {
        if passkeys.with(Option::is_some) {
            match resume.try_update_value(Option::take).flatten() {
                Some(AfterStepUp::AddPasskey) => ready_to_add.set(true),
                Some(AfterStepUp::DeletePasskey(id)) => {
                    delete.dispatch_local(id);
                }
                _ => {}
            }
        }
    });
    let start_add = move |()| {
        if !pending.get_untracked() {
            error.set(None);
            saved.set(None);
            ready_to_add.set(false);
            if proved() {
                add.dispatch_local(());
            } else {
                on_step_up.run(AfterStepUp::AddPasskey);
            }
        }
    };
    let start_delete = move |id: String| {
        if !pending.get_untracked() {
            error.set(None);
            saved.set(None);
            if proved() {
                delete.dispatch_local(id);
            } else {
                on_step_up.run(AfterStepUp::DeletePasskey(id));
            }
        }
    };
    view! {
        <section class="more-settings" aria-labelledby="passkeys-title">
            {move || (offer.get() && mfa_on.get() == Some(false) && passkeys.with(|p| p.as_ref().is_some_and(Vec::is_empty))).then(|| view! {
                <div class="notice passkey-offer" role="status">
                    <p>{move || i18n.t(Msg::PasskeyOffer)}</p>
                    <div class="actions">
                        <button type="button" class="primary" prop:disabled=move || pending.get() on:click=move |_| start_add(())>{move || i18n.t(Msg::AddPasskey)}</button>
                        <button type="button" class="secondary" on:click=move |_| offer.set(false)>{move || i18n.t(Msg::NotNow)}</button>
                    </div>
                </div>
            })}
            {move || ready_to_add.get().then(|| view! {
                <div class="notice passkey-ready" role="status">
                    <p>{move || i18n.t(Msg::PasskeyReady)}</p>
                    <div class="actions">
                        <button type="button" class="primary" prop:disabled=move || pending.get() on:click=move |_| start_add(())>{move || i18n.t(Msg::AddPasskey)}</button>
                    </div>
                </div>
            })}
            {move || passkeys.get().map(|list| view! {
                <PasskeyList passkeys=list pending=pending adding=adding on_add=start_add on_delete=start_delete/>
            })}
            <p class="status" role="status" aria-live="polite">{move || saved.get().map(|m| i18n.t(m))}</p>
            <ErrorMessage error=error/>
            // Shown while it is on even with no passkey left, so it can always be turned off.
            {move || (mfa_on.get() == Some(true) && (passkey_mfa.get() || passkeys.with(|p| p.as_ref().is_some_and(|p| !p.is_empty())))).then(|| {
                let on = passkey_mfa.get();
                view! {
                    <div class="passkey-mfa" role="group" aria-labelledby="passkey-mfa-title">
                        <h3 id="passkey-mfa-title">{move || i18n.t(Msg::PasskeyMfaTitle)}</h3>
                        <p>{move || i18n.t(if on { Msg::PasskeyMfaOn } else { Msg::PasskeyMfaOff })}</p>
                        <button type="button" class="secondary" prop:disabled=move || mfa_pending.get()
                            on:click=move |_| { if !mfa_pending.get_untracked() { on_passkey_mfa.run(!on) } }>
                            {move || i18n.t(if on { Msg::TurnOff } else { Msg::TurnOnFactor })}
                        </button>
                    </div>
                }
            })}
        </section>
    }
}
