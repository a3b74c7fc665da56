use leptos::ev::SubmitEvent;
use leptos::html;
use leptos::prelude::*;
use zeroize::Zeroizing;

use super::ErrorMessage;
use super::form_parts::{
    NameInput, ShowPassword, SignInNameField, SubmitButton, focus_next_frame, sign_in_name_kind,
};
use crate::auth::ErrorKey;
pub use crate::auth::sign_in::Credentials;
use crate::config::SignInMethod;
use crate::i18n::{Msg, NameWords};
use crate::ui::I18n;
use crate::ui::takeover::prerendered_password_shown;

/// A method's submit button: its `value` (the SIGN_IN_METHODS name) and words. `later`: the
/// password comes after a passwordless way, its field shown by its button.
fn method_button(method: SignInMethod, step_up: bool, later: bool) -> (&'static str, Msg, Msg) {
    match method {
        SignInMethod::Password if later => ("password", Msg::SignInWithPassword, Msg::SigningIn),
        SignInMethod::Password if step_up => ("password", Msg::Continue, Msg::Checking),
        SignInMethod::Password => ("password", Msg::SignIn, Msg::SigningIn),
        SignInMethod::EmailCode => ("email_otp", Msg::EmailMeACode, Msg::Sending),
        SignInMethod::SmsCode => ("sms_otp", Msg::TextMeACode, Msg::Sending),
        SignInMethod::Passkey => ("passkey", Msg::SignInWithPasskey, Msg::WaitingForPasskey),
    }
}

/// Sign-in name + password. Reports one submit at a time; while `pending` it sends nothing more and
/// offers Cancel (if the page gave `on_cancel`). With `methods` (choice-based sign-in) it has a
/// button per method, in that order, the first one the default; the password field only if a
/// password is one of them. Where a passwordless way comes first, the form asks for the name
/// alone: the password's button shows its field (then signs in with it), and "Forgot your
/// password?" stays.
#[component]
pub fn LoginForm(
    #[prop(into)] on_submit: Callback<Credentials>,
    /// The ways to sign in, in order (SIGN_IN_METHODS); empty: email and password only.
    #[prop(optional)]
    methods: Vec<SignInMethod>,
    /// "Email me a sign-in code", "Text me a sign-in code" or "Sign in with a passkey" pressed,
    /// with the sign-in name.
    #[prop(optional, into)]
    on_first_factor: Option<Callback<(String, SignInMethod)>>,
    #[prop(optional, into)] on_cancel: Option<Callback<()>>,
    /// "Create an account" and "Forgot your password?", where the page offers them.
    #[prop(optional, into)]
    on_sign_up: Option<Callback<()>>,
    #[prop(optional, into)] on_forgot: Option<Callback<()>>,
    #[prop(into)] pending: Signal<bool>,
    #[prop(into)] error: Signal<Option<ErrorKey>>,
    /// The sign-in name as typed, shared with the page (kept after an expired session, carried
    /// to the sign-up and forgotten-password forms); a form of its own when not given.
    #[prop(optional)]
    email: Option<RwSignal<String>>,
    /// A step-up: the signed-in user confirms it's them (email fixed, "Continue", a way back).
    #[prop(optional, into)]
    step_up_back: Option<Callback<()>>,
) -> impl IntoView {
    let step_up = step_up_back.is_some();
    let i18n = expect_context::<I18n>();
    let name = NameInput::new(email.unwrap_or_else(|| RwSignal::new(String::new())));
    let intro = NameWords::of(&sign_in_name_kind()).sign_in_intro;
    // The password stays in the DOM only; it is read once, at submit.
    let password: NodeRef<html::Input> = NodeRef::new();
    let choice = !methods.is_empty();
    let offers_password = !choice || methods.contains(&SignInMethod::Password);
    let offers_passkeys = methods.contains(&SignInMethod::Passkey);
    let first = methods.first().copied().unwrap_or(SignInMethod::Password);
    // Identifier first: the password field waits for its button (not in a step-up: the account
    // is known, every way is offered as it is), unless the prerendered form already showed it.
    let password_later = offers_password && first != SignInMethod::Password && !step_up;
    let password_shown = RwSignal::new(!password_later || prerendered_password_shown());
    // The method whose button was pressed (it alone says it is busy).
    let pressed = RwSignal::new(None::<SignInMethod>);
    // Enter in a field submits with the first button; `requestSubmit()` names none.
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        let pressed_method = ev
            .submitter()
            .and_then(|b| b.get_attribute("value"))
            .and_then(|v| {
                SignInMethod::NAMES
                    .iter()
                    .find(|(n, _)| *n == v)
                    .map(|&(_, m)| m)
            });
        // Enter in a field "presses" the first button; a password typed says what was meant.
        // (Its copy, read only to see whether there is one, is wiped like every other.)
        let typed_password = offers_password
            && password
                .get_untracked()
                .is_some_and(|field| !Zeroizing::new(field.value()).is_empty());
        let chosen = match pressed_method {
            Some(m) if m == first && typed_password => SignInMethod::Password,
            Some(m) => m,
            None if typed_password => SignInMethod::Password,
            None => first,
        };
        let Some(account) = name.read() else {
            return;
        };
        if chosen == SignInMethod::Password && !password_shown.get_untracked() {
            password_shown.set(true);
            // A password already there (typed before the app took over) signs in at once; else
            // the field is focused once it is no longer hidden (the next frame).
            if !typed_password {
                focus_next_frame("password".to_owned());
                return;
            }
        }
        if chosen != SignInMethod::Password {
            if let Some(send) = on_first_factor {
                pressed.set(Some(chosen));
                send.run((account, chosen));
            }
            return;
        }
        let Some(field) = password.get_untracked() else {
            return;
        };
        let credentials = Credentials {
            email: account,
            password: Zeroizing::new(field.value()),
        };
        if credentials.password.is_empty() {
            // With other ways in, the field is not `required`: say what is missing here.
            field.set_custom_validity(i18n.t(Msg::EnterPassword));
            field.report_validity();
            field.set_custom_validity("");
            return;
        }
        pressed.set(Some(SignInMethod::Password));
        on_submit.run(credentials);
    };
    let buttons = methods.clone();
    let wrong_password = move || error.get() == Some(ErrorKey::WrongCredentials);
    view! {
        <form class="card form" on:submit=submit aria-labelledby="login-title" novalidate=false>
            <h1 id="login-title">{move || i18n.t(if step_up { Msg::StepUpTitle } else { Msg::SignInTitle })}</h1>
            <p class="intro">{move || i18n.t(if step_up && choice { Msg::StepUpIntroChoice } else if step_up { Msg::StepUpIntro } else if !choice { intro } else if offers_password { Msg::SignInIntroChoice } else { Msg::SignInIntroPasswordless })}</p>
            <SignInNameField input=name read_only=step_up passkeys=offers_passkeys && !step_up/>
            {offers_password.then(|| view! {
                <div class="field" hidden=move || !password_shown.get()>
                    <label for="password">{move || i18n.t(Msg::Password)}</label>
                    <input id="password" name="password" type="password" autocomplete="current-password"
                        required=!choice node_ref=password aria-invalid=move || wrong_password().then_some("true")
                        aria-describedby=move || wrong_password().then_some("login-error")/>
                    <ShowPassword field=password controls="password"/>
                </div>
            })}
            <ErrorMessage error=error id="login-error"/>
            {if step_up && !choice {
                view! { <SubmitButton pending=pending idle=Msg::Continue busy=Msg::Checking/> }.into_any()
            } else if !choice {
                view! { <SubmitButton pending=pending idle=Msg::SignIn busy=Msg::SigningIn/> }.into_any()
            } else {
                buttons.into_iter().enumerate().map(|(i, method)| {
                    let (value, idle, busy) = method_button(method, step_up, password_later);
                    let busy_now = move || pending.get() && pressed.get() == Some(method);
                    view! {
                        <button type="submit" name="method" value=value class=if i == 0 { "primary" } else { "secondary" }
                            prop:disabled=move || pending.get() aria-busy=move || busy_now().to_string()>
                            {move || i18n.t(if busy_now() { busy } else { idle })}
                        </button>
                    }
                }).collect_view().into_any()
            }}
            {move || on_cancel.filter(|_| pending.get()).map(|cancel| view! {
                <button type="button" class="link" on:click=move |_| cancel.run(())>{i18n.t(Msg::Cancel)}</button>
            })}
            {step_up_back.map(|back| view! {
                <button type="button" class="link" on:click=move |_| back.run(())>{move || i18n.t(Msg::Back)}</button>
            })}
            <div class="more">
                {on_forgot.filter(|_| offers_password).map(|forgot| view! {
                    <button type="button" class="link" on:click=move |_| forgot.run(())>{move || i18n.t(Msg::ForgotPassword)}</button>
                })}
                {on_sign_up.map(|sign_up| view! {
                    <button type="button" class="link" on:click=move |_| sign_up.run(())>{move || i18n.t(Msg::CreateAccount)}</button>
                })}
            </div>
        </form>
    }
}
