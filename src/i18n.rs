//! Every user-facing string, in English and Thai, in one table. Pure (no Leptos), so every key is
//! checked natively for both languages.

use crate::auth::ErrorKey;
use crate::auth::attributes::AttributeProblem;
use crate::config::{AttributeField, SignInName};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    #[default]
    En,
    Th,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Th];

    /// The BCP 47 tag for `<html lang>` and for storage.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Th => "th",
        }
    }

    pub fn from_tag(tag: &str) -> Option<Self> {
        let primary = tag
            .split(['-', '_'])
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase();
        Self::ALL.into_iter().find(|l| l.tag() == primary)
    }

    /// The language's own name, for the switch.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Th => "ไทย",
        }
    }
}

/// The words for the sign-in name, as the pool takes it: its field's label, and the intros of
/// the forms that ask for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NameWords {
    pub label: Msg,
    pub sign_in_intro: Msg,
    pub sign_up_intro: Msg,
    pub forgot_intro: Msg,
}

impl NameWords {
    pub fn of(kind: &SignInName) -> Self {
        let label = match (kind.username, kind.email, kind.phone) {
            (false, true, false) | (false, false, false) => Msg::Email,
            (false, false, true) => Msg::PhoneNumber,
            (false, true, true) => Msg::EmailOrPhone,
            (true, false, false) => Msg::Username,
            (true, true, false) => Msg::UsernameOrEmail,
            (true, false, true) => Msg::UsernameOrPhone,
            (true, true, true) => Msg::UsernameEmailOrPhone,
        };
        if kind.email && kind.phone && !kind.username {
            Self {
                label,
                sign_in_intro: Msg::SignInIntroEmailOrPhone,
                sign_up_intro: Msg::SignUpIntroEmailOrPhone,
                forgot_intro: Msg::ForgotIntroEmailOrPhone,
            }
        } else if kind.username {
            Self {
                label,
                sign_in_intro: Msg::SignInIntroUsername,
                sign_up_intro: Msg::SignUpIntroUsername,
                forgot_intro: Msg::ForgotIntroUsername,
            }
        } else if kind.phone {
            Self {
                label,
                sign_in_intro: Msg::SignInIntroPhone,
                sign_up_intro: Msg::SignUpIntroPhone,
                forgot_intro: Msg::ForgotIntroPhone,
            }
        } else {
            Self {
                label,
                sign_in_intro: Msg::SignInIntro,
                sign_up_intro: Msg::SignUpIntro,
                forgot_intro: Msg::ForgotIntro,
            }
        }
    }
}

/// A message key. `Msg::X.text(lang)` is the only way the UI gets words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Msg {
    Language,
    SignInTitle,
    SignInIntro,
    /// The choice-based sign-in page's intro (SIGN_IN_METHODS set).
    SignInIntroChoice,
    SignInIntroPasswordless,
    EnterPassword,
    EmailMeACode,
    TextMeACode,
    SignInCodeTitle,
    SignInCodeIntroEmail,
    SignInCodeIntroSms,
    SignInCodeHint,
    ChooseMethodTitle,
    ChooseMethodIntro,
    UsePassword,
    NoMethodForAccount,
    SignInWithPasskey,
    WaitingForPasskey,
    PasskeyTitle,
    PasskeyIntro,
    PasskeyIntroNoName,
    PasskeysTitle,
    PasskeysIntro,
    AddPasskey,
    AddingPasskey,
    DeletePasskey,
    PasskeyAdded,
    PasskeyDeleted,
    NoPasskeys,
    PasskeyOffer,
    PasskeyMfaTitle,
    PasskeyReady,
    PasskeyMfaOff,
    PasskeyMfaOn,
    PasskeyAddedOn,
    PlatformPasskey,
    RoamingPasskey,
    Email,
    ShowPassword,
    NotAUserName,
    ResetIntroSms,
    SignInIntroEmailOrPhone,
    SignUpIntroEmailOrPhone,
    ForgotIntroEmailOrPhone,
    WrongEmailPhoneOrPassword,
    ContactsTitle,
    NotAdded,
    Verified,
    NotVerified,
    Change,
    Add,
    ContactChangeHint,
    SaveAndSendCode,
    ContactWaits,
    ContactCodeIntro,
    ContactVerified,
    VerifyEmailOffer,
    VerifyPhoneOffer,
    VerifyNow,
    DeleteAccountTitle,
    DeleteAccountIntro,
    DeleteAccountConfirm,
    DeleteAccountMismatch,
    DeleteAccountProved,
    DeleteAccount,
    DeletingAccount,
    AccountDeletedTitle,
    AccountDeletedIntro,
    WrongPhoneOrPassword,
    WrongUsernameOrPassword,
    ResetRequired,
    ConfirmIntroSms,
    Username,
    PhoneNumber,
    EmailOrPhone,
    UsernameOrEmail,
    UsernameOrPhone,
    UsernameEmailOrPhone,
    SignInIntroPhone,
    SignInIntroUsername,
    ForgotIntroPhone,
    ForgotIntroUsername,
    SignUpIntroPhone,
    SignUpIntroUsername,
    PhoneHintNational,
    NotAPhoneNumber,
    NeedsCountryCode,
    EnterSignInName,
    Password,
    SignIn,
    SigningIn,
    MfaTitle,
    MfaIntroTotp,
    MfaIntroSms,
    MfaIntroEmail,
    Code,
    CodeHint,
    Verify,
    Verifying,
    BackToSignIn,
    Back,
    Cancel,
    CreateAccount,
    SignOutEverywhere,
    SigningOutEverywhere,
    ForgotPassword,
    SignUpTitle,
    SignUpIntro,
    CreatingAccount,
    ConfirmTitle,
    ConfirmIntro,
    Confirm,
    ResendCode,
    ResendIn,
    CodeResent,
    ForgotTitle,
    ForgotIntro,
    SendCode,
    Sending,
    ResetTitle,
    ResetIntro,
    SetNewPassword,
    ChangePasswordTitle,
    CurrentPassword,
    ChangePassword,
    PasswordChanged,
    RuleLength,
    RuleLower,
    RuleUpper,
    RuleDigit,
    RuleSymbol,
    RulesTitle,
    RuleMet,
    RuleNotMet,
    VerifiedNotEnabled,
    TurnOn,
    ClockHint,
    SetupTitle,
    SetupIntro,
    GenerateQr,
    Generating,
    QrAlt,
    ManualEntry,
    Copy,
    Copied,
    OpenInApp,
    ContinueToVerification,
    VerifyTitle,
    VerifyIntro,
    VerifyAndEnable,
    SetupSuccess,
    AlreadyEnabled,
    GoHome,
    HomeTitle,
    SignedInAs,
    MfaStatus,
    Totp,
    Sms,
    EmailMfa,
    On,
    Off,
    Preferred,
    NoPreferred,
    SetUpAuthenticator,
    SignOut,
    ChooseMfaTitle,
    ChooseMfaIntro,
    NewPasswordTitle,
    NewPasswordIntro,
    NewPassword,
    ConfirmPassword,
    PasswordRules,
    PasswordsDiffer,
    SetPassword,
    Saving,
    MfaSetupRequired,
    TryAgain,
    Loading,
    NotFound,
    /// The page is inside another site's frame (clickjacking): it refuses to be used there.
    FramedTitle,
    FramedIntro,
    OpenDirectly,
    ConfigProblem,
    MakePreferred,
    TurnOff,
    TurnOnFactor,
    ReplaceAuthenticator,
    NoPhoneNumber,
    MfaSaved,
    StepUpTitle,
    StepUpIntro,
    StepUpIntroChoice,
    Continue,
    Checking,
    ReplaceWarning,
    ReplaceUnfinished,
    FinishReplacing,
    KeepCurrentApp,
    CurrentAppKept,
    PhoneHint,
    SetupMfaTitle,
    SetupMfaIntro,
    EmailSetupTitle,
    EmailSetupIntro,
    RememberDeviceTitle,
    RememberDeviceIntro,
    RememberDevice,
    NotNow,
    DevicesTitle,
    DevicesIntro,
    ThisDevice,
    Remembered,
    NotRemembered,
    LastUsed,
    ForgetDevice,
    RememberThisDevice,
    UnnamedDevice,
    SignOutAndForget,
    DeviceForgotten,
    RequiredNote,
    DetailsTitle,
    DetailsIntro,
    EditDetails,
    Save,
    DetailsSaved,
    NotGiven,
    SessionsTitle,
    SessionsIntro,
    ThisBrowser,
    ThisApp,
    OtherApp,
    UnknownDevice,
    LastActive,
    EndSession,
    SessionEnded,
    OnlyHere,
    SignInWithPassword,
    AddPhoneNumber,
    Err(ErrorKey),
}

/// The label for a user-pool attribute a form asks for: the build's words for it where given
/// (SIGN_UP_ATTRIBUTES), the standard OpenID Connect ones in words, anything else (`custom:…`)
/// by its name ("custom:team_name" → "Team name").
pub fn attribute_label(field: &AttributeField, lang: Lang) -> String {
    if let Some((en, th)) = &field.label {
        return match lang {
            Lang::En => en.clone(),
            Lang::Th => th.clone(),
        };
    }
    let (en, th) = match field.name.as_str() {
        "name" => ("Full name", "ชื่อ-นามสกุล"),
        "given_name" => ("First name", "ชื่อ"),
        "family_name" => ("Last name", "นามสกุล"),
        "middle_name" => ("Middle name", "ชื่อกลาง"),
        "nickname" => ("Nickname", "ชื่อเล่น"),
        "preferred_username" => ("Preferred user name", "ชื่อผู้ใช้ที่ต้องการ"),
        "phone_number" => ("Phone number", "หมายเลขโทรศัพท์"),
        "email" => ("Email", "อีเมล"),
        "birthdate" => ("Date of birth", "วันเกิด"),
        "gender" => ("Gender", "เพศ"),
        "address" => ("Address", "ที่อยู่"),
        "locale" => ("Language", "ภาษา"),
        "zoneinfo" => ("Time zone", "เขตเวลา"),
        "website" => ("Website", "เว็บไซต์"),
        "picture" => ("Picture (web address)", "รูปภาพ (ที่อยู่เว็บ)"),
        "profile" => ("Profile page (web address)", "หน้าโปรไฟล์ (ที่อยู่เว็บ)"),
        other => {
            let words = other
                .strip_prefix("custom:")
                .unwrap_or(other)
                .replace('_', " ");
            let mut chars = words.chars();
            return chars
                .next()
                .map(|first| first.to_uppercase().chain(chars).collect())
                .unwrap_or_default();
        }
    };
    match lang {
        Lang::En => en,
        Lang::Th => th,
    }
    .to_owned()
}

/// What is wrong with an attribute's value, said at its field.
pub fn attribute_problem(problem: AttributeProblem, lang: Lang) -> String {
    let n = |n: usize, en: &str, th: &str| {
        let text = match lang {
            Lang::En => en,
            Lang::Th => th,
        };
        text.replace("{n}", &n.to_string())
    };
    let (en, th) = match problem {
        AttributeProblem::Missing => ("Fill in this field.", "กรุณากรอกช่องนี้"),
        AttributeProblem::TooLong(max) => {
            return n(
                max,
                "Use at most {n} characters.",
                "กรุณากรอกไม่เกิน {n} ตัวอักษร",
            );
        }
        AttributeProblem::TooShort(min) => {
            return n(
                min,
                "Use at least {n} characters.",
                "กรุณากรอกอย่างน้อย {n} ตัวอักษร",
            );
        }
        AttributeProblem::NotADate => (
            "Enter a date that exists, as year-month-day.",
            "กรุณากรอกวันที่ที่มีอยู่จริง ในรูปแบบ ปี-เดือน-วัน",
        ),
        AttributeProblem::NotAnAddress => (
            "Enter a web address starting with https://",
            "กรุณากรอกที่อยู่เว็บที่ขึ้นต้นด้วย https://",
        ),
        AttributeProblem::NotAnEmail => (
            "Enter an email address such as name@example.com.",
            "กรุณากรอกอีเมล เช่น name@example.com",
        ),
        AttributeProblem::NotAPhoneNumber => (
            "Enter the number with its country code, starting with +.",
            "กรุณากรอกหมายเลขพร้อมรหัสประเทศ โดยขึ้นต้นด้วย +",
        ),
        AttributeProblem::NotAccepted => (
            "This sign-in service does not take this detail. Please contact your administrator.",
            "บริการเข้าสู่ระบบนี้ไม่รับข้อมูลนี้ กรุณาติดต่อผู้ดูแลระบบ",
        ),
        AttributeProblem::CannotChange => (
            "This detail cannot be changed once given.",
            "ข้อมูลนี้เปลี่ยนไม่ได้หลังจากระบุแล้ว",
        ),
    };
    match lang {
        Lang::En => en,
        Lang::Th => th,
    }
    .to_owned()
}

impl Msg {
    pub fn text(self, lang: Lang) -> &'static str {
        let (en, th) = match self {
            Msg::Language => ("Language", "ภาษา"),
            Msg::SignInTitle => ("Sign in", "เข้าสู่ระบบ"),
            Msg::SignInIntro => (
                "Sign in with your email and password. Your password never leaves this device.",
                "เข้าสู่ระบบด้วยอีเมลและรหัสผ่าน รหัสผ่านของคุณจะไม่ถูกส่งออกไปจากอุปกรณ์นี้",
            ),
            Msg::SignInIntroChoice => (
                "Sign in with your password, or with a code we send you. Your password never leaves this device.",
                "เข้าสู่ระบบด้วยรหัสผ่าน หรือด้วยรหัสที่เราส่งให้คุณ รหัสผ่านของคุณจะไม่ถูกส่งออกไปจากอุปกรณ์นี้",
            ),
            Msg::SignInIntroPasswordless => (
                "Sign in with a code we send you or with a passkey. No password needed.",
                "เข้าสู่ระบบด้วยรหัสที่เราส่งให้คุณหรือด้วยพาสคีย์ ไม่ต้องใช้รหัสผ่าน",
            ),
            Msg::EnterPassword => ("Enter your password.", "กรุณากรอกรหัสผ่าน"),
            Msg::EmailMeACode => ("Email me a sign-in code", "ส่งรหัสเข้าสู่ระบบทางอีเมล"),
            Msg::TextMeACode => ("Text me a sign-in code", "ส่งรหัสเข้าสู่ระบบทาง SMS"),
            Msg::SignInCodeTitle => ("Enter your sign-in code", "กรอกรหัสเข้าสู่ระบบ"),
            Msg::SignInCodeIntroEmail => (
                "Enter the 8-digit code we sent by email to",
                "กรอกรหัส 8 หลักที่เราส่งทางอีเมลไปที่",
            ),
            Msg::SignInCodeIntroSms => (
                "Enter the 8-digit code we sent by text message to",
                "กรอกรหัส 8 หลักที่เราส่งทาง SMS ไปที่",
            ),
            Msg::SignInCodeHint => ("8 digits; spaces are fine.", "ตัวเลข 8 หลัก เว้นวรรคได้"),
            Msg::ChooseMethodTitle => ("How do you want to sign in?", "คุณต้องการเข้าสู่ระบบด้วยวิธีใด"),
            Msg::ChooseMethodIntro => (
                "That way is not set up for this account. It can sign in these ways:",
                "บัญชีนี้ยังไม่ได้ตั้งค่าวิธีนั้น แต่เข้าสู่ระบบได้ด้วยวิธีต่อไปนี้",
            ),
            Msg::UsePassword => ("Use my password", "ใช้รหัสผ่าน"),
            Msg::NoMethodForAccount => (
                "This account cannot sign in any of the ways this page offers. Contact whoever runs this app.",
                "บัญชีนี้เข้าสู่ระบบด้วยวิธีที่หน้านี้มีให้ไม่ได้ กรุณาติดต่อผู้ดูแลแอปนี้",
            ),
            Msg::SignInWithPasskey => ("Sign in with a passkey", "เข้าสู่ระบบด้วยพาสคีย์"),
            Msg::WaitingForPasskey => ("Waiting for your passkey…", "กำลังรอพาสคีย์ของคุณ…"),
            Msg::PasskeyTitle => ("Sign in with your passkey", "เข้าสู่ระบบด้วยพาสคีย์ของคุณ"),
            Msg::PasskeyIntro => (
                "Follow your browser's prompt to use your passkey for",
                "ทำตามที่เบราว์เซอร์แจ้งเพื่อใช้พาสคีย์ของ",
            ),
            Msg::PasskeyIntroNoName => (
                "Follow your browser's prompt to use your passkey.",
                "ทำตามที่เบราว์เซอร์แจ้งเพื่อใช้พาสคีย์ของคุณ",
            ),
            Msg::PasskeysTitle => ("Passkeys", "พาสคีย์"),
            Msg::PasskeysIntro => (
                "Sign in with your fingerprint, face or screen lock instead of a password or a code.",
                "เข้าสู่ระบบด้วยลายนิ้วมือ ใบหน้า หรือการล็อกหน้าจอ แทนรหัสผ่านหรือรหัสยืนยัน",
            ),
            Msg::AddPasskey => ("Add a passkey", "เพิ่มพาสคีย์"),
            Msg::AddingPasskey => ("Adding a passkey…", "กำลังเพิ่มพาสคีย์…"),
            Msg::DeletePasskey => ("Delete", "ลบ"),
            Msg::PasskeyAdded => ("Passkey added.", "เพิ่มพาสคีย์แล้ว"),
            Msg::PasskeyDeleted => ("Passkey deleted.", "ลบพาสคีย์แล้ว"),
            Msg::NoPasskeys => ("No passkeys yet.", "ยังไม่มีพาสคีย์"),
            Msg::PasskeyOffer => (
                "Sign in faster next time: add a passkey to this account.",
                "ครั้งหน้าเข้าสู่ระบบได้เร็วขึ้น เพิ่มพาสคีย์ให้บัญชีนี้",
            ),
            Msg::PasskeyMfaTitle => ("Passkey instead of a code", "ใช้พาสคีย์แทนรหัส"),
            Msg::PasskeyReady => (
                "Thanks, that's you. Add your passkey now.",
                "ยืนยันแล้ว เพิ่มพาสคีย์ของคุณได้เลย",
            ),
            Msg::PasskeyMfaOff => (
                "Let a passkey sign you in without a code: it checks it's you with your fingerprint, face or screen lock. Signing in with your password will still ask for a code.",
                "ให้พาสคีย์เข้าสู่ระบบได้โดยไม่ต้องใช้รหัส เพราะพาสคีย์ยืนยันว่าเป็นคุณด้วยลายนิ้วมือ ใบหน้า หรือการล็อกหน้าจอ การเข้าสู่ระบบด้วยรหัสผ่านยังคงต้องใช้รหัส",
            ),
            Msg::PasskeyMfaOn => (
                "On: a passkey that checks it's you signs you in without a code. Signing in with your password still asks for one.",
                "เปิดอยู่: พาสคีย์ที่ยืนยันว่าเป็นคุณจะเข้าสู่ระบบได้โดยไม่ต้องใช้รหัส การเข้าสู่ระบบด้วยรหัสผ่านยังคงต้องใช้รหัส",
            ),
            Msg::PasskeyAddedOn => ("Added", "เพิ่มเมื่อ"),
            Msg::PlatformPasskey => (
                "On this device or in its password manager",
                "อยู่บนอุปกรณ์นี้หรือในโปรแกรมจัดการรหัสผ่าน",
            ),
            Msg::RoamingPasskey => (
                "On a security key or another device",
                "อยู่บนกุญแจความปลอดภัยหรืออุปกรณ์อื่น",
            ),
            Msg::Email => ("Email", "อีเมล"),
            Msg::ShowPassword => ("Show password", "แสดงรหัสผ่าน"),
            Msg::NotAUserName => (
                "A user name cannot be an email address or a phone number.",
                "ชื่อผู้ใช้ต้องไม่ใช่อีเมลหรือหมายเลขโทรศัพท์",
            ),
            Msg::ResetIntroSms => (
                "Enter the 6-digit code from the text message and your new password.",
                "กรอกรหัส 6 หลักจาก SMS และรหัสผ่านใหม่ของคุณ",
            ),
            Msg::SignInIntroEmailOrPhone => (
                "Sign in with your email or phone number and your password. Your password never leaves this device.",
                "เข้าสู่ระบบด้วยอีเมลหรือหมายเลขโทรศัพท์และรหัสผ่าน รหัสผ่านของคุณจะไม่ถูกส่งออกไปจากอุปกรณ์นี้",
            ),
            Msg::SignUpIntroEmailOrPhone => (
                "Sign up with your email or phone number. We will send a code to confirm it.",
                "สมัครด้วยอีเมลหรือหมายเลขโทรศัพท์ของคุณ เราจะส่งรหัสไปเพื่อยืนยัน",
            ),
            Msg::ForgotIntroEmailOrPhone => (
                "Enter your email or phone number. If it has an account, we will send a code to reset the password.",
                "กรอกอีเมลหรือหมายเลขโทรศัพท์ของคุณ หากมีบัญชีอยู่ เราจะส่งรหัสสำหรับรีเซ็ตรหัสผ่านไปให้",
            ),
            Msg::WrongEmailPhoneOrPassword => (
                "Incorrect email, phone number or password.",
                "อีเมล หมายเลขโทรศัพท์ หรือรหัสผ่านไม่ถูกต้อง",
            ),
            Msg::ContactsTitle => ("Contact details", "ข้อมูลการติดต่อ"),
            Msg::NotAdded => ("Not added", "ยังไม่ได้เพิ่ม"),
            Msg::Verified => ("Verified", "ยืนยันแล้ว"),
            Msg::NotVerified => ("Not verified", "ยังไม่ได้ยืนยัน"),
            Msg::Change => ("Change", "เปลี่ยน"),
            Msg::Add => ("Add", "เพิ่ม"),
            Msg::ContactChangeHint => (
                "We will send a code to the new address to check it is yours. Codes and password resets go there once it is verified.",
                "เราจะส่งรหัสไปยังช่องทางใหม่เพื่อตรวจสอบว่าเป็นของคุณ รหัสและการรีเซ็ตรหัสผ่านจะส่งไปที่นั่นเมื่อยืนยันแล้ว",
            ),
            Msg::SaveAndSendCode => ("Save and send code", "บันทึกและส่งรหัส"),
            Msg::ContactWaits => (
                "The new one is not used until you enter this code: codes and password resets still go to the one you had, if any.",
                "ระบบจะยังไม่ใช้ช่องทางใหม่จนกว่าคุณจะกรอกรหัสนี้ รหัสและการรีเซ็ตรหัสผ่านยังส่งไปที่ช่องทางเดิม หากมี",
            ),
            Msg::ContactCodeIntro => (
                "Enter the 6-digit code we sent to",
                "กรอกรหัส 6 หลักที่เราส่งไปที่",
            ),
            Msg::ContactVerified => ("Verified.", "ยืนยันเรียบร้อยแล้ว"),
            Msg::VerifyEmailOffer => (
                "Your email address is not verified yet. Verify it so that codes and password resets can reach you.",
                "อีเมลของคุณยังไม่ได้รับการยืนยัน กรุณายืนยันเพื่อให้รหัสและการรีเซ็ตรหัสผ่านส่งถึงคุณได้",
            ),
            Msg::VerifyPhoneOffer => (
                "Your phone number is not verified yet. Verify it so that codes can reach you by SMS.",
                "หมายเลขโทรศัพท์ของคุณยังไม่ได้รับการยืนยัน กรุณายืนยันเพื่อให้รับรหัสทาง SMS ได้",
            ),
            Msg::VerifyNow => ("Verify now", "ยืนยันตอนนี้"),
            Msg::DeleteAccountTitle => ("Delete my account", "ลบบัญชีของฉัน"),
            Msg::DeleteAccountIntro => (
                "Your account and everything it holds are deleted for good, and you are signed out everywhere. This cannot be undone.",
                "บัญชีและข้อมูลทั้งหมดจะถูกลบอย่างถาวร และคุณจะออกจากระบบทุกอุปกรณ์ การดำเนินการนี้ย้อนกลับไม่ได้",
            ),
            Msg::DeleteAccountConfirm => ("To confirm, type", "เพื่อยืนยัน กรุณาพิมพ์"),
            Msg::DeleteAccountMismatch => (
                "That is not your account's name. Type it exactly as shown.",
                "ข้อความไม่ตรงกับชื่อบัญชีของคุณ กรุณาพิมพ์ให้ตรงตามที่แสดง",
            ),
            Msg::DeleteAccountProved => (
                "You confirmed it's you. Type your account's name again to delete the account.",
                "คุณยืนยันตัวตนแล้ว กรุณาพิมพ์ชื่อบัญชีอีกครั้งเพื่อลบบัญชี",
            ),
            Msg::DeleteAccount => ("Delete my account", "ลบบัญชีของฉัน"),
            Msg::DeletingAccount => ("Deleting…", "กำลังลบ…"),
            Msg::AccountDeletedTitle => ("Your account was deleted", "ลบบัญชีของคุณแล้ว"),
            Msg::AccountDeletedIntro => (
                "It can no longer sign in, and this browser has forgotten it.",
                "บัญชีนี้เข้าสู่ระบบไม่ได้อีกต่อไป และเบราว์เซอร์นี้ไม่ได้เก็บข้อมูลของบัญชีไว้แล้ว",
            ),
            Msg::Username => ("Username", "ชื่อผู้ใช้"),
            Msg::PhoneNumber => ("Phone number", "หมายเลขโทรศัพท์"),
            Msg::EmailOrPhone => ("Email or phone number", "อีเมลหรือหมายเลขโทรศัพท์"),
            Msg::UsernameOrEmail => ("Username or email", "ชื่อผู้ใช้หรืออีเมล"),
            Msg::UsernameOrPhone => ("Username or phone number", "ชื่อผู้ใช้หรือหมายเลขโทรศัพท์"),
            Msg::UsernameEmailOrPhone => (
                "Username, email or phone number",
                "ชื่อผู้ใช้ อีเมล หรือหมายเลขโทรศัพท์",
            ),
            Msg::SignInIntroPhone => (
                "Sign in with your phone number and password. Your password never leaves this device.",
                "เข้าสู่ระบบด้วยหมายเลขโทรศัพท์และรหัสผ่าน รหัสผ่านของคุณจะไม่ถูกส่งออกไปจากอุปกรณ์นี้",
            ),
            Msg::SignInIntroUsername => (
                "Sign in with your username and password. Your password never leaves this device.",
                "เข้าสู่ระบบด้วยชื่อผู้ใช้และรหัสผ่าน รหัสผ่านของคุณจะไม่ถูกส่งออกไปจากอุปกรณ์นี้",
            ),
            Msg::ForgotIntroPhone => (
                "Enter your phone number. If it has an account, we will send a code to reset the password.",
                "กรอกหมายเลขโทรศัพท์ของคุณ หากมีบัญชีอยู่ เราจะส่งรหัสสำหรับรีเซ็ตรหัสผ่านไปให้",
            ),
            Msg::ForgotIntroUsername => (
                "Enter your username. If it has an account, we will send a code to reset the password.",
                "กรอกชื่อผู้ใช้ของคุณ หากมีบัญชีอยู่ เราจะส่งรหัสสำหรับรีเซ็ตรหัสผ่านไปให้",
            ),
            Msg::SignUpIntroPhone => (
                "Sign up with your phone number. We will text you a code to confirm it.",
                "สมัครด้วยหมายเลขโทรศัพท์ของคุณ เราจะส่งรหัสทาง SMS เพื่อยืนยันหมายเลข",
            ),
            Msg::SignUpIntroUsername => (
                "Choose a username. We will send a code to confirm your account.",
                "ตั้งชื่อผู้ใช้ของคุณ เราจะส่งรหัสไปเพื่อยืนยันบัญชี",
            ),
            Msg::PhoneHintNational => (
                "As you dial it at home, or with + and the country code.",
                "กรอกแบบที่โทรภายในประเทศ หรือใส่ + และรหัสประเทศ",
            ),
            Msg::NotAPhoneNumber => (
                "That is not a phone number. Check the digits.",
                "หมายเลขโทรศัพท์ไม่ถูกต้อง กรุณาตรวจสอบตัวเลข",
            ),
            Msg::NeedsCountryCode => (
                "Add the country code, starting with +.",
                "กรุณาใส่รหัสประเทศ โดยขึ้นต้นด้วย +",
            ),
            Msg::EnterSignInName => ("Fill in this field.", "กรุณากรอกช่องนี้"),
            Msg::Password => ("Password", "รหัสผ่าน"),
            Msg::SignIn => ("Sign in", "เข้าสู่ระบบ"),
            Msg::SigningIn => ("Signing in…", "กำลังเข้าสู่ระบบ…"),
            Msg::MfaTitle => ("Two-factor authentication", "การยืนยันตัวตนแบบสองขั้นตอน"),
            Msg::MfaIntroTotp => (
                "Enter the 6-digit code from your authenticator app.",
                "กรอกรหัส 6 หลักจากแอปยืนยันตัวตนของคุณ",
            ),
            Msg::MfaIntroSms => (
                "Enter the 6-digit code we sent by text message to",
                "กรอกรหัส 6 หลักที่เราส่งทาง SMS ไปที่",
            ),
            Msg::MfaIntroEmail => (
                "Enter the 6-digit code we sent by email to",
                "กรอกรหัส 6 หลักที่เราส่งทางอีเมลไปที่",
            ),
            Msg::Code => ("Verification code", "รหัสยืนยัน"),
            Msg::CodeHint => ("6 digits; spaces are fine.", "ตัวเลข 6 หลัก เว้นวรรคได้"),
            Msg::Verify => ("Verify", "ยืนยัน"),
            Msg::Verifying => ("Verifying…", "กำลังยืนยัน…"),
            Msg::BackToSignIn => ("Back to sign in", "กลับไปหน้าเข้าสู่ระบบ"),
            Msg::Back => ("Back", "ย้อนกลับ"),
            Msg::Cancel => ("Cancel", "ยกเลิก"),
            Msg::CreateAccount => ("Create an account", "สร้างบัญชี"),
            Msg::SignOutEverywhere => ("Sign out everywhere", "ออกจากระบบทุกอุปกรณ์"),
            Msg::SigningOutEverywhere => ("Signing out everywhere…", "กำลังออกจากระบบทุกอุปกรณ์…"),
            Msg::ForgotPassword => ("Forgot your password?", "ลืมรหัสผ่าน"),
            Msg::SignUpTitle => ("Create an account", "สร้างบัญชี"),
            Msg::SignUpIntro => (
                "Sign up with your email. We will send a code to confirm it.",
                "สมัครด้วยอีเมลของคุณ เราจะส่งรหัสไปเพื่อยืนยันอีเมล",
            ),
            Msg::CreatingAccount => ("Creating account…", "กำลังสร้างบัญชี…"),
            Msg::ConfirmTitle => ("Confirm your email", "ยืนยันอีเมลของคุณ"),
            Msg::ConfirmIntro => (
                "Enter the 6-digit code we sent by email to",
                "กรอกรหัส 6 หลักที่เราส่งทางอีเมลไปที่",
            ),
            Msg::ConfirmIntroSms => (
                "Enter the 6-digit code we sent by text message to",
                "กรอกรหัส 6 หลักที่เราส่งทาง SMS ไปที่",
            ),
            Msg::ResetRequired => (
                "Your password has to be reset before you can sign in. We sent you a code to set a new one.",
                "ต้องรีเซ็ตรหัสผ่านก่อนเข้าสู่ระบบ เราได้ส่งรหัสสำหรับตั้งรหัสผ่านใหม่ให้คุณแล้ว",
            ),
            Msg::WrongPhoneOrPassword => (
                "Incorrect phone number or password.",
                "หมายเลขโทรศัพท์หรือรหัสผ่านไม่ถูกต้อง",
            ),
            Msg::WrongUsernameOrPassword => {
                ("Incorrect username or password.", "ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง")
            }
            Msg::Confirm => ("Confirm", "ยืนยัน"),
            Msg::ResendCode => ("Send a new code", "ส่งรหัสใหม่"),
            Msg::ResendIn => ("Send a new code in", "ส่งรหัสใหม่ได้ในอีก"),
            Msg::CodeResent => ("A new code is on its way.", "ส่งรหัสใหม่แล้ว"),
            Msg::ForgotTitle => ("Reset your password", "รีเซ็ตรหัสผ่าน"),
            Msg::ForgotIntro => (
                "Enter your email. If it has an account, we will send a code to reset the password.",
                "กรอกอีเมลของคุณ หากมีบัญชีอยู่ เราจะส่งรหัสสำหรับรีเซ็ตรหัสผ่านไปให้",
            ),
            Msg::SendCode => ("Send code", "ส่งรหัส"),
            Msg::Sending => ("Sending…", "กำลังส่ง…"),
            Msg::ResetTitle => ("Choose a new password", "ตั้งรหัสผ่านใหม่"),
            Msg::ResetIntro => (
                "Enter the 6-digit code from the email and your new password.",
                "กรอกรหัส 6 หลักจากอีเมลและรหัสผ่านใหม่ของคุณ",
            ),
            Msg::SetNewPassword => ("Set new password", "ตั้งรหัสผ่านใหม่"),
            Msg::ChangePasswordTitle => ("Change password", "เปลี่ยนรหัสผ่าน"),
            Msg::CurrentPassword => ("Current password", "รหัสผ่านปัจจุบัน"),
            Msg::ChangePassword => ("Change password", "เปลี่ยนรหัสผ่าน"),
            Msg::PasswordChanged => ("Your password has been changed.", "เปลี่ยนรหัสผ่านแล้ว"),
            Msg::RulesTitle => ("Your password needs", "รหัสผ่านต้องมี"),
            Msg::RuleMet => (" (done)", " (ผ่านแล้ว)"),
            Msg::RuleNotMet => (" (not yet)", " (ยังไม่ผ่าน)"),
            Msg::RuleLength => ("at least {n} characters", "อย่างน้อย {n} ตัวอักษร"),
            Msg::RuleLower => ("a lowercase English letter", "ตัวอักษรภาษาอังกฤษพิมพ์เล็ก"),
            Msg::RuleUpper => ("an uppercase English letter", "ตัวอักษรภาษาอังกฤษพิมพ์ใหญ่"),
            Msg::RuleDigit => ("a number", "ตัวเลข"),
            Msg::RuleSymbol => ("a symbol, such as ! or -", "อักขระพิเศษ เช่น ! หรือ -"),
            Msg::VerifiedNotEnabled => (
                "Your authenticator app is verified, but two-factor authentication is not on yet.",
                "ตรวจสอบแอปยืนยันตัวตนแล้ว แต่ยังไม่ได้เปิดใช้การยืนยันตัวตนแบบสองขั้นตอน",
            ),
            Msg::TurnOn => (
                "Turn on two-factor authentication",
                "เปิดใช้การยืนยันตัวตนแบบสองขั้นตอน",
            ),
            Msg::ClockHint => (
                "Check that your phone's clock is set automatically, then wait for the next code.",
                "ตรวจสอบว่าตั้งเวลาในโทรศัพท์เป็นแบบอัตโนมัติ แล้วรอรหัสชุดใหม่",
            ),
            Msg::SetupTitle => ("Set Up Authenticator App", "ตั้งค่าแอปยืนยันตัวตน"),
            Msg::SetupIntro => (
                "Use Google Authenticator, Microsoft Authenticator, 1Password or any TOTP app.",
                "ใช้แอปอย่าง Google Authenticator, Microsoft Authenticator, 1Password หรือแอปอื่นที่รองรับ TOTP ก็ได้",
            ),
            Msg::GenerateQr => ("Generate QR Code", "สร้าง QR Code"),
            Msg::Generating => ("Generating…", "กำลังสร้าง…"),
            Msg::QrAlt => (
                "QR code to scan with your authenticator app",
                "QR Code สำหรับสแกนด้วยแอปยืนยันตัวตน",
            ),
            Msg::ManualEntry => (
                "Can't scan? Enter this key in your app:",
                "หากสแกนไม่ได้ ให้กรอกคีย์นี้ในแอปแทน:",
            ),
            Msg::Copy => ("Copy key", "คัดลอกคีย์"),
            Msg::Copied => ("Copied", "คัดลอกแล้ว"),
            Msg::OpenInApp => (
                "On this phone? Open in authenticator app",
                "เปิดในแอปยืนยันตัวตนบนโทรศัพท์เครื่องนี้",
            ),
            Msg::ContinueToVerification => ("Continue to Verification", "ไปยังขั้นตอนยืนยัน"),
            Msg::VerifyTitle => ("Check your authenticator app", "ตรวจสอบแอปยืนยันตัวตนของคุณ"),
            Msg::VerifyIntro => (
                "Enter the 6-digit code your app now shows.",
                "กรอกรหัส 6 หลักที่แสดงอยู่ในแอปตอนนี้",
            ),
            Msg::VerifyAndEnable => ("Verify and Enable 2FA", "ยืนยันและเปิดใช้งาน"),
            Msg::SetupSuccess => ("Authenticator setup successful!", "ตั้งค่าแอปยืนยันตัวตนสำเร็จ!"),
            Msg::AlreadyEnabled => (
                "Your authenticator app is already set up. Two-factor sign-in is on.",
                "คุณตั้งค่าแอปยืนยันตัวตนไว้แล้ว และเปิดใช้การยืนยันตัวตนแบบสองขั้นตอนอยู่",
            ),
            Msg::GoHome => ("Go to home", "ไปหน้าหลัก"),
            Msg::HomeTitle => ("Home", "หน้าหลัก"),
            Msg::SignedInAs => ("Signed in as", "เข้าสู่ระบบในชื่อ"),
            Msg::MfaStatus => ("Two-factor authentication", "การยืนยันตัวตนแบบสองขั้นตอน"),
            Msg::Totp => ("Authenticator app (TOTP)", "แอปยืนยันตัวตน (TOTP)"),
            Msg::Sms => ("SMS code", "รหัสทาง SMS"),
            Msg::EmailMfa => ("Email code", "รหัสทางอีเมล"),
            Msg::On => ("On", "เปิดอยู่"),
            Msg::Off => ("Off", "ปิดอยู่"),
            Msg::Preferred => ("preferred", "วิธีหลัก"),
            Msg::NoPreferred => (
                "Two-factor authentication is not set up yet. Add an authenticator app to protect your account.",
                "คุณยังไม่ได้ตั้งค่าการยืนยันตัวตนแบบสองขั้นตอน เพิ่มแอปยืนยันตัวตนเพื่อปกป้องบัญชีของคุณ",
            ),
            Msg::SetUpAuthenticator => ("Set up authenticator app", "ตั้งค่าแอปยืนยันตัวตน"),
            Msg::RememberDeviceTitle => ("Remember this device?", "จดจำอุปกรณ์นี้ไหม"),
            Msg::RememberDeviceIntro => (
                "If you do, you won't need a code when you sign in on this device. Choose this only on a device you trust.",
                "หากจดจำไว้ คุณจะไม่ต้องกรอกรหัสยืนยันเมื่อเข้าสู่ระบบบนอุปกรณ์นี้ เลือกเฉพาะอุปกรณ์ที่คุณไว้ใจเท่านั้น",
            ),
            Msg::RememberDevice => ("Remember this device", "จดจำอุปกรณ์นี้"),
            Msg::NotNow => ("Not now", "ไว้ภายหลัง"),
            Msg::DevicesTitle => ("Your devices", "อุปกรณ์ของคุณ"),
            Msg::DevicesIntro => (
                "Devices you signed in on. A remembered device doesn't need a code.",
                "อุปกรณ์ที่คุณเคยเข้าสู่ระบบ อุปกรณ์ที่จดจำไว้ไม่ต้องกรอกรหัสยืนยัน",
            ),
            Msg::ThisDevice => ("This device", "อุปกรณ์นี้"),
            Msg::Remembered => ("Remembered", "จดจำไว้"),
            Msg::NotRemembered => ("Not remembered", "ไม่ได้จดจำ"),
            Msg::LastUsed => ("Last used", "ใช้ล่าสุด"),
            Msg::ForgetDevice => ("Forget", "ลืมอุปกรณ์"),
            Msg::RememberThisDevice => ("Remember", "จดจำไว้"),
            Msg::UnnamedDevice => ("Unnamed device", "อุปกรณ์ไม่มีชื่อ"),
            Msg::SignOutAndForget => ("Sign out and forget this device", "ออกจากระบบและลืมอุปกรณ์นี้"),
            Msg::DeviceForgotten => (
                "The device was forgotten. It will need a code next time.",
                "ลืมอุปกรณ์แล้ว ครั้งหน้าจะต้องกรอกรหัสยืนยัน",
            ),
            Msg::RequiredNote => ("Fields marked * are required.", "ช่องที่มีเครื่องหมาย * ต้องกรอก"),
            Msg::DetailsTitle => ("Your details", "ข้อมูลของคุณ"),
            Msg::DetailsIntro => (
                "What this app knows about you besides your contact details.",
                "ข้อมูลเกี่ยวกับคุณที่แอปนี้เก็บไว้ นอกเหนือจากช่องทางติดต่อ",
            ),
            Msg::EditDetails => ("Edit your details", "แก้ไขข้อมูลของคุณ"),
            Msg::Save => ("Save", "บันทึก"),
            Msg::DetailsSaved => ("Your details were saved.", "บันทึกข้อมูลของคุณแล้ว"),
            Msg::NotGiven => ("Not given", "ไม่ได้ระบุ"),
            Msg::SessionsTitle => ("Where you're signed in", "ที่ที่คุณเข้าสู่ระบบอยู่"),
            Msg::SessionsIntro => (
                "Sign out a browser or app you no longer use, or do not recognise.",
                "ออกจากระบบในเบราว์เซอร์หรือแอปที่คุณไม่ได้ใช้แล้ว หรือที่คุณไม่รู้จัก",
            ),
            Msg::ThisBrowser => ("This browser", "เบราว์เซอร์นี้"),
            Msg::ThisApp => ("This app", "แอปนี้"),
            Msg::OtherApp => ("Another app", "แอปอื่น"),
            Msg::UnknownDevice => ("Unknown device", "อุปกรณ์ที่ไม่รู้จัก"),
            Msg::LastActive => ("Last active", "ใช้งานล่าสุด"),
            Msg::EndSession => ("Sign out there", "ออกจากระบบที่นั่น"),
            Msg::SessionEnded => (
                "Signed out there. That browser or app must sign in again.",
                "ออกจากระบบที่นั่นแล้ว เบราว์เซอร์หรือแอปนั้นต้องเข้าสู่ระบบใหม่",
            ),
            Msg::OnlyHere => ("You're signed in only here.", "คุณเข้าสู่ระบบอยู่ที่นี่เท่านั้น"),
            Msg::SignInWithPassword => ("Sign in with your password", "เข้าสู่ระบบด้วยรหัสผ่าน"),
            Msg::AddPhoneNumber => ("Add a phone number", "เพิ่มหมายเลขโทรศัพท์"),
            Msg::PhoneHint => (
                "Include + and the country code, for example +66812345678.",
                "ใส่ + และรหัสประเทศ เช่น +66812345678",
            ),
            Msg::SetupMfaTitle => (
                "Set up two-factor authentication",
                "ตั้งค่าการยืนยันตัวตนแบบสองขั้นตอน",
            ),
            Msg::SetupMfaIntro => (
                "Your account must use two-factor authentication. Choose how you want to get codes.",
                "บัญชีของคุณต้องใช้การยืนยันตัวตนแบบสองขั้นตอน กรุณาเลือกวิธีรับรหัสยืนยัน",
            ),
            Msg::EmailSetupTitle => ("Get codes by email", "รับรหัสยืนยันทางอีเมล"),
            Msg::EmailSetupIntro => (
                "We'll send a code to this address. Enter it on the next screen to finish.",
                "เราจะส่งรหัสยืนยันไปที่อีเมลนี้ กรอกรหัสในหน้าถัดไปเพื่อตั้งค่าให้เสร็จ",
            ),
            Msg::MakePreferred => ("Make preferred", "ตั้งเป็นวิธีหลัก"),
            Msg::TurnOff => ("Turn off", "ปิดใช้งาน"),
            Msg::TurnOnFactor => ("Turn on", "เปิดใช้งาน"),
            Msg::ReplaceAuthenticator => ("Replace authenticator app", "เปลี่ยนแอปยืนยันตัวตน"),
            Msg::NoPhoneNumber => (
                "Add a phone number to your account to get codes by SMS.",
                "เพิ่มหมายเลขโทรศัพท์ในบัญชีของคุณเพื่อรับรหัสทาง SMS",
            ),
            Msg::MfaSaved => (
                "Your two-factor authentication settings are saved.",
                "บันทึกการตั้งค่าการยืนยันตัวตนแบบสองขั้นตอนแล้ว",
            ),
            Msg::StepUpTitle => ("Confirm it's you", "ยืนยันว่าเป็นคุณ"),
            Msg::StepUpIntro => (
                "Before this change, enter your password. If your account uses two-factor authentication, you'll also enter a code.",
                "ก่อนเปลี่ยนการตั้งค่านี้ กรุณากรอกรหัสผ่าน หากบัญชีของคุณใช้การยืนยันตัวตนแบบสองขั้นตอน คุณจะต้องกรอกรหัสยืนยันด้วย",
            ),
            Msg::StepUpIntroChoice => (
                "Before this change, confirm it's you the way you sign in. With your password, if your account uses two-factor authentication, you'll also enter a code.",
                "ก่อนเปลี่ยนการตั้งค่านี้ กรุณายืนยันว่าเป็นคุณด้วยวิธีที่คุณใช้เข้าสู่ระบบ หากใช้รหัสผ่านและบัญชีของคุณใช้การยืนยันตัวตนแบบสองขั้นตอน คุณจะต้องกรอกรหัสยืนยันด้วย",
            ),
            Msg::Continue => ("Continue", "ดำเนินการต่อ"),
            Msg::Checking => ("Checking…", "กำลังตรวจสอบ…"),
            Msg::ReplaceWarning => (
                "You're replacing your authenticator app. Keep using your current app until the new one is verified.",
                "คุณกำลังเปลี่ยนแอปยืนยันตัวตน กรุณาใช้แอปเดิมต่อไปจนกว่าจะยืนยันแอปใหม่เรียบร้อย",
            ),
            Msg::ReplaceUnfinished => (
                "You started replacing your authenticator app but didn't finish.",
                "คุณเริ่มเปลี่ยนแอปยืนยันตัวตนแล้ว แต่ยังไม่เสร็จ",
            ),
            Msg::FinishReplacing => ("Finish replacing", "เปลี่ยนให้เสร็จ"),
            Msg::KeepCurrentApp => ("Keep my current app", "ใช้แอปเดิมต่อ"),
            Msg::CurrentAppKept => (
                "Your current authenticator app still works.",
                "แอปยืนยันตัวตนเดิมของคุณยังใช้ได้",
            ),
            Msg::SignOut => ("Sign out", "ออกจากระบบ"),
            Msg::ChooseMfaTitle => ("Choose how to verify", "เลือกวิธียืนยันตัวตน"),
            Msg::ChooseMfaIntro => (
                "Your account has more than one way to confirm it's you.",
                "บัญชีของคุณมีวิธียืนยันตัวตนมากกว่าหนึ่งวิธี",
            ),
            Msg::NewPasswordTitle => ("Choose a new password", "ตั้งรหัสผ่านใหม่"),
            Msg::NewPasswordIntro => (
                "Your account was created with a temporary password. Choose your own to continue.",
                "บัญชีของคุณใช้รหัสผ่านชั่วคราวอยู่ กรุณาตั้งรหัสผ่านใหม่ของคุณเองเพื่อดำเนินการต่อ",
            ),
            Msg::NewPassword => ("New password", "รหัสผ่านใหม่"),
            Msg::ConfirmPassword => ("Confirm new password", "ยืนยันรหัสผ่านใหม่"),
            Msg::PasswordRules => (
                "At least 8 characters, with upper- and lowercase letters, a number and a symbol.",
                "อย่างน้อย 8 ตัวอักษร ต้องมีตัวอักษรภาษาอังกฤษพิมพ์ใหญ่และพิมพ์เล็ก ตัวเลข และอักขระพิเศษ",
            ),
            Msg::PasswordsDiffer => ("The two passwords do not match.", "รหัสผ่านทั้งสองช่องไม่ตรงกัน"),
            Msg::SetPassword => ("Set password", "ตั้งรหัสผ่าน"),
            Msg::Saving => ("Saving…", "กำลังบันทึก…"),
            Msg::MfaSetupRequired => (
                "Two-factor authentication is required for your account. Set up an authenticator app to finish signing in.",
                "บัญชีของคุณต้องใช้การยืนยันตัวตนแบบสองขั้นตอน กรุณาตั้งค่าแอปยืนยันตัวตนเพื่อเข้าสู่ระบบให้เสร็จสิ้น",
            ),
            Msg::TryAgain => ("Try again", "ลองอีกครั้ง"),
            Msg::Loading => ("Loading…", "กำลังโหลด…"),
            Msg::NotFound => ("This page could not be found.", "ไม่พบหน้าที่คุณต้องการ"),
            Msg::FramedTitle => ("Open this page on its own", "กรุณาเปิดหน้านี้โดยตรง"),
            Msg::FramedIntro => (
                "This sign-in page is shown inside another website, which could place something over it to trick you into clicking. To keep your account safe, it only works when opened on its own.",
                "หน้าเข้าสู่ระบบนี้ถูกแสดงอยู่ภายในเว็บไซต์อื่น ซึ่งอาจวางสิ่งใดทับไว้เพื่อหลอกให้คุณคลิก เพื่อความปลอดภัยของบัญชีของคุณ หน้านี้จะใช้งานได้เฉพาะเมื่อเปิดโดยตรงเท่านั้น",
            ),
            Msg::OpenDirectly => ("Open it in a new tab", "เปิดในแท็บใหม่"),
            Msg::ConfigProblem => (
                "This app is not configured correctly:",
                "การตั้งค่าของแอปนี้ไม่ถูกต้อง:",
            ),
            Msg::Err(key) => error_text(key),
        };
        match lang {
            Lang::En => en,
            Lang::Th => th,
        }
    }
}

fn error_text(key: ErrorKey) -> (&'static str, &'static str) {
    match key {
        ErrorKey::WrongCredentials => ("Incorrect email or password.", "อีเมลหรือรหัสผ่านไม่ถูกต้อง"),
        ErrorKey::UserNotConfirmed => (
            "This account is not confirmed yet. Check your email for the confirmation code.",
            "บัญชีนี้ยังไม่ได้รับการยืนยัน กรุณาตรวจสอบรหัสยืนยันในอีเมลของคุณ",
        ),
        ErrorKey::CodeMismatch => ("Incorrect code, please try again", "รหัสไม่ถูกต้อง กรุณาลองใหม่"),
        ErrorKey::CodeReused => (
            "This code was already used, wait for a new one",
            "โค้ดนี้ถูกใช้ไปแล้ว รอโค้ดใหม่จากแอป",
        ),
        ErrorKey::CodeExpired => (
            "This code has expired. Please sign in again to get a new one.",
            "รหัสนี้หมดอายุแล้ว กรุณาเข้าสู่ระบบอีกครั้งเพื่อรับรหัสใหม่",
        ),
        ErrorKey::SessionExpired => (
            "Your sign-in took too long. Please sign in again.",
            "หมดเวลาเข้าสู่ระบบ กรุณาเข้าสู่ระบบอีกครั้ง",
        ),
        ErrorKey::SignInEnded => (
            "This sign-in can no longer continue. Please sign in again.",
            "การเข้าสู่ระบบครั้งนี้ดำเนินการต่อไม่ได้แล้ว กรุณาเข้าสู่ระบบอีกครั้ง",
        ),
        ErrorKey::SignedOut => (
            "Your session has ended. Please sign in again.",
            "หมดเวลาการใช้งานแล้ว กรุณาเข้าสู่ระบบอีกครั้ง",
        ),
        ErrorKey::SessionReused => (
            "Your session was also used somewhere else, by a copy of this tab or by someone else. To be safe, it has been signed out. Please sign in again.",
            "มีการใช้งานนี้จากที่อื่นด้วย อาจเป็นแท็บที่คัดลอกไว้หรือผู้อื่น เพื่อความปลอดภัย การใช้งานนี้จึงถูกออกจากระบบแล้ว กรุณาเข้าสู่ระบบอีกครั้ง",
        ),
        ErrorKey::PasswordResetRequired => (
            "You need to reset your password before signing in.",
            "กรุณารีเซ็ตรหัสผ่านก่อนเข้าสู่ระบบ",
        ),
        ErrorKey::PasswordAttemptsExceeded => (
            "Too many incorrect passwords. Please wait a few minutes before you try again.",
            "กรอกรหัสผ่านผิดหลายครั้งเกินไป กรุณารอสักสองสามนาทีก่อนลองใหม่",
        ),
        ErrorKey::MfaLocked => (
            "Too many incorrect codes. Please wait a few minutes, then sign in again.",
            "กรอกรหัสผิดหลายครั้งเกินไป กรุณารอสักสองสามนาทีแล้วเข้าสู่ระบบอีกครั้ง",
        ),
        ErrorKey::TooManyAttempts => (
            "Too many attempts. Please wait a few minutes and try again.",
            "มีการลองหลายครั้งเกินไป กรุณารอสักสองสามนาทีแล้วลองใหม่",
        ),
        ErrorKey::Throttled => (
            "The sign-in service is busy. Please wait a moment and try again.",
            "บริการเข้าสู่ระบบมีผู้ใช้งานมาก กรุณารอสักครู่แล้วลองใหม่",
        ),
        ErrorKey::InvalidPassword => (
            "That password does not meet the requirements.",
            "รหัสผ่านไม่ตรงตามข้อกำหนด",
        ),
        ErrorKey::UsernameExists => (
            "An account with this name already exists.",
            "มีบัญชีที่ใช้ชื่อนี้อยู่แล้ว",
        ),
        ErrorKey::ContactTaken => (
            "Another account already uses this email or phone number.",
            "มีบัญชีอื่นใช้อีเมลหรือหมายเลขโทรศัพท์นี้อยู่แล้ว",
        ),
        ErrorKey::TotpAlreadyEnabled => (
            "Your authenticator app is already set up.",
            "คุณตั้งค่าแอปยืนยันตัวตนไว้แล้ว",
        ),
        ErrorKey::TotpNotSetUp => (
            "No authenticator app is set up for this account.",
            "บัญชีนี้ยังไม่ได้ตั้งค่าแอปยืนยันตัวตน",
        ),
        ErrorKey::FactorUnavailable => (
            "This method can't be turned on for your account.",
            "ไม่สามารถเปิดใช้วิธีนี้กับบัญชีของคุณได้",
        ),
        ErrorKey::MfaRequired => (
            "Your account must use two-factor authentication, so this method stays on.",
            "บัญชีของคุณต้องใช้การยืนยันตัวตนแบบสองขั้นตอน วิธีนี้จึงยังเปิดอยู่",
        ),
        ErrorKey::AuthenticatorDisconnected => (
            "Your old authenticator app no longer works. Set up the new one to turn two-factor authentication back on.",
            "แอปยืนยันตัวตนเดิมใช้ไม่ได้แล้ว กรุณาตั้งค่าแอปใหม่เพื่อเปิดการยืนยันตัวตนแบบสองขั้นตอนอีกครั้ง",
        ),
        ErrorKey::CodeDeliveryFailed => (
            "We could not send the code. Please try again later.",
            "ไม่สามารถส่งรหัสได้ กรุณาลองใหม่ภายหลัง",
        ),
        ErrorKey::InvalidInput => ("Please check what you entered.", "กรุณาตรวจสอบข้อมูลที่กรอก"),
        ErrorKey::Network => (
            "Can't reach the sign-in service. Check your connection and try again.",
            "ไม่สามารถเชื่อมต่อบริการเข้าสู่ระบบได้ กรุณาตรวจสอบการเชื่อมต่ออินเทอร์เน็ตแล้วลองใหม่",
        ),
        ErrorKey::TimedOut => (
            "The sign-in service did not answer. Try again.",
            "บริการเข้าสู่ระบบไม่ตอบสนอง กรุณาลองใหม่",
        ),
        ErrorKey::ServiceUnavailable => (
            "The sign-in service is having a problem. Please try again in a moment.",
            "บริการเข้าสู่ระบบขัดข้อง กรุณาลองใหม่อีกครั้งในอีกสักครู่",
        ),
        ErrorKey::BadAnswer => (
            "The sign-in service sent an answer this page could not read. Please try again.",
            "บริการเข้าสู่ระบบตอบกลับมาในรูปแบบที่หน้านี้อ่านไม่ได้ กรุณาลองใหม่",
        ),
        ErrorKey::ServiceMisconfigured => (
            "The sign-in service is not set up correctly. Please contact your administrator.",
            "บริการเข้าสู่ระบบตั้งค่าไม่ถูกต้อง กรุณาติดต่อผู้ดูแลระบบ",
        ),
        ErrorKey::UnsupportedChallenge => (
            "This account needs a sign-in step this app does not offer yet. Please contact your administrator.",
            "บัญชีนี้ต้องใช้ขั้นตอนการเข้าสู่ระบบที่แอปนี้ยังไม่รองรับ กรุณาติดต่อผู้ดูแลระบบ",
        ),
        ErrorKey::PasskeyNotUsed => (
            "No passkey was used: the request was cancelled or timed out, or this device has no passkey for this account.",
            "ไม่ได้ใช้พาสคีย์ คำขอถูกยกเลิกหรือหมดเวลา หรืออุปกรณ์นี้ไม่มีพาสคีย์ของบัญชีนี้",
        ),
        ErrorKey::PasskeyUnsupportedBrowser => (
            "This browser cannot use passkeys here. Use another way to sign in.",
            "เบราว์เซอร์นี้ใช้พาสคีย์ที่นี่ไม่ได้ กรุณาใช้วิธีอื่นในการเข้าสู่ระบบ",
        ),
        ErrorKey::CheckFields => (
            "Some details were not accepted. Please check the marked fields.",
            "ข้อมูลบางส่วนไม่ถูกต้อง กรุณาตรวจสอบช่องที่มีข้อความแจ้ง",
        ),
        ErrorKey::StepUpOtherAccount => (
            "That was another account. Confirm it's you with the account you're signed in with.",
            "นั่นเป็นบัญชีอื่น กรุณายืนยันว่าเป็นคุณด้วยบัญชีที่คุณเข้าสู่ระบบอยู่",
        ),
        ErrorKey::StepUpNotEnough => (
            "That sign-in did not confirm enough for this change. Confirm it's you with your two-factor authentication.",
            "การเข้าสู่ระบบนั้นยืนยันตัวตนไม่เพียงพอสำหรับการเปลี่ยนแปลงนี้ กรุณายืนยันว่าเป็นคุณด้วยการยืนยันตัวตนแบบสองขั้นตอน",
        ),
        ErrorKey::PasskeyWrongSite => (
            "The passkey settings of this sign-in service do not match this site's address. Please contact your administrator.",
            "การตั้งค่าพาสคีย์ของบริการเข้าสู่ระบบไม่ตรงกับที่อยู่ของเว็บไซต์นี้ กรุณาติดต่อผู้ดูแลระบบ",
        ),
        ErrorKey::PasskeyExists => (
            "This device already has a passkey for your account.",
            "อุปกรณ์นี้มีพาสคีย์ของบัญชีคุณอยู่แล้ว",
        ),
        ErrorKey::PasskeysNotEnabled => (
            "Passkeys are not turned on for this sign-in service. Please contact your administrator.",
            "บริการเข้าสู่ระบบนี้ยังไม่ได้เปิดใช้พาสคีย์ กรุณาติดต่อผู้ดูแลระบบ",
        ),
        ErrorKey::PasskeyTimedOut => (
            "Adding the passkey took too long. Please try again.",
            "การเพิ่มพาสคีย์ใช้เวลานานเกินไป กรุณาลองใหม่",
        ),
        ErrorKey::PasskeyNotSupported => (
            "This kind of passkey is not supported. Try a passkey on another device or in another password manager.",
            "ไม่รองรับพาสคีย์ประเภทนี้ ลองใช้พาสคีย์บนอุปกรณ์อื่นหรือในโปรแกรมจัดการรหัสผ่านอื่น",
        ),
        ErrorKey::ChoiceSignInDisabled => (
            "This app client does not allow choice-based sign-in (USER_AUTH). Please contact your administrator.",
            "แอปไคลเอนต์นี้ไม่ได้เปิดให้เลือกวิธีเข้าสู่ระบบ (USER_AUTH) กรุณาติดต่อผู้ดูแลระบบ",
        ),
        ErrorKey::Unexpected => (
            "Something went wrong. Please try again.",
            "เกิดข้อผิดพลาดบางอย่าง กรุณาลองใหม่",
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_round_trip() {
        for l in Lang::ALL {
            assert_eq!(Lang::from_tag(l.tag()), Some(l));
        }
        assert_eq!(Lang::from_tag("th-TH"), Some(Lang::Th));
        assert_eq!(Lang::from_tag("fr"), None);
    }

    #[test]
    fn seed_wording_is_exact() {
        assert_eq!(
            Msg::Err(ErrorKey::CodeMismatch).text(Lang::En),
            "Incorrect code, please try again"
        );
        assert_eq!(
            Msg::Err(ErrorKey::CodeMismatch).text(Lang::Th),
            "รหัสไม่ถูกต้อง กรุณาลองใหม่"
        );
        assert_eq!(
            Msg::Err(ErrorKey::CodeReused).text(Lang::Th),
            "โค้ดนี้ถูกใช้ไปแล้ว รอโค้ดใหม่จากแอป"
        );
        assert_eq!(Msg::SetupTitle.text(Lang::En), "Set Up Authenticator App");
        assert_eq!(
            Msg::Err(ErrorKey::TimedOut).text(Lang::En),
            "The sign-in service did not answer. Try again."
        );
        assert_ne!(
            Msg::Err(ErrorKey::CodeExpired).text(Lang::En),
            Msg::Err(ErrorKey::CodeReused).text(Lang::En),
            "an expired code is not a used one"
        );
        assert_eq!(
            Msg::SetupSuccess.text(Lang::En),
            "Authenticator setup successful!"
        );
    }

    /// Every error key. A new `ErrorKey` variant stops `every_key_is_listed` from compiling until
    /// it is added there and here.
    const ERROR_KEYS: [ErrorKey; 42] = {
        use ErrorKey::*;
        [
            WrongCredentials,
            UserNotConfirmed,
            CodeMismatch,
            CodeExpired,
            CodeReused,
            SessionExpired,
            SignInEnded,
            SignedOut,
            SessionReused,
            PasswordResetRequired,
            PasswordAttemptsExceeded,
            MfaLocked,
            TooManyAttempts,
            Throttled,
            InvalidPassword,
            UsernameExists,
            ContactTaken,
            TotpAlreadyEnabled,
            TotpNotSetUp,
            FactorUnavailable,
            MfaRequired,
            AuthenticatorDisconnected,
            CodeDeliveryFailed,
            InvalidInput,
            Network,
            TimedOut,
            ServiceUnavailable,
            BadAnswer,
            ServiceMisconfigured,
            UnsupportedChallenge,
            PasskeyNotUsed,
            PasskeyUnsupportedBrowser,
            PasskeyWrongSite,
            PasskeyExists,
            PasskeysNotEnabled,
            PasskeyTimedOut,
            PasskeyNotSupported,
            ChoiceSignInDisabled,
            StepUpOtherAccount,
            StepUpNotEnough,
            CheckFields,
            Unexpected,
        ]
    };

    #[test]
    fn every_key_is_listed() {
        use std::collections::HashSet;
        let listed: HashSet<ErrorKey> = ERROR_KEYS.into_iter().collect();
        for key in ERROR_KEYS {
            // Exhaustive: adding a variant without listing it stops this from compiling.
            match key {
                ErrorKey::WrongCredentials
                | ErrorKey::UserNotConfirmed
                | ErrorKey::CodeMismatch
                | ErrorKey::CodeExpired
                | ErrorKey::CodeReused
                | ErrorKey::SessionExpired
                | ErrorKey::SignInEnded
                | ErrorKey::SignedOut
                | ErrorKey::SessionReused
                | ErrorKey::PasswordResetRequired
                | ErrorKey::PasswordAttemptsExceeded
                | ErrorKey::MfaLocked
                | ErrorKey::TooManyAttempts
                | ErrorKey::Throttled
                | ErrorKey::InvalidPassword
                | ErrorKey::UsernameExists
                | ErrorKey::ContactTaken
                | ErrorKey::TotpAlreadyEnabled
                | ErrorKey::TotpNotSetUp
                | ErrorKey::FactorUnavailable
                | ErrorKey::MfaRequired
                | ErrorKey::AuthenticatorDisconnected
                | ErrorKey::CodeDeliveryFailed
                | ErrorKey::InvalidInput
                | ErrorKey::Network
                | ErrorKey::TimedOut
                | ErrorKey::ServiceUnavailable
                | ErrorKey::BadAnswer
                | ErrorKey::ServiceMisconfigured
                | ErrorKey::UnsupportedChallenge
                | ErrorKey::PasskeyNotUsed
                | ErrorKey::PasskeyUnsupportedBrowser
                | ErrorKey::PasskeyWrongSite
                | ErrorKey::PasskeyExists
                | ErrorKey::PasskeysNotEnabled
                | ErrorKey::PasskeyTimedOut
                | ErrorKey::PasskeyNotSupported
                | ErrorKey::ChoiceSignInDisabled
                | ErrorKey::StepUpOtherAccount
                | ErrorKey::StepUpNotEnough
                | ErrorKey::CheckFields
                | ErrorKey::Unexpected => {}
            }
        }
        assert_eq!(listed.len(), ERROR_KEYS.len(), "listed twice");
    }

    /// Two different situations never read the same, in either language.
    #[test]
    fn each_error_has_its_own_words() {
        use std::collections::HashMap;
        for lang in Lang::ALL {
            let mut seen = HashMap::new();
            for key in ERROR_KEYS {
                if let Some(other) = seen.insert(Msg::Err(key).text(lang), key) {
                    assert_eq!(
                        other, key,
                        "{other:?} and {key:?} read the same in {lang:?}"
                    );
                }
            }
        }
    }

    /// Thai strings are really Thai, not English left in by mistake.
    #[test]
    fn thai_is_translated() {
        let thai = |s: &str| s.chars().any(|c| ('\u{0E00}'..='\u{0E7F}').contains(&c));
        let keys = [
            Msg::SignInTitle,
            Msg::Email,
            Msg::ShowPassword,
            Msg::NotAUserName,
            Msg::ResetIntroSms,
            Msg::SignInIntroEmailOrPhone,
            Msg::SignUpIntroEmailOrPhone,
            Msg::ForgotIntroEmailOrPhone,
            Msg::WrongEmailPhoneOrPassword,
            Msg::ContactsTitle,
            Msg::NotAdded,
            Msg::Verified,
            Msg::NotVerified,
            Msg::Change,
            Msg::Add,
            Msg::ContactChangeHint,
            Msg::SaveAndSendCode,
            Msg::ContactWaits,
            Msg::ContactCodeIntro,
            Msg::ContactVerified,
            Msg::VerifyEmailOffer,
            Msg::VerifyPhoneOffer,
            Msg::VerifyNow,
            Msg::DeleteAccountTitle,
            Msg::DeleteAccountIntro,
            Msg::DeleteAccountConfirm,
            Msg::DeleteAccountMismatch,
            Msg::DeleteAccountProved,
            Msg::DeleteAccount,
            Msg::DeletingAccount,
            Msg::AccountDeletedTitle,
            Msg::AccountDeletedIntro,
            Msg::WrongPhoneOrPassword,
            Msg::WrongUsernameOrPassword,
            Msg::ResetRequired,
            Msg::ConfirmIntroSms,
            Msg::Username,
            Msg::PhoneNumber,
            Msg::EmailOrPhone,
            Msg::UsernameOrEmail,
            Msg::UsernameOrPhone,
            Msg::UsernameEmailOrPhone,
            Msg::SignInIntroPhone,
            Msg::SignInIntroUsername,
            Msg::ForgotIntroPhone,
            Msg::ForgotIntroUsername,
            Msg::SignUpIntroPhone,
            Msg::SignUpIntroUsername,
            Msg::PhoneHintNational,
            Msg::NotAPhoneNumber,
            Msg::NeedsCountryCode,
            Msg::EnterSignInName,
            Msg::Password,
            Msg::Code,
            Msg::Verify,
            Msg::GenerateQr,
            Msg::ContinueToVerification,
            Msg::VerifyAndEnable,
            Msg::SignOut,
            Msg::Back,
            Msg::Cancel,
            Msg::VerifiedNotEnabled,
            Msg::TurnOn,
            Msg::MakePreferred,
            Msg::TurnOff,
            Msg::TurnOnFactor,
            Msg::ReplaceAuthenticator,
            Msg::NoPhoneNumber,
            Msg::MfaSaved,
            Msg::StepUpTitle,
            Msg::StepUpIntro,
            Msg::StepUpIntroChoice,
            Msg::Checking,
            Msg::ReplaceWarning,
            Msg::ReplaceUnfinished,
            Msg::FinishReplacing,
            Msg::KeepCurrentApp,
            Msg::CurrentAppKept,
            Msg::NotFound,
            Msg::FramedTitle,
            Msg::FramedIntro,
            Msg::OpenDirectly,
            Msg::ConfigProblem,
            Msg::RememberDeviceTitle,
            Msg::RememberDeviceIntro,
            Msg::RememberDevice,
            Msg::NotNow,
            Msg::DevicesTitle,
            Msg::DevicesIntro,
            Msg::ThisDevice,
            Msg::Remembered,
            Msg::NotRemembered,
            Msg::LastUsed,
            Msg::ForgetDevice,
            Msg::RememberThisDevice,
            Msg::UnnamedDevice,
            Msg::SignOutAndForget,
            Msg::DeviceForgotten,
            Msg::RequiredNote,
            Msg::DetailsTitle,
            Msg::DetailsIntro,
            Msg::EditDetails,
            Msg::Save,
            Msg::DetailsSaved,
            Msg::NotGiven,
            Msg::SessionsTitle,
            Msg::SessionsIntro,
            Msg::ThisBrowser,
            Msg::ThisApp,
            Msg::OtherApp,
            Msg::UnknownDevice,
            Msg::LastActive,
            Msg::EndSession,
            Msg::SessionEnded,
            Msg::OnlyHere,
            Msg::SignInWithPassword,
            Msg::AddPhoneNumber,
            Msg::PhoneHint,
            Msg::SetupMfaTitle,
            Msg::SetupMfaIntro,
            Msg::EmailSetupTitle,
            Msg::EmailSetupIntro,
            Msg::SignInIntroChoice,
            Msg::SignInIntroPasswordless,
            Msg::EnterPassword,
            Msg::EmailMeACode,
            Msg::TextMeACode,
            Msg::SignInCodeTitle,
            Msg::SignInCodeIntroEmail,
            Msg::SignInCodeIntroSms,
            Msg::SignInCodeHint,
            Msg::ChooseMethodTitle,
            Msg::ChooseMethodIntro,
            Msg::UsePassword,
            Msg::NoMethodForAccount,
            Msg::SignInWithPasskey,
            Msg::WaitingForPasskey,
            Msg::PasskeyTitle,
            Msg::PasskeyIntro,
            Msg::PasskeyIntroNoName,
            Msg::PasskeysTitle,
            Msg::PasskeysIntro,
            Msg::AddPasskey,
            Msg::AddingPasskey,
            Msg::DeletePasskey,
            Msg::PasskeyAdded,
            Msg::PasskeyDeleted,
            Msg::NoPasskeys,
            Msg::PasskeyOffer,
            Msg::PasskeyMfaTitle,
            Msg::PasskeyReady,
            Msg::PasskeyMfaOff,
            Msg::PasskeyMfaOn,
            Msg::PasskeyAddedOn,
            Msg::PlatformPasskey,
            Msg::RoamingPasskey,
        ]
        .into_iter()
        .chain(ERROR_KEYS.map(Msg::Err));
        for k in keys {
            let th = k.text(Lang::Th);
            assert!(thai(th), "{k:?} has no Thai");
            assert!(!thai(k.text(Lang::En)), "{k:?} English has Thai");
            // The wording guide: no em dashes, and colons only where a list or key follows.
            assert!(!th.contains('—'), "{k:?}: {th}");
            if matches!(k, Msg::Err(_)) {
                assert!(!th.contains(':'), "{k:?}: {th}");
            }
        }
    }
}
