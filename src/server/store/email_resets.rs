//! The forgotten password by email (flow C): reset links and temporary passwords, one of each
//! per account at most. Every check-and-change is one statement, so concurrent redemptions of
//! one link, or concurrent sign-ins with one temporary password, succeed exactly once.

use super::{Store, StoreResult};

impl Store {
    /// Records a new link for the account, replacing (and so voiding) any earlier one. With
    /// `sent: false` it is not live until [`Store::mark_reset_link_sent`]: a link whose email
    /// never went out can never be used.
    pub async fn replace_reset_link(
        &self,
        account_id: i64,
        token_hash: &[u8],
        now: i64,
        expires_at: i64,
        sent: bool,
    ) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO reset_links (account_id, token_hash, created_at, expires_at, sent_at, used_at) \
             VALUES ($1, $2, $3, $4, $5, NULL) \
             ON CONFLICT (account_id) DO UPDATE SET token_hash = excluded.token_hash, \
               created_at = excluded.created_at, expires_at = excluded.expires_at, \
               sent_at = excluded.sent_at, used_at = NULL",
        )
        .bind(account_id)
        .bind(token_hash)
        .bind(now)
        .bind(expires_at)
        .bind(sent.then_some(now))
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// The link's email was accepted by the mail server: the link is live from now on.
    pub async fn mark_reset_link_sent(&self, token_hash: &[u8], now: i64) -> StoreResult<bool> {
        Ok(sqlx::query(
            "UPDATE reset_links SET sent_at = $2 WHERE token_hash = $1 AND sent_at IS NULL",
        )
        .bind(token_hash)
        .bind(now)
        .execute(self.pool())
        .await?
        .rows_affected()
            == 1)
    }

    /// Removes a link (its email could not be sent).
    pub async fn delete_reset_link(&self, token_hash: &[u8]) -> StoreResult<()> {
        sqlx::query("DELETE FROM reset_links WHERE token_hash = $1")
            .bind(token_hash)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// Whether this link can still be used (sent, unused, unexpired). Changes nothing.
    pub async fn reset_link_is_live(&self, token_hash: &[u8], now: i64) -> StoreResult<bool> {
        let found: Option<i64> = sqlx::query_scalar(
            "SELECT account_id FROM reset_links \
             WHERE token_hash = $1 AND sent_at IS NOT NULL AND used_at IS NULL AND expires_at > $2",
        )
        .bind(token_hash)
        .bind(now)
        .fetch_optional(self.pool())
        .await?;
        Ok(found.is_some())
    }

    /// Uses the link: of any number of concurrent calls with one token, exactly one gets its
    /// account.
    pub async fn claim_reset_link(&self, token_hash: &[u8], now: i64) -> StoreResult<Option<i64>> {
        Ok(sqlx::query_scalar(
            "UPDATE reset_links SET used_at = $2 \
             WHERE token_hash = $1 AND sent_at IS NOT NULL AND used_at IS NULL AND expires_at > $2 \
             RETURNING account_id",
        )
        .bind(token_hash)
        .bind(now)
        .fetch_optional(self.pool())
        .await?)
    }

    /// Gives a claimed link back (what it was claimed for could not be delivered), unless a new
    /// request has replaced it meanwhile.
    pub async fn unclaim_reset_link(&self, token_hash: &[u8], claimed_at: i64) -> StoreResult<()> {
        sqlx::query("UPDATE reset_links SET used_at = NULL WHERE token_hash = $1 AND used_at = $2")
            .bind(token_hash)
            .bind(claimed_at)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// Sets the account's temporary password (replacing an earlier one).
    pub async fn set_temporary_password(
        &self,
        account_id: i64,
        password_hash: &str,
        now: i64,
        expires_at: i64,
    ) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO temporary_passwords (account_id, password_hash, created_at, expires_at, used_at) \
             VALUES ($1, $2, $3, $4, NULL) \
             ON CONFLICT (account_id) DO UPDATE SET password_hash = excluded.password_hash, \
               created_at = excluded.created_at, expires_at = excluded.expires_at, used_at = NULL",
        )
        .bind(account_id)
        .bind(password_hash)
        .bind(now)
        .bind(expires_at)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// The hash of the account's unexpired temporary password: with `used: false` one that
    /// can still sign in; with `used: true` the one a session signed in with, which until the
    /// change is still the "Current password" of the forced change.
    pub async fn temporary_password(
        &self,
        account_id: i64,
        now: i64,
        used: bool,
    ) -> StoreResult<Option<String>> {
        let state = if used { "IS NOT NULL" } else { "IS NULL" };
        Ok(sqlx::query_scalar(&format!(
            "SELECT password_hash FROM temporary_passwords \
             WHERE account_id = $1 AND used_at {state} AND expires_at > $2"
        ))
        .bind(account_id)
        .bind(now)
        .fetch_optional(self.pool())
        .await?)
    }

    /// Voids the account's unused temporary password (its lasting password has just signed in;
    /// one already used by a session stays for that session's forced change). Returns whether
    /// there was one.
    pub async fn void_temporary_password(&self, account_id: i64) -> StoreResult<bool> {
        Ok(
            sqlx::query(
                "DELETE FROM temporary_passwords WHERE account_id = $1 AND used_at IS NULL",
            )
            .bind(account_id)
            .execute(self.pool())
            .await?
            .rows_affected()
                > 0,
        )
    }

    /// Removes this temporary password (its email could not be sent), not a newer one.
    pub async fn delete_temporary_password(
        &self,
        account_id: i64,
        password_hash: &str,
    ) -> StoreResult<()> {
        sqlx::query("DELETE FROM temporary_passwords WHERE account_id = $1 AND password_hash = $2")
            .bind(account_id)
            .bind(password_hash)
            .execute(self.pool())
            .await?;
        Ok(())
    }
}
