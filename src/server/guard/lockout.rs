//! The lockout: consecutive failed factors lock an account, and a User ID without an account
//! alike (a shadow counter keyed by the keyed hash of the ID), so that nobody can tell them
//! apart by how they lock.

use crate::domain::AppError;
use crate::server::delivery::messages;
use crate::server::state::AppState;
use crate::server::store::{Account, FailureOutcome};

use super::audit;

/// Whose failures count: an account, or a User ID without one (by its subject hash).
#[derive(Clone, Copy, Debug)]
pub enum Who<'a> {
    Account(&'a Account),
    Unknown(&'a [u8]),
}

impl Who<'_> {
    fn account_id(&self) -> Option<i64> {
        match self {
            Who::Account(a) => Some(a.id),
            Who::Unknown(_) => None,
        }
    }
}

fn internal(e: impl std::fmt::Display) -> AppError {
    tracing::error!(error = %e, "lockout bookkeeping failed");
    AppError::Internal
}

/// Until when it is locked, if it is.
pub async fn locked_until(
    state: &AppState,
    who: Who<'_>,
    now: i64,
) -> Result<Option<i64>, AppError> {
    match who {
        Who::Account(account) => Ok(account.locked_at(now)),
        Who::Unknown(subject) => state
            .store
            .unknown_locked_until(subject, now)
            .await
            .map_err(internal),
    }
}

/// Counts a failed factor (`what`: "totp", "pin", …); returns the error to show: `wrong`, or
/// `Locked` once the threshold is reached (the owner is then told by email, in the background,
/// so the response neither waits for nor reveals it).
pub async fn record_failure(
    state: &AppState,
    who: Who<'_>,
    client: &str,
    wrong: AppError,
    what: &str,
    now: i64,
) -> AppError {
    let cfg = &state.config;
    let outcome = match who {
        Who::Account(a) => {
            state
                .store
                .record_account_failure(a.id, cfg.lockout_threshold, cfg.lockout_seconds, now)
                .await
        }
        Who::Unknown(subject) => {
            state
                .store
                .record_unknown_failure(subject, cfg.lockout_threshold, cfg.lockout_seconds, now)
                .await
        }
    };
    let account_id = who.account_id();
    let failed = format!("factor.{what}.failed");
    match outcome {
        Err(e) => internal(e),
        Ok(FailureOutcome::Counted) => {
            audit::record(state, account_id, &failed, client, "").await;
            wrong
        }
        Ok(FailureOutcome::AlreadyLocked) => AppError::Locked,
        Ok(FailureOutcome::LockedNow(until)) => {
            audit::record(state, account_id, &failed, client, "").await;
            let detail = format!("until={until}");
            audit::record(state, account_id, "account.locked", client, &detail).await;
            if let Who::Account(account) = who {
                tracing::warn!(account = account.id, "account locked after failed attempts");
                let message = messages::account_locked(
                    &account.email,
                    &account.user_id,
                    until,
                    &cfg.support_contact,
                );
                state
                    .delivery
                    .send_in_background(message, "lockout notification");
            }
            AppError::Locked
        }
    }
}
