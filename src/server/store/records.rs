//! Append-only records: the audit log and the dev outbox.

use sqlx::FromRow;

use super::{Store, StoreResult};

#[derive(Clone, Debug, FromRow)]
pub struct AuditEvent {
    pub at: i64,
    pub account_id: Option<i64>,
    pub event: String,
    pub client: String,
    pub detail: String,
}

#[derive(Clone, Debug, FromRow)]
pub struct OutboxRow {
    pub id: i64,
    pub sent_at: i64,
    pub channel: String,
    pub recipient: String,
    pub subject: String,
    pub body: String,
}

impl Store {
    /// Writes an audit event. `detail` must never hold a secret (PIN, code, password, token).
    pub async fn audit(
        &self,
        now: i64,
        account_id: Option<i64>,
        event: &str,
        client: &str,
        detail: &str,
    ) -> StoreResult<()> {
        sqlx::query("INSERT INTO audit_events (at, account_id, event, client, detail) VALUES ($1, $2, $3, $4, $5)")
            .bind(now)
            .bind(account_id)
            .bind(event)
            .bind(client)
            .bind(detail)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    pub async fn audit_events(&self, account_id: i64) -> StoreResult<Vec<AuditEvent>> {
        Ok(sqlx::query_as::<_, AuditEvent>(
            "SELECT at, account_id, event, client, detail FROM audit_events WHERE account_id = $1 ORDER BY id",
        )
        .bind(account_id)
        .fetch_all(self.pool())
        .await?)
    }

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

    /// The outbox as the page shows it.
    pub async fn outbox_list(
        &self,
        limit: i64,
    ) -> StoreResult<Vec<crate::api::outbox::OutboxMessage>> {
        Ok(self
            .outbox_rows(limit)
            .await?
            .into_iter()
            .map(|r| crate::api::outbox::OutboxMessage {
                id: r.id,
                sent_at: crate::server::clock::format_utc_seconds(r.sent_at),
                channel: r.channel,
                recipient: r.recipient,
                subject: r.subject,
                body: r.body,
            })
            .collect())
    }
}
