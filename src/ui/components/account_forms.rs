//! Sign-up, confirmation, a forgotten password and a password change: forms that report through
//! callbacks, like the others.

use leptos::ev::SubmitEvent;
use leptos::html;
use leptos::prelude::*;
use zeroize::Zeroizing;

use super::attribute_fields::{AttributeFieldList, AttributeInputs};
use super::code_form::ResendButton;
use super::form_parts::{
    BackLink, EmailField, NameInput, ShowPassword, SignInNameField, SubmitButton, sign_in_name_kind,
};
use super::password_fields::{NewPasswordFields, NewPasswordInputs};
use super::{Credentials, ErrorMessage};
use crate::auth::attributes::AttributeRefusal;
use crate::auth::{ContactFields, ErrorKey, NewAccount};
use crate::config::AttributeField;
use crate::i18n::{Msg, NameWords};
use crate::ui::I18n;

/// Seconds before another confirmation code may be asked for.
pub const RESEND_COOL_DOWN_SECS: u32 = 30;

/// A new account: the sign-in name, the contacts a pool with user names needs
/// (`ContactFields`), the pool's other attributes the build asks for (`attributes`), the
/// password twice with the rules shown as it is typed.
#[component]
pub fn SignUpForm(
    #[prop(into)] on_submit: Callback<(Credentials, NewAccount)>,
    #[prop(into)] on_cancel: Callback<()>,
    #[prop(into)] pending: Signal<bool>,
    #[prop(into)] error: Signal<Option<ErrorKey>>,
    /// SIGN_UP_ATTRIBUTES: one field each, after the name and contacts.
    #[prop(optional)]
    attributes: Vec<AttributeField>,
    /// Cognito's refusals of those fields, each said at its field.
    #[prop(optional, into)]
    refused: Signal<Vec<AttributeRefusal>>,
    /// The email, shared with the page (what was typed on the sign-in form).
    #[prop(optional)]
    email: Option<RwSignal<String>>,
) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let name = NameInput::new_account(email.unwrap_or_else(|| RwSignal::new(String::new())));
    let intro = NameWords::of(&sign_in_name_kind()).sign_up_intro;
    let fields = ContactFields::for_pool(&sign_in_name_kind());
    let contact_email = RwSignal::new(String::new());
    let phone = NameInput::phone();
    let new_password = NewPasswordInputs::new();
    let details = AttributeInputs::new(attributes);
    Effect::new(move || refused.with(|r| details.show(r)));
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        // An optional phone number left empty is none; one typed must be a number.
        let phone_number = match fields.phone_number {
            Some(false) if phone.value.get_untracked().trim().is_empty() => Some(None),
            Some(_) => phone.read().map(Some),
            None => Some(None),
        };
        let email = fields
            .email
            .map(|_| contact_email.get_untracked().trim().to_lowercase())
            .filter(|e| !e.is_empty());
        // Every field says what is wrong with it at once, the password's too.
        let name = name.read();
        let attributes = details.read_given();
        let password = new_password.read();
        if let (Some(name), Some(phone_number), Some(attributes), Some(password)) =
            (name, phone_number, attributes, password)
        {
            let account = NewAccount {
                email,
                phone_number,
                attributes,
            };
            on_submit.run((
                Credentials {
                    email: name,
                    password,
                },
                account,
            ));
        }
    };
    view! {
        <form class="card form" on:submit=submit aria-labelledby="signup-title">
            <h1 id="signup-title">{move || i18n.t(Msg::SignUpTitle)}</h1>
            <p class="intro">{move || i18n.t(intro)}</p>
            <SignInNameField input=name/>
            {fields.email.map(|_| view! { <EmailField email=contact_email/> })}
            {fields.phone_number.map(|required| view! { <SignInNameField input=phone required=required/> })}
            {(!details.is_empty()).then(|| view! { <AttributeFieldList inputs=details/> })}
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
    let i18n = expect_context::<I18n>();
    let name = NameInput::new(email.unwrap_or_else(|| RwSignal::new(String::new())));
    let intro = NameWords::of(&sign_in_name_kind()).forgot_intro;
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        if let Some(account) = name.read() {
            on_submit.run(account);
        }
    };
    view! {
        <form class="card form" on:submit=submit aria-labelledby="send-code-title">
            <h1 id="send-code-title">{move || i18n.t(Msg::ForgotTitle)}</h1>
            <p class="intro">{move || i18n.t(intro)}</p>
            <SignInNameField input=name/>
            <ErrorMessage error=error/>
            <SubmitButton pending=pending idle=Msg::SendCode busy=Msg::Sending/>
            <BackLink on_click=on_cancel label=Msg::BackToSignIn/>
        </form>
    }
}

/// The address email codes are sent to (email MFA being set up): reports it once, trimmed, if
/// not empty.
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
    /// The sign-in found the password must be reset: say so.
    #[prop(optional)]
    required: bool,
    /// The code went by text message.
    #[prop(optional)]
    by_sms: bool,
    #[prop(into)] on_submit: Callback<(String, Zeroizing<String>)>,
    /// "Send a new code", and whether one went out.
    #[prop(into)]
    on_resend: Callback<()>,
    #[prop(into)] resent: Signal<bool>,
    #[prop(into)] on_cancel: Callback<()>,
    #[prop(into)] pending: Signal<bool>,
    #[prop(into)] error: Signal<Option<ErrorKey>>,
) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let code: NodeRef<html::Input> = NodeRef::new();
    let code_refused = move || error.get().is_some_and(ErrorKey::is_about_code);
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
            {required.then(|| view! { <p class="notice" role="status">{move || i18n.t(Msg::ResetRequired)}</p> })}
            <p class="intro">{move || i18n.t(if by_sms { Msg::ResetIntroSms } else { Msg::ResetIntro })}" "{destination.map(|d| view! { <strong class="destination">{d}</strong> })}</p>
            <div class="field">
                <label for="code">{move || i18n.t(Msg::Code)}</label>
                <input id="code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code"
                    maxlength="16" spellcheck="false" class="code-input" node_ref=code
                    aria-invalid=move || code_refused().then_some("true")
                    aria-describedby=move || if code_refused() { "code-hint code-error" } else { "code-hint" }/>
                <small id="code-hint" class="hint">{move || i18n.t(Msg::CodeHint)}</small>
            </div>
            <NewPasswordFields inputs=new_password/>
            <ErrorMessage error=error id="code-error"/>
            <SubmitButton pending=pending idle=Msg::SetNewPassword busy=Msg::Saving/>
            <ResendButton on_resend=on_resend resent=resent pending=pending/>
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
                <ShowPassword field=current controls="current-password"/>
            </div>
            <NewPasswordFields inputs=new_password/>
            <ErrorMessage error=error/>
            <p class="success-message" role="status">{move || done.get().then(|| i18n.t(Msg::PasswordChanged))}</p>
            <SubmitButton pending=pending idle=Msg::ChangePassword busy=Msg::Saving secondary=true/>
        </form>
    }
}
