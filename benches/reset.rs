//! Reset throughput and latency through the real HTTP stack (router + server functions over
//! `tower::ServiceExt::oneshot`), compared with the bare argon2 bound of this machine.
//!
//! 1. argon2 bound: hashes per second at the production parameters, one thread per core.
//! 2. Reset completions per second (`reset/password`, concurrency 2 × cores) for flows already at
//!    the new-password step: without history (one hash each) and with the default history of 5
//!    on accounts that have an old password (one hash + one verify each).
//! 3. Latency at half load: Poisson arrivals at half the measured completion rate, p50 / p99,
//!    beside the least p99 that queueing allows at that load. Then twice saturation: arrivals at
//!    twice the completion rate, where every answer must still be a 200 (no 5xx, no "database
//!    busy") and the process's resident memory is sampled through the run (start, peak, end).
//! 4. Authenticator verifications per second (`reset/authenticator`, concurrency 16) on SQLite,
//!    and on Postgres when `KEYTURN_TEST_POSTGRES_URL` is set: correct codes on known accounts,
//!    and wrong codes on unknown User IDs.
//! 6. Sign-ins (password + authenticator code) per second against the same bound, latency at
//!    half load, and a wrong password for a known vs an unknown User ID, request by request.
//! 5. Timing of known vs unknown User IDs (same backends): per-request latency of `reset/start`,
//!    of a wrong code on `reset/authenticator` and of `reset/alternative` (the email PIN send:
//!    the dev outbox after the answer for a known account, nothing for an unknown one), one request
//!    at a time with known and unknown requests interleaved; median and p90 of each and their
//!    ratio known/unknown. The product promises that response times do not tell them apart.
//! 7. "Reset your password by email" (same backends): a matching User ID and address vs an
//!    unknown User ID and vs another address, interleaved; median and p90 ratios.
//!
//! `cargo bench --features ssr --bench reset`; `KEYTURN_BENCH_QUICK=1` shrinks every phase to
//! a few seconds. Result lines start with `bench:`; preparation progress goes to stderr. Timings
//! are printed, never asserted; the run fails only when a request gets an unexpected answer.
//!
//! Every simulated browser has its own client address (ConnectInfo), as distinct people would,
//! so the per-client rate-limit counters do not all land on one row.

#![allow(
    unreachable_pub,
    reason = "a test binary has no public interface: `pub` marks what the testkit offers its users"
)]

use std::future::Future;
use std::net::{Ipv4Addr, SocketAddr};
use std::ops::Deref;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::http::StatusCode;
use rand::{Rng, SeedableRng};

#[path = "../tests/testkit/mod.rs"]
mod testkit;

use testkit::admin::{add_user, AddUser, PasswordSource, TotpSource};
use testkit::crypto::Redacted;
use testkit::passwords::{hash_now, verify_now, ITERATIONS, MEMORY_KIB, PARALLELISM};
use testkit::{
    postgres_admin_url, totp, Client, Reply, TestApp, NEW_PASSWORD, OLD_PASSWORD, TOTP_SECRET,
};

/// Concurrency of the factor-verification phase and of all preparation.
const FACTOR_CONCURRENCY: usize = 16;

/// How long each phase runs.
struct Plan {
    quick: bool,
    cores: usize,
    /// Each thread of the argon2 bound hashes for this long.
    argon2_window: Duration,
    /// Completions are sized to take about this long at the expected rate.
    completion_seconds: f64,
    /// The open-loop latency phase runs for about this long.
    latency_seconds: f64,
    /// Known accounts (and as many unknown User IDs) per factor-verification backend.
    factor_flows: usize,
    /// Measured known/unknown pairs per backend in the timing phase (after the warm-up).
    timing_pairs: usize,
}

impl Plan {
    fn from_env() -> Plan {
        let quick = std::env::var("KEYTURN_BENCH_QUICK")
            .map(|v| ["1", "true", "yes", "on"].contains(&v.trim().to_ascii_lowercase().as_str()))
            .unwrap_or(false);
        let cores = std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1);
        if quick {
            Plan {
                quick,
                cores,
                argon2_window: Duration::from_secs(1),
                completion_seconds: 1.5,
                latency_seconds: 4.0,
                factor_flows: 200,
                timing_pairs: 300,
            }
        } else {
            Plan {
                quick,
                cores,
                argon2_window: Duration::from_secs(5),
                completion_seconds: 8.0,
                latency_seconds: 10.0,
                factor_flows: 5000,
                timing_pairs: 2000,
            }
        }
    }

    fn completion_concurrency(&self) -> usize {
        2 * self.cores
    }
}

fn main() {
    let plan = Plan::from_env();
    let started = Instant::now();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(plan.cores)
        .enable_all()
        .build()
        .expect("tokio runtime");
    // Errors the product logs (internal failures) show up on stderr.
    let _ = tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("error")),
        )
        .with_writer(std::io::stderr)
        .try_init();

    println!(
        "reset benchmark: {} mode, {} cores, argon2id m={MEMORY_KIB} KiB t={ITERATIONS} p={PARALLELISM}, load average at start {}",
        if plan.quick { "quick" } else { "full" },
        plan.cores,
        load_average()
    );
    let mut report = Report::default();

    // 1. The bare argon2 bound.
    progress(format!(
        "argon2 bound: {} threads hashing for {:.0?}",
        plan.cores, plan.argon2_window
    ));
    let cpu_before = cpu_seconds();
    let (bound, hashes) = argon2_bound(plan.cores, plan.argon2_window);
    let cpu = cpu_per_op(cpu_before, cpu_seconds(), hashes as usize);
    report.row(
        "argon2 bound, hashes/s",
        format!("{bound:.1}"),
        format!(
            "({} threads hashing {:.0?} each; {cpu})",
            plan.cores, plan.argon2_window
        ),
    );

    runtime.block_on(async {
        // 2. and 3. Completions and latency (SQLite).
        let one_hash = completions(&plan, bound, &mut report).await;
        latency_at_half_load(&plan, one_hash, bound, &mut report).await;
        twice_saturation(&plan, one_hash, &mut report).await;

        // 4. Factor verifications.
        factor_verifications(&plan, "sqlite", &mut report).await;
        if postgres_admin_url().is_some() {
            factor_verifications(&plan, "postgres", &mut report).await;
        } else {
            for kind in ["correct code", "wrong code"] {
                report.row(
                    format!("authenticator verifications/s postgres ({kind})"),
                    "skipped",
                    "(no KEYTURN_TEST_POSTGRES_URL)",
                );
            }
        }

        // 5. Known vs unknown User IDs, request by request.
        timing(&plan, "sqlite", &mut report).await;
        if postgres_admin_url().is_some() {
            timing(&plan, "postgres", &mut report).await;
        } else {
            report.line("timing on postgres skipped (no KEYTURN_TEST_POSTGRES_URL)".into());
        }

        // 6. Sign-ins: throughput against the bound, latency at half load, known vs unknown.
        let rate = sign_ins(&plan, bound, &mut report).await;
        sign_in_latency(&plan, rate, &mut report).await;
        sign_in_timing(&plan, "sqlite", &mut report).await;
        if postgres_admin_url().is_some() {
            sign_in_timing(&plan, "postgres", &mut report).await;
        }

        // 7. The forgotten password by email: a match vs an unknown User ID or another address.
        email_reset_timing(&plan, "sqlite", &mut report).await;
        if postgres_admin_url().is_some() {
            email_reset_timing(&plan, "postgres", &mut report).await;
        }
    });
    drop(runtime);

    report.row(
        "total run time, s",
        format!("{:.1}", started.elapsed().as_secs_f64()),
        format!("({} mode)", if plan.quick { "quick" } else { "full" }),
    );
    report.print();
    if !report.failures.is_empty() {
        for f in &report.failures {
            println!("bench: FAILED {f}");
        }
        std::process::exit(1);
    }
}

/// One line of the result table: what was measured, the number, and how to read it.
struct Row {
    metric: String,
    value: String,
    note: String,
}

#[derive(Default)]
struct Report {
    rows: Vec<Row>,
    /// Free-form result lines (comparisons), each with the number of rows before it.
    lines: Vec<(usize, String)>,
    failures: Vec<String>,
}

impl Report {
    fn row(
        &mut self,
        metric: impl Into<String>,
        value: impl Into<String>,
        note: impl Into<String>,
    ) {
        let row = Row {
            metric: metric.into(),
            value: value.into(),
            note: note.into(),
        };
        progress(format!(
            "result: {} = {} {}",
            row.metric, row.value, row.note
        ));
        self.rows.push(row);
    }

    /// A result line that does not fit the table's `metric = value` shape.
    fn line(&mut self, text: String) {
        progress(format!("result: {text}"));
        self.lines.push((self.rows.len(), text));
    }

    /// The table: `bench: <metric> = <value>  <note>`, aligned, with the free-form lines where
    /// they were recorded.
    fn print(&self) {
        let width = self.rows.iter().map(|r| r.metric.len()).max().unwrap_or(0);
        let value_width = self.rows.iter().map(|r| r.value.len()).max().unwrap_or(0);
        let rule = "-".repeat(width + value_width + 40);
        println!();
        println!("{rule}");
        let mut lines = self.lines.iter().peekable();
        for (i, r) in self.rows.iter().enumerate() {
            while let Some((_, line)) = lines.next_if(|(before, _)| *before == i) {
                println!("bench: {line}");
            }
            println!(
                "bench: {:<width$} = {:>value_width$}  {}",
                r.metric, r.value, r.note
            );
        }
        for (_, line) in lines {
            println!("bench: {line}");
        }
        println!("{rule}");
    }

    /// Records unexpected answers of a measured phase (the numbers would be meaningless).
    fn check(&mut self, what: &str, expected: StatusCode, replies: &[Reply], body: &str) -> usize {
        let fine = |r: &Reply| r.status == expected && r.body.contains(body);
        let good = replies.iter().filter(|r| fine(r)).count();
        if good != replies.len() {
            let bad = replies.iter().find(|r| !fine(r)).unwrap();
            self.failures.push(format!(
                "{what}: {} of {} requests did not answer {expected} {body} (first: {} {})",
                replies.len() - good,
                replies.len(),
                bad.status,
                bad.body
            ));
        }
        good
    }
}

/// A progress line on stderr, stamped with the seconds since the run started.
fn progress(message: String) {
    static START: std::sync::OnceLock<Instant> = std::sync::OnceLock::new();
    let since = START.get_or_init(Instant::now).elapsed().as_secs_f64();
    eprintln!("[reset bench {since:6.1}s] {message}");
}

/// CPU time (user + system) this process has used so far, from /proc (Linux; USER_HZ = 100).
/// Unlike wall time it barely moves when other programs compete for the cores, so CPU per
/// operation checks what a completion costs even on a busy machine.
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the parenthesised command name; utime and stime are fields 14 and 15.
    let rest = &stat[stat.rfind(')')? + 2..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let utime: f64 = fields.get(11)?.parse().ok()?;
    let stime: f64 = fields.get(12)?.parse().ok()?;
    Some((utime + stime) / 100.0)
}

/// Milliseconds of CPU per operation between two readings, as text.
fn cpu_per_op(before: Option<f64>, after: Option<f64>, ops: usize) -> String {
    match (before, after) {
        (Some(b), Some(a)) if ops > 0 => {
            format!("{:.1} ms CPU each", (a - b) * 1000.0 / ops as f64)
        }
        _ => "CPU time unavailable".into(),
    }
}

/// The nearest-rank `p` percentile (0 < p <= 1) of sorted, non-empty samples.
fn percentile(sorted: &[f64], p: f64) -> f64 {
    sorted[((sorted.len() as f64 * p).ceil() as usize).clamp(1, sorted.len()) - 1]
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "unknown".into())
}

/// Hashes per second with every core hashing in a loop (each thread's own rate, summed), and
/// the number of hashes made (including one warm-up).
fn argon2_bound(threads: usize, window: Duration) -> (f64, u64) {
    hash_now("warm-up");
    let handles: Vec<_> = (0..threads)
        .map(|t| {
            std::thread::spawn(move || {
                let start = Instant::now();
                let mut n = 0u64;
                while start.elapsed() < window {
                    hash_now(&format!("thread {t} hash {n}"));
                    n += 1;
                }
                (n as f64 / start.elapsed().as_secs_f64(), n)
            })
        })
        .collect();
    handles
        .into_iter()
        .map(|h| h.join().unwrap())
        .fold((0.0, 1), |(rate, count), (r, n)| (rate + r, count + n))
}

// ---------------------------------------------------------------------------------------------
// The application around a fresh database (the shared testkit), with numbered accounts and
// browsers.

/// A testkit app and what the benchmark adds to it: the decoded authenticator secret and the
/// numbering of accounts.
struct App {
    kit: TestApp,
    totp_secret: Vec<u8>,
    /// Numbers accounts (their User ID, phone and client address) across the app's lifetime.
    next_account: AtomicUsize,
}

impl Deref for App {
    type Target = TestApp;

    fn deref(&self) -> &TestApp {
        &self.kit
    }
}

impl App {
    /// A testkit app on a fresh database (dev mode: messages land in the dev outbox), its rate
    /// limits out of the way.
    async fn new(backend: &str, extra: &[(&str, &str)]) -> Arc<App> {
        progress(format!("opening a fresh {backend} database"));
        let mut settings = vec![("KEYTURN_RATE_LIMIT_PER_MINUTE", "1000000")];
        settings.extend_from_slice(extra);
        Arc::new(App {
            kit: TestApp::new(backend, &settings).await,
            totp_secret: totp::decode_secret(TOTP_SECRET).unwrap(),
            next_account: AtomicUsize::new(1),
        })
    }

    /// Closes the pool (waiting for connections in use) and removes the database.
    async fn dispose(self: Arc<Self>) {
        progress("closing the database".into());
        self.state.store.close().await;
        progress("closed".into());
        // Should anyone still hold the app, the database goes when the last of them drops it.
        let Ok(app) = Arc::try_unwrap(self) else {
            return;
        };
        match app.kit.remove_database().await {
            Ok(0) => {}
            // The pool is closed, but a connection may linger for a moment (or, with some sqlx
            // versions, longer); the drop (WITH (FORCE), Postgres 13+) ended any that remained.
            Ok(lingering) => progress(format!(
                "{lingering} connection(s) to the database still listed by Postgres after the pool closed"
            )),
            Err(e) => progress(format!("could not drop the database {e}")),
        }
    }

    fn totp_code(&self) -> String {
        totp::code_at(&self.totp_secret, self.state.clock.now())
    }

    /// A six-digit code the authenticator step rejects now: none of the previous, current or
    /// next time step's codes (the step may roll over before the request is answered).
    fn wrong_code(&self) -> String {
        let now = self.state.clock.now();
        let step = totp::STEP_SECONDS as i64;
        let valid: Vec<String> = [now - step, now, now + step]
            .into_iter()
            .map(|t| totp::code_at(&self.totp_secret, t))
            .collect();
        (123_456..)
            .map(|n| format!("{n:06}"))
            .find(|code| !valid.contains(code))
            .unwrap()
    }

    fn browser(&self, n: usize) -> Client {
        self.client_at(SocketAddr::from((
            Ipv4Addr::from(0x0a00_0000u32 + n as u32),
            50_000,
        )))
    }

    /// Adds a numbered account (authenticator always, a password when asked); returns its
    /// number.
    async fn add_account(&self, with_password: bool) -> usize {
        let n = self.next_account.fetch_add(1, Ordering::Relaxed);
        let req = AddUser {
            user_id: user_id(n),
            email: format!("{}@example.com", user_id(n)),
            phone: Some(phone(n)),
            password: if with_password {
                PasswordSource::Given(Redacted::new(OLD_PASSWORD.into()))
            } else {
                PasswordSource::None
            },
            // One secret for all accounts; each has its own last accepted step.
            totp: TotpSource::Given(TOTP_SECRET.into()),
        };
        add_user(
            &self.state.store,
            &self.state.keys,
            "Keyturn",
            req,
            self.state.clock.now(),
        )
        .await
        .expect("add user");
        n
    }

    /// A browser whose flow for account `n` stands at the new-password step (standard path:
    /// authenticator, then the SMS PIN from the outbox).
    async fn flow_at_password_step(&self, n: usize) -> Client {
        let mut b = self.browser(n);
        b.call("reset/start", &[("user_id", &user_id(n))])
            .await
            .expect_ok("reset/start");
        b.call("reset/authenticator", &[("code", &self.totp_code())])
            .await
            .expect_ok("reset/authenticator");
        let (pin, _) = self.last_pin_to(&phone(n)).await;
        b.call("reset/pin", &[("pin", &pin)])
            .await
            .expect_ok("reset/pin");
        b
    }
}

fn user_id(n: usize) -> String {
    format!("bench-{n:06}")
}

/// E.164, distinct per account so each PIN can be found in the outbox.
fn phone(n: usize) -> String {
    format!("+1555{n:07}")
}

/// Preparation must go as planned, or the measurement would be of something else.
trait ExpectOk {
    fn expect_ok(self, what: &str) -> Self;
}

impl ExpectOk for Reply {
    fn expect_ok(self, what: &str) -> Reply {
        assert_eq!(
            self.status,
            StatusCode::OK,
            "{what} while preparing: {}",
            self.body
        );
        self
    }
}

/// Runs `f` over every item with at most `concurrency` in flight (workers pulling from one
/// queue); results in item order.
async fn run_concurrent<T, R, F, Fut>(items: Vec<T>, concurrency: usize, f: F) -> Vec<R>
where
    T: Send + 'static,
    R: Send + 'static,
    F: Fn(T) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = R> + Send + 'static,
{
    let n = items.len();
    let queue = Arc::new(Mutex::new(items.into_iter().enumerate()));
    let f = Arc::new(f);
    let workers: Vec<_> = (0..concurrency.clamp(1, n.max(1)))
        .map(|_| {
            let queue = queue.clone();
            let f = f.clone();
            tokio::spawn(async move {
                let mut done = Vec::new();
                loop {
                    let next = queue.lock().unwrap().next();
                    let Some((i, item)) = next else { break };
                    done.push((i, f(item).await));
                }
                done
            })
        })
        .collect();
    let mut results: Vec<Option<R>> = (0..n).map(|_| None).collect();
    for worker in workers {
        for (i, r) in worker.await.expect("worker panicked") {
            results[i] = Some(r);
        }
    }
    results.into_iter().map(Option::unwrap).collect()
}

/// `count` accounts (with or without a password), each with a flow at the new-password step.
async fn prepare_completions(app: &Arc<App>, count: usize, with_password: bool) -> Vec<Client> {
    let t = Instant::now();
    // Accounts first: with a password, `add_user` hashes on the calling thread, so at most one
    // per core.
    let add_concurrency = if with_password {
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
    } else {
        FACTOR_CONCURRENCY
    };
    let numbers = run_concurrent(vec![(); count], add_concurrency, {
        let app = app.clone();
        move |()| {
            let app = app.clone();
            async move { app.add_account(with_password).await }
        }
    })
    .await;
    let browsers = run_concurrent(numbers, FACTOR_CONCURRENCY, {
        let app = app.clone();
        move |n| {
            let app = app.clone();
            async move { app.flow_at_password_step(n).await }
        }
    })
    .await;
    progress(format!(
        "prepared {count} flows at the new-password step ({}) in {:.1} s",
        if with_password {
            "accounts with an old password"
        } else {
            "accounts without a password"
        },
        t.elapsed().as_secs_f64()
    ));
    browsers
}

async fn complete(mut b: Client) -> Reply {
    b.call(
        "reset/password",
        &[
            ("new_password", NEW_PASSWORD),
            ("confirm_password", NEW_PASSWORD),
        ],
    )
    .await
}

/// Closed-loop completions at concurrency 2 × cores: the replies, the seconds they took, and
/// the CPU used per completion.
async fn measure_completions(plan: &Plan, browsers: Vec<Client>) -> (Vec<Reply>, f64, String) {
    let n = browsers.len();
    let cpu_before = cpu_seconds();
    let t = Instant::now();
    let replies = run_concurrent(browsers, plan.completion_concurrency(), complete).await;
    let secs = t.elapsed().as_secs_f64();
    let cpu = cpu_per_op(cpu_before, cpu_seconds(), n);
    progress(format!("{n} completions in {secs:.2} s ({cpu})"));
    (replies, secs, cpu)
}

/// Sanity check outside the timing: the first account now has the new password.
async fn assert_changed(app: &App, n: usize) {
    let account = app
        .state
        .store
        .find_account(&user_id(n))
        .await
        .unwrap()
        .unwrap();
    let hash = account.password_hash.expect("a password after the reset");
    assert!(
        verify_now(NEW_PASSWORD, &hash),
        "the completed reset did not set the new password"
    );
}

/// Phase 2. Returns the one-hash completion rate (for phase 3).
async fn completions(plan: &Plan, bound: f64, report: &mut Report) -> f64 {
    let concurrency = plan.completion_concurrency();

    // Without history: a completion is exactly one argon2 hash.
    let app = App::new("sqlite", &[("KEYTURN_PASSWORD_HISTORY", "0")]).await;
    let count = ((bound * plan.completion_seconds).ceil() as usize).max(4 * concurrency);
    progress(format!(
        "completions without history: preparing {count} flows"
    ));
    let browsers = prepare_completions(&app, count, false).await;
    let (replies, secs, cpu) = measure_completions(plan, browsers).await;
    let ok = report.check(
        "reset/password (history 0)",
        StatusCode::OK,
        &replies,
        "null",
    );
    let one_hash = ok as f64 / secs;
    assert_changed(&app, 1).await;
    report.row(
        "reset completions/s (1 hash each)",
        format!("{one_hash:.1}"),
        format!(
            "({:.2} of argon2 bound {bound:.1}/s; history 0, {ok} flows, concurrency {concurrency}; {cpu})",
            one_hash / bound
        ),
    );
    app.dispose().await;

    // Default history of 5 on accounts with an old password: one hash and one verify.
    let app = App::new("sqlite", &[]).await;
    let half = bound / 2.0;
    let count = ((half * plan.completion_seconds).ceil() as usize).max(4 * concurrency);
    progress(format!(
        "completions with history: preparing {count} accounts with a password and their flows"
    ));
    let browsers = prepare_completions(&app, count, true).await;
    let (replies, secs, cpu) = measure_completions(plan, browsers).await;
    let ok = report.check(
        "reset/password (history 5)",
        StatusCode::OK,
        &replies,
        "null",
    );
    let with_history = ok as f64 / secs;
    assert_changed(&app, 1).await;
    report.row(
        "reset completions/s (1 hash + 1 verify each)",
        format!("{with_history:.1}"),
        format!(
            "({:.2} of bound/2 {half:.1}/s; history 5, {ok} flows, concurrency {concurrency}; {cpu})",
            with_history / half
        ),
    );
    app.dispose().await;

    one_hash
}

/// Phase 3: Poisson arrivals at half the one-hash completion rate; latency from each request's
/// scheduled arrival to its answer (so a late sender does not hide queueing).
async fn latency_at_half_load(plan: &Plan, one_hash_rate: f64, bound: f64, report: &mut Report) {
    let rate = one_hash_rate / 2.0;
    if !rate.is_finite() || rate <= 0.0 {
        report.row(
            "latency at half load",
            "skipped",
            "(no completion rate measured)",
        );
        return;
    }
    let count = ((rate * plan.latency_seconds).ceil() as usize).max(20);
    let app = App::new("sqlite", &[("KEYTURN_PASSWORD_HISTORY", "0")]).await;
    progress(format!(
        "latency: preparing {count} flows for {rate:.1} arrivals/s"
    ));
    let browsers = prepare_completions(&app, count, false).await;
    let (replies, latencies, span) = poisson(browsers, rate, 0x6b65_7974, complete).await;
    report.check(
        "reset/password at half load",
        StatusCode::OK,
        &replies,
        "null",
    );
    let pct = |p: f64| percentile(&latencies, p);
    let load = format!("({rate:.1}/s Poisson arrivals, {count} completions over {span:.1} s)");
    report.row(
        "latency at half load, p50 ms",
        format!("{:.1}", pct(0.50)),
        load.clone(),
    );
    report.row(
        "latency at half load, p99 ms",
        format!("{:.1}", pct(0.99)),
        format!("(max {:.1} ms)", latencies[latencies.len() - 1]),
    );
    // One hash takes a core this long; the hash permits (one per core) are the servers of a
    // queue with Poisson arrivals and near-constant service, so even with nothing else to do
    // a completion would wait behind others now and then.
    let hash_ms = plan.cores as f64 * 1000.0 / bound;
    let load_per_core = rate * hash_ms / 1000.0 / plan.cores as f64;
    report.row(
        "latency at half load, p99 in hash times",
        format!("{:.2}", pct(0.99) / hash_ms),
        format!(
            "(one hash {hash_ms:.1} ms; hash permits busy {:.0} %; the least p99 that queueing allows there, M/D/{}: {:.2})",
            load_per_core * 100.0,
            plan.cores,
            queueing_floor_p99(load_per_core, plan.cores)
        ),
    );
    app.dispose().await;
}

/// The p99 time in system, in service times, of a queue with Poisson arrivals, `servers`
/// servers each busy `load` of the time, and a constant service time (M/D/c), by simulating a
/// million arrivals: what an ideal server with one permit per core would show.
fn queueing_floor_p99(load: f64, servers: usize) -> f64 {
    if !(load > 0.0 && load < 1.0) {
        return f64::NAN;
    }
    let mut rng = rand::rngs::StdRng::seed_from_u64(0x6d64_6331);
    let rate = load * servers as f64;
    let mut free_at = vec![0.0_f64; servers];
    let mut now = 0.0;
    let mut times = Vec::with_capacity(1_000_000);
    for _ in 0..1_000_000 {
        let u: f64 = rng.gen();
        now += -(1.0 - u).ln() / rate;
        let (i, &soonest) = free_at
            .iter()
            .enumerate()
            .min_by(|a, b| a.1.total_cmp(b.1))
            .expect("at least one server");
        let done = soonest.max(now) + 1.0;
        free_at[i] = done;
        times.push(done - now);
    }
    times.sort_by(f64::total_cmp);
    percentile(&times, 0.99)
}

/// Phase 3b: Poisson arrivals at twice the one-hash completion rate for `latency_seconds`. The
/// backlog grows (the hash permits are the bottleneck), so latency grows with it; what must hold
/// is that every answer is a 200 and memory stays flat: a waiting request holds no argon2
/// memory until it gets its permit.
async fn twice_saturation(plan: &Plan, one_hash_rate: f64, report: &mut Report) {
    let rate = one_hash_rate * 2.0;
    if !rate.is_finite() || rate <= 0.0 {
        report.row(
            "twice saturation",
            "skipped",
            "(no completion rate measured)",
        );
        return;
    }
    let count = ((rate * plan.latency_seconds).ceil() as usize).max(40);
    let app = App::new("sqlite", &[("KEYTURN_PASSWORD_HISTORY", "0")]).await;
    progress(format!(
        "twice saturation: preparing {count} flows for {rate:.1} arrivals/s"
    ));
    let browsers = prepare_completions(&app, count, false).await;
    let rss_start = resident_mib();
    let sampling = Arc::new(Mutex::new(Vec::new()));
    let sampler = tokio::spawn({
        let sampling = sampling.clone();
        async move {
            loop {
                if let Some(mib) = resident_mib() {
                    sampling.lock().unwrap().push(mib);
                }
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
        }
    });
    let (replies, latencies, span) = poisson(browsers, rate, 0x7361_7475, complete).await;
    sampler.abort();
    let rss_end = resident_mib();
    let server_errors = replies
        .iter()
        .filter(|r| r.status.is_server_error())
        .count();
    let busy = replies
        .iter()
        .filter(|r| r.status == StatusCode::SERVICE_UNAVAILABLE)
        .count();
    report.check(
        "reset/password at twice saturation",
        StatusCode::OK,
        &replies,
        "null",
    );
    let peak = sampling.lock().unwrap().iter().copied().fold(0.0, f64::max);
    let mib = |m: Option<f64>| m.map_or("?".to_string(), |m| format!("{m:.0}"));
    report.row(
        "twice saturation: 5xx / database busy",
        format!("{server_errors} / {busy}"),
        format!(
            "({rate:.1}/s Poisson arrivals, {count} completions over {span:.1} s; p50 {:.0} ms, max {:.0} ms as the backlog grows)",
            percentile(&latencies, 0.5),
            latencies[latencies.len() - 1]
        ),
    );
    report.row(
        "twice saturation: resident memory, MiB",
        format!("{} → {peak:.0} → {}", mib(rss_start), mib(rss_end)),
        "(start → peak → end of the run)".to_string(),
    );
    app.dispose().await;
}

/// This process's resident memory, from /proc (Linux).
fn resident_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let kib: f64 = status
        .lines()
        .find(|l| l.starts_with("VmRSS:"))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()?;
    Some(kib / 1024.0)
}

/// Open-loop load: `items` sent at Poisson arrivals of `rate` per second (a fixed seed), each
/// through `f`. Returns the replies, each one's latency in ms from its *scheduled* arrival (so a
/// late sender does not hide queueing), sorted, and the seconds the whole run spanned.
async fn poisson<T, F, Fut>(
    items: Vec<T>,
    rate: f64,
    seed: u64,
    f: F,
) -> (Vec<Reply>, Vec<f64>, f64)
where
    T: Send + 'static,
    F: Fn(T) -> Fut,
    Fut: Future<Output = Reply> + Send + 'static,
{
    let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
    let start = Instant::now() + Duration::from_millis(20);
    let mut at = start;
    let mut inflight = Vec::with_capacity(items.len());
    for item in items {
        tokio::time::sleep_until(at.into()).await;
        let scheduled = at;
        let request = f(item);
        inflight.push(tokio::spawn(async move {
            let reply = request.await;
            (reply, scheduled.elapsed())
        }));
        let u: f64 = rng.gen();
        at += Duration::from_secs_f64(-(1.0 - u).ln() / rate);
    }
    let mut replies = Vec::with_capacity(inflight.len());
    let mut latencies = Vec::with_capacity(inflight.len());
    for task in inflight {
        let (reply, latency) = task.await.expect("request task panicked");
        replies.push(reply);
        latencies.push(latency.as_secs_f64() * 1000.0);
    }
    latencies.sort_by(|a, b| a.partial_cmp(b).unwrap());
    (replies, latencies, start.elapsed().as_secs_f64())
}

/// Phase 4 on one backend: one authenticator factor (`KEYTURN_RESET_FACTORS=1`), so a correct
/// code ends the factor steps without sending a PIN.
async fn factor_verifications(plan: &Plan, backend: &str, report: &mut Report) {
    let app = App::new(backend, &[("KEYTURN_RESET_FACTORS", "1")]).await;
    let count = plan.factor_flows;
    let t = Instant::now();
    let numbers = run_concurrent(vec![(); count], FACTOR_CONCURRENCY, {
        let app = app.clone();
        move |()| {
            let app = app.clone();
            async move { app.add_account(false).await }
        }
    })
    .await;
    let known = run_concurrent(numbers, FACTOR_CONCURRENCY, {
        let app = app.clone();
        move |n| {
            let app = app.clone();
            async move {
                let mut b = app.browser(n);
                b.call("reset/start", &[("user_id", &user_id(n))])
                    .await
                    .expect_ok("reset/start");
                b
            }
        }
    })
    .await;
    let unknown = run_concurrent((0..count).collect(), FACTOR_CONCURRENCY, {
        let app = app.clone();
        move |i| {
            let app = app.clone();
            async move {
                let mut b = app.browser(1_000_000 + i);
                b.call("reset/start", &[("user_id", &format!("nobody-{i:06}"))])
                    .await
                    .expect_ok("reset/start");
                b
            }
        }
    })
    .await;
    progress(format!(
        "{backend}: prepared {count} accounts with started flows and {count} unknown-User-ID flows in {:.1} s",
        t.elapsed().as_secs_f64()
    ));

    let t = Instant::now();
    let replies = run_concurrent(known, FACTOR_CONCURRENCY, {
        let app = app.clone();
        move |mut b| {
            let app = app.clone();
            async move {
                let code = app.totp_code();
                b.call("reset/authenticator", &[("code", &code)]).await
            }
        }
    })
    .await;
    let secs = t.elapsed().as_secs_f64();
    let ok = report.check(
        &format!("reset/authenticator correct ({backend})"),
        StatusCode::OK,
        &replies,
        "null",
    );
    report.row(
        format!("authenticator verifications/s {backend} (correct code)"),
        format!("{:.1}", ok as f64 / secs),
        format!("(known accounts, {ok} flows, concurrency {FACTOR_CONCURRENCY})"),
    );

    let t = Instant::now();
    let replies = run_concurrent(unknown, FACTOR_CONCURRENCY, |mut b| async move {
        b.call("reset/authenticator", &[("code", "123456")]).await
    })
    .await;
    let secs = t.elapsed().as_secs_f64();
    let wrong = report.check(
        &format!("reset/authenticator wrong code ({backend})"),
        StatusCode::BAD_REQUEST,
        &replies,
        "WrongCode",
    );
    report.row(
        format!("authenticator verifications/s {backend} (wrong code)"),
        format!("{:.1}", wrong as f64 / secs),
        format!("(unknown User IDs, {wrong} flows, concurrency {FACTOR_CONCURRENCY})"),
    );
    app.dispose().await;
}

/// The requests compared in phase 5.
#[derive(Clone, Copy)]
enum Probe {
    Start,
    WrongCode,
    Alternative,
}

impl Probe {
    const ALL: [Probe; 3] = [Probe::Start, Probe::WrongCode, Probe::Alternative];

    fn label(self) -> &'static str {
        match self {
            Probe::Start => "start",
            Probe::WrongCode => "wrong authenticator code",
            Probe::Alternative => "alternative (email PIN send)",
        }
    }

    /// The answer every request must get, as for [`Report::check`].
    fn expected(self) -> (StatusCode, &'static str) {
        match self {
            Probe::Start | Probe::Alternative => (StatusCode::OK, "null"),
            Probe::WrongCode => (StatusCode::BAD_REQUEST, "WrongCode"),
        }
    }
}

/// Latencies (microseconds) and replies of one probe for one kind of User ID.
#[derive(Default)]
struct Timings {
    micros: Vec<f64>,
    replies: Vec<Reply>,
}

/// Rounds before the measured ones: the pool opens its connections and SQLite's caches fill.
const TIMING_WARM_UP: usize = 20;

/// Phase 5 on one backend. Every round takes a fresh known account and a fresh unknown User ID
/// through the same three requests, one request at a time: `reset/start`, a wrong code on
/// `reset/authenticator` (one failure each, far below the lockout threshold) and
/// `reset/alternative` from the authenticator step (the email PIN). The two kinds alternate
/// request by request, and which goes first swaps every round, so drift and whatever the
/// previous request left behind fall on both alike.
async fn timing(plan: &Plan, backend: &str, report: &mut Report) {
    let app = App::new(backend, &[]).await;
    let rounds = TIMING_WARM_UP + plan.timing_pairs;
    let t = Instant::now();
    let numbers = run_concurrent(vec![(); rounds], FACTOR_CONCURRENCY, {
        let app = app.clone();
        move |()| {
            let app = app.clone();
            async move { app.add_account(false).await }
        }
    })
    .await;
    progress(format!(
        "{backend} timing: added {rounds} accounts in {:.1} s; measuring {} pairs after {TIMING_WARM_UP} warm-up rounds",
        t.elapsed().as_secs_f64(),
        plan.timing_pairs
    ));

    const KNOWN: usize = 0;
    const UNKNOWN: usize = 1;
    // Indexed [probe][KNOWN or UNKNOWN].
    let mut timings: Vec<[Timings; 2]> = Probe::ALL.iter().map(|_| Default::default()).collect();
    let t = Instant::now();
    for (round, n) in numbers.into_iter().enumerate() {
        let known_id = user_id(n);
        let unknown_id = format!("nobody-{round:06}");
        let mut browsers = [app.browser(n), app.browser(1_000_000 + round)];
        let code = app.wrong_code();
        let order = if round % 2 == 0 {
            [KNOWN, UNKNOWN]
        } else {
            [UNKNOWN, KNOWN]
        };
        for (p, probe) in Probe::ALL.into_iter().enumerate() {
            for kind in order {
                let form: Vec<(&str, &str)> = match probe {
                    Probe::Start => {
                        let id = if kind == KNOWN {
                            &known_id
                        } else {
                            &unknown_id
                        };
                        vec![("user_id", id.as_str())]
                    }
                    Probe::WrongCode => vec![("code", code.as_str())],
                    Probe::Alternative => vec![],
                };
                let function = match probe {
                    Probe::Start => "reset/start",
                    Probe::WrongCode => "reset/authenticator",
                    Probe::Alternative => "reset/alternative",
                };
                let sent = Instant::now();
                let reply = browsers[kind].call(function, &form).await;
                let took = sent.elapsed();
                let slot = &mut timings[p][kind];
                if round >= TIMING_WARM_UP {
                    slot.micros.push(took.as_secs_f64() * 1e6);
                }
                slot.replies.push(reply);
            }
        }
    }
    progress(format!(
        "{backend} timing: {rounds} rounds of 6 requests in {:.1} s",
        t.elapsed().as_secs_f64()
    ));

    for (probe, [known, unknown]) in Probe::ALL.into_iter().zip(timings.iter_mut()) {
        let (status, body) = probe.expected();
        let mut good = 0;
        for (kind, t) in [("known", &*known), ("unknown", &*unknown)] {
            good += report.check(
                &format!("timing {} ({kind}, {backend})", probe.label()),
                status,
                &t.replies,
                body,
            );
        }
        if good != known.replies.len() + unknown.replies.len() {
            continue;
        }
        known.micros.sort_by(|a, b| a.partial_cmp(b).unwrap());
        unknown.micros.sort_by(|a, b| a.partial_cmp(b).unwrap());
        let compare = |p: f64| {
            let (k, u) = (percentile(&known.micros, p), percentile(&unknown.micros, p));
            format!("{k:.0} us vs {u:.0} us ({:.2})", k / u)
        };
        report.line(format!(
            "timing {}, known vs unknown: median {}, p90 {}  ({backend}, {} pairs, concurrency 1, interleaved)",
            probe.label(),
            compare(0.5),
            compare(0.9),
            known.micros.len()
        ));
    }
    app.dispose().await;
}

/// `count` accounts with a password and an authenticator, each with its own browser, ready to
/// sign in.
async fn prepare_sign_ins(app: &Arc<App>, count: usize) -> Vec<(usize, Client)> {
    let t = Instant::now();
    let cores = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1);
    let numbers = run_concurrent(vec![(); count], cores, {
        let app = app.clone();
        move |()| {
            let app = app.clone();
            async move { app.add_account(true).await }
        }
    })
    .await;
    progress(format!(
        "prepared {count} accounts for sign-ins in {:.1} s",
        t.elapsed().as_secs_f64()
    ));
    numbers.into_iter().map(|n| (n, app.browser(n))).collect()
}

/// One whole sign-in: the password (one argon2 verification), then the authenticator code.
async fn sign_in(app: Arc<App>, (n, mut b): (usize, Client)) -> Reply {
    let r = b
        .call(
            "signin",
            &[("user_id", &user_id(n)), ("password", OLD_PASSWORD)],
        )
        .await;
    if r.status != StatusCode::OK {
        return r;
    }
    b.call("signin/authenticator", &[("code", &app.totp_code())])
        .await
}

/// Phase 6a: closed-loop sign-ins (password + code) at concurrency 2 × cores. Returns the rate.
async fn sign_ins(plan: &Plan, bound: f64, report: &mut Report) -> f64 {
    let concurrency = plan.completion_concurrency();
    let app = App::new("sqlite", &[]).await;
    let count = ((bound * plan.completion_seconds).ceil() as usize).max(4 * concurrency);
    let browsers = prepare_sign_ins(&app, count).await;
    let cpu_before = cpu_seconds();
    let t = Instant::now();
    let replies = run_concurrent(browsers, concurrency, {
        let app = app.clone();
        move |b| sign_in(app.clone(), b)
    })
    .await;
    let secs = t.elapsed().as_secs_f64();
    let cpu = cpu_per_op(cpu_before, cpu_seconds(), count);
    let ok = report.check(
        "sign-in (password + code)",
        StatusCode::OK,
        &replies,
        "null",
    );
    let rate = ok as f64 / secs;
    report.row(
        "sign-ins/s (password + authenticator code)",
        format!("{rate:.1}"),
        format!(
            "({:.2} of argon2 bound {bound:.1}/s; {ok} sign-ins, concurrency {concurrency}; {cpu})",
            rate / bound
        ),
    );
    app.dispose().await;
    rate
}

/// Phase 6b: Poisson arrivals of whole sign-ins at half the measured rate.
async fn sign_in_latency(plan: &Plan, full_rate: f64, report: &mut Report) {
    let rate = full_rate / 2.0;
    if !rate.is_finite() || rate <= 0.0 {
        report.row(
            "sign-in latency at half load",
            "skipped",
            "(no sign-in rate measured)",
        );
        return;
    }
    let count = ((rate * plan.latency_seconds).ceil() as usize).max(20);
    let app = App::new("sqlite", &[]).await;
    let browsers = prepare_sign_ins(&app, count).await;
    let (replies, latencies, _) =
        poisson(browsers, rate, 0x7369_676e, |b| sign_in(app.clone(), b)).await;
    report.check("sign-in at half load", StatusCode::OK, &replies, "null");
    report.row(
        "sign-in latency at half load, p50 ms",
        format!("{:.1}", percentile(&latencies, 0.50)),
        format!("({rate:.1}/s Poisson arrivals, {count} sign-ins of 2 requests each)"),
    );
    report.row(
        "sign-in latency at half load, p99 ms",
        format!("{:.1}", percentile(&latencies, 0.99)),
        format!("(max {:.1} ms)", latencies[latencies.len() - 1]),
    );
    app.dispose().await;
}

/// Phase 6c on one backend: a wrong password for a real account against one for an unknown
/// User ID, interleaved, one request at a time (which goes first swaps every round). Both do one
/// argon2 verification and count one failure; ten real accounts take the failures in turn, far
/// below the lockout threshold.
async fn sign_in_timing(plan: &Plan, backend: &str, report: &mut Report) {
    let app = App::new(backend, &[("KEYTURN_LOCKOUT_THRESHOLD", "100")]).await;
    let pairs = if plan.quick { 100 } else { 600 };
    let accounts: Vec<usize> = prepare_sign_ins(&app, 10)
        .await
        .into_iter()
        .map(|(n, _)| n)
        .collect();
    let mut known = Vec::with_capacity(pairs);
    let mut unknown = Vec::with_capacity(pairs);
    let mut replies = Vec::with_capacity(2 * pairs);
    for round in 0..TIMING_WARM_UP + pairs {
        let id_known = user_id(accounts[round % accounts.len()]);
        let id_unknown = format!("nobody-{round:06}");
        let mut b = app.browser(2_000_000 + round);
        let order: [(&str, bool); 2] = if round % 2 == 0 {
            [(&id_known, true), (&id_unknown, false)]
        } else {
            [(&id_unknown, false), (&id_known, true)]
        };
        for (id, is_known) in order {
            let sent = Instant::now();
            let r = b
                .call(
                    "signin",
                    &[("user_id", id), ("password", "not the password at all")],
                )
                .await;
            let micros = sent.elapsed().as_secs_f64() * 1e6;
            if round >= TIMING_WARM_UP {
                if is_known {
                    known.push(micros);
                } else {
                    unknown.push(micros);
                }
            }
            replies.push(r);
        }
    }
    let good = report.check(
        &format!("sign-in timing ({backend})"),
        StatusCode::UNAUTHORIZED,
        &replies,
        "SignInFailed",
    );
    if good == replies.len() {
        known.sort_by(|a, b| a.partial_cmp(b).unwrap());
        unknown.sort_by(|a, b| a.partial_cmp(b).unwrap());
        let compare = |p: f64| {
            let (k, u) = (percentile(&known, p), percentile(&unknown, p));
            format!("{k:.0} us vs {u:.0} us ({:.2})", k / u)
        };
        report.line(format!(
            "timing sign-in wrong password, known vs unknown: median {}, p90 {}  ({backend}, {pairs} pairs, concurrency 1, interleaved)",
            compare(0.5),
            compare(0.9),
        ));
    }
    app.dispose().await;
}

/// Phase 7 on one backend: "Reset your password by email" for a match (an account and its
/// address: a link and two emails follow, after the answer), an unknown User ID, and a known
/// User ID with another address, one request at a time, the three interleaved and their order
/// turning every round. Each match is a fresh account, so none reaches the hourly limit.
async fn email_reset_timing(plan: &Plan, backend: &str, report: &mut Report) {
    let app = App::new(backend, &[]).await;
    let pairs = if plan.quick { 100 } else { 600 };
    let rounds = TIMING_WARM_UP + pairs;
    let numbers = run_concurrent(vec![(); rounds], FACTOR_CONCURRENCY, {
        let app = app.clone();
        move |()| {
            let app = app.clone();
            async move { app.add_account(false).await }
        }
    })
    .await;
    const KINDS: [&str; 3] = ["match", "unknown User ID", "other address"];
    let mut micros: [Vec<f64>; 3] = Default::default();
    let mut replies = Vec::with_capacity(3 * rounds);
    for (round, n) in numbers.into_iter().enumerate() {
        let known = user_id(n);
        let address = format!("{known}@example.com");
        let unknown = format!("nobody-{round:06}");
        let forms: [[(&str, &str); 2]; 3] = [
            [("user_id", &known), ("email", &address)],
            [("user_id", &unknown), ("email", &address)],
            [("user_id", &known), ("email", "someone.else@example.com")],
        ];
        for k in 0..3 {
            let kind = (k + round) % 3;
            let mut b = app.browser(3_000_000 + 3 * round + kind);
            let sent = Instant::now();
            let r = b.call("email-reset/request", &forms[kind]).await;
            if round >= TIMING_WARM_UP {
                micros[kind].push(sent.elapsed().as_secs_f64() * 1e6);
            }
            replies.push(r);
        }
    }
    // Each match's link and two emails follow its answer: let them finish (both emails in the
    // dev outbox) before the database goes.
    let expected = 2 * rounds;
    for _ in 0..400 {
        let sent = app
            .store()
            .outbox_rows(expected as i64 + 10)
            .await
            .map_or(0, |rows| rows.len());
        if sent >= expected {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let good = report.check(
        &format!("email reset request timing ({backend})"),
        StatusCode::OK,
        &replies,
        "null",
    );
    if good == replies.len() {
        for m in micros.iter_mut() {
            m.sort_by(|a, b| a.partial_cmp(b).unwrap());
        }
        for other in 1..3 {
            let compare = |p: f64| {
                let (k, u) = (percentile(&micros[0], p), percentile(&micros[other], p));
                format!("{k:.0} us vs {u:.0} us ({:.2})", k / u)
            };
            report.line(format!(
                "timing email reset request, {} vs {}: median {}, p90 {}  ({backend}, {pairs} rounds, concurrency 1, interleaved)",
                KINDS[0],
                KINDS[other],
                compare(0.5),
                compare(0.9),
            ));
        }
    }
    app.dispose().await;
}
