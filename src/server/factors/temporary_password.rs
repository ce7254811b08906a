//! Temporary passwords (flow C): drawn from the OS CSPRNG in groups of four characters from an
//! alphabet without look-alikes (no 0/O, 1/I/L), as many groups as the policy's minimum length
//! needs (at least four: 79 bits), and checked against every rule of the policy before use.
//!
//! What the person types is read in a canonical form — any case, the dashes and spaces
//! optional — so a temporary password is as easy to type as it is to read. A lasting password
//! is compared exactly as typed; only input of this shape is also tried as a temporary one.

use rand::rngs::OsRng;
use rand::Rng;

use crate::policy::{CommonPasswords, PasswordPolicy, Subject};
use crate::server::crypto::Redacted;

/// 31 characters, none of which can be mistaken for another.
const ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";
const GROUP: usize = 4;
const MIN_GROUPS: usize = 4;

/// How many groups of four (joined by dashes) reach the policy's minimum length.
fn groups_for(policy: &PasswordPolicy) -> usize {
    // n groups are 5n - 1 characters long.
    MIN_GROUPS.max((policy.min_length + 1).div_ceil(GROUP + 1))
}

fn draw(groups: usize, lowercase_some: bool) -> String {
    let mut out = String::with_capacity(groups * (GROUP + 1));
    for g in 0..groups {
        if g > 0 {
            out.push('-');
        }
        for _ in 0..GROUP {
            let c = ALPHABET[OsRng.gen_range(0..ALPHABET.len())] as char;
            // Composition rules asking for lowercase get every other group in lowercase (the
            // case does not matter when it is typed back).
            out.push(if lowercase_some && g % 2 == 1 {
                c.to_ascii_lowercase()
            } else {
                c
            });
        }
    }
    out
}

/// A new temporary password that meets every rule of `policy` for this account, or `None` if
/// the policy cannot be met by this shape (then the operator's policy is at fault, and logged).
pub fn generate(
    policy: &PasswordPolicy,
    subject: &Subject<'_>,
    common: &CommonPasswords,
) -> Option<Redacted<String>> {
    let groups = groups_for(policy);
    for _ in 0..64 {
        let candidate = draw(groups, policy.require_lowercase);
        let evaluation = policy.check(&candidate, &candidate, subject, Some(common));
        if evaluation.failures().is_empty() {
            return Some(Redacted::new(candidate));
        }
    }
    tracing::error!("no temporary password meets the password policy; check KEYTURN_PASSWORD_*");
    None
}

/// The canonical form of typed input if it has the shape of a temporary password: upper case,
/// groups of four joined by dashes. `None` for anything else (any ordinary password).
pub fn canonical(typed: &str) -> Option<Redacted<String>> {
    let chars: Vec<char> = typed
        .chars()
        .filter(|c| *c != '-' && *c != ' ')
        .map(|c| c.to_ascii_uppercase())
        .collect();
    let shaped = chars.len() >= MIN_GROUPS * GROUP
        && chars.len().is_multiple_of(GROUP)
        && chars
            .iter()
            .all(|c| c.is_ascii() && ALPHABET.contains(&(*c as u8)));
    if !shaped {
        return None;
    }
    let groups: Vec<String> = chars
        .chunks(GROUP)
        .map(|g| g.iter().collect::<String>())
        .collect();
    Some(Redacted::new(groups.join("-")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn common() -> CommonPasswords {
        CommonPasswords::from_lines(["password", "letmein"])
    }

    #[test]
    fn generated_passwords_meet_the_policy_and_their_own_shape() {
        let policy = PasswordPolicy::default();
        let subject = Subject::new("dana", "dana@example.com");
        let mut seen = std::collections::HashSet::new();
        for _ in 0..50 {
            let pw = generate(&policy, &subject, &common()).unwrap();
            let pw = pw.expose();
            assert_eq!(pw.len(), 19, "{pw}");
            assert_eq!(pw.split('-').count(), 4);
            assert!(!pw.contains(['0', 'O', '1', 'I', 'L']), "{pw}");
            assert_eq!(canonical(pw).unwrap().expose(), pw);
            assert!(seen.insert(pw.to_string()));
        }
    }

    #[test]
    fn longer_minimums_get_more_groups_and_lowercase_rules_lowercase_groups() {
        let policy = PasswordPolicy {
            min_length: 30,
            require_lowercase: true,
            require_digit: true,
            require_symbol: true,
            require_uppercase: true,
            ..PasswordPolicy::default()
        };
        let subject = Subject::new("dana", "dana@example.com");
        let pw = generate(&policy, &subject, &common()).unwrap();
        assert_eq!(pw.expose().split('-').count(), 7, "{}", pw.expose());
        assert!(pw.expose().chars().any(|c| c.is_ascii_lowercase()));
    }

    #[test]
    fn typed_forms_are_read_canonically_and_other_passwords_are_not() {
        assert_eq!(
            canonical("abcd efgh-jkmn pqrs").unwrap().expose(),
            "ABCD-EFGH-JKMN-PQRS"
        );
        assert_eq!(
            canonical("ABCDEFGHJKMNPQRS").unwrap().expose(),
            "ABCD-EFGH-JKMN-PQRS"
        );
        assert!(canonical("ABCD-EFGH-JKMN").is_none(), "too short");
        assert!(canonical("ABCD-EFGH-JKMN-PQR0").is_none(), "look-alike");
        assert!(canonical("the old password is long enough").is_none());
        assert!(canonical("ÄBCD-EFGH-JKMN-PQRS").is_none());
    }
}
