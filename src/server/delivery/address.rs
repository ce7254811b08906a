//! What counts as an address a message can go to: an email address, an E.164 phone number.

/// An email address lettre can send to.
pub fn valid_email(email: &str) -> bool {
    email.parse::<lettre::Address>().is_ok()
}

/// Whether a typed address is the one on file: the domain compared without regard to case
/// (domains have none), the local part exactly (a mail server may tell cases apart).
pub fn same_email(typed: &str, on_file: &str) -> bool {
    match (
        typed.trim().rsplit_once('@'),
        on_file.trim().rsplit_once('@'),
    ) {
        (Some((local, domain)), Some((file_local, file_domain))) => {
            local == file_local && domain.eq_ignore_ascii_case(file_domain)
        }
        _ => false,
    }
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

    #[test]
    fn email_domains_ignore_case_and_local_parts_do_not() {
        assert!(same_email("dana@Example.COM", "dana@example.com"));
        assert!(same_email(" dana@example.com ", "dana@example.com"));
        assert!(!same_email("Dana@example.com", "dana@example.com"));
        assert!(!same_email("dana@example.org", "dana@example.com"));
        assert!(!same_email("dana", "dana@example.com"));
    }
}
