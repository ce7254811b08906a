//! The one short hint shown for a weak password.

use super::matching::{Kind, Match, Source};
use super::search::Segment;

/// One short hint for a weak password, from the matches in its cheapest cover.
pub(super) fn feedback(chars: &[char], matches: &[Match], segments: &[Segment]) -> &'static str {
    let n = chars.len();
    let found: Vec<&Match> = segments
        .iter()
        .filter_map(|s| match s {
            Segment::Match(mi) => Some(&matches[*mi]),
            Segment::BruteForce { .. } => None,
        })
        .collect();
    if found.iter().any(|m| {
        matches!(
            m.kind,
            Kind::Dictionary {
                source: Source::UserInput,
                ..
            } | Kind::Mangled {
                user_input: true,
                ..
            }
        )
    }) {
        return "Avoid your name, User ID or email address";
    }
    let Some(longest) = found
        .iter()
        .copied()
        .max_by_key(|m| (m.j - m.i, usize::MAX - m.i))
    else {
        return if n < 12 {
            "Add more characters: length matters most"
        } else {
            "Add another word or two: uncommon words are better"
        };
    };
    match longest.kind {
        Kind::Dictionary {
            rank,
            l33t,
            reversed,
            ..
        } => {
            if l33t {
                "Swapping letters for look-alikes such as @ for a does not help much"
            } else if reversed {
                "Reversed words are still easy to guess"
            } else if longest.i == 0 && longest.j == n && rank <= 100 {
                "This is one of the 100 most common passwords"
            } else if longest.i == 0 && longest.j == n {
                "This is a commonly used password"
            } else {
                "Avoid common words and passwords, even with added numbers or symbols"
            }
        }
        Kind::Mangled { l33t: true, .. } => {
            "Swapping letters for look-alikes such as @ for a does not help much"
        }
        Kind::Mangled { words: 1, .. } => {
            "Avoid common words and passwords, even with added numbers or symbols"
        }
        Kind::Mangled { .. } => "Add another word or two: uncommon words are better",
        Kind::Keyboard => "Avoid keyboard patterns like qwerty or asdf",
        Kind::Repeat { base_len: 1 } => "Avoid repeated characters like aaa",
        Kind::Repeat { .. } => "Avoid repeated patterns like abcabc",
        Kind::Sequence => "Avoid sequences like abc or 123",
        Kind::Year | Kind::Date => "Avoid years and dates, especially ones linked to you",
    }
}
