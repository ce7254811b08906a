//! `keyturn audit`: the audit log for operators, one event per line, oldest first. The log
//! never holds a secret (see `Store::audit`), so nothing here needs hiding.

use super::{find, AdminError};
use crate::server::clock::format_utc_seconds;
use crate::server::store::Store;

/// `--since`: a number with a unit, `s`, `m`, `h`, `d` or `w` (`90s`, `15m`, `24h`, `7d`).
pub fn parse_duration(text: &str) -> Result<i64, AdminError> {
    let bad = || {
        AdminError::Invalid(format!(
            "--since {text:?}: expected a duration such as 90s, 15m, 24h or 7d"
        ))
    };
    let text = text.trim();
    let split = text.find(|c: char| !c.is_ascii_digit()).ok_or_else(bad)?;
    let (number, unit) = text.split_at(split);
    let number: i64 = number.parse().map_err(|_| bad())?;
    let seconds = match unit {
        "s" => 1,
        "m" => 60,
        "h" => 3600,
        "d" => 86_400,
        "w" => 7 * 86_400,
        _ => return Err(bad()),
    };
    number.checked_mul(seconds).ok_or_else(bad)
}

/// The events of one account (or all, with `None`) since `since` seconds before `now` (or
/// ever), as lines: time, User ID (`-` for a User ID without an account), event, client,
/// detail.
pub async fn audit_log(
    store: &Store,
    user_id: Option<&str>,
    since: Option<i64>,
    now: i64,
) -> Result<String, AdminError> {
    let account_id = match user_id {
        Some(user_id) => Some(find(store, user_id).await?.id),
        None => None,
    };
    let from = since.map_or(i64::MIN, |s| now.saturating_sub(s));
    let mut out = String::new();
    for (event, user) in store.audit_log(account_id, from).await? {
        let detail = if event.detail.is_empty() {
            String::new()
        } else {
            format!("  {}", event.detail)
        };
        out.push_str(&format!(
            "{}  {}  {}  client={}{}\n",
            format_utc_seconds(event.at),
            user.as_deref().unwrap_or("-"),
            event.event,
            if event.client.is_empty() {
                "-"
            } else {
                &event.client
            },
            detail
        ));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(parse_duration("90s").unwrap(), 90);
        assert_eq!(parse_duration("15m").unwrap(), 900);
        assert_eq!(parse_duration("24h").unwrap(), 86_400);
        assert_eq!(parse_duration("7d").unwrap(), 604_800);
        assert_eq!(parse_duration("2w").unwrap(), 1_209_600);
        for bad in ["", "h", "24", "24x", "-5m", "1.5h", "99999999999999999999d"] {
            assert!(parse_duration(bad).is_err(), "{bad:?}");
        }
    }
}
