//! The cheapest cover of a password by matches and brute force: a dynamic program over positions.

use super::matching::{char_log, Match};

/// Most segments the dynamic program keeps track of. With `1_000^(l - 1)` in the total,
/// 24 segments already mean more than 10^69 guesses.
const MAX_SEGMENTS: usize = 24;
/// log10 of the per-segment term (zxcvbn's MIN_GUESSES_BEFORE_GROWING_SEQUENCE is 10_000;
/// see the `strength` module documentation for why this is 1_000).
const SEGMENT_PENALTY_LOG10: f64 = 3.0;

#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) enum Segment {
    Match(usize),
    BruteForce { i: usize, j: usize },
}

pub(super) struct Best {
    pub(super) guesses_log10: f64,
    pub(super) segments: Vec<Segment>,
}

/// log10(10^a + 10^b)
fn log_add(a: f64, b: f64) -> f64 {
    let (hi, lo) = if a >= b { (a, b) } else { (b, a) };
    if lo == f64::NEG_INFINITY {
        return hi;
    }
    hi + (1.0 + 10f64.powf(lo - hi)).log10()
}

/// The cheapest cover of `chars` by matches and brute-force segments.
pub(super) fn most_guessable(chars: &[char], matches: &[Match]) -> Best {
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
