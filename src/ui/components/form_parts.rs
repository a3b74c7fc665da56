//! Pieces every form repeats: the sign-in name and email fields, the submit button that says it
//! is busy, the link back to sign-in.

use leptos::prelude::*;

use crate::auth::sign_in_name::{NameError, new_user_name, normalise};
use crate::config::SignInName;
use crate::i18n::{Msg, NameWords};
use crate::ui::I18n;

/// The pool's sign-in name (from the app's context; email where none is given, as in
/// component tests).
pub fn sign_in_name_kind() -> SignInName {
    use_context::<SignInName>().unwrap_or_default()
}

/// What a sign-in name field holds and what is wrong with it, if anything. The value may be
/// shared with the page (kept across the sign-in's forms).
#[derive(Clone, Copy)]
pub struct NameInput {
    pub value: RwSignal<String>,
    problem: RwSignal<Option<Msg>>,
    kind: SignInName,
    /// The input's id (and the stem of its hint's and error's ids).
    id: &'static str,
    /// A new account's user name rather than a sign-in name.
    new_user_name: bool,
}

impl NameInput {
    /// The sign-in name (`#username`), as the pool takes it.
    pub fn new(value: RwSignal<String>) -> Self {
        Self {
            value,
            problem: RwSignal::new(None),
            kind: sign_in_name_kind(),
            id: "username",
            new_user_name: false,
        }
    }

    /// A new account's name: in a pool with user names, a user name (never one shaped like
    /// the pool's email or phone aliases); else the sign-in name.
    pub fn new_account(value: RwSignal<String>) -> Self {
        let pool = sign_in_name_kind();
        if !pool.username {
            return Self::new(value);
        }
        Self {
            value,
            problem: RwSignal::new(None),
            kind: pool,
            id: "username",
            new_user_name: true,
        }
    }

    /// A phone number that is not the sign-in name (`#phone`): typed as people type them, sent
    /// as E.164.
    pub fn phone() -> Self {
        let kind = SignInName {
            username: false,
            email: false,
            phone: true,
            ..sign_in_name_kind()
        };
        Self {
            value: RwSignal::new(String::new()),
            problem: RwSignal::new(None),
            kind,
            id: "phone",
            new_user_name: false,
        }
    }

    /// What to send, or None with the reason shown at the field.
    pub fn read(&self) -> Option<String> {
        let typed = self.value.get_untracked();
        let read = if self.new_user_name {
            new_user_name(&self.kind, &typed)
        } else {
            normalise(&self.kind, &typed)
        };
        self.problem.set(match read {
            Ok(_) => None,
            Err(NameError::Empty) => Some(Msg::EnterSignInName),
            Err(NameError::NotAPhoneNumber) => Some(Msg::NotAPhoneNumber),
            Err(NameError::NeedsCountryCode) => Some(Msg::NeedsCountryCode),
            Err(NameError::NotAUserName) => Some(Msg::NotAUserName),
        });
        read.ok()
    }
}

/// A sign-in name input (`#username`, or `#phone` for a phone number that is not one): an
/// email, phone number or user name as the pool takes it, with the fitting keyboard, autofill
/// and label; read-only where the account is already known (a step-up). A name that cannot be
/// sent is said under it, and the field marked invalid.
#[component]
pub fn SignInNameField(
    input: NameInput,
    #[prop(optional)] read_only: bool,
    /// Passkeys are offered in this field's autofill (conditional mediation).
    #[prop(optional)]
    passkeys: bool,
    /// Set false for a field that may be left empty.
    #[prop(default = true)]
    required: bool,
) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let NameInput {
        value,
        problem,
        kind,
        id,
        new_user_name,
    } = input;
    // A new user name is only a user name, whatever else the pool signs in with.
    let kind = if new_user_name {
        SignInName {
            email: false,
            phone: false,
            ..kind
        }
    } else {
        kind
    };
    let (hint_id, error_id) = (format!("{id}-hint"), format!("{id}-error"));
    let (input_type, inputmode, fill) = if kind.email_only() {
        ("email", "email", "username")
    } else if kind.phone_only() {
        ("tel", "tel", "tel")
    } else {
        ("text", "text", "username")
    };
    let autocomplete = if passkeys {
        format!("{fill} webauthn")
    } else {
        fill.to_owned()
    };
    let label = NameWords::of(&kind).label;
    let hint = kind.phone.then_some(if kind.country_code.is_some() {
        Msg::PhoneHintNational
    } else {
        Msg::PhoneHint
    });
    let described_by = described_by(hint.map(|_| hint_id.clone()), error_id.clone(), move || {
        problem.with(Option::is_some)
    });
    view! {
        <div class="field">
            <label for=id>{move || i18n.t(label)}</label>
            <input id=id name=id type=input_type autocomplete=autocomplete inputmode=inputmode
                required=required spellcheck="false" autocapitalize="none" readonly=read_only bind:value=value
                aria-invalid=move || problem.get().is_some().then_some("true") aria-describedby=described_by
                on:input=move |_| problem.set(None)/>
            {hint.map(|hint| view! { <small id=hint_id class="hint">{move || i18n.t(hint)}</small> })}
            <p id=error_id class="field-error" aria-live="polite">{move || problem.get().map(|m| i18n.t(m))}</p>
        </div>
    }
}

/// Moves the focus to the element with this id once it is on the page (the next frame): a field
/// a press just opened or showed.
pub fn focus_next_frame(id: String) {
    request_animation_frame(move || {
        let element = document()
            .get_element_by_id(&id)
            .and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(e).ok());
        if let Some(element) = element {
            let _ = element.focus();
        }
    });
}

/// A field's `aria-describedby`: its hint (if it has one) and, while `has_error`, its error.
pub(super) fn described_by(
    hint_id: Option<String>,
    error_id: String,
    has_error: impl Fn() -> bool,
) -> impl Fn() -> Option<String> {
    move || {
        let error = has_error().then_some(error_id.as_str());
        let ids = [hint_id.as_deref(), error].into_iter().flatten();
        let ids = ids.collect::<Vec<_>>().join(" ");
        (!ids.is_empty()).then_some(ids)
    }
}

/// An email address input (`#email`) that is not the sign-in name: where email codes go.
#[component]
pub fn EmailField(email: RwSignal<String>) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    view! {
        <div class="field">
            <label for="email">{move || i18n.t(Msg::Email)}</label>
            <input id="email" name="email" type="email" autocomplete="email" inputmode="email"
                required=true spellcheck="false" autocapitalize="none" bind:value=email/>
        </div>
    }
}

/// "Show password" for a password field (`controls`: its id): switches the input's type, reading
/// nothing (the value never leaves the field). A toggle button: its state is `aria-pressed`, its
/// words stay the same (a toggle's label must not change with its state, WAI-ARIA APG, "Button").
#[component]
pub fn ShowPassword(field: NodeRef<leptos::html::Input>, controls: &'static str) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let shown = RwSignal::new(false);
    let toggle = move |_| {
        if let Some(input) = field.get_untracked() {
            let show = !shown.get_untracked();
            input.set_type(if show { "text" } else { "password" });
            shown.set(show);
        }
    };
    view! {
        <button type="button" class="link show-password" aria-controls=controls
            aria-pressed=move || shown.get().to_string() on:click=toggle>
            {move || i18n.t(Msg::ShowPassword)}
        </button>
    }
}

/// A form's submit button: disabled and saying `busy` while its request is in flight.
#[component]
pub fn SubmitButton(
    #[prop(into)] pending: Signal<bool>,
    idle: Msg,
    busy: Msg,
    #[prop(optional)] secondary: bool,
) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    view! {
        <button type="submit" class=if secondary { "secondary" } else { "primary" }
            prop:disabled=move || pending.get() aria-busy=move || pending.get().to_string()>
            {move || i18n.t(if pending.get() { busy } else { idle })}
        </button>
    }
}

/// A link-styled button that leaves the form ("Back to sign in", "Back").
#[component]
pub fn BackLink(#[prop(into)] on_click: Callback<()>, label: Msg) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    view! {
        <button type="button" class="link" on:click=move |_| on_click.run(())>{move || i18n.t(label)}</button>
    }
}
