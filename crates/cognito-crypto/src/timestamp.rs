//! The PASSWORD_VERIFIER TIMESTAMP: `EEE MMM d HH:mm:ss UTC yyyy`, day of month not zero-padded.
//!
//! Takes the clock as a parameter: in the browser it comes from `js_sys::Date::now()`
//! (`SystemTime::now()` traps on wasm32-unknown-unknown).

const DAYS: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// Formats milliseconds since the Unix epoch (milliseconds truncated) as Cognito expects.
pub fn format(unix_ms: i64) -> String {
    let secs = unix_ms.div_euclid(1000);
    let days = secs.div_euclid(86_400);
    let sod = secs.rem_euclid(86_400);
    let (year, month, day) = civil_from_days(days);
    let weekday = (days + 4).rem_euclid(7) as usize; // 1970-01-01 was a Thursday
    format!(
        "{} {} {} {:02}:{:02}:{:02} UTC {}",
        DAYS[weekday],
        MONTHS[(month - 1) as usize],
        day,
        sod / 3600,
        (sod % 3600) / 60,
        sod % 60,
        year
    )
}

/// Parses a TIMESTAMP back into Unix seconds; `None` unless it is exactly in Cognito's format.
pub fn parse(s: &str) -> Option<i64> {
    let mut it = s.split(' ');
    let (dow, mon, day, hms, utc, year) = (
        it.next()?,
        it.next()?,
        it.next()?,
        it.next()?,
        it.next()?,
        it.next()?,
    );
    if it.next().is_some() || utc != "UTC" || day.starts_with('0') || day.len() > 2 {
        return None;
    }
    let month = MONTHS.iter().position(|m| *m == mon)? as i64 + 1;
    let day: i64 = day.parse().ok()?;
    let year: i64 = if year.len() == 4 {
        year.parse().ok()?
    } else {
        return None;
    };
    let mut parts = hms.split(':');
    let mut field = |max: i64| -> Option<i64> {
        let p = parts.next()?;
        let v: i64 = if p.len() == 2 && p.bytes().all(|b| b.is_ascii_digit()) {
            p.parse().ok()?
        } else {
            return None;
        };
        (v <= max).then_some(v)
    };
    let (h, m, sec) = (field(23)?, field(59)?, field(59)?);
    let days = days_from_civil(year, month, day);
    if civil_from_days(days) != (year, month, day) || DAYS[(days + 4).rem_euclid(7) as usize] != dow
    {
        return None;
    }
    Some(days * 86_400 + h * 3600 + m * 60 + sec)
}

/// Howard Hinnant's `civil_from_days`: days since 1970-01-01 → (year, month 1-12, day 1-31).
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    #[test]
    fn parse_inverts_format_and_rejects_lookalikes() {
        for ms in [
            0i64,
            1_793_869_387_000,
            1_835_438_400_000,
            2_147_483_647_000,
        ] {
            assert_eq!(super::parse(&super::format(ms)), Some(ms / 1000));
        }
        assert_eq!(
            super::parse("Thu Nov 05 09:03:07 UTC 2026"),
            None,
            "zero-padded day"
        );
        assert_eq!(
            super::parse("Fri Nov 5 09:03:07 UTC 2026"),
            None,
            "wrong weekday"
        );
        assert_eq!(
            super::parse("Thu Nov 5 9:03:07 UTC 2026"),
            None,
            "unpadded hour"
        );
        assert_eq!(
            super::parse("Thu Nov 31 09:03:07 UTC 2026"),
            None,
            "no such date"
        );
        assert_eq!(super::parse("2026-11-05T09:03:07Z"), None);
    }
}
