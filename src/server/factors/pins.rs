//! One-time PINs: what is MACed for one, the hourly send quota's key, and sending one (or, for
//! a User ID without an account, answering alike before any factor has passed).

use crate::domain::{AppError, Channel};
use crate::server::crypto::{self, Redacted};
use crate::server::delivery::{messages, DeliveryError};
use crate::server::guard::audit;
use crate::server::state::AppState;
use crate::server::store::{FlowRow, PinRecord};

/// Wrong tries allowed per PIN before it is destroyed.
pub const MAX_TRIES: i64 = 5;

/// What is MACed for a PIN: bound to its factor too, so a PIN can only pass the step it was
/// sent for (the MAC key also binds it to the flow).
pub fn mac_input(factor: i64, pin: &str) -> String {
    format!("{factor}:{pin}")
}

/// The counter of PINs sent for one User ID (by its subject hash) within the hour.
pub fn quota_key(subject: &[u8]) -> String {
    format!("pins:{}", hex::encode(subject))
}

/// Sends `pin` to `address` over `channel`; without an address (no account, or none for the
/// channel) nothing is sent.
pub async fn deliver(
    state: &AppState,
    locale: crate::i18n::Locale,
    channel: Channel,
    address: Option<&str>,
    pin: &Redacted<String>,
    reference: &str,
) -> Result<(), DeliveryError> {
    match address {
        Some(to) => {
            let message = pin_message(state, locale, channel, to, pin, reference);
            state.delivery.send(&message).await
        }
        None => Ok(()),
    }
}

fn pin_message(
    state: &AppState,
    locale: crate::i18n::Locale,
    channel: Channel,
    to: &str,
    pin: &Redacted<String>,
    reference: &str,
) -> crate::server::delivery::Message {
    let cfg = &state.config;
    messages::pin(
        locale,
        channel,
        to,
        pin,
        reference,
        cfg.pin_ttl_seconds,
        &cfg.support_contact_in(locale),
    )
}

/// A PIN to send for a flow's current factor (the reset wizard's or a sign-in's).
#[derive(Debug)]
pub struct FlowPin<'a> {
    pub flow: &'a FlowRow,
    pub account_id: Option<i64>,
    /// The language the account's owner last used when they proved who they are, where anyone
    /// who knows the User ID could ask for this PIN: the PIN is then written in it (see
    /// `i18n::owner_locale`); `None` writes it in the request's language.
    pub owner_language: Option<&'a str>,
    pub channel: Channel,
    /// Where it goes; `None` (no account, or none for the channel) sends nothing.
    pub address: Option<&'a str>,
    /// What the page may show of the address (masked, or empty for "your registered …").
    pub destination: &'a str,
    /// Sent by email instead of SMS ("Alternative Authentication" on a PIN step).
    pub switched: bool,
    /// A first send on entering the step is not held back by the resend cooldown.
    pub bypass_cooldown: bool,
    /// Nothing is proven yet (the wizard's first factor, where an unknown User ID could be
    /// asking): the send must look alike whatever becomes of it, so it is delivered after the
    /// answer and a failure is not told. After a factor (a sign-in's password included), a
    /// failed delivery is said and the other channel offered.
    pub before_any_factor: bool,
}

fn internal<E: std::fmt::Display + 'static>(e: E) -> AppError {
    crate::server::failure::failed("PIN bookkeeping failed", e)
}

/// Sends a new PIN for the flow's current factor, replacing any earlier one: one claim per
/// cooldown (racing requests included), the hourly quota per User ID, then the PIN's MAC bound
/// to the flow and factor, recorded only if the flow is still where it was, and the delivery:
/// after the answer before any factor has passed, else before it (a failed one then gives the
/// claim and the quota back and records nothing but the failure).
pub async fn send_for_flow(state: &AppState, p: FlowPin<'_>, client: &str) -> Result<(), AppError> {
    let cfg = &state.config;
    let store = &state.store;
    let id = &p.flow.id_hash;
    let factor = p.flow.factors_passed;
    let channel = p.channel;
    let now = state.clock.now();
    let previous = match store
        .claim_pin_send(id, now, cfg.pin_resend_seconds, p.bypass_cooldown)
        .await
        .map_err(internal)?
    {
        Ok(previous) => previous,
        Err(seconds_left) => return Err(AppError::ResendTooSoon(seconds_left as u32)),
    };
    let quota_key = quota_key(&p.flow.subject);
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
    let record = PinRecord {
        factor,
        pin_hash: &state.keys.pin_hash(id, &mac_input(factor, pin.expose())),
        channel: channel.as_str(),
        reference: &reference,
        destination: p.destination,
        sent_at: now,
        expires_at: now + cfg.pin_ttl_seconds,
        switched: p.switched,
    };
    if p.before_any_factor {
        // Before any factor has passed, every send must look alike, for an account and for a
        // User ID without one, whatever the senders do: the PIN is recorded and the answer
        // given first; the delivery follows after it, and its outcome goes only to the audit
        // and server logs. The person who gets nothing asks for "Resend PIN".
        if !store.record_pin(id, &record).await.map_err(internal)? {
            return Err(AppError::OutOfOrder);
        }
        let state = state.clone();
        let address = p.address.map(str::to_string);
        let account_id = p.account_id;
        let client = client.to_string();
        let expires_at = record.expires_at;
        // The language is decided now: there is no request after the answer.
        let locale = crate::i18n::owner_locale(p.owner_language);
        state.delivery.clone().after_answer(async move {
            // Queued, so that a provider that is briefly down delays the PIN instead of losing
            // it (retried until the PIN expires).
            let delivered = match address {
                Some(to) => {
                    let message = pin_message(&state, locale, channel, &to, &pin, &reference);
                    state
                        .delivery
                        .queue_and_try(&message, "PIN", expires_at)
                        .await
                }
                None => Some(Ok(())),
            };
            match delivered {
                Some(delivered) => {
                    audit_delivery(&state, account_id, &client, channel, &reference, &delivered)
                        .await
                }
                None => {
                    let detail = format!("channel={} reference={reference}", channel.as_str());
                    audit::record(&state, account_id, "pin.queued", &client, &detail).await;
                }
            }
        });
        return Ok(());
    }

    // After a factor there is nothing left to hide: a failed delivery is said, with the other
    // channel offered, and gives the claim and the quota back.
    let locale = crate::i18n::owner_locale(p.owner_language);
    let delivered = deliver(state, locale, channel, p.address, &pin, &reference).await;
    if let Err(e @ (DeliveryError::Failed(_) | DeliveryError::NotConfigured(_))) = &delivered {
        tracing::warn!(error = %e, channel = channel.as_str(), "PIN delivery failed");
        store
            .release_pin_send(id, now, previous)
            .await
            .map_err(internal)?;
        store
            .unhit_counter(&quota_key, now, 3600)
            .await
            .map_err(internal)?;
        store
            .record_pin_unsent(id, factor, channel.as_str(), p.destination)
            .await
            .map_err(internal)?;
        audit_delivery(state, p.account_id, client, channel, &reference, &delivered).await;
        return Err(AppError::DeliveryFailed(channel));
    }
    // A send that lost a race (the flow moved on, or a newer send was claimed) is dropped.
    if !store.record_pin(id, &record).await.map_err(internal)? {
        return Err(AppError::OutOfOrder);
    }
    audit_delivery(state, p.account_id, client, channel, &reference, &delivered).await;
    Ok(())
}

/// Audits what became of a PIN's delivery. A recipient refused alone (no such mailbox, an
/// invalid number) is answered as if sent: an unknown User ID could not be told apart otherwise.
async fn audit_delivery(
    state: &AppState,
    account_id: Option<i64>,
    client: &str,
    channel: Channel,
    reference: &str,
    delivered: &Result<(), DeliveryError>,
) {
    let event = match delivered {
        Ok(()) => "pin.sent",
        Err(e @ DeliveryError::Rejected(_)) => {
            tracing::warn!(error = %e, channel = channel.as_str(), "PIN refused for this recipient");
            "pin.recipient_refused"
        }
        Err(e) => {
            tracing::warn!(error = %e, channel = channel.as_str(), "PIN delivery failed");
            "pin.delivery_failed"
        }
    };
    let detail = format!("channel={} reference={reference}", channel.as_str());
    audit::record(state, account_id, event, client, &detail).await;
}

/// What a typed PIN did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PinCheck {
    /// Right, and this request used it (the flow moved on).
    Accepted,
    /// Right, but another request used it first or a newer PIN replaced it.
    Replaced,
    /// Wrong: counted against the PIN (at [`MAX_TRIES`] it is destroyed); the caller counts it
    /// toward the lockout too.
    Wrong,
}

/// Checks `typed` (six digits) against the flow's live PIN `stored` of `channel` and, if right,
/// uses it: exactly one request can, however many race with the right PIN.
pub async fn check_for_flow(
    state: &AppState,
    flow: &FlowRow,
    stored: &[u8],
    typed: &str,
    channel: &str,
    now: i64,
) -> Result<PinCheck, AppError> {
    let candidate = state
        .keys
        .pin_hash(&flow.id_hash, &mac_input(flow.factors_passed, typed));
    if crypto::same(&candidate, stored) {
        let used = state
            .store
            .consume_pin(&flow.id_hash, stored, flow.factors_passed, channel, now)
            .await
            .map_err(internal)?;
        return Ok(if used {
            PinCheck::Accepted
        } else {
            PinCheck::Replaced
        });
    }
    state
        .store
        .record_pin_failure(&flow.id_hash, MAX_TRIES)
        .await
        .map_err(internal)?;
    Ok(PinCheck::Wrong)
}
