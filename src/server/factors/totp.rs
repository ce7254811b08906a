//! Authenticator codes (RFC 6238: HMAC-SHA-1, 6 digits, 30-second steps), via totp-rs.

use totp_rs::{Algorithm, Secret, TOTP};

pub const STEP_SECONDS: u64 = 30;
pub const DIGITS: usize = 6;

fn totp(secret: &[u8]) -> TOTP {
    // `new_unchecked`: secrets we create are 160 bits; imported ones may be shorter but were
    // checked at import (see `decode_secret`).
    TOTP::new_unchecked(
        Algorithm::SHA1,
        DIGITS,
        1,
        STEP_SECONDS,
        secret.to_vec(),
        None,
        String::new(),
    )
}

/// The code for a given unix time.
pub fn code_at(secret: &[u8], unix: i64) -> String {
    totp(secret).generate(unix.max(0) as u64)
}

/// The time step that `code` matches: the current step or one of the `skew` before it (a code
/// typed just as it rolled over, or a phone clock a little behind; `KEYTURN_TOTP_SKEW`). Never a
/// later step. Compared in constant time, every candidate step.
pub fn matching_step(secret: &[u8], code: &str, now: i64, skew: i64) -> Option<i64> {
    let step = now.div_euclid(STEP_SECONDS as i64);
    let t = totp(secret);
    let mut found = None;
    for s in (step - skew.max(0)..=step).rev() {
        let expected = t.generate((s * STEP_SECONDS as i64).max(0) as u64);
        if crate::server::crypto::same(expected.as_bytes(), code.as_bytes()) && found.is_none() {
            found = Some(s);
        }
    }
    found
}

/// Decodes a base32 secret (spaces and case ignored); at least 128 bits (160 recommended).
pub fn decode_secret(base32: &str) -> Result<Vec<u8>, String> {
    let cleaned: String = base32
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '=')
        .collect::<String>()
        .to_ascii_uppercase();
    let bytes = Secret::Encoded(cleaned)
        .to_bytes()
        .map_err(|_| "not valid base32 (letters A-Z and digits 2-7)".to_string())?;
    if bytes.len() < 16 {
        return Err(format!(
            "too short: {} bits, at least 128 needed",
            bytes.len() * 8
        ));
    }
    Ok(bytes)
}

pub fn encode_secret(secret: &[u8]) -> String {
    Secret::Raw(secret.to_vec()).to_encoded().to_string()
}

/// The otpauth:// URI an authenticator app scans.
pub fn otpauth_uri(secret: &[u8], issuer: &str, account: &str) -> String {
    TOTP::new_unchecked(
        Algorithm::SHA1,
        DIGITS,
        1,
        STEP_SECONDS,
        secret.to_vec(),
        Some(issuer.to_string()),
        account.to_string(),
    )
    .get_url()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6238 appendix B, SHA-1 column (8-digit codes; ours are their last 6 digits).
    #[test]
    fn rfc6238_sha1_vectors() {
        let secret = b"12345678901234567890";
        for (t, code8) in [
            (59, "94287082"),
            (1_111_111_109, "07081804"),
            (1_111_111_111, "14050471"),
            (1_234_567_890, "89005924"),
            (2_000_000_000, "69279037"),
            (20_000_000_000, "65353130"),
        ] {
            assert_eq!(code_at(secret, t), code8[2..], "T = {t}");
        }
    }

    #[test]
    fn accepts_current_and_previous_step_only() {
        let secret = b"12345678901234567890";
        let now = 1_111_111_111;
        let current = code_at(secret, now);
        let previous = code_at(secret, now - 30);
        let older = code_at(secret, now - 60);
        let next = code_at(secret, now + 30);
        assert_eq!(matching_step(secret, &current, now, 1), Some(now / 30));
        assert_eq!(matching_step(secret, &previous, now, 1), Some(now / 30 - 1));
        assert_eq!(matching_step(secret, &older, now, 1), None);
        assert_eq!(matching_step(secret, &next, now, 1), None);
        assert_eq!(matching_step(secret, "12345", now, 1), None);
        // KEYTURN_TOTP_SKEW=0 takes the current step only; 2 one more before.
        assert_eq!(matching_step(secret, &current, now, 0), Some(now / 30));
        assert_eq!(matching_step(secret, &previous, now, 0), None);
        assert_eq!(matching_step(secret, &older, now, 2), Some(now / 30 - 2));
        assert_eq!(matching_step(secret, &next, now, 2), None);
    }

    #[test]
    fn secrets_round_trip_through_base32() {
        let secret = crate::server::crypto::new_totp_secret();
        let text = encode_secret(&secret);
        assert_eq!(decode_secret(&text.to_lowercase()).unwrap(), secret);
        assert!(decode_secret("AAAA").is_err());
        assert!(decode_secret("not base32!").is_err());
        assert!(
            otpauth_uri(&secret, "Keyturn", "alice").starts_with("otpauth://totp/Keyturn:alice?")
        );
    }
}
