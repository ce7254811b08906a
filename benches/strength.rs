//! The strength estimator against zxcvbn 3 (the `zxcvbn` crate, a dev-dependency) on a generated
//! corpus, per pattern class: how often the two scores are within one step of each other, how
//! often they are equal, how often they take the same default-policy decision (accept at
//! score 3 or more), and the median score of each.
//!
//! The corpus is deterministic (a seeded RNG). Words come from the shipped common-password list:
//! "common words" are its alphabetic entries of 4 to 10 letters among the first 20,000 lines,
//! the "large list" for passphrases is every alphabetic entry of 4 to 8 letters. The estimator
//! gets the full list, as on the server and in the browser once the list has loaded; neither
//! side gets user inputs.
//!
//! `cargo bench --features ssr --bench strength`; `KEYTURN_BENCH_QUICK=1` generates 40 passwords
//! per class instead of 200. Result lines start with `bench:`. Nothing is asserted.

use std::io::Read;
use std::time::{Duration, Instant};

use keyturn::policy::{estimate, CommonPasswords};
use keyturn::server::state::{common_passwords, COMMON_PASSWORDS_GZ};
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};

/// The default policy's threshold (`KEYTURN_PASSWORD_MIN_SCORE`).
const ACCEPT_SCORE: u8 = 3;
const SEED: u64 = 0x6b65_7974_7572_6e21;

const SYMBOLS: &[u8] = b"!@#$%^&*.?-_+=~";
const PRINTABLE: &[u8] =
    b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";
const KEYBOARD_ROWS: [&str; 4] = ["1234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm"];
const KEYBOARD_COLUMNS: [&str; 4] = ["1qaz2wsx3edc", "zaq1xsw2cde3", "qazwsxedc", "1q2w3e4r5t"];

struct Words {
    /// Alphabetic entries of 4 to 10 letters among the first 20,000 lines.
    common: Vec<String>,
    /// Alphabetic entries of 4 to 8 letters anywhere in the list.
    large: Vec<String>,
    /// The first 10,000 lines as they are.
    top: Vec<String>,
}

fn words() -> Words {
    let mut text = String::new();
    flate2::read::GzDecoder::new(COMMON_PASSWORDS_GZ)
        .read_to_string(&mut text)
        .expect("the shipped list is gzip text");
    let alpha = |w: &str, lo: usize, hi: usize| {
        (lo..=hi).contains(&w.len()) && w.bytes().all(|b| b.is_ascii_lowercase())
    };
    let lines: Vec<&str> = text.lines().collect();
    Words {
        common: lines[..20_000]
            .iter()
            .filter(|w| alpha(w, 4, 10))
            .map(|w| w.to_string())
            .collect(),
        large: lines
            .iter()
            .filter(|w| alpha(w, 4, 8))
            .map(|w| w.to_string())
            .collect(),
        top: lines[..10_000].iter().map(|w| w.to_string()).collect(),
    }
}

fn capitalise(w: &str) -> String {
    let mut c = w.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

fn pick<'a>(rng: &mut StdRng, list: &'a [String]) -> &'a str {
    list.choose(rng).expect("a non-empty list")
}

fn symbol(rng: &mut StdRng) -> char {
    char::from(*SYMBOLS.choose(rng).expect("symbols"))
}

/// A short number as people append it: mostly "123", else 1, 12, 1234 or one or two digits.
fn short_number(rng: &mut StdRng) -> String {
    match rng.gen_range(0..10) {
        0..=4 => "123".to_string(),
        5 => "1".to_string(),
        6 => "12".to_string(),
        7 => "1234".to_string(),
        8 => rng.gen_range(0..10).to_string(),
        _ => format!("{:02}", rng.gen_range(0..100)),
    }
}

fn random_string(rng: &mut StdRng, len: usize) -> String {
    (0..len)
        .map(|_| char::from(*PRINTABLE.choose(rng).expect("printable")))
        .collect()
}

fn leet(w: &str, rng: &mut StdRng) -> String {
    let heavy = rng.gen_bool(0.5);
    w.chars()
        .map(|c| match c {
            'a' => {
                if heavy {
                    '4'
                } else {
                    '@'
                }
            }
            'e' => '3',
            'o' => '0',
            's' => {
                if heavy {
                    '5'
                } else {
                    '$'
                }
            }
            'i' => '1',
            other => other,
        })
        .collect()
}

fn keyboard_walk(rng: &mut StdRng) -> String {
    if rng.gen_bool(0.25) {
        let col = KEYBOARD_COLUMNS.choose(rng).expect("columns");
        let len = rng.gen_range(6..=col.len().min(9));
        return col[..len].to_string();
    }
    let row = KEYBOARD_ROWS.choose(rng).expect("rows");
    let len = rng.gen_range(5..=row.len().min(8));
    let start = rng.gen_range(0..=row.len() - len);
    let walk = &row[start..start + len];
    if rng.gen_bool(0.3) {
        walk.chars().rev().collect()
    } else {
        walk.to_string()
    }
}

type Generator = fn(&mut StdRng, &Words) -> String;

fn classes() -> Vec<(&'static str, Generator)> {
    vec![
        ("Capitalised word + number + symbol", |rng, w| {
            format!(
                "{}{}{}",
                capitalise(pick(rng, &w.common)),
                short_number(rng),
                symbol(rng)
            )
        }),
        ("word + year", |rng, w| {
            let word = pick(rng, &w.common);
            let word = if rng.gen_bool(0.5) {
                capitalise(word)
            } else {
                word.to_string()
            };
            format!("{word}{}", rng.gen_range(1950..=2030))
        }),
        ("word + year + symbol", |rng, w| {
            format!(
                "{}{}{}",
                capitalise(pick(rng, &w.common)),
                rng.gen_range(1950..=2030),
                symbol(rng)
            )
        }),
        ("two words, hyphen", |rng, w| {
            let (a, b) = (pick(rng, &w.common), pick(rng, &w.common));
            if rng.gen_bool(0.3) {
                format!("{}-{}", capitalise(a), capitalise(b))
            } else {
                format!("{a}-{b}")
            }
        }),
        ("two words, joined", |rng, w| {
            let (a, b) = (pick(rng, &w.common), pick(rng, &w.common));
            format!("{}{}", capitalise(a), capitalise(b))
        }),
        ("three-word passphrase", |rng, w| {
            let sep = [" ", "-"].choose(rng).expect("separators");
            let words: Vec<&str> = (0..3).map(|_| pick(rng, &w.large)).collect();
            words.join(sep)
        }),
        ("leet word + digits", |rng, w| {
            let word = loop {
                let word = pick(rng, &w.common);
                if word.chars().any(|c| "aeosi".contains(c)) {
                    break word;
                }
            };
            let word = leet(word, rng);
            let word = if rng.gen_bool(0.5) {
                capitalise(&word)
            } else {
                word
            };
            let digits = rng.gen_range(1..=4);
            let number: String = (0..digits)
                .map(|_| char::from(b'0' + rng.gen_range(0..10u8)))
                .collect();
            format!("{word}{number}")
        }),
        ("keyboard walk + digits", |rng, _| {
            let number = if rng.gen_bool(0.5) {
                short_number(rng)
            } else {
                rng.gen_range(1950..=2030).to_string()
            };
            format!("{}{number}", keyboard_walk(rng))
        }),
        ("common password as is", |rng, w| {
            pick(rng, &w.top).to_string()
        }),
        ("random 12 characters", |rng, _| random_string(rng, 12)),
        ("random 16 characters", |rng, _| random_string(rng, 16)),
    ]
}

#[derive(Default)]
struct Tally {
    n: usize,
    within_one: usize,
    exact: usize,
    same_decision: usize,
    ours_accept: usize,
    theirs_accept: usize,
    ours: Vec<u8>,
    theirs: Vec<u8>,
}

impl Tally {
    fn add(&mut self, ours: u8, theirs: u8) {
        self.n += 1;
        self.within_one += usize::from(ours.abs_diff(theirs) <= 1);
        self.exact += usize::from(ours == theirs);
        self.same_decision += usize::from((ours >= ACCEPT_SCORE) == (theirs >= ACCEPT_SCORE));
        self.ours_accept += usize::from(ours >= ACCEPT_SCORE);
        self.theirs_accept += usize::from(theirs >= ACCEPT_SCORE);
        self.ours.push(ours);
        self.theirs.push(theirs);
    }

    fn merge(&mut self, other: &Tally) {
        self.n += other.n;
        self.within_one += other.within_one;
        self.exact += other.exact;
        self.same_decision += other.same_decision;
        self.ours_accept += other.ours_accept;
        self.theirs_accept += other.theirs_accept;
        self.ours.extend_from_slice(&other.ours);
        self.theirs.extend_from_slice(&other.theirs);
    }

    fn percent(&self, k: usize) -> f64 {
        100.0 * k as f64 / self.n.max(1) as f64
    }

    fn line(&self, name: &str) -> String {
        format!(
            "{name:<36} {:>4} {:>7.1} {:>6.1} {:>7.1} {:>8.1} {:>8.1} {:>6} {:>6}",
            self.n,
            self.percent(self.within_one),
            self.percent(self.exact),
            self.percent(self.same_decision),
            self.percent(self.ours_accept),
            self.percent(self.theirs_accept),
            median(&self.ours),
            median(&self.theirs),
        )
    }
}

fn median(scores: &[u8]) -> String {
    let mut s = scores.to_vec();
    s.sort_unstable();
    match s.len() {
        0 => "-".to_string(),
        n if n % 2 == 1 => s[n / 2].to_string(),
        n if s[n / 2 - 1] == s[n / 2] => s[n / 2].to_string(),
        n => format!(
            "{:.1}",
            (f64::from(s[n / 2 - 1]) + f64::from(s[n / 2])) / 2.0
        ),
    }
}

fn main() {
    let quick = std::env::var("KEYTURN_BENCH_QUICK")
        .map(|v| ["1", "true", "yes", "on"].contains(&v.trim().to_ascii_lowercase().as_str()))
        .unwrap_or(false);
    let per_class = if quick { 40 } else { 200 };
    let list = common_passwords();
    let list: &CommonPasswords = &list;
    let words = words();
    let verbose = std::env::var_os("KEYTURN_BENCH_VERBOSE").is_some();

    println!(
        "bench: strength vs zxcvbn 3, {per_class} passwords per class{}",
        if quick { " (quick)" } else { "" }
    );
    println!(
        "bench: {:<36} {:>4} {:>7} {:>6} {:>7} {:>8} {:>8} {:>6} {:>6}",
        "class", "n", "±1 %", "= %", "pol. %", "ours ≥3", "zx ≥3", "med.", "zx med."
    );
    let mut rng = StdRng::seed_from_u64(SEED);
    let mut total = Tally::default();
    let (mut ours_time, mut theirs_time) = (Duration::ZERO, Duration::ZERO);
    for (name, generate) in classes() {
        let mut tally = Tally::default();
        for _ in 0..per_class {
            let pw = generate(&mut rng, &words);
            let started = Instant::now();
            let ours = estimate(&pw, &[], Some(list)).score;
            ours_time += started.elapsed();
            let started = Instant::now();
            let theirs = u8::from(zxcvbn::zxcvbn(&pw, &[]).score());
            theirs_time += started.elapsed();
            if verbose && ours != theirs {
                println!("bench:   {name}: {pw:?} ours {ours}, zxcvbn {theirs}");
            }
            tally.add(ours, theirs);
        }
        println!("bench: {}", tally.line(name));
        total.merge(&tally);
    }
    println!("bench: {}", total.line("all classes"));
    let calls = total.n.max(1) as f64;
    println!(
        "bench: mean time per password: estimator {:.1} µs, zxcvbn {:.1} µs",
        ours_time.as_secs_f64() * 1e6 / calls,
        theirs_time.as_secs_f64() * 1e6 / calls
    );
}
