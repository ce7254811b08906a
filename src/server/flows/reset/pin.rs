//! PINs in the wizard: sending one for the flow's current factor (right away, on "Send a new
//! PIN", or by email instead), and checking the one typed.

use super::{Factor, Loaded, Passed, ResetService};
use crate::domain::{AppError, Channel, InvalidInput, Secret};
use crate::server::factors::{self, pins};
use crate::server::guard::rate_limit;
use crate::server::mask;

impl ResetService<'_> {
    /// "Send a new PIN": same channel, after the cooldown.
    #[tracing::instrument(skip_all)]
    pub async fn resend_pin(&self, cookie: Option<&str>, client: &str) -> Result<(), AppError> {
        rate_limit::check(self.s, "reset.resend", client).await?;
        let loaded = self.load_for_step(cookie).await?;
        let Some(Factor::Pin { channel, .. }) = loaded.current_factor(self.factors()) else {
            return Err(AppError::OutOfOrder);
        };
        let channel = loaded.pin_channel().unwrap_or(channel);
        let switched = loaded.flow.pin_switched != 0;
        self.send_pin(&loaded, channel, switched, false, client)
            .await
    }

    /// Sends a new PIN for the flow's current factor, replacing any earlier one.
    pub(super) async fn send_pin(
        &self,
        loaded: &Loaded,
        channel: Channel,
        switched: bool,
        bypass_cooldown: bool,
        client: &str,
    ) -> Result<(), AppError> {
        let factor = loaded.flow.factors_passed;
        let address = loaded.account.as_ref().and_then(|a| match channel {
            Channel::Email => Some(a.email.clone()),
            Channel::Sms => a.phone.clone(),
        });
        // Only accounts pass factors, so after one there is nothing left to hide: an account
        // without a phone is told so plainly instead of waiting for an SMS that never comes.
        if factor > 0 && address.is_none() {
            return Err(AppError::NoDestination(channel));
        }
        // Before any factor has passed the page names no address, not even masked: that would
        // show strangers part of a person's address, and unknown User IDs would need a fake.
        // Stored masked, or empty for "your registered …".
        let destination = match (&address, channel) {
            (Some(addr), Channel::Sms) if factor > 0 => mask::phone(addr),
            (Some(addr), Channel::Email) if factor > 0 => mask::email(addr),
            _ => String::new(),
        };

        pins::send_for_flow(
            self.s,
            pins::FlowPin {
                flow: &loaded.flow,
                account_id: loaded.account_id(),
                owner_language: loaded.account.as_ref().and_then(|a| a.language.as_deref()),
                channel,
                address: address.as_deref(),
                destination: &destination,
                switched,
                bypass_cooldown,
                before_any_factor: loaded.flow.factors_passed == 0,
            },
            client,
        )
        .await
    }

    /// Factor step: a one-time PIN.
    #[tracing::instrument(skip_all)]
    pub async fn verify_pin(
        &self,
        cookie: Option<&str>,
        pin: &Secret,
        client: &str,
    ) -> Result<Passed, AppError> {
        rate_limit::check(self.s, "reset.pin", client).await?;
        let loaded = self.load_for_step(cookie).await?;
        let Some(Factor::Pin {
            channel: planned,
            switchable,
        }) = loaded.current_factor(self.factors())
        else {
            return Err(AppError::OutOfOrder);
        };
        let pin =
            factors::six_digits(pin.expose()).ok_or(AppError::Invalid(InvalidInput::PinFormat))?;
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
        let allowed =
            channel == planned.as_str() || (switchable && channel == Channel::Email.as_str());
        if !allowed || flow.channels_used.split(',').any(|used| used == channel) {
            return Err(AppError::PinExpired);
        }
        let attempt = self.claim(&loaded, client, "pin").await?;
        match pins::check_for_flow(self.s, flow, stored, &pin, &channel, loaded.now).await? {
            pins::PinCheck::Accepted => attempt.passed(self.s, client).await?,
            pins::PinCheck::Replaced => {
                attempt.passed(self.s, client).await?;
                return Err(AppError::PinExpired);
            }
            pins::PinCheck::Wrong => {
                return Err(attempt.failed(self.s, client, AppError::WrongPin).await)
            }
        }
        self.audit(
            &loaded,
            "factor.pin.accepted",
            client,
            &format!("channel={channel}"),
        )
        .await;
        self.rotate(&loaded, client).await
    }
}
