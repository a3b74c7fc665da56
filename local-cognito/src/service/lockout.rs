//! Cognito's back-off after failed sign-in attempts, for passwords and for MFA codes.
//!
//! Passwords — <https://docs.aws.amazon.com/cognito/latest/developerguide/authentication.html#authentication-flow-lockout-behavior>:
//! "After five failed sign-in attempts with a user's password … Amazon Cognito locks out your
//! user for one second. The lockout duration then doubles after each additional one failed
//! attempt, up to a maximum of approximately 15 minutes. Attempts made during a lockout period
//! generate a Password attempts exceeded exception, and don't affect the duration of subsequent
//! lockout periods. For a cumulative number of failed sign-in attempts n … 2^(n-5) seconds. To
//! reset the lockout to its n=0 initial state, your user must either sign in successfully after a
//! lockout period expires, or not initiate any sign-in attempts for 15 consecutive minutes at any
//! time after a lockout."
//!
//! MFA codes — <https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-settings-mfa.html>:
//! "After five unsuccessful attempts to present an MFA code, Amazon Cognito begins the
//! exponential-timeout lockout process described at Lockout behavior for failed sign-in
//! attempts." The same schedule, counted separately per user.
//!
//! The base (1 s) and the cap (15 min, also the quiet time that starts the count over) are
//! settings, so tests can lock and unlock within a second: `--lockout-base-ms`,
//! `--lockout-max-ms`, `POST /_local/lockout?base_ms=…&max_ms=…`.

use std::collections::HashMap;

/// Failed attempts allowed before the first lockout.
pub const FREE_ATTEMPTS: u32 = 5;
/// Counters kept at most per kind; beyond this the longest-idle ones are forgotten.
const MAX_TRACKED: usize = 10_000;
/// A counter with no attempt for this long is forgotten even without a lockout (memory bound).
const FORGET_AFTER_MS: i64 = 24 * 3600 * 1000;
/// The longest configurable lockout: a day.
pub const MAX_LOCKOUT_MS: i64 = 24 * 3600 * 1000;

/// How long lockouts last: `base_ms × 2^(n-5)` after n ≥ 5 failures, at most `max_ms`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct LockoutConfig {
    /// The first lockout (Cognito: one second).
    pub base_ms: i64,
    /// The longest lockout, and the quiet time after which the count starts over (Cognito:
    /// about 15 minutes).
    pub max_ms: i64,
}

impl Default for LockoutConfig {
    fn default() -> Self {
        Self {
            base_ms: 1000,
            max_ms: 15 * 60 * 1000,
        }
    }
}

impl LockoutConfig {
    /// Both at least 1 ms and at most a day, and `max_ms >= base_ms`.
    pub fn clamped(self) -> Self {
        let base_ms = self.base_ms.clamp(1, MAX_LOCKOUT_MS);
        Self {
            base_ms,
            max_ms: self.max_ms.clamp(base_ms, MAX_LOCKOUT_MS),
        }
    }

    /// The lockout after the `failures`-th failure: none before the fifth.
    pub fn lockout_ms(&self, failures: u32) -> i64 {
        if failures < FREE_ATTEMPTS {
            return 0;
        }
        let doublings = (failures - FREE_ATTEMPTS).min(40);
        self.base_ms
            .saturating_mul(1i64 << doublings)
            .min(self.max_ms)
    }
}

#[derive(Debug, Clone, Default)]
struct Record {
    /// Failures counted (attempts refused during a lockout are not).
    failures: u32,
    locked_until_ms: i64,
    last_attempt_ms: i64,
}

/// Failure counters by key (pool and user).
#[derive(Debug, Default)]
pub struct Tracker {
    records: HashMap<String, Record>,
}

impl Tracker {
    /// Whether `key` is locked out at `now`. An attempt: it keeps the quiet-time clock from
    /// running, and after a lockout, 15 (scaled) quiet minutes start the count over.
    pub fn is_locked(&mut self, key: &str, now: i64, cfg: &LockoutConfig) -> bool {
        let Some(r) = self.records.get_mut(key) else {
            return false;
        };
        if r.failures >= FREE_ATTEMPTS && now.saturating_sub(r.last_attempt_ms) >= cfg.max_ms {
            self.records.remove(key);
            return false;
        }
        r.last_attempt_ms = now;
        now < r.locked_until_ms
    }

    /// Counts a failure (call only when not locked); starts or extends the lockout from the fifth.
    pub fn fail(&mut self, key: &str, now: i64, cfg: &LockoutConfig) {
        if self.records.len() >= MAX_TRACKED && !self.records.contains_key(key) {
            self.prune(now, cfg);
        }
        let r = self.records.entry(key.to_owned()).or_default();
        r.failures = r.failures.saturating_add(1);
        r.last_attempt_ms = now;
        let ms = cfg.lockout_ms(r.failures);
        if ms > 0 {
            r.locked_until_ms = now.saturating_add(ms);
        }
    }

    /// A success starts the count over.
    pub fn succeed(&mut self, key: &str) {
        self.records.remove(key);
    }

    pub fn clear(&mut self) {
        self.records.clear();
    }

    pub fn len(&self) -> usize {
        self.records.len()
    }

    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }

    /// Forgets counters nobody could still be locked by, then, if still full, the longest idle.
    fn prune(&mut self, now: i64, cfg: &LockoutConfig) {
        self.records.retain(|_, r| {
            let idle = now.saturating_sub(r.last_attempt_ms);
            !(idle >= FORGET_AFTER_MS || (r.failures >= FREE_ATTEMPTS && idle >= cfg.max_ms))
        });
        while self.records.len() >= MAX_TRACKED {
            let Some(oldest) = self
                .records
                .iter()
                .min_by_key(|(_, r)| r.last_attempt_ms)
                .map(|(k, _)| k.clone())
            else {
                break;
            };
            self.records.remove(&oldest);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schedule_is_one_base_after_five_then_doubles_to_the_cap() {
        let cfg = LockoutConfig::default();
        let schedule: Vec<i64> = (1..=17).map(|n| cfg.lockout_ms(n)).collect();
        assert_eq!(&schedule[..4], &[0, 0, 0, 0]);
        assert_eq!(
            &schedule[4..11],
            &[1000, 2000, 4000, 8000, 16_000, 32_000, 64_000]
        );
        assert_eq!(schedule[14], 900_000, "capped at about 15 minutes");
        assert_eq!(cfg.lockout_ms(u32::MAX), 900_000, "no overflow");
    }

    #[test]
    fn clamping_keeps_lockouts_positive_and_bounded() {
        let c = LockoutConfig {
            base_ms: i64::MIN,
            max_ms: i64::MAX,
        }
        .clamped();
        assert_eq!((c.base_ms, c.max_ms), (1, MAX_LOCKOUT_MS));
        let c = LockoutConfig {
            base_ms: 5000,
            max_ms: 10,
        }
        .clamped();
        assert_eq!((c.base_ms, c.max_ms), (5000, 5000));
    }

    #[test]
    fn attempts_during_a_lockout_do_not_count_and_quiet_time_resets() {
        let cfg = LockoutConfig {
            base_ms: 100,
            max_ms: 1000,
        };
        let mut t = Tracker::default();
        for i in 0..5 {
            assert!(!t.is_locked("k", i, &cfg));
            t.fail("k", i, &cfg);
        }
        assert!(
            t.is_locked("k", 10, &cfg),
            "locked 100 ms from the fifth failure"
        );
        assert!(t.is_locked("k", 103, &cfg));
        assert!(!t.is_locked("k", 104, &cfg));
        t.fail("k", 104, &cfg);
        assert!(t.is_locked("k", 303, &cfg), "sixth failure: 200 ms");
        assert!(!t.is_locked("k", 304, &cfg));
        // 1000 ms without an attempt after a lockout: the count starts over.
        assert!(!t.is_locked("k", 1304, &cfg));
        t.fail("k", 1305, &cfg);
        assert!(
            !t.is_locked("k", 1306, &cfg),
            "first failure again, no lockout"
        );
    }

    #[test]
    fn memory_stays_bounded() {
        let cfg = LockoutConfig::default();
        let mut t = Tracker::default();
        for i in 0..(MAX_TRACKED as i64 + 50) {
            t.fail(&format!("user-{i}"), i, &cfg);
        }
        assert!(t.len() <= MAX_TRACKED);
    }
}
