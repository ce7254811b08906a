//! Masked destinations, so the page can say where a PIN went without revealing the address.

/// "+15551234567" → "•••• 4567".
pub fn phone(number: &str) -> String {
    let digits: Vec<char> = number.chars().filter(|c| c.is_ascii_digit()).collect();
    let tail: String = digits[digits.len().saturating_sub(4)..].iter().collect();
    format!("\u{2022}\u{2022}\u{2022}\u{2022} {tail}")
}

/// "jane@example.com" → "j•••@example.com".
pub fn email(address: &str) -> String {
    match address.rsplit_once('@') {
        Some((local, domain)) => {
            let first: String = local.chars().take(1).collect();
            format!("{first}\u{2022}\u{2022}\u{2022}@{domain}")
        }
        None => "\u{2022}\u{2022}\u{2022}".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_phone_numbers() {
        assert_eq!(phone("+15551234567"), "•••• 4567");
        assert_eq!(phone("+44 20 7946 0018"), "•••• 0018");
        assert_eq!(phone("12"), "•••• 12");
    }

    #[test]
    fn masks_email_addresses() {
        assert_eq!(email("jane@example.com"), "j•••@example.com");
        assert_eq!(email("ä.b@corp.example"), "ä•••@corp.example");
        assert_eq!(email("no-at-sign"), "•••");
    }
}
