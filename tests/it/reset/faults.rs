//! Faults, each injected for real: an SMS provider that hangs or answers 5xx, a Postgres server
//! that restarts in the middle of a flow (its connections break, its port refuses, then it is
//! back), SQLite's write lock held by another process under load. In every case the person gets
//! a clear answer, no account is left half-changed, Keyturn recovers without a restart, and no
//! message is lost. Each test prints one `fault:` line with its counts.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::http::StatusCode;
use serde_json::json;

use super::{new_password, EMAIL, PHONE, USER};
use crate::testkit::*;

const CHANGED: &str = "Your password was changed";

/// Whether the account's password is still the old one, read from the database.
async fn still_old_password(app: &TestApp, user: &str) -> bool {
    let account = app.store().find_account(user).await.unwrap().unwrap();
    passwords::verify_now(OLD_PASSWORD, account.password_hash.as_deref().unwrap())
}

/// What the SMS provider does with the next message.
#[derive(Clone, Copy, Debug)]
enum Provider {
    Accept,
    Fail,
    Hang,
}

/// An SMS provider on loopback that answers as scripted (then accepts), recording every
/// message it accepted.
struct SmsProvider {
    url: String,
    script: Arc<Mutex<VecDeque<Provider>>>,
    accepted: Arc<Mutex<Vec<String>>>,
}

impl SmsProvider {
    async fn start() -> SmsProvider {
        use axum::{extract::State, routing::post, Json, Router};
        type Shared = (Arc<Mutex<VecDeque<Provider>>>, Arc<Mutex<Vec<String>>>);
        async fn receive(
            State((script, accepted)): State<Shared>,
            Json(body): Json<serde_json::Value>,
        ) -> StatusCode {
            let next = script
                .lock()
                .unwrap()
                .pop_front()
                .unwrap_or(Provider::Accept);
            match next {
                Provider::Accept => {
                    let text = body["body"].as_str().unwrap_or_default().to_string();
                    accepted.lock().unwrap().push(text);
                    StatusCode::OK
                }
                Provider::Fail => StatusCode::BAD_GATEWAY,
                Provider::Hang => {
                    tokio::time::sleep(Duration::from_secs(30)).await;
                    StatusCode::OK
                }
            }
        }
        let shared: Shared = Default::default();
        let app = Router::new()
            .route("/sms", post(receive))
            .with_state(shared.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/sms", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        SmsProvider {
            url,
            script: shared.0,
            accepted: shared.1,
        }
    }

    fn then(&self, behaviours: &[Provider]) {
        self.script.lock().unwrap().extend(behaviours);
    }

    fn last_pin(&self) -> String {
        let accepted = self.accepted.lock().unwrap();
        let body = accepted.last().expect("an SMS was accepted");
        body.split("PIN: ").nth(1).expect("a PIN in the SMS")[..6].to_string()
    }
}

/// An SMS provider that hangs past `KEYTURN_DELIVERY_TIMEOUT_SECONDS`, then one that answers
/// 502: each time the person is told the SMS could not be sent and offered email, no PIN is
/// live, nothing counts against the account, and once the provider works again "Send a new
/// PIN" by SMS goes through, in the same flow, without a restart.
async fn sms_provider_faults(backend: &str) {
    let provider = SmsProvider::start().await;
    let sink = SmtpSink::start().await;
    let app = TestApp::new(
        backend,
        &[
            ("KEYTURN_DEV", "0"),
            ("KEYTURN_SMS_URL", &provider.url),
            ("KEYTURN_SMS_TOKEN", "provider-token"),
            ("KEYTURN_SMTP_URL", &sink.url()),
            ("KEYTURN_DELIVERY_TIMEOUT_SECONDS", "1"),
            ("KEYTURN_PIN_RESEND_SECONDS", "1"),
        ],
    )
    .await;
    app.add_user(USER, true).await;
    let mut failed = 0;

    // The SMS PIN after the authenticator code: the provider hangs.
    provider.then(&[Provider::Hang]);
    let mut c = app.client();
    c.call("reset/start", &[("user_id", USER)]).await;
    let t = Instant::now();
    let r = c
        .call("reset/authenticator", &[("code", &app.totp_code())])
        .await;
    let waited = t.elapsed();
    assert_eq!(r.status, StatusCode::SERVICE_UNAVAILABLE, "{}", r.body);
    assert_eq!(r.json(), json!({"DeliveryFailed": "sms"}));
    failed += 1;
    assert!(
        waited < Duration::from_secs(5),
        "the timeout of 1 s held: {waited:?}"
    );
    let state = c.state().await;
    assert_eq!(state["step"]["Pin"]["channel"], "sms", "{state}");
    assert_eq!(state["step"]["Pin"]["reference"], serde_json::Value::Null);
    assert_eq!(state["step"]["Pin"]["can_switch"], true);

    // "Send a new PIN": the provider answers 502, the same clear answer.
    provider.then(&[Provider::Fail]);
    app.state.clock.advance(2);
    let r = c.call("reset/resend", &[]).await;
    assert_eq!(r.status, StatusCode::SERVICE_UNAVAILABLE, "{}", r.body);
    assert_eq!(r.json(), json!({"DeliveryFailed": "sms"}));
    failed += 1;

    // The provider works again: the next "Send a new PIN" reaches the phone, and its PIN works.
    app.state.clock.advance(2);
    let r = c.call("reset/resend", &[]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let r = c.call("reset/pin", &[("pin", &provider.last_pin())]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(new_password(&mut c).await.status, StatusCode::OK);
    sink.wait_for(EMAIL, CHANGED, 1).await;

    // A second person takes the other channel offered: email instead of the hanging SMS.
    provider.then(&[Provider::Hang]);
    let mut other = app.client_from("198.51.100.9:40000");
    app.add_user("erin", true).await;
    other.call("reset/start", &[("user_id", "erin")]).await;
    let r = other
        .call("reset/authenticator", &[("code", &app.totp_code())])
        .await;
    assert_eq!(r.status, StatusCode::SERVICE_UNAVAILABLE, "{}", r.body);
    failed += 1;
    let r = other.call("reset/alternative", &[]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let state = other.state().await;
    let reference = state["step"]["Pin"]["reference"]
        .as_str()
        .unwrap()
        .to_string();
    let mail = sink
        .wait_for(
            "erin@example.com",
            &format!("Your one-time PIN (reference {reference})"),
            1,
        )
        .await;
    let pin = &mail.body.split("PIN: ").nth(1).unwrap()[..6];
    assert_eq!(
        other.call("reset/pin", &[("pin", pin)]).await.status,
        StatusCode::OK
    );

    // Nothing counted against either account; every failure is in the audit log.
    for user in [USER, "erin"] {
        let account = app.store().find_account(user).await.unwrap().unwrap();
        assert_eq!(account.failed_attempts, 0, "{user}");
    }
    let failures = app
        .audit_of(USER)
        .await
        .iter()
        .filter(|e| e.event == "pin.delivery_failed")
        .count();
    assert_eq!(failures, 2);
    let accepted = provider.accepted.lock().unwrap().len();
    println!(
        "fault: SMS provider hanging and 502 ({backend}): {failed} requests answered 503 \"could not send\" (each offered email), {accepted} SMS delivered once the provider was back, 0 messages lost, 0 failed guesses counted"
    );
}
on_both_backends!(an_sms_provider_that_hangs_or_fails, sms_provider_faults);

/// The app on `database` through a proxy that can make the server go away.
async fn behind_proxy(database: &TestDatabase, extra: &[(&str, &str)]) -> (TestApp, TcpProxy) {
    let mut url = url::Url::parse(database.url()).unwrap();
    let target: std::net::SocketAddr =
        format!("{}:{}", url.host_str().unwrap(), url.port().unwrap_or(5432))
            .parse()
            .unwrap();
    let proxy = TcpProxy::start(target).await;
    url.set_port(Some(proxy.addr().port())).unwrap();
    url.set_host(Some("127.0.0.1")).unwrap();
    (TestApp::on(url.as_str(), extra).await, proxy)
}

/// Postgres restarts while a person is in the wizard.
/// 1. A restart of about a second (live connections broken, the port refusing): the request
///    sent meanwhile waits for the server and succeeds; nothing fails.
/// 2. A server that is down for longer (every connection cut at once): the PIN and the new
///    password are answered 503 "cannot reach our database", the PIN is not used up, the
///    password is not changed; once it is back the same PIN and the same password go through.
/// 3. The server goes away just after the change, before its notice is sent (the mail server
///    is down too): the notice, written with the change, goes out once both are back.
async fn postgres_restarts_mid_flow() {
    let database = fresh_database("postgres").await;
    let sink = SmtpSink::start().await;
    let (app, proxy) = behind_proxy(&database, &[("KEYTURN_SMTP_URL", &sink.url())]).await;
    app.add_user(USER, true).await;
    let mut c = app.client();
    let mut failed = 0;

    // 1. A short restart between two steps.
    assert_eq!(
        c.call("reset/start", &[("user_id", USER)]).await.status,
        StatusCode::OK
    );
    proxy.go_away();
    let back = tokio::spawn({
        async move {
            tokio::time::sleep(Duration::from_millis(1200)).await;
            proxy.come_back().await;
            proxy
        }
    });
    let t = Instant::now();
    let r = c
        .call("reset/authenticator", &[("code", &app.totp_code())])
        .await;
    let waited = t.elapsed();
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let proxy = back.await.unwrap();
    assert!(
        waited >= Duration::from_millis(1000),
        "the request waited for the server: {waited:?}"
    );

    // 2. Down for longer: every connection is cut.
    let (pin, _) = app.last_pin_to(PHONE).await;
    proxy.cut_every_connection(true);
    let r = c.call("reset/pin", &[("pin", &pin)]).await;
    assert_eq!(r.status, StatusCode::SERVICE_UNAVAILABLE, "{}", r.body);
    assert_eq!(r.json(), json!("Unavailable"));
    failed += 1;
    proxy.cut_every_connection(false);
    let r = c.call("reset/pin", &[("pin", &pin)]).await;
    assert_eq!(
        r.status,
        StatusCode::OK,
        "the PIN was not used up: {}",
        r.body
    );
    proxy.cut_every_connection(true);
    let r = new_password(&mut c).await;
    assert_eq!(r.status, StatusCode::SERVICE_UNAVAILABLE, "{}", r.body);
    assert_eq!(r.json(), json!("Unavailable"));
    failed += 1;
    proxy.cut_every_connection(false);
    assert!(still_old_password(&app, USER).await, "nothing changed");
    assert_eq!(c.step().await, "NewPassword");

    // 3. The change goes through; the server goes away at once, and the mail server is down.
    sink.set_down(true);
    let r = new_password(&mut c).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    proxy.go_away();
    tokio::time::sleep(Duration::from_millis(1500)).await;
    proxy.come_back().await;
    assert!(!still_old_password(&app, USER).await, "changed once back");
    sink.set_down(false);
    // The worker tries again within backoff of its first (failed) try, at most 10 s on.
    for _ in 0..3 {
        app.state.clock.advance(10);
        tokio::time::sleep(Duration::from_millis(1200)).await;
        if !sink.mails_to(EMAIL).is_empty() {
            break;
        }
    }
    sink.wait_for(EMAIL, CHANGED, 1).await;
    app.state.delivery.settled().await;
    assert_eq!(sink.mails_to(EMAIL).len(), 1, "one notice, sent once");
    let events: Vec<String> = app
        .audit_of(USER)
        .await
        .into_iter()
        .map(|e| e.event)
        .collect();
    assert_eq!(
        events.iter().filter(|e| *e == "password.changed").count(),
        1,
        "{events:?}"
    );
    println!(
        "fault: Postgres restarted mid-flow: 0 requests failed over a 1.2 s restart (the request waited {:.1} s), {failed} answered 503 \"cannot reach our database\" while it stayed down (PIN kept, password unchanged, both went through after), 0 messages lost (the notice queued with the change was delivered once)",
        waited.as_secs_f64()
    );
    drop(app);
    drop(proxy);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn postgres_restarted_in_the_middle_of_a_flow() {
    if postgres_admin_url().is_none() {
        eprintln!("skipped: KEYTURN_TEST_POSTGRES_URL is not set");
        return;
    }
    postgres_restarts_mid_flow().await;
}

/// Another process holds SQLite's write lock. Under parallel load, locks held for less than
/// the busy timeout (5 s) only make writers wait: every request succeeds, no `SQLITE_BUSY`
/// reaches anyone. A lock held past it: the request is answered 503 "cannot reach our
/// database", nothing is written, and the same request succeeds once the lock is gone.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sqlite_busy_under_load() {
    use sqlx::Connection;
    let app = Arc::new(TestApp::new("sqlite", &[]).await);
    let file = app.store().pool().connect_options().database_url.clone();
    let path = file
        .as_str()
        .trim_start_matches("sqlite://")
        .split('?')
        .next()
        .unwrap()
        .to_string();
    let people = 24;
    for n in 0..people {
        add_person(&app, n).await;
    }
    let holder = move |hold: Duration| {
        let path = path.clone();
        async move {
            let mut other = sqlx::SqliteConnection::connect(&format!("sqlite://{path}"))
                .await
                .unwrap();
            sqlx::Executor::execute(&mut other, "BEGIN IMMEDIATE")
                .await
                .unwrap();
            tokio::time::sleep(hold).await;
            sqlx::Executor::execute(&mut other, "COMMIT").await.unwrap();
        }
    };

    // Parallel walks through the whole wizard while the lock is taken three times for 0.8 s.
    let locks = tokio::spawn({
        let holder = holder.clone();
        async move {
            for _ in 0..3 {
                holder(Duration::from_millis(800)).await;
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
        }
    });
    let walks: Vec<_> = (0..people)
        .map(|n| {
            let app = app.clone();
            tokio::spawn(async move {
                let mut c = app.client_from(&format!("198.51.100.{}:4000", n + 1));
                let mut statuses = Vec::new();
                let started = Instant::now();
                let r = c.call("reset/start", &[("user_id", &person(n))]).await;
                statuses.push((r.status, started.elapsed()));
                let started = Instant::now();
                let r = c
                    .call("reset/authenticator", &[("code", &app.totp_code())])
                    .await;
                statuses.push((r.status, started.elapsed()));
                let (pin, _) = app.last_pin_to(&phone(n)).await;
                let started = Instant::now();
                let r = c.call("reset/pin", &[("pin", &pin)]).await;
                statuses.push((r.status, started.elapsed()));
                let started = Instant::now();
                let r = new_password(&mut c).await;
                statuses.push((r.status, started.elapsed()));
                statuses
            })
        })
        .collect();
    let mut requests = 0;
    let mut not_ok = Vec::new();
    let mut waited = Duration::ZERO;
    for walk in walks {
        let statuses = walk.await.unwrap();
        requests += statuses.len();
        for (status, took) in statuses {
            waited = waited.max(took);
            if status != StatusCode::OK {
                not_ok.push(status);
            }
        }
    }
    locks.await.unwrap();
    assert!(not_ok.is_empty(), "{not_ok:?}");
    assert!(
        waited >= Duration::from_millis(400),
        "the load met a held lock (the longest request took {waited:?})"
    );
    for n in 0..people {
        assert!(
            !still_old_password(&app, &person(n)).await,
            "{} changed",
            person(n)
        );
    }

    // A lock held past the busy timeout: a clear 503, nothing written; then it works.
    let flows_before = count(&app, "reset_flows").await;
    let long = tokio::spawn(holder(Duration::from_millis(6500)));
    tokio::time::sleep(Duration::from_millis(200)).await;
    let mut late = app.client_from("192.0.2.50:4000");
    let r = late.call("reset/start", &[("user_id", &person(0))]).await;
    assert_eq!(r.status, StatusCode::SERVICE_UNAVAILABLE, "{}", r.body);
    assert_eq!(r.json(), json!("Unavailable"));
    long.await.unwrap();
    assert_eq!(count(&app, "reset_flows").await, flows_before);
    let r = late.call("reset/start", &[("user_id", &person(0))]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(late.step().await, "Authenticator");
    println!(
        "fault: SQLite write lock held by another process: {requests} requests from {people} parallel walks under three 0.8 s locks, 0 failed, 0 SQLITE_BUSY (the longest waited {:.2} s); a lock held 6.5 s (past the 5 s busy timeout): 1 request answered 503 \"cannot reach our database\", nothing written, the retry succeeded",
        waited.as_secs_f64()
    );
}

async fn count(app: &TestApp, table: &str) -> i64 {
    sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}"))
        .fetch_one(app.store().pool())
        .await
        .unwrap()
}

fn person(n: usize) -> String {
    format!("person{n}")
}

fn phone(n: usize) -> String {
    format!("+1555000{n:04}")
}

/// A person of the load with a phone of their own, so each reads their own PIN.
async fn add_person(app: &TestApp, n: usize) {
    let req = admin::AddUser {
        user_id: person(n),
        email: format!("{}@example.com", person(n)),
        phone: Some(phone(n)),
        password: admin::PasswordSource::Given(crypto::Redacted::new(OLD_PASSWORD.into())),
        totp: admin::TotpSource::Given(TOTP_SECRET.into()),
    };
    app.add(req).await;
}
