use leptos::prelude::*;

use super::Account;
use super::devices::focus;
use crate::auth::guard::Guarded;
use crate::auth::{ErrorKey, MfaChange, Passkey};
use crate::i18n::Msg;
use crate::ui::components::{ErrorMessage, PasskeyList};
use crate::ui::pages::requests::SignedIn;
use crate::ui::{I18n, passkey_user, webauthn};

/// Home's passkeys, where the page offers passkeys (SIGN_IN_METHODS): the list, "Add a passkey"
/// (StartWebAuthnRegistration → the browser's prompt → CompleteWebAuthnRegistration), delete;
/// offered once after a sign-in when the user has none; passkey MFA's switch. Adding or deleting
/// one needs a recent proof of the user (`auth::guard`): a stolen session must not add its own
/// way in, nor take the user's away; Cognito asks only for an access token.
#[component]
pub(super) fn PasskeysSection(account: Account) -> impl IntoView {
    let requests = SignedIn::new();
    let store = requests.store();
    let i18n = expect_context::<I18n>();
    let client_id = StoredValue::new(requests.service().config().client_id.clone());
    let passkeys = RwSignal::new(None::<Vec<Passkey>>);
    let error = RwSignal::new(None::<ErrorKey>);
    let saved = RwSignal::new(None::<Msg>);
    let offer = RwSignal::new(store.take_passkey_offer());
    // The account has a second factor on: Cognito lets it sign in with a passkey alone only with
    // passkey MFA (aws-amplify/docs PR #8567), so no passkey is offered (the list and "Add"
    // stay). None while the profile is loading.
    let mfa_on = Signal::derive(move || account.mfa_on());
    let passkey_mfa = Signal::derive(move || {
        account
            .profile
            .with(|p| p.as_ref().is_some_and(|p| p.passkey_mfa))
    });

    let list = requests.action(
        error,
        |service, tokens, ()| async move { service.list_passkeys(&tokens).await },
        move |list| passkeys.set(Some(list)),
    );
    list.dispatch_local(());
    // Adding: the browser's prompt sits between two Cognito calls; leaving the page aborts both.
    let adding = RwSignal::new(false);
    let add = requests.action(
        error,
        move |service, tokens, ()| async move {
            let options = service.start_passkey_registration(&tokens).await?;
            if adding.try_set(true).is_some() {
                return Ok(None); // the page is gone
            }
            let created = webauthn::create(&options).await;
            if adding.try_update(|a| *a = false).is_none() {
                return Ok(None);
            }
            match created {
                Ok(credential) => service
                    .complete_passkey_registration(&tokens, credential)
                    .await
                    .map(|()| Some(Ok(()))),
                Err(e) => Ok(Some(Err(e.message_key()))),
            }
        },
        move |added: Option<Result<(), ErrorKey>>| match added {
            Some(Ok(())) => {
                offer.set(false);
                saved.set(Some(Msg::PasskeyAdded));
                list.dispatch_local(());
            }
            Some(Err(why)) => error.set(Some(why)),
            None => {}
        },
    );
    let delete = requests.action(
        error,
        |service, tokens, id: String| async move {
            service.delete_passkey(&tokens, &id).await.map(|()| id)
        },
        move |id: String| {
            saved.set(Some(Msg::PasskeyDeleted));
            passkeys.update(|l| {
                if let Some(l) = l {
                    l.retain(|p| p.id != id);
                }
            });
            // No passkey left: this browser's autofill has no account to offer.
            if passkeys.with(|l| l.as_ref().is_some_and(Vec::is_empty)) {
                client_id.with_value(|c| passkey_user::forget(c));
            }
            // The row that had the focus is gone: keep it in the section.
            focus("passkeys-title");
        },
    );
    // Until the profile is in, whether a change needs a step-up is not known: nothing to press.
    let pending = Signal::derive(move || {
        add.pending().get() || delete.pending().get() || account.profile.with(Option::is_none)
    });
    // Back from a step-up this section asked for: a deletion goes ahead once the list is in (a
    // request started earlier would cancel the list's); an addition is one press away, since
    // browsers may refuse a passkey prompt that no press started (Safari does).
    let resume = StoredValue::new(
        store.take_after_step_up(|t| matches!(t, Guarded::AddPasskey | Guarded::DeletePasskey(_))),
    );
    let ready_to_add = RwSignal::new(false);
    Effect::new(move || {
        if passkeys.with(Option::is_some) {
            match resume.try_update_value(Option::take).flatten() {
                Some(Guarded::AddPasskey) => ready_to_add.set(true),
                Some(Guarded::DeletePasskey(id)) => {
                    delete.dispatch_local(id);
                }
                _ => {}
            }
        }
    });
    let guarded = move |change: Guarded, go: &dyn Fn(Guarded)| {
        if pending.get_untracked() {
            return;
        }
        error.set(None);
        saved.set(None);
        if account.allows(store, &change) {
            go(change);
        } else {
            account.step_up.run(change);
        }
    };
    let start_add = Callback::new(move |()| {
        ready_to_add.set(false);
        guarded(Guarded::AddPasskey, &|_| {
            add.dispatch_local(());
        });
    });
    let start_delete = Callback::new(move |id: String| {
        guarded(Guarded::DeletePasskey(id), &|change| {
            if let Guarded::DeletePasskey(id) = change {
                delete.dispatch_local(id);
            }
        });
    });
    let none_yet = move || passkeys.with(|p| p.as_ref().is_some_and(Vec::is_empty));
    let any = move || passkeys.with(|p| p.as_ref().is_some_and(|p| !p.is_empty()));
    view! {
        <section class="more-settings" aria-labelledby="passkeys-title">
            {move || (offer.get() && mfa_on.get() == Some(false) && none_yet()).then(|| view! {
                <div class="notice passkey-offer" role="status">
                    <p>{move || i18n.t(Msg::PasskeyOffer)}</p>
                    <div class="actions">
                        <button type="button" class="primary" prop:disabled=move || pending.get() on:click=move |_| start_add.run(())>{move || i18n.t(Msg::AddPasskey)}</button>
                        <button type="button" class="secondary" on:click=move |_| offer.set(false)>{move || i18n.t(Msg::NotNow)}</button>
                    </div>
                </div>
            })}
            {move || ready_to_add.get().then(|| view! {
                <div class="notice passkey-ready" role="status">
                    <p>{move || i18n.t(Msg::PasskeyReady)}</p>
                    <div class="actions">
                        <button type="button" class="primary" prop:disabled=move || pending.get() on:click=move |_| start_add.run(())>{move || i18n.t(Msg::AddPasskey)}</button>
                    </div>
                </div>
            })}
            {move || passkeys.get().map(|list| view! {
                <PasskeyList passkeys=list pending=pending adding=adding on_add=start_add on_delete=start_delete/>
            })}
            <p class="status" role="status" aria-live="polite">{move || saved.get().map(|m| i18n.t(m))}</p>
            <ErrorMessage error=error/>
            // Shown while it is on even with no passkey left, so it can always be turned off.
            {move || (mfa_on.get() == Some(true) && (passkey_mfa.get() || any())).then(|| {
                let on = passkey_mfa.get();
                let busy = account.change.pending();
                view! {
                    <div class="passkey-mfa" role="group" aria-labelledby="passkey-mfa-title">
                        <h3 id="passkey-mfa-title">{move || i18n.t(Msg::PasskeyMfaTitle)}</h3>
                        <p>{move || i18n.t(if on { Msg::PasskeyMfaOn } else { Msg::PasskeyMfaOff })}</p>
                        <button type="button" class="secondary" prop:disabled=move || busy.get()
                            on:click=move |_| { if !busy.get_untracked() { account.request_change(requests, MfaChange::PasskeyMfa(!on)) } }>
                            {move || i18n.t(if on { Msg::TurnOff } else { Msg::TurnOnFactor })}
                        </button>
                    </div>
                }
            })}
        </section>
    }
}
