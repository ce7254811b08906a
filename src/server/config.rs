//! Configuration from `KEYTURN_*` environment variables. Every setting is read and checked once,
//! at start-up; a missing or malformed one stops the program with a message naming it.

use std::collections::HashMap;
use std::fmt;

use url::Url;

use super::crypto::SecretKey;
use crate::policy::PasswordPolicy;

#[derive(Debug, thiserror::Error)]
#[error("{var}: {problem}")]
pub struct ConfigError {
    pub var: &'static str,
    pub problem: String,
}

fn err(var: &'static str, problem: impl Into<String>) -> ConfigError {
    ConfigError {
        var,
        problem: problem.into(),
    }
}

/// Default SQLite database, relative to the working directory.
pub const DEFAULT_DATABASE_URL: &str = "sqlite://data/keyturn.db?mode=rwc";
/// Where dev mode keeps the secret key it generated, so restarts can still decrypt.
pub const DEV_SECRET_KEY_FILE: &str = "data/dev-secret-key";

#[derive(Clone)]
pub struct Config {
    pub dev: bool,
    pub database_url: String,
    pub public_url: Url,
    pub secret_key: SecretKey,
    pub smtp_url: Option<String>,
    pub mail_from: String,
    pub sms_url: Option<Url>,
    pub sms_token: Option<String>,
    pub lockout_threshold: i64,
    pub lockout_seconds: i64,
    /// Failures since the last completed flow, over any time and locks included, after which
    /// only an administrator unlocks (`KEYTURN_LOCKOUT_MAX_FAILURES`, default 100: NIST
    /// 800-63B's ceiling).
    pub lockout_max_failures: i64,
    /// Wrong guesses one client address may make per hour, over all User IDs
    /// (`KEYTURN_CLIENT_FAILURES_PER_HOUR`, default 50), so one client cannot lock many accounts.
    pub client_failures_per_hour: i64,
    /// Authenticator time steps accepted before and after the current one (`KEYTURN_TOTP_SKEW`,
    /// default 1; 0 accepts only the current step).
    pub totp_skew: i64,
    /// Whether a PIN by email counts as a factor (`KEYTURN_EMAIL_FACTOR`, default on; off where
    /// policy forbids email as an out-of-band authenticator, as NIST 800-63B does).
    pub email_factor: bool,
    /// The least time a wizard step's answer takes, in milliseconds
    /// (`KEYTURN_RESPONSE_FLOOR_MS`, default 10; 0 turns it off): see `guard::even_time`.
    pub response_floor_ms: u64,
    /// Audit events older than this many days are purged (`KEYTURN_AUDIT_RETENTION_DAYS`,
    /// default 365; 0 keeps them for ever).
    pub audit_retention_days: i64,
    /// How often `keyturn serve` purges expired rows (`KEYTURN_PURGE_INTERVAL_SECONDS`,
    /// default 300); with several instances only one of them does it each time.
    pub purge_interval_seconds: i64,
    /// Who to contact for help (`KEYTURN_SUPPORT_CONTACT`), used as it is in every language;
    /// unset, each language names "your IT help desk" in its own words: see
    /// [`Config::support_contact_in`].
    pub support_contact: Option<String>,
    pub reset_factors: u8,
    pub pin_ttl_seconds: i64,
    pub pin_resend_seconds: i64,
    pub pin_sends_per_hour: i64,
    /// How long one try to hand a message to the mail server or the SMS provider may take
    /// (`KEYTURN_DELIVERY_TIMEOUT_SECONDS`, default 10): a provider that hangs costs the
    /// person this wait, then the message fails (a queued one is tried again).
    pub delivery_timeout_seconds: u64,
    pub rate_limit_per_minute: i64,
    pub client_ip_header: Option<String>,
    pub password_policy: PasswordPolicy,
    /// A session unused this long ends (`KEYTURN_SESSION_IDLE_SECONDS`, default 15 minutes).
    pub session_idle_seconds: i64,
    /// A session ends this long after sign-in, used or not (`KEYTURN_SESSION_ABSOLUTE_SECONDS`,
    /// default 8 hours).
    pub session_absolute_seconds: i64,
    /// How long a proven factor counts as a recent re-authentication (5 minutes).
    pub reauth_seconds: i64,
    /// The forgotten password by email (flow C) is offered (`KEYTURN_EMAIL_RESET`, default on).
    pub email_reset: bool,
    /// How long a reset link works (`KEYTURN_RESET_LINK_TTL_SECONDS`, default 30 minutes).
    pub reset_link_ttl_seconds: i64,
    /// Reset links sent per account per hour (`KEYTURN_RESET_LINKS_PER_HOUR`, default 3).
    pub reset_links_per_hour: i64,
    /// How long a temporary password works (`KEYTURN_TEMPORARY_PASSWORD_TTL_SECONDS`, default
    /// 24 hours).
    pub temporary_password_ttl_seconds: i64,
    /// Where `GET /metrics` is served (`KEYTURN_METRICS_ADDR`, such as `127.0.0.1:9100`; unset:
    /// nowhere). Its own address, so that the numbers are never on the public one.
    pub metrics_addr: Option<std::net::SocketAddr>,
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config")
            .field("dev", &self.dev)
            .field("database_url", &redact_url(&self.database_url))
            .field("public_url", &self.public_url.as_str())
            .field("smtp_url", &self.smtp_url.as_deref().map(redact_url))
            .field("sms_url", &self.sms_url.as_ref().map(|u| u.as_str()))
            .field("reset_factors", &self.reset_factors)
            .finish_non_exhaustive()
    }
}

/// A URL with any password replaced, for logs.
pub fn redact_url(url: &str) -> String {
    match Url::parse(url) {
        Ok(mut u) if u.password().is_some() => {
            let _ = u.set_password(Some("***"));
            u.to_string()
        }
        _ => url.to_string(),
    }
}

/// Reads settings from a map (the process environment in production, a literal in tests).
#[derive(Debug)]
pub struct Env<'a> {
    vars: &'a HashMap<String, String>,
}

impl<'a> Env<'a> {
    pub fn new(vars: &'a HashMap<String, String>) -> Self {
        Self { vars }
    }

    fn raw(&self, var: &'static str) -> Option<&'a str> {
        self.vars
            .get(var)
            .map(|s| s.as_str())
            .filter(|s| !s.trim().is_empty())
    }

    fn string(&self, var: &'static str, default: &str) -> String {
        self.raw(var).unwrap_or(default).to_string()
    }

    fn int(&self, var: &'static str, default: i64, min: i64, max: i64) -> Result<i64, ConfigError> {
        let Some(raw) = self.raw(var) else {
            return Ok(default);
        };
        let value: i64 = raw
            .trim()
            .parse()
            .map_err(|_| err(var, format!("expected a whole number, got {raw:?}")))?;
        if !(min..=max).contains(&value) {
            return Err(err(
                var,
                format!("must be between {min} and {max}, got {value}"),
            ));
        }
        Ok(value)
    }

    fn bool(&self, var: &'static str, default: bool) -> Result<bool, ConfigError> {
        match self.raw(var).map(|s| s.trim().to_ascii_lowercase()) {
            None => Ok(default),
            Some(v) if ["1", "true", "yes", "on"].contains(&v.as_str()) => Ok(true),
            Some(v) if ["0", "false", "no", "off"].contains(&v.as_str()) => Ok(false),
            Some(v) => Err(err(var, format!("expected true or false, got {v:?}"))),
        }
    }

    fn url(&self, var: &'static str) -> Result<Option<Url>, ConfigError> {
        self.raw(var)
            .map(|raw| {
                Url::parse(raw.trim()).map_err(|e| err(var, format!("not a valid URL ({e})")))
            })
            .transpose()
    }
}

/// Whether the listening address is reachable from this machine only.
fn loopback(site_addr: &str) -> bool {
    match site_addr.parse::<std::net::SocketAddr>() {
        Ok(addr) => addr.ip().is_loopback(),
        Err(_) => site_addr
            .rsplit_once(':')
            .is_some_and(|(host, _)| host.eq_ignore_ascii_case("localhost")),
    }
}

impl Config {
    /// Who to contact for help, as a page or message in `locale` names it.
    pub fn support_contact_in(&self, locale: crate::i18n::Locale) -> String {
        match &self.support_contact {
            Some(contact) => contact.clone(),
            None => crate::i18n::td_string!(locale, common.support_default).to_string(),
        }
    }

    /// Before when audit events are purged, if they are.
    pub fn audit_purge_before(&self, now: i64) -> Option<i64> {
        (self.audit_retention_days > 0).then(|| now - self.audit_retention_days * 86_400)
    }

    /// Reads the configuration. `site_addr` is the server's listening address (from Leptos's
    /// own settings), used for the default public URL. `dev_key` supplies the dev-mode secret
    /// key when none is configured; outside dev mode a missing key is an error.
    pub fn from_env(
        vars: &HashMap<String, String>,
        site_addr: &str,
        dev_key: impl FnOnce() -> Result<SecretKey, ConfigError>,
    ) -> Result<Config, ConfigError> {
        let env = Env::new(vars);
        let dev = env.bool("KEYTURN_DEV", false)?;
        if dev && !loopback(site_addr) {
            return Err(err(
                "KEYTURN_DEV",
                format!(
                    "dev mode shows every PIN in the dev outbox and seeds accounts whose passwords are published, \
                     so it listens on a loopback address only (LEPTOS_SITE_ADDR=127.0.0.1:3000), not on {site_addr}"
                ),
            ));
        }

        let secret_key = match env.raw("KEYTURN_SECRET_KEY") {
            Some(hex) => SecretKey::from_hex(hex.trim()).map_err(|p| err("KEYTURN_SECRET_KEY", p))?,
            None if dev => dev_key()?,
            None => {
                return Err(err(
                    "KEYTURN_SECRET_KEY",
                    "is required outside dev mode: 32 bytes as 64 hex characters (for example `openssl rand -hex 32`)",
                ))
            }
        };

        let database_url = env.string("KEYTURN_DATABASE_URL", DEFAULT_DATABASE_URL);
        if !(database_url.starts_with("sqlite:")
            || database_url.starts_with("postgres:")
            || database_url.starts_with("postgresql:"))
        {
            return Err(err(
                "KEYTURN_DATABASE_URL",
                "must start with sqlite: or postgres://",
            ));
        }

        let public_url = match env.url("KEYTURN_PUBLIC_URL")? {
            Some(url) => url,
            None => Url::parse(&format!("http://{site_addr}"))
                .map_err(|e| err("KEYTURN_PUBLIC_URL", e.to_string()))?,
        };
        if !matches!(public_url.scheme(), "http" | "https") || public_url.host().is_none() {
            return Err(err(
                "KEYTURN_PUBLIC_URL",
                "must be an http(s) origin such as https://reset.example.com",
            ));
        }

        let smtp_url = env.raw("KEYTURN_SMTP_URL").map(|s| s.trim().to_string());
        if let Some(url) = &smtp_url {
            let parsed = Url::parse(url)
                .map_err(|e| err("KEYTURN_SMTP_URL", format!("not a valid URL ({e})")))?;
            if !matches!(parsed.scheme(), "smtp" | "smtps") {
                return Err(err(
                    "KEYTURN_SMTP_URL",
                    "must start with smtp:// or smtps://",
                ));
            }
        }
        let default_from = format!(
            "Keyturn <no-reply@{}>",
            // A domain, or for an address such as [::1] (no mailbox domain) "localhost".
            public_url.domain().unwrap_or("localhost")
        );
        let mail_from = env.string("KEYTURN_MAIL_FROM", &default_from);
        if mail_from.parse::<lettre::message::Mailbox>().is_err() {
            return Err(err(
                "KEYTURN_MAIL_FROM",
                format!("not a valid mailbox: {mail_from:?}"),
            ));
        }

        let sms_url = env.url("KEYTURN_SMS_URL")?;
        let sms_token = env.raw("KEYTURN_SMS_TOKEN").map(|s| s.trim().to_string());
        if sms_url.is_some() && sms_token.is_none() {
            return Err(err(
                "KEYTURN_SMS_TOKEN",
                "is required when KEYTURN_SMS_URL is set",
            ));
        }

        let client_ip_header = env
            .raw("KEYTURN_CLIENT_IP_HEADER")
            .map(|s| s.trim().to_ascii_lowercase());
        if let Some(h) = &client_ip_header {
            if axum::http::HeaderName::from_bytes(h.as_bytes()).is_err() {
                return Err(err("KEYTURN_CLIENT_IP_HEADER", "not a valid header name"));
            }
        }

        let defaults = PasswordPolicy::default();
        let min_length = env.int(
            "KEYTURN_PASSWORD_MIN_LENGTH",
            defaults.min_length as i64,
            8,
            128,
        )? as usize;
        let max_length = env.int(
            "KEYTURN_PASSWORD_MAX_LENGTH",
            defaults.max_length as i64,
            64,
            1024,
        )? as usize;
        if max_length < min_length {
            return Err(err(
                "KEYTURN_PASSWORD_MAX_LENGTH",
                "must not be below KEYTURN_PASSWORD_MIN_LENGTH",
            ));
        }
        let mut policy = PasswordPolicy {
            min_length,
            max_length,
            min_score: env.int(
                "KEYTURN_PASSWORD_MIN_SCORE",
                defaults.min_score as i64,
                0,
                4,
            )? as u8,
            history: env.int("KEYTURN_PASSWORD_HISTORY", defaults.history as i64, 0, 24)? as usize,
            ..defaults
        };
        if let Some(list) = env.raw("KEYTURN_PASSWORD_REQUIRE") {
            for item in list
                .split(',')
                .map(|s| s.trim().to_ascii_lowercase())
                .filter(|s| !s.is_empty())
            {
                match item.as_str() {
                    "lowercase" => policy.require_lowercase = true,
                    "uppercase" => policy.require_uppercase = true,
                    "digit" => policy.require_digit = true,
                    "symbol" => policy.require_symbol = true,
                    other => {
                        return Err(err(
                            "KEYTURN_PASSWORD_REQUIRE",
                            format!(
                                "unknown class {other:?}; use lowercase, uppercase, digit, symbol"
                            ),
                        ))
                    }
                }
            }
        }

        let metrics_addr = match env.raw("KEYTURN_METRICS_ADDR").map(str::trim) {
            None | Some("") => None,
            Some(text) => {
                let addr: std::net::SocketAddr = text.parse().map_err(|_| {
                    err(
                        "KEYTURN_METRICS_ADDR",
                        format!("{text:?} is not an address and port such as 127.0.0.1:9100"),
                    )
                })?;
                if site_addr.parse::<std::net::SocketAddr>().ok() == Some(addr) {
                    return Err(err(
                        "KEYTURN_METRICS_ADDR",
                        "must differ from the site's own address (LEPTOS_SITE_ADDR)",
                    ));
                }
                Some(addr)
            }
        };

        let lockout_threshold = env.int("KEYTURN_LOCKOUT_THRESHOLD", 5, 1, 100)?;
        let lockout_max_failures =
            env.int("KEYTURN_LOCKOUT_MAX_FAILURES", 100, lockout_threshold, 100)?;

        Ok(Config {
            dev,
            database_url,
            public_url,
            secret_key,
            smtp_url,
            mail_from,
            sms_url,
            sms_token,
            lockout_threshold,
            lockout_seconds: env.int("KEYTURN_LOCKOUT_SECONDS", 3600, 1, 30 * 86_400)?,
            lockout_max_failures,
            client_failures_per_hour: env.int(
                "KEYTURN_CLIENT_FAILURES_PER_HOUR",
                50,
                1,
                1_000_000,
            )?,
            totp_skew: env.int("KEYTURN_TOTP_SKEW", 1, 0, 2)?,
            email_factor: env.bool("KEYTURN_EMAIL_FACTOR", true)?,
            response_floor_ms: env.int("KEYTURN_RESPONSE_FLOOR_MS", 10, 0, 1000)? as u64,
            audit_retention_days: env.int("KEYTURN_AUDIT_RETENTION_DAYS", 365, 0, 36_500)?,
            purge_interval_seconds: env.int("KEYTURN_PURGE_INTERVAL_SECONDS", 300, 2, 86_400)?,
            support_contact: env
                .raw("KEYTURN_SUPPORT_CONTACT")
                .map(|s| s.trim().to_string()),
            reset_factors: env.int("KEYTURN_RESET_FACTORS", 2, 1, 2)? as u8,
            pin_ttl_seconds: env.int("KEYTURN_PIN_TTL_SECONDS", 300, 60, 600)?,
            pin_resend_seconds: env.int("KEYTURN_PIN_RESEND_SECONDS", 60, 1, 600)?,
            pin_sends_per_hour: env.int("KEYTURN_PIN_SENDS_PER_HOUR", 10, 1, 100)?,
            delivery_timeout_seconds: env.int("KEYTURN_DELIVERY_TIMEOUT_SECONDS", 10, 1, 60)?
                as u64,
            rate_limit_per_minute: env.int("KEYTURN_RATE_LIMIT_PER_MINUTE", 120, 1, 1_000_000)?,
            client_ip_header,
            password_policy: policy,
            session_idle_seconds: env.int("KEYTURN_SESSION_IDLE_SECONDS", 900, 60, 86_400)?,
            session_absolute_seconds: env.int(
                "KEYTURN_SESSION_ABSOLUTE_SECONDS",
                8 * 3600,
                300,
                30 * 86_400,
            )?,
            reauth_seconds: 300,
            email_reset: env.bool("KEYTURN_EMAIL_RESET", true)?,
            reset_link_ttl_seconds: env.int("KEYTURN_RESET_LINK_TTL_SECONDS", 1800, 300, 86_400)?,
            reset_links_per_hour: env.int("KEYTURN_RESET_LINKS_PER_HOUR", 3, 1, 100)?,
            temporary_password_ttl_seconds: env.int(
                "KEYTURN_TEMPORARY_PASSWORD_TTL_SECONDS",
                86_400,
                3600,
                7 * 86_400,
            )?,
            metrics_addr,
        })
    }

    /// The process environment as a map.
    pub fn process_env() -> HashMap<String, String> {
        std::env::vars().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vars(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }
    const KEY: &str = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
    fn no_dev_key() -> Result<SecretKey, ConfigError> {
        panic!("dev key must not be asked for")
    }

    #[test]
    fn missing_secret_key_outside_dev_names_the_variable() {
        let e = Config::from_env(&vars(&[]), "127.0.0.1:3000", no_dev_key).unwrap_err();
        assert_eq!(e.var, "KEYTURN_SECRET_KEY");
    }

    #[test]
    fn malformed_settings_name_their_variable() {
        for (var, value) in [
            ("KEYTURN_SECRET_KEY", "abc"),
            ("KEYTURN_LOCKOUT_THRESHOLD", "five"),
            ("KEYTURN_RESET_FACTORS", "3"),
            ("KEYTURN_DEV", "maybe"),
            ("KEYTURN_PUBLIC_URL", "not a url"),
            ("KEYTURN_SMTP_URL", "http://mail"),
            ("KEYTURN_PIN_TTL_SECONDS", "3600"),
            ("KEYTURN_PASSWORD_REQUIRE", "emoji"),
            ("KEYTURN_DATABASE_URL", "mysql://x"),
        ] {
            let mut v = vars(&[("KEYTURN_SECRET_KEY", KEY)]);
            v.insert(var.into(), value.into());
            let e = Config::from_env(&v, "127.0.0.1:3000", no_dev_key).unwrap_err();
            assert_eq!(e.var, var, "{var}={value} gave {e}");
        }
    }

    #[test]
    fn defaults_follow_the_product() {
        let c = Config::from_env(
            &vars(&[("KEYTURN_SECRET_KEY", KEY)]),
            "127.0.0.1:3000",
            no_dev_key,
        )
        .unwrap();
        assert!(!c.dev);
        assert_eq!(c.database_url, DEFAULT_DATABASE_URL);
        assert_eq!(c.public_url.as_str(), "http://127.0.0.1:3000/");
        assert_eq!((c.lockout_threshold, c.lockout_seconds), (5, 3600));
        assert_eq!(
            (
                c.reset_factors,
                c.pin_ttl_seconds,
                c.pin_resend_seconds,
                c.pin_sends_per_hour
            ),
            (2, 300, 60, 10)
        );
        assert_eq!(c.password_policy, PasswordPolicy::default());
    }

    #[test]
    fn dev_mode_may_supply_its_own_key() {
        let c = Config::from_env(&vars(&[("KEYTURN_DEV", "1")]), "127.0.0.1:3000", || {
            Ok(SecretKey::from_hex(KEY).unwrap())
        })
        .unwrap();
        assert!(c.dev);
    }

    #[test]
    fn dev_mode_listens_on_loopback_only() {
        let dev_key = || Ok(SecretKey::from_hex(KEY).unwrap());
        for addr in ["127.0.0.1:3000", "[::1]:3000", "localhost:3000"] {
            let c = Config::from_env(&vars(&[("KEYTURN_DEV", "1")]), addr, dev_key);
            assert!(c.is_ok(), "{addr}: {:?}", c.err());
        }
        for addr in [
            "0.0.0.0:3000",
            "[::]:3000",
            "192.0.2.10:80",
            "reset.example.org:443",
        ] {
            let e = Config::from_env(&vars(&[("KEYTURN_DEV", "1")]), addr, dev_key).unwrap_err();
            assert_eq!(e.var, "KEYTURN_DEV", "{addr}");
            assert!(e.problem.contains("loopback"), "{e}");
        }
        // Outside dev mode any address will do.
        let c = Config::from_env(
            &vars(&[("KEYTURN_SECRET_KEY", KEY)]),
            "0.0.0.0:3000",
            no_dev_key,
        );
        assert!(c.is_ok());
    }

    #[test]
    fn debug_output_redacts_passwords() {
        let c = Config::from_env(
            &vars(&[
                ("KEYTURN_SECRET_KEY", KEY),
                ("KEYTURN_DATABASE_URL", "postgres://u:hunter2@db/x"),
            ]),
            "127.0.0.1:3000",
            no_dev_key,
        )
        .unwrap();
        let shown = format!("{c:?}");
        assert!(!shown.contains("hunter2"), "{shown}");
        assert!(!shown.contains(KEY));
    }
}
