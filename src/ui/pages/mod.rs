//! Pages: each owns its state machine, calls the auth service and navigates.

mod home;
mod login;
mod passkeys;
mod setup;

pub use home::HomePage;
pub use login::{LoginPage, StepUpPage};
pub use setup::SetupPage;
