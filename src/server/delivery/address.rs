//! What counts as an address a message can go to: an email address, an E.164 phone number.

/// An email address lettre can send to.
pub fn valid_email(email: &str) -> bool {
    email.parse::<lettre::Address>().is_ok()
}

/// E.164: "+" then 8 to 15 digits, not starting with 0.
pub fn valid_phone(phone: &str) -> bool {
    let digits = phone.strip_prefix('+').unwrap_or("");
    (8..=15).contains(&digits.len())
        && digits.chars().all(|c| c.is_ascii_digit())
        && !digits.starts_with('0')
}

/// A phone number as people type it ("+1 555-123 4567"), without the spaces and dashes.
pub fn normalize_phone(typed: &str) -> String {
    typed.trim().replace([' ', '-'], "")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validates_phone_numbers() {
        assert!(valid_phone("+15551234567"));
        assert!(!valid_phone("15551234567"));
        assert!(!valid_phone("+1555"));
        assert!(!valid_phone("+1555123456a"));
        assert_eq!(normalize_phone(" +1 555-123 4567 "), "+15551234567");
    }
}
