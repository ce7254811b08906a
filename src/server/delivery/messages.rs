//! The texts of the messages Keyturn sends. Each PIN message carries the short reference that
//! the page shows too, so the person knows which PIN is current.
//!
//! The words come from the `messages` catalogue, in a language the caller decides while the
//! request is being handled: the request's (`crate::i18n::request_locale()`), or, for a message
//! a stranger who knows the User ID could cause, the owner's (`crate::i18n::owner_locale`). The
//! text is rendered then, before any queueing or sending after the answer.

use super::Message;
use crate::domain::Channel;
use crate::i18n::{date_time, td_string, Locale};
use crate::server::crypto::Redacted;

pub fn pin(
    locale: Locale,
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
            body: Redacted::new(
                td_string!(
                    locale,
                    messages.pin.sms,
                    pin = pin,
                    reference = reference,
                    minutes = minutes
                )
                .to_string(),
            ),
        },
        Channel::Email => Message {
            channel,
            to: to.into(),
            subject: td_string!(locale, messages.pin.email_subject, reference = reference)
                .to_string(),
            body: Redacted::new(
                td_string!(
                    locale,
                    messages.pin.email_body,
                    pin = pin,
                    reference = reference,
                    minutes = minutes,
                    support = support
                )
                .to_string(),
            ),
        },
    }
}

pub fn password_changed(
    locale: Locale,
    to: &str,
    user_id: &str,
    at: i64,
    public_url: &str,
    support: &str,
) -> Message {
    Message {
        channel: Channel::Email,
        to: to.into(),
        subject: td_string!(locale, messages.password_changed.subject).into(),
        body: Redacted::new(
            td_string!(
                locale,
                messages.password_changed.body,
                user_id = user_id,
                when = date_time(locale, at),
                support = support,
                public_url = public_url
            )
            .to_string(),
        ),
    }
}

pub fn account_locked(
    locale: Locale,
    to: &str,
    user_id: &str,
    until: Option<i64>,
    support: &str,
) -> Message {
    let unlocks = match until {
        Some(until) => td_string!(
            locale,
            messages.account_locked.unlocks_at,
            when = date_time(locale, until)
        )
        .to_string(),
        None => td_string!(
            locale,
            messages.account_locked.stays_locked,
            support = support
        )
        .to_string(),
    };
    Message {
        channel: Channel::Email,
        to: to.into(),
        subject: td_string!(locale, messages.account_locked.subject).into(),
        body: Redacted::new(
            td_string!(
                locale,
                messages.account_locked.body,
                user_id = user_id,
                unlocks = unlocks,
                support = support
            )
            .to_string(),
        ),
    }
}

/// What changed about the account's sign-in, for [`security_notice`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SignInChange {
    AuthenticatorSetUp,
    AuthenticatorReplaced,
    AuthenticatorRemoved,
    RecoveryCodesGenerated,
    EmailChanged,
    PhoneChanged,
}

impl SignInChange {
    /// The words for it, completing "The account … changed at …: ".
    fn words(self, locale: Locale) -> &'static str {
        match self {
            Self::AuthenticatorSetUp => {
                td_string!(locale, messages.security_notice.authenticator_set_up)
            }
            Self::AuthenticatorReplaced => {
                td_string!(locale, messages.security_notice.authenticator_replaced)
            }
            Self::AuthenticatorRemoved => {
                td_string!(locale, messages.security_notice.authenticator_removed)
            }
            Self::RecoveryCodesGenerated => {
                td_string!(locale, messages.security_notice.recovery_codes_generated)
            }
            Self::EmailChanged => td_string!(locale, messages.security_notice.email_changed),
            Self::PhoneChanged => td_string!(locale, messages.security_notice.phone_changed),
        }
    }
}

/// A notice that something about the account's sign-in changed: an authenticator set up,
/// replaced or removed, recovery codes generated, a phone number or email address changed.
pub fn security_notice(
    locale: Locale,
    to: &str,
    user_id: &str,
    what: SignInChange,
    at: i64,
    support: &str,
) -> Message {
    Message {
        channel: Channel::Email,
        to: to.into(),
        subject: td_string!(locale, messages.security_notice.subject).into(),
        body: Redacted::new(
            td_string!(
                locale,
                messages.security_notice.body,
                user_id = user_id,
                when = date_time(locale, at),
                what = what.words(locale),
                support = support
            )
            .to_string(),
        ),
    }
}

/// Email 1 of the forgotten password by email: someone asked (the link follows separately).
pub fn reset_requested(
    locale: Locale,
    to: &str,
    user_id: &str,
    at: i64,
    client: &str,
    support: &str,
) -> Message {
    Message {
        channel: Channel::Email,
        to: to.into(),
        subject: td_string!(locale, messages.reset_requested.subject).into(),
        body: Redacted::new(
            td_string!(
                locale,
                messages.reset_requested.body,
                when = date_time(locale, at),
                client = client,
                user_id = user_id,
                support = support
            )
            .to_string(),
        ),
    }
}

/// Email 2: the one link, which is the only link in the message.
pub fn reset_link(
    locale: Locale,
    to: &str,
    user_id: &str,
    link: &Redacted<String>,
    ttl_seconds: i64,
) -> Message {
    Message {
        channel: Channel::Email,
        to: to.into(),
        subject: td_string!(locale, messages.reset_link.subject).into(),
        body: Redacted::new(
            td_string!(
                locale,
                messages.reset_link.body,
                user_id = user_id,
                link = link.expose(),
                minutes = ttl_seconds / 60
            )
            .to_string(),
        ),
    }
}

/// Email 3: the temporary password, and where to sign in with it.
pub fn temporary_password(
    locale: Locale,
    to: &str,
    user_id: &str,
    password: &Redacted<String>,
    ttl_seconds: i64,
    public_url: &str,
) -> Message {
    Message {
        channel: Channel::Email,
        to: to.into(),
        subject: td_string!(locale, messages.temporary_password.subject).into(),
        body: Redacted::new(
            td_string!(
                locale,
                messages.temporary_password.body,
                user_id = user_id,
                password = password.expose(),
                hours = ttl_seconds / 3600,
                public_url = public_url
            )
            .to_string(),
        ),
    }
}
