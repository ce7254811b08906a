//! Matches: the substrings of a password an attacker would guess cheaply, one matcher per kind.

mod date;
mod dictionary;
mod keyboard;
mod mangled;
mod repeat;
mod sequence;

use crate::policy::common::CommonPasswords;
use date::date_matches;
use dictionary::dictionary_matches;
use keyboard::keyboard_matches;
use mangled::mangled_matches;
use repeat::repeat_matches;
use sequence::sequence_matches;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Source {
    Common,
    UserInput,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) enum Kind {
    Dictionary {
        source: Source,
        rank: u32,
        l33t: bool,
        reversed: bool,
    },
    Keyboard,
    Repeat {
        base_len: usize,
    },
    Sequence,
    Year,
    Date,
    /// One to three dictionary words joined, with or without a rule suffix (see `mangled`).
    Mangled {
        words: u8,
        l33t: bool,
        user_input: bool,
    },
}

#[derive(Clone, Copy, Debug)]
pub(super) struct Match {
    /// Covers `chars[i..j]`.
    pub(super) i: usize,
    pub(super) j: usize,
    /// log10 of the guesses for this match on its own (before the minimums that apply to a
    /// match that is only part of the password).
    pub(super) log: f64,
    pub(super) kind: Kind,
}

/// Every match found in `chars`, dictionary matches first, then the other kinds, then the
/// mangled words built from the dictionary matches, and repeats last.
pub(super) fn find_matches(
    chars: &[char],
    user_inputs: &[&str],
    common: Option<&CommonPasswords>,
) -> Vec<Match> {
    let mut out = Vec::new();
    dictionary_matches(chars, user_inputs, common, &mut out);
    sequence_matches(chars, &mut out);
    keyboard_matches(chars, &mut out);
    date_matches(chars, &mut out);
    mangled_matches(chars, &mut out);
    // Repeats come last: the guesses for the repeated unit are worked out from the matches above.
    repeat_matches(chars, &mut out);
    out
}

/// Brute-force cardinality of one character, as log10.
pub(in crate::policy::strength) fn char_log(c: char) -> f64 {
    let cardinality: f64 = if c.is_ascii_digit() {
        10.0
    } else if c.is_ascii_alphabetic() {
        26.0
    } else if c.is_ascii() || c.is_alphabetic() {
        33.0 // ASCII symbols; letters of another alphabet
    } else {
        50.0
    };
    cardinality.log10()
}
