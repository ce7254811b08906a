//! Signed-in sessions: a random id of 256 bits in the session cookie, stored as its keyed hash;
//! a new id at every sign-in and every password change; an idle timeout and an absolute one,
//! checked on every request; ended by "Sign out", a password change or an administrator.

use crate::domain::AppError;
use crate::server::crypto::{self, Redacted};
use crate::server::state::AppState;
use crate::server::store::SessionRow;

/// A session just created: its cookie value is shown to the browser once.
#[derive(Debug)]
pub struct NewSession(Redacted<String>);

impl NewSession {
    pub fn cookie_value(&self) -> &str {
        self.0.expose()
    }
}

fn internal<E: std::fmt::Display + 'static>(e: E) -> AppError {
    crate::server::failure::failed("session bookkeeping failed", e)
}

/// Starts a session for an account that has just proven its factors (so it is also a fresh
/// re-authentication). A sign-in with the temporary password (`temporary`) uses up its one
/// sign-in; when another has used it first, `FlowExpired` and no session.
pub async fn create(
    state: &AppState,
    account_id: i64,
    client: &str,
    temporary: bool,
) -> Result<NewSession, AppError> {
    let now = state.clock.now();
    let token = crypto::new_token();
    let hash = state.keys.token_hash(token.expose());
    let expires_at = now + state.config.session_absolute_seconds;
    if !state
        .store
        .insert_session(&hash, account_id, now, expires_at, client, temporary)
        .await
        .map_err(internal)?
    {
        return Err(AppError::FlowExpired);
    }
    remember_language(state, account_id).await;
    Ok(NewSession(token))
}

/// Records the language of this request as the owner's, now that they have proven who they are
/// (a sign-in, a finished reset): the messages a stranger can cause are then written in it (see
/// `i18n::owner_locale`). A preference only: failing to record it is logged, and changes
/// nothing else.
pub async fn remember_language(state: &AppState, account_id: i64) {
    let language = crate::i18n::request_locale().to_string();
    if let Err(e) = state
        .store
        .set_account_language(account_id, &language)
        .await
    {
        tracing::warn!(error = %e, "recording the account's language failed");
    }
}

/// A fresh proof of a factor in session `token_hash`: the session takes a new id (a privilege
/// change), keeping what waits in it.
pub async fn renew(state: &AppState, token_hash: &[u8]) -> Result<NewSession, AppError> {
    let token = crypto::new_token();
    let hash = state.keys.token_hash(token.expose());
    if !state
        .store
        .reauthenticate_session(token_hash, &hash, state.clock.now())
        .await
        .map_err(internal)?
    {
        return Err(AppError::NotSignedIn);
    }
    Ok(NewSession(token))
}

/// The live session of this cookie: unexpired (absolute) and used within the idle timeout.
/// Touches it, so the idle timeout counts from now.
pub async fn current(state: &AppState, cookie: Option<&str>) -> Result<SessionRow, AppError> {
    let token = cookie.ok_or(AppError::NotSignedIn)?;
    let now = state.clock.now();
    let hash = state.keys.token_hash(token);
    state
        .store
        .touch_session(&hash, now, now - state.config.session_idle_seconds)
        .await
        .map_err(internal)?
        .ok_or(AppError::NotSignedIn)
}

/// "Sign out": the session is gone on the server (a copied cookie is worth nothing after).
pub async fn end(state: &AppState, cookie: Option<&str>, client: &str) -> Result<(), AppError> {
    let Some(token) = cookie else { return Ok(()) };
    let hash = state.keys.token_hash(token);
    if let Some(account_id) = state.store.delete_session(&hash).await.map_err(internal)? {
        crate::server::guard::audit::record(state, Some(account_id), "signout", client, "").await;
    }
    Ok(())
}
