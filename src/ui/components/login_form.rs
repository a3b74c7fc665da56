use leptos::ev::SubmitEvent;
use leptos::html;
use leptos::prelude::*;
use zeroize::Zeroizing;

use super::ErrorMessage;
use super::form_parts::{EmailField, SubmitButton};
pub use crate::auth::sign_in::Credentials;
use crate::cognito::ErrorKey;
use crate::i18n::Msg;
use crate::ui::I18n;

/// Email + password. Reports one submit at a time; while `pending` it sends nothing more and
/// offers Cancel (if the page gave `on_cancel`).
#[component]
pub fn LoginForm(
    #[prop(into)] on_submit: Callback<Credentials>,
    #[prop(optional, into)] on_cancel: Option<Callback<()>>,
    /// "Create an account" and "Forgot your password?", where the page offers them.
    #[prop(optional, into)]
    on_sign_up: Option<Callback<()>>,
    #[prop(optional, into)] on_forgot: Option<Callback<()>>,
    #[prop(into)] pending: Signal<bool>,
    #[prop(into)] error: Signal<Option<ErrorKey>>,
    /// The email, shared with the page (kept after an expired session, carried to the sign-up
    /// and forgotten-password forms); a form of its own when not given.
    #[prop(optional)]
    email: Option<RwSignal<String>>,
    /// A step-up: the signed-in user confirms it's them (email fixed, "Continue", a way back).
    #[prop(optional, into)]
    step_up_back: Option<Callback<()>>,
) -> impl IntoView {
    let step_up = step_up_back.is_some();
    let i18n = expect_context::<I18n>();
    let email = email.unwrap_or_else(|| RwSignal::new(String::new()));
    // The password stays in the DOM only; it is read once, at submit.
    let password: NodeRef<html::Input> = NodeRef::new();
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        let Some(field) = password.get_untracked() else {
            return;
        };
        let credentials = Credentials {
            email: email.get_untracked().trim().to_owned(),
            password: Zeroizing::new(field.value()),
        };
        if credentials.email.is_empty() || credentials.password.is_empty() {
            return;
        }
        on_submit.run(credentials);
    };
    view! {
        <form class="card form" on:submit=submit aria-labelledby="login-title" novalidate=false>
            <h1 id="login-title">{move || i18n.t(if step_up { Msg::StepUpTitle } else { Msg::SignInTitle })}</h1>
            <p class="intro">{move || i18n.t(if step_up { Msg::StepUpIntro } else { Msg::SignInIntro })}</p>
            <EmailField email=email read_only=step_up/>
            <div class="field">
                <label for="password">{move || i18n.t(Msg::Password)}</label>
                <input id="password" name="password" type="password" autocomplete="current-password"
                    required=true node_ref=password/>
            </div>
            <ErrorMessage error=error/>
            {if step_up {
                view! { <SubmitButton pending=pending idle=Msg::Continue busy=Msg::Checking/> }
            } else {
                view! { <SubmitButton pending=pending idle=Msg::SignIn busy=Msg::SigningIn/> }
            }}
            {move || on_cancel.filter(|_| pending.get()).map(|cancel| view! {
                <button type="button" class="link" on:click=move |_| cancel.run(())>{i18n.t(Msg::Cancel)}</button>
            })}
            {step_up_back.map(|back| view! {
                <button type="button" class="link" on:click=move |_| back.run(())>{move || i18n.t(Msg::Back)}</button>
            })}
            <div class="more">
                {on_forgot.map(|forgot| view! {
                    <button type="button" class="link" on:click=move |_| forgot.run(())>{move || i18n.t(Msg::ForgotPassword)}</button>
                })}
                {on_sign_up.map(|sign_up| view! {
                    <button type="button" class="link" on:click=move |_| sign_up.run(())>{move || i18n.t(Msg::CreateAccount)}</button>
                })}
            </div>
        </form>
    }
}
