//! Consecutive failed factors and locks, for accounts and (alike) for User IDs without one.

use super::{Store, StoreResult};

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
impl Store {
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
    /// A factor passed: the run of consecutive failures is over.
    pub async fn clear_failures(&self, account_id: i64, now: i64) -> StoreResult<()> {
        sqlx::query("UPDATE accounts SET failed_attempts = 0, failures_since = NULL, updated_at = $2 WHERE id = $1")
            .bind(account_id)
            .bind(now)
            .execute(self.pool())
            .await?;
        Ok(())
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
