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
use crate::server::crypto::{self, Redacted};
use crate::server::guard::lockout::{self, Attempt, Who};
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

/// A factor passed: the flow's new token (the old one no longer finds it), and how going on
/// to the next factor went (sending its PIN can fail; the browser needs the new token either
/// way).
#[derive(Debug)]
pub struct Passed {
    pub token: FlowToken,
    pub next: Result<(), AppError>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Factor {
    Totp,
    Pin { channel: Channel, switchable: bool },
}

/// The factors a flow must pass, in order. The standard path is the authenticator app, then a
/// PIN by SMS (switchable to email). "Alternative Authentication" on the authenticator step
/// takes two PINs over two different channels instead: email, then SMS. Where email does not
/// count as a factor (`KEYTURN_EMAIL_FACTOR=false`) it drops out of both: the SMS PIN cannot
/// switch, and the alternative path is SMS alone, too short when two factors are needed.
fn factor_plan(path: &str, factors: u8, email: bool) -> Vec<Factor> {
    let plan = if path == "alternative" {
        let mut pins = Vec::new();
        if email {
            pins.push(Factor::Pin {
                channel: Channel::Email,
                switchable: false,
            });
        }
        pins.push(Factor::Pin {
            channel: Channel::Sms,
            switchable: false,
        });
        pins
    } else {
        vec![
            Factor::Totp,
            Factor::Pin {
                channel: Channel::Sms,
                switchable: email,
            },
        ]
    };
    plan.into_iter().take(factors as usize).collect()
}

/// Whether "Alternative Authentication" can make up the factors a reset needs.
fn alternative_available(factors: u8, email: bool) -> bool {
    factor_plan("alternative", factors, email).len() == factors as usize
}

fn internal<E: std::fmt::Display + 'static>(e: E) -> AppError {
    crate::server::failure::failed("reset flow failed", e)
}

/// A flow loaded for a step, with its account (None for an unknown User ID).
struct Loaded {
    flow: FlowRow,
    account: Option<Account>,
    now: i64,
    /// Whether email counts as a factor (`KEYTURN_EMAIL_FACTOR`).
    email_factor: bool,
}

impl Loaded {
    fn current_factor(&self, factors: u8) -> Option<Factor> {
        factor_plan(&self.flow.path, factors, self.email_factor)
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
        Ok(Some(Loaded {
            flow,
            account,
            now,
            email_factor: self.s.config.email_factor,
        }))
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

    /// A factor passed: the flow gets a new token, so a cookie planted or seen before this
    /// point cannot ride on what the person has proven since; then the next factor begins.
    async fn rotate(&self, loaded: &Loaded, client: &str) -> Result<Passed, AppError> {
        let token = crypto::new_token();
        let new_hash = self.s.keys.token_hash(token.expose());
        if !self
            .s
            .store
            .rotate_flow(&loaded.flow.id_hash, &new_hash)
            .await
            .map_err(internal)?
        {
            return Err(AppError::FlowExpired);
        }
        let token = FlowToken(token);
        let next = self
            .enter_next_factor(Some(token.cookie_value()), client)
            .await;
        Ok(Passed { token, next })
    }

    /// Claims a guess at a factor before it is compared (see `guard::lockout`).
    async fn claim<'l>(
        &self,
        loaded: &'l Loaded,
        client: &str,
        what: &'l str,
    ) -> Result<Attempt<'l>, AppError> {
        lockout::claim(self.s, loaded.who(), client, what, loaded.now).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plans_never_count_a_channel_twice() {
        for email in [true, false] {
            for path in ["standard", "alternative"] {
                for factors in [1, 2] {
                    let plan = factor_plan(path, factors, email);
                    if path == "standard" || alternative_available(factors, email) {
                        assert_eq!(plan.len(), factors as usize);
                    }
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
                    assert!(
                        email || !channels.contains(&"email".to_string()),
                        "no email factor when it does not count: {path}/{factors}"
                    );
                }
            }
        }
        assert_eq!(factor_plan("standard", 2, true)[0], Factor::Totp);
        assert_eq!(
            factor_plan("alternative", 2, true)[0],
            Factor::Pin {
                channel: Channel::Email,
                switchable: false
            }
        );
        assert!(!alternative_available(2, false));
        assert!(alternative_available(1, false));
        assert_eq!(
            factor_plan("standard", 2, false)[1],
            Factor::Pin {
                channel: Channel::Sms,
                switchable: false
            }
        );
    }
}
