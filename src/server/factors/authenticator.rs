//! An authenticator code checked against an account: its secret decrypted, the code matched
//! within the accepted steps, and the step consumed atomically, so a code is accepted once,
//! ever, in any flow, even when two requests race with it.

use crate::domain::AppError;
use crate::server::state::AppState;
use crate::server::store::Account;

use super::totp;

/// Whether `code` (six digits) is a fresh, valid code of the account's authenticator. `None`
/// (a User ID without an account) and accounts without an authenticator never pass.
pub async fn accept(
    state: &AppState,
    account: Option<&Account>,
    code: &str,
    now: i64,
) -> Result<bool, AppError> {
    let Some(account) = account else {
        return Ok(false);
    };
    let Some(sealed) = &account.totp_secret else {
        return Ok(false);
    };
    let Some(secret) = state.keys.decrypt_totp(sealed, &account.user_id) else {
        tracing::error!(
            account = account.id,
            "TOTP secret does not decrypt with this secret key"
        );
        return Ok(false);
    };
    let Some(step) = totp::matching_step(secret.expose(), code, now, state.config.totp_skew) else {
        return Ok(false);
    };
    state
        .store
        .accept_totp_step(account.id, step, now)
        .await
        .map_err(|e| crate::server::failure::failed("accepting an authenticator step failed", e))
}
