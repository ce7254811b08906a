//! Signing in (flow B): the password (`password`), then the second factor (`second_factor`:
//! an authenticator code, a recovery code, or a one-time PIN by SMS or email), then a session.
//!
//! Between the right password and the second factor the sign-in is a flow like a reset's (kind
//! `signin`, its own cookie), so its PINs use the very same machinery (`factors::pins`):
//! cooldowns, quotas, references, single use. Wrong passwords and wrong second factors count
//! toward the same lockout as the wizard's, and codes are consumed in the same places (the
//! account's last accepted authenticator step, the recovery-code table), so a code used in one
//! flow is refused in the other.

mod password;
mod second_factor;

use crate::domain::AppError;
use crate::server::crypto::Redacted;
use crate::server::guard::lockout::{self, Attempt, Who};
use crate::server::session::sessions::{self, NewSession};
use crate::server::state::AppState;
use crate::server::store::{Account, FlowKind, FlowRow};

/// How long the second factor may take after the right password.
pub const FLOW_SECONDS: i64 = 600;

/// The path of a sign-in whose password was the temporary one: its session reaches only the
/// forced change.
const TEMPORARY_PATH: &str = "temporary";

/// The cookie token of a sign-in between password and second factor.
#[derive(Debug)]
pub struct SignInToken(Redacted<String>);

impl SignInToken {
    pub fn cookie_value(&self) -> &str {
        self.0.expose()
    }
}

fn internal<E: std::fmt::Display + 'static>(e: E) -> AppError {
    crate::server::failure::failed("sign-in failed", e)
}

/// A sign-in waiting for its second factor, with its account.
struct Pending {
    flow: FlowRow,
    account: Account,
    now: i64,
}

/// The sign-in steps for one request's state.
#[derive(Debug)]
pub struct SignInService<'a> {
    s: &'a AppState,
}

impl<'a> SignInService<'a> {
    pub fn new(state: &'a AppState) -> Self {
        Self { s: state }
    }

    /// The sign-in of this cookie, if it is live.
    async fn load(&self, cookie: Option<&str>) -> Result<Option<Pending>, AppError> {
        let Some(token) = cookie else { return Ok(None) };
        let now = self.s.clock.now();
        let hash = self.s.keys.token_hash(token);
        let Some(flow) = self
            .s
            .store
            .get_flow(FlowKind::SignIn, &hash)
            .await
            .map_err(internal)?
        else {
            return Ok(None);
        };
        if flow.expires_at <= now || flow.completed_at.is_some() {
            return Ok(None);
        }
        let Some(account_id) = flow.account_id else {
            return Ok(None);
        };
        let Some(account) = self
            .s
            .store
            .account_by_id(account_id)
            .await
            .map_err(internal)?
        else {
            return Ok(None);
        };
        Ok(Some(Pending { flow, account, now }))
    }

    /// The sign-in for a second-factor step: live and its account not locked.
    async fn load_for_step(&self, cookie: Option<&str>) -> Result<Pending, AppError> {
        let pending = self.load(cookie).await?.ok_or(AppError::FlowExpired)?;
        if pending.account.locked_at(pending.now).is_some() {
            return Err(AppError::Locked);
        }
        Ok(pending)
    }

    /// Claims a guess at the second factor before it is compared (see `guard::lockout`).
    async fn claim<'p>(
        &self,
        pending: &'p Pending,
        client: &str,
        what: &'p str,
    ) -> Result<Attempt<'p>, AppError> {
        let who = Who::Account(&pending.account);
        lockout::claim(self.s, who, client, what, pending.now).await
    }

    /// Both factors proven: the sign-in flow ends, the run of failures with it, and a session
    /// with a new id begins (with the temporary password, using up its one sign-in).
    async fn complete(
        &self,
        pending: &Pending,
        client: &str,
        factor: &str,
    ) -> Result<NewSession, AppError> {
        let store = &self.s.store;
        store
            .delete_flow(&pending.flow.id_hash)
            .await
            .map_err(internal)?;
        store
            .clear_failures(pending.account.id, pending.now)
            .await
            .map_err(internal)?;
        let temporary = pending.flow.path == TEMPORARY_PATH;
        let session = sessions::create(self.s, pending.account.id, client, temporary).await?;
        if !temporary
            && store
                .void_temporary_password(pending.account.id)
                .await
                .map_err(internal)?
        {
            crate::server::guard::audit::record(
                self.s,
                Some(pending.account.id),
                "temporary_password.voided",
                client,
                "",
            )
            .await;
        }
        let detail = if temporary {
            format!("factor={factor} temporary")
        } else {
            format!("factor={factor}")
        };
        crate::server::guard::audit::record(
            self.s,
            Some(pending.account.id),
            "signin.succeeded",
            client,
            &detail,
        )
        .await;
        tracing::info!(account = pending.account.id, factor, "signed in");
        Ok(session)
    }

    /// "Back to sign in": forgets the sign-in in progress.
    pub async fn cancel(&self, cookie: Option<&str>, _client: &str) -> Result<(), AppError> {
        if let Some(token) = cookie {
            let hash = self.s.keys.token_hash(token);
            if self
                .s
                .store
                .get_flow(FlowKind::SignIn, &hash)
                .await
                .map_err(internal)?
                .is_some()
            {
                self.s.store.delete_flow(&hash).await.map_err(internal)?;
            }
        }
        Ok(())
    }
}
