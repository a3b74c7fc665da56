//! Passwords: a pool's policy, and the salt and SRP verifier that are all the server
//! ever keeps of one.

use num_bigint::BigUint;

use super::Inner;

use super::random::random_bytes;
use crate::error::{ApiError, ApiResult};
use crate::store::{PasswordPolicy, User};

/// The pool's password policy (`Policies.PasswordPolicy`; Cognito's default: 8+ characters with
/// upper, lower, digit and symbol).
pub(super) fn check_password_policy(policy: &PasswordPolicy, password: &str) -> ApiResult<()> {
    let problem = if password.chars().count() < policy.minimum_length {
        Some("Password not long enough")
    } else if policy.require_lowercase && !password.chars().any(char::is_lowercase) {
        Some("Password must have lowercase characters")
    } else if policy.require_uppercase && !password.chars().any(char::is_uppercase) {
        Some("Password must have uppercase characters")
    } else if policy.require_numbers && !password.chars().any(|c| c.is_ascii_digit()) {
        Some("Password must have numeric characters")
    } else if policy.require_symbols && password.chars().all(char::is_alphanumeric) {
        Some("Password must have symbol characters")
    } else {
        None
    };
    match problem {
        Some(p) => Err(ApiError::new(
            "InvalidPasswordException",
            format!("Password does not conform to policy: {p}"),
        )),
        None => Ok(()),
    }
}

/// A fresh salt and verifier for `password`: all the server ever keeps of it.
pub(super) fn password_verifier(
    pool_name: &str,
    username: &str,
    password: &str,
) -> (String, String) {
    let salt = BigUint::from_bytes_be(&random_bytes::<16>());
    let v = cognito_crypto::srp::server::verifier(&salt, pool_name, username, password);
    (salt.to_str_radix(16), v.to_str_radix(16))
}

/// Whether `password` is the user's, by recomputing the verifier from the stored salt.
pub(super) fn password_matches(pool_name: &str, user: &User, password: &str) -> bool {
    let (Some(salt), Some(stored)) = (
        cognito_crypto::srp::parse_hex(&user.salt_hex),
        cognito_crypto::srp::parse_hex(&user.verifier_hex),
    ) else {
        return false;
    };
    cognito_crypto::srp::server::verifier(&salt, pool_name, &user.username, password) == stored
}

impl Inner {
    /// Replaces a user's password (checked against the policy) with a fresh salt and verifier.
    pub(super) fn set_password(
        &mut self,
        pool_id: &str,
        username: &str,
        password: &str,
    ) -> ApiResult<&mut User> {
        let pool = self.pool(pool_id)?;
        check_password_policy(&pool.password_policy, password)?;
        let pool_name = pool.name.clone();
        let (salt, verifier) = password_verifier(&pool_name, username, password);
        let now = self.clock.now_f64();
        let user = self.user_mut(pool_id, username)?;
        user.salt_hex = salt;
        user.verifier_hex = verifier;
        user.modified = now;
        Ok(user)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn password_policy() {
        use crate::store::PasswordPolicy;
        let default = PasswordPolicy::default();
        assert!(super::check_password_policy(&default, "Demo-Passw0rd!").is_ok());
        let twelve = PasswordPolicy {
            minimum_length: 12,
            require_symbols: false,
            ..default
        };
        assert!(super::check_password_policy(&twelve, "Demo-Passw0rd!").is_ok());
        assert!(super::check_password_policy(&twelve, "Demo-Passw0r").is_ok());
        assert!(super::check_password_policy(&twelve, "Demo-Passw0").is_err());
        assert!(
            super::check_password_policy(&twelve, "DemoPassw0rd").is_ok(),
            "no symbol needed"
        );
        for bad in [
            "short1!",
            "nouppercase1!",
            "NOLOWERCASE1!",
            "NoDigits!!",
            "NoSymbols123",
        ] {
            assert_eq!(
                super::check_password_policy(&default, bad)
                    .unwrap_err()
                    .kind,
                "InvalidPasswordException",
                "{bad}"
            );
        }
    }
}
