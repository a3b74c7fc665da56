use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use zeroize::Zeroizing;

use super::ErrorMessage;
use super::form_parts::{BackLink, SubmitButton};
use super::password_fields::{NewPasswordFields, NewPasswordInputs};
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
    let new_password = NewPasswordInputs::new();
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if !pending.get_untracked()
            && let Some(password) = new_password.read()
        {
            on_submit.run(password);
        }
    };
    view! {
        <form class="card form" on:submit=submit aria-labelledby="new-password-title">
            <h1 id="new-password-title">{move || i18n.t(Msg::NewPasswordTitle)}</h1>
            <p class="intro">{move || i18n.t(Msg::NewPasswordIntro)}</p>
            <NewPasswordFields inputs=new_password/>
            <ErrorMessage error=error/>
            <SubmitButton pending=pending idle=Msg::SetPassword busy=Msg::Saving/>
            <BackLink on_click=on_cancel label=Msg::BackToSignIn/>
        </form>
    }
}
