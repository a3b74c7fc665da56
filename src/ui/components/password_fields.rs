use leptos::html;
use leptos::prelude::*;
use zeroize::Zeroizing;

use super::form_parts::ShowPassword;
use crate::auth::PasswordCheck;
use crate::config::PasswordPolicy;
use crate::i18n::Msg;
use crate::ui::I18n;

/// The two inputs of a new password and whether they differed at the last submit. The values
/// stay in the DOM; a form reads them once, at submit, with [`NewPasswordInputs::read`].
#[derive(Clone, Copy)]
pub struct NewPasswordInputs {
    first: NodeRef<html::Input>,
    second: NodeRef<html::Input>,
    differ: RwSignal<bool>,
}

impl NewPasswordInputs {
    #[allow(clippy::new_without_default)] // made in a component's body, like a signal
    pub fn new() -> Self {
        Self {
            first: NodeRef::new(),
            second: NodeRef::new(),
            differ: RwSignal::new(false),
        }
    }

    /// The new password if both fields hold the same non-empty value; a mismatch is shown.
    pub fn read(&self) -> Option<Zeroizing<String>> {
        let (a, b) = (self.first.get_untracked()?, self.second.get_untracked()?);
        let (a, b) = (Zeroizing::new(a.value()), Zeroizing::new(b.value()));
        self.differ.set(a != b);
        (a == b && !a.is_empty()).then_some(a)
    }

    /// Empties both fields (after the password was changed).
    pub fn clear(&self) {
        for field in [self.first, self.second]
            .iter()
            .filter_map(|f| f.get_untracked())
        {
            field.set_value("");
        }
    }
}

/// A new password typed twice, with Cognito's rules ticked off as the user types. Only which
/// rules hold is kept, never the value.
#[component]
pub fn NewPasswordFields(inputs: NewPasswordInputs) -> impl IntoView {
    let NewPasswordInputs {
        first,
        second,
        differ,
    } = inputs;
    let i18n = expect_context::<I18n>();
    // The pool's policy (the app's context; Cognito's default where none is given, as in
    // component tests): only its rules are listed, with its length.
    let policy = use_context::<PasswordPolicy>().unwrap_or_default();
    let check = RwSignal::new(PasswordCheck::default());
    let on_input = move |_| {
        if let Some(field) = first.get_untracked() {
            let typed = Zeroizing::new(field.value());
            check.set(PasswordCheck::of(&typed, &policy));
        }
    };
    let length = policy.min_length.to_string();
    let rule = move |required: bool, msg: Msg, holds: fn(PasswordCheck) -> bool| {
        let length = length.clone();
        required.then(|| view! {
            <li class="rule" data-ok=move || holds(check.get()).to_string()>
                <span aria-hidden="true">{move || if holds(check.get()) { "✓ " } else { "• " }}</span>
                {move || i18n.t(msg).replace("{n}", &length)}
                // The tick is a picture; screen readers hear the words.
                <span class="visually-hidden">{move || i18n.t(if holds(check.get()) { Msg::RuleMet } else { Msg::RuleNotMet })}</span>
            </li>
        })
    };
    view! {
        <div class="field">
            <label for="new-password">{move || i18n.t(Msg::NewPassword)}</label>
            <input id="new-password" name="new-password" type="password" autocomplete="new-password"
                required=true aria-describedby="password-rules" node_ref=first on:input=on_input/>
            <ShowPassword field=first controls="new-password"/>
            <div id="password-rules" class="rules">
                <p class="hint">{move || i18n.t(Msg::RulesTitle)}</p>
                <ul>
                    {rule(true, Msg::RuleLength, |c| c.long_enough)}
                    {rule(policy.lowercase, Msg::RuleLower, |c| c.lowercase)}
                    {rule(policy.uppercase, Msg::RuleUpper, |c| c.uppercase)}
                    {rule(policy.digit, Msg::RuleDigit, |c| c.digit)}
                    {rule(policy.symbol, Msg::RuleSymbol, |c| c.symbol)}
                </ul>
            </div>
        </div>
        <div class="field">
            <label for="confirm-password">{move || i18n.t(Msg::ConfirmPassword)}</label>
            <input id="confirm-password" name="confirm-password" type="password" autocomplete="new-password"
                required=true node_ref=second aria-invalid=move || differ.get().to_string()
                aria-describedby=move || differ.get().then_some("confirm-password-error")/>
            <ShowPassword field=second controls="confirm-password"/>
            <p id="confirm-password-error" class="field-error" aria-live="polite">{move || differ.get().then(|| i18n.t(Msg::PasswordsDiffer))}</p>
        </div>
    }
}
