//! Writing the audit log. An event that cannot be written is logged and does not fail the
//! request: the person's action has happened either way.

use crate::server::state::AppState;

/// Writes an audit event. `account_id` is `None` for a User ID without an account (such flows
/// are audited too, without any ID: they show probing, and both kinds then do the same work).
/// `detail` must never hold a secret (PIN, code, password, token).
pub async fn record(
    state: &AppState,
    account_id: Option<i64>,
    event: &str,
    client: &str,
    detail: &str,
) {
    if let Err(e) = state
        .store
        .audit(state.clock.now(), account_id, event, client, detail)
        .await
    {
        tracing::error!(error = %e, event, "writing an audit event failed");
    }
}
