//! Flows: one row per reset in progress (kind `reset`) or sign-in waiting for its second factor
//! (kind `signin`), keyed by the hash of its cookie token. A flow of one kind is never found as
//! the other. The PIN bookkeeping below serves both.

use sqlx::FromRow;

use super::{Store, StoreResult};

const FLOW_COLUMNS: &str = "id_hash, account_id, subject, path, factors_passed, channels_used, pin_hash, pin_channel, \
     pin_reference, pin_destination, pin_sent_at, pin_expires_at, pin_failures, pin_switched, created_at, expires_at, completed_at";

/// Which flow a row belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FlowKind {
    Reset,
    SignIn,
}

impl FlowKind {
    fn as_str(self) -> &'static str {
        match self {
            FlowKind::Reset => "reset",
            FlowKind::SignIn => "signin",
        }
    }
}

#[derive(Clone, FromRow)]
pub struct FlowRow {
    pub id_hash: Vec<u8>,
    pub account_id: Option<i64>,
    pub subject: Vec<u8>,
    pub path: String,
    pub factors_passed: i64,
    /// Comma-separated channels already proven in this flow ("totp,email,").
    pub channels_used: String,
    pub pin_hash: Option<Vec<u8>>,
    pub pin_channel: Option<String>,
    pub pin_reference: Option<String>,
    pub pin_destination: Option<String>,
    pub pin_sent_at: Option<i64>,
    pub pin_expires_at: Option<i64>,
    pub pin_failures: i64,
    pub pin_switched: i64,
    pub created_at: i64,
    pub expires_at: i64,
    pub completed_at: Option<i64>,
}

impl std::fmt::Debug for FlowRow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FlowRow")
            .field("path", &self.path)
            .field("factors_passed", &self.factors_passed)
            .field("pin_channel", &self.pin_channel)
            .finish_non_exhaustive()
    }
}

/// A PIN about to be recorded for a flow. `Debug` leaves out the PIN's MAC.
pub struct PinRecord<'a> {
    /// The factor (number of factors passed) the PIN is for.
    pub factor: i64,
    pub pin_hash: &'a [u8],
    pub channel: &'a str,
    pub reference: &'a str,
    pub destination: &'a str,
    /// The time of the send claim (see `claim_pin_send`).
    pub sent_at: i64,
    pub expires_at: i64,
    pub switched: bool,
}

impl std::fmt::Debug for PinRecord<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PinRecord")
            .field("factor", &self.factor)
            .field("channel", &self.channel)
            .field("reference", &self.reference)
            .finish_non_exhaustive()
    }
}

/// How long the failures of a User ID without an account are kept after its last one.
pub(super) const UNKNOWN_SUBJECT_DAYS: i64 = 90;

/// What a purge removed, table by table.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Purged {
    pub flows: u64,
    pub reset_links: u64,
    pub temporary_passwords: u64,
    pub sessions: u64,
    pub counters: u64,
    pub unknown_subjects: u64,
    pub audit_events: u64,
    /// Messages that expired before they could be delivered.
    pub messages: u64,
}

impl Store {
    /// A new flow on `path`: a reset starts on `standard`; a sign-in is `standard`, or
    /// `temporary` when its password was the temporary one.
    #[allow(clippy::too_many_arguments)]
    pub async fn insert_flow(
        &self,
        kind: FlowKind,
        id_hash: &[u8],
        account_id: Option<i64>,
        subject: &[u8],
        path: &str,
        now: i64,
        expires_at: i64,
    ) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO reset_flows (id_hash, account_id, subject, path, created_at, expires_at, kind) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(id_hash)
        .bind(account_id)
        .bind(subject)
        .bind(path)
        .bind(now)
        .bind(expires_at)
        .bind(kind.as_str())
        .execute(self.pool())
        .await?;
        Ok(())
    }

    pub async fn get_flow(&self, kind: FlowKind, id_hash: &[u8]) -> StoreResult<Option<FlowRow>> {
        Ok(sqlx::query_as::<_, FlowRow>(&format!(
            "SELECT {FLOW_COLUMNS} FROM reset_flows WHERE id_hash = $1 AND kind = $2"
        ))
        .bind(id_hash)
        .bind(kind.as_str())
        .fetch_optional(self.pool())
        .await?)
    }

    pub async fn delete_flow(&self, id_hash: &[u8]) -> StoreResult<()> {
        sqlx::query("DELETE FROM reset_flows WHERE id_hash = $1")
            .bind(id_hash)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// Switches an untouched flow to the two-PIN path. False if it has moved on meanwhile.
    pub async fn choose_alternative_path(&self, id_hash: &[u8]) -> StoreResult<bool> {
        let done = sqlx::query(
            "UPDATE reset_flows SET path = 'alternative' WHERE id_hash = $1 AND path = 'standard' AND factors_passed = 0",
        )
        .bind(id_hash)
        .execute(self.pool())
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Marks the current factor passed, exactly once even when requests race: only the request
    /// that still sees `expected` passed factors moves the flow on.
    pub async fn pass_factor(
        &self,
        id_hash: &[u8],
        expected: i64,
        channel: &str,
        now: i64,
    ) -> StoreResult<bool> {
        self.advance(id_hash, expected, channel, now, None).await
    }

    /// Gives the flow a new token (its keyed hash), so the cookie it had before no longer
    /// finds it. False when no flow had the old one.
    pub async fn rotate_flow(&self, old_hash: &[u8], new_hash: &[u8]) -> StoreResult<bool> {
        let done = sqlx::query("UPDATE reset_flows SET id_hash = $2 WHERE id_hash = $1")
            .bind(old_hash)
            .bind(new_hash)
            .execute(self.pool())
            .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Uses the flow's PIN: succeeds for exactly one request, only while the PIN is current,
    /// unexpired and at the expected factor; the PIN is gone afterwards.
    pub async fn consume_pin(
        &self,
        id_hash: &[u8],
        pin_hash: &[u8],
        expected: i64,
        channel: &str,
        now: i64,
    ) -> StoreResult<bool> {
        self.advance(id_hash, expected, channel, now, Some(pin_hash))
            .await
    }

    /// Moves an unfinished, unexpired flow from factor `expected` to the next one, recording the
    /// proven channel and clearing the PIN; with `pin_hash`, only if that PIN is the live one.
    async fn advance(
        &self,
        id_hash: &[u8],
        expected: i64,
        channel: &str,
        now: i64,
        pin_hash: Option<&[u8]>,
    ) -> StoreResult<bool> {
        let done = sqlx::query(
            "UPDATE reset_flows SET factors_passed = factors_passed + 1, channels_used = channels_used || $3, \
             pin_hash = NULL, pin_channel = NULL, pin_reference = NULL, pin_destination = NULL, pin_sent_at = NULL, \
             pin_expires_at = NULL, pin_failures = 0, pin_switched = 0 \
             WHERE id_hash = $1 AND factors_passed = $2 AND completed_at IS NULL AND expires_at > $4 \
               AND ($5 IS NULL OR (pin_hash = $5 AND pin_expires_at > $4))",
        )
        .bind(id_hash)
        .bind(expected)
        .bind(format!("{channel},"))
        .bind(now)
        .bind(pin_hash)
        .execute(self.pool())
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Counts a wrong PIN; at `max` the PIN is destroyed. Returns the new count, or None when
    /// there was no live PIN to count against.
    pub async fn record_pin_failure(&self, id_hash: &[u8], max: i64) -> StoreResult<Option<i64>> {
        Ok(sqlx::query_scalar(
            "UPDATE reset_flows SET pin_failures = pin_failures + 1, \
             pin_hash = CASE WHEN pin_failures + 1 >= $2 THEN NULL ELSE pin_hash END \
             WHERE id_hash = $1 AND pin_hash IS NOT NULL RETURNING pin_failures",
        )
        .bind(id_hash)
        .bind(max)
        .fetch_optional(self.pool())
        .await?)
    }

    /// Claims the right to send a PIN now: at most one claim per cooldown, even when requests
    /// race. Returns the previous send time (to give the claim back if delivery fails), or
    /// `Err(seconds_left)` when it is too soon.
    pub async fn claim_pin_send(
        &self,
        id_hash: &[u8],
        now: i64,
        cooldown: i64,
        bypass_cooldown: bool,
    ) -> StoreResult<Result<Option<i64>, i64>> {
        let row: Option<(Option<i64>,)> =
            sqlx::query_as("SELECT pin_sent_at FROM reset_flows WHERE id_hash = $1")
                .bind(id_hash)
                .fetch_optional(self.pool())
                .await?;
        let previous = row.and_then(|(s,)| s);
        let earliest = if bypass_cooldown { now } else { now - cooldown };
        let done = sqlx::query(
            "UPDATE reset_flows SET pin_sent_at = $2 \
             WHERE id_hash = $1 AND (pin_sent_at IS NULL OR pin_sent_at <= $3) \
               AND (pin_sent_at IS NULL AND $4 IS NULL OR pin_sent_at = $4)",
        )
        .bind(id_hash)
        .bind(now)
        .bind(earliest)
        .bind(previous)
        .execute(self.pool())
        .await?;
        if done.rows_affected() == 1 {
            Ok(Ok(previous))
        } else {
            let left = previous.map(|p| (p + cooldown - now).max(1)).unwrap_or(1);
            Ok(Err(left))
        }
    }

    /// Gives back a send claim after a failed delivery, so the person can retry at once.
    pub async fn release_pin_send(
        &self,
        id_hash: &[u8],
        claimed_at: i64,
        previous: Option<i64>,
    ) -> StoreResult<()> {
        sqlx::query(
            "UPDATE reset_flows SET pin_sent_at = $3 WHERE id_hash = $1 AND pin_sent_at = $2",
        )
        .bind(id_hash)
        .bind(claimed_at)
        .bind(previous)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// Records the PIN just delivered; it replaces (and so kills) any earlier PIN of the flow.
    /// Only while the flow is still at the PIN's factor and the send claim is still the latest:
    /// a slow send that lost a race never lands on a later step. False if it did not land.
    pub async fn record_pin(&self, id_hash: &[u8], pin: &PinRecord<'_>) -> StoreResult<bool> {
        let done = sqlx::query(
            "UPDATE reset_flows SET pin_hash = $2, pin_channel = $3, pin_reference = $4, pin_destination = $5, \
             pin_expires_at = $7, pin_failures = 0, pin_switched = $8 \
             WHERE id_hash = $1 AND factors_passed = $9 AND pin_sent_at = $6 AND completed_at IS NULL",
        )
        .bind(id_hash)
        .bind(pin.pin_hash)
        .bind(pin.channel)
        .bind(pin.reference)
        .bind(pin.destination)
        .bind(pin.sent_at)
        .bind(pin.expires_at)
        .bind(pin.switched as i64)
        .bind(pin.factor)
        .execute(self.pool())
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Records where the PIN of a factor should have gone when its first send failed, so the
    /// page can offer a retry. A live PIN of the same factor is left alone.
    pub async fn record_pin_unsent(
        &self,
        id_hash: &[u8],
        factor: i64,
        channel: &str,
        destination: &str,
    ) -> StoreResult<()> {
        sqlx::query(
            "UPDATE reset_flows SET pin_channel = $2, pin_reference = NULL, pin_destination = $3, \
             pin_expires_at = NULL, pin_failures = 0 \
             WHERE id_hash = $1 AND factors_passed = $4 AND pin_hash IS NULL",
        )
        .bind(id_hash)
        .bind(channel)
        .bind(destination)
        .bind(factor)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// Removes what has expired: flows, reset links, temporary passwords and sessions past
    /// their time, rate-limit counters older than a day, the counters of User IDs without an
    /// account unused for [`UNKNOWN_SUBJECT_DAYS`] (unless locked), and audit events older
    /// than `audit_before` when given. Every statement stands alone and is safe to run on
    /// several instances at once.
    pub async fn purge_expired(&self, now: i64, audit_before: Option<i64>) -> StoreResult<Purged> {
        let expired = |table: &str| format!("DELETE FROM {table} WHERE expires_at <= $1");
        let mut purged = Purged {
            flows: self.purge(&expired("reset_flows"), now).await?,
            reset_links: self.purge(&expired("reset_links"), now).await?,
            temporary_passwords: self.purge(&expired("temporary_passwords"), now).await?,
            sessions: self.purge(&expired("sessions"), now).await?,
            messages: self.purge(&expired("message_queue"), now).await?,
            counters: self
                .purge(
                    "DELETE FROM counters WHERE window_start <= $1",
                    now - 86_400,
                )
                .await?,
            ..Purged::default()
        };
        purged.unknown_subjects = sqlx::query(
            "DELETE FROM unknown_subjects WHERE (locked_until IS NULL OR locked_until <= $1) \
             AND updated_at <= $2",
        )
        .bind(now)
        .bind(now - UNKNOWN_SUBJECT_DAYS * 86_400)
        .execute(self.pool())
        .await?
        .rows_affected();
        if let Some(before) = audit_before {
            purged.audit_events = self
                .purge("DELETE FROM audit_events WHERE at < $1", before)
                .await?;
        }
        Ok(purged)
    }

    async fn purge(&self, sql: &str, bound: i64) -> StoreResult<u64> {
        Ok(sqlx::query(sql)
            .bind(bound)
            .execute(self.pool())
            .await?
            .rows_affected())
    }
}
