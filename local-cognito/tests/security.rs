//! The stand-in claims to check sign-ins the way Cognito does; each finding of the security read
//! of it (issue 19) has its regression test here, with the Cognito behaviour it models cited in
//! the code it tests and in local-cognito/BEHAVIOURS.md. Devices and passkeys have theirs in
//! `devices.rs` and `webauthn.rs`; the HTTP policy in `http_policy.rs`.

mod common;

use std::time::Duration;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64URL;
use common::{now_stamp, refused};
use local_cognito::error::ApiError;
use local_cognito::service::{Clock, Service, ServiceConfig};
use local_cognito::store::Store;
use serde_json::{Value, json};

const POOL: &str = "us-east-1_Sec";
const OTHER_POOL: &str = "us-east-1_SecOther";
const ALIAS_POOL: &str = "us-east-1_SecAlias";
const CLIENT: &str = "secclient";
const LEGACY: &str = "seclegacyclient";
const OTHER_CLIENT: &str = "secotherclient";
const ALIAS_CLIENT: &str = "secaliasclient";
const KIM: &str = "kim@example.com";
const PASSWORD: &str = "Kim-Passw0rd!";
const NEW_PASSWORD: &str = "Kim-Passw0rd!2";

fn flows() -> Value {
    json!([
        "ALLOW_USER_PASSWORD_AUTH",
        "ALLOW_USER_SRP_AUTH",
        "ALLOW_REFRESH_TOKEN_AUTH",
        "ALLOW_USER_AUTH"
    ])
}

fn seed() -> Value {
    json!({ "pools": [
        {
            "id": POOL, "name": "security", "mfa": "OPTIONAL", "email": true,
            "allowed_first_auth_factors": ["PASSWORD", "EMAIL_OTP"],
            "clients": [
                { "id": CLIENT, "name": "web", "auth_flows": flows() },
                { "id": LEGACY, "name": "legacy", "auth_flows": flows(), "prevent_user_existence_errors": "LEGACY" },
            ],
            "users": [{ "email": KIM, "password": PASSWORD }],
        },
        {
            "id": OTHER_POOL, "name": "other", "mfa": "OPTIONAL",
            "clients": [{ "id": OTHER_CLIENT, "name": "web", "auth_flows": flows() }],
            "users": [{ "email": KIM, "password": PASSWORD }],
        },
        {
            "id": ALIAS_POOL, "name": "alias", "mfa": "OPTIONAL", "email_as_username": false, "alias_attributes": ["email"],
            "clients": [{ "id": ALIAS_CLIENT, "name": "web", "auth_flows": flows() }],
        },
    ]})
}

/// The pools on a clock the test moves.
fn service() -> Service {
    common::seeded_service_on(seed(), Clock::manual())
}

fn call(s: &Service, op: &str, body: Value) -> Result<Value, ApiError> {
    s.call(op, &body)
}

fn password_sign_in(
    s: &Service,
    client: &str,
    name: &str,
    password: &str,
) -> Result<Value, ApiError> {
    call(
        s,
        "InitiateAuth",
        json!({ "AuthFlow": "USER_PASSWORD_AUTH", "ClientId": client, "AuthParameters": { "USERNAME": name, "PASSWORD": password } }),
    )
}

fn tokens(s: &Service, client: &str, name: &str) -> Value {
    password_sign_in(s, client, name, PASSWORD).expect("signed in")["AuthenticationResult"].clone()
}

fn email_code_sign_in(s: &Service, name: &str) -> Value {
    call(s, "InitiateAuth", json!({ "AuthFlow": "USER_AUTH", "ClientId": CLIENT, "AuthParameters": { "USERNAME": name, "PREFERRED_CHALLENGE": "EMAIL_OTP" } }))
        .expect("an EMAIL_OTP challenge")
}

fn answer_email_code(
    s: &Service,
    challenge: &Value,
    name: &str,
    code: &str,
) -> Result<Value, ApiError> {
    call(
        s,
        "RespondToAuthChallenge",
        json!({ "ClientId": CLIENT, "ChallengeName": "EMAIL_OTP", "Session": challenge["Session"],
        "ChallengeResponses": { "USERNAME": name, "EMAIL_OTP_CODE": code } }),
    )
}

/// An admin reset of KIM's password (RESET_REQUIRED); [`RESET_REQUIRED`] is what any sign-in of
/// theirs then reads.
fn require_reset(s: &Service) {
    call(
        s,
        "AdminResetUserPassword",
        json!({ "UserPoolId": POOL, "Username": KIM }),
    )
    .expect("reset required");
}
const RESET_REQUIRED: (&str, &str) = (
    "PasswordResetRequiredException",
    "Password reset required for the user",
);

const WRONG_CODE: (&str, &str) = (
    "CodeMismatchException",
    "Invalid code or auth state for the user.",
);

fn forgot_password(s: &Service, client: &str, name: &str) -> Result<Value, ApiError> {
    call(
        s,
        "ForgotPassword",
        json!({ "ClientId": client, "Username": name }),
    )
}

fn last_code(s: &Service, name: &str) -> String {
    s.deliveries(name)
        .last()
        .expect("a code was sent")
        .code
        .clone()
}

fn claims(jwt: &Value) -> Value {
    let payload = jwt
        .as_str()
        .expect("a JWT")
        .split('.')
        .nth(1)
        .expect("a payload");
    serde_json::from_slice(&B64URL.decode(payload).expect("base64url")).expect("JSON")
}

fn create_user(s: &Service, pool: &str, name: &str, email: &str, verified: bool) {
    call(s, "AdminCreateUser", json!({ "UserPoolId": pool, "Username": name, "MessageAction": "SUPPRESS", "TemporaryPassword": PASSWORD,
        "UserAttributes": [{ "Name": "email", "Value": email }, { "Name": "email_verified", "Value": verified.to_string() }] }))
        .expect("created");
    call(
        s,
        "AdminSetUserPassword",
        json!({ "UserPoolId": pool, "Username": name, "Password": PASSWORD, "Permanent": true }),
    )
    .expect("password set");
}

// USER_AUTH EMAIL_OTP / SMS_OTP sessions.

#[test]
fn a_code_session_begun_for_nobody_never_signs_in_even_once_that_name_exists() {
    let s = service();
    let ghost = "ghost@example.com";
    let challenge = email_code_sign_in(&s, ghost);
    assert_eq!(
        challenge["ChallengeName"], "EMAIL_OTP",
        "nobody gets the challenge a user would"
    );
    assert!(s.deliveries(ghost).is_empty(), "nothing was sent");
    // The name signs up (and is confirmed) meanwhile: the old session is still nobody's.
    call(
        &s,
        "SignUp",
        json!({ "ClientId": CLIENT, "Username": ghost, "Password": PASSWORD }),
    )
    .expect("signed up");
    let code = last_code(&s, ghost);
    call(
        &s,
        "ConfirmSignUp",
        json!({ "ClientId": CLIENT, "Username": ghost, "ConfirmationCode": code }),
    )
    .expect("confirmed");
    for answer in ["", "00000000", &code] {
        let (kind, message) = WRONG_CODE;
        refused(
            answer_email_code(&s, &challenge, ghost, answer),
            kind,
            message,
        );
    }
}

#[test]
fn only_the_exact_digits_sent_are_right() {
    let s = service();
    let challenge = email_code_sign_in(&s, KIM);
    let code = last_code(&s, KIM);
    let (kind, message) = WRONG_CODE;
    // (Four: a fifth wrong answer would end the session.)
    for near in [
        format!(" {code}"),
        format!("{code}0"),
        code[..7].to_owned(),
        String::new(),
    ] {
        refused(answer_email_code(&s, &challenge, KIM, &near), kind, message);
    }
    let signed_in = answer_email_code(&s, &challenge, KIM, &code).expect("the right code signs in");
    assert!(signed_in["AuthenticationResult"]["AccessToken"].is_string());
}

#[test]
fn a_user_whose_password_must_be_reset_signs_in_no_other_way() {
    let s = service();
    require_reset(&s);
    let sent = s.deliveries(KIM).len();
    let challenge = email_code_sign_in(&s, KIM);
    assert_eq!(
        s.deliveries(KIM).len(),
        sent,
        "no sign-in code for an account that must reset"
    );
    // Nothing was sent: no answer is right, an empty one least of all.
    let (kind, message) = WRONG_CODE;
    refused(answer_email_code(&s, &challenge, KIM, ""), kind, message);
    refused(
        answer_email_code(&s, &challenge, KIM, "12345678"),
        kind,
        message,
    );
    let (kind, message) = RESET_REQUIRED;
    refused(password_sign_in(&s, CLIENT, KIM, PASSWORD), kind, message);
}

#[test]
fn a_code_sent_before_a_password_reset_no_longer_signs_in() {
    let s = service();
    let challenge = email_code_sign_in(&s, KIM);
    let code = last_code(&s, KIM);
    require_reset(&s);
    let (kind, message) = RESET_REQUIRED;
    refused(answer_email_code(&s, &challenge, KIM, &code), kind, message);
}

#[test]
fn a_late_code_reads_the_same_for_nobody_as_for_a_user() {
    let s = service();
    let kim = email_code_sign_in(&s, KIM);
    let kim_code = last_code(&s, KIM);
    let ghost = email_code_sign_in(&s, "ghost@example.com");
    s.clock().advance(Duration::from_secs(3 * 60 + 1));
    let late = |challenge: &Value, name: &str, code: &str| {
        answer_email_code(&s, challenge, name, code).expect_err("too late")
    };
    let (kim_err, ghost_err) = (
        late(&kim, KIM, &kim_code),
        late(&ghost, "ghost@example.com", "12345678"),
    );
    assert_eq!(kim_err.kind, ghost_err.kind, "{kim_err:?} / {ghost_err:?}");
    assert_eq!(kim_err.message, ghost_err.message);
    assert_eq!(kim_err.kind, "NotAuthorizedException");
}

#[test]
fn codes_sent_and_wrong_answers_are_limited_per_hour() {
    let s = service();
    let forgot = || forgot_password(&s, CLIENT, KIM);
    let confirm = |code: &str| {
        call(
            &s,
            "ConfirmForgotPassword",
            json!({ "ClientId": CLIENT, "Username": KIM, "ConfirmationCode": code, "Password": NEW_PASSWORD }),
        )
    };
    // Wrong answers count with the codes sent: 4 wrong + 16 sent = the hour's 20.
    forgot().expect("a code");
    for _ in 0..4 {
        refused(
            confirm("000000"),
            "CodeMismatchException",
            "Invalid verification code provided, please try again.",
        );
    }
    for _ in 0..15 {
        forgot().expect("a code");
    }
    let (kind, message) = (
        "LimitExceededException",
        "Attempt limit exceeded, please try after some time.",
    );
    refused(forgot(), kind, message);
    // The last code sent still works: the limit stops new codes and guesses, not the owner.
    confirm(&last_code(&s, KIM)).expect("reset");
    s.clock().advance(Duration::from_secs(3600));
    forgot().expect("a new hour, a new code");
}

// SignUp attributes and token claims.

#[test]
fn sign_up_refuses_names_outside_the_schema_and_flags_only_cognito_sets() {
    let s = service();
    let sign_up = |name: &str, value: &str| {
        call(
            &s,
            "SignUp",
            json!({ "ClientId": CLIENT, "Username": "eve@example.com", "Password": PASSWORD,
            "UserAttributes": [{ "Name": name, "Value": value }] }),
        )
    };
    for claim in ["aud", "token_use", "iss", "cognito:groups", "custom:role"] {
        refused(
            sign_up(claim, "x"),
            "InvalidParameterException",
            &format!(
                "Attributes did not conform to the schema: {claim}: Attribute does not exist in the schema.\n"
            ),
        );
    }
    for flag in ["email_verified", "phone_number_verified", "sub"] {
        refused(
            sign_up(flag, "true"),
            "NotAuthorizedException",
            "A client attempted to write unauthorized attribute",
        );
    }
    assert!(
        s.deliveries("eve@example.com").is_empty(),
        "no account was made"
    );
    sign_up("name", "Eve").expect("a standard attribute is fine");
}

#[test]
fn an_attribute_never_overwrites_a_claim_cognito_sets() {
    // A state file from before the schema check, holding attributes that name claims.
    let (dir, cfg) = with_state_file("claims");
    let path = dir.join("state.json");
    common_seed(
        &Service::with_clock(cfg.clone(), Store::default(), Clock::system()).expect("starts"),
    );
    let mut store: Value =
        serde_json::from_slice(&std::fs::read(&path).expect("saved")).expect("JSON");
    let user = store["pools"][POOL]["users"]
        .as_object_mut()
        .expect("users")
        .values_mut()
        .next()
        .expect("kim");
    for (name, value) in [
        ("aud", "evil-client"),
        ("token_use", "access"),
        ("iss", "https://evil.example"),
        ("cognito:groups", "admins"),
        ("exp", "9999999999"),
        ("custom:plan", "pro"),
    ] {
        user["attributes"][name] = json!(value);
    }
    std::fs::write(&path, serde_json::to_vec(&store).expect("JSON")).expect("written");
    let s = Service::with_clock(
        cfg,
        Store::load(&path).expect("loads").expect("present"),
        Clock::system(),
    )
    .expect("starts");
    let id = claims(&tokens(&s, CLIENT, KIM)["IdToken"]);
    assert_eq!(id["aud"], CLIENT);
    assert_eq!(id["token_use"], "id");
    assert!(
        id["iss"].as_str().is_some_and(|i| i.ends_with(POOL)),
        "{}",
        id["iss"]
    );
    assert!(id.get("cognito:groups").is_none());
    assert!(id["exp"].as_i64().is_some_and(|e| e < 9_999_999_999));
    assert_eq!(
        id["email"], KIM,
        "the user's own attributes are still there"
    );
    assert_eq!(
        id["custom:plan"], "pro",
        "a custom attribute users hold becomes the pool's"
    );
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn a_new_password_answer_cannot_name_a_claim() {
    let s = service();
    call(&s, "AdminCreateUser", json!({ "UserPoolId": POOL, "Username": "new@example.com", "MessageAction": "SUPPRESS",
        "TemporaryPassword": PASSWORD, "UserAttributes": [{ "Name": "email", "Value": "new@example.com" }] }))
    .expect("created");
    let challenge = password_sign_in(&s, CLIENT, "new@example.com", PASSWORD).expect("a challenge");
    assert_eq!(challenge["ChallengeName"], "NEW_PASSWORD_REQUIRED");
    let answer = |attributes: Value| {
        let mut responses = json!({ "USERNAME": "new@example.com", "NEW_PASSWORD": NEW_PASSWORD });
        for (name, value) in attributes.as_object().expect("an object") {
            responses[format!("userAttributes.{name}")] = value.clone();
        }
        call(
            &s,
            "RespondToAuthChallenge",
            json!({ "ClientId": CLIENT, "ChallengeName": "NEW_PASSWORD_REQUIRED",
            "Session": challenge["Session"], "ChallengeResponses": responses }),
        )
    };
    refused(
        answer(json!({ "aud": "evil-client", "custom:role": "admin" })),
        "InvalidParameterException",
        "Attributes did not conform to the schema: aud: Attribute does not exist in the schema.\ncustom:role: Attribute does not exist in the schema.\n",
    );
    let signed_in = answer(json!({ "name": "New" })).expect("a schema attribute is fine");
    let id = claims(&signed_in["AuthenticationResult"]["IdToken"]);
    assert_eq!(
        (id["aud"].clone(), id["name"].clone()),
        (json!(CLIENT), json!("New"))
    );
}

/// A fresh directory and a quiet configuration that keeps its state in `state.json` there.
fn with_state_file(label: &str) -> (std::path::PathBuf, ServiceConfig) {
    let dir = std::env::temp_dir().join(format!("lc-{label}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a directory");
    let cfg = ServiceConfig {
        state_path: Some(dir.join("state.json")),
        print_codes: false,
        ..ServiceConfig::default()
    };
    (dir, cfg)
}

fn common_seed(s: &Service) {
    local_cognito::seed::Seed::parse(&seed().to_string())
        .expect("parses")
        .apply(s)
        .expect("applies");
}

#[test]
fn each_pool_signs_with_its_own_key() {
    let s = service();
    let jwks = |pool: &str| s.jwks(pool).expect("a pool")["keys"][0].clone();
    let (a, b) = (jwks(POOL), jwks(OTHER_POOL));
    assert_ne!(a["n"], b["n"], "two pools, two keys");
    assert_ne!(a["kid"], b["kid"]);
    // A token of one pool is no token of the other's, however its claims read.
    let access = tokens(&s, CLIENT, KIM)["AccessToken"].clone();
    assert_eq!(
        claims(&access)["iss"].as_str().map(|i| i.ends_with(POOL)),
        Some(true)
    );
    let header = B64URL
        .decode(access.as_str().unwrap().split('.').next().unwrap())
        .unwrap();
    let kid: Value = serde_json::from_slice(&header).unwrap();
    assert_eq!(kid["kid"], a["kid"], "signed with its own pool's key");
    // The same token with its iss naming the other pool (signature left as it was) is refused.
    let parts: Vec<&str> = access.as_str().unwrap().split('.').collect();
    let mut forged = claims(&access);
    forged["iss"] = json!(format!("http://127.0.0.1:9229/{OTHER_POOL}"));
    let forged = format!(
        "{}.{}.{}",
        parts[0],
        B64URL.encode(forged.to_string()),
        parts[2]
    );
    refused(
        call(&s, "GetUser", json!({ "AccessToken": forged })),
        "NotAuthorizedException",
        "Invalid Access Token",
    );
    call(&s, "GetUser", json!({ "AccessToken": access })).expect("the real one works");
}

// Look-ups by email.

#[test]
fn a_sign_up_naming_someone_elses_email_never_takes_over_their_account() {
    let s = service();
    // Where email is the user name, the email attribute is the user name: the victim's cannot
    // be given, and the victim's own stays theirs.
    call(
        &s,
        "SignUp",
        json!({ "ClientId": CLIENT, "Username": "eve@example.com", "Password": PASSWORD,
        "UserAttributes": [{ "Name": "email", "Value": KIM }] }),
    )
    .expect("signed up as eve");
    refused(
        call(
            &s,
            "SignUp",
            json!({ "ClientId": CLIENT, "Username": "KIM@example.com", "Password": PASSWORD }),
        ),
        "UsernameExistsException",
        "An account with the given email already exists.",
    );
    assert_eq!(claims(&tokens(&s, CLIENT, KIM)["IdToken"])["email"], KIM);

    // Where the user name is not the email (an alias pool), a sign-up naming the owner's
    // verified email does not shadow it: sign-in, reset, codes and /_local/totp find the owner.
    create_user(&s, ALIAS_POOL, "kim", KIM, true);
    call(
        &s,
        "SignUp",
        json!({ "ClientId": ALIAS_CLIENT, "Username": "eve", "Password": PASSWORD,
        "UserAttributes": [{ "Name": "email", "Value": KIM }] }),
    )
    .expect("eve signs up with kim's email");
    let id = claims(&tokens(&s, ALIAS_CLIENT, KIM)["IdToken"]);
    assert_eq!(id["cognito:username"], "kim");
    forgot_password(&s, ALIAS_CLIENT, KIM).expect("a reset code");
    let reset = s
        .deliveries(KIM)
        .into_iter()
        .filter(|d| d.purpose == "password reset")
        .collect::<Vec<_>>();
    assert_eq!(
        reset.last().map(|d| d.username.as_str()),
        Some("kim"),
        "the code went to the owner"
    );
}

// ConfirmSignUp, ForgotPassword, ResendConfirmationCode, ChangePassword.

#[test]
fn confirmation_codes_take_five_wrong_guesses_then_none_until_a_new_one() {
    let s = service();
    call(
        &s,
        "SignUp",
        json!({ "ClientId": CLIENT, "Username": "new@example.com", "Password": PASSWORD }),
    )
    .expect("signed up");
    let right = last_code(&s, "new@example.com");
    let confirm = |code: &str| {
        call(
            &s,
            "ConfirmSignUp",
            json!({ "ClientId": CLIENT, "Username": "new@example.com", "ConfirmationCode": code }),
        )
    };
    let wrong = if right == "000000" {
        "111111"
    } else {
        "000000"
    };
    for _ in 0..5 {
        refused(
            confirm(wrong),
            "CodeMismatchException",
            "Invalid verification code provided, please try again.",
        );
    }
    refused(
        confirm(&right),
        "LimitExceededException",
        "Attempt limit exceeded, please try after some time.",
    );
    call(
        &s,
        "ResendConfirmationCode",
        json!({ "ClientId": CLIENT, "Username": "new@example.com" }),
    )
    .expect("a new code");
    confirm(&last_code(&s, "new@example.com")).expect("the new code confirms");

    // The same for a reset code.
    forgot_password(&s, CLIENT, KIM).expect("a reset code");
    let right = last_code(&s, KIM);
    let wrong = if right == "000000" {
        "111111"
    } else {
        "000000"
    };
    let reset = |code: &str| {
        call(
            &s,
            "ConfirmForgotPassword",
            json!({ "ClientId": CLIENT, "Username": KIM, "ConfirmationCode": code, "Password": NEW_PASSWORD }),
        )
    };
    for _ in 0..5 {
        refused(
            reset(wrong),
            "CodeMismatchException",
            "Invalid verification code provided, please try again.",
        );
    }
    refused(
        reset(&right),
        "LimitExceededException",
        "Attempt limit exceeded, please try after some time.",
    );
    password_sign_in(&s, CLIENT, KIM, PASSWORD).expect("the password did not change");
}

#[test]
fn an_unconfirmed_user_is_sent_no_reset_code_and_the_codes_stay_apart() {
    let s = service();
    call(
        &s,
        "SignUp",
        json!({ "ClientId": CLIENT, "Username": "new@example.com", "Password": PASSWORD }),
    )
    .expect("signed up");
    let sign_up_code = last_code(&s, "new@example.com");
    // No verified address yet: a simulated delivery (AWS: "doesn't have a verified delivery
    // mechanism ... returns CodeDeliveryDetails with a simulated delivery medium"), nothing sent,
    // and the confirmation code still works.
    let simulated = forgot_password(&s, CLIENT, "new@example.com").expect("a simulated delivery");
    assert_eq!(simulated["CodeDeliveryDetails"]["DeliveryMedium"], "EMAIL");
    assert_eq!(
        s.deliveries("new@example.com").len(),
        1,
        "only the sign-up code was sent"
    );
    call(&s, "ConfirmSignUp", json!({ "ClientId": CLIENT, "Username": "new@example.com", "ConfirmationCode": sign_up_code.clone() })).expect("confirmed");
    // Confirmed: now a reset code is sent, and the old sign-up code is no reset code.
    forgot_password(&s, CLIENT, "new@example.com").expect("a reset code");
    let reset_code = last_code(&s, "new@example.com");
    assert_ne!(reset_code, sign_up_code);
    refused(
        call(
            &s,
            "ConfirmForgotPassword",
            json!({ "ClientId": CLIENT, "Username": "new@example.com", "ConfirmationCode": sign_up_code, "Password": NEW_PASSWORD }),
        ),
        "CodeMismatchException",
        "Invalid verification code provided, please try again.",
    );
    call(&s, "ConfirmForgotPassword", json!({ "ClientId": CLIENT, "Username": "new@example.com", "ConfirmationCode": reset_code, "Password": NEW_PASSWORD }))
        .expect("reset with its own code");
    // Resending to a confirmed user: nothing to confirm.
    refused(
        call(
            &s,
            "ResendConfirmationCode",
            json!({ "ClientId": CLIENT, "Username": "new@example.com" }),
        ),
        "InvalidParameterException",
        "User is already confirmed.",
    );
}

#[test]
fn change_password_guesses_are_limited_and_the_limit_passes() {
    let s = service();
    let access = tokens(&s, CLIENT, KIM)["AccessToken"].clone();
    let change = |previous: &str| {
        call(
            &s,
            "ChangePassword",
            json!({ "AccessToken": access, "PreviousPassword": previous, "ProposedPassword": NEW_PASSWORD }),
        )
    };
    for _ in 0..5 {
        refused(
            change("Wrong-Passw0rd!"),
            "NotAuthorizedException",
            "Incorrect username or password.",
        );
    }
    refused(
        change(PASSWORD),
        "LimitExceededException",
        "Attempt limit exceeded, please try after some time.",
    );
    s.clock().advance(Duration::from_secs(2));
    change(PASSWORD).expect("after the back-off, the right password works");
}

#[test]
fn unknown_names_are_answered_as_the_client_says() {
    let s = service();
    // PreventUserExistenceErrors ENABLED: a simulated delivery, a code mismatch.
    let sent = forgot_password(&s, CLIENT, "nobody@example.com").expect("simulated");
    assert_eq!(
        sent["CodeDeliveryDetails"],
        json!({ "Destination": "n***@e***", "DeliveryMedium": "EMAIL", "AttributeName": "email" })
    );
    let resent = call(
        &s,
        "ResendConfirmationCode",
        json!({ "ClientId": CLIENT, "Username": "nobody@example.com" }),
    )
    .expect("simulated");
    assert_eq!(resent["CodeDeliveryDetails"]["DeliveryMedium"], "EMAIL");
    assert!(
        s.deliveries("nobody@example.com").is_empty(),
        "nothing was sent"
    );
    refused(
        call(
            &s,
            "ConfirmForgotPassword",
            json!({ "ClientId": CLIENT, "Username": "nobody@example.com", "ConfirmationCode": "123456", "Password": NEW_PASSWORD }),
        ),
        "CodeMismatchException",
        "Invalid verification code provided, please try again.",
    );
    // LEGACY: UserNotFoundException, for the codes and for a sign-in.
    for op in ["ForgotPassword", "ResendConfirmationCode"] {
        refused(
            call(
                &s,
                op,
                json!({ "ClientId": LEGACY, "Username": "nobody@example.com" }),
            ),
            "UserNotFoundException",
            "Username/client id combination not found.",
        );
    }
    refused(
        password_sign_in(&s, LEGACY, "nobody@example.com", PASSWORD),
        "UserNotFoundException",
        "User does not exist.",
    );
    refused(
        password_sign_in(&s, CLIENT, "nobody@example.com", PASSWORD),
        "NotAuthorizedException",
        "Incorrect username or password.",
    );
}

// The decoy of USER_SRP_AUTH.

#[test]
fn the_decoy_for_a_name_that_is_nobody_is_the_same_each_time_as_a_real_accounts_is() {
    let s = service();
    let start = |name: &str| {
        let srp = cognito_crypto::srp::SrpClient::generate().expect("randomness");
        call(&s, "InitiateAuth", json!({ "AuthFlow": "USER_SRP_AUTH", "ClientId": CLIENT, "AuthParameters": { "USERNAME": name, "SRP_A": srp.public_a_hex() } }))
            .expect("a PASSWORD_VERIFIER challenge")["ChallengeParameters"]
            .clone()
    };
    for name in [KIM, "nobody@example.com"] {
        let (first, second) = (start(name), start(&name.to_uppercase()));
        assert_eq!(first["SALT"], second["SALT"], "{name}: the same salt");
        assert_eq!(
            first["USER_ID_FOR_SRP"], second["USER_ID_FOR_SRP"],
            "{name}: the same user id"
        );
        assert_ne!(first["SRP_B"], second["SRP_B"], "{name}: a fresh B");
    }
    let nobody = start("nobody@example.com");
    let id = nobody["USER_ID_FOR_SRP"].as_str().expect("an id");
    assert!(uuid_like(id), "a UUID, as a real user's: {id}");
    assert_ne!(
        start("someone-else@example.com")["SALT"],
        nobody["SALT"],
        "each name its own"
    );
    // The proof fails as a wrong password does.
    let srp = cognito_crypto::srp::SrpClient::generate().expect("randomness");
    let p = call(&s, "InitiateAuth", json!({ "AuthFlow": "USER_SRP_AUTH", "ClientId": CLIENT, "AuthParameters": { "USERNAME": "nobody@example.com", "SRP_A": srp.public_a_hex() } }))
        .expect("a challenge")["ChallengeParameters"].clone();
    let ch = cognito_crypto::srp::VerifierChallenge {
        pool_name: "Sec",
        user_id_for_srp: p["USER_ID_FOR_SRP"].as_str().unwrap(),
        salt_hex: p["SALT"].as_str().unwrap(),
        b_hex: p["SRP_B"].as_str().unwrap(),
        secret_block_b64: p["SECRET_BLOCK"].as_str().unwrap(),
    };
    let claim = srp
        .password_claim(&ch, PASSWORD, &now_stamp(&s))
        .expect("a claim");
    refused(
        call(
            &s,
            "RespondToAuthChallenge",
            json!({ "ClientId": CLIENT, "ChallengeName": "PASSWORD_VERIFIER", "ChallengeResponses": {
            "USERNAME": p["USER_ID_FOR_SRP"], "TIMESTAMP": claim.timestamp,
            "PASSWORD_CLAIM_SECRET_BLOCK": claim.secret_block_b64, "PASSWORD_CLAIM_SIGNATURE": claim.signature_b64 } }),
        ),
        "NotAuthorizedException",
        "Incorrect username or password.",
    );
    // A malformed TIMESTAMP is refused alike for a real account and for nobody.
    let malformed = |name: &str| {
        let p = start(name);
        call(&s, "RespondToAuthChallenge", json!({ "ClientId": CLIENT, "ChallengeName": "PASSWORD_VERIFIER", "ChallengeResponses": {
            "USERNAME": p["USER_ID_FOR_SRP"], "TIMESTAMP": "yesterday", "PASSWORD_CLAIM_SECRET_BLOCK": p["SECRET_BLOCK"],
            "PASSWORD_CLAIM_SIGNATURE": "AAAA" } }))
        .expect_err("refused")
    };
    let (real, decoy) = (malformed(KIM), malformed("nobody@example.com"));
    assert_eq!(
        (real.kind, real.message.as_str()),
        (decoy.kind, decoy.message.as_str())
    );
}

fn uuid_like(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    parts.iter().map(|p| p.len()).collect::<Vec<_>>() == [8, 4, 4, 4, 12]
        && s.chars().all(|c| c == '-' || c.is_ascii_hexdigit())
}

// Memory and writes.

#[test]
fn revoked_families_are_forgotten_once_none_of_their_tokens_can_work() {
    let s = service();
    s.set_token_ttl(local_cognito::service::TokenTtl {
        access: None,
        refresh: Some(3600),
    });
    let first = tokens(&s, CLIENT, KIM);
    call(
        &s,
        "RevokeToken",
        json!({ "Token": first["RefreshToken"], "ClientId": CLIENT }),
    )
    .expect("revoked");
    assert_eq!(s.memory_stats().revoked_families, 1);
    // Past the family's expiry and the longest access token's day: the next revocation prunes it.
    s.clock().advance(Duration::from_secs(3600 + 24 * 3600 + 1));
    let second = tokens(&s, CLIENT, KIM);
    call(
        &s,
        "RevokeToken",
        json!({ "Token": second["RefreshToken"], "ClientId": CLIENT }),
    )
    .expect("revoked");
    assert_eq!(
        s.memory_stats().revoked_families,
        1,
        "the first one is gone"
    );
    refused(
        call(
            &s,
            "GetUser",
            json!({ "AccessToken": second["AccessToken"] }),
        ),
        "NotAuthorizedException",
        "Access Token has been revoked",
    );
}

#[test]
fn sign_in_sessions_are_capped_whatever_a_client_does() {
    let s = service();
    let under_way = email_code_sign_in(&s, KIM);
    s.clock().advance(Duration::from_secs(1));
    for _ in 0..10_050 {
        email_code_sign_in(&s, "nobody@example.com");
    }
    assert_eq!(s.memory_stats().sessions, 10_000);
    // The flood displaced its own newest: the sign-in begun before it still finishes.
    answer_email_code(&s, &under_way, KIM, &last_code(&s, KIM)).expect("signed in");
}

#[test]
fn a_sign_in_writes_nothing_to_the_state_file() {
    let (dir, cfg) = with_state_file("writes");
    let s = Service::with_clock(cfg, Store::default(), Clock::manual()).expect("starts");
    common_seed(&s);
    tokens(&s, CLIENT, KIM); // the pool's signing key is made (and kept) by its first token
    let before = s.state_writes();
    for _ in 0..5 {
        let srp = cognito_crypto::srp::SrpClient::generate().expect("randomness");
        call(&s, "InitiateAuth", json!({ "AuthFlow": "USER_SRP_AUTH", "ClientId": CLIENT, "AuthParameters": { "USERNAME": KIM, "SRP_A": srp.public_a_hex() } }))
            .expect("a challenge");
        tokens(&s, CLIENT, KIM);
    }
    assert_eq!(s.state_writes(), before, "nothing kept changed");
    create_user(&s, POOL, "lee@example.com", "lee@example.com", true);
    assert!(s.state_writes() > before, "a new user is written");
    let _ = std::fs::remove_dir_all(dir);
}
