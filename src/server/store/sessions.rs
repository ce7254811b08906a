//! Signed-in sessions of an account, stored by the keyed hash of their token.

use super::{Store, StoreResult};

impl Store {
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
