//! Repeat matches: the same unit written two or more times in a row.

use super::{char_log, Kind, Match};
use crate::policy::strength::MAX_TOKEN_CHARS;

/// The same unit repeated: for every period up to [`MAX_TOKEN_CHARS`], every maximal run of
/// whole repetitions. The guesses are those of the unit times the number of repetitions; the
/// unit's guesses come from the cheapest cover of it by the matches found so far and brute force.
pub(super) fn repeat_matches(chars: &[char], out: &mut Vec<Match>) {
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

#[cfg(test)]
mod tests {
    use crate::policy::strength::estimate;

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
}
