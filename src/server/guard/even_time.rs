//! An even answer time for the steps that take a User ID or a guess before anything is proven
//! (the wizard's, the request for a reset link): each answer waits until at least
//! `KEYTURN_RESPONSE_FLOOR_MS` after its request came in.
//!
//! A User ID without an account walks the same steps as a real one, with the same statements
//! where it can, but not always the same work: a real account's row is read and decoded, its
//! foreign keys are checked on every insert, its PIN has somewhere to go. Each difference is a
//! fraction of a millisecond, and a patient client measures fractions. Below the floor, the
//! answer time says nothing about the work behind it; the floor only waits (a timer, no CPU),
//! so it costs latency, never throughput beyond `concurrency / floor`.

use std::future::Future;
use std::time::Duration;

use crate::server::state::AppState;

/// Runs `work`, then waits until `KEYTURN_RESPONSE_FLOOR_MS` has passed since it began.
pub async fn at_least<T>(state: &AppState, work: impl Future<Output = T>) -> T {
    let floor = Duration::from_millis(state.config.response_floor_ms);
    let deadline = tokio::time::Instant::now() + floor;
    let out = work.await;
    tokio::time::sleep_until(deadline).await;
    out
}
