//! English.

use crate::domain::flows::reset::Destination;
use crate::domain::{AppError, Channel, InvalidInput};
use crate::policy::PasswordPolicy;

/// How a sentence names a channel ("by SMS", "by email").
pub fn channel(channel: Channel) -> &'static str {
    match channel {
        Channel::Sms => "SMS",
        Channel::Email => "email",
    }
}

/// Where a PIN went, for "We sent a PIN by … to …".
pub fn destination(channel: Channel, destination: &Destination) -> String {
    match (destination, channel) {
        (Destination::Masked(masked), _) => masked.clone(),
        (Destination::Registered, Channel::Sms) => "your registered phone number".into(),
        (Destination::Registered, Channel::Email) => "your registered email address".into(),
    }
}

/// The words for an error. `policy` names the rules of a rejected password as the checklist
/// does (the wizard passes the policy it published; without one the defaults are named).
pub fn error(error: &AppError, policy: Option<&PasswordPolicy>) -> String {
    match error {
        AppError::WrongCode => {
            "That code is not correct. Check your authenticator app and try again.".into()
        }
        AppError::WrongPin => "That PIN is not correct. Check the reference and try again.".into(),
        AppError::PinExpired => "That PIN has expired or has been replaced. Send a new PIN.".into(),
        AppError::ResendTooSoon(seconds) => format!("You can ask for a new PIN in {seconds} s."),
        AppError::SendQuotaReached => {
            "Too many PINs have been sent for this account. Try again in an hour.".into()
        }
        AppError::DeliveryFailed(via) => format!(
            "We could not send the PIN by {}. Try again, or use Alternative Authentication.",
            channel(*via)
        ),
        AppError::NoDestination(via) => format!(
            "There is no {} contact for this account. Use Alternative Authentication if it is offered, or contact support.",
            channel(*via)
        ),
        AppError::Locked => "This account is locked. Try again later.".into(),
        AppError::RateLimited => "Too many requests. Wait a minute and try again.".into(),
        AppError::FlowExpired => "Your reset has expired or was not started. Start again.".into(),
        AppError::OutOfOrder => "That step is not available now.".into(),
        AppError::PasswordRejected(rules) => {
            let default = PasswordPolicy::default();
            let policy = policy.unwrap_or(&default);
            let labels: Vec<String> = rules.iter().map(|rule| policy.label(*rule)).collect();
            format!(
                "The new password does not meet these rules: {}",
                labels.join("; ")
            )
        }
        AppError::Invalid(input) => invalid(*input).into(),
        AppError::SignInFailed => "The User ID or password is incorrect.".into(),
        AppError::LockedUntil(until) => format!(
            "This account is locked after too many failed attempts. It unlocks at {until}."
        ),
        AppError::LockedPermanently => {
            "This account is locked after too many failed attempts. Only your help desk can unlock it."
                .into()
        }
        AppError::WrongPassword => "That is not your current password.".into(),
        AppError::WrongRecoveryCode => {
            "That recovery code is not correct or has been used already.".into()
        }
        AppError::NotSignedIn => "You are not signed in, or your session has ended. Sign in again.".into(),
        AppError::PasswordChangeRequired => "Choose a new password first.".into(),
        AppError::ReauthRequired => "Confirm it is you: enter your current password first.".into(),
        AppError::CrossSite => "That request came from another site and was refused.".into(),
        AppError::LinkGone => {
            "This link has expired or has already been used. Ask for a new one.".into()
        }
        AppError::EmailNotSent => {
            "We could not send the email just now. Your link still works: try again in a few minutes.".into()
        }
        AppError::NotFound => "Not found.".into(),
        AppError::Unavailable => {
            "We cannot reach our database just now. Wait a moment and try again.".into()
        }
        AppError::Internal => "Something went wrong on our side. Try again later.".into(),
    }
}

/// The words for a security event of the Activity tab, from its audit code. A code without
/// words of its own (a newer server) is still shown, readably, rather than hidden.
pub fn activity_event(code: &str) -> String {
    let words = match code {
        "account.created" => "Account created",
        "account.locked" => "Account locked after too many failed attempts",
        "account.unlocked" => "Account unlocked by an administrator",
        "signin.password.accepted" => "Password accepted at sign-in",
        "signin.succeeded" => "Signed in",
        "signin.locked" => "Sign-in refused: the account is locked",
        "signout" => "Signed out",
        "session.reauthenticated" => "Identity confirmed with the password",
        "sessions.revoked" => "All sessions ended by an administrator",
        "password.changed" => "Password changed",
        "password.changed.required" => "Password changed (a change was required)",
        "password.change_required" => "Password change required by an administrator",
        "reset.started" => "Password reset started",
        "reset.alternative" => "Alternative Authentication chosen in a password reset",
        "factor.totp.accepted" => "Authenticator code accepted",
        "factor.totp.failed" => "Wrong authenticator code",
        "factor.pin.accepted" => "One-time PIN accepted",
        "factor.pin.failed" => "Wrong one-time PIN",
        "factor.password.failed" => "Wrong password",
        "factor.recovery_code.failed" => "Wrong recovery code",
        "pin.sent" => "One-time PIN sent",
        "pin.delivery_failed" => "One-time PIN could not be sent",
        "pin.recipient_refused" => "One-time PIN refused by the recipient's provider",
        "contact.pin_sent" => "One-time PIN sent to a new phone number or email address",
        "contact.recipient_refused" => "New phone number or email address refused by the provider",
        "authenticator.set_up" => "Authenticator app set up",
        "authenticator.replaced" => "Authenticator app replaced",
        "authenticator.removed" => "Authenticator app removed",
        "recovery_codes.generated" => "Recovery codes generated",
        "phone.changed" => "Phone number changed",
        "email.changed" => "Email address changed",
        "email_reset.requested" => "Password reset by email requested",
        "email_reset.refused" => "Password reset by email requested, nothing sent",
        "email_reset.link_sent" => "Password reset link sent by email",
        "email_reset.delivery_failed" => "Password reset email could not be sent",
        "email_reset.link_issued" => "Password reset link issued by an administrator",
        "temporary_password.sent" => "Temporary password sent by email",
        "temporary_password.delivery_failed" => "Temporary password email could not be sent",
        "temporary_password.voided" => "Temporary password voided: the old password was used",
        "password.changed.temporary" => {
            "Password changed after signing in with a temporary password"
        }
        other => return readable_code(other),
    };
    words.to_string()
}

/// "factor.totp.failed" → "Factor totp failed": a code we have no words for yet.
fn readable_code(code: &str) -> String {
    let spaced: String = code
        .chars()
        .map(|c| if c == '.' || c == '_' { ' ' } else { c })
        .collect();
    let mut chars = spaced.trim().chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Where an event came from, for the Activity tab ("cli" is an administrator's command).
pub fn activity_client(client: &str) -> String {
    match client {
        "cli" => "Administrator (command line)".into(),
        "" | "unknown" => "Unknown".into(),
        address => address.into(),
    }
}

fn invalid(input: InvalidInput) -> &'static str {
    match input {
        InvalidInput::UserIdMissing => "Enter your User ID.",
        InvalidInput::UserIdInvalid => "That is not a valid User ID.",
        InvalidInput::CodeFormat => "Enter the 6-digit code from your authenticator app.",
        InvalidInput::PinFormat => "Enter the 6-digit PIN.",
        InvalidInput::RecoveryCodeFormat => {
            "Enter a recovery code as it was shown to you, such as abcd-efgh-jk."
        }
        InvalidInput::PhoneFormat => {
            "Enter the phone number with its country code, such as +15551234567."
        }
        InvalidInput::EmailFormat => "Enter a valid email address.",
        InvalidInput::Malformed => "The request was malformed.",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::RuleKind;

    #[test]
    fn rejected_passwords_name_the_rules_of_the_published_policy() {
        let policy = PasswordPolicy {
            min_length: 16,
            ..PasswordPolicy::default()
        };
        let text = error(
            &AppError::PasswordRejected(vec![RuleKind::MinLength, RuleKind::NotCommon]),
            Some(&policy),
        );
        assert_eq!(
            text,
            "The new password does not meet these rules: At least 16 characters; Not a common or breached password"
        );
    }

    #[test]
    fn every_activity_event_reads_as_words() {
        assert_eq!(activity_event("password.changed"), "Password changed");
        assert_eq!(
            activity_event("factor.totp.failed"),
            "Wrong authenticator code"
        );
        assert_eq!(activity_event("something.new_here"), "Something new here");
        assert_eq!(activity_client("cli"), "Administrator (command line)");
    }

    #[test]
    fn channels_are_named_in_sentences() {
        assert!(error(&AppError::DeliveryFailed(Channel::Sms), None).contains("by SMS"));
        assert_eq!(
            destination(Channel::Email, &Destination::Registered),
            "your registered email address"
        );
    }
}
