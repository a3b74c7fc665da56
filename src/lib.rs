//! Two-factor sign-in for Amazon Cognito. Layers, each depending only on the ones after it:
//! `ui` → `auth` → `cognito` → `cognito_crypto` (see ARCHITECTURE.md). `i18n` and `qr` are
//! pure helpers of the UI, kept outside it so native tests cover them.

pub mod auth;
pub mod cognito;
pub mod config;
pub mod i18n;
pub mod qr;
#[cfg(target_arch = "wasm32")]
pub mod ui;
