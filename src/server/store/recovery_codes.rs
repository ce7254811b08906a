//! Recovery codes: keyed hashes, one-use, a whole set replaced at once.

use super::{Store, StoreResult};

impl Store {
    /// Replaces the account's codes with a new set, all or nothing, and writes the audit event.
    pub async fn replace_recovery_codes(
        &self,
        account_id: i64,
        hashes: &[Vec<u8>],
        now: i64,
        client: &str,
    ) -> StoreResult<()> {
        let mut tx = self.pool().begin().await?;
        sqlx::query("DELETE FROM recovery_codes WHERE account_id = $1")
            .bind(account_id)
            .execute(&mut *tx)
            .await?;
        for hash in hashes {
            sqlx::query(
                "INSERT INTO recovery_codes (account_id, code_hash, created_at) VALUES ($1, $2, $3)",
            )
            .bind(account_id)
            .bind(hash)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        }
        sqlx::query(
            "INSERT INTO audit_events (at, account_id, event, client, detail) \
             VALUES ($1, $2, 'recovery_codes.generated', $3, '')",
        )
        .bind(now)
        .bind(account_id)
        .bind(client)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Marks one unused code used; true for exactly one request.
    pub async fn use_recovery_code(
        &self,
        account_id: i64,
        hash: &[u8],
        now: i64,
    ) -> StoreResult<bool> {
        let done = sqlx::query(
            "UPDATE recovery_codes SET used_at = $3 WHERE account_id = $1 AND code_hash = $2 AND used_at IS NULL",
        )
        .bind(account_id)
        .bind(hash)
        .bind(now)
        .execute(self.pool())
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// How many unused codes the account has left.
    pub async fn recovery_codes_left(&self, account_id: i64) -> StoreResult<i64> {
        Ok(sqlx::query_scalar(
            "SELECT COUNT(*) FROM recovery_codes WHERE account_id = $1 AND used_at IS NULL",
        )
        .bind(account_id)
        .fetch_one(self.pool())
        .await?)
    }
}
