//! The wall clock, in the units the service keeps: milliseconds for sessions and lockouts,
//! seconds for tokens and codes, fractional seconds for the dates Cognito returns.

pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or_default()
}

/// `now + seconds`, in milliseconds, never overflowing.
pub(super) fn ms_after(now_ms: i64, seconds: i64) -> i64 {
    now_ms.saturating_add(seconds.saturating_mul(1000))
}

pub(super) fn now_secs() -> i64 {
    now_ms() / 1000
}

pub(super) fn now_f64() -> f64 {
    now_ms() as f64 / 1000.0
}
