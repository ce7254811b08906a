//! Per-client, per-function rate limits, counted in the database so that they hold across
//! several server instances.

use crate::domain::AppError;
use crate::server::state::AppState;

/// Counts this request of `client` to `function`; refuses it over the configured limit per
/// minute.
pub async fn check(state: &AppState, function: &str, client: &str) -> Result<(), AppError> {
    let now = state.clock.now();
    let count = state
        .store
        .hit_counter(&format!("rl:{function}:{client}"), now, 60)
        .await
        .map_err(|e| crate::server::failure::failed("counting a request failed", e))?;
    if count > state.config.rate_limit_per_minute {
        tracing::warn!(function, client, "rate limit reached");
        return Err(AppError::RateLimited);
    }
    Ok(())
}
