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
//!
//! The matchers live in `matching` (one file per kind of match), the dynamic program in `search`
//! and the hint for weak passwords in `feedback`.

mod feedback;
mod matching;
mod search;

use super::common::CommonPasswords;
use feedback::feedback;
pub use feedback::Hint;
use matching::find_matches;
use search::most_guessable;

/// Only this many leading characters of a password are estimated.
pub const MAX_ESTIMATE_CHARS: usize = 256;
/// Longest dictionary substring and longest repeated unit considered.
pub const MAX_TOKEN_CHARS: usize = 32;

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
    /// The same hint by name, for a page to word in its own language.
    #[serde(default)]
    pub hint: Option<Hint>,
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
            hint: None,
        };
    }
    let matches = find_matches(&chars, user_inputs, common);
    let best = most_guessable(&chars, &matches);
    let guesses_log10 = best.guesses_log10.max(0.0);
    let score = Strength::score_for(guesses_log10);
    let hint = if score <= 2 {
        Some(feedback(&chars, &matches, &best.segments))
    } else {
        None
    };
    Strength {
        score,
        guesses_log10,
        label: Strength::label_for(score).to_string(),
        feedback: hint.map(|h| h.english().to_string()),
        hint,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(super) fn score(pw: &str) -> u8 {
        estimate(pw, &[], None).score
    }

    pub(super) fn small_list() -> CommonPasswords {
        CommonPasswords::from_text(
            "123456\npassword\n12345678\nqwerty\nalice\ncorrect\nhorse\nbattery\nstaple\nmonkey\n",
        )
    }

    /// A list with the given words at the given ranks (as on the shipped list) and filler that
    /// matches nothing elsewhere.
    pub(super) fn ranked_list(words: &[(&str, u32)]) -> CommonPasswords {
        let last = words.iter().map(|&(_, r)| r).max().unwrap_or(0);
        let lines: Vec<String> = (1..=last)
            .map(|r| match words.iter().find(|&&(_, wr)| wr == r) {
                Some(&(w, _)) => w.to_string(),
                None => format!("\u{e000}{r}"),
            })
            .collect();
        CommonPasswords::from_lines(lines.iter().map(String::as_str))
    }

    /// Ranks on the shipped list (`data/common-passwords.txt.gz`).
    const SHIPPED_RANKS: &[(&str, u32)] = &[
        ("1234", 7),
        ("thunder", 98),
        ("coffee", 189),
        ("angel", 220),
        ("tiger", 278),
        ("rocket", 322),
        ("good", 1014),
        ("horse", 1035),
        ("castle", 1355),
        ("galaxy", 1408),
        ("pencil", 1438),
        ("garden", 1488),
        ("123", 1590),
        ("planet", 1732),
        ("velvet", 1956),
        ("walnut", 2155),
        ("window", 2289),
        ("dark", 2341),
        ("river", 3041),
        ("candle", 3355),
        ("battery", 5855),
        ("marble", 6895),
        ("lantern", 6898),
        ("knuckles", 6901),
        ("darkangel", 7811),
        ("harbor", 8788),
        ("puzzle", 8980),
        ("meadow", 9008),
        ("correct", 14850),
        ("goodness", 18638),
        ("staple", 23065),
        ("ness", 27328),
        ("knuckle", 38373),
    ];

    /// Printable ASCII strings from a fixed xorshift sequence.
    pub(super) fn random_strings(count: usize, len: usize) -> Vec<String> {
        let printable: Vec<char> = ('!'..='~').collect();
        let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
        (0..count)
            .map(|_| {
                (0..len)
                    .map(|_| {
                        state ^= state << 13;
                        state ^= state >> 7;
                        state ^= state << 17;
                        printable[(state % printable.len() as u64) as usize]
                    })
                    .collect()
            })
            .collect()
    }

    /// Patterns rule-based cracking tries first, and what must stay strong, against a list.
    fn check_rule_based_patterns(list: &CommonPasswords) {
        // A capitalised common word, a short number and a symbol: one rule applied to one word.
        for pw in ["Knuckles123$", "Goodness123%", "Darkangel123."] {
            let s = estimate(pw, &[], Some(list));
            assert!(s.score <= 2, "{pw}: {s:?}");
            assert!(s.feedback.is_some(), "{pw}: {s:?}");
        }
        // Two common words joined: at most "Good".
        for pw in [
            "horse-battery",
            "Window_Garden",
            "castle.planet",
            "velvet lantern",
            "MarblePuzzle",
        ] {
            let s = estimate(pw, &[], Some(list));
            assert!(s.score <= 3, "{pw}: {s:?}");
        }
        // Two very common words joined are weaker still.
        for pw in ["tiger-coffee", "ThunderRocket"] {
            let s = estimate(pw, &[], Some(list));
            assert!(s.score <= 2, "{pw}: {s:?}");
        }
        // Three words from a large list stay strong, and so does the xkcd passphrase.
        for pw in [
            "window garden river",
            "lantern-meadow-walnut",
            "harbor marble puzzle",
            "velvet candle galaxy",
            "correct horse battery staple",
        ] {
            let s = estimate(pw, &[], Some(list));
            assert_eq!(s.score, 4, "{pw}: {s:?}");
        }
        // Random strings of 12 printable characters stay strong.
        for pw in random_strings(200, 12) {
            let s = estimate(&pw, &[], Some(list));
            assert_eq!(s.score, 4, "{pw}: {s:?}");
        }
    }

    #[test]
    fn rule_based_patterns_are_priced_as_rules() {
        check_rule_based_patterns(&ranked_list(SHIPPED_RANKS));
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
    fn hint_names_the_feedback() {
        for pw in ["qwertyuiop", "aaaaaaa", "abcdefgh", "password", "1987"] {
            let s = estimate(pw, &[], Some(&small_list()));
            assert!(s.hint.is_some(), "{pw}: {s:?}");
            assert_eq!(s.hint.map(Hint::english), s.feedback.as_deref(), "{pw}");
        }
        assert_eq!(estimate("", &[], None).hint, None);
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
