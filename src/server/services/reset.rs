//! The reset wizard's rules (flow A): User ID → factor(s) → new password.
//!
//! The flow lives in `reset_flows`, found by the keyed hash of the cookie token. Every step
//! loads it, checks that the step is the current one, and moves it on with a single atomic
//! statement, so skipped steps, replays and racing requests all fail closed.
//!
//! Unknown User IDs get a flow too (without an account): they walk the same steps, see
//! look-alike masked destinations, are "sent" PINs that take as long as real deliveries, and
//! lock after the same number of failures. Nothing on the wire tells them apart.

use crate::api::reset::{Channel, PasswordStepView, PinView, WizardStep, WizardView};
use crate::api::AppError;
use crate::policy::{RuleKind, Subject};
use crate::server::crypto::{self, Redacted};
use crate::server::delivery::DeliveryError;
use crate::server::state::AppState;
use crate::server::store::{Account, FailureOutcome, FlowRow, PasswordChange, PinRecord};
use crate::server::{clock, mask, totp};

use super::{messages, normalize_user_id};

/// A reset must be finished within 15 minutes of starting.
pub const FLOW_SECONDS: i64 = 900;
/// Wrong tries allowed per PIN before it is destroyed.
pub const PIN_MAX_TRIES: i64 = 5;
const MAX_USER_ID_CHARS: usize = 128;

/// The cookie token of a new flow. Only its keyed hash is stored.
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

fn channel_name(channel: Channel) -> &'static str {
    match channel {
        Channel::Sms => "sms",
        Channel::Email => "email",
    }
}

fn parse_channel(name: &str) -> Option<Channel> {
    match name {
        "sms" => Some(Channel::Sms),
        "email" => Some(Channel::Email),
        _ => None,
    }
}

/// What is MACed for a PIN: bound to its factor too, so a PIN can only pass the step it was
/// sent for (the MAC key also binds it to the flow).
fn pin_for_factor(factor: i64, pin: &str) -> String {
    format!("{factor}:{pin}")
}

/// A typed code or PIN without the spaces people put in ("123 456"), if it is six digits.
fn six_digits(typed: &str) -> Option<String> {
    let digits: String = typed.chars().filter(|c| !c.is_whitespace()).collect();
    (digits.len() == totp::DIGITS && digits.chars().all(|c| c.is_ascii_digit())).then_some(digits)
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
}

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

    /// Per-client, per-function limit, counted in the database so that it holds across
    /// several server instances.
    async fn rate_limit(&self, function: &str, client: &str) -> Result<(), AppError> {
        let now = self.s.clock.now();
        let count = self
            .s
            .store
            .hit_counter(&format!("rl:{function}:{client}"), now, 60)
            .await
            .map_err(internal)?;
        if count > self.s.config.rate_limit_per_minute {
            tracing::warn!(function, client, "rate limit reached");
            return Err(AppError::RateLimited);
        }
        Ok(())
    }

    /// Writes an audit event. Flows of unknown User IDs are audited too (without any ID):
    /// they show probing, and both kinds of flow then do the same work.
    async fn audit(&self, account: Option<&Account>, event: &str, client: &str, detail: &str) {
        let account_id = account.map(|a| a.id);
        if let Err(e) = self
            .s
            .store
            .audit(self.s.clock.now(), account_id, event, client, detail)
            .await
        {
            tracing::error!(error = %e, event, "writing an audit event failed");
        }
    }

    /// Step 1. Always creates a flow, for known and unknown User IDs alike.
    #[tracing::instrument(skip_all)]
    pub async fn start(&self, raw_user_id: &str, client: &str) -> Result<FlowToken, AppError> {
        let user_id = normalize_user_id(raw_user_id);
        if user_id.is_empty() {
            return Err(AppError::Invalid("Enter your User ID.".into()));
        }
        if user_id.chars().count() > MAX_USER_ID_CHARS || user_id.chars().any(char::is_control) {
            return Err(AppError::Invalid("That is not a valid User ID.".into()));
        }
        self.rate_limit("reset.start", client).await?;
        let now = self.s.clock.now();
        let account = self
            .s
            .store
            .find_account(&user_id)
            .await
            .map_err(internal)?;
        let subject = self.s.keys.subject(&user_id);
        let token = crypto::new_token();
        let id_hash = self.s.keys.token_hash(token.expose());
        self.s
            .store
            .insert_flow(
                &id_hash,
                account.as_ref().map(|a| a.id),
                &subject,
                now,
                now + FLOW_SECONDS,
            )
            .await
            .map_err(internal)?;
        self.audit(account.as_ref(), "reset.started", client, "")
            .await;
        Ok(FlowToken(token))
    }

    async fn load(&self, cookie: Option<&str>) -> Result<Option<Loaded>, AppError> {
        let Some(token) = cookie else { return Ok(None) };
        let now = self.s.clock.now();
        let Some(flow) = self
            .s
            .store
            .get_flow(&self.s.keys.token_hash(token))
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
        match &loaded.account {
            Some(account) => Ok(account.locked_at(loaded.now)),
            None => self
                .s
                .store
                .unknown_locked_until(&loaded.flow.subject, loaded.now)
                .await
                .map_err(internal),
        }
    }

    /// Counts a failed factor; returns the error to show (`Locked` once the threshold is hit).
    async fn fail(&self, loaded: &Loaded, client: &str, wrong: AppError, what: &str) -> AppError {
        let cfg = &self.s.config;
        let outcome = match &loaded.account {
            Some(a) => {
                self.s
                    .store
                    .record_account_failure(
                        a.id,
                        cfg.lockout_threshold,
                        cfg.lockout_seconds,
                        loaded.now,
                    )
                    .await
            }
            None => {
                self.s
                    .store
                    .record_unknown_failure(
                        &loaded.flow.subject,
                        cfg.lockout_threshold,
                        cfg.lockout_seconds,
                        loaded.now,
                    )
                    .await
            }
        };
        match outcome {
            Err(e) => internal(e),
            Ok(FailureOutcome::Counted) => {
                self.audit(
                    loaded.account.as_ref(),
                    &format!("factor.{what}.failed"),
                    client,
                    "",
                )
                .await;
                wrong
            }
            Ok(FailureOutcome::AlreadyLocked) => AppError::Locked,
            Ok(FailureOutcome::LockedNow(until)) => {
                self.audit(
                    loaded.account.as_ref(),
                    &format!("factor.{what}.failed"),
                    client,
                    "",
                )
                .await;
                self.audit(
                    loaded.account.as_ref(),
                    "account.locked",
                    client,
                    &format!("until={until}"),
                )
                .await;
                if let Some(account) = &loaded.account {
                    tracing::warn!(account = account.id, "account locked after failed attempts");
                    let message = messages::account_locked(
                        &account.email,
                        &account.user_id,
                        until,
                        &cfg.support_contact,
                    );
                    let delivery = self.s.delivery.clone();
                    // In the background: the person's response must not wait for (or reveal) it.
                    tokio::spawn(async move {
                        if let Err(e) = delivery.send(&message).await {
                            tracing::warn!(error = %e, "lockout notification not delivered");
                        }
                    });
                }
                AppError::Locked
            }
        }
    }

    /// What the wizard shows now for this browser.
    pub async fn view(&self, cookie: Option<&str>, client: &str) -> Result<WizardView, AppError> {
        self.rate_limit("reset.state", client).await?;
        let total = 2 + self.factors();
        let at = |number: u8, step: WizardStep| WizardView {
            step,
            number,
            total,
        };
        let Some(loaded) = self.load(cookie).await? else {
            return Ok(at(
                1,
                WizardStep::UserId {
                    expired: cookie.is_some(),
                },
            ));
        };
        if let Some(until) = self.locked_until(&loaded).await? {
            return Ok(at(
                1,
                WizardStep::Locked {
                    until: clock::format_utc(until),
                    support: self.s.config.support_contact.clone(),
                },
            ));
        }
        if loaded.flow.completed_at.is_some() {
            return Ok(at(total, WizardStep::Done));
        }
        let number = 2 + loaded.flow.factors_passed as u8;
        match loaded.current_factor(self.factors()) {
            Some(Factor::Totp) => Ok(at(number, WizardStep::Authenticator)),
            Some(Factor::Pin {
                channel,
                switchable,
            }) => {
                let flow = &loaded.flow;
                let channel = flow
                    .pin_channel
                    .as_deref()
                    .and_then(parse_channel)
                    .unwrap_or(channel);
                let live =
                    flow.pin_hash.is_some() && flow.pin_expires_at.is_some_and(|e| e > loaded.now);
                let resend_in = flow
                    .pin_sent_at
                    .map(|sent| (sent + self.s.config.pin_resend_seconds - loaded.now).max(0))
                    .unwrap_or(0);
                Ok(at(
                    number,
                    WizardStep::Pin(PinView {
                        channel,
                        destination: flow.pin_destination.clone().unwrap_or_default(),
                        reference: if live {
                            flow.pin_reference.clone()
                        } else {
                            None
                        },
                        resend_in: resend_in as u32,
                        can_switch: switchable
                            && channel == Channel::Sms
                            && flow.pin_switched == 0
                            && !flow.channels_used.contains("email,"),
                        support: self.s.config.support_contact.clone(),
                        valid_minutes: (self.s.config.pin_ttl_seconds / 60) as u32,
                    }),
                ))
            }
            None => match &loaded.account {
                Some(account) => Ok(at(
                    number,
                    WizardStep::NewPassword(PasswordStepView {
                        policy: self.s.config.password_policy.clone(),
                        user_id: account.user_id.clone(),
                        email: account.email.clone(),
                    }),
                )),
                // Unreachable: an unknown User ID never passes a factor.
                None => Ok(at(1, WizardStep::UserId { expired: true })),
            },
        }
    }

    /// Factor step: the authenticator code.
    #[tracing::instrument(skip_all)]
    pub async fn verify_totp(
        &self,
        cookie: Option<&str>,
        code: &str,
        client: &str,
    ) -> Result<(), AppError> {
        self.rate_limit("reset.authenticator", client).await?;
        let loaded = self.load_for_step(cookie).await?;
        if loaded.current_factor(self.factors()) != Some(Factor::Totp) {
            return Err(AppError::OutOfOrder);
        }
        let code = six_digits(code).ok_or_else(|| {
            AppError::Invalid("Enter the 6-digit code from your authenticator app.".into())
        })?;
        let accepted_step = match &loaded.account {
            Some(account) => match &account.totp_secret {
                Some(sealed) => match self.s.keys.decrypt_totp(sealed, &account.user_id) {
                    Some(secret) => totp::matching_step(secret.expose(), &code, loaded.now),
                    None => {
                        tracing::error!(
                            account = account.id,
                            "TOTP secret does not decrypt with this secret key"
                        );
                        None
                    }
                },
                None => None,
            },
            None => None,
        };
        let accepted = match (accepted_step, &loaded.account) {
            // The step is consumed atomically: a code is accepted once, ever, even when two
            // requests race with it.
            (Some(step), Some(account)) => self
                .s
                .store
                .accept_totp_step(account.id, step, loaded.now)
                .await
                .map_err(internal)?,
            _ => false,
        };
        if !accepted {
            return Err(self
                .fail(&loaded, client, AppError::WrongCode, "totp")
                .await);
        }
        if !self
            .s
            .store
            .pass_factor(
                &loaded.flow.id_hash,
                loaded.flow.factors_passed,
                "totp",
                loaded.now,
            )
            .await
            .map_err(internal)?
        {
            return Err(AppError::OutOfOrder);
        }
        self.audit(loaded.account.as_ref(), "factor.totp.accepted", client, "")
            .await;
        self.enter_next_factor(cookie, client).await
    }

    /// After a factor passed: if the next factor is a PIN, send it right away.
    async fn enter_next_factor(&self, cookie: Option<&str>, client: &str) -> Result<(), AppError> {
        let Some(loaded) = self.load(cookie).await? else {
            return Err(AppError::FlowExpired);
        };
        match loaded.current_factor(self.factors()) {
            Some(Factor::Pin { channel, .. }) => {
                self.send_pin(&loaded, channel, false, true, client).await
            }
            _ => Ok(()),
        }
    }

    /// "Alternative Authentication": on the authenticator step, switch to two PINs (email,
    /// then SMS); on an SMS PIN step, send the PIN by email instead (once).
    #[tracing::instrument(skip_all)]
    pub async fn use_alternative(
        &self,
        cookie: Option<&str>,
        client: &str,
    ) -> Result<(), AppError> {
        self.rate_limit("reset.alternative", client).await?;
        let loaded = self.load_for_step(cookie).await?;
        match loaded.current_factor(self.factors()) {
            Some(Factor::Totp) => {
                if !self
                    .s
                    .store
                    .choose_alternative_path(&loaded.flow.id_hash)
                    .await
                    .map_err(internal)?
                {
                    return Err(AppError::OutOfOrder);
                }
                self.audit(loaded.account.as_ref(), "reset.alternative", client, "")
                    .await;
                self.enter_next_factor(cookie, client).await
            }
            Some(Factor::Pin {
                channel: Channel::Sms,
                switchable: true,
            }) if loaded.flow.pin_switched == 0
                && !loaded.flow.channels_used.contains("email,") =>
            {
                self.send_pin(&loaded, Channel::Email, true, true, client)
                    .await
            }
            _ => Err(AppError::OutOfOrder),
        }
    }

    /// "Send a new PIN": same channel, after the cooldown.
    #[tracing::instrument(skip_all)]
    pub async fn resend_pin(&self, cookie: Option<&str>, client: &str) -> Result<(), AppError> {
        self.rate_limit("reset.resend", client).await?;
        let loaded = self.load_for_step(cookie).await?;
        let Some(Factor::Pin { channel, .. }) = loaded.current_factor(self.factors()) else {
            return Err(AppError::OutOfOrder);
        };
        let channel = loaded
            .flow
            .pin_channel
            .as_deref()
            .and_then(parse_channel)
            .unwrap_or(channel);
        let switched = loaded.flow.pin_switched != 0;
        self.send_pin(&loaded, channel, switched, false, client)
            .await
    }

    /// Sends a new PIN for the flow's current factor, replacing any earlier one.
    async fn send_pin(
        &self,
        loaded: &Loaded,
        channel: Channel,
        switched: bool,
        bypass_cooldown: bool,
        client: &str,
    ) -> Result<(), AppError> {
        let cfg = &self.s.config;
        let store = &self.s.store;
        let id = &loaded.flow.id_hash;
        let factor = loaded.flow.factors_passed;
        let address = loaded.account.as_ref().and_then(|a| match channel {
            Channel::Email => Some(a.email.clone()),
            Channel::Sms => a.phone.clone(),
        });
        // Only accounts pass factors, so after one there is nothing left to hide: an account
        // without a phone is told so plainly instead of waiting for an SMS that never comes.
        if factor > 0 && address.is_none() {
            return Err(AppError::NoDestination(channel.label().into()));
        }
        // Before any factor has passed the page names no address, not even masked: that would
        // show strangers part of a person's address, and unknown User IDs would need a fake.
        let destination = match (&address, channel) {
            (Some(addr), Channel::Sms) if factor > 0 => mask::phone(addr),
            (Some(addr), Channel::Email) if factor > 0 => mask::email(addr),
            (_, Channel::Sms) => "your registered phone number".to_string(),
            (_, Channel::Email) => "your registered email address".to_string(),
        };

        let now = self.s.clock.now();
        let previous = match store
            .claim_pin_send(id, now, cfg.pin_resend_seconds, bypass_cooldown)
            .await
            .map_err(internal)?
        {
            Ok(previous) => previous,
            Err(seconds_left) => return Err(AppError::ResendTooSoon(seconds_left as u32)),
        };
        let quota_key = format!("pins:{}", hex::encode(&loaded.flow.subject));
        if store
            .hit_counter(&quota_key, now, 3600)
            .await
            .map_err(internal)?
            > cfg.pin_sends_per_hour
        {
            store
                .release_pin_send(id, now, previous)
                .await
                .map_err(internal)?;
            return Err(AppError::SendQuotaReached);
        }

        let pin = crypto::new_pin();
        let reference = crypto::new_reference();
        let delivered = match &address {
            Some(to) => {
                let message = messages::pin(
                    channel,
                    to,
                    &pin,
                    &reference,
                    cfg.pin_ttl_seconds,
                    &cfg.support_contact,
                );
                self.s.delivery.send(&message).await
            }
            None => self.s.delivery.imitate(channel).await,
        };
        match delivered {
            Ok(()) => {}
            // Only this address was refused: answer as if sent (an unknown User ID could not
            // be told apart otherwise); the audit log and the server log say what happened.
            Err(e @ DeliveryError::Rejected(_)) => {
                tracing::warn!(error = %e, channel = channel_name(channel), "PIN refused for this recipient");
                let detail = format!("channel={}", channel_name(channel));
                self.audit(
                    loaded.account.as_ref(),
                    "pin.recipient_refused",
                    client,
                    &detail,
                )
                .await;
            }
            Err(e) => {
                if address.is_some() {
                    tracing::warn!(error = %e, channel = channel_name(channel), "PIN delivery failed");
                }
                store
                    .release_pin_send(id, now, previous)
                    .await
                    .map_err(internal)?;
                store
                    .unhit_counter(&quota_key, now, 3600)
                    .await
                    .map_err(internal)?;
                store
                    .record_pin_unsent(id, factor, channel_name(channel), &destination)
                    .await
                    .map_err(internal)?;
                let detail = format!("channel={}", channel_name(channel));
                self.audit(
                    loaded.account.as_ref(),
                    "pin.delivery_failed",
                    client,
                    &detail,
                )
                .await;
                return Err(AppError::DeliveryFailed(channel.label().into()));
            }
        }
        let record = PinRecord {
            factor,
            pin_hash: &self
                .s
                .keys
                .pin_hash(id, &pin_for_factor(factor, pin.expose())),
            channel: channel_name(channel),
            reference: &reference,
            destination: &destination,
            sent_at: now,
            expires_at: now + cfg.pin_ttl_seconds,
            switched,
        };
        // A send that lost a race (the flow moved on, or a newer send was claimed) is dropped.
        if !store.record_pin(id, &record).await.map_err(internal)? {
            return Err(AppError::OutOfOrder);
        }
        let detail = format!("channel={} reference={reference}", channel_name(channel));
        self.audit(loaded.account.as_ref(), "pin.sent", client, &detail)
            .await;
        Ok(())
    }

    /// Factor step: a one-time PIN.
    #[tracing::instrument(skip_all)]
    pub async fn verify_pin(
        &self,
        cookie: Option<&str>,
        pin: &str,
        client: &str,
    ) -> Result<(), AppError> {
        self.rate_limit("reset.pin", client).await?;
        let loaded = self.load_for_step(cookie).await?;
        let Some(Factor::Pin {
            channel: planned,
            switchable,
        }) = loaded.current_factor(self.factors())
        else {
            return Err(AppError::OutOfOrder);
        };
        let pin =
            six_digits(pin).ok_or_else(|| AppError::Invalid("Enter the 6-digit PIN.".into()))?;
        let flow = &loaded.flow;
        let (Some(stored), Some(expires)) = (&flow.pin_hash, flow.pin_expires_at) else {
            return Err(AppError::PinExpired);
        };
        if expires <= loaded.now {
            return Err(AppError::PinExpired);
        }
        // The live PIN must have gone over a channel this step allows and that has not been
        // proven already: one channel never counts twice.
        let channel = flow.pin_channel.clone().unwrap_or_default();
        let allowed = channel == channel_name(planned)
            || (switchable && channel == channel_name(Channel::Email));
        if !allowed || flow.channels_used.split(',').any(|used| used == channel) {
            return Err(AppError::PinExpired);
        }
        let candidate = self
            .s
            .keys
            .pin_hash(&flow.id_hash, &pin_for_factor(flow.factors_passed, &pin));
        if crypto::same(&candidate, stored) {
            // Exactly one request can use it, however many race with the right PIN.
            if !self
                .s
                .store
                .consume_pin(
                    &flow.id_hash,
                    stored,
                    flow.factors_passed,
                    &channel,
                    loaded.now,
                )
                .await
                .map_err(internal)?
            {
                return Err(AppError::PinExpired);
            }
            if let Some(account) = &loaded.account {
                self.s
                    .store
                    .clear_failures(account.id, loaded.now)
                    .await
                    .map_err(internal)?;
            }
            self.audit(
                loaded.account.as_ref(),
                "factor.pin.accepted",
                client,
                &format!("channel={channel}"),
            )
            .await;
            return self.enter_next_factor(cookie, client).await;
        }
        self.s
            .store
            .record_pin_failure(&flow.id_hash, PIN_MAX_TRIES)
            .await
            .map_err(internal)?;
        Err(self.fail(&loaded, client, AppError::WrongPin, "pin").await)
    }

    /// Last step: the new password. The server re-checks every rule before hashing.
    #[tracing::instrument(skip_all)]
    pub async fn change_password(
        &self,
        cookie: Option<&str>,
        new_password: String,
        confirm: String,
        client: &str,
    ) -> Result<(), AppError> {
        self.rate_limit("reset.password", client).await?;
        let loaded = self.load_for_step(cookie).await?;
        if loaded.current_factor(self.factors()).is_some() {
            return Err(AppError::OutOfOrder);
        }
        let Some(account) = &loaded.account else {
            return Err(AppError::OutOfOrder);
        };
        let policy = &self.s.config.password_policy;
        let subject = Subject {
            user_id: &account.user_id,
            email: &account.email,
        };
        let evaluation = policy.check(&new_password, &confirm, &subject, Some(&self.s.common));
        let failures: Vec<String> = evaluation
            .failures()
            .into_iter()
            .map(|c| c.label.clone())
            .collect();
        if !failures.is_empty() {
            return Err(AppError::PasswordRejected(failures));
        }
        let password = Redacted::new(new_password);
        if policy.history > 0 {
            let mut earlier: Vec<String> = account.password_hash.iter().cloned().collect();
            earlier.extend(
                self.s
                    .store
                    .password_history(account.id, policy.history - 1)
                    .await
                    .map_err(internal)?,
            );
            earlier.truncate(policy.history);
            if self.s.hasher.matches_any(password.clone(), earlier).await {
                return Err(AppError::PasswordRejected(vec![
                    policy.label(RuleKind::NotRecent)
                ]));
            }
        }
        let new_hash = self.s.hasher.hash(password).await;
        let now = self.s.clock.now();
        let change = PasswordChange {
            account_id: account.id,
            flow_id_hash: Some(&loaded.flow.id_hash),
            new_hash: &new_hash,
            old_hash: account.password_hash.as_deref(),
            keep_history: policy.history.saturating_sub(1),
            now,
            client,
            event: "password.changed",
            factors_required: self.factors() as i64,
        };
        if !self
            .s
            .store
            .complete_password_change(&change)
            .await
            .map_err(internal)?
        {
            return Err(AppError::OutOfOrder);
        }
        tracing::info!(
            account = account.id,
            "password changed through the reset wizard"
        );
        let cfg = &self.s.config;
        let message = messages::password_changed(
            &account.email,
            &account.user_id,
            now,
            cfg.public_url.as_str(),
            &cfg.support_contact,
        );
        let delivery = self.s.delivery.clone();
        tokio::spawn(async move {
            if let Err(e) = delivery.send(&message).await {
                tracing::warn!(error = %e, "password-change notification not delivered");
            }
        });
        Ok(())
    }

    /// "Start over": forgets the flow.
    pub async fn cancel(&self, cookie: Option<&str>, client: &str) -> Result<(), AppError> {
        self.rate_limit("reset.restart", client).await?;
        if let Some(token) = cookie {
            self.s
                .store
                .delete_flow(&self.s.keys.token_hash(token))
                .await
                .map_err(internal)?;
        }
        Ok(())
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
                        Factor::Pin { channel, .. } => channel_name(*channel).to_string(),
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
