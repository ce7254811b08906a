//! The one short hint shown for a weak password.

use super::matching::{Kind, Match, Source};
use super::search::Segment;

/// The hints for weak passwords, each with a stable name, so that a page can word it in its
/// own language (`crate::i18n::strength_hint`); [`Hint::english`] is the English sentence.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Hint {
    /// The password contains the user's own details.
    Personal,
    /// Nothing guessable found, and the password is short.
    MoreCharacters,
    /// Nothing guessable found in a longer password, or several common words joined.
    MoreWords,
    /// A common word with look-alike substitutions (`@` for `a`).
    LookAlikes,
    /// A common word reversed.
    Reversed,
    /// The whole password is one of the 100 most common.
    Top100,
    /// The whole password is a common one.
    CommonPassword,
    /// A common word or password with something added.
    CommonWords,
    /// A keyboard run (`qwerty`).
    Keyboard,
    /// One character repeated (`aaa`).
    RepeatedCharacters,
    /// A longer unit repeated (`abcabc`).
    RepeatedPatterns,
    /// A sequence (`abc`, `123`).
    Sequence,
    /// A year or a date.
    Dates,
}

impl Hint {
    /// The hint in English, as the server, the CLI and the tests word it.
    pub fn english(self) -> &'static str {
        match self {
            Hint::Personal => "Avoid your name, User ID or email address",
            Hint::MoreCharacters => "Add more characters: length matters most",
            Hint::MoreWords => "Add another word or two: uncommon words are better",
            Hint::LookAlikes => {
                "Swapping letters for look-alikes such as @ for a does not help much"
            }
            Hint::Reversed => "Reversed words are still easy to guess",
            Hint::Top100 => "This is one of the 100 most common passwords",
            Hint::CommonPassword => "This is a commonly used password",
            Hint::CommonWords => {
                "Avoid common words and passwords, even with added numbers or symbols"
            }
            Hint::Keyboard => "Avoid keyboard patterns like qwerty or asdf",
            Hint::RepeatedCharacters => "Avoid repeated characters like aaa",
            Hint::RepeatedPatterns => "Avoid repeated patterns like abcabc",
            Hint::Sequence => "Avoid sequences like abc or 123",
            Hint::Dates => "Avoid years and dates, especially ones linked to you",
        }
    }
}

/// One short hint for a weak password, from the matches in its cheapest cover.
pub(super) fn feedback(chars: &[char], matches: &[Match], segments: &[Segment]) -> Hint {
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
        return Hint::Personal;
    }
    let Some(longest) = found
        .iter()
        .copied()
        .max_by_key(|m| (m.j - m.i, usize::MAX - m.i))
    else {
        return if n < 12 {
            Hint::MoreCharacters
        } else {
            Hint::MoreWords
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
                Hint::LookAlikes
            } else if reversed {
                Hint::Reversed
            } else if longest.i == 0 && longest.j == n && rank <= 100 {
                Hint::Top100
            } else if longest.i == 0 && longest.j == n {
                Hint::CommonPassword
            } else {
                Hint::CommonWords
            }
        }
        Kind::Mangled { l33t: true, .. } => Hint::LookAlikes,
        Kind::Mangled { words: 1, .. } => Hint::CommonWords,
        Kind::Mangled { .. } => Hint::MoreWords,
        Kind::Keyboard => Hint::Keyboard,
        Kind::Repeat { base_len: 1 } => Hint::RepeatedCharacters,
        Kind::Repeat { .. } => Hint::RepeatedPatterns,
        Kind::Sequence => Hint::Sequence,
        Kind::Year | Kind::Date => Hint::Dates,
    }
}
