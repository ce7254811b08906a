//! The durable message queue: what is waiting to be delivered, claimed by one worker at a time.

use sqlx::{AnyConnection, FromRow};

use super::{Store, StoreResult};

/// A message to write to the queue: its text already sealed (see `crypto::Keys::seal_message`).
#[derive(Debug)]
pub struct NewQueuedMessage {
    pub channel: &'static str,
    /// What it is, for logs and metrics ("password-change notification").
    pub what: &'static str,
    pub sealed: Vec<u8>,
    pub created_at: i64,
    pub expires_at: i64,
}

/// A message a worker has claimed.
#[derive(Debug, FromRow)]
pub struct QueuedMessage {
    pub id: i64,
    pub channel: String,
    pub what: String,
    pub sealed: Vec<u8>,
    pub expires_at: i64,
    /// Tries so far, this one included.
    pub attempts: i64,
}

const INSERT: &str =
    "INSERT INTO message_queue (channel, what, sealed, created_at, expires_at, next_attempt_at) \
                      VALUES ($1, $2, $3, $4, $5, $4)";

impl Store {
    /// Writes a message to the queue, due at once: its id.
    pub async fn queue_message(&self, m: &NewQueuedMessage) -> StoreResult<i64> {
        Ok(sqlx::query_scalar(&format!("{INSERT} RETURNING id"))
            .bind(m.channel)
            .bind(m.what)
            .bind(&m.sealed)
            .bind(m.created_at)
            .bind(m.expires_at)
            .fetch_one(self.pool())
            .await?)
    }

    /// The ids of messages due at `now` that no worker holds, oldest first.
    pub async fn due_messages(&self, now: i64, limit: i64) -> StoreResult<Vec<i64>> {
        Ok(sqlx::query_scalar(
            "SELECT id FROM message_queue WHERE next_attempt_at <= $1 \
             AND (claimed_until IS NULL OR claimed_until <= $1) ORDER BY id LIMIT $2",
        )
        .bind(now)
        .bind(limit)
        .fetch_all(self.pool())
        .await?)
    }

    /// Claims a due message for `lease` seconds, counting the attempt; `None` when another
    /// worker holds it, or it was delivered meanwhile.
    pub async fn claim_message(
        &self,
        id: i64,
        now: i64,
        lease: i64,
    ) -> StoreResult<Option<QueuedMessage>> {
        Ok(sqlx::query_as(
            "UPDATE message_queue SET claimed_until = $2 + $3, attempts = attempts + 1 \
             WHERE id = $1 AND next_attempt_at <= $2 AND (claimed_until IS NULL OR claimed_until <= $2) \
             RETURNING id, channel, what, sealed, expires_at, attempts",
        )
        .bind(id)
        .bind(now)
        .bind(lease)
        .fetch_optional(self.pool())
        .await?)
    }

    /// Delivered, refused for good, or expired: the message goes.
    pub async fn message_done(&self, id: i64) -> StoreResult<()> {
        sqlx::query("DELETE FROM message_queue WHERE id = $1")
            .bind(id)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// Not delivered this time: released, to be tried again at `next_attempt_at`.
    pub async fn message_retry(
        &self,
        id: i64,
        next_attempt_at: i64,
        error: &str,
    ) -> StoreResult<()> {
        sqlx::query(
            "UPDATE message_queue SET claimed_until = NULL, next_attempt_at = $2, last_error = $3 WHERE id = $1",
        )
        .bind(id)
        .bind(next_attempt_at)
        .bind(error)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// How many messages wait to be delivered (due or not).
    pub async fn messages_waiting(&self) -> StoreResult<i64> {
        Ok(sqlx::query_scalar("SELECT COUNT(*) FROM message_queue")
            .fetch_one(self.pool())
            .await?)
    }

    /// How many messages are due at `now` (held by a worker or not): none means every message
    /// that could be delivered now has been tried.
    pub async fn messages_due(&self, now: i64) -> StoreResult<i64> {
        Ok(
            sqlx::query_scalar("SELECT COUNT(*) FROM message_queue WHERE next_attempt_at <= $1")
                .bind(now)
                .fetch_one(self.pool())
                .await?,
        )
    }
}

/// Writes a message to the queue on `conn`, inside the caller's transaction.
pub(super) async fn queue_message_in(
    conn: &mut AnyConnection,
    m: &NewQueuedMessage,
) -> StoreResult<()> {
    sqlx::query(INSERT)
        .bind(m.channel)
        .bind(m.what)
        .bind(&m.sealed)
        .bind(m.created_at)
        .bind(m.expires_at)
        .execute(conn)
        .await?;
    Ok(())
}
