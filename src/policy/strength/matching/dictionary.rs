//! Dictionary matches: common passwords and the person's own inputs, as typed, with capitals,
//! with look-alike substitutions undone, and reversed.

use std::ops::Range;

use super::{Kind, Match, Source};
use crate::policy::common::{fold_char, CommonPasswords, Probe};
use crate::policy::strength::MAX_TOKEN_CHARS;

/// Longest user input (User ID, email, ...) considered.
const MAX_USER_INPUT_CHARS: usize = 64;
/// At most this many user inputs are considered.
const MAX_USER_INPUTS: usize = 16;

/// Dictionary matches against the built-in list, the full list and the user inputs: as typed
/// (lower-cased), with look-alike substitutions undone, and reversed.
pub(super) fn dictionary_matches(
    chars: &[char],
    user_inputs: &[&str],
    common: Option<&CommonPasswords>,
    out: &mut Vec<Match>,
) {
    let n = chars.len();

    // Dictionaries: built-in list, full list, user inputs.
    let folded: Vec<char> = chars.iter().map(|&c| fold_char(c)).collect();
    let mut inputs: Vec<String> = Vec::new();
    for input in user_inputs {
        let f: String = input.trim().chars().map(fold_char).collect();
        let len = f.chars().count();
        if (3..=MAX_USER_INPUT_CHARS).contains(&len) && !inputs.contains(&f) {
            inputs.push(f);
            if inputs.len() == MAX_USER_INPUTS {
                break;
            }
        }
    }
    let user_list = CommonPasswords::from_lines(inputs.iter().map(String::as_str));
    let mut dicts: Vec<(&CommonPasswords, Source, usize)> =
        vec![(CommonPasswords::builtin(), Source::Common, MAX_TOKEN_CHARS)];
    if let Some(list) = common {
        dicts.push((list, Source::Common, MAX_TOKEN_CHARS));
    }
    if !user_list.is_empty() {
        dicts.push((&user_list, Source::UserInput, MAX_USER_INPUT_CHARS));
    }

    let variants = l33t_variants(&folded);
    let reversed: Vec<char> = folded.iter().rev().copied().collect();
    let mut buf = String::with_capacity(MAX_USER_INPUT_CHARS * 4);
    for &(dict, source, max_len) in &dicts {
        // As typed (lower-cased).
        probe_all(dict, &folded, max_len, &mut buf, |i, j, rank| {
            let log = rank_log(rank) + upper_variations_log(&chars[i..j]);
            out.push(dictionary_match(i, j, log, source, rank, false, false));
        });
        // With look-alike substitutions undone.
        for (variant, subbed) in &variants {
            probe_all(dict, variant, max_len, &mut buf, |i, j, rank| {
                if !subbed[i..j].iter().any(|&s| s) {
                    return; // same as the plain match
                }
                let log = rank_log(rank)
                    + upper_variations_log(&chars[i..j])
                    + l33t_variations_log(&folded[i..j], &variant[i..j], &subbed[i..j]);
                out.push(dictionary_match(i, j, log, source, rank, true, false));
            });
        }
        // Reversed (a palindrome reads the same both ways: nothing new to find).
        if reversed == folded {
            continue;
        }
        probe_all(dict, &reversed, max_len, &mut buf, |ri, rj, rank| {
            let (i, j) = (n - rj, n - ri);
            if folded[i..j].iter().eq(folded[i..j].iter().rev()) {
                return; // a palindrome is already found as typed
            }
            let log = rank_log(rank) + upper_variations_log(&chars[i..j]) + 2f64.log10();
            out.push(dictionary_match(i, j, log, source, rank, false, true));
        });
    }
}

fn dictionary_match(
    i: usize,
    j: usize,
    log: f64,
    source: Source,
    rank: u32,
    l33t: bool,
    reversed: bool,
) -> Match {
    Match {
        i,
        j,
        log,
        kind: Kind::Dictionary {
            source,
            rank,
            l33t,
            reversed,
        },
    }
}

fn rank_log(rank: u32) -> f64 {
    f64::from(rank.max(1)).log10()
}

/// Calls `found(i, j, rank)` for every substring `s[i..j]` (at most `max_len` long) on the list.
fn probe_all(
    dict: &CommonPasswords,
    s: &[char],
    max_len: usize,
    buf: &mut String,
    mut found: impl FnMut(usize, usize, u32),
) {
    // The first step from the whole list, remembered per character.
    let mut first_steps: Vec<(char, Probe, Range<usize>)> = Vec::new();
    // What the previous start looked at: how many characters its substrings grew to, and the
    // lengths (with ranks) that were on the list. A run of one character ("aaaa…", "1111…", the
    // slowest input there is) gives every start the same substrings: they are not looked up
    // again.
    let mut previous: Option<(usize, Vec<(usize, u32)>)> = None;
    for i in 0..s.len() {
        let end = s.len().min(i + max_len);
        if let Some((chain, hits)) = previous.as_mut() {
            let reach = (*chain).min(end - i);
            if (0..reach).all(|k| s[i + k] == s[i - 1 + k]) {
                // The same substrings as the previous start's, up to `reach` long; it stopped
                // growing at `chain` (no entry longer, or the end), and so does this one.
                hits.retain(|&(len, _)| len <= reach);
                for &(len, rank) in hits.iter() {
                    found(i, i + len, rank);
                }
                *chain = reach;
                continue;
            }
        }
        buf.clear();
        let mut range = 0..dict.len();
        let mut hits = Vec::new();
        let mut chain = end - i;
        for j in i..end {
            buf.push(s[j]);
            let (probe, narrower) = if j == i {
                match first_steps.iter().find(|(c, _, _)| *c == s[i]) {
                    Some((_, probe, r)) => (*probe, r.clone()),
                    None => {
                        let step = dict.narrow(range, buf);
                        first_steps.push((s[i], step.0, step.1.clone()));
                        step
                    }
                }
            } else {
                dict.narrow(range, buf)
            };
            if let Some(rank) = probe.rank {
                hits.push((j + 1 - i, rank));
                found(i, j + 1, rank);
            }
            if !probe.longer {
                chain = j + 1 - i;
                break;
            }
            range = narrower;
        }
        previous = Some((chain, hits));
    }
}

/// Look-alike substitutions, two ways to read the ambiguous ones (`1`, `|`, `7`).
const L33T_A: &[(char, char)] = &[
    ('4', 'a'),
    ('@', 'a'),
    ('8', 'b'),
    ('(', 'c'),
    ('{', 'c'),
    ('[', 'c'),
    ('<', 'c'),
    ('3', 'e'),
    ('6', 'g'),
    ('9', 'g'),
    ('1', 'i'),
    ('!', 'i'),
    ('|', 'i'),
    ('0', 'o'),
    ('$', 's'),
    ('5', 's'),
    ('7', 't'),
    ('+', 't'),
    ('%', 'x'),
    ('2', 'z'),
];
const L33T_B: &[(char, char)] = &[
    ('4', 'a'),
    ('@', 'a'),
    ('8', 'b'),
    ('(', 'c'),
    ('{', 'c'),
    ('[', 'c'),
    ('<', 'c'),
    ('3', 'e'),
    ('6', 'g'),
    ('9', 'g'),
    ('1', 'l'),
    ('!', 'i'),
    ('|', 'l'),
    ('0', 'o'),
    ('$', 's'),
    ('5', 's'),
    ('7', 'l'),
    ('+', 't'),
    ('%', 'x'),
    ('2', 'z'),
];

fn unl33t(table: &[(char, char)], c: char) -> Option<char> {
    table
        .iter()
        .find(|&&(from, _)| from == c)
        .map(|&(_, to)| to)
}

/// The folded password with substitutions undone, and which positions were substituted.
/// Variants identical to the folded password (or to an earlier variant) are left out.
fn l33t_variants(folded: &[char]) -> Vec<(Vec<char>, Vec<bool>)> {
    let mut out: Vec<(Vec<char>, Vec<bool>)> = Vec::new();
    for table in [L33T_A, L33T_B] {
        let mut any = false;
        let mut variant = Vec::with_capacity(folded.len());
        let mut subbed = Vec::with_capacity(folded.len());
        for &c in folded {
            match unl33t(table, c) {
                Some(to) => {
                    any = true;
                    variant.push(to);
                    subbed.push(true);
                }
                None => {
                    variant.push(c);
                    subbed.push(false);
                }
            }
        }
        if any && !out.iter().any(|(v, _)| *v == variant) {
            out.push((variant, subbed));
        }
    }
    out
}

pub(super) fn n_choose_k(n: usize, k: usize) -> f64 {
    if k > n {
        return 0.0;
    }
    let k = k.min(n - k);
    let mut r = 1.0f64;
    for d in 1..=k {
        r = r * (n - k + d) as f64 / d as f64;
    }
    r
}

/// log10 of the ways to capitalise a word the way `token` is (zxcvbn's rule): all lower case
/// is 1, first-only / last-only / all upper case is 2, otherwise the number of ways to place
/// that many capitals.
fn upper_variations_log(token: &[char]) -> f64 {
    let upper = token.iter().filter(|c| c.is_uppercase()).count();
    if upper == 0 {
        return 0.0;
    }
    let lower = token.iter().filter(|c| c.is_lowercase()).count();
    let first = token.first().is_some_and(|c| c.is_uppercase());
    let last = token.last().is_some_and(|c| c.is_uppercase());
    if lower == 0 || (upper == 1 && (first || last)) {
        return 2f64.log10();
    }
    let total: f64 = (1..=upper.min(lower))
        .map(|i| n_choose_k(upper + lower, i))
        .sum();
    total.max(1.0).log10()
}

/// log10 of the ways to apply the substitutions seen in a token (zxcvbn's rule).
fn l33t_variations_log(folded: &[char], variant: &[char], subbed: &[bool]) -> f64 {
    let mut seen: Vec<char> = Vec::new();
    let mut log = 0.0;
    for (k, &is_sub) in subbed.iter().enumerate() {
        let sub = folded[k];
        if !is_sub || seen.contains(&sub) {
            continue;
        }
        seen.push(sub);
        let letter = variant[k];
        let s = folded.iter().filter(|&&c| c == sub).count();
        let u = folded.iter().filter(|&&c| c == letter).count();
        let ways = if s == 0 || u == 0 {
            2.0
        } else {
            (1..=s.min(u)).map(|i| n_choose_k(s + u, i)).sum::<f64>()
        };
        log += ways.max(1.0).log10();
    }
    log
}

#[cfg(test)]
mod tests {
    use super::probe_all;
    use crate::policy::common::CommonPasswords;
    use crate::policy::strength::estimate;
    use crate::policy::strength::tests::small_list;

    #[test]
    fn common_passwords_are_very_weak() {
        let s = estimate("password", &[], None);
        assert_eq!(s.score, 0, "{s:?}");
        assert_eq!(s.label, "Very weak");
        assert!(s.feedback.is_some());
        let list = small_list();
        assert_eq!(estimate("password", &[], Some(&list)).score, 0);
        assert_eq!(estimate("PASSWORD", &[], Some(&list)).score, 0);
    }

    #[test]
    fn user_inputs_count_as_known() {
        let with = estimate("alice2024", &["alice"], None);
        assert!(with.score <= 1, "{with:?}");
        assert_eq!(
            with.feedback.as_deref(),
            Some("Avoid your name, User ID or email address")
        );
        let without = estimate("alice2024", &[], None);
        assert!(without.guesses_log10 > with.guesses_log10);
        // Inputs are matched ignoring case, and short inputs are ignored.
        assert!(estimate("ALICE2024", &["Alice"], None).score <= 1);
        let short = estimate("al9#kQ2$", &["al"], None);
        assert_eq!(short, estimate("al9#kQ2$", &[], None));
    }

    #[test]
    fn l33t_and_reversed_words_are_found() {
        let plain = estimate("p@ssw0rd", &[], None);
        assert!(plain.score <= 1, "{plain:?}");
        let s = estimate("dr4g0n", &[], None);
        assert!(s.score <= 1, "{s:?}");
        let s = estimate("drowssap", &[], None);
        assert!(s.score <= 1, "{s:?}");
        assert_eq!(
            s.feedback.as_deref(),
            Some("Reversed words are still easy to guess")
        );
    }

    #[test]
    fn full_list_lowers_the_estimate() {
        let list = CommonPasswords::from_text("123456\nzebracorn\n");
        let without = estimate("zebracorn", &[], None);
        let with = estimate("zebracorn", &[], Some(&list));
        assert!(with.guesses_log10 < without.guesses_log10);
        assert_eq!(with.score, 0);
    }

    #[test]
    fn capitals_add_little_to_a_word() {
        let lower = estimate("monkey", &[], None).guesses_log10;
        let first = estimate("Monkey", &[], None).guesses_log10;
        let all = estimate("MONKEY", &[], None).guesses_log10;
        assert!(first > lower && first < lower + 1.0);
        assert!(all > lower && all < lower + 1.0);
    }

    /// Probing every substring on its own finds what `probe_all` finds, runs of one character
    /// (whose starts share their substrings) included.
    #[test]
    fn every_substring_on_the_list_is_found() {
        let list =
            CommonPasswords::from_text("1111\n111111\n11111111\naaa\naaab\nab\nabab\nba\nb\n");
        let inputs = [
            "1111111111",
            "aaaaab",
            "aaab aaab",
            "abababab",
            "baaaaaaa",
            "1111x1111111",
            "xx",
            "a",
            "111111111111111111111111111111111111111",
        ];
        for input in inputs {
            let s: Vec<char> = input.chars().collect();
            for max_len in [3, 6, 32] {
                let mut got = Vec::new();
                probe_all(&list, &s, max_len, &mut String::new(), |i, j, rank| {
                    got.push((i, j, rank))
                });
                let mut want = Vec::new();
                for i in 0..s.len() {
                    for j in i + 1..=s.len().min(i + max_len) {
                        let sub: String = s[i..j].iter().collect();
                        if let Some(rank) = list.probe(&sub).rank {
                            want.push((i, j, rank));
                        }
                    }
                }
                assert_eq!(got, want, "{input:?}, at most {max_len}");
            }
        }
    }
}
