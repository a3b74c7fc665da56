//! Component and crypto tests in headless Chromium (wasm-bindgen-test).
#![cfg(target_arch = "wasm32")]

use cognito_2fa::auth::ErrorKey;
use cognito_2fa::auth::{ChallengeKind, DeviceInfo, MfaChange, MfaFactor, UserProfile};
use cognito_2fa::config::{ConfigError, SignInMethod};
use cognito_2fa::i18n::{Lang, Msg};
use cognito_2fa::ui::components::{
    AuthenticatorKey, AuthenticatorSetup, Credentials, DeviceList, LanguageSwitch, LoginForm,
    MfaFactors, MfaVerificationForm, NewPasswordForm, RememberDeviceForm, SelectMfaType,
    VerifyAuthenticator,
};
use cognito_2fa::ui::{App, AppWith, I18n};
use leptos::mount::mount_to;
use leptos::prelude::*;
use leptos::task::tick;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{HtmlButtonElement, HtmlElement, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

fn fresh_root() -> HtmlElement {
    let root: HtmlElement = document()
        .create_element("section")
        .unwrap()
        .unchecked_into();
    document().body().unwrap().append_child(&root).unwrap();
    root
}

/// Mounts a view with the language context the components expect; keeps it mounted.
fn mount<N: IntoView + 'static>(view: impl FnOnce() -> N + 'static) -> HtmlElement {
    let root = fresh_root();
    let handle = mount_to(root.clone(), move || {
        I18n::provide().set(Lang::En);
        view()
    });
    handle.forget();
    root
}

fn find<T: JsCast>(root: &HtmlElement, selector: &str) -> T {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no {selector} in {}", root.inner_html()))
        .unchecked_into()
}

fn no_error() -> Signal<Option<ErrorKey>> {
    Signal::stored(None)
}

fn type_into(input: &HtmlInputElement, value: &str) {
    input.set_value(value);
    input
        .dispatch_event(&web_sys::Event::new("input").unwrap())
        .unwrap();
}

fn text(root: &HtmlElement, selector: &str) -> String {
    find::<HtmlElement>(root, selector)
        .text_content()
        .unwrap_or_default()
}

#[wasm_bindgen_test]
async fn app_mounts_and_shows_the_login_form() {
    let root = fresh_root();
    mount_to(root.clone(), App).forget();
    for _ in 0..5 {
        tick().await;
    }
    let email: HtmlInputElement = find(&root, "form input#username");
    assert_eq!(
        email.get_attribute("autocomplete").as_deref(),
        Some("username")
    );
    let password: HtmlInputElement = find(&root, "form input#password");
    assert_eq!(password.type_(), "password");
    assert_eq!(
        password.get_attribute("autocomplete").as_deref(),
        Some("current-password")
    );
    assert!(
        root.query_selector("label[for=username]")
            .unwrap()
            .is_some()
    );
    assert!(
        root.query_selector("label[for=password]")
            .unwrap()
            .is_some()
    );
    assert!(
        window().location().pathname().unwrap().ends_with("/login"),
        "redirected to /login"
    );
}

#[wasm_bindgen_test]
async fn a_bad_configuration_is_explained_on_the_page() {
    let root = fresh_root();
    let problem = ConfigError::MalformedPoolId("eu-west-1".into());
    mount_to(
        root.clone(),
        move || view! { <AppWith config=Err(problem)/> },
    )
    .forget();
    tick().await;
    let alert: HtmlElement = find(&root, "[role=alert]");
    let said = alert.text_content().unwrap();
    assert!(said.contains("not configured correctly"), "{said}");
    assert!(
        said.contains("COGNITO_USER_POOL_ID `eu-west-1` is not a user pool id"),
        "{said}"
    );
    assert!(
        root.query_selector("form").unwrap().is_none(),
        "no sign-in form without a valid pool"
    );
}

#[wasm_bindgen_test]
async fn login_form_reports_once_and_ignores_submits_while_pending() {
    let got = RwSignal::new(Vec::<Credentials>::new());
    let pending = RwSignal::new(false);
    let root = mount(
        move || view! { <LoginForm on_submit=move |c| got.update(|v| v.push(c)) pending=pending error=no_error()/> },
    );
    type_into(&find(&root, "#username"), "  alice@example.com ");
    find::<HtmlInputElement>(&root, "#password").set_value("Secret-1!");
    let button: HtmlButtonElement = find(&root, "button[type=submit]");
    button.click();
    tick().await;
    assert_eq!(got.get_untracked().len(), 1);
    assert_eq!(
        got.get_untracked()[0].email,
        "alice@example.com",
        "email is trimmed"
    );
    assert_eq!(got.get_untracked()[0].password.as_str(), "Secret-1!");
    assert!(
        !format!("{:?}", got.get_untracked()[0]).contains("Secret-1!"),
        "Debug hides the password"
    );

    // "Show password" switches the field's type and says so; the value stays in the field.
    let field: HtmlInputElement = find(&root, "#password");
    let show: HtmlButtonElement = find(&root, "button.show-password");
    assert_eq!(
        show.get_attribute("aria-controls").as_deref(),
        Some("password")
    );
    assert_eq!(show.get_attribute("aria-pressed").as_deref(), Some("false"));
    show.click();
    tick().await;
    assert_eq!(field.type_(), "text");
    assert_eq!(show.get_attribute("aria-pressed").as_deref(), Some("true"));
    assert_eq!(
        show.text_content().as_deref(),
        Some("Show password"),
        "a toggle's words stay; its state is aria-pressed"
    );
    assert_eq!(field.value(), "Secret-1!");
    show.click();
    tick().await;
    assert_eq!(field.type_(), "password");

    pending.set(true);
    tick().await;
    assert!(button.disabled());
    assert_eq!(button.get_attribute("aria-busy").as_deref(), Some("true"));
    assert_eq!(button.text_content().unwrap(), "Signing in…");
    let form: web_sys::HtmlFormElement = find(&root, "form");
    form.request_submit().unwrap(); // Enter in a field does this
    tick().await;
    assert_eq!(
        got.get_untracked().len(),
        1,
        "a second submit while pending sends nothing"
    );
}

#[wasm_bindgen_test]
async fn code_form_accepts_spaced_codes_and_enables_only_with_six_digits() {
    let got = RwSignal::new(Vec::<String>::new());
    let root = mount(move || {
        view! {
            <MfaVerificationForm kind=ChallengeKind::Totp destination=None on_submit=move |c| got.update(|v| v.push(c))
                on_cancel=|()| {} pending=false error=no_error()/>
        }
    });
    tick().await;
    let input: HtmlInputElement = find(&root, "input#code");
    assert_eq!(input.get_attribute("inputmode").as_deref(), Some("numeric"));
    assert_eq!(
        input.get_attribute("autocomplete").as_deref(),
        Some("one-time-code")
    );
    assert_eq!(text(&root, "label[for=code]"), "Verification code");
    let active = document().active_element().map(|e| e.id());
    assert_eq!(
        active.as_deref(),
        Some("code"),
        "focus moves to the code field"
    );

    let button: HtmlButtonElement = find(&root, "button[type=submit]");
    assert!(button.disabled(), "nothing typed yet");
    type_into(&input, "12345");
    tick().await;
    assert!(button.disabled(), "five digits");
    type_into(&input, "123 456");
    tick().await;
    assert!(
        !button.disabled(),
        "a pasted '123 456' counts as six digits"
    );
    button.click();
    tick().await;
    assert_eq!(got.get_untracked(), vec!["123456".to_string()]);
}

#[wasm_bindgen_test]
async fn each_error_guard_shows_its_message_and_a_wrong_code_adds_the_clock_hint() {
    let error = RwSignal::new(None::<ErrorKey>);
    let root = mount(move || {
        view! {
            <VerifyAuthenticator on_submit=|_: String| {} pending=false error=error/>
        }
    });
    tick().await;
    let alert: HtmlElement = find(&root, "[role=alert]");
    assert_eq!(
        alert.get_attribute("aria-live").as_deref(),
        Some("assertive")
    );
    assert_eq!(
        alert.text_content().unwrap(),
        "",
        "no message before an error"
    );
    error.set(Some(ErrorKey::CodeMismatch));
    tick().await;
    assert!(
        alert
            .text_content()
            .unwrap()
            .contains("Incorrect code, please try again")
    );
    assert!(alert.text_content().unwrap().contains("phone's clock"));
    for key in [
        ErrorKey::CodeExpired,
        ErrorKey::CodeReused,
        ErrorKey::SessionExpired,
        ErrorKey::SignInEnded,
        ErrorKey::PasswordAttemptsExceeded,
        ErrorKey::MfaLocked,
        ErrorKey::TimedOut,
        ErrorKey::Throttled,
        ErrorKey::ServiceUnavailable,
        ErrorKey::BadAnswer,
        ErrorKey::WrongCredentials,
        ErrorKey::UserNotConfirmed,
        ErrorKey::TooManyAttempts,
        ErrorKey::Network,
        ErrorKey::Unexpected,
    ] {
        error.set(Some(key));
        tick().await;
        assert_eq!(
            alert.text_content().unwrap(),
            Msg::Err(key).text(Lang::En),
            "{key:?}"
        );
    }
}

#[wasm_bindgen_test]
async fn sms_form_names_where_the_code_went() {
    let root = mount(move || {
        view! {
            <MfaVerificationForm kind=ChallengeKind::Sms destination=Some("+*******0123".to_string()) on_submit=|_: String| {}
                on_cancel=|()| {} pending=false error=no_error()/>
        }
    });
    tick().await;
    assert!(text(&root, ".intro").contains("text message"));
    assert_eq!(text(&root, ".destination"), "+*******0123");
}

#[wasm_bindgen_test]
async fn authenticator_setup_shows_qr_key_and_link_then_continues() {
    let key = RwSignal::new(None::<AuthenticatorKey>);
    let generated = RwSignal::new(0);
    let continued = RwSignal::new(0);
    let root = mount(move || {
        view! {
            <AuthenticatorSetup key=key on_generate=move |()| generated.update(|n| *n += 1)
                on_continue=move |()| continued.update(|n| *n += 1) pending=false error=no_error()/>
        }
    });
    tick().await;
    assert_eq!(text(&root, "h1"), "Set Up Authenticator App");
    let generate: HtmlButtonElement = find(&root, "button.primary");
    assert_eq!(generate.text_content().unwrap(), "Generate QR Code");
    generate.click();
    tick().await;
    assert_eq!(generated.get_untracked(), 1);

    let uri = cognito_crypto::otpauth::key_uri(
        "Cognito 2FA",
        "alice@example.com",
        "HFVLQ3WGPRQZRA6UGYJHHDT6YDGGZQAU",
    );
    key.set(Some(AuthenticatorKey {
        secret: "HFVLQ3WGPRQZRA6UGYJHHDT6YDGGZQAU".into(),
        uri: uri.clone(),
    }));
    tick().await;
    assert!(
        root.query_selector("figure.qr svg").unwrap().is_some(),
        "QR code rendered as SVG"
    );
    assert_eq!(
        text(&root, "code.secret"),
        "HFVL Q3WG PRQZ RA6U GYJH HDT6 YDGG ZQAU"
    );
    assert_eq!(
        find::<HtmlElement>(&root, "a.open-in-app").get_attribute("href"),
        Some(uri)
    );
    let next: HtmlButtonElement = find(&root, "button.primary");
    assert_eq!(next.text_content().unwrap(), "Continue to Verification");
    next.click();
    tick().await;
    assert_eq!(continued.get_untracked(), 1);
}

#[wasm_bindgen_test]
async fn new_password_form_reports_only_matching_passwords() {
    let got = RwSignal::new(Vec::<String>::new());
    let report = move |(p, _): (zeroize::Zeroizing<String>, Vec<(String, String)>)| {
        got.update(|v| v.push(p.to_string()))
    };
    let root = mount(move || {
        view! {
            <NewPasswordForm on_submit=report on_cancel=|()| {} pending=false error=no_error()/>
        }
    });
    tick().await;
    let first: HtmlInputElement = find(&root, "#new-password");
    let second: HtmlInputElement = find(&root, "#confirm-password");
    assert_eq!(
        first.get_attribute("autocomplete").as_deref(),
        Some("new-password")
    );
    assert!(
        root.query_selector("label[for=confirm-password]")
            .unwrap()
            .is_some()
    );
    first.set_value("Mine-Passw0rd!");
    second.set_value("Mine-Passw0rd?");
    find::<HtmlButtonElement>(&root, "button[type=submit]").click();
    tick().await;
    assert!(
        got.get_untracked().is_empty(),
        "mismatched passwords are not sent"
    );
    assert_eq!(
        text(&root, ".field-error"),
        "The two passwords do not match."
    );
    assert_eq!(
        second.get_attribute("aria-invalid").as_deref(),
        Some("true")
    );
    second.set_value("Mine-Passw0rd!");
    find::<HtmlButtonElement>(&root, "button[type=submit]").click();
    tick().await;
    assert_eq!(got.get_untracked(), vec!["Mine-Passw0rd!".to_string()]);
    assert_eq!(text(&root, ".field-error"), "");
}

#[wasm_bindgen_test]
async fn new_password_form_asks_for_each_required_attribute() {
    let got = RwSignal::new(None::<Vec<(String, String)>>);
    let report = move |(_, attributes): (zeroize::Zeroizing<String>, Vec<(String, String)>)| {
        got.set(Some(attributes))
    };
    let root = mount(move || {
        view! {
            <NewPasswordForm required_attributes=vec!["name".into(), "phone_number".into(), "custom:team".into()]
                on_submit=report on_cancel=|()| {} pending=false error=no_error()/>
        }
    });
    tick().await;
    let name: HtmlInputElement = find(&root, "#attribute-0");
    let phone: HtmlInputElement = find(&root, "#attribute-1");
    let team: HtmlInputElement = find(&root, "#attribute-2");
    assert_eq!(text(&root, "label[for=attribute-0]"), "Full name");
    assert_eq!(name.get_attribute("autocomplete").as_deref(), Some("name"));
    assert_eq!(phone.type_(), "tel");
    assert!(
        text(&root, ".field .hint").contains("+66"),
        "E.164 explained"
    );
    assert_eq!(text(&root, "label[for=attribute-2]"), "Team");
    assert!(name.required() && phone.required() && team.required());
    for field in ["#new-password", "#confirm-password"] {
        find::<HtmlInputElement>(&root, field).set_value("Mine-Passw0rd!");
    }
    type_into(&name, "Kim Lee");
    type_into(&phone, "+66812345678");
    // The page's own check, as for a browser that does not stop an empty required field.
    find::<HtmlElement>(&root, "form")
        .set_attribute("novalidate", "")
        .unwrap();
    find::<HtmlButtonElement>(&root, "button[type=submit]").click();
    tick().await;
    assert_eq!(
        got.get_untracked(),
        None,
        "an empty required field: nothing sent"
    );
    assert_eq!(team.get_attribute("aria-invalid").as_deref(), Some("true"));
    assert_eq!(text(&root, "#attribute-2-error"), "Fill in this field.");
    type_into(&phone, "0812345678");
    type_into(&team, " Blue ");
    find::<HtmlButtonElement>(&root, "button[type=submit]").click();
    tick().await;
    assert_eq!(
        got.get_untracked(),
        None,
        "a number without its country code: nothing sent"
    );
    assert_eq!(
        text(&root, "#attribute-1-error"),
        "Enter the number with its country code, starting with +."
    );
    type_into(&phone, "+66 81 234 5678");
    find::<HtmlButtonElement>(&root, "button[type=submit]").click();
    tick().await;
    assert_eq!(
        got.get_untracked(),
        Some(vec![
            ("name".into(), "Kim Lee".into()),
            ("phone_number".into(), "+66812345678".into()),
            ("custom:team".into(), "Blue".into()),
        ])
    );
}

#[wasm_bindgen_test]
async fn select_mfa_type_offers_what_cognito_allows() {
    let got = RwSignal::new(Vec::<ChallengeKind>::new());
    let pending = RwSignal::new(false);
    let root = mount(move || {
        view! {
            <SelectMfaType options=vec![ChallengeKind::Sms, ChallengeKind::Totp] on_select=move |k| got.update(|v| v.push(k))
                on_cancel=|()| {} pending=pending error=no_error()/>
        }
    });
    tick().await;
    assert_eq!(
        find::<HtmlElement>(&root, ".choices").child_element_count(),
        2
    );
    let sms: HtmlButtonElement = find(&root, "button[data-mfa=sms]");
    assert_eq!(sms.text_content().unwrap(), "SMS code");
    sms.click();
    tick().await;
    assert_eq!(got.get_untracked(), vec![ChallengeKind::Sms]);
    pending.set(true);
    tick().await;
    assert!(sms.disabled());
    find::<HtmlButtonElement>(&root, "button[data-mfa=totp]").click();
    tick().await;
    assert_eq!(
        got.get_untracked().len(),
        1,
        "no second choice while one is in flight"
    );
}

#[wasm_bindgen_test]
async fn language_switch_translates_and_sets_html_lang() {
    let root = mount(move || {
        let i18n = expect_context::<I18n>();
        view! { <LanguageSwitch/><p id="probe">{move || i18n.t(Msg::SignInTitle)}</p> }
    });
    tick().await;
    assert_eq!(text(&root, "#probe"), "Sign in");
    find::<HtmlButtonElement>(&root, "button[lang=th]").click();
    tick().await;
    assert_eq!(text(&root, "#probe"), "เข้าสู่ระบบ");
    let html = document().document_element().unwrap();
    assert_eq!(html.get_attribute("lang").as_deref(), Some("th"));
    let stored = window()
        .local_storage()
        .unwrap()
        .unwrap()
        .get_item("lang")
        .unwrap();
    assert_eq!(stored.as_deref(), Some("th"));
    find::<HtmlButtonElement>(&root, "button[lang=en]").click();
    tick().await;
    assert_eq!(html.get_attribute("lang").as_deref(), Some("en"));
}

/// One full SRP computation in the browser: browser RNG for a fresh A, the vector for the
/// known answer, and the clock from JS (SystemTime would trap here).
#[wasm_bindgen_test]
fn srp_runs_in_the_browser_and_matches_a_vector() {
    use cognito_crypto::srp::{SrpClient, VerifierChallenge, parse_hex};
    let doc: serde_json::Value = serde_json::from_str(include_str!("vectors/srp.json")).unwrap();
    let case = &doc["cases"][0];
    let s = |k: &str| case[k].as_str().unwrap();
    let client = SrpClient::from_private(parse_hex(s("a_hex")).unwrap());
    let ch = VerifierChallenge {
        pool_name: s("pool_name"),
        user_id_for_srp: s("user_id_for_srp"),
        salt_hex: s("salt_hex"),
        b_hex: s("B_hex"),
        secret_block_b64: s("secret_block_b64"),
    };
    let claim = client
        .password_claim(&ch, s("password"), s("timestamp"))
        .unwrap();
    assert_eq!(claim.signature_b64, s("signature_b64"));

    let fresh = SrpClient::generate().expect("crypto.getRandomValues works");
    assert_ne!(fresh.public_a_hex(), client.public_a_hex());
    let now = cognito_crypto::timestamp::format(js_sys::Date::now() as i64);
    assert!(cognito_crypto::timestamp::parse(&now).is_some(), "{now}");
    assert!(fresh.password_claim(&ch, s("password"), &now).is_ok());
}

/// The auth service over fetch against a running local-cognito (the test command starts one).
#[wasm_bindgen_test]
async fn auth_service_signs_in_against_local_cognito() {
    use cognito_2fa::auth::{AuthService, SignInOutcome};
    use cognito_2fa::cognito::FetchTransport;
    use cognito_2fa::config::{Config, RawConfig};
    let endpoint = option_env!("LOCAL_COGNITO_TEST_ENDPOINT").unwrap_or("http://127.0.0.1:19229");
    let raw = RawConfig {
        pool_id: Some("us-east-1_LocalDemo"),
        client_id: Some("localdemoclient0000000000"),
        app_name: None,
        endpoint: Some(endpoint),
        ..RawConfig::default()
    };
    let config = Config::parse(raw).unwrap();
    let auth = AuthService::new(config.clone(), FetchTransport::new(config.timeout_ms));
    let wrong = auth
        .sign_in("demo@example.com", "not-the-password")
        .await
        .unwrap_err();
    assert_eq!(
        wrong.message_key(),
        ErrorKey::WrongCredentials,
        "{wrong:?} (is local-cognito running at {endpoint}?)"
    );
    let Ok(SignInOutcome::SignedIn(tokens)) =
        auth.sign_in("demo@example.com", "Demo-Passw0rd!").await
    else {
        panic!("demo user should sign in without MFA");
    };
    let profile = auth.get_user(&tokens).await.unwrap();
    assert_eq!(profile.email.as_deref(), Some("demo@example.com"));
    // The demo client rotates refresh tokens: a refresh brings new tokens and a new refresh token.
    let first_refresh = tokens.refresh_token.clone().unwrap();
    let fresh = auth.refresh_tokens(&first_refresh, None).await.unwrap();
    assert_ne!(fresh.access_token, tokens.access_token);
    let rotated = fresh.refresh_token.clone().unwrap();
    assert_ne!(
        rotated, first_refresh,
        "rotation hands out a new refresh token"
    );
    assert_eq!(auth.get_user(&fresh).await.unwrap(), profile);
    // Signing out revokes the whole family: the access token and any refresh stop working.
    auth.sign_out(&fresh).await.unwrap();
    assert!(auth.get_user(&fresh).await.unwrap_err().is_signed_out());
    assert!(auth.get_user(&tokens).await.unwrap_err().is_signed_out());
    assert!(
        auth.refresh_tokens(&rotated, None)
            .await
            .unwrap_err()
            .is_signed_out()
    );
}

/// A request the test stand-in never answers (test.sh starts it with `--fault BrowserTestHang=hang`).
#[derive(serde::Serialize)]
struct BrowserTestHang {}

impl cognito_2fa::cognito::ops::Operation for BrowserTestHang {
    const NAME: &'static str = "BrowserTestHang";
    type Output = serde_json::Value;
}

fn test_client(
    timeout_ms: u32,
) -> cognito_2fa::cognito::Client<cognito_2fa::cognito::FetchTransport> {
    let endpoint = option_env!("LOCAL_COGNITO_TEST_ENDPOINT").unwrap_or("http://127.0.0.1:19229");
    cognito_2fa::cognito::Client::new(
        format!("{endpoint}/"),
        cognito_2fa::cognito::FetchTransport::new(timeout_ms),
    )
}

async fn sleep_ms(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let _ = window().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// A request nobody answers ends at the configured timeout, as its own error, not a hang.
#[wasm_bindgen_test]
async fn a_request_nobody_answers_times_out() {
    let started = js_sys::Date::now();
    let e = test_client(1_000)
        .call(&BrowserTestHang {})
        .await
        .unwrap_err();
    let took = js_sys::Date::now() - started;
    assert_eq!(e, cognito_2fa::cognito::CognitoError::TimedOut);
    assert_eq!(
        cognito_2fa::auth::AuthError::Cognito(e).message_key(),
        ErrorKey::TimedOut
    );
    assert!((900.0..5_000.0).contains(&took), "took {took} ms");
}

/// Cancelling a scope aborts its request in flight at once, and refuses later ones.
#[wasm_bindgen_test]
async fn cancelling_a_scope_aborts_the_request_in_flight() {
    use cognito_2fa::cognito::{CancelScope, CognitoError};
    use std::cell::RefCell;
    use std::rc::Rc;
    let scope = CancelScope::new();
    let client = test_client(20_000).map_transport(|t| t.within(scope));
    let outcome = Rc::new(RefCell::new(None));
    wasm_bindgen_futures::spawn_local({
        let (client, outcome) = (client.clone(), outcome.clone());
        async move {
            let result = client.call(&BrowserTestHang {}).await;
            *outcome.borrow_mut() = Some(result);
        }
    });
    sleep_ms(200).await;
    assert!(
        outcome.borrow().is_none(),
        "still waiting before the cancel"
    );
    let cancelled_at = js_sys::Date::now();
    scope.cancel();
    sleep_ms(50).await;
    assert!(
        matches!(*outcome.borrow(), Some(Err(CognitoError::Cancelled))),
        "aborted within 50 ms, not at the 20 s timeout ({} ms)",
        js_sys::Date::now() - cancelled_at
    );
    let later = client.call(&BrowserTestHang {}).await.unwrap_err();
    assert!(later.is_cancelled(), "{later:?}");
}

/// Sign-up: the rules tick as the password is typed; mismatched passwords are not sent; a good
/// form is reported once.
#[wasm_bindgen_test]
async fn sign_up_form_ticks_rules_and_reports_matching_passwords() {
    use cognito_2fa::ui::components::SignUpForm;
    let got = RwSignal::new(Vec::<Credentials>::new());
    let root = mount(move || {
        view! { <SignUpForm on_submit=move |(c, _)| got.update(|v| v.push(c)) on_cancel=|()| {} pending=false error=no_error()/> }
    });
    tick().await;
    let met = |root: &HtmlElement| root.inner_html().matches(r#"data-ok="true""#).count();
    let first: HtmlInputElement = find(&root, "#new-password");
    type_into(&first, "short");
    tick().await;
    assert_eq!(met(&root), 1, "only the lowercase rule");
    type_into(&first, "Demo-Passw0rd!");
    tick().await;
    assert_eq!(met(&root), 5, "every rule");
    type_into(&find(&root, "#username"), "kim@example.com");
    find::<HtmlInputElement>(&root, "#confirm-password").set_value("Demo-Passw0rd?");
    find::<HtmlButtonElement>(&root, "button[type=submit]").click();
    tick().await;
    assert!(
        got.get_untracked().is_empty(),
        "mismatched passwords are not sent"
    );
    assert_eq!(
        text(&root, "#confirm-password-error"),
        "The two passwords do not match."
    );
    assert_eq!(
        find::<HtmlInputElement>(&root, "#confirm-password")
            .get_attribute("aria-describedby")
            .as_deref(),
        Some("confirm-password-error")
    );
    find::<HtmlInputElement>(&root, "#confirm-password").set_value("Demo-Passw0rd!");
    find::<HtmlButtonElement>(&root, "button[type=submit]").click();
    tick().await;
    let sent = got.get_untracked();
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].email, "kim@example.com");
    assert_eq!(sent[0].password.as_str(), "Demo-Passw0rd!");
}

/// A pool that signs in by phone number: a phone field (label, keyboard, autofill, hint), numbers
/// typed as people type them sent as E.164, and what cannot be one said at the field (marked
/// invalid, pointing to its message), not sent.
#[wasm_bindgen_test]
async fn a_phone_pool_takes_numbers_as_typed_and_says_what_is_not_one() {
    use cognito_2fa::config::SignInName;
    let got = RwSignal::new(Vec::<Credentials>::new());
    let root = mount(move || {
        provide_context(SignInName {
            phone: true,
            email: false,
            country_code: Some(66),
            ..SignInName::default()
        });
        view! { <LoginForm on_submit=move |c| got.update(|v| v.push(c)) pending=false error=no_error()/> }
    });
    tick().await;
    let field: HtmlInputElement = find(&root, "#username");
    assert_eq!(field.type_(), "tel");
    assert_eq!(field.get_attribute("autocomplete").as_deref(), Some("tel"));
    assert_eq!(field.get_attribute("inputmode").as_deref(), Some("tel"));
    assert_eq!(text(&root, "label[for=username]"), "Phone number");
    assert_eq!(
        text(&root, "#username-hint"),
        "As you dial it at home, or with + and the country code."
    );
    assert_eq!(
        text(&root, ".intro"),
        "Sign in with your phone number and password. Your password never leaves this device."
    );
    find::<HtmlInputElement>(&root, "#password").set_value("Secret-1!");
    type_into(&field, "081 23");
    find::<HtmlButtonElement>(&root, "button[type=submit]").click();
    tick().await;
    assert!(got.get_untracked().is_empty(), "not a number: nothing sent");
    assert_eq!(field.get_attribute("aria-invalid").as_deref(), Some("true"));
    assert_eq!(
        field.get_attribute("aria-describedby").as_deref(),
        Some("username-hint username-error")
    );
    assert_eq!(
        text(&root, "#username-error"),
        "That is not a phone number. Check the digits."
    );
    type_into(&field, "081-234-5678");
    tick().await;
    assert_eq!(
        field.get_attribute("aria-invalid"),
        None,
        "typing clears it"
    );
    find::<HtmlButtonElement>(&root, "button[type=submit]").click();
    tick().await;
    assert_eq!(
        got.get_untracked().first().map(|c| c.email.clone()),
        Some("+66812345678".into())
    );
}

/// The confirmation screen offers a new code only after its cool-down.
#[wasm_bindgen_test]
async fn confirm_sign_up_waits_before_another_code() {
    use cognito_2fa::ui::components::{ConfirmSignUpForm, RESEND_COOL_DOWN_SECS};
    let resends = RwSignal::new(0);
    let root = mount(move || {
        view! {
            <ConfirmSignUpForm destination=Some("k***@e***".to_string()) on_submit=|_: String| {}
                on_resend=move |()| resends.update(|n| *n += 1) on_cancel=|()| {}
                pending=false error=no_error() resent=false/>
        }
    });
    tick().await;
    assert_eq!(text(&root, ".destination"), "k***@e***");
    let resend: HtmlButtonElement = find(&root, "button.resend");
    assert!(resend.disabled(), "no new code right away");
    assert!(
        resend
            .text_content()
            .unwrap_or_default()
            .contains(&format!("{RESEND_COOL_DOWN_SECS} s")),
        "{:?}",
        resend.text_content()
    );
    resend.click();
    tick().await;
    assert_eq!(
        resends.get_untracked(),
        0,
        "a click during the cool-down sends nothing"
    );
}

#[wasm_bindgen_test]
async fn mfa_factors_show_state_and_offer_what_each_factor_allows() {
    use leptos_router::components::Router;
    let got = RwSignal::new(Vec::<MfaChange>::new());
    let replaced = RwSignal::new(0);
    let pending = RwSignal::new(false);
    let profile = UserProfile {
        username: "u".into(),
        email: Some("kim@example.com".into()),
        phone_number: None,
        enabled: vec![MfaFactor::AuthenticatorApp, MfaFactor::Email],
        preferred: Some(MfaFactor::AuthenticatorApp),
        passkey_mfa: false,
        ..UserProfile::default()
    };
    let root = mount(move || {
        view! {
            <Router>
                <MfaFactors profile=profile pending=pending on_change=move |c| got.update(|v| v.push(c))
                    on_replace=move |()| replaced.update(|n| *n += 1)/>
            </Router>
        }
    });
    tick().await;
    assert_eq!(text(&root, "[data-mfa=totp]"), "On · preferred");
    assert_eq!(text(&root, "[data-mfa=sms]"), "Off");
    assert_eq!(text(&root, "[data-mfa=email]"), "On");
    let buttons = |factor: &str| -> Vec<String> {
        let list = root
            .query_selector_all(&format!("[aria-labelledby=factor-{factor}] button"))
            .unwrap();
        (0..list.length())
            .filter_map(|i| list.item(i)?.text_content())
            .collect()
    };
    assert_eq!(
        buttons("totp"),
        ["Replace authenticator app", "Turn off"],
        "preferred already"
    );
    assert_eq!(buttons("email"), ["Make preferred", "Turn off"]);
    assert!(
        buttons("sms").is_empty(),
        "no phone number: nothing to turn on"
    );
    assert!(text(&root, "[aria-labelledby=factor-sms]").contains("Add a phone number"));
    find::<HtmlButtonElement>(&root, "[aria-labelledby=factor-email] button:last-child").click();
    find::<HtmlButtonElement>(&root, "[aria-labelledby=factor-totp] button").click();
    tick().await;
    assert_eq!(got.get_untracked(), [MfaChange::TurnOff(MfaFactor::Email)]);
    assert_eq!(replaced.get_untracked(), 1);
    pending.set(true);
    tick().await;
    find::<HtmlButtonElement>(&root, "[aria-labelledby=factor-email] button").click();
    tick().await;
    assert_eq!(
        got.get_untracked().len(),
        1,
        "nothing more while a change is in flight"
    );
}

#[wasm_bindgen_test]
async fn mfa_factors_without_an_app_link_to_its_set_up() {
    use leptos_router::components::Router;
    let profile = UserProfile {
        username: "u".into(),
        email: Some("kim@example.com".into()),
        phone_number: Some("+15555550100".into()),
        ..UserProfile::default()
    };
    let root = mount(move || {
        view! { <Router><MfaFactors profile=profile pending=Signal::stored(false) on_change=|_| {} on_replace=|()| {}/></Router> }
    });
    tick().await;
    let link: HtmlElement = find(&root, "[aria-labelledby=factor-totp] a");
    assert_eq!(link.get_attribute("href").as_deref(), Some("/setup-2fa"));
    assert_eq!(
        text(&root, "[aria-labelledby=factor-sms] button"),
        "Turn on"
    );
    assert!(
        text(&root, ".notice").contains("Two-factor authentication is not set up yet"),
        "nothing on: say so"
    );
}

#[wasm_bindgen_test]
async fn a_step_up_form_fixes_the_account_and_offers_only_a_way_back() {
    let email = RwSignal::new("kim@example.com".to_owned());
    let back = RwSignal::new(0);
    let got = RwSignal::new(None::<Credentials>);
    let root = mount(move || {
        view! {
            <LoginForm on_submit=move |c| got.set(Some(c)) pending=Signal::stored(false) error=no_error()
                email=email step_up_back=move |()| back.update(|n| *n += 1)/>
        }
    });
    tick().await;
    assert_eq!(text(&root, "h1"), "Confirm it's you");
    let field: HtmlInputElement = find(&root, "#username");
    assert!(field.read_only(), "the signed-in account, nobody else");
    assert_eq!(field.value(), "kim@example.com");
    assert!(!root.inner_html().contains("Create an account"));
    assert!(!root.inner_html().contains("Forgot your password"));
    type_into(&find(&root, "#password"), "Secret-1!");
    find::<HtmlButtonElement>(&root, "button[type=submit]").click();
    tick().await;
    assert_eq!(
        got.get_untracked().map(|c| c.email),
        Some("kim@example.com".into())
    );
    find::<HtmlButtonElement>(&root, "button.link:not(.show-password)").click();
    tick().await;
    assert_eq!(back.get_untracked(), 1);
}

#[wasm_bindgen_test]
async fn a_choice_form_signs_in_with_a_typed_password_on_enter_and_otherwise_with_its_first_way() {
    let passwords = RwSignal::new(Vec::<Credentials>::new());
    let first_factors = RwSignal::new(Vec::<(String, SignInMethod)>::new());
    let root = mount(move || {
        view! {
            <LoginForm methods=vec![SignInMethod::EmailCode, SignInMethod::Password, SignInMethod::Passkey]
                on_submit=move |c| passwords.update(|v| v.push(c))
                on_first_factor=move |m| first_factors.update(|v| v.push(m))
                pending=Signal::stored(false) error=no_error()/>
        }
    });
    tick().await;
    let email: HtmlInputElement = find(&root, "#username");
    assert_eq!(
        email.get_attribute("autocomplete").as_deref(),
        Some("username webauthn"),
        "passkeys in the email field's autofill"
    );
    type_into(&email, "kim@example.com");
    let form: web_sys::HtmlFormElement = find(&root, "form");
    // Enter with no password: the first way, a code by email.
    form.request_submit().unwrap();
    tick().await;
    assert_eq!(
        first_factors.get_untracked(),
        [("kim@example.com".to_owned(), SignInMethod::EmailCode)]
    );
    // A passwordless way first: the name alone is asked; the password's button shows its field
    // (and sends nothing), "Forgot your password?" aside.
    let password_field = || find::<HtmlElement>(&root, ".field:has(#password)");
    assert!(
        password_field().hidden(),
        "the password waits for its button"
    );
    let password_button: HtmlButtonElement = find(&root, "button[value=password]");
    assert_eq!(
        password_button.text_content().as_deref(),
        Some("Sign in with your password")
    );
    password_button.click();
    tick().await;
    assert!(!password_field().hidden());
    assert!(passwords.get_untracked().is_empty() && first_factors.get_untracked().len() == 1);
    // Enter with a password typed: the password (by SRP), not an email code.
    type_into(&find(&root, "#password"), "Secret-1!");
    form.request_submit().unwrap();
    tick().await;
    assert_eq!(passwords.get_untracked().len(), 1);
    assert_eq!(passwords.get_untracked()[0].password.as_str(), "Secret-1!");
    assert_eq!(first_factors.get_untracked().len(), 1);
    // A button says which: the passkey's, even with the password typed.
    find::<HtmlButtonElement>(&root, "button[value=passkey]").click();
    tick().await;
    assert_eq!(
        first_factors.get_untracked().last(),
        Some(&("kim@example.com".to_owned(), SignInMethod::Passkey))
    );
    assert_eq!(passwords.get_untracked().len(), 1);
}

#[wasm_bindgen_test]
async fn a_step_up_with_ways_in_offers_them_for_the_account_and_no_passkey_autofill() {
    let email = RwSignal::new("kim@example.com".to_owned());
    let first_factors = RwSignal::new(Vec::<(String, SignInMethod)>::new());
    let root = mount(move || {
        view! {
            <LoginForm methods=vec![SignInMethod::Password, SignInMethod::EmailCode, SignInMethod::Passkey]
                on_submit=|_| {} on_first_factor=move |m| first_factors.update(|v| v.push(m))
                pending=Signal::stored(false) error=no_error() email=email step_up_back=|()| {}/>
        }
    });
    tick().await;
    assert_eq!(text(&root, "h1"), "Confirm it's you");
    let field: HtmlInputElement = find(&root, "#username");
    assert!(field.read_only());
    assert_eq!(
        field.get_attribute("autocomplete").as_deref(),
        Some("username")
    );
    assert_eq!(text(&root, "button[value=password]"), "Continue");
    assert!(!root.inner_html().contains("Forgot your password"));
    find::<HtmlButtonElement>(&root, "button[value=passkey]").click();
    tick().await;
    assert_eq!(
        first_factors.get_untracked(),
        [("kim@example.com".to_owned(), SignInMethod::Passkey)]
    );
}

#[wasm_bindgen_test]
async fn device_list_marks_this_device_and_offers_remember_only_for_it() {
    let forgot = RwSignal::new(Vec::<String>::new());
    let remembered = RwSignal::new(Vec::<String>::new());
    let devices = vec![
        DeviceInfo {
            key: "us-east-1_here".into(),
            name: Some("Chrome on Linux".into()),
            last_used_ms: Some(1_796_000_000_000.0),
            remembered: false,
        },
        DeviceInfo {
            key: "us-east-1_phone".into(),
            name: None,
            last_used_ms: None,
            remembered: true,
        },
    ];
    let root = mount(move || {
        view! {
            <DeviceList devices=devices current=Some("us-east-1_here".to_owned()) pending=Signal::stored(false)
                on_forget=move |k| forgot.update(|v| v.push(k)) on_remember=move |k| remembered.update(|v| v.push(k))/>
        }
    });
    tick().await;
    let here: HtmlElement = find(&root, "[data-current=true]");
    let text_of = |e: &HtmlElement| e.text_content().unwrap_or_default();
    assert!(text_of(&here).contains("Chrome on Linux · This device"));
    assert!(text_of(&here).contains("Not remembered"));
    assert!(text_of(&here).contains("Last used"));
    let other: HtmlElement = find(&root, "[data-device=us-east-1_phone]");
    assert!(text_of(&other).contains("Unnamed device") && text_of(&other).contains("Remembered"));
    assert!(
        !text_of(&other).contains("Remember "),
        "no Remember for another device"
    );
    let here_buttons = here.get_elements_by_tag_name("button");
    assert_eq!(here_buttons.length(), 2, "Remember and Forget");
    here_buttons
        .item(0)
        .unwrap()
        .unchecked_into::<HtmlButtonElement>()
        .click();
    other
        .get_elements_by_tag_name("button")
        .item(0)
        .unwrap()
        .unchecked_into::<HtmlButtonElement>()
        .click();
    tick().await;
    assert_eq!(remembered.get_untracked(), ["us-east-1_here"]);
    assert_eq!(forgot.get_untracked(), ["us-east-1_phone"]);
}

#[wasm_bindgen_test]
async fn remember_device_form_reports_one_choice() {
    let got = RwSignal::new(Vec::<bool>::new());
    let pending = RwSignal::new(false);
    let root = mount(move || {
        view! { <RememberDeviceForm on_choice=move |c| got.update(|v| v.push(c)) pending=pending error=no_error()/> }
    });
    tick().await;
    assert_eq!(text(&root, "h1"), "Remember this device?");
    let no: HtmlButtonElement = find(&root, "button.secondary");
    no.click();
    tick().await;
    assert_eq!(got.get_untracked(), [false]);
    pending.set(true);
    tick().await;
    find::<HtmlButtonElement>(&root, "button.primary").click();
    tick().await;
    assert_eq!(
        got.get_untracked(),
        [false],
        "nothing more while the answer is sent"
    );
}
