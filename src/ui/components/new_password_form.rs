use leptos::ev::SubmitEvent;
use leptos::html;
use leptos::prelude::*;
use zeroize::Zeroizing;

use super::ErrorMessage;
use crate::cognito::ErrorKey;
use crate::i18n::Msg;
use crate::ui::I18n;

/// NEW_PASSWORD_REQUIRED: a new password typed twice. Reports it once the two match.
#[component]
pub fn NewPasswordForm(
    #[prop(into)] on_submit: Callback<Zeroizing<String>>,
    #[prop(into)] on_cancel: Callback<()>,
    #[prop(into)] pending: Signal<bool>,
    #[prop(into)] error: Signal<Option<ErrorKey>>,
) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    // Both stay in the DOM only, read at submit.
    let first: NodeRef<html::Input> = NodeRef::new();
    let second: NodeRef<html::Input> = NodeRef::new();
    let differ = RwSignal::new(false);
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        let (Some(a), Some(b)) = (first.get_untracked(), second.get_untracked()) else {
            return;
        };
        let (a, b) = (Zeroizing::new(a.value()), Zeroizing::new(b.value()));
        differ.set(a != b);
        if a == b && !a.is_empty() {
            on_submit.run(a);
        }
    };
    view! {
        <form class="card form" on:submit=submit aria-labelledby="new-password-title">
            <h1 id="new-password-title">{move || i18n.t(Msg::NewPasswordTitle)}</h1>
            <p class="intro">{move || i18n.t(Msg::NewPasswordIntro)}</p>
            <div class="field">
                <label for="new-password">{move || i18n.t(Msg::NewPassword)}</label>
                <input id="new-password" name="new-password" type="password" autocomplete="new-password"
                    required=true aria-describedby="password-rules" node_ref=first/>
                <small id="password-rules" class="hint">{move || i18n.t(Msg::PasswordRules)}</small>
            </div>
            <div class="field">
                <label for="confirm-password">{move || i18n.t(Msg::ConfirmPassword)}</label>
                <input id="confirm-password" name="confirm-password" type="password" autocomplete="new-password"
                    required=true node_ref=second aria-invalid=move || differ.get().to_string()/>
                <p class="field-error" aria-live="polite">{move || differ.get().then(|| i18n.t(Msg::PasswordsDiffer))}</p>
            </div>
            <ErrorMessage error=error/>
            <button type="submit" class="primary" prop:disabled=move || pending.get() aria-busy=move || pending.get().to_string()>
                {move || i18n.t(if pending.get() { Msg::Saving } else { Msg::SetPassword })}
            </button>
            <button type="button" class="link" on:click=move |_| on_cancel.run(())>{move || i18n.t(Msg::BackToSignIn)}</button>
        </form>
    }
}
