//! One-time PINs: what is MACed for one, the hourly send quota's key, and sending one (or, for
//! a User ID without an account, imitating the send in time and outcome).

use crate::domain::Channel;
use crate::server::crypto::Redacted;
use crate::server::delivery::{messages, DeliveryError};
use crate::server::state::AppState;

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
/// channel) behaves like a real delivery would now, sending nothing.
pub async fn deliver(
    state: &AppState,
    channel: Channel,
    address: Option<&str>,
    pin: &Redacted<String>,
    reference: &str,
) -> Result<(), DeliveryError> {
    let cfg = &state.config;
    match address {
        Some(to) => {
            let message = messages::pin(
                channel,
                to,
                pin,
                reference,
                cfg.pin_ttl_seconds,
                &cfg.support_contact,
            );
            state.delivery.send(&message).await
        }
        None => state.delivery.imitate(channel).await,
    }
}
