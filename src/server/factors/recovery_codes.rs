//! Recovery codes: ten one-use codes shown once, stored as keyed hashes bound to the account,
//! each accepted once in place of the authenticator code (at sign-in and in the wizard).

use rand::{rngs::OsRng, Rng};

use crate::domain::{AppError, InvalidInput};
use crate::server::crypto::Redacted;
use crate::server::state::AppState;

/// How many codes a set has.
pub const SET_SIZE: usize = 10;
/// Characters of a code (groups of four shown with dashes): 12 × 5 bits = 60 bits each.
const CODE_CHARS: usize = 12;
/// Lower-case letters and digits without look-alikes (no 0/o, 1/l/i).
const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";

/// A new code, as shown: "abcd-efgh-jkmn".
pub fn generate() -> Redacted<String> {
    let raw: String = (0..CODE_CHARS)
        .map(|_| ALPHABET[OsRng.gen_range(0..ALPHABET.len())] as char)
        .collect();
    Redacted::new(format!("{}-{}-{}", &raw[..4], &raw[4..8], &raw[8..]))
}

/// A typed code in its canonical form (lower case, without spaces and dashes), if it is one
/// of ours at all.
pub fn canonical(typed: &str) -> Result<String, AppError> {
    let code: String = typed
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .flat_map(char::to_lowercase)
        .collect();
    if code.len() == CODE_CHARS && code.bytes().all(|b| ALPHABET.contains(&b)) {
        Ok(code)
    } else {
        Err(AppError::Invalid(InvalidInput::RecoveryCodeFormat))
    }
}

/// Uses one of the account's unused codes: true for exactly one request, however many race.
pub async fn accept(
    state: &AppState,
    account_id: i64,
    canonical_code: &str,
    now: i64,
) -> Result<bool, AppError> {
    let hash = state.keys.recovery_code_hash(account_id, canonical_code);
    state
        .store
        .use_recovery_code(account_id, &hash, now)
        .await
        .map_err(|e| crate::server::failure::failed("using a recovery code failed", e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_shown_grouped_and_read_back_in_any_case() {
        let code = generate();
        assert_eq!(code.expose().len(), 14);
        let typed = code.expose().to_uppercase().replace('-', " ");
        assert_eq!(canonical(&typed).unwrap(), code.expose().replace('-', ""));
        assert!(canonical("abcd-efgh-jk").is_err());
        assert!(
            canonical("abcd-efgh-jkm0").is_err(),
            "0 is not in the alphabet"
        );
    }
}
