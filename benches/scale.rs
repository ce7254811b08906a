//! Two real `keyturn serve` processes on one Postgres behind nginx (round-robin), started by
//! `scripts/scale.sh`, driven over HTTP by this bounded client: a flow moves between the
//! instances at every step, and the guards hold across both under parallel requests (one
//! authenticator code accepted once, one PIN used once, a burst of wrong codes locks), then a
//! load of whole resets by parallel clients, with the numbers printed. Every browser stands for
//! a person at an address of their own (nginx passes it on as the client address), so the
//! default rate limits stay on: one address over its limit is refused across both instances,
//! and the background purge (every 2 s here) removes expired rows during the load, from one
//! instance at a time. Any broken invariant or any 5xx makes it exit non-zero.
//!
//! Reads `KEYTURN_SCALE_URL` (the proxy), `SINK_URL` (the SMS/SMTP sink holding every message),
//! `KEYTURN_DATABASE_URL` and `KEYTURN_SECRET_KEY` (to create the accounts, as `keyturn user add`
//! does), and `KEYTURN_SCALE_USERS` / `KEYTURN_SCALE_CLIENTS` (default 48 resets by 8 clients).

use std::collections::{BTreeSet, HashMap};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use keyturn::server::admin::{add_user, AddUser, PasswordSource, TotpSource};
use keyturn::server::crypto::{Redacted, SecretKey};
use keyturn::server::factors::totp;
use keyturn::server::store::Store;

const TOTP_SECRET: &str = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
const OLD_PASSWORD: &str = "the old password is long enough";
const NEW_PASSWORD: &str = "Vivid-otter-grazes-near-7-quiet-lakes";

fn env(name: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| panic!("{name} is not set (run scripts/scale.sh)"))
}

fn env_number(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Everything every request saw: 5xx answers and latencies.
#[derive(Default)]
struct Tally {
    requests: AtomicUsize,
    server_errors: AtomicUsize,
    latencies_us: std::sync::Mutex<Vec<u64>>,
}

/// One answer: status, body, and which instance gave it (nginx's `X-Upstream`).
struct Answer {
    status: u16,
    body: String,
    upstream: String,
}

/// A browser: its own cookies and client address, requests through the proxy.
struct Browser {
    http: reqwest::Client,
    base: String,
    cookies: HashMap<String, String>,
    /// The address nginx passes on as the client's (`X-Scale-Client`).
    address: String,
    tally: Arc<Tally>,
}

/// Client addresses handed out so far.
static ADDRESSES: AtomicUsize = AtomicUsize::new(1);

impl Browser {
    /// A browser at an address no other has.
    fn new(base: &str, tally: &Arc<Tally>) -> Browser {
        let n = ADDRESSES.fetch_add(1, Ordering::Relaxed);
        Browser::at(
            base,
            tally,
            format!("10.{}.{}.{}", n >> 16 & 255, n >> 8 & 255, n & 255),
        )
    }

    /// A browser at `address`.
    fn at(base: &str, tally: &Arc<Tally>, address: String) -> Browser {
        Browser {
            // No connection reuse: nginx balances requests, not connections, either way.
            http: reqwest::Client::builder()
                .pool_max_idle_per_host(0)
                .build()
                .unwrap(),
            base: base.to_string(),
            cookies: HashMap::new(),
            address,
            tally: Arc::clone(tally),
        }
    }

    async fn call(&mut self, function: &str, form: &[(&str, &str)]) -> Answer {
        let mut request = self
            .http
            .post(format!("{}/api/{function}", self.base))
            .header("accept", "application/json")
            .header("x-scale-client", &self.address)
            .form(form);
        if !self.cookies.is_empty() {
            let jar: Vec<String> = self
                .cookies
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect();
            request = request.header("cookie", jar.join("; "));
        }
        let started = Instant::now();
        let response = request.send().await.expect("the proxy answers");
        let took = started.elapsed().as_micros() as u64;
        for value in response.headers().get_all("set-cookie") {
            let text = value.to_str().unwrap_or_default();
            if let Some((name, value)) = text.split(';').next().and_then(|p| p.split_once('=')) {
                if text.contains("Max-Age=0") {
                    self.cookies.remove(name);
                } else {
                    self.cookies.insert(name.to_string(), value.to_string());
                }
            }
        }
        let status = response.status().as_u16();
        let upstream = response
            .headers()
            .get("x-upstream")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string();
        let body = response.text().await.unwrap_or_default();
        self.tally.requests.fetch_add(1, Ordering::Relaxed);
        if status >= 500 {
            self.tally.server_errors.fetch_add(1, Ordering::Relaxed);
            eprintln!("5xx from {upstream} for {function}: {status} {body}");
        }
        self.tally.latencies_us.lock().unwrap().push(took);
        Answer {
            status,
            body,
            upstream,
        }
    }
}

fn code_now() -> String {
    let secret = totp::decode_secret(TOTP_SECRET).unwrap();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    totp::code_at(&secret, now)
}

fn phone(n: usize) -> String {
    format!("+1555200{n:04}")
}

/// Every message the sink holds for `to`, oldest first.
async fn sink_messages(sink: &str, to: &str) -> Vec<serde_json::Value> {
    reqwest::Client::new()
        .get(format!("{sink}/messages"))
        .query(&[("to", to)])
        .send()
        .await
        .expect("the sink answers")
        .json()
        .await
        .unwrap_or_default()
}

/// The newest PIN the sink holds for `to`, once it holds more than `after` messages.
async fn pin_for(sink: &str, to: &str, after: usize) -> String {
    for _ in 0..200 {
        let list = sink_messages(sink, to).await;
        if list.len() > after {
            let text = list.last().unwrap()["text"].as_str().unwrap_or_default();
            if let Some(rest) = text.split("PIN: ").nth(1) {
                return rest.chars().take(6).collect();
            }
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    panic!("no PIN reached {to}");
}

/// A reset up to the PIN step (start, authenticator code): the PIN sent.
async fn to_pin_step(b: &mut Browser, user: &str, sink: &str, n: usize) -> (String, Vec<String>) {
    let before = sink_messages(sink, &phone(n)).await.len();
    let mut upstreams = Vec::new();
    let start = b.call("reset/start", &[("user_id", user)]).await;
    assert_eq!(start.status, 200, "start: {}", start.body);
    upstreams.push(start.upstream);
    let code = b
        .call("reset/authenticator", &[("code", &code_now())])
        .await;
    assert_eq!(code.status, 200, "{user}: authenticator: {}", code.body);
    upstreams.push(code.upstream);
    let pin = pin_for(sink, &phone(n), before).await;
    (pin, upstreams)
}

/// A whole reset: each request's instance, in order.
async fn whole_reset(b: &mut Browser, user: &str, sink: &str, n: usize) -> Vec<String> {
    let (pin, mut upstreams) = to_pin_step(b, user, sink, n).await;
    let r = b.call("reset/pin", &[("pin", &pin)]).await;
    assert_eq!(r.status, 200, "{user}: pin: {}", r.body);
    upstreams.push(r.upstream);
    let r = b
        .call(
            "reset/password",
            &[
                ("new_password", NEW_PASSWORD),
                ("confirm_password", NEW_PASSWORD),
            ],
        )
        .await;
    assert_eq!(r.status, 200, "{user}: password: {}", r.body);
    upstreams.push(r.upstream);
    upstreams
}

fn percentile(sorted: &[u64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i] as f64 / 1000.0
}

#[tokio::main(flavor = "multi_thread", worker_threads = 4)]
async fn main() {
    let base = env("KEYTURN_SCALE_URL");
    let sink = env("SINK_URL");
    let users = env_number("KEYTURN_SCALE_USERS", 48);
    let clients = env_number("KEYTURN_SCALE_CLIENTS", 8).max(1);
    let store = Store::open(&env("KEYTURN_DATABASE_URL"))
        .await
        .expect("the database");
    let keys = SecretKey::from_hex(&env("KEYTURN_SECRET_KEY"))
        .expect("KEYTURN_SECRET_KEY")
        .keys();

    // Accounts: scale-0 … for the load, then one each for the guard checks. Each has its own
    // phone number, so its PINs can be told apart at the sink.
    let special = ["continues", "replay", "pin-once", "locks"];
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    let total = users + special.len();
    for n in 0..total {
        let user_id = match n.checked_sub(users) {
            None => format!("scale-{n}"),
            Some(i) => format!("scale-{}", special[i]),
        };
        add_user(
            &store,
            &keys,
            "Keyturn",
            AddUser {
                email: format!("{user_id}@example.com"),
                user_id,
                phone: Some(phone(n)),
                password: PasswordSource::Given(Redacted::new(OLD_PASSWORD.into())),
                totp: TotpSource::Given(TOTP_SECRET.into()),
            },
            now,
        )
        .await
        .expect("add user");
    }
    let tally = Arc::new(Tally::default());
    let mut broken = Vec::<String>::new();
    println!("Two instances behind nginx (round-robin) on one Postgres:");

    // 1. One flow, every step on the other instance than the last.
    let mut b = Browser::new(&base, &tally);
    let upstreams = whole_reset(&mut b, "scale-continues", &sink, users).await;
    let instances: BTreeSet<&String> = upstreams.iter().collect();
    let alternating = upstreams.windows(2).all(|w| w[0] != w[1]);
    println!(
        "  one reset, four steps, served by {} instances in turn ({}): {}",
        instances.len(),
        upstreams.join(" → "),
        if alternating { "ok" } else { "NOT alternating" }
    );
    if instances.len() != 2 || !alternating {
        broken.push("a flow did not move between the instances".into());
    }

    // 2. One authenticator code, sent at once by 16 flows of one account over both instances.
    let mut flows = Vec::new();
    for _ in 0..16 {
        let mut b = Browser::new(&base, &tally);
        b.call("reset/start", &[("user_id", "scale-replay")]).await;
        flows.push(b);
    }
    let code = code_now();
    let accepted = race(flows, move |mut b| {
        let code = code.clone();
        async move {
            b.call("reset/authenticator", &[("code", &code)])
                .await
                .status
                == 200
        }
    })
    .await;
    println!("  one authenticator code, 16 flows at once: accepted {accepted} time(s)");
    if accepted != 1 {
        broken.push(format!("a code was accepted {accepted} times"));
    }

    // 3. One PIN, submitted ten times at once (the same browser, over both instances).
    let mut b = Browser::new(&base, &tally);
    let (pin, _) = to_pin_step(&mut b, "scale-pin-once", &sink, users + 2).await;
    let cookies = b.cookies.clone();
    let tries: Vec<Browser> = (0..10)
        .map(|_| {
            let mut t = Browser::new(&base, &tally);
            t.cookies = cookies.clone();
            t
        })
        .collect();
    let used = race(tries, move |mut t| {
        let pin = pin.clone();
        async move { t.call("reset/pin", &[("pin", &pin)]).await.status == 200 }
    })
    .await;
    println!("  one PIN, 10 submissions at once: used {used} time(s)");
    if used != 1 {
        broken.push(format!("a PIN was used {used} times"));
    }

    // 4. 40 wrong codes at once, over 4 flows of one account: a lock, few plain failures.
    let mut flows = Vec::new();
    for _ in 0..40 {
        let mut b = Browser::new(&base, &tally);
        b.call("reset/start", &[("user_id", "scale-locks")]).await;
        flows.push(b);
    }
    let wrong = if code_now() == "000000" {
        "111111"
    } else {
        "000000"
    };
    let plain = race(flows, move |mut b| async move {
        b.call("reset/authenticator", &[("code", wrong)])
            .await
            .status
            == 400
    })
    .await;
    let mut after = Browser::new(&base, &tally);
    after
        .call("reset/start", &[("user_id", "scale-locks")])
        .await;
    let state = after.call("reset/state", &[]).await;
    let locked = state.body.contains("Locked");
    println!(
        "  40 wrong codes at once: {plain} answered as wrong, the rest as locked; locked after: {locked}"
    );
    if !locked || plain > 5 {
        broken.push(format!("{plain} wrong codes compared, locked: {locked}"));
    }

    // 5. One address over its limit (120 requests per function per minute), over both
    //    instances at once: exactly the limit goes through.
    let shared = "192.0.2.77".to_string();
    let starts: Vec<Browser> = (0..130)
        .map(|_| Browser::at(&base, &tally, shared.clone()))
        .collect();
    let served = Arc::new(std::sync::Mutex::new(BTreeSet::new()));
    let passed = race(starts, {
        let served = served.clone();
        move |mut b| {
            let served = served.clone();
            async move {
                let r = b.call("reset/start", &[("user_id", "scale-nobody")]).await;
                served.lock().unwrap().insert(r.upstream);
                assert!(
                    r.status == 200 || r.status == 429,
                    "rate limit: {} {}",
                    r.status,
                    r.body
                );
                r.status == 200
            }
        }
    })
    .await;
    let served = served.lock().unwrap().len();
    println!(
        "  one address, 130 requests at once over {served} instances: {passed} served, {} refused (429); the limit is 120 a minute",
        130 - passed
    );
    if passed != 120 || served != 2 {
        broken.push(format!("the rate limit let {passed} of 130 through"));
    }

    // 6. Expired rows for the background purge to find during the load: flows past their
    //    time and rate-limit counters older than a day.
    let planted = plant_expired_rows(&store, now).await;

    // 7. Load: whole resets by parallel clients, each account once.
    let rows_before = rows_written(&store).await;
    tally.latencies_us.lock().unwrap().clear();
    let before_requests = tally.requests.load(Ordering::Relaxed);
    let next = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let mut workers = Vec::new();
    for _ in 0..clients {
        let (next, tally, base, sink) = (next.clone(), tally.clone(), base.clone(), sink.clone());
        workers.push(tokio::spawn(async move {
            loop {
                let n = next.fetch_add(1, Ordering::SeqCst);
                if n >= users {
                    break;
                }
                let mut b = Browser::new(&base, &tally);
                whole_reset(&mut b, &format!("scale-{n}"), &sink, n).await;
            }
        }));
    }
    for w in workers {
        w.await.expect("a load client failed");
    }
    let seconds = started.elapsed().as_secs_f64();
    let mut latencies = tally.latencies_us.lock().unwrap().clone();
    latencies.sort_unstable();
    let requests = tally.requests.load(Ordering::Relaxed) - before_requests;
    println!(
        "  load: {users} whole resets by {clients} clients in {seconds:.1} s = {:.1} resets/s; \
         {requests} requests, p50 {:.1} ms, p90 {:.1} ms, p99 {:.1} ms",
        users as f64 / seconds,
        percentile(&latencies, 0.5),
        percentile(&latencies, 0.9),
        percentile(&latencies, 0.99),
    );
    if let (Some(before), Some(after)) = (rows_before, rows_written(&store).await) {
        println!(
            "  database rows written (inserted + updated + deleted) per whole reset: {:.1}",
            (after - before) as f64 / users as f64
        );
    }
    // The purge has run (every 2 s) on one instance at a time; nothing live went with it.
    let t = Instant::now();
    let mut left = left_over(&store).await;
    while left > 0 && t.elapsed() < Duration::from_secs(10) {
        tokio::time::sleep(Duration::from_millis(250)).await;
        left = left_over(&store).await;
    }
    println!(
        "  background purge (every 2 s) beside the load: {planted} expired rows planted just before it, {left} left {:.1} s after it; every reset of the load completed",
        t.elapsed().as_secs_f64()
    );
    if left > 0 {
        broken.push(format!("{left} expired rows were not purged"));
    }

    let errors = tally.server_errors.load(Ordering::Relaxed);
    println!(
        "  5xx answers over every request: {errors} of {}",
        tally.requests.load(Ordering::Relaxed)
    );
    if errors > 0 {
        broken.push(format!("{errors} server errors"));
    }
    store.close().await;
    if !broken.is_empty() {
        eprintln!("scale: broken: {}", broken.join("; "));
        std::process::exit(1);
    }
}

/// 100 flows that expired a minute ago and 100 counters from two days ago: how many rows.
async fn plant_expired_rows(store: &Store, now: i64) -> i64 {
    sqlx::query(
        "INSERT INTO reset_flows (id_hash, subject, path, created_at, expires_at) \
         SELECT decode(md5('expired-' || g), 'hex'), decode('00', 'hex'), 'standard', $1, $2 \
         FROM generate_series(1, 100) AS g",
    )
    .bind(now - 3600)
    .bind(now - 60)
    .execute(store.pool())
    .await
    .expect("plant expired flows");
    sqlx::query(
        "INSERT INTO counters (key, window_start, count) \
         SELECT 'rl:stale:' || g, $1, 1 FROM generate_series(1, 100) AS g",
    )
    .bind(now - 2 * 86_400)
    .execute(store.pool())
    .await
    .expect("plant stale counters");
    200
}

/// The planted rows still there.
async fn left_over(store: &Store) -> i64 {
    let flows: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM reset_flows WHERE id_hash IN \
         (SELECT decode(md5('expired-' || g), 'hex') FROM generate_series(1, 100) AS g)",
    )
    .fetch_one(store.pool())
    .await
    .expect("count flows");
    let counters: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM counters WHERE key LIKE 'rl:stale:%'")
            .fetch_one(store.pool())
            .await
            .expect("count counters");
    flows + counters
}

/// Rows written to this database so far (Postgres's statistics, flushed within a second or so:
/// hence the wait).
async fn rows_written(store: &Store) -> Option<i64> {
    tokio::time::sleep(Duration::from_millis(1500)).await;
    sqlx::query_scalar(
        "SELECT CAST(tup_inserted + tup_updated + tup_deleted AS BIGINT) FROM pg_stat_database \
         WHERE datname = current_database()",
    )
    .fetch_one(store.pool())
    .await
    .ok()
}

/// Runs `each` on every item at once (released together): how many returned true.
async fn race<T, F, Fut>(items: Vec<T>, each: F) -> usize
where
    T: Send + 'static,
    F: Fn(T) -> Fut + Clone + Send + 'static,
    Fut: std::future::Future<Output = bool> + Send,
{
    let gate = Arc::new(tokio::sync::Barrier::new(items.len()));
    let mut tasks = Vec::new();
    for item in items {
        let (gate, each) = (gate.clone(), each.clone());
        tasks.push(tokio::spawn(async move {
            gate.wait().await;
            each(item).await
        }));
    }
    let mut count = 0;
    for t in tasks {
        if t.await.expect("a racing request failed") {
            count += 1;
        }
    }
    count
}
