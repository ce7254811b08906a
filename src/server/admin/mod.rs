//! Account administration: what the `keyturn user …` commands do (`demo` seeds dev mode's
//! demo accounts with the same code; `audit_log` is `keyturn audit`).

mod audit_log;
mod demo;

pub use audit_log::{audit_log, parse_duration};
pub use demo::{seed_demo_accounts, Demo, DEMO_ACCOUNTS};

use crate::domain::user_id::{self, normalize as normalize_user_id};
use crate::server::clock::format_utc;
use crate::server::config::Config;
use crate::server::crypto::{self, Keys, Redacted};
use crate::server::delivery::address::{normalize_phone, valid_email, valid_phone};
use crate::server::factors::{passwords, totp};
use crate::server::flows::email_reset;
use crate::server::store::{NewAccount, Store, StoreError, LOCKED_UNTIL_UNLOCKED};

#[derive(Debug, thiserror::Error)]
pub enum AdminError {
    #[error("{0}")]
    Invalid(String),
    #[error("a user with the User ID {0:?} already exists; nothing was changed")]
    Exists(String),
    #[error("no user with the User ID {0:?}")]
    NotFound(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// How the new account's password is set (`Debug` redacts a given password).
#[derive(Debug)]
pub enum PasswordSource {
    None,
    Given(Redacted<String>),
    /// Generate a temporary password that must be changed at first sign-in.
    Temporary,
}

pub enum TotpSource {
    None,
    /// Base32, as an authenticator app shows it.
    Given(String),
    /// Generate a 160-bit secret and show its otpauth:// URI.
    Enroll,
}

/// The secret is redacted.
impl std::fmt::Debug for TotpSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            TotpSource::None => "None",
            TotpSource::Given(_) => "Given([redacted])",
            TotpSource::Enroll => "Enroll",
        })
    }
}

#[derive(Debug)]
pub struct AddUser {
    pub user_id: String,
    pub email: String,
    pub phone: Option<String>,
    pub password: PasswordSource,
    pub totp: TotpSource,
}

/// What `user add` made, to show the administrator once.
#[derive(Debug)]
pub struct Added {
    pub user_id: String,
    pub temporary_password: Option<Redacted<String>>,
    pub otpauth_uri: Option<Redacted<String>>,
}

/// A random temporary password: 16 characters from an unambiguous alphabet (~90 bits).
fn temporary_password() -> Redacted<String> {
    use rand::Rng;
    const ALPHABET: &[u8] = b"abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut rng = rand::rngs::OsRng;
    Redacted::new(
        (0..16)
            .map(|_| ALPHABET[rng.gen_range(0..ALPHABET.len())] as char)
            .collect(),
    )
}

/// Checks everything first, then writes one row: a failure changes nothing.
pub async fn add_user(
    store: &Store,
    keys: &Keys,
    issuer: &str,
    req: AddUser,
    now: i64,
) -> Result<Added, AdminError> {
    let user_id = normalize_user_id(&req.user_id);
    if user_id.is_empty()
        || user_id.chars().count() > user_id::MAX_CHARS
        || user_id.chars().any(|c| c.is_control() || c.is_whitespace())
    {
        return Err(AdminError::Invalid(
            "USER_ID must be 1 to 128 characters without spaces".into(),
        ));
    }
    let email = req.email.trim().to_string();
    if !valid_email(&email) {
        return Err(AdminError::Invalid(format!(
            "--email {email:?} is not a valid email address"
        )));
    }
    let phone = req.phone.as_deref().map(normalize_phone);
    if let Some(p) = &phone {
        if !valid_phone(p) {
            return Err(AdminError::Invalid(format!(
                "--phone {p:?} is not an E.164 number such as +15551234567"
            )));
        }
    }
    let secret = match &req.totp {
        TotpSource::None => None,
        TotpSource::Given(b32) => Some(
            totp::decode_secret(b32)
                .map_err(|e| AdminError::Invalid(format!("--totp-secret: {e}")))?,
        ),
        TotpSource::Enroll => Some(crypto::new_totp_secret()),
    };
    let (password_hash, temporary) = match req.password {
        PasswordSource::None => (None, None),
        PasswordSource::Given(pw) => {
            if pw.expose().is_empty() {
                return Err(AdminError::Invalid(
                    "the password read from standard input is empty".into(),
                ));
            }
            (Some(passwords::hash_now(pw.expose())), None)
        }
        PasswordSource::Temporary => {
            let pw = temporary_password();
            (Some(passwords::hash_now(pw.expose())), Some(pw))
        }
    };
    if store.find_account(&user_id).await?.is_some() {
        return Err(AdminError::Exists(user_id));
    }
    let new = NewAccount {
        user_id: user_id.clone(),
        email,
        phone,
        password_hash,
        totp_secret: secret.as_ref().map(|s| keys.encrypt_totp(s, &user_id)),
        must_change_password: temporary.is_some(),
    };
    let id = match store.insert_account(&new, now).await {
        Ok(id) => id,
        Err(StoreError::Duplicate) => return Err(AdminError::Exists(user_id)),
        Err(e) => return Err(e.into()),
    };
    store
        .audit(now, Some(id), "account.created", "cli", "")
        .await?;
    let otpauth_uri = match (&req.totp, &secret) {
        (TotpSource::Enroll, Some(s)) => {
            Some(Redacted::new(totp::otpauth_uri(s, issuer, &user_id)))
        }
        _ => None,
    };
    Ok(Added {
        user_id,
        temporary_password: temporary,
        otpauth_uri,
    })
}

/// `user show`: what an administrator needs, never a secret.
pub async fn show_user(store: &Store, user_id: &str, now: i64) -> Result<String, AdminError> {
    let user_id = normalize_user_id(user_id);
    let a = store
        .find_account(&user_id)
        .await?
        .ok_or_else(|| AdminError::NotFound(user_id.clone()))?;
    let yes_no = |b: bool| if b { "yes" } else { "no" };
    let lock = match a.locked_at(now) {
        Some(until) if until >= LOCKED_UNTIL_UNLOCKED => {
            "locked until unlocked (`keyturn user unlock`)".into()
        }
        Some(until) => format!("locked until {}", format_utc(until)),
        None => "not locked".into(),
    };
    Ok(format!(
        "User ID:              {}\nEmail:                {}\nPhone:                {}\nPassword set:         {}\n\
         Must change password: {}\nAuthenticator app:    {}\nFailed attempts:      {} ({} since the last completed flow)\nLock:                 {}\n\
         Password changed:     {}\nRecovery codes left:  {}\nSMS:                  {}\nEmail PIN:            yes\n\
         Sessions:             {}\nCreated:              {}\n",
        a.user_id,
        a.email,
        a.phone.as_deref().unwrap_or("-"),
        yes_no(a.password_hash.is_some()),
        yes_no(a.must_change_password != 0),
        if a.totp_secret.is_some() { "enrolled" } else { "not enrolled" },
        a.failed_attempts,
        a.failures_total,
        lock,
        a.password_changed_at.map(format_utc).unwrap_or_else(|| "-".into()),
        store.recovery_codes_left(a.id).await?,
        if a.phone.is_some() { "yes" } else { "no (no phone)" },
        store.list_sessions(a.id, now).await?.len(),
        format_utc(a.created_at),
    ))
}

/// `user sessions`: the account's live sessions, never a token or its hash.
pub async fn list_sessions(store: &Store, user_id: &str, now: i64) -> Result<String, AdminError> {
    let account = find(store, user_id).await?;
    let sessions = store.list_sessions(account.id, now).await?;
    if sessions.is_empty() {
        return Ok(format!("{} has no live sessions\n", account.user_id));
    }
    let mut out = format!(
        "{:<24} {:<24} {:<24} client\n",
        "signed in", "last used", "expires"
    );
    for s in sessions {
        out.push_str(&format!(
            "{:<24} {:<24} {:<24} {}\n",
            format_utc(s.created_at),
            format_utc(s.last_seen_at),
            format_utc(s.expires_at),
            s.client
        ));
    }
    Ok(out)
}

/// `user revoke-sessions`: ends every session of the account; returns how many.
pub async fn revoke_sessions(store: &Store, user_id: &str, now: i64) -> Result<u64, AdminError> {
    let account = find(store, user_id).await?;
    let ended = store.delete_sessions(account.id).await?;
    store
        .audit(
            now,
            Some(account.id),
            "sessions.revoked",
            "cli",
            &format!("count={ended}"),
        )
        .await?;
    Ok(ended)
}

/// `user require-change`: the next sign-in lands on the forced change. The account's sessions
/// end, so it happens at once.
pub async fn require_change(store: &Store, user_id: &str, now: i64) -> Result<(), AdminError> {
    let account = find(store, user_id).await?;
    store.require_password_change(&account.user_id, now).await?;
    store.delete_sessions(account.id).await?;
    store
        .audit(now, Some(account.id), "password.change_required", "cli", "")
        .await?;
    Ok(())
}

/// `user reset-link`: a fresh reset link for a help desk to hand over, live at once and under
/// the same rules as an emailed one (single use, short-lived, voiding any earlier link).
pub async fn reset_link(
    store: &Store,
    config: &Config,
    user_id: &str,
    now: i64,
) -> Result<Redacted<String>, AdminError> {
    if !config.email_reset {
        return Err(AdminError::Invalid(
            "the forgotten password by email is turned off (KEYTURN_EMAIL_RESET=false)".into(),
        ));
    }
    let account = find(store, user_id).await?;
    let keys = config.secret_key.keys();
    let (link, _) = email_reset::new_link(store, &keys, config, account.id, now, true).await?;
    store
        .audit(now, Some(account.id), "email_reset.link_issued", "cli", "")
        .await?;
    Ok(link)
}

async fn find(store: &Store, user_id: &str) -> Result<crate::server::store::Account, AdminError> {
    let user_id = normalize_user_id(user_id);
    store
        .find_account(&user_id)
        .await?
        .ok_or(AdminError::NotFound(user_id))
}

pub async fn unlock_user(store: &Store, user_id: &str, now: i64) -> Result<(), AdminError> {
    let user_id = normalize_user_id(user_id);
    let account = store
        .find_account(&user_id)
        .await?
        .ok_or_else(|| AdminError::NotFound(user_id.clone()))?;
    store.unlock_account(&user_id, now).await?;
    store
        .audit(now, Some(account.id), "account.unlocked", "cli", "")
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temporary_passwords_are_long_and_random() {
        let a = temporary_password();
        assert_eq!(a.expose().chars().count(), 16);
        assert_ne!(a.expose(), temporary_password().expose());
    }
}
