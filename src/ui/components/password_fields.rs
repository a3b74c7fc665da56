use leptos::html;
use leptos::prelude::*;
use zeroize::Zeroizing;

use crate::auth::PasswordCheck;
use crate::i18n::Msg;
use crate::ui::I18n;

/// A new password typed twice, with Cognito's rules ticked off as the user types. The values stay
/// in the DOM (only which rules hold is kept); the form reads them at submit with
/// [`read_new_password`].
#[component]
pub fn NewPasswordFields(
    first: NodeRef<html::Input>,
    second: NodeRef<html::Input>,
    /// Set by the form when the two differ at submit.
    #[prop(into)]
    differ: Signal<bool>,
) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let check = RwSignal::new(PasswordCheck::default());
    let on_input = move |_| {
        if let Some(field) = first.get_untracked() {
            let typed = Zeroizing::new(field.value());
            check.set(PasswordCheck::of(&typed));
        }
    };
    let rule = move |msg: Msg, holds: fn(PasswordCheck) -> bool| {
        view! {
            <li class="rule" data-ok=move || holds(check.get()).to_string()>
                <span aria-hidden="true">{move || if holds(check.get()) { "✓ " } else { "• " }}</span>
                {move || i18n.t(msg)}
                // The tick is a picture; screen readers hear the words.
                <span class="visually-hidden">{move || i18n.t(if holds(check.get()) { Msg::RuleMet } else { Msg::RuleNotMet })}</span>
            </li>
        }
    };
    view! {
        <div class="field">
            <label for="new-password">{move || i18n.t(Msg::NewPassword)}</label>
            <input id="new-password" name="new-password" type="password" autocomplete="new-password"
                required=true aria-describedby="password-rules" node_ref=first on:input=on_input/>
            <div id="password-rules" class="rules">
                <p class="hint">{move || i18n.t(Msg::RulesTitle)}</p>
                <ul>
                    {rule(Msg::RuleLength, |c| c.long_enough)}
                    {rule(Msg::RuleLower, |c| c.lowercase)}
                    {rule(Msg::RuleUpper, |c| c.uppercase)}
                    {rule(Msg::RuleDigit, |c| c.digit)}
                    {rule(Msg::RuleSymbol, |c| c.symbol)}
                </ul>
            </div>
        </div>
        <div class="field">
            <label for="confirm-password">{move || i18n.t(Msg::ConfirmPassword)}</label>
            <input id="confirm-password" name="confirm-password" type="password" autocomplete="new-password"
                required=true node_ref=second aria-invalid=move || differ.get().to_string()/>
            <p class="field-error" aria-live="polite">{move || differ.get().then(|| i18n.t(Msg::PasswordsDiffer))}</p>
        </div>
    }
}

/// The new password if both fields hold the same non-empty value; `Err(())` when they differ.
/// `Ok(None)` when the fields are gone or empty.
pub fn read_new_password(
    first: NodeRef<html::Input>,
    second: NodeRef<html::Input>,
) -> Result<Option<Zeroizing<String>>, ()> {
    let (Some(a), Some(b)) = (first.get_untracked(), second.get_untracked()) else {
        return Ok(None);
    };
    let (a, b) = (Zeroizing::new(a.value()), Zeroizing::new(b.value()));
    if a != b {
        return Err(());
    }
    Ok((!a.is_empty()).then_some(a))
}
