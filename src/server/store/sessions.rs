//! Signed-in sessions of an account, stored by the keyed hash of their token, with what waits
//! in them for confirmation (a new authenticator, a new phone or email, new recovery codes).

use sqlx::FromRow;

use super::{Store, StoreResult};

const SESSION_COLUMNS: &str = "token_hash, account_id, created_at, expires_at, last_seen_at, reauth_at, client, \
     pending_totp, pending_codes, contact_channel, contact_value, contact_pin_hash, contact_reference, \
     contact_sent_at, contact_expires_at, contact_failures, temporary";

#[derive(Clone, FromRow)]
pub struct SessionRow {
    pub token_hash: Vec<u8>,
    pub account_id: i64,
    pub created_at: i64,
    pub expires_at: i64,
    pub last_seen_at: i64,
    /// The last time a factor was proven in this session (sign-in, or "Confirm it's you").
    pub reauth_at: i64,
    pub client: String,
    /// A new authenticator secret, encrypted, waiting for its first code.
    pub pending_totp: Option<Vec<u8>>,
    /// Recovery codes just generated, encrypted, to be shown once.
    pub pending_codes: Option<Vec<u8>>,
    pub contact_channel: Option<String>,
    pub contact_value: Option<String>,
    pub contact_pin_hash: Option<Vec<u8>>,
    pub contact_reference: Option<String>,
    pub contact_sent_at: Option<i64>,
    pub contact_expires_at: Option<i64>,
    pub contact_failures: i64,
    /// 1 when signed in with a temporary password: only the forced change answers.
    pub temporary: i64,
}

/// Only what identifies the session: the rest are secrets or hashes of them.
impl std::fmt::Debug for SessionRow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SessionRow")
            .field("account_id", &self.account_id)
            .field("created_at", &self.created_at)
            .finish_non_exhaustive()
    }
}

/// A session as `keyturn user sessions` lists it: no token, no hash.
#[derive(Clone, Debug, FromRow)]
pub struct SessionSummary {
    pub created_at: i64,
    pub last_seen_at: i64,
    pub expires_at: i64,
    pub client: String,
}

impl Store {
    /// Starts a session. One signed in with the temporary password (`temporary`) uses up that
    /// password's one sign-in in the same transaction; false (and no session) when it has been
    /// used, replaced or voided meanwhile.
    pub async fn insert_session(
        &self,
        token_hash: &[u8],
        account_id: i64,
        now: i64,
        expires_at: i64,
        client: &str,
        temporary: bool,
    ) -> StoreResult<bool> {
        let mut tx = self.pool().begin().await?;
        if temporary {
            // Used, it stays the forced change's "Current password" for as long as this
            // session can last.
            let used = sqlx::query(
                "UPDATE temporary_passwords SET used_at = $2, \
                   expires_at = CASE WHEN expires_at < $3 THEN $3 ELSE expires_at END \
                 WHERE account_id = $1 AND used_at IS NULL AND expires_at > $2",
            )
            .bind(account_id)
            .bind(now)
            .bind(expires_at)
            .execute(&mut *tx)
            .await?;
            if used.rows_affected() != 1 {
                tx.rollback().await?;
                return Ok(false);
            }
        }
        sqlx::query(
            "INSERT INTO sessions (token_hash, account_id, created_at, expires_at, last_seen_at, reauth_at, client, temporary) \
             VALUES ($1, $2, $3, $4, $3, $3, $5, $6)",
        )
        .bind(token_hash)
        .bind(account_id)
        .bind(now)
        .bind(expires_at)
        .bind(client)
        .bind(temporary as i64)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(true)
    }

    /// The session, if it is unexpired and was last used after `idle_since`; marks it used now.
    pub async fn touch_session(
        &self,
        token_hash: &[u8],
        now: i64,
        idle_since: i64,
    ) -> StoreResult<Option<SessionRow>> {
        Ok(sqlx::query_as::<_, SessionRow>(&format!(
            "UPDATE sessions SET last_seen_at = $2 \
             WHERE token_hash = $1 AND expires_at > $2 AND last_seen_at > $3 RETURNING {SESSION_COLUMNS}"
        ))
        .bind(token_hash)
        .bind(now)
        .bind(idle_since)
        .fetch_optional(self.pool())
        .await?)
    }

    /// Ends one session; returns its account, if there was such a session.
    pub async fn delete_session(&self, token_hash: &[u8]) -> StoreResult<Option<i64>> {
        Ok(
            sqlx::query_scalar("DELETE FROM sessions WHERE token_hash = $1 RETURNING account_id")
                .bind(token_hash)
                .fetch_optional(self.pool())
                .await?,
        )
    }

    /// Ends every session of an account; returns how many there were.
    pub async fn delete_sessions(&self, account_id: i64) -> StoreResult<u64> {
        Ok(sqlx::query("DELETE FROM sessions WHERE account_id = $1")
            .bind(account_id)
            .execute(self.pool())
            .await?
            .rows_affected())
    }

    /// The account's live sessions, newest first.
    pub async fn list_sessions(
        &self,
        account_id: i64,
        now: i64,
    ) -> StoreResult<Vec<SessionSummary>> {
        Ok(sqlx::query_as::<_, SessionSummary>(
            "SELECT created_at, last_seen_at, expires_at, client FROM sessions \
             WHERE account_id = $1 AND expires_at > $2 ORDER BY created_at DESC",
        )
        .bind(account_id)
        .bind(now)
        .fetch_all(self.pool())
        .await?)
    }

    pub async fn count_sessions(&self, account_id: i64) -> StoreResult<i64> {
        Ok(
            sqlx::query_scalar("SELECT COUNT(*) FROM sessions WHERE account_id = $1")
                .bind(account_id)
                .fetch_one(self.pool())
                .await?,
        )
    }

    /// A factor was proven in this session just now: it gets a new id (what waits in it
    /// stays). False when the session is gone meanwhile.
    pub async fn reauthenticate_session(
        &self,
        token_hash: &[u8],
        new_token_hash: &[u8],
        now: i64,
    ) -> StoreResult<bool> {
        let done = sqlx::query(
            "UPDATE sessions SET token_hash = $2, reauth_at = $3, last_seen_at = $3 WHERE token_hash = $1",
        )
        .bind(token_hash)
        .bind(new_token_hash)
        .bind(now)
        .execute(self.pool())
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Keeps (or with `None`, drops) a new authenticator secret waiting for its first code.
    pub async fn set_pending_totp(
        &self,
        token_hash: &[u8],
        sealed: Option<&[u8]>,
    ) -> StoreResult<()> {
        sqlx::query("UPDATE sessions SET pending_totp = $2 WHERE token_hash = $1")
            .bind(token_hash)
            .bind(sealed)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// Keeps recovery codes to show once.
    pub async fn set_pending_codes(
        &self,
        token_hash: &[u8],
        sealed: Option<&[u8]>,
    ) -> StoreResult<()> {
        sqlx::query("UPDATE sessions SET pending_codes = $2 WHERE token_hash = $1")
            .bind(token_hash)
            .bind(sealed)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// Takes the recovery codes waiting to be shown: exactly one request gets them (a
    /// compare-and-clear, so two racing reads cannot both show them).
    pub async fn take_pending_codes(&self, token_hash: &[u8]) -> StoreResult<Option<Vec<u8>>> {
        let pending: Option<Option<Vec<u8>>> =
            sqlx::query_scalar("SELECT pending_codes FROM sessions WHERE token_hash = $1")
                .bind(token_hash)
                .fetch_optional(self.pool())
                .await?;
        let Some(sealed) = pending.flatten() else {
            return Ok(None);
        };
        let done = sqlx::query(
            "UPDATE sessions SET pending_codes = NULL WHERE token_hash = $1 AND pending_codes = $2",
        )
        .bind(token_hash)
        .bind(&sealed)
        .execute(self.pool())
        .await?;
        Ok((done.rows_affected() == 1).then_some(sealed))
    }

    /// A new phone number or email address waiting for the PIN sent to it; replaces any
    /// earlier one.
    pub async fn set_pending_contact(
        &self,
        token_hash: &[u8],
        p: &PendingContact<'_>,
    ) -> StoreResult<()> {
        sqlx::query(
            "UPDATE sessions SET contact_channel = $2, contact_value = $3, contact_pin_hash = $4, \
             contact_reference = $5, contact_sent_at = $6, contact_expires_at = $7, contact_failures = 0 \
             WHERE token_hash = $1",
        )
        .bind(token_hash)
        .bind(p.channel)
        .bind(p.value)
        .bind(p.pin_hash)
        .bind(p.reference)
        .bind(p.sent_at)
        .bind(p.expires_at)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// Uses the pending change's PIN: true for exactly one request, and the change is gone.
    pub async fn take_pending_contact(
        &self,
        token_hash: &[u8],
        pin_hash: &[u8],
        now: i64,
    ) -> StoreResult<bool> {
        let done = sqlx::query(
            "UPDATE sessions SET contact_channel = NULL, contact_value = NULL, contact_pin_hash = NULL, \
             contact_reference = NULL, contact_expires_at = NULL, contact_failures = 0 \
             WHERE token_hash = $1 AND contact_pin_hash = $2 AND contact_expires_at > $3",
        )
        .bind(token_hash)
        .bind(pin_hash)
        .bind(now)
        .execute(self.pool())
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Counts a wrong PIN for the pending change; at `max` the change is dropped.
    pub async fn fail_pending_contact(&self, token_hash: &[u8], max: i64) -> StoreResult<()> {
        sqlx::query(
            "UPDATE sessions SET contact_failures = contact_failures + 1, \
             contact_pin_hash = CASE WHEN contact_failures + 1 >= $2 THEN NULL ELSE contact_pin_hash END \
             WHERE token_hash = $1 AND contact_pin_hash IS NOT NULL",
        )
        .bind(token_hash)
        .bind(max)
        .execute(self.pool())
        .await?;
        Ok(())
    }
}

/// A change of phone or email waiting for its PIN.
pub struct PendingContact<'a> {
    pub channel: &'a str,
    pub value: &'a str,
    pub pin_hash: &'a [u8],
    pub reference: &'a str,
    pub sent_at: i64,
    pub expires_at: i64,
}

impl std::fmt::Debug for PendingContact<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PendingContact")
            .field("channel", &self.channel)
            .field("reference", &self.reference)
            .finish_non_exhaustive()
    }
}
