//! "Change phone number" / "Change email address": a PIN goes to the new destination and the
//! change is made only with it; a notice goes to the old one.

use super::{internal, AccountService};
use crate::domain::flows::account::ContactChangeView;
use crate::domain::{AppError, Channel, InvalidInput, Secret};
use crate::server::crypto;
use crate::server::delivery::address::{normalize_phone, valid_email, valid_phone};
use crate::server::delivery::messages::SignInChange;
use crate::server::delivery::DeliveryError;
use crate::server::factors::{self, pins};
use crate::server::guard::lockout::{self, Who};
use crate::server::guard::rate_limit;
use crate::server::mask;
use crate::server::store::PendingContact;

/// What the PIN's MAC covers: the channel and the new value too, so a PIN confirms only the
/// change it was sent for.
fn mac_input(channel: &str, value: &str, pin: &str) -> String {
    format!("contact:{channel}:{value}:{pin}")
}

fn masked(channel: Channel, value: &str) -> String {
    match channel {
        Channel::Sms => mask::phone(value),
        Channel::Email => mask::email(value),
    }
}

impl AccountService<'_> {
    #[tracing::instrument(skip_all)]
    pub async fn begin_contact_change(
        &self,
        channel: Channel,
        typed: &str,
    ) -> Result<(), AppError> {
        rate_limit::check(self.s, "account.contact", &self.client).await?;
        self.require_recent_authentication()?;
        let value = match channel {
            Channel::Sms => {
                let phone = normalize_phone(typed);
                if !valid_phone(&phone) {
                    return Err(AppError::Invalid(InvalidInput::PhoneFormat));
                }
                phone
            }
            Channel::Email => {
                let email = typed.trim().to_string();
                if !valid_email(&email) {
                    return Err(AppError::Invalid(InvalidInput::EmailFormat));
                }
                email
            }
        };
        let cfg = &self.s.config;
        let session = &self.session;
        // "Send a new PIN" for the same change waits out the cooldown, as everywhere.
        if session.contact_value.as_deref() == Some(value.as_str()) {
            if let Some(sent) = session.contact_sent_at {
                let left = sent + cfg.pin_resend_seconds - self.now;
                if left > 0 {
                    return Err(AppError::ResendTooSoon(left as u32));
                }
            }
        }
        let store = &self.s.store;
        let quota = pins::quota_key(&self.s.keys.subject(&self.account.user_id));
        if store
            .hit_counter(&quota, self.now, 3600)
            .await
            .map_err(internal)?
            > cfg.pin_sends_per_hour
        {
            return Err(AppError::SendQuotaReached);
        }
        let pin = crypto::new_pin();
        let reference = crypto::new_reference();
        // Signed in: the person asking is the owner, in the language they use now.
        let locale = crate::i18n::request_locale();
        match pins::deliver(self.s, locale, channel, Some(&value), &pin, &reference).await {
            Ok(()) => {}
            Err(DeliveryError::Rejected(e)) => {
                tracing::warn!(error = %e, channel = channel.as_str(), "new address refused");
                self.audit(
                    "contact.recipient_refused",
                    &format!("channel={}", channel.as_str()),
                )
                .await;
            }
            Err(e) => {
                tracing::warn!(error = %e, channel = channel.as_str(), "PIN to the new address not delivered");
                store
                    .unhit_counter(&quota, self.now, 3600)
                    .await
                    .map_err(internal)?;
                return Err(AppError::DeliveryFailed(channel));
            }
        }
        let pin_hash = self.s.keys.pin_hash(
            &session.token_hash,
            &mac_input(channel.as_str(), &value, pin.expose()),
        );
        store
            .set_pending_contact(
                &session.token_hash,
                &PendingContact {
                    channel: channel.as_str(),
                    value: &value,
                    pin_hash: &pin_hash,
                    reference: &reference,
                    sent_at: self.now,
                    expires_at: self.now + cfg.pin_ttl_seconds,
                },
            )
            .await
            .map_err(internal)?;
        let detail = format!("channel={} reference={reference}", channel.as_str());
        self.audit("contact.pin_sent", &detail).await;
        Ok(())
    }

    pub async fn pending_contact_change(&self) -> Result<Option<ContactChangeView>, AppError> {
        self.unless_change_required()?;
        let s = &self.session;
        let (Some(channel), Some(value)) = (
            s.contact_channel.as_deref().and_then(Channel::parse),
            s.contact_value.as_deref(),
        ) else {
            return Ok(None);
        };
        let live =
            s.contact_pin_hash.is_some() && s.contact_expires_at.is_some_and(|e| e > self.now);
        let resend_in = s
            .contact_sent_at
            .map(|sent| (sent + self.s.config.pin_resend_seconds - self.now).max(0))
            .unwrap_or(0);
        Ok(Some(ContactChangeView {
            channel,
            destination: masked(channel, value),
            reference: if live {
                s.contact_reference.clone()
            } else {
                None
            },
            resend_in: resend_in as u32,
        }))
    }

    #[tracing::instrument(skip_all)]
    pub async fn confirm_contact_change(&self, pin: Secret) -> Result<(), AppError> {
        rate_limit::check(self.s, "account.contact", &self.client).await?;
        self.unless_change_required()?;
        let pin =
            factors::six_digits(pin.expose()).ok_or(AppError::Invalid(InvalidInput::PinFormat))?;
        let s = &self.session;
        let (Some(channel), Some(value), Some(stored), Some(expires)) = (
            s.contact_channel.as_deref().and_then(Channel::parse),
            s.contact_value.clone(),
            s.contact_pin_hash.clone(),
            s.contact_expires_at,
        ) else {
            return Err(AppError::PinExpired);
        };
        if expires <= self.now {
            return Err(AppError::PinExpired);
        }
        let store = &self.s.store;
        let candidate = self
            .s
            .keys
            .pin_hash(&s.token_hash, &mac_input(channel.as_str(), &value, &pin));
        let who = Who::Account(&self.account);
        let attempt = lockout::claim(self.s, who, &self.client, "pin", self.now).await?;
        if !crypto::same(&candidate, &stored) {
            store
                .fail_pending_contact(&s.token_hash, pins::MAX_TRIES)
                .await
                .map_err(internal)?;
            return Err(attempt
                .failed(self.s, &self.client, AppError::WrongPin)
                .await);
        }
        attempt.passed(self.s, &self.client).await?;
        if !store
            .take_pending_contact(&s.token_hash, &stored, self.now)
            .await
            .map_err(internal)?
        {
            return Err(AppError::PinExpired);
        }
        let (email, phone) = match channel {
            Channel::Email => (Some(value.as_str()), None),
            Channel::Sms => (None, Some(value.as_str())),
        };
        store
            .set_contact(self.account.id, email, phone, self.now)
            .await
            .map_err(internal)?;
        let (event, what) = match channel {
            Channel::Email => ("email.changed", SignInChange::EmailChanged),
            Channel::Sms => ("phone.changed", SignInChange::PhoneChanged),
        };
        self.audit(event, "").await;
        // The notice goes to the address on file before the change.
        self.notify(&self.account.email, what);
        Ok(())
    }
}
