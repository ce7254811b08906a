//! The audit log: append-only security events, never holding a secret.

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

    /// The account's most recent events, newest first.
    pub async fn recent_audit_events(
        &self,
        account_id: i64,
        limit: i64,
    ) -> StoreResult<Vec<AuditEvent>> {
        Ok(sqlx::query_as::<_, AuditEvent>(
            "SELECT at, account_id, event, client, detail FROM audit_events WHERE account_id = $1 \
             ORDER BY id DESC LIMIT $2",
        )
        .bind(account_id)
        .bind(limit)
        .fetch_all(self.pool())
        .await?)
    }
}
