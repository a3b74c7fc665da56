use leptos::prelude::*;
use leptos_router::components::A;

use crate::auth::{MfaChange, MfaFactor, UserProfile};
use crate::i18n::Msg;
use crate::ui::I18n;

/// Each second factor with its state (on / off, preferred) and what can be done with it: make
/// it preferred, turn it on or off, replace or set up the authenticator app. Reports the choice;
/// the page decides whether it needs a step-up first.
#[component]
pub fn MfaFactors(
    profile: UserProfile,
    #[prop(into)] pending: Signal<bool>,
    #[prop(into)] on_change: Callback<MfaChange>,
    #[prop(into)] on_replace: Callback<()>,
    /// "Add a phone number" where SMS codes lack one (the contact details' form).
    #[prop(optional, into)]
    on_add_phone: Option<Callback<()>>,
) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let rows = MfaFactor::ALL.map(|factor| {
        let on = profile.is_on(factor);
        let preferred = profile.preferred == Some(factor);
        let (name, label, status_id) = match factor {
            MfaFactor::AuthenticatorApp => ("totp", Msg::Totp, "factor-totp"),
            MfaFactor::Sms => ("sms", Msg::Sms, "factor-sms"),
            MfaFactor::Email => ("email", Msg::EmailMfa, "factor-email"),
        };
        // SMS needs a phone number and email MFA an address; without one there is nothing to
        // turn on, only the way to add one (the contact details).
        let reachable = match factor {
            MfaFactor::AuthenticatorApp => true,
            MfaFactor::Sms => profile.phone_number.is_some(),
            MfaFactor::Email => profile.email.is_some(),
        };
        let button = move |msg: Msg, change: MfaChange| {
            view! {
                <button type="button" class="secondary" prop:disabled=move || pending.get()
                    on:click=move |_| { if !pending.get_untracked() { on_change.run(change); } }>
                    {move || i18n.t(msg)}
                </button>
            }
        };
        let actions = match (factor, on) {
            (MfaFactor::AuthenticatorApp, false) => view! {
                <A href="/setup-2fa" attr:class="button secondary">{move || i18n.t(Msg::SetUpAuthenticator)}</A>
            }
            .into_any(),
            (MfaFactor::Sms, false) if !reachable => view! {
                <p class="hint">{move || i18n.t(Msg::NoPhoneNumber)}</p>
                {on_add_phone.map(|add| view! {
                    <button type="button" class="secondary" prop:disabled=move || pending.get()
                        on:click=move |_| { if !pending.get_untracked() { add.run(()); } }>
                        {move || i18n.t(Msg::AddPhoneNumber)}
                    </button>
                })}
            }
            .into_any(),
            (_, false) if !reachable => ().into_any(),
            (_, false) => button(Msg::TurnOnFactor, MfaChange::TurnOn(factor)).into_any(),
            (_, true) => view! {
                {(!preferred).then(|| button(Msg::MakePreferred, MfaChange::Prefer(factor)))}
                {(factor == MfaFactor::AuthenticatorApp).then(|| view! {
                    <button type="button" class="secondary" prop:disabled=move || pending.get()
                        on:click=move |_| { if !pending.get_untracked() { on_replace.run(()); } }>
                        {move || i18n.t(Msg::ReplaceAuthenticator)}
                    </button>
                })}
                {button(Msg::TurnOff, MfaChange::TurnOff(factor))}
            }
            .into_any(),
        };
        view! {
            <li class="factor">
                <span class="factor-name" id=status_id>{move || i18n.t(label)}</span>
                <span class="factor-status" data-mfa=name>
                    {move || i18n.t(if on { Msg::On } else { Msg::Off })}
                    {preferred.then(|| view! { " · "<em>{move || i18n.t(Msg::Preferred)}</em> })}
                </span>
                <div class="factor-actions" role="group" aria-labelledby=status_id>{actions}</div>
            </li>
        }
    });
    let none_on = profile.enabled.is_empty();
    view! {
        <h2 id="mfa-title">{move || i18n.t(Msg::MfaStatus)}</h2>
        <ul class="factors" aria-labelledby="mfa-title">{rows.into_iter().collect_view()}</ul>
        {none_on.then(|| view! { <p class="notice">{move || i18n.t(Msg::NoPreferred)}</p> })}
    }
}
