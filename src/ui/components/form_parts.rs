//! Pieces every form repeats: the email field, the submit button that says it is busy, the
//! link back to sign-in.

use leptos::prelude::*;

use crate::i18n::Msg;
use crate::ui::I18n;

/// The email input (`#email`), bound to a signal the page may share between forms; read-only
/// where the account is already known (a step-up).
#[component]
pub fn EmailField(
    email: RwSignal<String>,
    #[prop(optional)] read_only: bool,
    /// Passkeys are offered in this field's autofill (conditional mediation).
    #[prop(optional)]
    passkeys: bool,
) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let autocomplete = if passkeys {
        "username webauthn"
    } else {
        "username"
    };
    view! {
        <div class="field">
            <label for="email">{move || i18n.t(Msg::Email)}</label>
            <input id="email" name="email" type="email" autocomplete=autocomplete inputmode="email"
                required=true spellcheck="false" autocapitalize="none" readonly=read_only bind:value=email/>
        </div>
    }
}

/// A form's submit button: disabled and saying `busy` while its request is in flight.
#[component]
pub fn SubmitButton(
    #[prop(into)] pending: Signal<bool>,
    idle: Msg,
    busy: Msg,
    #[prop(optional)] secondary: bool,
) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    view! {
        <button type="submit" class=if secondary { "secondary" } else { "primary" }
            prop:disabled=move || pending.get() aria-busy=move || pending.get().to_string()>
            {move || i18n.t(if pending.get() { busy } else { idle })}
        </button>
    }
}

/// A link-styled button that leaves the form ("Back to sign in", "Back").
#[component]
pub fn BackLink(#[prop(into)] on_click: Callback<()>, label: Msg) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    view! {
        <button type="button" class="link" on:click=move |_| on_click.run(())>{move || i18n.t(label)}</button>
    }
}
