//! Accounts, their failure counters, password history and sessions.

use sqlx::FromRow;

use super::{map_unique, Store, StoreResult};

const ACCOUNT_COLUMNS: &str = "id, user_id, email, phone, password_hash, totp_secret, totp_last_step, \
     failed_attempts, locked_until, must_change_password, password_changed_at, created_at, updated_at";

#[derive(Clone, FromRow)]
pub struct Account {
    pub id: i64,
    pub user_id: String,
    pub email: String,
    pub phone: Option<String>,
    pub password_hash: Option<String>,
    /// Encrypted with the secret key (see `crypto::Keys::encrypt_totp`).
    pub totp_secret: Option<Vec<u8>>,
    pub totp_last_step: Option<i64>,
    pub failed_attempts: i64,
    pub locked_until: Option<i64>,
    pub must_change_password: i64,
    pub password_changed_at: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
}

impl std::fmt::Debug for Account {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Account")
            .field("id", &self.id)
            .field("user_id", &self.user_id)
            .finish_non_exhaustive()
    }
}

impl Account {
    pub fn locked_at(&self, now: i64) -> Option<i64> {
        self.locked_until.filter(|until| *until > now)
    }
}

pub struct NewAccount {
    pub user_id: String,
    pub email: String,
    pub phone: Option<String>,
    pub password_hash: Option<String>,
    /// Already encrypted, bound to the User ID (see `crypto::Keys::encrypt_totp`).
    pub totp_secret: Option<Vec<u8>>,
    pub must_change_password: bool,
}

/// What a failed factor did to the counter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FailureOutcome {
    /// Counted; not locked yet.
    Counted,
    /// This failure reached the threshold: locked until the given time.
    LockedNow(i64),
    /// Already locked; nothing was counted.
    AlreadyLocked,
}

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
}

impl Store {
    pub async fn insert_account(&self, new: &NewAccount, now: i64) -> StoreResult<i64> {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO accounts (user_id, email, phone, password_hash, totp_secret, must_change_password, \
             password_changed_at, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id",
        )
        .bind(&new.user_id)
        .bind(&new.email)
        .bind(&new.phone)
        .bind(&new.password_hash)
        .bind(&new.totp_secret)
        .bind(new.must_change_password as i64)
        .bind(new.password_hash.as_ref().map(|_| now))
        .bind(now)
        .fetch_one(self.pool())
        .await
        .map_err(map_unique)?;
        Ok(id)
    }

    pub async fn find_account(&self, user_id: &str) -> StoreResult<Option<Account>> {
        Ok(sqlx::query_as::<_, Account>(&format!(
            "SELECT {ACCOUNT_COLUMNS} FROM accounts WHERE user_id = $1"
        ))
        .bind(user_id)
        .fetch_optional(self.pool())
        .await?)
    }

    pub async fn account_by_id(&self, id: i64) -> StoreResult<Option<Account>> {
        Ok(sqlx::query_as::<_, Account>(&format!(
            "SELECT {ACCOUNT_COLUMNS} FROM accounts WHERE id = $1"
        ))
        .bind(id)
        .fetch_optional(self.pool())
        .await?)
    }

    pub async fn count_accounts(&self) -> StoreResult<i64> {
        Ok(sqlx::query_scalar("SELECT COUNT(*) FROM accounts")
            .fetch_one(self.pool())
            .await?)
    }

    /// Counts a failed factor against an account, locking it atomically when `threshold`
    /// consecutive failures have come within `lock_seconds` of each other's start. A locked
    /// account is not counted further. When it locks, the count starts again from zero, so
    /// after the lock expires the account has the full number of tries; a run of failures
    /// older than `lock_seconds` has lapsed.
    pub async fn record_account_failure(
        &self,
        account_id: i64,
        threshold: i64,
        lock_seconds: i64,
        now: i64,
    ) -> StoreResult<FailureOutcome> {
        let sql = format!(
            "UPDATE accounts SET {} WHERE id = $1 AND (locked_until IS NULL OR locked_until <= $4) \
             RETURNING failed_attempts, locked_until",
            count_failure_set("accounts")
        );
        let row = sqlx::query_as(&sql)
            .bind(account_id)
            .bind(threshold)
            .bind(now + lock_seconds)
            .bind(now)
            .bind(now - lock_seconds)
            .fetch_optional(self.pool())
            .await?;
        Ok(failure_outcome(row, now))
    }

    /// The same counting for a User ID that has no account, in one statement as well (so both
    /// kinds of User ID cost the same).
    pub async fn record_unknown_failure(
        &self,
        subject: &[u8],
        threshold: i64,
        lock_seconds: i64,
        now: i64,
    ) -> StoreResult<FailureOutcome> {
        let sql = format!(
            "INSERT INTO unknown_subjects (subject, failed_attempts, locked_until, failures_since, updated_at) \
             VALUES ($1, CASE WHEN 1 >= $2 THEN 0 ELSE 1 END, CASE WHEN 1 >= $2 THEN $3 ELSE NULL END, \
                     CASE WHEN 1 >= $2 THEN NULL ELSE $4 END, $4) \
             ON CONFLICT (subject) DO UPDATE SET {} \
             WHERE unknown_subjects.locked_until IS NULL OR unknown_subjects.locked_until <= $4 \
             RETURNING failed_attempts, locked_until",
            count_failure_set("unknown_subjects")
        );
        let row = sqlx::query_as(&sql)
            .bind(subject)
            .bind(threshold)
            .bind(now + lock_seconds)
            .bind(now)
            .bind(now - lock_seconds)
            .fetch_optional(self.pool())
            .await?;
        Ok(failure_outcome(row, now))
    }

    pub async fn unknown_locked_until(&self, subject: &[u8], now: i64) -> StoreResult<Option<i64>> {
        let until: Option<Option<i64>> =
            sqlx::query_scalar("SELECT locked_until FROM unknown_subjects WHERE subject = $1")
                .bind(subject)
                .fetch_optional(self.pool())
                .await?;
        Ok(until.flatten().filter(|u| *u > now))
    }

    /// Accepts a TOTP time step at most once, ever: succeeds only for a step later than the
    /// last accepted one, and only while the account is not locked.
    pub async fn accept_totp_step(
        &self,
        account_id: i64,
        step: i64,
        now: i64,
    ) -> StoreResult<bool> {
        let done = sqlx::query(
            "UPDATE accounts SET totp_last_step = $2, failed_attempts = 0, failures_since = NULL, updated_at = $3 \
             WHERE id = $1 AND (totp_last_step IS NULL OR totp_last_step < $2) \
               AND (locked_until IS NULL OR locked_until <= $3)",
        )
        .bind(account_id)
        .bind(step)
        .bind(now)
        .execute(self.pool())
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// A factor passed: the run of consecutive failures is over.
    pub async fn clear_failures(&self, account_id: i64, now: i64) -> StoreResult<()> {
        sqlx::query("UPDATE accounts SET failed_attempts = 0, failures_since = NULL, updated_at = $2 WHERE id = $1")
            .bind(account_id)
            .bind(now)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// Clears a lock and the failure count. Returns false when there is no such account.
    pub async fn unlock_account(&self, user_id: &str, now: i64) -> StoreResult<bool> {
        let done = sqlx::query(
            "UPDATE accounts SET locked_until = NULL, failed_attempts = 0, failures_since = NULL, updated_at = $2 \
             WHERE user_id = $1",
        )
            .bind(user_id)
            .bind(now)
            .execute(self.pool())
            .await?;
        Ok(done.rows_affected() == 1)
    }

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
    /// account, and writes the audit event. Returns false when the flow was already completed.
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
            "UPDATE accounts SET password_hash = $2, must_change_password = 0, failed_attempts = 0, failures_since = NULL, \
             locked_until = NULL, password_changed_at = $3, updated_at = $3 WHERE id = $1",
        )
        .bind(change.account_id)
        .bind(change.new_hash)
        .bind(change.now)
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
        sqlx::query("DELETE FROM sessions WHERE account_id = $1")
            .bind(change.account_id)
            .execute(&mut *tx)
            .await?;
        sqlx::query("INSERT INTO audit_events (at, account_id, event, client, detail) VALUES ($1, $2, $3, $4, '')")
            .bind(change.now)
            .bind(change.account_id)
            .bind(change.event)
            .bind(change.client)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(true)
    }

    pub async fn insert_session(
        &self,
        token_hash: &[u8],
        account_id: i64,
        now: i64,
        expires_at: i64,
    ) -> StoreResult<()> {
        sqlx::query("INSERT INTO sessions (token_hash, account_id, created_at, expires_at) VALUES ($1, $2, $3, $4)")
            .bind(token_hash)
            .bind(account_id)
            .bind(now)
            .bind(expires_at)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    pub async fn count_sessions(&self, account_id: i64) -> StoreResult<i64> {
        Ok(
            sqlx::query_scalar("SELECT COUNT(*) FROM sessions WHERE account_id = $1")
                .bind(account_id)
                .fetch_one(self.pool())
                .await?,
        )
    }
}

/// The SET clause that counts one failure on a row of `table`: $2 threshold, $3 lock end,
/// $4 now, $5 the start before which a run of failures has lapsed. At the threshold it locks
/// and starts the count again from zero.
fn count_failure_set(table: &str) -> String {
    let fresh = format!("({table}.failures_since IS NOT NULL AND {table}.failures_since > $5)");
    let n = format!("(CASE WHEN {fresh} THEN {table}.failed_attempts + 1 ELSE 1 END)");
    format!(
        "failed_attempts = CASE WHEN {n} >= $2 THEN 0 ELSE {n} END, \
         locked_until = CASE WHEN {n} >= $2 THEN $3 ELSE {table}.locked_until END, \
         failures_since = CASE WHEN {n} >= $2 THEN NULL WHEN {fresh} THEN {table}.failures_since ELSE $4 END, \
         updated_at = $4"
    )
}

fn failure_outcome(row: Option<(i64, Option<i64>)>, now: i64) -> FailureOutcome {
    match row {
        None => FailureOutcome::AlreadyLocked,
        Some((_, Some(until))) if until > now => FailureOutcome::LockedNow(until),
        Some(_) => FailureOutcome::Counted,
    }
}
