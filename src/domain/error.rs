//! The one error type that crosses the wire, as codes with data (how it travels:
//! `crate::api::wire`).
//!
//! It carries no sentences: the page turns each code into words (`crate::i18n`), so the words
//! can be translated, tests compare codes instead of prose, and an error decoded from a crafted
//! URL (errors travel in the URL after a plain form post) can only ever show one of our own
//! fixed texts. It never carries internal causes (those are logged on the server) and never says
//! whether a User ID exists: an unknown User ID gets exactly the same errors as a known one.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::Channel;
use crate::policy::RuleKind;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum AppError {
    WrongCode,
    WrongPin,
    PinExpired,
    /// Seconds until "Send a new PIN" is allowed.
    ResendTooSoon(u32),
    SendQuotaReached,
    DeliveryFailed(Channel),
    /// The account has no address for this channel (told only after a factor has passed).
    NoDestination(Channel),
    Locked,
    RateLimited,
    FlowExpired,
    OutOfOrder,
    /// The rules the new password does not meet.
    PasswordRejected(Vec<RuleKind>),
    Invalid(InvalidInput),
    /// Any failed sign-in: unknown User ID, wrong password, or a locked account given a wrong
    /// password. One answer for all, so none can be told apart.
    SignInFailed,
    /// A locked account that gave the right password: when it unlocks ("YYYY-MM-DD HH:MM UTC").
    LockedUntil(String),
    /// A locked account that gave the right password, after so many failures that only an
    /// administrator can unlock it.
    LockedPermanently,
    /// The current password given to change it (or to confirm it is you) is wrong.
    WrongPassword,
    WrongRecoveryCode,
    /// No session, or it ended (signed out, idle or absolute timeout, ended by a change).
    NotSignedIn,
    /// The account must change its password before anything else.
    PasswordChangeRequired,
    /// A change to an authenticator needs a recent re-authentication first.
    ReauthRequired,
    /// A state-changing request from another site.
    CrossSite,
    /// A reset link that has expired, was used, or was replaced by a newer one.
    LinkGone,
    /// The email with the temporary password could not be sent (the link stays usable).
    EmailNotSent,
    NotFound,
    /// The database could not be reached or stayed busy past its wait (a restart, a lost
    /// connection): the request changed nothing and can simply be sent again.
    Unavailable,
    Internal,
}

/// What is wrong with a request's input.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum InvalidInput {
    UserIdMissing,
    UserIdInvalid,
    /// The authenticator code is not six digits.
    CodeFormat,
    /// The PIN is not six digits.
    PinFormat,
    /// A recovery code is not of the form we issue.
    RecoveryCodeFormat,
    /// Not an E.164 phone number such as +15551234567.
    PhoneFormat,
    EmailFormat,
    /// A field is missing or undecodable, or the request is otherwise not one we sent.
    Malformed,
}

impl AppError {
    /// The HTTP status a programmatic client gets (plain form posts get a redirect instead).
    pub fn status(&self) -> u16 {
        match self {
            AppError::WrongCode
            | AppError::WrongPin
            | AppError::PinExpired
            | AppError::PasswordRejected(_)
            | AppError::Invalid(_)
            | AppError::WrongPassword
            | AppError::WrongRecoveryCode => 400,
            AppError::SignInFailed | AppError::NotSignedIn => 401,
            AppError::PasswordChangeRequired | AppError::ReauthRequired | AppError::CrossSite => {
                403
            }
            AppError::FlowExpired | AppError::OutOfOrder | AppError::NoDestination(_) => 409,
            AppError::Locked | AppError::LockedUntil(_) | AppError::LockedPermanently => 423,
            AppError::ResendTooSoon(_) | AppError::SendQuotaReached | AppError::RateLimited => 429,
            AppError::NotFound => 404,
            AppError::LinkGone => 410,
            AppError::DeliveryFailed(_) | AppError::EmailNotSent | AppError::Unavailable => 503,
            AppError::Internal => 500,
        }
    }
}

/// A kind of form field an error can be about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    UserId,
    Code,
    Pin,
    RecoveryCode,
    NewPassword,
    ConfirmPassword,
    CurrentPassword,
    Phone,
    Email,
}

impl AppError {
    /// The field this error is about, if it is about one field: the page marks that field
    /// invalid and ties the message to it, so that a screen reader reads the two together.
    /// A failed sign-in names no field: it must not say which of the two was wrong.
    pub fn field(&self) -> Option<Field> {
        use InvalidInput as I;
        match self {
            AppError::WrongCode | AppError::Invalid(I::CodeFormat) => Some(Field::Code),
            AppError::WrongPin | AppError::PinExpired | AppError::Invalid(I::PinFormat) => {
                Some(Field::Pin)
            }
            AppError::WrongRecoveryCode | AppError::Invalid(I::RecoveryCodeFormat) => {
                Some(Field::RecoveryCode)
            }
            AppError::Invalid(I::UserIdMissing | I::UserIdInvalid) => Some(Field::UserId),
            AppError::Invalid(I::PhoneFormat) => Some(Field::Phone),
            AppError::Invalid(I::EmailFormat) => Some(Field::Email),
            AppError::PasswordRejected(rules) if rules == &[RuleKind::Confirmation] => {
                Some(Field::ConfirmPassword)
            }
            AppError::PasswordRejected(_) => Some(Field::NewPassword),
            AppError::WrongPassword => Some(Field::CurrentPassword),
            _ => None,
        }
    }
}

/// For logs: the code, never words meant for a person.
impl fmt::Display for AppError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self, f)
    }
}

impl std::error::Error for AppError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_travel_as_codes() {
        assert_eq!(
            serde_json::to_value(AppError::DeliveryFailed(Channel::Sms)).unwrap(),
            serde_json::json!({"DeliveryFailed": "sms"})
        );
        assert_eq!(
            serde_json::to_value(AppError::Invalid(InvalidInput::PinFormat)).unwrap(),
            serde_json::json!({"Invalid": "PinFormat"})
        );
        // Free text is not an error: a crafted one does not decode.
        assert!(serde_json::from_str::<AppError>(r#"{"Invalid": "Call +1 555 0100"}"#).is_err());
    }
}
