//! The texts of the messages Keyturn sends. Each PIN message carries the short reference that
//! the page shows too, so the person knows which PIN is current.

use super::Message;
use crate::domain::Channel;
use crate::server::clock::format_utc;
use crate::server::crypto::Redacted;

pub fn pin(
    channel: Channel,
    to: &str,
    pin: &Redacted<String>,
    reference: &str,
    ttl_seconds: i64,
    support: &str,
) -> Message {
    let minutes = ttl_seconds / 60;
    let pin = pin.expose();
    match channel {
        Channel::Sms => Message {
            channel,
            to: to.into(),
            subject: String::new(),
            body: Redacted::new(format!(
                "Keyturn password reset. PIN: {pin} Reference: {reference}. Valid {minutes} min. Never share it."
            )),
        },
        Channel::Email => Message {
            channel,
            to: to.into(),
            subject: format!("Your one-time PIN (reference {reference})"),
            body: Redacted::new(format!(
                "Someone, hopefully you, is resetting the password of your account.\n\n\
                 PIN: {pin}\nReference: {reference}\n\n\
                 The PIN is valid for {minutes} minutes and works once. Never give it to anyone.\n\
                 If you did not ask for it, ignore this email and tell {support}.\n"
            )),
        },
    }
}

pub fn password_changed(
    to: &str,
    user_id: &str,
    at: i64,
    public_url: &str,
    support: &str,
) -> Message {
    Message {
        channel: Channel::Email,
        to: to.into(),
        subject: "Your password was changed".into(),
        body: Redacted::new(format!(
            "The password of the account {user_id} was changed at {when}, and every other session was signed out.\n\n\
             If this was you, there is nothing more to do.\n\
             If it was not you, contact {support} at once.\n\n{public_url}\n",
            when = format_utc(at),
        )),
    }
}

pub fn account_locked(to: &str, user_id: &str, until: i64, support: &str) -> Message {
    Message {
        channel: Channel::Email,
        to: to.into(),
        subject: "Your account has been locked".into(),
        body: Redacted::new(format!(
            "The account {user_id} has been locked after too many failed attempts to prove who you are.\n\
             It unlocks by itself at {when}.\n\n\
             If these attempts were not yours, someone may be trying to take over your account: contact {support}.\n",
            when = format_utc(until),
        )),
    }
}

/// A notice that something about the account's sign-in changed: an authenticator set up,
/// replaced or removed, recovery codes generated, a phone number or email address changed.
pub fn security_notice(to: &str, user_id: &str, what: &str, at: i64, support: &str) -> Message {
    Message {
        channel: Channel::Email,
        to: to.into(),
        subject: "A change to how you sign in".into(),
        body: Redacted::new(format!(
            "The account {user_id} changed at {when}: {what}.\n\n\
             If this was you, there is nothing more to do.\n\
             If it was not you, contact {support} at once.\n",
            when = format_utc(at),
        )),
    }
}
