//! The maths of a Cognito sign-in: SRP-6a as Cognito does it, its TIMESTAMP, TOTP and otpauth URIs.
//!
//! Architecture invariant: no I/O, no clock, no JSON, no Leptos. Randomness comes only through
//! `getrandom` (the browser's `crypto.getRandomValues` on wasm32); time is always a parameter.

pub mod device;
pub mod hex;
pub mod otpauth;
pub mod srp;
pub mod timestamp;
pub mod totp;
