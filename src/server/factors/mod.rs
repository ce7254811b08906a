//! The factors a person proves, shared by every flow: authenticator codes (`totp` is RFC 6238
//! itself, `authenticator` checks a code against an account), one-time PINs, and passwords
//! (`passwords` hashes, `new_password` vets a new one against the policy and history,
//! `temporary_password` makes the emailed ones), and recovery codes.

pub mod authenticator;
pub mod new_password;
pub mod passwords;
pub mod pins;
pub mod recovery_codes;
pub mod temporary_password;
pub mod totp;

/// A typed code or PIN without the spaces people put in ("123 456"), if it is six digits.
pub fn six_digits(typed: &str) -> Option<String> {
    let digits: String = typed.chars().filter(|c| !c.is_whitespace()).collect();
    (digits.len() == totp::DIGITS && digits.chars().all(|c| c.is_ascii_digit())).then_some(digits)
}

#[cfg(test)]
mod tests {
    use super::six_digits;

    #[test]
    fn six_digits_allows_spaces_only() {
        assert_eq!(six_digits("123 456").as_deref(), Some("123456"));
        assert_eq!(six_digits("12345"), None);
        assert_eq!(six_digits("12345a"), None);
        assert_eq!(six_digits("1234567"), None);
    }
}
