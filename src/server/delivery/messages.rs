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

pub fn account_locked(to: &str, user_id: &str, until: Option<i64>, support: &str) -> Message {
    let unlocks = match until {
        Some(until) => format!("It unlocks by itself at {}.", format_utc(until)),
        None => format!(
            "There have been so many failed attempts that it stays locked until {support} unlocks it."
        ),
    };
    Message {
        channel: Channel::Email,
        to: to.into(),
        subject: "Your account has been locked".into(),
        body: Redacted::new(format!(
            "The account {user_id} has been locked after too many failed attempts to prove who you are.\n\
             {unlocks}\n\n\
             If these attempts were not yours, someone may be trying to take over your account: contact {support}.\n",
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

/// Email 1 of the forgotten password by email: someone asked (the link follows separately).
pub fn reset_requested(to: &str, user_id: &str, at: i64, client: &str, support: &str) -> Message {
    Message {
        channel: Channel::Email,
        to: to.into(),
        subject: "A password reset was requested".into(),
        body: Redacted::new(format!(
            "Someone asked at {when}, from the address {client}, to reset the password of the account {user_id} by email.\n\
             A second email holds the reset link.\n\n\
             If this was you, follow the link in that email.\n\
             If it was not you, ignore both emails: your password stays as it is, and nobody can use the link without access to this mailbox. \
             If it happens again, tell {support}.\n",
            when = format_utc(at),
        )),
    }
}

/// Email 2: the one link, which is the only link in the message.
pub fn reset_link(to: &str, user_id: &str, link: &Redacted<String>, ttl_seconds: i64) -> Message {
    Message {
        channel: Channel::Email,
        to: to.into(),
        subject: "Your password reset link".into(),
        body: Redacted::new(format!(
            "To get a temporary password for the account {user_id}, open this link and press Continue:\n\n\
             {link}\n\n\
             The link works once, for {minutes} minutes. Opening it changes nothing until you press Continue.\n\
             Never forward this email.\n",
            link = link.expose(),
            minutes = ttl_seconds / 60,
        )),
    }
}

/// Email 3: the temporary password, and where to sign in with it.
pub fn temporary_password(
    to: &str,
    user_id: &str,
    password: &Redacted<String>,
    ttl_seconds: i64,
    public_url: &str,
) -> Message {
    Message {
        channel: Channel::Email,
        to: to.into(),
        subject: "Your temporary password".into(),
        body: Redacted::new(format!(
            "Sign in to the account {user_id} with this temporary password:\n\n\
             Temporary password: {password}\n\n\
             It works for one sign-in within {hours} hours, and you will choose a new password right after. \
             Until then your old password keeps working.\n\n{public_url}\n",
            password = password.expose(),
            hours = ttl_seconds / 3600,
        )),
    }
}
