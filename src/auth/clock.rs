//! Time. `SystemTime::now()` traps on wasm32-unknown-unknown, so the browser asks JS.

/// Wall-clock milliseconds since the Unix epoch (for Cognito's timestamps and token lifetimes).
#[cfg(target_arch = "wasm32")]
pub fn now_ms() -> i64 {
    js_sys::Date::now() as i64
}

#[cfg(not(target_arch = "wasm32"))]
pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or_default()
}

/// Milliseconds by a clock no one can set: the page's `performance.now()`.
#[cfg(target_arch = "wasm32")]
fn monotonic_ms() -> i64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map(|p| p.now() as i64)
        .unwrap_or_default()
}

#[cfg(not(target_arch = "wasm32"))]
fn monotonic_ms() -> i64 {
    static START: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();
    START
        .get_or_init(std::time::Instant::now)
        .elapsed()
        .as_millis() as i64
}

/// A moment by both clocks, for how long ago a proof of the user was made. The wall clock can be
/// set back by whoever sits at the computer; the monotonic clock cannot, but may stand still
/// while the computer sleeps (browsers differ). Time elapsed is what the clock that says longer
/// says, and a clock gone backwards proves nothing, so neither a clock set back nor a night of
/// sleep keeps a proof alive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Moment {
    pub wall_ms: i64,
    pub monotonic_ms: i64,
}

impl Moment {
    pub fn now() -> Self {
        Self {
            wall_ms: now_ms(),
            monotonic_ms: monotonic_ms(),
        }
    }

    /// Milliseconds from `earlier` to this moment; None if either clock went backwards.
    pub fn since(self, earlier: Moment) -> Option<i64> {
        let wall = self.wall_ms - earlier.wall_ms;
        let monotonic = self.monotonic_ms - earlier.monotonic_ms;
        (wall >= 0 && monotonic >= 0).then_some(wall.max(monotonic))
    }

    /// This moment `ms` later by both clocks (tests).
    pub const fn plus(self, ms: i64) -> Self {
        Self {
            wall_ms: self.wall_ms + ms,
            monotonic_ms: self.monotonic_ms + ms,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Moment;

    const T0: Moment = Moment {
        wall_ms: 1_700_000_000_000,
        monotonic_ms: 10_000,
    };

    #[test]
    fn elapsed_time_is_the_longer_clocks_and_a_clock_set_back_counts_as_nothing() {
        assert_eq!(T0.plus(60_000).since(T0), Some(60_000));
        // Asleep all night: the monotonic clock stood still, the wall clock did not.
        let after_sleep = Moment {
            wall_ms: T0.wall_ms + 8 * 3_600_000,
            ..T0.plus(1_000)
        };
        assert_eq!(after_sleep.since(T0), Some(8 * 3_600_000));
        // The wall clock set back an hour, ten minutes on.
        let set_back = Moment {
            wall_ms: T0.wall_ms - 3_600_000 + 600_000,
            ..T0.plus(600_000)
        };
        assert_eq!(set_back.since(T0), None);
        // Set back by less than what passed: the monotonic clock still tells.
        let slightly_back = Moment {
            wall_ms: T0.wall_ms + 60_000,
            ..T0.plus(600_000)
        };
        assert_eq!(slightly_back.since(T0), Some(600_000));
    }
}
