//! Sequence matches: runs of characters whose codes go up or down by the same step.

use super::{Kind, Match};

/// Runs of at least three characters whose codes go up or down by the same step (1 to 5).
pub(super) fn sequence_matches(chars: &[char], out: &mut Vec<Match>) {
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

#[cfg(test)]
mod tests {
    use crate::policy::strength::estimate;
    use crate::policy::strength::tests::score;

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
}
