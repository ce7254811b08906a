//! Dev mode's demo accounts, seeded into an empty database and printed at start.

use super::{add_user, AddUser, AdminError, PasswordSource, TotpSource};
use crate::server::crypto::{Keys, Redacted};
use crate::server::factors::totp;
use crate::server::store::Store;

/// A demo account of dev mode.
#[derive(Debug)]
pub struct Demo {
    pub user_id: &'static str,
    pub email: &'static str,
    pub phone: Option<&'static str>,
    pub password: &'static str,
    pub totp: bool,
}

pub const DEMO_ACCOUNTS: &[Demo] = &[
    Demo {
        user_id: "alice",
        email: "alice@example.com",
        phone: Some("+15550100001"),
        password: "alice-demo-passphrase-1",
        totp: true,
    },
    Demo {
        user_id: "bob",
        email: "bob@example.com",
        phone: Some("+15550100002"),
        password: "bob-demo-passphrase-22",
        totp: false,
    },
];

/// Seeds the demo accounts into an empty database; returns what to print for each demo
/// account present (User ID, password, authenticator secret).
pub async fn seed_demo_accounts(
    store: &Store,
    keys: &Keys,
    now: i64,
) -> Result<Vec<String>, AdminError> {
    if store.count_accounts().await? == 0 {
        for demo in DEMO_ACCOUNTS {
            let req = AddUser {
                user_id: demo.user_id.into(),
                email: demo.email.into(),
                phone: demo.phone.map(Into::into),
                password: PasswordSource::Given(Redacted::new(demo.password.into())),
                totp: if demo.totp {
                    TotpSource::Enroll
                } else {
                    TotpSource::None
                },
            };
            add_user(store, keys, "Keyturn", req, now).await?;
        }
    }
    let mut lines = Vec::new();
    for demo in DEMO_ACCOUNTS {
        if let Some(a) = store.find_account(demo.user_id).await? {
            let secret = a
                .totp_secret
                .as_ref()
                .and_then(|s| keys.decrypt_totp(s, &a.user_id))
                .map(|s| totp::encode_secret(s.expose()))
                .unwrap_or_else(|| "(no authenticator)".into());
            lines.push(format!(
                "  User ID: {:<6} password: {:<24} authenticator secret: {}  phone: {}  email: {}",
                a.user_id,
                demo.password,
                secret,
                a.phone.as_deref().unwrap_or("-"),
                a.email
            ));
        }
    }
    Ok(lines)
}
