//! A new password vetted and hashed: every rule of the policy checked again on the server
//! (the browser's checklist is a courtesy), then the history, then argon2id.

use crate::domain::{AppError, Secret};
use crate::policy::{RuleKind, Subject};
use crate::server::crypto::Redacted;
use crate::server::state::AppState;
use crate::server::store::Account;

/// The hash of `new_password` for `account`, or the rules it does not meet.
pub async fn vet_and_hash(
    state: &AppState,
    account: &Account,
    new_password: Secret,
    confirm: Secret,
) -> Result<String, AppError> {
    let policy = &state.config.password_policy;
    let subject = Subject {
        user_id: &account.user_id,
        email: &account.email,
    };
    let evaluation = policy.check(
        new_password.expose(),
        confirm.expose(),
        &subject,
        Some(&state.common),
    );
    let failures: Vec<RuleKind> = evaluation.failures().into_iter().map(|c| c.kind).collect();
    if !failures.is_empty() {
        return Err(AppError::PasswordRejected(failures));
    }
    let password = Redacted::new(new_password.into_inner());
    if policy.history > 0 {
        let mut earlier: Vec<String> = account.password_hash.iter().cloned().collect();
        earlier.extend(
            state
                .store
                .password_history(account.id, policy.history - 1)
                .await
                .map_err(|e| {
                    crate::server::failure::failed("reading the password history failed", e)
                })?,
        );
        earlier.truncate(policy.history);
        if state.hasher.matches_any(password.clone(), earlier).await {
            return Err(AppError::PasswordRejected(vec![RuleKind::NotRecent]));
        }
    }
    Ok(state.hasher.hash(password).await)
}
