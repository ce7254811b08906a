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

/// One row of the audit log with its account's User ID: at, account, event, client, detail,
/// User ID.
type AuditLogRow = (i64, Option<i64>, String, String, String, Option<String>);

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

    /// Events since `from` (inclusive), oldest first, of one account or of all, each with its
    /// account's User ID (None for a User ID without an account).
    pub async fn audit_log(
        &self,
        account_id: Option<i64>,
        from: i64,
    ) -> StoreResult<Vec<(AuditEvent, Option<String>)>> {
        let one = if account_id.is_some() {
            "AND e.account_id = $2"
        } else {
            ""
        };
        let sql = format!(
            "SELECT e.at, e.account_id, e.event, e.client, e.detail, a.user_id \
             FROM audit_events e LEFT JOIN accounts a ON a.id = e.account_id \
             WHERE e.at >= $1 {one} ORDER BY e.id"
        );
        let mut query = sqlx::query_as(&sql).bind(from);
        if let Some(id) = account_id {
            query = query.bind(id);
        }
        let rows: Vec<AuditLogRow> = query.fetch_all(self.pool()).await?;
        Ok(rows
            .into_iter()
            .map(|(at, account_id, event, client, detail, user)| {
                (
                    AuditEvent {
                        at,
                        account_id,
                        event,
                        client,
                        detail,
                    },
                    user,
                )
            })
            .collect())
    }
}
