//! PINs in the wizard: sending one for the flow's current factor (right away, on "Send a new
//! PIN", or by email instead), and checking the one typed.

use super::{internal, Factor, Loaded, ResetService};
use crate::domain::{AppError, Channel, InvalidInput, Secret};
use crate::server::crypto;
use crate::server::delivery::DeliveryError;
use crate::server::factors::{self, pins};
use crate::server::guard::rate_limit;
use crate::server::mask;
use crate::server::store::PinRecord;

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

        let now = self.s.clock.now();
        let previous = match store
            .claim_pin_send(id, now, cfg.pin_resend_seconds, bypass_cooldown)
            .await
            .map_err(internal)?
        {
            Ok(previous) => previous,
            Err(seconds_left) => return Err(AppError::ResendTooSoon(seconds_left as u32)),
        };
        let quota_key = pins::quota_key(&loaded.flow.subject);
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
        let delivered = pins::deliver(self.s, channel, address.as_deref(), &pin, &reference).await;
        match delivered {
            Ok(()) => {}
            // Only this address was refused: answer as if sent (an unknown User ID could not
            // be told apart otherwise); the audit log and the server log say what happened.
            Err(e @ DeliveryError::Rejected(_)) => {
                tracing::warn!(error = %e, channel = channel.as_str(), "PIN refused for this recipient");
                let detail = format!("channel={}", channel.as_str());
                self.audit(loaded, "pin.recipient_refused", client, &detail)
                    .await;
            }
            Err(e) => {
                if address.is_some() {
                    tracing::warn!(error = %e, channel = channel.as_str(), "PIN delivery failed");
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
                    .record_pin_unsent(id, factor, channel.as_str(), &destination)
                    .await
                    .map_err(internal)?;
                let detail = format!("channel={}", channel.as_str());
                self.audit(loaded, "pin.delivery_failed", client, &detail)
                    .await;
                return Err(AppError::DeliveryFailed(channel));
            }
        }
        let record = PinRecord {
            factor,
            pin_hash: &self
                .s
                .keys
                .pin_hash(id, &pins::mac_input(factor, pin.expose())),
            channel: channel.as_str(),
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
        let detail = format!("channel={} reference={reference}", channel.as_str());
        self.audit(loaded, "pin.sent", client, &detail).await;
        Ok(())
    }

    /// Factor step: a one-time PIN.
    #[tracing::instrument(skip_all)]
    pub async fn verify_pin(
        &self,
        cookie: Option<&str>,
        pin: &Secret,
        client: &str,
    ) -> Result<(), AppError> {
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
        let candidate = self
            .s
            .keys
            .pin_hash(&flow.id_hash, &pins::mac_input(flow.factors_passed, &pin));
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
                &loaded,
                "factor.pin.accepted",
                client,
                &format!("channel={channel}"),
            )
            .await;
            return self.enter_next_factor(cookie, client).await;
        }
        self.s
            .store
            .record_pin_failure(&flow.id_hash, pins::MAX_TRIES)
            .await
            .map_err(internal)?;
        Err(self.fail(&loaded, client, AppError::WrongPin, "pin").await)
    }
}
