//! Two-factor sign-in for Amazon Cognito. Layers, each depending only on the ones after it:
//! `ui` → `auth` → `cognito` → `cognito_crypto` (see ARCHITECTURE.md).

pub mod auth;
pub mod cognito;
pub mod config;
#[cfg(target_arch = "wasm32")]
pub mod ui;
