//! SRP's first step (A = g^a, the costly half that needs no password) made while the sign-in
//! form waits for the user, so "Sign in" is left with only the password-dependent half.

use std::time::Duration;

use leptos::prelude::*;

use crate::auth::sign_in::PreparedSrp;

/// How long after the sign-in form appears SRP's first step is made: after the first paint, while
/// the user is still typing.
const PREPARE_AFTER_MS: u64 = 50;

/// Makes a [`PreparedSrp`] after `delay`, unless one is waiting or the page has gone: first the
/// one-time tables, a slice per timer so a keystroke never waits more than a slice, then A.
fn prepare_after(prepared: StoredValue<Option<PreparedSrp>, LocalStorage>, delay: Duration) {
    set_timeout(
        move || {
            if prepared.try_with_value(Option::is_none) != Some(true) {
                return;
            }
            if PreparedSrp::warm_up() {
                prepared.try_set_value(PreparedSrp::new());
            } else {
                prepare_after(prepared, Duration::ZERO);
            }
        },
        delay,
    );
}

/// Makes a [`PreparedSrp`] shortly after the form appears (see [`prepare_after`]).
pub(super) fn prepare(prepared: StoredValue<Option<PreparedSrp>, LocalStorage>) {
    prepare_after(prepared, Duration::from_millis(PREPARE_AFTER_MS));
}
