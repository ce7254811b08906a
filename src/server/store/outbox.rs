//! Dev mode's outbox: a copy of every email and SMS sent, for trying the product without a mail server.

use sqlx::FromRow;

use super::{Store, StoreResult};

/// A message as dev mode kept it. Its body may hold a PIN, so `Debug` leaves it out.
#[derive(Clone, FromRow)]
pub struct OutboxRow {
    pub id: i64,
    pub sent_at: i64,
    pub channel: String,
    pub recipient: String,
    pub subject: String,
    pub body: String,
}

impl std::fmt::Debug for OutboxRow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OutboxRow")
            .field("id", &self.id)
            .field("channel", &self.channel)
            .field("subject", &self.subject)
            .finish_non_exhaustive()
    }
}

impl Store {
    pub async fn outbox_add(
        &self,
        now: i64,
        channel: &str,
        recipient: &str,
        subject: &str,
        body: &str,
    ) -> StoreResult<()> {
        sqlx::query("INSERT INTO dev_outbox (sent_at, channel, recipient, subject, body) VALUES ($1, $2, $3, $4, $5)")
            .bind(now)
            .bind(channel)
            .bind(recipient)
            .bind(subject)
            .bind(body)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    pub async fn outbox_rows(&self, limit: i64) -> StoreResult<Vec<OutboxRow>> {
        Ok(sqlx::query_as::<_, OutboxRow>(
            "SELECT id, sent_at, channel, recipient, subject, body FROM dev_outbox ORDER BY id DESC LIMIT $1",
        )
        .bind(limit)
        .fetch_all(self.pool())
        .await?)
    }
}
