//! Failed guesses and locks, for accounts and (alike) for User IDs without one.
//!
//! A guess is claimed before it is compared (`claim_*`): the counts go up first, so a guess
//! whose count could not be written is never compared, and parallel guesses each take their
//! own number. A guess that turns out right gives its claim back (`refund_*`).
//!
//! Two counts: the run (`failed_attempts`, since `failures_since`), which locks at the
//! threshold and lapses when it is older than a lock; and the total (`failures_total`), every
//! failure since the last completed flow over any time, which a lock does not clear.

use super::{Store, StoreResult};

/// A lock that only an administrator lifts (9999-12-31 23:59:59 UTC): set by the hard cap.
pub const LOCKED_UNTIL_UNLOCKED: i64 = 253_402_300_799;

/// How often, at most, the owner is emailed about a lock.
pub(super) const LOCK_NOTICE_INTERVAL_SECONDS: i64 = 86_400;

/// The counts after a claimed guess.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Claimed {
    /// Failures in the current run, this guess included.
    pub run: i64,
    /// Failures since the last completed flow, this guess included.
    pub total: i64,
}

/// The SET clause that claims one guess on a row of `table`: $2 now, $3 the start before which
/// a run has lapsed.
fn claim_set(table: &str) -> String {
    let fresh = format!("({table}.failures_since IS NOT NULL AND {table}.failures_since > $3)");
    format!(
        "failed_attempts = CASE WHEN {fresh} THEN {table}.failed_attempts + 1 ELSE 1 END, \
         failures_since = CASE WHEN {fresh} THEN {table}.failures_since ELSE $2 END, \
         failures_total = {table}.failures_total + 1, updated_at = $2"
    )
}

const REFUND_SET: &str =
    "failed_attempts = CASE WHEN failed_attempts > 0 THEN failed_attempts - 1 ELSE 0 END, \
     failures_total = CASE WHEN failures_total > 0 THEN failures_total - 1 ELSE 0 END";

/// The WHERE clause of a lock: a lock for a time only where none holds; the hard lock over
/// any shorter one.
fn lock_condition(until: i64) -> &'static str {
    if until >= LOCKED_UNTIL_UNLOCKED {
        "(locked_until IS NULL OR locked_until < $2)"
    } else {
        "(locked_until IS NULL OR locked_until <= $3)"
    }
}

impl Store {
    /// Claims a guess against an account that is not locked (None when it is). `lapse_seconds`:
    /// a run whose first failure is older than this starts again.
    pub async fn claim_account_guess(
        &self,
        account_id: i64,
        lapse_seconds: i64,
        now: i64,
    ) -> StoreResult<Option<Claimed>> {
        let sql = format!(
            "UPDATE accounts SET {} WHERE id = $1 AND (locked_until IS NULL OR locked_until <= $2) \
             RETURNING failed_attempts, failures_total",
            claim_set("accounts")
        );
        let row: Option<(i64, i64)> = sqlx::query_as(&sql)
            .bind(account_id)
            .bind(now)
            .bind(now - lapse_seconds)
            .fetch_optional(self.pool())
            .await?;
        Ok(row.map(|(run, total)| Claimed { run, total }))
    }

    /// The same claim for a User ID that has no account, in one statement as well (so both
    /// kinds of User ID cost the same).
    pub async fn claim_unknown_guess(
        &self,
        subject: &[u8],
        lapse_seconds: i64,
        now: i64,
    ) -> StoreResult<Option<Claimed>> {
        let sql = format!(
            "INSERT INTO unknown_subjects (subject, failed_attempts, failures_since, failures_total, updated_at) \
             VALUES ($1, 1, $2, 1, $2) \
             ON CONFLICT (subject) DO UPDATE SET {} \
             WHERE unknown_subjects.locked_until IS NULL OR unknown_subjects.locked_until <= $2 \
             RETURNING failed_attempts, failures_total",
            claim_set("unknown_subjects")
        );
        let row: Option<(i64, i64)> = sqlx::query_as(&sql)
            .bind(subject)
            .bind(now)
            .bind(now - lapse_seconds)
            .fetch_optional(self.pool())
            .await?;
        Ok(row.map(|(run, total)| Claimed { run, total }))
    }

    /// A claimed guess was right: it gives its claim back.
    pub async fn refund_account_guess(&self, account_id: i64) -> StoreResult<()> {
        sqlx::query(&format!("UPDATE accounts SET {REFUND_SET} WHERE id = $1"))
            .bind(account_id)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// Locks an account until `until` (the run starts again from zero, so after a lock for a
    /// time the account has the full number of tries). True when this call set the lock.
    pub async fn lock_account(&self, account_id: i64, until: i64, now: i64) -> StoreResult<bool> {
        let sql = format!(
            "UPDATE accounts SET locked_until = $2, failed_attempts = 0, failures_since = NULL, updated_at = $3 \
             WHERE id = $1 AND {} RETURNING id",
            lock_condition(until)
        );
        let row: Option<i64> = sqlx::query_scalar(&sql)
            .bind(account_id)
            .bind(until)
            .bind(now)
            .fetch_optional(self.pool())
            .await?;
        Ok(row.is_some())
    }

    /// Counts a failure made while the account is locked toward its total (the hard cap);
    /// returns the new total.
    pub async fn count_locked_failure(&self, account_id: i64) -> StoreResult<i64> {
        Ok(sqlx::query_scalar(
            "UPDATE accounts SET failures_total = failures_total + 1 WHERE id = $1 \
             RETURNING failures_total",
        )
        .bind(account_id)
        .fetch_optional(self.pool())
        .await?
        .unwrap_or(0))
    }

    /// The same for a User ID without an account.
    pub async fn count_locked_unknown_failure(&self, subject: &[u8]) -> StoreResult<i64> {
        Ok(sqlx::query_scalar(
            "UPDATE unknown_subjects SET failures_total = failures_total + 1 WHERE subject = $1 \
             RETURNING failures_total",
        )
        .bind(subject)
        .fetch_optional(self.pool())
        .await?
        .unwrap_or(0))
    }

    /// The same lock for a User ID without an account.
    pub async fn lock_unknown(&self, subject: &[u8], until: i64, now: i64) -> StoreResult<bool> {
        let sql = format!(
            "UPDATE unknown_subjects SET locked_until = $2, failed_attempts = 0, failures_since = NULL, updated_at = $3 \
             WHERE subject = $1 AND {} RETURNING failed_attempts",
            lock_condition(until)
        );
        let row: Option<i64> = sqlx::query_scalar(&sql)
            .bind(subject)
            .bind(until)
            .bind(now)
            .fetch_optional(self.pool())
            .await?;
        Ok(row.is_some())
    }

    pub async fn unknown_locked_until(&self, subject: &[u8], now: i64) -> StoreResult<Option<i64>> {
        let until: Option<Option<i64>> =
            sqlx::query_scalar("SELECT locked_until FROM unknown_subjects WHERE subject = $1")
                .bind(subject)
                .fetch_optional(self.pool())
                .await?;
        Ok(until.flatten().filter(|u| *u > now))
    }

    /// Whether the owner may be told of a lock now (at most once per
    /// [`LOCK_NOTICE_INTERVAL_SECONDS`], so a stranger who keeps the account locked does not
    /// fill the inbox); `always` (the hard lock) tells regardless. Marks the notice as sent.
    pub async fn claim_lock_notice(
        &self,
        account_id: i64,
        always: bool,
        now: i64,
    ) -> StoreResult<bool> {
        let row: Option<i64> = sqlx::query_scalar(
            "UPDATE accounts SET lock_notified_at = $2 WHERE id = $1 \
             AND ($4 OR lock_notified_at IS NULL OR lock_notified_at <= $3) RETURNING id",
        )
        .bind(account_id)
        .bind(now)
        .bind(now - LOCK_NOTICE_INTERVAL_SECONDS)
        .bind(always)
        .fetch_optional(self.pool())
        .await?;
        Ok(row.is_some())
    }

    /// A flow was completed (a full sign-in): every count of failures is over.
    pub async fn clear_failures(&self, account_id: i64, now: i64) -> StoreResult<()> {
        sqlx::query(
            "UPDATE accounts SET failed_attempts = 0, failures_since = NULL, failures_total = 0, updated_at = $2 \
             WHERE id = $1",
        )
        .bind(account_id)
        .bind(now)
        .execute(self.pool())
        .await?;
        Ok(())
    }
}
