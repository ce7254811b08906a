//! argon2id at the production parameters (m = 19456 KiB, t = 2, p = 1) on this machine: the
//! time of one hash and the hashes per second one core and all cores sustain. Later figures
//! (reset completions per second) are compared against this bound.
//!
//! `cargo bench --features ssr --bench argon2` (add `-- --quick` for a short run).

use std::time::{Duration, Instant};

// Only the crate paths of the shared testkit (this bench needs none of its harness), of which it
// takes one.
#[allow(unused_imports, reason = "the list serves every test and bench")]
#[path = "../tests/testkit/paths.rs"]
mod paths;

use paths::passwords::{hash_now, ITERATIONS, MEMORY_KIB, PARALLELISM};

fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    let samples = if quick { 10 } else { 40 };
    let window = Duration::from_secs(if quick { 3 } else { 10 });
    let cores = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1);

    hash_now("warm-up");
    let mut times: Vec<f64> = (0..samples)
        .map(|i| {
            let t = Instant::now();
            hash_now(&format!("benchmark password {i}"));
            t.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    times.sort_by(|a, b| a.partial_cmp(b).unwrap());
    let p50 = times[times.len() / 2];
    let mean = times.iter().sum::<f64>() / times.len() as f64;

    let start = Instant::now();
    let handles: Vec<_> = (0..cores)
        .map(|t| {
            std::thread::spawn(move || {
                let mut n = 0u64;
                while start.elapsed() < window {
                    hash_now(&format!("thread {t} hash {n}"));
                    n += 1;
                }
                n
            })
        })
        .collect();
    let total: u64 = handles.into_iter().map(|h| h.join().unwrap()).sum();
    let per_second = total as f64 / start.elapsed().as_secs_f64();

    println!("bench: argon2id m={MEMORY_KIB} KiB t={ITERATIONS} p={PARALLELISM}");
    println!("bench: argon2 hash time p50 = {p50:.1} ms, mean = {mean:.1} ms ({samples} samples, one core)");
    println!("bench: argon2 hashes/s one core = {:.1}", 1000.0 / mean);
    println!(
        "bench: argon2 hashes/s all {cores} cores = {per_second:.1} (bound for reset completions)"
    );
}
