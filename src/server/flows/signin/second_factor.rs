//! Step 2: the second factor — the authenticator code, a recovery code in its place, or a
//! one-time PIN by SMS or email ("Alternative Authentication") — and what the page shows.

use super::{internal, Pending, SignInService};
use crate::domain::flows::signin::{SecondFactorView, SignInPinView, SignInStep};
use crate::domain::{AppError, Channel, InvalidInput, Secret};
use crate::server::factors::{self, authenticator, pins, recovery_codes};
use crate::server::guard::rate_limit;
use crate::server::mask;
use crate::server::session::sessions::NewSession;
use crate::server::store::Account;

/// Where a PIN over `channel` goes for this account, if it has such an address.
fn address(account: &Account, channel: Channel) -> Option<&str> {
    match channel {
        Channel::Email => Some(account.email.as_str()),
        Channel::Sms => account.phone.as_deref(),
    }
}

/// A sign-in whose password was the temporary one.
fn temporary(pending: &Pending) -> bool {
    pending.flow.path == super::TEMPORARY_PATH
}

fn masked(channel: Channel, address: &str) -> String {
    match channel {
        Channel::Sms => mask::phone(address),
        Channel::Email => mask::email(address),
    }
}

impl SignInService<'_> {
    /// The second factors this sign-in may use. After the temporary password, which came by
    /// email, an email PIN would prove the same mailbox twice: it is not offered then.
    async fn factors(&self, pending: &Pending) -> Result<SecondFactorView, AppError> {
        let account = &pending.account;
        let left = self
            .s
            .store
            .recovery_codes_left(account.id)
            .await
            .map_err(internal)?;
        let mut channels = Vec::new();
        if account.phone.is_some() {
            channels.push(Channel::Sms);
        }
        if !temporary(pending) && self.s.config.email_factor {
            channels.push(Channel::Email);
        }
        Ok(SecondFactorView {
            authenticator: account.totp_secret.is_some(),
            recovery_codes: left.max(0) as u32,
            channels,
        })
    }

    /// What the second-factor page shows now for this browser.
    pub async fn view(&self, cookie: Option<&str>, client: &str) -> Result<SignInStep, AppError> {
        rate_limit::check(self.s, "signin.state", client).await?;
        let Some(pending) = self.load(cookie).await? else {
            return Ok(SignInStep::Start {
                expired: cookie.is_some(),
            });
        };
        if pending.account.locked_at(pending.now).is_some() {
            return Err(AppError::Locked);
        }
        let factors = self.factors(&pending).await?;
        let flow = &pending.flow;
        if let Some(channel) = flow.pin_channel.as_deref().and_then(Channel::parse) {
            let live =
                flow.pin_hash.is_some() && flow.pin_expires_at.is_some_and(|e| e > pending.now);
            let resend_in = flow
                .pin_sent_at
                .map(|sent| (sent + self.s.config.pin_resend_seconds - pending.now).max(0))
                .unwrap_or(0);
            return Ok(SignInStep::Pin(SignInPinView {
                channel,
                destination: address(&pending.account, channel)
                    .map(|a| masked(channel, a))
                    .unwrap_or_default(),
                reference: if live {
                    flow.pin_reference.clone()
                } else {
                    None
                },
                resend_in: resend_in as u32,
                valid_minutes: (self.s.config.pin_ttl_seconds / 60) as u32,
                factors,
            }));
        }
        Ok(if factors.authenticator {
            SignInStep::Authenticator(factors)
        } else {
            SignInStep::ChooseChannel(factors)
        })
    }

    /// The authenticator code.
    #[tracing::instrument(skip_all)]
    pub async fn verify_code(
        &self,
        cookie: Option<&str>,
        code: &Secret,
        client: &str,
    ) -> Result<NewSession, AppError> {
        rate_limit::check(self.s, "signin.authenticator", client).await?;
        let pending = self.load_for_step(cookie).await?;
        let code = factors::six_digits(code.expose())
            .ok_or(AppError::Invalid(InvalidInput::CodeFormat))?;
        let attempt = self.claim(&pending, client, "totp").await?;
        if !authenticator::accept(self.s, Some(&pending.account), &code, pending.now).await? {
            return Err(attempt.failed(self.s, client, AppError::WrongCode).await);
        }
        attempt.passed(self.s, client).await?;
        self.complete(&pending, client, "totp").await
    }

    /// A recovery code in place of the authenticator code.
    #[tracing::instrument(skip_all)]
    pub async fn verify_recovery_code(
        &self,
        cookie: Option<&str>,
        code: &Secret,
        client: &str,
    ) -> Result<NewSession, AppError> {
        rate_limit::check(self.s, "signin.recovery", client).await?;
        let pending = self.load_for_step(cookie).await?;
        let code = recovery_codes::canonical(code.expose())?;
        let attempt = self.claim(&pending, client, "recovery_code").await?;
        if !recovery_codes::accept(self.s, pending.account.id, &code, pending.now).await? {
            return Err(attempt
                .failed(self.s, client, AppError::WrongRecoveryCode)
                .await);
        }
        attempt.passed(self.s, client).await?;
        self.complete(&pending, client, "recovery_code").await
    }

    /// "Send PIN by SMS" / "Send PIN by email". Choosing a channel sends at once; asking for
    /// the same channel again is "Send a new PIN", held to the cooldown.
    #[tracing::instrument(skip_all)]
    pub async fn send_pin(
        &self,
        cookie: Option<&str>,
        channel: Channel,
        client: &str,
    ) -> Result<(), AppError> {
        rate_limit::check(self.s, "signin.send-pin", client).await?;
        let pending = self.load_for_step(cookie).await?;
        let same = pending.flow.pin_channel.as_deref() == Some(channel.as_str());
        self.send(&pending, channel, !same, client).await
    }

    /// "Send a new PIN": the same channel, after the cooldown.
    #[tracing::instrument(skip_all)]
    pub async fn resend_pin(&self, cookie: Option<&str>, client: &str) -> Result<(), AppError> {
        rate_limit::check(self.s, "signin.resend", client).await?;
        let pending = self.load_for_step(cookie).await?;
        let channel = pending
            .flow
            .pin_channel
            .as_deref()
            .and_then(Channel::parse)
            .ok_or(AppError::OutOfOrder)?;
        self.send(&pending, channel, false, client).await
    }

    async fn send(
        &self,
        pending: &Pending,
        channel: Channel,
        bypass_cooldown: bool,
        client: &str,
    ) -> Result<(), AppError> {
        if channel == Channel::Email && (temporary(pending) || !self.s.config.email_factor) {
            return Err(AppError::OutOfOrder);
        }
        // The person has given the right password: an account without a phone is told so.
        let to = address(&pending.account, channel).ok_or(AppError::NoDestination(channel))?;
        let destination = masked(channel, to);
        pins::send_for_flow(
            self.s,
            pins::FlowPin {
                flow: &pending.flow,
                account_id: Some(pending.account.id),
                // Only someone who knows the password gets here: the request's language.
                owner_language: None,
                channel,
                address: Some(to),
                destination: &destination,
                switched: false,
                bypass_cooldown,
                // The password has passed.
                before_any_factor: false,
            },
            client,
        )
        .await
    }

    /// The one-time PIN.
    #[tracing::instrument(skip_all)]
    pub async fn verify_pin(
        &self,
        cookie: Option<&str>,
        pin: &Secret,
        client: &str,
    ) -> Result<NewSession, AppError> {
        rate_limit::check(self.s, "signin.pin", client).await?;
        let pending = self.load_for_step(cookie).await?;
        let pin =
            factors::six_digits(pin.expose()).ok_or(AppError::Invalid(InvalidInput::PinFormat))?;
        let flow = &pending.flow;
        let (Some(stored), Some(expires), Some(channel)) = (
            &flow.pin_hash,
            flow.pin_expires_at,
            flow.pin_channel.clone(),
        ) else {
            return Err(AppError::PinExpired);
        };
        if expires <= pending.now {
            return Err(AppError::PinExpired);
        }
        let attempt = self.claim(&pending, client, "pin").await?;
        match pins::check_for_flow(self.s, flow, stored, &pin, &channel, pending.now).await? {
            pins::PinCheck::Accepted => {
                attempt.passed(self.s, client).await?;
                self.complete(&pending, client, &format!("pin:{channel}"))
                    .await
            }
            pins::PinCheck::Replaced => {
                attempt.passed(self.s, client).await?;
                Err(AppError::PinExpired)
            }
            pins::PinCheck::Wrong => Err(attempt.failed(self.s, client, AppError::WrongPin).await),
        }
    }
}
