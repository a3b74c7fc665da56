//! Pages: each owns its state, calls the auth service (every signed-in request through
//! [`requests::SignedIn`]) and navigates; the rules they follow live in `auth`.

mod account_deleted;
mod home;
mod login;
mod requests;
mod setup;

pub use account_deleted::AccountDeletedPage;
pub use home::HomePage;
pub use login::{LoginPage, StepUpPage};
pub use setup::SetupPage;
