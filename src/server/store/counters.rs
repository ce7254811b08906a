//! Fixed-window counters, atomic in one statement on both backends.

use super::{Store, StoreResult};

impl Store {
    /// Adds one hit to `key` in the window of `window` seconds that is current at `now`,
    /// starting a new window when the old one is over. Returns the count including this hit.
    pub async fn hit_counter(&self, key: &str, now: i64, window: i64) -> StoreResult<i64> {
        Ok(sqlx::query_scalar(
            "INSERT INTO counters (key, window_start, count) VALUES ($1, $2, 1) \
             ON CONFLICT (key) DO UPDATE SET \
               count = CASE WHEN counters.window_start <= $3 THEN 1 ELSE counters.count + 1 END, \
               window_start = CASE WHEN counters.window_start <= $3 THEN $2 ELSE counters.window_start END \
             RETURNING count",
        )
        .bind(key)
        .bind(now)
        .bind(now - window)
        .fetch_one(self.pool())
        .await?)
    }

    /// Takes back one hit (an attempt that did not happen after all, such as a failed send),
    /// only from the window it was counted in.
    pub async fn unhit_counter(&self, key: &str, hit_at: i64, window: i64) -> StoreResult<()> {
        sqlx::query(
            "UPDATE counters SET count = count - 1 WHERE key = $1 AND count > 0 AND window_start > $2 AND window_start <= $3",
        )
        .bind(key)
        .bind(hit_at - window)
        .bind(hit_at)
            .execute(self.pool())
            .await?;
        Ok(())
    }
}
