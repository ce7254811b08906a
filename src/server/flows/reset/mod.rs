//! The reset wizard's rules (flow A): User ID → factor(s) → new password.
//!
//! The flow lives in `reset_flows`, found by the keyed hash of the cookie token. Every step
//! loads it, checks that the step is the current one, and moves it on with a single atomic
//! statement, so skipped steps, replays and racing requests all fail closed. One file per step:
//! `start` (User ID, "Start over"), `view` (what the page shows now), `authenticator` (the code,
//! "Alternative Authentication"), `pin` (sending and checking PINs), `password` (the change).
//!
//! Unknown User IDs get a flow too (without an account): they walk the same steps, are "sent"
//! PINs that take as long as real deliveries, and lock after the same number of failures.
//! Nothing on the wire tells them apart.

mod authenticator;
mod password;
mod pin;
mod start;
mod view;

use crate::domain::{AppError, Channel};
use crate::server::crypto::Redacted;
use crate::server::guard::lockout::{self, Who};
use crate::server::state::AppState;
use crate::server::store::{Account, FlowKind, FlowRow};

/// A reset must be finished within 15 minutes of starting.
pub const FLOW_SECONDS: i64 = 900;

/// The cookie token of a new flow. Only its keyed hash is stored; `Debug` is redacted.
#[derive(Debug)]
pub struct FlowToken(Redacted<String>);

impl FlowToken {
    pub fn cookie_value(&self) -> &str {
        self.0.expose()
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Factor {
    Totp,
    Pin { channel: Channel, switchable: bool },
}

/// The factors a flow must pass, in order. The standard path is the authenticator app, then a
/// PIN by SMS (switchable to email). "Alternative Authentication" on the authenticator step
/// takes two PINs over two different channels instead: email, then SMS.
fn factor_plan(path: &str, factors: u8) -> Vec<Factor> {
    let plan = if path == "alternative" {
        vec![
            Factor::Pin {
                channel: Channel::Email,
                switchable: false,
            },
            Factor::Pin {
                channel: Channel::Sms,
                switchable: false,
            },
        ]
    } else {
        vec![
            Factor::Totp,
            Factor::Pin {
                channel: Channel::Sms,
                switchable: true,
            },
        ]
    };
    plan.into_iter().take(factors as usize).collect()
}

fn internal(e: impl std::fmt::Display) -> AppError {
    tracing::error!(error = %e, "reset flow failed");
    AppError::Internal
}

/// A flow loaded for a step, with its account (None for an unknown User ID).
struct Loaded {
    flow: FlowRow,
    account: Option<Account>,
    now: i64,
}

impl Loaded {
    fn current_factor(&self, factors: u8) -> Option<Factor> {
        factor_plan(&self.flow.path, factors)
            .get(self.flow.factors_passed as usize)
            .copied()
    }

    /// Whose failures this flow's wrong guesses count against.
    fn who(&self) -> Who<'_> {
        match &self.account {
            Some(account) => Who::Account(account),
            None => Who::Unknown(&self.flow.subject),
        }
    }

    fn account_id(&self) -> Option<i64> {
        self.account.as_ref().map(|a| a.id)
    }

    /// The channel of the PIN now live (or last tried), if any.
    fn pin_channel(&self) -> Option<Channel> {
        self.flow.pin_channel.as_deref().and_then(Channel::parse)
    }

    /// Whether email has already been proven in this flow (one channel never counts twice).
    fn email_used(&self) -> bool {
        self.flow.channels_used.contains("email,")
    }
}

/// The wizard's steps for one request's state.
#[derive(Debug)]
pub struct ResetService<'a> {
    s: &'a AppState,
}

impl<'a> ResetService<'a> {
    pub fn new(state: &'a AppState) -> Self {
        Self { s: state }
    }

    fn factors(&self) -> u8 {
        self.s.config.reset_factors
    }

    async fn audit(&self, loaded: &Loaded, event: &str, client: &str, detail: &str) {
        crate::server::guard::audit::record(self.s, loaded.account_id(), event, client, detail)
            .await;
    }

    async fn load(&self, cookie: Option<&str>) -> Result<Option<Loaded>, AppError> {
        let Some(token) = cookie else { return Ok(None) };
        let now = self.s.clock.now();
        let Some(flow) = self
            .s
            .store
            .get_flow(FlowKind::Reset, &self.s.keys.token_hash(token))
            .await
            .map_err(internal)?
        else {
            return Ok(None);
        };
        if flow.expires_at <= now {
            return Ok(None);
        }
        let account = match flow.account_id {
            Some(id) => self.s.store.account_by_id(id).await.map_err(internal)?,
            None => None,
        };
        Ok(Some(Loaded { flow, account, now }))
    }

    /// Loads the flow for a factor step: it must exist, be unfinished and not locked.
    async fn load_for_step(&self, cookie: Option<&str>) -> Result<Loaded, AppError> {
        let loaded = self.load(cookie).await?.ok_or(AppError::FlowExpired)?;
        if loaded.flow.completed_at.is_some() {
            return Err(AppError::OutOfOrder);
        }
        if self.locked_until(&loaded).await?.is_some() {
            return Err(AppError::Locked);
        }
        Ok(loaded)
    }

    async fn locked_until(&self, loaded: &Loaded) -> Result<Option<i64>, AppError> {
        lockout::locked_until(self.s, loaded.who(), loaded.now).await
    }

    /// Counts a failed factor; returns the error to show (`Locked` once the threshold is hit).
    async fn fail(&self, loaded: &Loaded, client: &str, wrong: AppError, what: &str) -> AppError {
        lockout::record_failure(self.s, loaded.who(), client, wrong, what, loaded.now).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plans_never_count_a_channel_twice() {
        for path in ["standard", "alternative"] {
            for factors in [1, 2] {
                let plan = factor_plan(path, factors);
                assert_eq!(plan.len(), factors as usize);
                let channels: Vec<String> = plan
                    .iter()
                    .map(|f| match f {
                        Factor::Totp => "totp".to_string(),
                        Factor::Pin { channel, .. } => channel.as_str().to_string(),
                    })
                    .collect();
                let mut unique = channels.clone();
                unique.dedup();
                assert_eq!(unique, channels, "{path}/{factors}");
            }
        }
        assert_eq!(factor_plan("standard", 2)[0], Factor::Totp);
        assert_eq!(
            factor_plan("alternative", 2)[0],
            Factor::Pin {
                channel: Channel::Email,
                switchable: false
            }
        );
    }
}
