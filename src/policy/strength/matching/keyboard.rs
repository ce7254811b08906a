//! Keyboard matches: runs of neighbouring keys on a US qwerty keyboard.

use super::dictionary::n_choose_k;
use super::{Kind, Match};

/// Keyboard matcher constants (zxcvbn's values for qwerty).
const KEYBOARD_STARTING_POSITIONS: f64 = 94.0;
const KEYBOARD_AVERAGE_DEGREE: f64 = 4.595_744_680_851_064;

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
pub(super) fn keyboard_matches(chars: &[char], out: &mut Vec<Match>) {
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

#[cfg(test)]
mod tests {
    use crate::policy::strength::estimate;
    use crate::policy::strength::tests::score;

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
}
