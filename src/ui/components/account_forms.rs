//! Sign-up, confirmation, a forgotten password and a password change: forms that report through
//! callbacks, like the others.

use leptos::ev::SubmitEvent;
use leptos::html;
use leptos::prelude::*;
use zeroize::Zeroizing;

use super::form_parts::{BackLink, EmailField, SubmitButton};
use super::password_fields::{NewPasswordFields, NewPasswordInputs};
use super::{Credentials, ErrorMessage};
use crate::auth::ErrorKey;
use crate::i18n::Msg;
use crate::ui::I18n;

/// Seconds before another confirmation code may be asked for.
pub const RESEND_COOL_DOWN_SECS: u32 = 30;

/// A new account: email, password twice with the rules shown as it is typed.
#[component]
pub fn SignUpForm(
    #[prop(into)] on_submit: Callback<Credentials>,
    #[prop(into)] on_cancel: Callback<()>,
    #[prop(into)] pending: Signal<bool>,
    #[prop(into)] error: Signal<Option<ErrorKey>>,
    /// The email, shared with the page (what was typed on the sign-in form).
    #[prop(optional)]
    email: Option<RwSignal<String>>,
) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let email = email.unwrap_or_else(|| RwSignal::new(String::new()));
    let new_password = NewPasswordInputs::new();
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        let email = email.get_untracked().trim().to_owned();
        if let (Some(password), false) = (new_password.read(), email.is_empty()) {
            on_submit.run(Credentials { email, password });
        }
    };
    view! {
        <form class="card form" on:submit=submit aria-labelledby="signup-title">
            <h1 id="signup-title">{move || i18n.t(Msg::SignUpTitle)}</h1>
            <p class="intro">{move || i18n.t(Msg::SignUpIntro)}</p>
            <EmailField email=email/>
            <NewPasswordFields inputs=new_password/>
            <ErrorMessage error=error/>
            <SubmitButton pending=pending idle=Msg::CreateAccount busy=Msg::CreatingAccount/>
            <BackLink on_click=on_cancel label=Msg::BackToSignIn/>
        </form>
    }
}

/// Which account forgot its password.
#[component]
pub fn ForgotPasswordForm(
    #[prop(into)] on_submit: Callback<String>,
    #[prop(into)] on_cancel: Callback<()>,
    #[prop(into)] pending: Signal<bool>,
    #[prop(into)] error: Signal<Option<ErrorKey>>,
    /// The email, shared with the page (what was typed on the sign-in form).
    #[prop(optional)]
    email: Option<RwSignal<String>>,
) -> impl IntoView {
    let email = email.unwrap_or_else(|| RwSignal::new(String::new()));
    view! {
        <SendCodeForm title=Msg::ForgotTitle intro=Msg::ForgotIntro email=email
            on_submit=on_submit on_cancel=on_cancel pending=pending error=error/>
    }
}

/// An address a code is sent to (a forgotten password, email MFA being set up): reports it
/// once, trimmed, if not empty.
#[component]
pub fn SendCodeForm(
    title: Msg,
    intro: Msg,
    email: RwSignal<String>,
    #[prop(into)] on_submit: Callback<String>,
    #[prop(into)] on_cancel: Callback<()>,
    #[prop(into)] pending: Signal<bool>,
    #[prop(into)] error: Signal<Option<ErrorKey>>,
) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let email = email.get_untracked().trim().to_owned();
        if !pending.get_untracked() && !email.is_empty() {
            on_submit.run(email);
        }
    };
    view! {
        <form class="card form" on:submit=submit aria-labelledby="send-code-title">
            <h1 id="send-code-title">{move || i18n.t(title)}</h1>
            <p class="intro">{move || i18n.t(intro)}</p>
            <EmailField email=email/>
            <ErrorMessage error=error/>
            <SubmitButton pending=pending idle=Msg::SendCode busy=Msg::Sending/>
            <BackLink on_click=on_cancel label=Msg::BackToSignIn/>
        </form>
    }
}

/// The reset code and the new password.
#[component]
pub fn ResetPasswordForm(
    #[prop(optional_no_strip)] destination: Option<String>,
    #[prop(into)] on_submit: Callback<(String, Zeroizing<String>)>,
    #[prop(into)] on_cancel: Callback<()>,
    #[prop(into)] pending: Signal<bool>,
    #[prop(into)] error: Signal<Option<ErrorKey>>,
) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let code: NodeRef<html::Input> = NodeRef::new();
    let new_password = NewPasswordInputs::new();
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        let typed = code.get_untracked().map(|c| c.value()).unwrap_or_default();
        if let (Some(password), Ok(code)) =
            (new_password.read(), crate::auth::normalize_code(&typed))
        {
            on_submit.run((code, password));
        }
    };
    view! {
        <form class="card form" on:submit=submit aria-labelledby="reset-title">
            <h1 id="reset-title">{move || i18n.t(Msg::ResetTitle)}</h1>
            <p class="intro">{move || i18n.t(Msg::ResetIntro)}" "{destination.map(|d| view! { <strong class="destination">{d}</strong> })}</p>
            <div class="field">
                <label for="code">{move || i18n.t(Msg::Code)}</label>
                <input id="code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code"
                    maxlength="16" spellcheck="false" aria-describedby="code-hint" class="code-input" node_ref=code/>
                <small id="code-hint" class="hint">{move || i18n.t(Msg::CodeHint)}</small>
            </div>
            <NewPasswordFields inputs=new_password/>
            <ErrorMessage error=error/>
            <SubmitButton pending=pending idle=Msg::SetNewPassword busy=Msg::Saving/>
            <BackLink on_click=on_cancel label=Msg::BackToSignIn/>
        </form>
    }
}

/// The signed-in user's password change: the current one, then the new one twice.
#[component]
pub fn ChangePasswordForm(
    #[prop(into)] on_submit: Callback<(Zeroizing<String>, Zeroizing<String>)>,
    #[prop(into)] pending: Signal<bool>,
    #[prop(into)] error: Signal<Option<ErrorKey>>,
    /// Set once the password was changed.
    #[prop(into)]
    done: Signal<bool>,
    /// The id of the heading the page gives the form.
    labelled_by: &'static str,
) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let current: NodeRef<html::Input> = NodeRef::new();
    let new_password = NewPasswordInputs::new();
    // Passwords stay in the page only until they are sent: cleared once changed, and the
    // current one after a refusal.
    let clear_current = move || {
        if let Some(field) = current.get_untracked() {
            field.set_value("");
        }
    };
    Effect::new(move || {
        if done.get() {
            clear_current();
            new_password.clear();
        }
    });
    Effect::new(move || {
        if error.get().is_some() {
            clear_current();
        }
    });
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        let old = Zeroizing::new(
            current
                .get_untracked()
                .map(|c| c.value())
                .unwrap_or_default(),
        );
        if let (Some(new), false) = (new_password.read(), old.is_empty()) {
            on_submit.run((old, new));
        }
    };
    view! {
        <form class="form change-password" on:submit=submit aria-labelledby=labelled_by>
            <div class="field">
                <label for="current-password">{move || i18n.t(Msg::CurrentPassword)}</label>
                <input id="current-password" name="current-password" type="password"
                    autocomplete="current-password" required=true node_ref=current/>
            </div>
            <NewPasswordFields inputs=new_password/>
            <ErrorMessage error=error/>
            <p class="success-message" role="status">{move || done.get().then(|| i18n.t(Msg::PasswordChanged))}</p>
            <SubmitButton pending=pending idle=Msg::ChangePassword busy=Msg::Saving secondary=true/>
        </form>
    }
}
