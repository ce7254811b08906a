//! Mangled words: one to three dictionary words, joined with or without a separator, and the
//! suffixes that rule-based cracking appends first (a short number, a year, a symbol), priced
//! as one token the way such an attack reaches it.
//!
//! A rule-based attack runs a word list through a short list of mangling rules: for each word
//! every rule is tried, so a word at rank `r` under a rule at position `k` is reached after about
//! `r * k` guesses. Priced that way:
//!
//! - a word is its dictionary match (rank, times the capitalisation and look-alike variations the
//!   dictionary matcher already counts: Capitalised or UPPER case is 2, ...), at least
//!   [`MIN_WORD_GUESSES`], the least any match inside a longer password counts for;
//! - a second or third word multiplies by its own guesses and by [`SEPARATOR_CHOICES`] (none,
//!   `-`, `_`, `.`, space), as a combinator attack does;
//! - the suffix multiplies by the position of its tier in the attacker's rule list (the tiers are
//!   cumulative: [`TOP_DIGITS`] for one digit or `12`, `123`, ... `123456789`, [`TWO_DIGITS`] for
//!   any two digits, [`YEARS_AND_REPEATS`] for the years 1950 to 2030 and `111`, `0000`, ...) and
//!   by [`SYMBOL_CHOICES`] for one trailing symbol (twice that for a doubled one), times 2 when
//!   the symbol comes before the number.
//!
//! Without this matcher the search prices such a token as separate segments, with the factorial
//! and the per-segment term that zxcvbn adds for an arbitrary mix of pieces; here the pieces are
//! in the order the rules produce them, so neither applies. "Knuckles123$" (rank 6,901 on the
//! shipped list) is 6,901 * 2 * 20 * 33, about 10^7 guesses, "Fair", where the separate segments
//! made it 10^8.1, "Good".
//!
//! Cost: words are the dictionary matches found before (the cheapest per start and end, at most
//! [`MAX_WORDS_PER_START`] per start position); per start position a dynamic program over the
//! next [`MAX_TOKEN_CHARS`] positions joins at most [`MAX_JOINED_WORDS`] of them, and each end
//! takes at most [`MAX_SUFFIX_FORMS`] suffixes. At most one match is kept per start and end.

use super::{Kind, Match, Source};
use crate::policy::strength::MAX_TOKEN_CHARS;

/// Least guesses a word counts for (the search's minimum for a match inside a longer password).
const MIN_WORD_GUESSES: f64 = 50.0;
/// Separators a combinator attack tries between words: none, `-`, `_`, `.` and space.
const SEPARATORS: [char; 4] = ['-', '_', '.', ' '];
const SEPARATOR_CHOICES: f64 = 5.0;
/// Most words joined into one token.
const MAX_JOINED_WORDS: usize = 3;
/// Most words per start position considered for joining (the cheapest ones).
const MAX_WORDS_PER_START: usize = 8;
/// Cumulative sizes of the digit-suffix tiers: none, one digit or `12`..`123456789` (the first
/// tier, 19 rules); any two digits (100 more); the years 1950 to 2030 and three or four equal
/// digits (81 + 20 more).
const TOP_DIGITS: f64 = 20.0;
const TWO_DIGITS: f64 = 120.0;
const YEARS_AND_REPEATS: f64 = 221.0;
/// Longest digit suffix (`123456789`).
const MAX_SUFFIX_DIGITS: usize = 9;
/// Symbols a rule appends: ASCII punctuation, as many as a brute-force symbol counts for.
const SYMBOL_CHOICES: f64 = 33.0;
/// Most suffix forms at one position: digits alone, digits then one or two symbols, symbols
/// alone, symbols then digits.
const MAX_SUFFIX_FORMS: usize = 5 * MAX_SUFFIX_DIGITS;
/// Longest suffix: nine digits and two symbols.
const MAX_SUFFIX_CHARS: usize = MAX_SUFFIX_DIGITS + 2;

#[derive(Clone, Copy, Debug)]
struct Word {
    j: usize,
    log: f64,
    l33t: bool,
    user_input: bool,
}

#[derive(Clone, Copy, Debug)]
struct Token {
    log: f64,
    words: u8,
    l33t: bool,
    user_input: bool,
}

const NONE: Token = Token {
    log: f64::INFINITY,
    words: 0,
    l33t: false,
    user_input: false,
};

impl Token {
    fn keep_cheaper(&mut self, other: Token) {
        if other.log < self.log {
            *self = other;
        }
    }
}

/// Joined words with their suffixes, from the dictionary matches already in `out`.
pub(super) fn mangled_matches(chars: &[char], out: &mut Vec<Match>) {
    let n = chars.len();
    let min_word_log = MIN_WORD_GUESSES.log10();
    let mut words: Vec<Vec<Word>> = vec![Vec::new(); n];
    for m in out.iter() {
        let Kind::Dictionary { source, l33t, .. } = m.kind else {
            continue;
        };
        let word = Word {
            j: m.j,
            log: m.log.max(min_word_log),
            l33t,
            user_input: source == Source::UserInput,
        };
        let at = &mut words[m.i];
        match at.iter_mut().find(|w| w.j == m.j) {
            Some(w) if word.log < w.log => *w = word,
            Some(_) => {}
            None => at.push(word),
        }
    }
    if words.iter().all(Vec::is_empty) {
        return;
    }
    for at in &mut words {
        at.sort_by(|a, b| a.log.total_cmp(&b.log));
        at.truncate(MAX_WORDS_PER_START);
    }
    // Suffix forms at every position where a word ends.
    let mut suffixes: Vec<Vec<(usize, f64)>> = vec![Vec::new(); n + 1];
    let mut ends = vec![false; n + 1];
    for w in words.iter().flatten() {
        ends[w.j] = true;
    }
    for (p, forms) in suffixes.iter_mut().enumerate() {
        if ends[p] {
            suffix_forms(chars, p, forms);
        }
    }

    let sep_log = SEPARATOR_CHOICES.log10();
    // chain[k][e]: cheapest k + 1 words covering chars[i..i + e].
    let mut chain = [[NONE; MAX_TOKEN_CHARS + 1]; MAX_JOINED_WORDS];
    let mut best = [NONE; MAX_TOKEN_CHARS + MAX_SUFFIX_CHARS + 1];
    for i in 0..n {
        if words[i].is_empty() {
            continue;
        }
        let window = MAX_TOKEN_CHARS.min(n - i);
        for row in chain.iter_mut() {
            row[..=window].fill(NONE);
        }
        best.fill(NONE);
        for w in &words[i] {
            if w.j - i <= window {
                chain[0][w.j - i].keep_cheaper(Token {
                    log: w.log,
                    words: 1,
                    l33t: w.l33t,
                    user_input: w.user_input,
                });
            }
        }
        for e in 1..=window {
            let p = i + e;
            for k in 0..MAX_JOINED_WORDS - 1 {
                let t = chain[k][e];
                if t.log == f64::INFINITY || p >= n {
                    continue;
                }
                let gaps = if SEPARATORS.contains(&chars[p]) { 2 } else { 1 };
                for gap in 0..gaps {
                    let q = p + gap;
                    if q >= n {
                        continue;
                    }
                    for w in &words[q] {
                        if w.j - i <= window {
                            chain[k + 1][w.j - i].keep_cheaper(Token {
                                log: t.log + sep_log + w.log,
                                words: t.words + 1,
                                l33t: t.l33t || w.l33t,
                                user_input: t.user_input || w.user_input,
                            });
                        }
                    }
                }
            }
            // Two or three words alone; one to three words with a suffix.
            let mut any = chain[0][e];
            for row in &chain[1..] {
                best[e].keep_cheaper(row[e]);
                any.keep_cheaper(row[e]);
            }
            if any.log == f64::INFINITY {
                continue;
            }
            for &(len, log) in &suffixes[p] {
                best[e + len].keep_cheaper(Token {
                    log: any.log + log,
                    ..any
                });
            }
        }
        for (len, t) in best.iter().enumerate() {
            if t.log < f64::INFINITY {
                out.push(Match {
                    i,
                    j: i + len,
                    log: t.log,
                    kind: Kind::Mangled {
                        words: t.words,
                        l33t: t.l33t,
                        user_input: t.user_input,
                    },
                });
            }
        }
    }
}

/// Guesses of a digit suffix, or None when no top rule appends it.
fn digits_guesses(d: &[char]) -> Option<f64> {
    let ascending = d[0] == '1' && d.windows(2).all(|w| w[1] as u32 == w[0] as u32 + 1);
    match d.len() {
        1 => Some(TOP_DIGITS),
        _ if ascending => Some(TOP_DIGITS),
        2 => Some(TWO_DIGITS),
        3 | 4 if d.iter().all(|&c| c == d[0]) => Some(YEARS_AND_REPEATS),
        4 => {
            let year = d
                .iter()
                .fold(0, |y, c| y * 10 + c.to_digit(10).unwrap_or(0));
            (1950..=2030).contains(&year).then_some(YEARS_AND_REPEATS)
        }
        _ => None,
    }
}

/// One trailing symbol, or the same symbol twice: (length, guesses).
fn symbol_forms(chars: &[char], p: usize) -> impl Iterator<Item = (usize, f64)> {
    let one = chars.get(p).is_some_and(|c| c.is_ascii_punctuation());
    let two = one && chars.get(p + 1) == chars.get(p);
    [(1, SYMBOL_CHOICES), (2, 2.0 * SYMBOL_CHOICES)]
        .into_iter()
        .take(usize::from(one) + usize::from(two))
}

/// The suffixes a top rule appends at `p`, as (length, log10 of guesses).
fn suffix_forms(chars: &[char], p: usize, forms: &mut Vec<(usize, f64)>) {
    let run = chars[p..]
        .iter()
        .take(MAX_SUFFIX_DIGITS)
        .take_while(|c| c.is_ascii_digit())
        .count();
    // Digits, optionally followed by a symbol.
    for len in 1..=run {
        let Some(d) = digits_guesses(&chars[p..p + len]) else {
            continue;
        };
        forms.push((len, d.log10()));
        for (s, g) in symbol_forms(chars, p + len) {
            forms.push((len + s, (d * g).log10()));
        }
    }
    // A symbol, optionally followed by digits (the less usual order: twice the rules).
    for (s, g) in symbol_forms(chars, p) {
        forms.push((s, g.log10()));
        let run = chars[p + s..]
            .iter()
            .take(MAX_SUFFIX_DIGITS)
            .take_while(|c| c.is_ascii_digit())
            .count();
        for len in 1..=run {
            if let Some(d) = digits_guesses(&chars[p + s..p + s + len]) {
                forms.push((s + len, (2.0 * g * d).log10()));
            }
        }
    }
    debug_assert!(forms.len() <= MAX_SUFFIX_FORMS);
}

#[cfg(test)]
mod tests {
    use super::{digits_guesses, suffix_forms};
    use crate::policy::strength::estimate;
    use crate::policy::strength::tests::{ranked_list, score};

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    #[test]
    fn digit_suffix_tiers() {
        for d in ["1", "7", "12", "123", "1234", "123456789"] {
            assert_eq!(digits_guesses(&chars(d)), Some(20.0), "{d}");
        }
        assert_eq!(digits_guesses(&chars("07")), Some(120.0));
        for d in ["1950", "1987", "2030", "111", "0000"] {
            assert_eq!(digits_guesses(&chars(d)), Some(221.0), "{d}");
        }
        for d in ["1949", "2031", "472", "12345678901", "12121"] {
            assert_eq!(digits_guesses(&chars(d)), None, "{d}");
        }
    }

    #[test]
    fn suffix_forms_in_both_orders() {
        let mut forms = Vec::new();
        suffix_forms(&chars("x123!!"), 1, &mut forms);
        let lens: Vec<usize> = forms.iter().map(|&(len, _)| len).collect();
        // "1", "12", "123", "123!", "123!!".
        assert_eq!(lens, [1, 2, 3, 4, 5]);
        forms.clear();
        suffix_forms(&chars("x!2024"), 1, &mut forms);
        let lens: Vec<usize> = forms.iter().map(|&(len, _)| len).collect();
        assert_eq!(lens, [1, 2, 3, 5]);
        // The symbol first costs twice as much as the same symbol after the year.
        let (_, before) = forms[3];
        forms.clear();
        suffix_forms(&chars("x2024!"), 1, &mut forms);
        let after = forms
            .iter()
            .find(|&&(len, _)| len == 5)
            .expect("year + symbol")
            .1;
        assert!((before - after - 2f64.log10()).abs() < 1e-9);
    }

    #[test]
    fn word_with_rule_suffix_is_one_token() {
        let list = ranked_list(&[("knuckles", 6901)]);
        let s = estimate("Knuckles123$", &[], Some(&list));
        // 6,901 * 2 (capitalised) * 20 (123) * 33 ($) = 10^6.96.
        assert!(
            (s.guesses_log10 - 9_109_320f64.log10()).abs() < 0.01,
            "{s:?}"
        );
        assert_eq!(
            s.feedback.as_deref(),
            Some("Avoid common words and passwords, even with added numbers or symbols")
        );
        // An uncommon number is no top rule: the number is guessed on its own.
        let other = estimate("Knuckles472$", &[], Some(&list));
        assert!(other.guesses_log10 > s.guesses_log10 + 1.0, "{other:?}");
    }

    #[test]
    fn joined_words_are_combinator_guesses() {
        let list = ranked_list(&[("horse", 1035), ("battery", 5855)]);
        let s = estimate("horse-battery", &[], Some(&list));
        // 1,035 * 5,855 * 5 separators.
        assert!(
            (s.guesses_log10 - 30_299_625f64.log10()).abs() < 0.01,
            "{s:?}"
        );
        assert_eq!(
            s.feedback.as_deref(),
            Some("Add another word or two: uncommon words are better")
        );
        // With no separator, another separator or capitals: about the same.
        for pw in ["horsebattery", "horse_battery", "Horse Battery"] {
            let g = estimate(pw, &[], Some(&list)).guesses_log10;
            assert!((g - s.guesses_log10).abs() < 0.7, "{pw}: {g}");
        }
    }

    #[test]
    fn built_in_words_with_rules_are_weak() {
        assert!(score("Monkey2024!") <= 1);
        assert!(score("Sunshine_Dragon") <= 2);
        assert!(score("Welcome123!") <= 1);
        // The person's own details with a rule suffix.
        let s = estimate("Someone1987!", &["someone"], None);
        assert!(s.score <= 1, "{s:?}");
        assert_eq!(
            s.feedback.as_deref(),
            Some("Avoid your name, User ID or email address")
        );
    }
}
