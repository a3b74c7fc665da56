//! Presentational components: signals in, callbacks out. None of them calls the auth service
//! or navigates.

mod account_forms;
mod attribute_fields;
mod authenticator_setup;
mod code_form;
mod contact_forms;
mod device_list;
mod feedback;
mod form_parts;
mod language_switch;
mod login_form;
mod mfa_factors;
mod new_password_form;
mod passkey_list;
mod password_fields;
mod remember_device;
mod select_mfa_type;
mod session_list;

pub use account_forms::{
    ChangePasswordForm, ForgotPasswordForm, RESEND_COOL_DOWN_SECS, ResetPasswordForm, SendCodeForm,
    SignUpForm,
};
pub use attribute_fields::{AttributeFieldList, AttributeInputs};
pub use authenticator_setup::{AuthenticatorKey, AuthenticatorSetup};
pub use code_form::{ConfirmSignUpForm, MfaVerificationForm, SignInCodeForm, VerifyAuthenticator};
pub use contact_forms::{ContactCodeForm, ContactEditForm, ContactList};
pub use device_list::DeviceList;
pub use feedback::ErrorMessage;
pub use form_parts::{SubmitButton, focus_next_frame, sign_in_name_kind};
pub use language_switch::LanguageSwitch;
pub use login_form::{Credentials, LoginForm};
pub use mfa_factors::MfaFactors;
pub use new_password_form::NewPasswordForm;
pub use passkey_list::PasskeyList;
pub use password_fields::{NewPasswordFields, NewPasswordInputs};
pub use remember_device::RememberDeviceForm;
pub use select_mfa_type::{ChooseSignInMethod, PasskeyPrompt, SelectMfaType};
pub use session_list::SessionList;
