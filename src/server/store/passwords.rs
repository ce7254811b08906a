//! Password changes: the history of earlier hashes and the one transaction that completes a change.

use super::message_queue::queue_message_in;
use super::{NewQueuedMessage, Store, StoreResult};

/// Everything a completed password change writes, in one transaction.
pub struct PasswordChange<'a> {
    pub account_id: i64,
    pub flow_id_hash: Option<&'a [u8]>,
    pub new_hash: &'a str,
    pub old_hash: Option<&'a str>,
    /// How many earlier hashes to keep (the policy's history length minus the current one).
    pub keep_history: usize,
    pub now: i64,
    pub client: &'a str,
    pub event: &'a str,
    /// With a flow: the factors it must have passed (checked again in the same statement).
    pub factors_required: i64,
    /// The owner's notice, queued in the same transaction (so it is never lost, nor sent for a
    /// change that did not happen).
    pub notice: Option<NewQueuedMessage>,
}
/// `Debug` leaves out the hashes.
impl std::fmt::Debug for PasswordChange<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PasswordChange")
            .field("account_id", &self.account_id)
            .field("event", &self.event)
            .finish_non_exhaustive()
    }
}

impl Store {
    /// The most recent earlier password hashes, newest first.
    pub async fn password_history(
        &self,
        account_id: i64,
        limit: usize,
    ) -> StoreResult<Vec<String>> {
        Ok(sqlx::query_scalar("SELECT password_hash FROM password_history WHERE account_id = $1 ORDER BY id DESC LIMIT $2")
            .bind(account_id)
            .bind(limit as i64)
            .fetch_all(self.pool())
            .await?)
    }

    /// Sets the new password and everything that goes with it, all or nothing: completes the
    /// flow (once: a second completion finds it done and changes nothing), keeps the old hash
    /// in the history, clears failures and locks, ends every session and other reset of the
    /// account (reset links and temporary passwords too), and writes the audit event. Returns false when the flow was already completed.
    pub async fn complete_password_change(&self, change: &PasswordChange<'_>) -> StoreResult<bool> {
        let mut tx = self.pool().begin().await?;
        if let Some(flow) = change.flow_id_hash {
            // First statement is a write, so SQLite takes the write lock up front.
            let done = sqlx::query(
                "UPDATE reset_flows SET completed_at = $2 \
                 WHERE id_hash = $1 AND completed_at IS NULL AND expires_at > $2 AND factors_passed >= $3",
            )
            .bind(flow)
            .bind(change.now)
            .bind(change.factors_required)
                .execute(&mut *tx)
                .await?;
            if done.rows_affected() != 1 {
                tx.rollback().await?;
                return Ok(false);
            }
            sqlx::query("DELETE FROM reset_flows WHERE account_id = $1 AND id_hash <> $2")
                .bind(change.account_id)
                .bind(flow)
                .execute(&mut *tx)
                .await?;
        }
        sqlx::query(
            "UPDATE accounts SET password_hash = $2, must_change_password = 0, failed_attempts = 0, failures_since = NULL, failures_total = 0, \
             locked_until = CASE WHEN locked_until >= $4 THEN locked_until ELSE NULL END, \
             password_changed_at = $3, updated_at = $3 WHERE id = $1",
        )
        .bind(change.account_id)
        .bind(change.new_hash)
        .bind(change.now)
        .bind(super::LOCKED_UNTIL_UNLOCKED)
        .execute(&mut *tx)
        .await?;
        if let Some(old) = change.old_hash {
            sqlx::query("INSERT INTO password_history (account_id, password_hash, created_at) VALUES ($1, $2, $3)")
                .bind(change.account_id)
                .bind(old)
                .bind(change.now)
                .execute(&mut *tx)
                .await?;
        }
        sqlx::query(
            "DELETE FROM password_history WHERE account_id = $1 AND id NOT IN \
             (SELECT id FROM password_history WHERE account_id = $1 ORDER BY id DESC LIMIT $2)",
        )
        .bind(change.account_id)
        .bind(change.keep_history as i64)
        .execute(&mut *tx)
        .await?;
        // Every session ends, and with the new password any reset link or temporary password
        // of the account is void.
        for table in ["sessions", "reset_links", "temporary_passwords"] {
            sqlx::query(&format!("DELETE FROM {table} WHERE account_id = $1"))
                .bind(change.account_id)
                .execute(&mut *tx)
                .await?;
        }
        sqlx::query("INSERT INTO audit_events (at, account_id, event, client, detail) VALUES ($1, $2, $3, $4, '')")
            .bind(change.now)
            .bind(change.account_id)
            .bind(change.event)
            .bind(change.client)
            .execute(&mut *tx)
            .await?;
        if let Some(notice) = &change.notice {
            queue_message_in(&mut tx, notice).await?;
        }
        tx.commit().await?;
        Ok(true)
    }
}
