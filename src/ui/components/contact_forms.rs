//! The user's email and phone number: each with whether it is verified and what can be done
//! (verify it, add or change it), the form for a new value, and the form for its code. They
//! report through callbacks; the page decides whether a change needs a proof of the user first.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use super::ErrorMessage;
use super::code_form::ResendButton;
use super::form_parts::{EmailField, NameInput, SignInNameField, SubmitButton, focus_next_frame};
use crate::auth::profile::Contact;
use crate::auth::{ErrorKey, UserProfile, normalize_code};
use crate::i18n::Msg;
use crate::ui::I18n;

fn label(contact: Contact) -> Msg {
    match contact {
        Contact::Email => Msg::Email,
        Contact::Phone => Msg::PhoneNumber,
    }
}

/// Each contact, its value and state, and its actions: "Verify" for one not verified, "Change"
/// (or "Add" where there is none).
#[component]
pub fn ContactList(
    profile: UserProfile,
    #[prop(into)] pending: Signal<bool>,
    #[prop(into)] on_verify: Callback<Contact>,
    #[prop(into)] on_edit: Callback<Contact>,
) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let rows = Contact::ALL.map(|contact| {
        let value = profile.contact(contact).map(str::to_owned);
        let verified = profile.is_verified(contact);
        let id = format!("contact-{}", contact.attribute());
        let button = move |msg: Msg, run: Callback<Contact>| {
            view! {
                <button type="button" class="secondary" prop:disabled=move || pending.get()
                    on:click=move |_| { if !pending.get_untracked() { run.run(contact); } }>
                    {move || i18n.t(msg)}
                </button>
            }
        };
        let has_value = value.is_some();
        let state = match (&value, verified) {
            (None, _) => Msg::NotAdded,
            (Some(_), true) => Msg::Verified,
            (Some(_), false) => Msg::NotVerified,
        };
        view! {
            <li class="factor contact" data-contact=contact.attribute()>
                <span class="factor-name" id=id.clone()>{move || i18n.t(label(contact))}</span>
                <span class="factor-status">
                    {value.map(|v| view! { <strong class="contact-value" translate="no">{v}</strong>" · " })}
                    {move || i18n.t(state)}
                </span>
                <div class="factor-actions" role="group" aria-labelledby=id>
                    {(has_value && !verified).then(|| button(Msg::Verify, on_verify))}
                    {button(if has_value { Msg::Change } else { Msg::Add }, on_edit)}
                </div>
            </li>
        }
    });
    view! { <ul class="factors" aria-labelledby="contacts-title">{rows.into_iter().collect_view()}</ul> }
}

/// A new email or phone number (a phone number typed as people type them, sent as E.164).
/// `waits`: the pool keeps the old value until the new one is verified; said before saving.
#[component]
pub fn ContactEditForm(
    contact: Contact,
    #[prop(into)] on_submit: Callback<String>,
    #[prop(into)] on_cancel: Callback<()>,
    #[prop(into)] pending: Signal<bool>,
    #[prop(into)] error: Signal<Option<ErrorKey>>,
) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let email = RwSignal::new(String::new());
    let phone = NameInput::phone();
    // Opened by a press (Add, Change, "Add a phone number"): the cursor goes to the new value.
    focus_next_frame(
        match contact {
            Contact::Email => "email",
            Contact::Phone => "phone",
        }
        .to_owned(),
    );
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        let value = match contact {
            Contact::Email => {
                Some(email.get_untracked().trim().to_lowercase()).filter(|e| !e.is_empty())
            }
            Contact::Phone => phone.read(),
        };
        if let Some(value) = value {
            on_submit.run(value);
        }
    };
    view! {
        <form class="form contact-edit" on:submit=submit>
            {match contact {
                Contact::Email => view! { <EmailField email=email/> }.into_any(),
                Contact::Phone => view! { <SignInNameField input=phone/> }.into_any(),
            }}
            <p class="hint">{move || i18n.t(Msg::ContactChangeHint)}</p>
            <ErrorMessage error=error/>
            <div class="actions">
                <SubmitButton pending=pending idle=Msg::SaveAndSendCode busy=Msg::Saving/>
                <button type="button" class="link" on:click=move |_| on_cancel.run(())>{move || i18n.t(Msg::Cancel)}</button>
            </div>
        </form>
    }
}

/// The code sent to a contact: where it went, whether the new value waits for it, "Send a new
/// code" after a cool-down, and a way out.
#[component]
pub fn ContactCodeForm(
    #[prop(optional_no_strip)] destination: Option<String>,
    /// The new value is not in use until this code comes back (the old one still is).
    waiting: bool,
    #[prop(into)] on_submit: Callback<String>,
    #[prop(into)] on_resend: Callback<()>,
    #[prop(into)] resent: Signal<bool>,
    #[prop(into)] on_cancel: Callback<()>,
    #[prop(into)] pending: Signal<bool>,
    #[prop(into)] error: Signal<Option<ErrorKey>>,
) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let code = RwSignal::new(String::new());
    let refused = move || error.get().is_some_and(ErrorKey::is_about_code);
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if let (false, Ok(code)) = (
            pending.get_untracked(),
            normalize_code(&code.get_untracked()),
        ) {
            on_submit.run(code);
        }
    };
    view! {
        <form class="form contact-code" on:submit=submit>
            {waiting.then(|| view! { <p class="notice waiting" role="status">{move || i18n.t(Msg::ContactWaits)}</p> })}
            <p class="intro">{move || i18n.t(Msg::ContactCodeIntro)}" "{destination.map(|d| view! { <strong class="destination">{d}</strong> })}</p>
            <div class="field">
                <label for="contact-code">{move || i18n.t(Msg::Code)}</label>
                <input id="contact-code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code"
                    maxlength="16" spellcheck="false" class="code-input" bind:value=code
                    aria-invalid=move || refused().then_some("true")
                    aria-describedby=move || refused().then_some("contact-code-error")/>
            </div>
            <ErrorMessage error=error id="contact-code-error" clock_hint=false/>
            <div class="actions">
                <SubmitButton pending=pending idle=Msg::Verify busy=Msg::Verifying/>
                <button type="button" class="link" on:click=move |_| on_cancel.run(())>{move || i18n.t(Msg::NotNow)}</button>
            </div>
            <ResendButton on_resend=on_resend resent=resent pending=pending/>
        </form>
    }
}
