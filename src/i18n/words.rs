//! The words for the wire's codes and for dates, in a given language, from the catalogues.

use crate::domain::flows::reset::Destination;
use crate::domain::{AppError, Channel, InvalidInput};
use crate::policy::{PasswordPolicy, RuleKind};

use super::{td_string, Locale};

/// How a sentence names a channel ("by SMS", "by email").
pub fn channel(locale: Locale, channel: Channel) -> &'static str {
    match channel {
        Channel::Sms => td_string!(locale, common.channel.sms),
        Channel::Email => td_string!(locale, common.channel.email),
    }
}

/// Where a PIN went, for "We sent a PIN by … to …".
pub fn destination(locale: Locale, channel: Channel, destination: &Destination) -> String {
    match (destination, channel) {
        (Destination::Masked(masked), _) => masked.clone(),
        (Destination::Registered, Channel::Sms) => {
            td_string!(locale, common.registered_phone).into()
        }
        (Destination::Registered, Channel::Email) => {
            td_string!(locale, common.registered_email).into()
        }
    }
}

/// The words for an error. `policy` names the rules of a rejected password as the checklist
/// does (the wizard passes the policy it published; without one the defaults are named).
pub fn error(locale: Locale, error: &AppError, policy: Option<&PasswordPolicy>) -> String {
    match error {
        AppError::WrongCode => td_string!(locale, errors.wrong_code).into(),
        AppError::WrongPin => td_string!(locale, errors.wrong_pin).into(),
        AppError::PinExpired => td_string!(locale, errors.pin_expired).into(),
        AppError::ResendTooSoon(seconds) => {
            td_string!(locale, errors.resend_too_soon, seconds = *seconds)
        }
        AppError::SendQuotaReached => td_string!(locale, errors.send_quota_reached).into(),
        AppError::DeliveryFailed(via) => td_string!(
            locale,
            errors.delivery_failed,
            channel = channel(locale, *via)
        ),
        AppError::NoDestination(via) => td_string!(
            locale,
            errors.no_destination,
            channel = channel(locale, *via)
        ),
        AppError::Locked => td_string!(locale, errors.locked).into(),
        AppError::RateLimited => td_string!(locale, errors.rate_limited).into(),
        AppError::FlowExpired => td_string!(locale, errors.flow_expired).into(),
        AppError::OutOfOrder => td_string!(locale, errors.out_of_order).into(),
        AppError::PasswordRejected(rules) => {
            let default = PasswordPolicy::default();
            let policy = policy.unwrap_or(&default);
            let labels: Vec<String> = rules
                .iter()
                .map(|rule| super::rule_label(locale, policy, *rule))
                .collect();
            td_string!(locale, errors.password_rejected, rules = labels.join("; "))
        }
        AppError::Invalid(input) => invalid(locale, *input).into(),
        AppError::SignInFailed => td_string!(locale, errors.sign_in_failed).into(),
        AppError::LockedUntil(until) => {
            td_string!(locale, errors.locked_until, until = until)
        }
        AppError::LockedPermanently => td_string!(locale, errors.locked_permanently).into(),
        AppError::WrongPassword => td_string!(locale, errors.wrong_password).into(),
        AppError::WrongRecoveryCode => td_string!(locale, errors.wrong_recovery_code).into(),
        AppError::NotSignedIn => td_string!(locale, errors.not_signed_in).into(),
        AppError::PasswordChangeRequired => {
            td_string!(locale, errors.password_change_required).into()
        }
        AppError::ReauthRequired => td_string!(locale, errors.reauth_required).into(),
        AppError::CrossSite => td_string!(locale, errors.cross_site).into(),
        AppError::LinkGone => td_string!(locale, errors.link_gone).into(),
        AppError::EmailNotSent => td_string!(locale, errors.email_not_sent).into(),
        AppError::NotFound => td_string!(locale, errors.not_found).into(),
        AppError::Unavailable => td_string!(locale, errors.unavailable).into(),
        AppError::Internal => td_string!(locale, errors.internal).into(),
    }
}

/// The words for a security event of the Activity tab, from its audit code. A code without
/// words of its own (a newer server) is still shown, readably, rather than hidden.
pub fn activity_event(locale: Locale, code: &str) -> String {
    let words: &str = match code {
        "account.created" => td_string!(locale, common.event.account__created),
        "account.locked" => td_string!(locale, common.event.account__locked),
        "account.unlocked" => td_string!(locale, common.event.account__unlocked),
        "signin.password.accepted" => td_string!(locale, common.event.signin__password__accepted),
        "signin.succeeded" => td_string!(locale, common.event.signin__succeeded),
        "signin.locked" => td_string!(locale, common.event.signin__locked),
        "signout" => td_string!(locale, common.event.signout),
        "session.reauthenticated" => td_string!(locale, common.event.session__reauthenticated),
        "sessions.revoked" => td_string!(locale, common.event.sessions__revoked),
        "password.changed" => td_string!(locale, common.event.password__changed),
        "password.changed.required" => td_string!(locale, common.event.password__changed__required),
        "password.change_required" => td_string!(locale, common.event.password__change_required),
        "reset.started" => td_string!(locale, common.event.reset__started),
        "reset.alternative" => td_string!(locale, common.event.reset__alternative),
        "factor.totp.accepted" => td_string!(locale, common.event.factor__totp__accepted),
        "factor.totp.failed" => td_string!(locale, common.event.factor__totp__failed),
        "factor.pin.accepted" => td_string!(locale, common.event.factor__pin__accepted),
        "factor.pin.failed" => td_string!(locale, common.event.factor__pin__failed),
        "factor.password.failed" => td_string!(locale, common.event.factor__password__failed),
        "factor.recovery_code.failed" => {
            td_string!(locale, common.event.factor__recovery_code__failed)
        }
        "pin.sent" => td_string!(locale, common.event.pin__sent),
        "pin.delivery_failed" => td_string!(locale, common.event.pin__delivery_failed),
        "pin.recipient_refused" => td_string!(locale, common.event.pin__recipient_refused),
        "contact.pin_sent" => td_string!(locale, common.event.contact__pin_sent),
        "contact.recipient_refused" => td_string!(locale, common.event.contact__recipient_refused),
        "authenticator.set_up" => td_string!(locale, common.event.authenticator__set_up),
        "authenticator.replaced" => td_string!(locale, common.event.authenticator__replaced),
        "authenticator.removed" => td_string!(locale, common.event.authenticator__removed),
        "recovery_codes.generated" => td_string!(locale, common.event.recovery_codes__generated),
        "phone.changed" => td_string!(locale, common.event.phone__changed),
        "email.changed" => td_string!(locale, common.event.email__changed),
        "email_reset.requested" => td_string!(locale, common.event.email_reset__requested),
        "email_reset.refused" => td_string!(locale, common.event.email_reset__refused),
        "email_reset.link_sent" => td_string!(locale, common.event.email_reset__link_sent),
        "email_reset.delivery_failed" => {
            td_string!(locale, common.event.email_reset__delivery_failed)
        }
        "email_reset.link_issued" => td_string!(locale, common.event.email_reset__link_issued),
        "temporary_password.sent" => td_string!(locale, common.event.temporary_password__sent),
        "temporary_password.delivery_failed" => {
            td_string!(locale, common.event.temporary_password__delivery_failed)
        }
        "temporary_password.voided" => td_string!(locale, common.event.temporary_password__voided),
        "password.changed.temporary" => {
            td_string!(locale, common.event.password__changed__temporary)
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
pub fn activity_client(locale: Locale, client: &str) -> String {
    match client {
        "cli" => td_string!(locale, common.client_cli).into(),
        "" | "unknown" => td_string!(locale, common.client_unknown).into(),
        address => address.into(),
    }
}

fn invalid(locale: Locale, input: InvalidInput) -> &'static str {
    match input {
        InvalidInput::UserIdMissing => td_string!(locale, errors.invalid.user_id_missing),
        InvalidInput::UserIdInvalid => td_string!(locale, errors.invalid.user_id_invalid),
        InvalidInput::CodeFormat => td_string!(locale, errors.invalid.code_format),
        InvalidInput::PinFormat => td_string!(locale, errors.invalid.pin_format),
        InvalidInput::RecoveryCodeFormat => {
            td_string!(locale, errors.invalid.recovery_code_format)
        }
        InvalidInput::PhoneFormat => td_string!(locale, errors.invalid.phone_format),
        InvalidInput::EmailFormat => td_string!(locale, errors.invalid.email_format),
        InvalidInput::Malformed => td_string!(locale, errors.invalid.malformed),
    }
}

/// The label of a password rule under a policy, as the checklist shows it.
pub fn rule_label(locale: Locale, policy: &PasswordPolicy, kind: RuleKind) -> String {
    match kind {
        RuleKind::MinLength if policy.min_length == 1 => {
            td_string!(locale, common.rule.min_length_one).into()
        }
        RuleKind::MinLength => {
            td_string!(locale, common.rule.min_length, n = policy.min_length)
        }
        RuleKind::MaxLength if policy.max_length == 1 => {
            td_string!(locale, common.rule.max_length_one).into()
        }
        RuleKind::MaxLength => {
            td_string!(locale, common.rule.max_length, n = policy.max_length)
        }
        RuleKind::Lowercase => td_string!(locale, common.rule.lowercase).into(),
        RuleKind::Uppercase => td_string!(locale, common.rule.uppercase).into(),
        RuleKind::Digit => td_string!(locale, common.rule.digit).into(),
        RuleKind::Symbol => td_string!(locale, common.rule.symbol).into(),
        RuleKind::NoPersonalInfo => td_string!(locale, common.rule.no_personal_info).into(),
        RuleKind::NotCommon => td_string!(locale, common.rule.not_common).into(),
        RuleKind::Strength if policy.min_score >= 4 => {
            td_string!(locale, common.rule.strength_strong).into()
        }
        RuleKind::Strength => td_string!(
            locale,
            common.rule.strength_at_least,
            label = strength_label(locale, policy.min_score)
        ),
        RuleKind::NotRecent if policy.history == 1 => {
            td_string!(locale, common.rule.not_last).into()
        }
        RuleKind::NotRecent => {
            td_string!(locale, common.rule.not_recent, n = policy.history)
        }
        RuleKind::Confirmation => td_string!(locale, common.rule.confirmation).into(),
    }
}

/// The name of a strength score, 0 ("Very weak") to 4 ("Strong").
pub fn strength_label(locale: Locale, score: u8) -> &'static str {
    match score {
        0 => td_string!(locale, common.strength.very_weak),
        1 => td_string!(locale, common.strength.weak),
        2 => td_string!(locale, common.strength.fair),
        3 => td_string!(locale, common.strength.good),
        _ => td_string!(locale, common.strength.strong),
    }
}

/// A moment for people to read: "2026-11-22 14:03 UTC", "22.11.2026, 14:03 UTC".
#[cfg(feature = "ssr")]
pub fn date_time(locale: Locale, unix: i64) -> String {
    use time::macros::format_description;
    formatted(
        unix,
        match locale {
            Locale::en => format_description!("[year]-[month]-[day] [hour]:[minute] UTC"),
            Locale::de => format_description!("[day].[month].[year], [hour]:[minute] UTC"),
        },
    )
}

/// The same to the second, for the Activity tab: "2026-11-22 14:03:09 UTC".
#[cfg(feature = "ssr")]
pub fn date_time_seconds(locale: Locale, unix: i64) -> String {
    use time::macros::format_description;
    formatted(
        unix,
        match locale {
            Locale::en => {
                format_description!("[year]-[month]-[day] [hour]:[minute]:[second] UTC")
            }
            Locale::de => {
                format_description!("[day].[month].[year], [hour]:[minute]:[second] UTC")
            }
        },
    )
}

/// A Unix time in UTC as `description` lays it out; the bare number if it is out of range.
#[cfg(feature = "ssr")]
fn formatted(
    unix: i64,
    description: &[time::format_description::BorrowedFormatItem<'_>],
) -> String {
    time::OffsetDateTime::from_unix_timestamp(unix)
        .ok()
        .and_then(|moment| moment.format(description).ok())
        .unwrap_or_else(|| unix.to_string())
}

/// A hint for a weak password, as the strength meter shows it.
pub fn strength_hint(locale: Locale, hint: crate::policy::strength::Hint) -> &'static str {
    use crate::policy::strength::Hint;
    match hint {
        Hint::Personal => td_string!(locale, components.hint.personal),
        Hint::MoreCharacters => td_string!(locale, components.hint.more_characters),
        Hint::MoreWords => td_string!(locale, components.hint.more_words),
        Hint::LookAlikes => td_string!(locale, components.hint.look_alikes),
        Hint::Reversed => td_string!(locale, components.hint.reversed),
        Hint::Top100 => td_string!(locale, components.hint.top_100),
        Hint::CommonPassword => td_string!(locale, components.hint.common_password),
        Hint::CommonWords => td_string!(locale, components.hint.common_words),
        Hint::Keyboard => td_string!(locale, components.hint.keyboard),
        Hint::RepeatedCharacters => td_string!(locale, components.hint.repeated_characters),
        Hint::RepeatedPatterns => td_string!(locale, components.hint.repeated_patterns),
        Hint::Sequence => td_string!(locale, components.hint.sequence),
        Hint::Dates => td_string!(locale, components.hint.dates),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejected_passwords_name_the_rules_of_the_published_policy() {
        let policy = PasswordPolicy {
            min_length: 16,
            ..PasswordPolicy::default()
        };
        let text = error(
            Locale::en,
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
        assert_eq!(
            activity_event(Locale::en, "password.changed"),
            "Password changed"
        );
        assert_eq!(
            activity_event(Locale::en, "factor.totp.failed"),
            "Wrong authenticator code"
        );
        assert_eq!(
            activity_event(Locale::en, "something.new_here"),
            "Something new here"
        );
        assert_eq!(
            activity_client(Locale::en, "cli"),
            "Administrator (command line)"
        );
    }

    #[test]
    fn channels_are_named_in_sentences() {
        assert!(
            error(Locale::en, &AppError::DeliveryFailed(Channel::Sms), None).contains("by SMS")
        );
        assert_eq!(
            destination(Locale::en, Channel::Email, &Destination::Registered),
            "your registered email address"
        );
    }

    #[test]
    fn german_has_its_own_words_and_english_keeps_its_own() {
        let text = error(Locale::de, &AppError::ResendTooSoon(42), None);
        assert_eq!(text, "Sie können in 42 s eine neue PIN anfordern.");
        assert_eq!(
            error(Locale::en, &AppError::ResendTooSoon(42), None),
            "You can ask for a new PIN in 42 s."
        );
        assert!(
            error(Locale::de, &AppError::DeliveryFailed(Channel::Email), None)
                .contains("per E-Mail")
        );
        assert_eq!(
            activity_event(Locale::de, "password.changed"),
            "Passwort geändert"
        );
        assert_eq!(strength_label(Locale::de, 4), "Stark");
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn dates_read_as_each_language_writes_them() {
        // 2026-11-22 14:03:09 UTC
        let at = 1_795_356_189;
        assert_eq!(date_time(Locale::en, at), "2026-11-22 14:03 UTC");
        assert_eq!(date_time(Locale::de, at), "22.11.2026, 14:03 UTC");
        assert_eq!(date_time_seconds(Locale::en, at), "2026-11-22 14:03:09 UTC");
        assert_eq!(
            date_time_seconds(Locale::de, at),
            "22.11.2026, 14:03:09 UTC"
        );
    }
}
