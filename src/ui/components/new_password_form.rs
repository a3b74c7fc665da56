use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use zeroize::Zeroizing;

use super::ErrorMessage;
use super::attribute_fields::{AttributeFieldList, AttributeInputs};
use super::form_parts::{BackLink, SubmitButton};
use super::password_fields::{NewPasswordFields, NewPasswordInputs};
use crate::auth::ErrorKey;
use crate::auth::attributes::AttributeRefusal;
use crate::auth::sign_in::required_fields;
use crate::i18n::Msg;
use crate::ui::I18n;

/// `(name, value)` for each attribute a form asks for.
pub type AttributeValues = Vec<(String, String)>;

/// NEW_PASSWORD_REQUIRED: a new password typed twice, and a field for each attribute the pool
/// requires that the account lacks. Reports them once the passwords match and every field is
/// filled.
#[component]
pub fn NewPasswordForm(
    /// Attribute names (`name`, `phone_number`, `custom:team`): one labelled field each.
    #[prop(optional)]
    required_attributes: Vec<String>,
    #[prop(into)] on_submit: Callback<(Zeroizing<String>, AttributeValues)>,
    #[prop(into)] on_cancel: Callback<()>,
    #[prop(into)] pending: Signal<bool>,
    #[prop(into)] error: Signal<Option<ErrorKey>>,
    /// Cognito's refusals of those attributes, each said at its field.
    #[prop(optional, into)]
    refused: Signal<Vec<AttributeRefusal>>,
) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    // Both stay in the DOM only, read at submit.
    let new_password = NewPasswordInputs::new();
    let attributes = AttributeInputs::new(required_fields(&required_attributes));
    Effect::new(move || refused.with(|r| attributes.show(r)));
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        // Each empty or malformed field says so under it; the password is read only after.
        if let Some(values) = attributes.read_given()
            && let Some(password) = new_password.read()
        {
            on_submit.run((password, values));
        }
    };
    view! {
        <form class="card form" on:submit=submit aria-labelledby="new-password-title">
            <h1 id="new-password-title">{move || i18n.t(Msg::NewPasswordTitle)}</h1>
            <p class="intro">{move || i18n.t(Msg::NewPasswordIntro)}</p>
            <AttributeFieldList inputs=attributes/>
            <NewPasswordFields inputs=new_password/>
            <ErrorMessage error=error/>
            <SubmitButton pending=pending idle=Msg::SetPassword busy=Msg::Saving/>
            <BackLink on_click=on_cancel label=Msg::BackToSignIn/>
        </form>
    }
}
