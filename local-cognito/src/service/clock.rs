//! The service's clock: the wall clock, or one a test moves by hand ([`Clock::manual`]), so that
//! expiries, lockouts and lifetimes are tested by advancing time instead of sleeping. Units are
//! the ones the service keeps: milliseconds for sessions and lockouts, seconds for tokens and
//! codes, fractional seconds for the dates Cognito returns.

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::Duration;

/// A cheap handle; clones of a manual clock move together.
#[derive(Debug, Clone, Default)]
pub struct Clock {
    /// `None`: the wall clock. `Some`: milliseconds since the epoch, set by hand.
    manual: Option<Arc<AtomicI64>>,
}

impl Clock {
    pub fn system() -> Self {
        Self::default()
    }

    /// A clock that stands still at the wall clock's time until [`Clock::advance`] moves it.
    pub fn manual() -> Self {
        Self {
            manual: Some(Arc::new(AtomicI64::new(system_now_ms()))),
        }
    }

    /// Moves a manual clock forward (a wall clock moves by itself: nothing happens).
    pub fn advance(&self, by: Duration) {
        if let Some(ms) = &self.manual {
            let by = i64::try_from(by.as_millis()).unwrap_or(i64::MAX);
            ms.fetch_add(by, Ordering::SeqCst);
        }
    }

    pub fn now_ms(&self) -> i64 {
        match &self.manual {
            Some(ms) => ms.load(Ordering::SeqCst),
            None => system_now_ms(),
        }
    }

    pub fn now_secs(&self) -> i64 {
        self.now_ms() / 1000
    }

    pub fn now_f64(&self) -> f64 {
        self.now_ms() as f64 / 1000.0
    }
}

fn system_now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or_default()
}

/// The wall clock in milliseconds, for what runs outside a service (the CLI's own output).
pub fn now_ms() -> i64 {
    system_now_ms()
}

/// `now + seconds`, in milliseconds, never overflowing.
pub(super) fn ms_after(now_ms: i64, seconds: i64) -> i64 {
    now_ms.saturating_add(seconds.saturating_mul(1000))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_manual_clock_moves_only_when_told_and_its_clones_with_it() {
        let clock = Clock::manual();
        let copy = clock.clone();
        let start = clock.now_ms();
        std::thread::sleep(Duration::from_millis(5));
        assert_eq!(clock.now_ms(), start);
        copy.advance(Duration::from_secs(90));
        assert_eq!(clock.now_ms(), start + 90_000);
        assert_eq!(clock.now_secs(), (start + 90_000) / 1000);
        let system = Clock::system();
        system.advance(Duration::from_secs(3600));
        assert!((system.now_ms() - system_now_ms()).abs() < 1000);
    }
}
