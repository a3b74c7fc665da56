//! Every user-facing string, in English and Thai, in one table. Pure (no Leptos), so every key is
//! checked natively for both languages.

use crate::cognito::ErrorKey;

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

/// A message key. `Msg::X.text(lang)` is the only way the UI gets words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Msg {
    Language,
    SignInTitle,
    SignInIntro,
    Email,
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
    SigningOut,
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
    ConfigProblem,
    Err(ErrorKey),
}

impl Msg {
    pub fn text(self, lang: Lang) -> &'static str {
        let (en, th) = match self {
            Msg::Language => ("Language", "ภาษา"),
            Msg::SignInTitle => ("Sign in", "เข้าสู่ระบบ"),
            Msg::SignInIntro => (
                "Use your email and password. Your password never leaves this device.",
                "ใช้อีเมลและรหัสผ่านของคุณ รหัสผ่านจะไม่ถูกส่งออกจากอุปกรณ์นี้",
            ),
            Msg::Email => ("Email", "อีเมล"),
            Msg::Password => ("Password", "รหัสผ่าน"),
            Msg::SignIn => ("Sign in", "เข้าสู่ระบบ"),
            Msg::SigningIn => ("Signing in…", "กำลังเข้าสู่ระบบ…"),
            Msg::MfaTitle => ("Two-factor authentication", "การยืนยันตัวตนสองขั้นตอน"),
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
            Msg::ClockHint => (
                "Check that your phone's clock is set automatically, then wait for the next code.",
                "ตรวจสอบว่านาฬิกาในโทรศัพท์ตั้งเวลาอัตโนมัติ แล้วรอรหัสถัดไป",
            ),
            Msg::SetupTitle => ("Set Up Authenticator App", "ตั้งค่าแอปยืนยันตัวตน"),
            Msg::SetupIntro => (
                "Use Google Authenticator, Microsoft Authenticator, 1Password or any TOTP app.",
                "ใช้ Google Authenticator, Microsoft Authenticator, 1Password หรือแอป TOTP ใดก็ได้",
            ),
            Msg::GenerateQr => ("Generate QR Code", "สร้าง QR โค้ด"),
            Msg::Generating => ("Generating…", "กำลังสร้าง…"),
            Msg::QrAlt => (
                "QR code to scan with your authenticator app",
                "QR โค้ดสำหรับสแกนด้วยแอปยืนยันตัวตน",
            ),
            Msg::ManualEntry => (
                "Can't scan? Enter this key in your app:",
                "สแกนไม่ได้? กรอกคีย์นี้ในแอปของคุณ:",
            ),
            Msg::Copy => ("Copy key", "คัดลอกคีย์"),
            Msg::Copied => ("Copied", "คัดลอกแล้ว"),
            Msg::OpenInApp => (
                "On this phone? Open in authenticator app",
                "ใช้โทรศัพท์เครื่องนี้? เปิดในแอปยืนยันตัวตน",
            ),
            Msg::ContinueToVerification => ("Continue to Verification", "ไปยังขั้นตอนยืนยัน"),
            Msg::VerifyTitle => ("Verify your authenticator", "ยืนยันแอปยืนยันตัวตน"),
            Msg::VerifyIntro => (
                "Enter the 6-digit code your app now shows.",
                "กรอกรหัส 6 หลักที่แอปของคุณแสดงอยู่ตอนนี้",
            ),
            Msg::VerifyAndEnable => ("Verify and Enable 2FA", "ยืนยันและเปิดใช้ 2FA"),
            Msg::SetupSuccess => ("Authenticator setup successful!", "ตั้งค่าแอปยืนยันตัวตนสำเร็จ!"),
            Msg::AlreadyEnabled => (
                "Your authenticator app is already set up. Two-factor sign-in is on.",
                "คุณตั้งค่าแอปยืนยันตัวตนไว้แล้ว การยืนยันตัวตนสองขั้นตอนเปิดอยู่",
            ),
            Msg::GoHome => ("Go to home", "ไปหน้าหลัก"),
            Msg::HomeTitle => ("Home", "หน้าหลัก"),
            Msg::SignedInAs => ("Signed in as", "เข้าสู่ระบบในชื่อ"),
            Msg::MfaStatus => ("Two-factor authentication", "การยืนยันตัวตนสองขั้นตอน"),
            Msg::Totp => ("Authenticator app (TOTP)", "แอปยืนยันตัวตน (TOTP)"),
            Msg::Sms => ("Text message (SMS)", "ข้อความ SMS"),
            Msg::EmailMfa => ("Email code", "รหัสทางอีเมล"),
            Msg::On => ("On", "เปิด"),
            Msg::Off => ("Off", "ปิด"),
            Msg::Preferred => ("preferred", "ใช้เป็นหลัก"),
            Msg::NoPreferred => (
                "No two-factor method yet: add an authenticator app to protect your account.",
                "ยังไม่มีการยืนยันตัวตนสองขั้นตอน: เพิ่มแอปยืนยันตัวตนเพื่อปกป้องบัญชีของคุณ",
            ),
            Msg::SetUpAuthenticator => ("Set up authenticator app", "ตั้งค่าแอปยืนยันตัวตน"),
            Msg::SignOut => ("Sign out", "ออกจากระบบ"),
            Msg::SigningOut => ("Signing out…", "กำลังออกจากระบบ…"),
            Msg::ChooseMfaTitle => ("Choose how to verify", "เลือกวิธียืนยันตัวตน"),
            Msg::ChooseMfaIntro => (
                "Your account has more than one way to confirm it's you.",
                "บัญชีของคุณมีวิธียืนยันตัวตนมากกว่าหนึ่งวิธี",
            ),
            Msg::NewPasswordTitle => ("Choose a new password", "ตั้งรหัสผ่านใหม่"),
            Msg::NewPasswordIntro => (
                "Your account was created with a temporary password. Choose your own to continue.",
                "บัญชีของคุณสร้างด้วยรหัสผ่านชั่วคราว กรุณาตั้งรหัสผ่านของคุณเองเพื่อดำเนินการต่อ",
            ),
            Msg::NewPassword => ("New password", "รหัสผ่านใหม่"),
            Msg::ConfirmPassword => ("Confirm new password", "ยืนยันรหัสผ่านใหม่"),
            Msg::PasswordRules => (
                "At least 8 characters, with upper- and lowercase letters, a number and a symbol.",
                "อย่างน้อย 8 ตัวอักษร มีตัวพิมพ์ใหญ่ ตัวพิมพ์เล็ก ตัวเลข และสัญลักษณ์",
            ),
            Msg::PasswordsDiffer => ("The two passwords do not match.", "รหัสผ่านทั้งสองช่องไม่ตรงกัน"),
            Msg::SetPassword => ("Set password", "ตั้งรหัสผ่าน"),
            Msg::Saving => ("Saving…", "กำลังบันทึก…"),
            Msg::MfaSetupRequired => (
                "Two-factor authentication is required for your account. Set up an authenticator app to finish signing in.",
                "บัญชีของคุณต้องใช้การยืนยันตัวตนสองขั้นตอน กรุณาตั้งค่าแอปยืนยันตัวตนเพื่อเข้าสู่ระบบให้เสร็จสิ้น",
            ),
            Msg::TryAgain => ("Try again", "ลองอีกครั้ง"),
            Msg::Loading => ("Loading…", "กำลังโหลด…"),
            Msg::NotFound => ("This page could not be found.", "ไม่พบหน้านี้"),
            Msg::ConfigProblem => ("This app is not configured correctly:", "แอปนี้ตั้งค่าไม่ถูกต้อง:"),
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
            "This account is not confirmed yet. Check your email for the confirmation link.",
            "บัญชีนี้ยังไม่ได้รับการยืนยัน กรุณาตรวจสอบอีเมลของคุณ",
        ),
        ErrorKey::CodeMismatch => ("Incorrect code, please try again", "รหัสไม่ถูกต้อง กรุณาลองใหม่"),
        ErrorKey::CodeExpired => (
            "This code was already used, wait for a new one",
            "โค้ดนี้ถูกใช้ไปแล้ว รอโค้ดใหม่จากแอป",
        ),
        ErrorKey::SessionExpired => (
            "Your sign-in took too long — please sign in again",
            "การเข้าสู่ระบบใช้เวลานานเกินไป — กรุณาเข้าสู่ระบบอีกครั้ง",
        ),
        ErrorKey::SignedOut => (
            "Your session has ended. Please sign in again.",
            "เซสชันของคุณสิ้นสุดแล้ว กรุณาเข้าสู่ระบบอีกครั้ง",
        ),
        ErrorKey::PasswordResetRequired => (
            "You need to reset your password before signing in.",
            "คุณต้องตั้งรหัสผ่านใหม่ก่อนเข้าสู่ระบบ",
        ),
        ErrorKey::TooManyAttempts => (
            "Too many attempts. Please wait a few minutes and try again.",
            "ลองหลายครั้งเกินไป กรุณารอสักครู่แล้วลองใหม่",
        ),
        ErrorKey::InvalidPassword => (
            "That password does not meet the requirements.",
            "รหัสผ่านไม่ตรงตามข้อกำหนด",
        ),
        ErrorKey::UsernameExists => (
            "An account with this email already exists.",
            "มีบัญชีที่ใช้อีเมลนี้อยู่แล้ว",
        ),
        ErrorKey::TotpAlreadyEnabled => (
            "Your authenticator app is already set up.",
            "คุณตั้งค่าแอปยืนยันตัวตนไว้แล้ว",
        ),
        ErrorKey::TotpNotSetUp => (
            "No authenticator app is set up for this account.",
            "บัญชีนี้ยังไม่ได้ตั้งค่าแอปยืนยันตัวตน",
        ),
        ErrorKey::CodeDeliveryFailed => (
            "We could not send the code. Please try again later.",
            "ไม่สามารถส่งรหัสได้ กรุณาลองใหม่ภายหลัง",
        ),
        ErrorKey::InvalidInput => ("Please check what you entered.", "กรุณาตรวจสอบข้อมูลที่กรอก"),
        ErrorKey::Network => (
            "Can't reach the sign-in service. Check your connection and try again.",
            "ไม่สามารถเชื่อมต่อบริการเข้าสู่ระบบได้ ตรวจสอบการเชื่อมต่อแล้วลองใหม่",
        ),
        ErrorKey::ServiceMisconfigured => (
            "The sign-in service is not set up correctly. Please contact your administrator.",
            "บริการเข้าสู่ระบบตั้งค่าไม่ถูกต้อง กรุณาติดต่อผู้ดูแลระบบ",
        ),
        ErrorKey::UnsupportedChallenge => (
            "This account needs a sign-in step this app does not offer yet. Please contact your administrator.",
            "บัญชีนี้ต้องใช้ขั้นตอนการเข้าสู่ระบบที่แอปนี้ยังไม่รองรับ กรุณาติดต่อผู้ดูแลระบบ",
        ),
        ErrorKey::Unexpected => (
            "Something went wrong. Please try again.",
            "เกิดข้อผิดพลาด กรุณาลองใหม่",
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
            Msg::Err(ErrorKey::CodeExpired).text(Lang::Th),
            "โค้ดนี้ถูกใช้ไปแล้ว รอโค้ดใหม่จากแอป"
        );
        assert_eq!(Msg::SetupTitle.text(Lang::En), "Set Up Authenticator App");
        assert_eq!(
            Msg::SetupSuccess.text(Lang::En),
            "Authenticator setup successful!"
        );
    }

    /// Thai strings are really Thai, not English left in by mistake.
    #[test]
    fn thai_is_translated() {
        let thai = |s: &str| s.chars().any(|c| ('\u{0E00}'..='\u{0E7F}').contains(&c));
        let keys = [
            Msg::SignInTitle,
            Msg::Email,
            Msg::Password,
            Msg::Code,
            Msg::Verify,
            Msg::GenerateQr,
            Msg::ContinueToVerification,
            Msg::VerifyAndEnable,
            Msg::SignOut,
            Msg::Err(ErrorKey::Network),
            Msg::Err(ErrorKey::SessionExpired),
            Msg::Err(ErrorKey::WrongCredentials),
        ];
        for k in keys {
            assert!(thai(k.text(Lang::Th)), "{k:?} has no Thai");
            assert!(!thai(k.text(Lang::En)), "{k:?} English has Thai");
        }
    }
}
