//! local-cognito: an Amazon Cognito user-pool stand-in for development and tests.
//!
//! It speaks the Cognito Identity Provider JSON protocol (`POST /` + `X-Amz-Target`) and checks
//! the cryptography the way Cognito does: SRP password claims are verified against a stored
//! verifier (never a password), TOTP codes against the user's secret with a ±1-step window and
//! no reuse, sessions are single-step and expire. Layout:
//! - [`store`]: pools, clients and users (the part `--state` persists);
//! - [`service`]: the operations, one method each, pure over the store and a clock;
//! - [`tokens`]: RS256 JWTs and the JWKS;
//! - [`http`]: axum routing, the Host check, the origin policy and CORS, the wire error format,
//!   the `/_local/` helper endpoints;
//! - [`faults`]: fault injection in front of the JSON API (`--fault`, `/_local/faults`);
//! - [`conn`]: the listener whose connections the `drop` fault can cut.

pub mod conn;
pub mod error;
pub mod faults;
pub mod http;
pub mod seed;
pub mod service;
pub mod store;
pub mod tokens;

pub use http::{HttpOptions, router, router_with, serve, serve_with};
pub use service::{Service, ServiceConfig};
