use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use zeroize::Zeroizing;

use super::ErrorMessage;
use super::form_parts::{BackLink, SubmitButton};
use super::password_fields::{NewPasswordFields, NewPasswordInputs};
use crate::auth::ErrorKey;
use crate::i18n::{Msg, attribute_label};
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
) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    // Both stay in the DOM only, read at submit.
    let new_password = NewPasswordInputs::new();
    let fields: Vec<(String, RwSignal<String>)> = required_attributes
        .into_iter()
        .map(|name| (name, RwSignal::new(String::new())))
        .collect();
    let values = fields.clone();
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let attributes: Vec<(String, String)> = values
            .iter()
            .map(|(name, value)| (name.clone(), value.get_untracked().trim().to_owned()))
            .collect();
        if attributes.iter().any(|(_, v)| v.is_empty()) {
            return; // the browser's own "required" message points at the empty field
        }
        if !pending.get_untracked()
            && let Some(password) = new_password.read()
        {
            on_submit.run((password, attributes));
        }
    };
    let attribute_fields = fields
        .into_iter()
        .enumerate()
        .map(|(i, (name, value))| {
            let id = format!("attribute-{i}");
            let hint_id = format!("attribute-{i}-hint");
            let input = AttributeInput::for_name(&name);
            let described_by = input.hint.map(|_| hint_id.clone());
            let label = name.clone();
            view! {
                <div class="field">
                    <label for=id.clone()>{move || attribute_label(&label, i18n.lang())}</label>
                    <input id=id name=name.clone() type=input.kind autocomplete=input.autocomplete
                        required=true aria-describedby=described_by bind:value=value/>
                    {input.hint.map(|hint| view! { <p class="hint" id=hint_id>{move || i18n.t(hint)}</p> })}
                </div>
            }
        })
        .collect_view();
    view! {
        <form class="card form" on:submit=submit aria-labelledby="new-password-title">
            <h1 id="new-password-title">{move || i18n.t(Msg::NewPasswordTitle)}</h1>
            <p class="intro">{move || i18n.t(Msg::NewPasswordIntro)}</p>
            {attribute_fields}
            <NewPasswordFields inputs=new_password/>
            <ErrorMessage error=error/>
            <SubmitButton pending=pending idle=Msg::SetPassword busy=Msg::Saving/>
            <BackLink on_click=on_cancel label=Msg::BackToSignIn/>
        </form>
    }
}

/// How a standard attribute is typed: the input's type, its autocomplete token and a hint.
struct AttributeInput {
    kind: &'static str,
    autocomplete: &'static str,
    hint: Option<Msg>,
}

impl AttributeInput {
    fn for_name(name: &str) -> Self {
        let (kind, autocomplete, hint) = match name {
            "name" => ("text", "name", None),
            "given_name" => ("text", "given-name", None),
            "family_name" => ("text", "family-name", None),
            "middle_name" => ("text", "additional-name", None),
            "nickname" => ("text", "nickname", None),
            // Cognito takes E.164 only (+ and the country code).
            "phone_number" => ("tel", "tel", Some(Msg::PhoneHint)),
            "email" => ("email", "email", None),
            // Cognito's birthdate is YYYY-MM-DD, which is what a date input gives.
            "birthdate" => ("date", "bday", None),
            "gender" => ("text", "sex", None),
            "address" => ("text", "street-address", None),
            "website" | "picture" | "profile" => ("url", "url", None),
            "locale" => ("text", "language", None),
            _ => ("text", "off", None),
        };
        Self {
            kind,
            autocomplete,
            hint,
        }
    }
}
