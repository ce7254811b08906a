//! The authenticator-code step, "Alternative Authentication", and moving on to the next factor.

use super::{alternative_available, internal, Factor, Loaded, Passed, ResetService};
use crate::domain::{AppError, Channel, InvalidInput, Secret};
use crate::server::factors;
use crate::server::guard::rate_limit;

impl ResetService<'_> {
    /// Factor step: the authenticator code.
    #[tracing::instrument(skip_all)]
    pub async fn verify_totp(
        &self,
        cookie: Option<&str>,
        code: &Secret,
        client: &str,
    ) -> Result<Passed, AppError> {
        rate_limit::check(self.s, "reset.authenticator", client).await?;
        let loaded = self.load_for_step(cookie).await?;
        if loaded.current_factor(self.factors()) != Some(Factor::Totp) {
            return Err(AppError::OutOfOrder);
        }
        let code = factors::six_digits(code.expose())
            .ok_or(AppError::Invalid(InvalidInput::CodeFormat))?;
        let attempt = self.claim(&loaded, client, "totp").await?;
        let accepted =
            factors::authenticator::accept(self.s, loaded.account.as_ref(), &code, loaded.now)
                .await?;
        if !accepted {
            return Err(attempt.failed(self.s, client, AppError::WrongCode).await);
        }
        attempt.passed(self.s, client).await?;
        self.authenticator_step_passed(&loaded, "totp", client)
            .await
    }

    /// "Use a recovery code": one of the account's one-use codes in place of the authenticator
    /// code (used once, in this flow or at sign-in, never again).
    #[tracing::instrument(skip_all)]
    pub async fn verify_recovery_code(
        &self,
        cookie: Option<&str>,
        code: &Secret,
        client: &str,
    ) -> Result<Passed, AppError> {
        rate_limit::check(self.s, "reset.recovery", client).await?;
        let loaded = self.load_for_step(cookie).await?;
        if loaded.current_factor(self.factors()) != Some(Factor::Totp) {
            return Err(AppError::OutOfOrder);
        }
        let code = factors::recovery_codes::canonical(code.expose())?;
        let attempt = self.claim(&loaded, client, "recovery_code").await?;
        let accepted = match &loaded.account {
            Some(account) => {
                factors::recovery_codes::accept(self.s, account.id, &code, loaded.now).await?
            }
            None => false,
        };
        if !accepted {
            return Err(attempt
                .failed(self.s, client, AppError::WrongRecoveryCode)
                .await);
        }
        attempt.passed(self.s, client).await?;
        self.authenticator_step_passed(&loaded, "recovery_code", client)
            .await
    }

    /// The authenticator step passed (by a code, or a recovery code in its place, `how`): the
    /// flow moves on exactly once, under a new token, and the next factor's PIN goes out.
    async fn authenticator_step_passed(
        &self,
        loaded: &Loaded,
        how: &str,
        client: &str,
    ) -> Result<Passed, AppError> {
        let flow = &loaded.flow;
        if !self
            .s
            .store
            .pass_factor(&flow.id_hash, flow.factors_passed, how, loaded.now)
            .await
            .map_err(internal)?
        {
            return Err(AppError::OutOfOrder);
        }
        self.audit(loaded, &format!("factor.{how}.accepted"), client, "")
            .await;
        self.rotate(loaded, client).await
    }

    /// After a factor passed: if the next factor is a PIN, send it right away.
    pub(super) async fn enter_next_factor(
        &self,
        cookie: Option<&str>,
        client: &str,
    ) -> Result<(), AppError> {
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
        rate_limit::check(self.s, "reset.alternative", client).await?;
        let loaded = self.load_for_step(cookie).await?;
        match loaded.current_factor(self.factors()) {
            Some(Factor::Totp) => {
                if !alternative_available(self.factors(), loaded.email_factor) {
                    return Err(AppError::OutOfOrder);
                }
                if !self
                    .s
                    .store
                    .choose_alternative_path(&loaded.flow.id_hash)
                    .await
                    .map_err(internal)?
                {
                    return Err(AppError::OutOfOrder);
                }
                self.audit(&loaded, "reset.alternative", client, "").await;
                self.enter_next_factor(cookie, client).await
            }
            Some(Factor::Pin {
                channel: Channel::Sms,
                switchable: true,
            }) if loaded.flow.pin_switched == 0 && !loaded.email_used() => {
                self.send_pin(&loaded, Channel::Email, true, true, client)
                    .await
            }
            _ => Err(AppError::OutOfOrder),
        }
    }
}
