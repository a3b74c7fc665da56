//! Codes "sent" by SMS or email: printed to the terminal and kept (a day, at most 1000) for
//! `/_local/codes` and `local-cognito codes`.

use super::{Inner, Service, ServiceConfig};
use crate::store::User;

/// Delivered codes are kept this long for `/_local/codes`, and at most this many.
const DELIVERY_KEEP_SECS: i64 = 24 * 3600;
const MAX_DELIVERIES: usize = 1000;

/// A code "sent" by SMS or email, kept so tests and `local-cognito codes` can read it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Delivery {
    pub pool_id: String,
    pub username: String,
    pub destination: String,
    pub medium: &'static str,
    pub purpose: &'static str,
    pub code: String,
    pub at: i64,
}

impl Service {
    /// Codes "sent" to a user (newest last), for tests and `local-cognito codes`.
    pub fn deliveries(&self, name: &str) -> Vec<Delivery> {
        let inner = self.lock();
        let usernames: Vec<String> = inner
            .store
            .pools
            .values()
            .filter_map(|p| p.find_username(name))
            .collect();
        inner
            .deliveries
            .iter()
            .filter(|d| usernames.contains(&d.username))
            .cloned()
            .collect()
    }
}

impl Inner {
    /// "Sends" `code` to the user's phone (`SMS`) or email, and returns the destination masked
    /// as Cognito shows it.
    pub(super) fn deliver(
        &mut self,
        cfg: &ServiceConfig,
        pool_id: &str,
        user: &User,
        medium: &'static str,
        purpose: &'static str,
        code: &str,
    ) -> String {
        let destination = match medium {
            "SMS" => user.phone().unwrap_or_default(),
            _ => user.email().unwrap_or_default(),
        };
        self.deliver_to(cfg, pool_id, user, medium, purpose, code, destination)
    }

    /// "Sends" `code` to `destination`, which need not be the user's own address yet (email MFA
    /// set up during sign-in sends to the address the user gives), and returns it masked.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn deliver_to(
        &mut self,
        cfg: &ServiceConfig,
        pool_id: &str,
        user: &User,
        medium: &'static str,
        purpose: &'static str,
        code: &str,
        destination: &str,
    ) -> String {
        let destination = destination.to_owned();
        if cfg.print_codes {
            eprintln!(
                "[local-cognito] {purpose} code for {} by {medium} to {destination}: {code}",
                user.email().unwrap_or(&user.username)
            );
        }
        let now = self.clock.now_secs();
        self.deliveries
            .retain(|d| d.at >= now.saturating_sub(DELIVERY_KEEP_SECS));
        if self.deliveries.len() >= MAX_DELIVERIES {
            let excess = self.deliveries.len() + 1 - MAX_DELIVERIES;
            self.deliveries.drain(..excess);
        }
        self.deliveries.push(Delivery {
            pool_id: pool_id.into(),
            username: user.username.clone(),
            destination: destination.clone(),
            medium,
            purpose,
            code: code.into(),
            at: now,
        });
        mask(medium, &destination)
    }
}

/// `+*******1234` for phones, `d***@e***` for email, as Cognito masks destinations. Counts
/// characters, not bytes: any string is fine.
pub(super) fn mask(medium: &str, destination: &str) -> String {
    if medium == "SMS" {
        let chars: Vec<char> = destination.chars().collect();
        let keep = chars.len().saturating_sub(4);
        let (head, tail) = chars.split_at(keep);
        let mut out = String::with_capacity(destination.len());
        if let Some((first, rest)) = head.split_first() {
            out.push(*first);
            out.extend(rest.iter().map(|_| '*'));
        }
        out.extend(tail);
        out
    } else {
        let (local, domain) = destination.split_once('@').unwrap_or((destination, ""));
        let first = |s: &str| s.chars().next().map(String::from).unwrap_or_default();
        format!("{}***@{}***", first(local), first(domain))
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn masks_like_cognito() {
        assert_eq!(super::mask("SMS", "+15555550123"), "+*******0123");
        assert_eq!(super::mask("EMAIL", "demo@example.com"), "d***@e***");
    }

    #[test]
    fn masks_any_string_without_panicking() {
        // Fullwidth digits are three bytes each: four bytes from the end is inside one, where
        // a byte-index split used to panic.
        assert_eq!(
            super::mask("SMS", "+１５５５５５５０１２３"),
            "+*******０１２３"
        );
        assert_eq!(super::mask("SMS", "+٩٦٦٥٠١٢٣٤٥"), "+******٢٣٤٥");
        assert_eq!(super::mask("SMS", "+1555555é"), "+****555é");
        assert_eq!(super::mask("SMS", "☎"), "☎");
        assert_eq!(super::mask("SMS", ""), "");
        assert_eq!(super::mask("EMAIL", "ü@ö"), "ü***@ö***");
        assert_eq!(super::mask("EMAIL", ""), "***@***");
    }
}
