//! Date matches: years and dates written with or without separators.

use super::{Kind, Match};

/// Years are judged relative to this one (the library does no I/O, so it cannot ask the clock).
const REFERENCE_YEAR: i32 = 2026;
const MIN_YEAR_SPACE: i32 = 20;
const DATE_MIN_YEAR: i32 = 1000;
const DATE_MAX_YEAR: i32 = 2050;

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
pub(super) fn date_matches(chars: &[char], out: &mut Vec<Match>) {
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

#[cfg(test)]
mod tests {
    use crate::policy::strength::estimate;
    use crate::policy::strength::tests::score;

    #[test]
    fn years_and_dates_are_cheap() {
        let s = estimate("1987", &[], None);
        assert_eq!(s.score, 0, "{s:?}");
        assert!(score("19871987") <= 1);
        assert!(score("24-12-1987") <= 2);
        let s = estimate("13/08/2019", &[], None);
        assert!(s.score <= 2, "{s:?}");
    }
}
