//! Password strength estimation.
//!
//! The model follows zxcvbn's guesses model, in a smaller and bounded form:
//!
//! 1. Find matches, i.e. substrings an attacker would guess cheaply: common passwords and words
//!    (as typed, lower-cased, with simple look-alike substitutions such as `@` for `a` undone, and
//!    reversed), the user's own details, repeats (`aaaa`, `abcabc`), sequences (`abcd`, `4321`,
//!    `aceg`), keyboard runs on a qwerty keyboard (`qwerty`, `asdf`, `1qaz`), years and dates.
//!    Each match has a number of guesses.
//! 2. Anything not covered by a match is guessed character by character ("brute force"), with a
//!    cardinality per character: 10 for a digit, 26 for an ASCII letter, 33 for other ASCII and
//!    for letters of other alphabets, 50 for anything else.
//! 3. A dynamic program over positions finds the cheapest way to cover the password with `l`
//!    segments; the total for `l` segments is `l! * product(guesses) + 1_000^(l - 1)` (the
//!    factorial counts the orders of the segments, the second term stops a password from being
//!    made cheap by cutting it into many tiny pieces). zxcvbn uses 10_000 there; with it, every
//!    word + year + symbol password ("Spring2025!!") lands on 10^8 and rates "Good", while such
//!    patterns are the first that rule-based cracking tries. 1_000 rates them "Fair"; a smaller
//!    term only ever lowers an estimate.
//! 4. The guesses map to a score with zxcvbn's thresholds: below 10^3 is 0, below 10^6 is 1,
//!    below 10^8 is 2, below 10^10 is 3, anything more is 4.
//!
//! Cost is bounded: only the first [`MAX_ESTIMATE_CHARS`] characters are considered, dictionary
//! substrings are at most [`MAX_TOKEN_CHARS`] long and are looked up by binary search (each longer
//! substring within the entries that start with the shorter one, and a substring stops growing as
//! soon as no entry starts with it), repeats have a period of at most
//! [`MAX_TOKEN_CHARS`], and the dynamic program tracks at most `MAX_SEGMENTS` segments. The whole
//! estimate is O(n * MAX_TOKEN_CHARS * log(list size) + n * MAX_TOKEN_CHARS * MAX_SEGMENTS).

use std::ops::Range;

use super::common::{fold_char, CommonPasswords, Probe};

/// Only this many leading characters of a password are estimated.
pub const MAX_ESTIMATE_CHARS: usize = 256;
/// Longest dictionary substring and longest repeated unit considered.
pub const MAX_TOKEN_CHARS: usize = 32;
/// Longest user input (User ID, email, ...) considered.
const MAX_USER_INPUT_CHARS: usize = 64;
/// At most this many user inputs are considered.
const MAX_USER_INPUTS: usize = 16;
/// Most segments the dynamic program keeps track of. With `1_000^(l - 1)` in the total,
/// 24 segments already mean more than 10^69 guesses.
const MAX_SEGMENTS: usize = 24;
/// Years are judged relative to this one (the library does no I/O, so it cannot ask the clock).
const REFERENCE_YEAR: i32 = 2026;
const MIN_YEAR_SPACE: i32 = 20;
const DATE_MIN_YEAR: i32 = 1000;
const DATE_MAX_YEAR: i32 = 2050;
/// log10 of the per-segment term (zxcvbn's MIN_GUESSES_BEFORE_GROWING_SEQUENCE is 10_000;
/// see the module documentation for why this is 1_000).
const SEGMENT_PENALTY_LOG10: f64 = 3.0;
/// Keyboard matcher constants (zxcvbn's values for qwerty).
const KEYBOARD_STARTING_POSITIONS: f64 = 94.0;
const KEYBOARD_AVERAGE_DEGREE: f64 = 4.595_744_680_851_064;

/// Labels for scores 0 to 4.
pub const LABELS: [&str; 5] = ["Very weak", "Weak", "Fair", "Good", "Strong"];

/// The estimated strength of a password.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Strength {
    /// 0 (very weak) to 4 (strong).
    pub score: u8,
    /// Estimated number of guesses needed, as a base-10 logarithm.
    pub guesses_log10: f64,
    /// "Very weak", "Weak", "Fair", "Good" or "Strong".
    pub label: String,
    /// One short hint when the password is weak (score 2 or lower), such as
    /// "Avoid sequences like abc or 123".
    pub feedback: Option<String>,
}

impl Strength {
    /// The label for a score (scores above 4 count as 4).
    pub fn label_for(score: u8) -> &'static str {
        LABELS[usize::from(score.min(4))]
    }

    /// The score for a number of guesses given as a base-10 logarithm.
    pub fn score_for(guesses_log10: f64) -> u8 {
        if guesses_log10 < 3.0 {
            0
        } else if guesses_log10 < 6.0 {
            1
        } else if guesses_log10 < 8.0 {
            2
        } else if guesses_log10 < 10.0 {
            3
        } else {
            4
        }
    }
}

/// Estimates the strength of `password`.
///
/// `user_inputs` are words an attacker would try first for this user (User ID, email address,
/// name, ...); inputs shorter than 3 characters are ignored. `common` is the full list of common
/// passwords when it is available; the small built-in list is always used as well.
pub fn estimate(
    password: &str,
    user_inputs: &[&str],
    common: Option<&CommonPasswords>,
) -> Strength {
    let chars: Vec<char> = password.chars().take(MAX_ESTIMATE_CHARS).collect();
    if chars.is_empty() {
        return Strength {
            score: 0,
            guesses_log10: 0.0,
            label: LABELS[0].to_string(),
            feedback: None,
        };
    }
    let matches = find_matches(&chars, user_inputs, common);
    let best = most_guessable(&chars, &matches);
    let guesses_log10 = best.guesses_log10.max(0.0);
    let score = Strength::score_for(guesses_log10);
    let feedback = if score <= 2 {
        Some(feedback(&chars, &matches, &best.segments).to_string())
    } else {
        None
    };
    Strength {
        score,
        guesses_log10,
        label: Strength::label_for(score).to_string(),
        feedback,
    }
}

// ---------------------------------------------------------------------------------------------
// Matches

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Source {
    Common,
    UserInput,
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Kind {
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
}

#[derive(Clone, Copy, Debug)]
struct Match {
    /// Covers `chars[i..j]`.
    i: usize,
    j: usize,
    /// log10 of the guesses for this match on its own (before the minimums that apply to a
    /// match that is only part of the password).
    log: f64,
    kind: Kind,
}

fn find_matches(
    chars: &[char],
    user_inputs: &[&str],
    common: Option<&CommonPasswords>,
) -> Vec<Match> {
    let n = chars.len();
    let mut out = Vec::new();

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

    sequence_matches(chars, &mut out);
    keyboard_matches(chars, &mut out);
    date_matches(chars, &mut out);
    // Repeats come last: the guesses for the repeated unit are worked out from the matches above.
    repeat_matches(chars, &mut out);
    out
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
    for i in 0..s.len() {
        buf.clear();
        let mut range = 0..dict.len();
        let end = s.len().min(i + max_len);
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
                found(i, j + 1, rank);
            }
            if !probe.longer {
                break;
            }
            range = narrower;
        }
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

fn n_choose_k(n: usize, k: usize) -> f64 {
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

/// Runs of at least three characters whose codes go up or down by the same step (1 to 5).
fn sequence_matches(chars: &[char], out: &mut Vec<Match>) {
    let n = chars.len();
    let code = |k: usize| chars[k] as i64;
    let mut i = 0;
    while i + 1 < n {
        let delta = code(i + 1) - code(i);
        let mut j = i + 1;
        while j + 1 < n && code(j + 1) - code(j) == delta {
            j += 1;
        }
        let len = j - i + 1;
        if delta != 0 && delta.abs() <= 5 && len >= 3 {
            let first = chars[i];
            let mut base: f64 = if "aAzZ019".contains(first) {
                4.0
            } else if first.is_ascii_digit() {
                10.0
            } else {
                26.0
            };
            if delta < 0 {
                base *= 2.0;
            }
            out.push(Match {
                i,
                j: j + 1,
                log: (base * len as f64).log10(),
                kind: Kind::Sequence,
            });
        }
        i = j;
    }
}

/// Rows of a US qwerty keyboard, unshifted and shifted. Column 0 of rows 1 to 3 is padding so
/// that the neighbours of the key at (row, col) are (row, col +- 1), (row - 1, col),
/// (row - 1, col + 1), (row + 1, col - 1) and (row + 1, col).
const QWERTY: [&str; 4] = [
    "`1234567890-=",
    " qwertyuiop[]\\",
    " asdfghjkl;'",
    " zxcvbnm,./",
];
const QWERTY_SHIFTED: [&str; 4] = [
    "~!@#$%^&*()_+",
    " QWERTYUIOP{}|",
    " ASDFGHJKL:\"",
    " ZXCVBNM<>?",
];

fn key_position(c: char) -> Option<(i32, i32, bool)> {
    if c == ' ' {
        return None;
    }
    for (rows, shifted) in [(&QWERTY, false), (&QWERTY_SHIFTED, true)] {
        for (r, row) in rows.iter().enumerate() {
            if let Some(col) = row.chars().position(|k| k == c) {
                return Some((r as i32, col as i32, shifted));
            }
        }
    }
    None
}

/// Direction from one key to a neighbouring key, or None when the keys are not neighbours.
fn key_direction(a: (i32, i32, bool), b: (i32, i32, bool)) -> Option<u8> {
    match (b.0 - a.0, b.1 - a.1) {
        (0, -1) => Some(0),
        (0, 1) => Some(1),
        (-1, 0) => Some(2),
        (-1, 1) => Some(3),
        (1, -1) => Some(4),
        (1, 0) => Some(5),
        _ => None,
    }
}

/// Runs of at least three neighbouring keys.
fn keyboard_matches(chars: &[char], out: &mut Vec<Match>) {
    let n = chars.len();
    let keys: Vec<Option<(i32, i32, bool)>> = chars.iter().map(|&c| key_position(c)).collect();
    let mut i = 0;
    while i < n {
        let Some(mut prev) = keys[i] else {
            i += 1;
            continue;
        };
        let mut j = i;
        let mut turns = 0usize;
        let mut last_dir = None;
        let mut shifted = usize::from(prev.2);
        while j + 1 < n {
            let Some(next) = keys[j + 1] else { break };
            let Some(dir) = key_direction(prev, next) else {
                break;
            };
            if last_dir != Some(dir) {
                turns += 1;
                last_dir = Some(dir);
            }
            shifted += usize::from(next.2);
            prev = next;
            j += 1;
        }
        let len = j - i + 1;
        if len >= 3 {
            out.push(Match {
                i,
                j: j + 1,
                log: keyboard_guesses_log(len, turns, shifted),
                kind: Kind::Keyboard,
            });
        }
        i = j + 1;
    }
}

fn keyboard_guesses_log(len: usize, turns: usize, shifted: usize) -> f64 {
    // sum over i in 2..=len, j in 1..=min(turns, i - 1) of C(i - 1, j - 1) * s * d^j, with the
    // binomial coefficient and the power built up term by term.
    let mut guesses = 0.0f64;
    for i in 2..=len {
        let mut binomial = 1.0f64; // C(i - 1, 0)
        let mut power = KEYBOARD_AVERAGE_DEGREE;
        for j in 1..=turns.min(i - 1) {
            guesses += binomial * KEYBOARD_STARTING_POSITIONS * power;
            binomial = binomial * (i - j) as f64 / j as f64; // C(i - 1, j)
            power *= KEYBOARD_AVERAGE_DEGREE;
        }
    }
    let unshifted = len - shifted;
    if shifted > 0 {
        guesses *= if unshifted == 0 {
            2.0
        } else {
            (1..=shifted.min(unshifted))
                .map(|i| n_choose_k(len, i))
                .sum::<f64>()
        };
    }
    if guesses.is_finite() {
        guesses.max(1.0).log10()
    } else {
        f64::MAX.log10()
    }
}

fn year_space(year: i32) -> f64 {
    f64::from((year - REFERENCE_YEAR).abs().max(MIN_YEAR_SPACE))
}

fn digits_value(chars: &[char]) -> i32 {
    chars
        .iter()
        .fold(0, |acc, c| acc * 10 + c.to_digit(10).unwrap_or(0) as i32)
}

/// zxcvbn's reading of three numbers as day, month and year; returns the year.
fn ints_to_year(ints: [i32; 3]) -> Option<i32> {
    if ints[1] > 31 || ints[1] <= 0 {
        return None;
    }
    let (mut over_12, mut over_31, mut under_1) = (0, 0, 0);
    for &v in &ints {
        if (99 < v && v < DATE_MIN_YEAR) || v > DATE_MAX_YEAR {
            return None;
        }
        over_31 += i32::from(v > 31);
        over_12 += i32::from(v > 12);
        under_1 += i32::from(v <= 0);
    }
    if over_31 >= 2 || over_12 == 3 || under_1 >= 2 {
        return None;
    }
    let is_day_month = |a: i32, b: i32| {
        ((1..=31).contains(&a) && (1..=12).contains(&b))
            || ((1..=31).contains(&b) && (1..=12).contains(&a))
    };
    let splits = [(ints[2], ints[0], ints[1]), (ints[0], ints[1], ints[2])];
    for &(y, a, b) in &splits {
        if (DATE_MIN_YEAR..=DATE_MAX_YEAR).contains(&y) {
            return is_day_month(a, b).then_some(y);
        }
    }
    for &(y, a, b) in &splits {
        if is_day_month(a, b) {
            return Some(match y {
                y if y > 99 => y,
                y if y > 50 => y + 1900,
                y => y + 2000,
            });
        }
    }
    None
}

/// Years (19xx, 20xx) and dates written with or without separators.
fn date_matches(chars: &[char], out: &mut Vec<Match>) {
    let n = chars.len();
    let digit = |k: usize| k < n && chars[k].is_ascii_digit();
    // Years.
    for i in 0..n.saturating_sub(3) {
        if (i..i + 4).all(digit) && (chars[i..i + 2] == ['1', '9'] || chars[i..i + 2] == ['2', '0'])
        {
            let year = digits_value(&chars[i..i + 4]);
            out.push(Match {
                i,
                j: i + 4,
                log: year_space(year).log10(),
                kind: Kind::Year,
            });
        }
    }
    // Dates without separators: 4 to 8 digits.
    const SPLITS: [&[(usize, usize)]; 5] = [
        &[(1, 2), (2, 3)],
        &[(1, 3), (2, 3)],
        &[(1, 2), (2, 4), (4, 5)],
        &[(1, 3), (2, 3), (4, 5), (4, 6)],
        &[(2, 4), (4, 6)],
    ];
    for i in 0..n {
        for len in 4..=8 {
            if i + len > n || !(i..i + len).all(digit) {
                break;
            }
            let token = &chars[i..i + len];
            let best = SPLITS[len - 4]
                .iter()
                .filter_map(|&(a, b)| {
                    ints_to_year([
                        digits_value(&token[..a]),
                        digits_value(&token[a..b]),
                        digits_value(&token[b..]),
                    ])
                })
                .min_by_key(|y| (y - REFERENCE_YEAR).abs());
            if let Some(year) = best {
                out.push(Match {
                    i,
                    j: i + len,
                    log: (year_space(year) * 365.0).log10(),
                    kind: Kind::Date,
                });
            }
        }
    }
    // Dates with separators: d{1,4} sep d{1,2} sep d{1,4}, the same separator twice.
    let is_sep = |c: char| " /\\_.-".contains(c);
    for i in 0..n {
        for g1 in 1..=4 {
            let s1 = i + g1;
            if !(i..s1).all(digit) {
                break;
            }
            if s1 >= n || !is_sep(chars[s1]) {
                continue;
            }
            for g2 in 1..=2 {
                let s2 = s1 + 1 + g2;
                if !(s1 + 1..s2).all(digit) {
                    break;
                }
                if s2 >= n || chars[s2] != chars[s1] {
                    continue;
                }
                for g3 in 1..=4 {
                    let end = s2 + 1 + g3;
                    if !(s2 + 1..end).all(digit) {
                        break;
                    }
                    if g1 + g2 + g3 < 4 {
                        continue;
                    }
                    let ints = [
                        digits_value(&chars[i..s1]),
                        digits_value(&chars[s1 + 1..s2]),
                        digits_value(&chars[s2 + 1..end]),
                    ];
                    if let Some(year) = ints_to_year(ints) {
                        out.push(Match {
                            i,
                            j: end,
                            log: (year_space(year) * 365.0 * 4.0).log10(),
                            kind: Kind::Date,
                        });
                    }
                }
            }
        }
    }
}

/// Brute-force cardinality of one character, as log10.
fn char_log(c: char) -> f64 {
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

/// The same unit repeated: for every period up to [`MAX_TOKEN_CHARS`], every maximal run of
/// whole repetitions. The guesses are those of the unit times the number of repetitions; the
/// unit's guesses come from the cheapest cover of it by the matches found so far and brute force.
fn repeat_matches(chars: &[char], out: &mut Vec<Match>) {
    let n = chars.len();
    if n < 2 {
        return;
    }
    let mut by_start: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (k, m) in out.iter().enumerate() {
        by_start[m.i].push(k);
    }
    let mut found = Vec::new();
    let mut run = vec![0usize; n + 1];
    let mut cost = vec![0f64; MAX_TOKEN_CHARS + 1];
    for p in 1..=(n / 2).min(MAX_TOKEN_CHARS) {
        // run[k] = how many of chars[k..] equal the character p places later, consecutively.
        run[n - p] = 0;
        for k in (0..n - p).rev() {
            run[k] = if chars[k] == chars[k + p] {
                run[k + 1] + 1
            } else {
                0
            };
        }
        for i in 0..n - p {
            if run[i] < p || (i > 0 && run[i - 1] > 0) {
                continue; // not at least two copies, or not the start of a run
            }
            let base = &chars[i..i + p];
            // A unit that is itself a repetition is covered by the shorter period.
            if (1..p).any(|d| p % d == 0 && (d..p).all(|k| base[k] == base[k - d])) {
                continue;
            }
            let count = (run[i] + p) / p;
            // Cheapest cover of the unit chars[i..i + p].
            cost[0] = 0.0;
            for v in cost.iter_mut().take(p + 1).skip(1) {
                *v = f64::INFINITY;
            }
            for k in 0..p {
                let here = cost[k];
                let step = here + char_log(chars[i + k]);
                if step < cost[k + 1] {
                    cost[k + 1] = step;
                }
                for &mi in &by_start[i + k] {
                    let m = &out[mi];
                    if m.j <= i + p {
                        let c = here + m.log;
                        if c < cost[m.j - i] {
                            cost[m.j - i] = c;
                        }
                    }
                }
            }
            found.push(Match {
                i,
                j: i + count * p,
                log: cost[p] + (count as f64).log10(),
                kind: Kind::Repeat { base_len: p },
            });
        }
    }
    out.extend(found);
}

// ---------------------------------------------------------------------------------------------
// Cheapest cover

#[derive(Clone, Copy, Debug, PartialEq)]
enum Segment {
    Match(usize),
    BruteForce { i: usize, j: usize },
}

struct Best {
    guesses_log10: f64,
    segments: Vec<Segment>,
}

/// log10(10^a + 10^b)
fn log_add(a: f64, b: f64) -> f64 {
    let (hi, lo) = if a >= b { (a, b) } else { (b, a) };
    if lo == f64::NEG_INFINITY {
        return hi;
    }
    hi + (1.0 + 10f64.powf(lo - hi)).log10()
}

fn most_guessable(chars: &[char], matches: &[Match]) -> Best {
    let n = chars.len();
    let width = MAX_SEGMENTS + 1;
    let idx = |k: usize, l: usize| k * width + l;
    let inf = f64::INFINITY;
    // a[k][l]: cheapest sum of log guesses covering chars[..k] with l segments, the last one a
    // match (a[0][0] is the empty start). b[k][l]: the same, the last segment brute force.
    let mut a = vec![inf; (n + 1) * width];
    let mut b = vec![inf; (n + 1) * width];
    let mut a_from: Vec<(u32, bool)> = vec![(u32::MAX, false); (n + 1) * width];
    let mut b_extends = vec![false; (n + 1) * width];
    a[idx(0, 0)] = 0.0;

    let mut by_start: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (k, m) in matches.iter().enumerate() {
        by_start[m.i].push(k);
    }
    let min_log_multi = 50f64.log10();
    for k in 0..n {
        let c = char_log(chars[k]);
        for l in 1..width {
            let extend = b[idx(k, l)] + c;
            let start = a[idx(k, l - 1)] + c;
            let (value, extends) = if extend <= start {
                (extend, true)
            } else {
                (start, false)
            };
            if value < b[idx(k + 1, l)] {
                b[idx(k + 1, l)] = value;
                b_extends[idx(k + 1, l)] = extends;
            }
        }
        for &mi in &by_start[k] {
            let m = &matches[mi];
            let floor = if m.i == 0 && m.j == n {
                0.0
            } else if m.j - m.i == 1 {
                1.0
            } else {
                min_log_multi
            };
            let g = m.log.max(floor);
            for l in 1..width {
                let (pa, pb) = (a[idx(k, l - 1)], b[idx(k, l - 1)]);
                let (prev, from_b) = if pb < pa { (pb, true) } else { (pa, false) };
                let value = prev + g;
                if value < a[idx(m.j, l)] {
                    a[idx(m.j, l)] = value;
                    a_from[idx(m.j, l)] = (mi as u32, from_b);
                }
            }
        }
    }

    // Total for l segments: l! * product + 1_000^(l - 1).
    let mut best = (inf, 0usize, false);
    let mut log_factorial = 0.0;
    for l in 1..width {
        log_factorial += (l as f64).log10();
        let (prod, in_b) = if b[idx(n, l)] < a[idx(n, l)] {
            (b[idx(n, l)], true)
        } else {
            (a[idx(n, l)], false)
        };
        if prod == inf {
            continue;
        }
        let total = log_add(log_factorial + prod, SEGMENT_PENALTY_LOG10 * (l - 1) as f64);
        if total < best.0 {
            best = (total, l, in_b);
        }
    }

    // Walk back.
    let (guesses_log10, mut l, mut in_b) = best;
    let mut segments = Vec::new();
    let mut k = n;
    let mut bf_end = n;
    while k > 0 && l > 0 {
        if in_b {
            if !b_extends[idx(k, l)] {
                segments.push(Segment::BruteForce {
                    i: k - 1,
                    j: bf_end,
                });
                l -= 1;
                in_b = false;
            }
            k -= 1;
        } else {
            let (mi, from_b) = a_from[idx(k, l)];
            let m = &matches[mi as usize];
            segments.push(Segment::Match(mi as usize));
            k = m.i;
            l -= 1;
            in_b = from_b;
            bf_end = k;
        }
    }
    segments.reverse();
    Best {
        guesses_log10,
        segments,
    }
}

// ---------------------------------------------------------------------------------------------
// Feedback

fn feedback(chars: &[char], matches: &[Match], segments: &[Segment]) -> &'static str {
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
        Kind::Keyboard => "Avoid keyboard patterns like qwerty or asdf",
        Kind::Repeat { base_len: 1 } => "Avoid repeated characters like aaa",
        Kind::Repeat { .. } => "Avoid repeated patterns like abcabc",
        Kind::Sequence => "Avoid sequences like abc or 123",
        Kind::Year | Kind::Date => "Avoid years and dates, especially ones linked to you",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn score(pw: &str) -> u8 {
        estimate(pw, &[], None).score
    }

    fn small_list() -> CommonPasswords {
        CommonPasswords::from_text(
            "123456\npassword\n12345678\nqwerty\nalice\ncorrect\nhorse\nbattery\nstaple\nmonkey\n",
        )
    }

    #[test]
    fn empty_password() {
        let s = estimate("", &[], None);
        assert_eq!(s.score, 0);
        assert_eq!(s.guesses_log10, 0.0);
        assert_eq!(s.label, "Very weak");
        assert_eq!(s.feedback, None);
    }

    #[test]
    fn score_thresholds_and_labels() {
        assert_eq!(Strength::score_for(2.99), 0);
        assert_eq!(Strength::score_for(3.0), 1);
        assert_eq!(Strength::score_for(5.99), 1);
        assert_eq!(Strength::score_for(6.0), 2);
        assert_eq!(Strength::score_for(8.0), 3);
        assert_eq!(Strength::score_for(10.0), 4);
        assert_eq!(Strength::label_for(0), "Very weak");
        assert_eq!(Strength::label_for(3), "Good");
        assert_eq!(Strength::label_for(4), "Strong");
        assert_eq!(Strength::label_for(9), "Strong");
    }

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
    fn decorated_common_password_is_weak() {
        let s = estimate("Password123!", &[], None);
        assert!(s.score <= 1, "{s:?}");
        assert!(estimate("Password123!", &[], Some(&small_list())).score <= 1);
        let s = estimate("password123456", &[], None);
        assert!(s.score <= 1, "{s:?}");
        // Word + year or digits + symbols stays below "Good".
        for pw in ["Spring2025!!", "Company123!!", "Football#1987"] {
            let s = estimate(pw, &[], None);
            assert!(s.score <= 2, "{pw}: {s:?}");
        }
    }

    #[test]
    fn keyboard_runs_are_weak() {
        assert!(score("qwertyuiop") <= 1);
        // Not in any list: found as a keyboard run.
        let s = estimate("zxcvbnm,./", &[], None);
        assert!(s.score <= 1, "{s:?}");
        assert_eq!(
            s.feedback.as_deref(),
            Some("Avoid keyboard patterns like qwerty or asdf")
        );
        assert!(score("1qaz2wsx3edc") <= 2);
    }

    #[test]
    fn sequences_are_weak() {
        let s = estimate("abcdefghijkl", &[], None);
        assert!(s.score <= 1, "{s:?}");
        assert_eq!(
            s.feedback.as_deref(),
            Some("Avoid sequences like abc or 123")
        );
        assert!(score("987654321098") <= 1);
        assert!(score("acegikmoqsuw") <= 1);
    }

    #[test]
    fn repeats_are_weak() {
        let s = estimate("aaaaaaaaaaaa", &[], None);
        assert_eq!(s.score, 0, "{s:?}");
        assert_eq!(
            s.feedback.as_deref(),
            Some("Avoid repeated characters like aaa")
        );
        let s = estimate("abcabcabcabc", &[], None);
        assert!(s.score <= 1, "{s:?}");
        let s = estimate("x7Kp!x7Kp!x7Kp!", &[], None);
        let once = estimate("x7Kp!", &[], None);
        assert!(
            s.guesses_log10 < once.guesses_log10 + 2.0,
            "{s:?} vs {once:?}"
        );
    }

    #[test]
    fn years_and_dates_are_cheap() {
        let s = estimate("1987", &[], None);
        assert_eq!(s.score, 0, "{s:?}");
        assert!(score("19871987") <= 1);
        assert!(score("24-12-1987") <= 2);
        let s = estimate("13/08/2019", &[], None);
        assert!(s.score <= 2, "{s:?}");
    }

    #[test]
    fn passphrase_is_strong() {
        assert!(score("correct horse battery staple") >= 3);
        let s = estimate("correct horse battery staple", &[], Some(&small_list()));
        assert!(s.score >= 3, "{s:?}");
        assert_eq!(s.feedback, None);
    }

    #[test]
    fn random_password_is_strong() {
        let s = estimate("xK9#mQ2$vL7@pR4!", &[], None);
        assert_eq!(s.score, 4, "{s:?}");
        assert_eq!(s.label, "Strong");
        assert_eq!(s.feedback, None);
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

    #[test]
    fn roughly_monotonic() {
        // Growing a random-looking string never lowers the estimate.
        let s = "7Gq!xR2#mK9$vT4&wZ8*";
        let mut last = -1.0;
        for end in 1..=s.len() {
            let g = estimate(&s[..end], &[], None).guesses_log10;
            assert!(g >= last, "prefix {end}: {g} < {last}");
            last = g;
        }
        // Weak < decorated < random < longer random.
        let a = estimate("monkey", &[], None).guesses_log10;
        let b = estimate("monkey7!", &[], None).guesses_log10;
        let c = estimate("m0nK#y7!qZ", &[], None).guesses_log10;
        let d = estimate("m0nK#y7!qZ-Lw3@Tz", &[], None).guesses_log10;
        assert!(a < b && b < c && c < d, "{a} {b} {c} {d}");
        // Scores never go down when a random character is appended to a long password.
        assert!(score("xK9#mQ2$vL7@pR4!") <= score("xK9#mQ2$vL7@pR4!u"));
    }

    #[test]
    fn unicode_passwords() {
        // Six letters of another alphabet are not strong; a long mixed sentence is.
        let s = estimate("пароль", &[], None);
        assert!(s.score <= 3, "{s:?}");
        let s = estimate("ĉu vi ŝatas ĉokoladon? 🍫", &[], None);
        assert_eq!(s.score, 4, "{s:?}");
        // Characters whose lower case is longer are kept in place.
        let _ = estimate("İİİİİİİİ", &["İstanbul"], None);
    }

    #[test]
    fn long_inputs_are_cut() {
        let long: String = "xK9#mQ2$".repeat(100);
        let cut: String = long.chars().take(MAX_ESTIMATE_CHARS).collect();
        assert_eq!(estimate(&long, &[], None), estimate(&cut, &[], None));
    }

    #[test]
    fn bounded_time() {
        use std::time::Instant;
        let list = {
            // A list shaped like the real one: many short entries sharing prefixes.
            let mut text = String::new();
            for k in 0..100_000u32 {
                text.push_str(&format!(
                    "{}{}\n",
                    ["pass", "qwe", "a", "123", "!@#", "love"][k as usize % 6],
                    k
                ));
            }
            CommonPasswords::from_text(&text)
        };
        let symbols128: String = "!@#$%^&*()_+-=[]{};':\",./<>?`~|\\"
            .chars()
            .cycle()
            .step_by(7)
            .take(128)
            .collect();
        let mixed256: String = "aB3$xZ9!qwerty1987passWORD@@@@abcabc~"
            .chars()
            .cycle()
            .take(256)
            .collect();
        let repeated256 = "a".repeat(256);
        let digits256: String = "1234567890".chars().cycle().take(256).collect();
        for (name, pw) in [
            ("128 symbols", symbols128.as_str()),
            ("256 mixed", mixed256.as_str()),
            ("256 repeated", repeated256.as_str()),
            ("256 digits", digits256.as_str()),
        ] {
            let started = Instant::now();
            let s = estimate(pw, &["someone@example.com", "someone"], Some(&list));
            let elapsed = started.elapsed();
            println!(
                "{name}: {elapsed:?} (score {}, 10^{:.1} guesses)",
                s.score, s.guesses_log10
            );
            assert!(s.guesses_log10.is_finite());
            // Generous bound so that unoptimised test builds on a busy machine pass too.
            assert!(elapsed.as_millis() < 500, "{name} took {elapsed:?}");
        }
    }
}
