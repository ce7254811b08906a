//! Test harness: a Keyturn app on a fresh SQLite file or a fresh Postgres database, driven
//! over HTTP with `tower::ServiceExt::oneshot`, exactly as a browser's requests reach it.
#![allow(dead_code)]

use std::collections::HashMap;
use std::net::SocketAddr;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{header, Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use tower::ServiceExt;

use keyturn::server::admin::{add_user, AddUser, PasswordSource, TotpSource};
use keyturn::server::clock::Clock;
use keyturn::server::config::Config;
use keyturn::server::crypto::{Redacted, SecretKey};
use keyturn::server::state::AppState;
use keyturn::server::store::Store;

pub const TEST_KEY: &str = "8f1c2b7d4e6a09f3c5b1d2e4f6a8b0c1d3e5f7091a2b3c4d5e6f708192a3b4c5";
/// A 160-bit authenticator secret, base32.
pub const TOTP_SECRET: &str = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
pub const OLD_PASSWORD: &str = "the old password is long enough";
pub const NEW_PASSWORD: &str = "Vivid-otter-grazes-near-7-quiet-lakes";

pub fn postgres_admin_url() -> Option<String> {
    std::env::var("KEYTURN_TEST_POSTGRES_URL")
        .ok()
        .filter(|s| !s.is_empty())
}

/// A fresh, empty database of the given backend; returns its URL.
pub async fn fresh_database(backend: &str) -> String {
    match backend {
        "sqlite" => {
            let dir = std::env::temp_dir().join(format!("keyturn-test-{}", random_suffix()));
            std::fs::create_dir_all(&dir).unwrap();
            format!("sqlite://{}?mode=rwc", dir.join("keyturn.db").display())
        }
        "postgres" => {
            let admin = postgres_admin_url().expect("KEYTURN_TEST_POSTGRES_URL");
            let name = format!("keyturn_test_{}", random_suffix());
            sqlx::any::install_default_drivers();
            let mut conn = <sqlx::AnyConnection as sqlx::Connection>::connect(&admin)
                .await
                .expect("connect to Postgres");
            sqlx::Executor::execute(&mut conn, format!("CREATE DATABASE {name}").as_str())
                .await
                .unwrap();
            let (base, _) = admin.rsplit_once('/').expect("a database in the URL");
            format!("{base}/{name}")
        }
        other => panic!("unknown backend {other}"),
    }
}

pub fn random_suffix() -> String {
    use rand::Rng;
    let mut rng = rand::thread_rng();
    (0..12)
        .map(|_| (b'a' + rng.gen_range(0..26)) as char)
        .collect()
}

pub struct TestApp {
    pub state: AppState,
    pub router: Router,
}

/// Settings for tests: dev mode (messages land in the outbox), generous rate limits unless a
/// test sets its own.
pub fn settings(database_url: &str, extra: &[(&str, &str)]) -> HashMap<String, String> {
    let mut vars: HashMap<String, String> = [
        ("KEYTURN_SECRET_KEY", TEST_KEY),
        ("KEYTURN_DEV", "1"),
        ("KEYTURN_DATABASE_URL", database_url),
        ("KEYTURN_PUBLIC_URL", "https://reset.example.org"),
        ("KEYTURN_MAIL_FROM", "Keyturn <no-reply@corp.example>"),
        ("KEYTURN_RATE_LIMIT_PER_MINUTE", "100000"),
        ("KEYTURN_SUPPORT_CONTACT", "the help desk on +1 555 0100"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    for (k, v) in extra {
        vars.insert(k.to_string(), v.to_string());
    }
    vars
}

impl TestApp {
    pub async fn new(backend: &str, extra: &[(&str, &str)]) -> TestApp {
        Self::on(&fresh_database(backend).await, extra).await
    }

    /// A fresh app with one user (phone, email, password, authenticator).
    pub async fn with_user(backend: &str, user_id: &str) -> TestApp {
        let app = Self::new(backend, &[]).await;
        app.add_user(user_id, true).await;
        app
    }

    /// Another instance on an existing database (instances share nothing else).
    pub async fn on(url: &str, extra: &[(&str, &str)]) -> TestApp {
        let config = Config::from_env(&settings(url, extra), "127.0.0.1:3000", || unreachable!())
            .expect("test config");
        let state = AppState::new(config, Clock::default())
            .await
            .expect("state");
        let options = leptos::config::LeptosOptions::builder()
            .output_name("keyturn")
            .site_root("target/site")
            .build();
        let router = keyturn::server::http::router(state.clone(), options);
        TestApp { state, router }
    }

    pub fn store(&self) -> &Store {
        &self.state.store
    }

    pub fn client(&self) -> Client {
        self.client_from("203.0.113.7:50000")
    }

    pub fn client_from(&self, addr: &str) -> Client {
        Client {
            router: self.router.clone(),
            cookie: None,
            addr: addr.parse().unwrap(),
        }
    }

    /// Adds a user with phone, email, password and (optionally) an authenticator.
    pub async fn add_user(&self, user_id: &str, totp: bool) {
        let req = AddUser {
            user_id: user_id.into(),
            email: format!("{user_id}@example.com"),
            phone: Some("+15551234567".into()),
            password: PasswordSource::Given(Redacted::new(OLD_PASSWORD.into())),
            totp: if totp {
                TotpSource::Given(TOTP_SECRET.into())
            } else {
                TotpSource::None
            },
        };
        add_user(
            self.store(),
            &self.state.keys,
            "Keyturn",
            req,
            self.state.clock.now(),
        )
        .await
        .expect("add user");
    }

    /// The authenticator code for now.
    pub fn totp_code(&self) -> String {
        let secret = keyturn::server::factors::totp::decode_secret(TOTP_SECRET).unwrap();
        keyturn::server::factors::totp::code_at(&secret, self.state.clock.now())
    }

    /// The newest message to `recipient` in the dev outbox.
    pub async fn last_message_to(
        &self,
        recipient: &str,
    ) -> Option<keyturn::server::store::OutboxRow> {
        self.store()
            .outbox_rows(500)
            .await
            .unwrap()
            .into_iter()
            .find(|m| m.recipient == recipient)
    }

    /// The PIN and reference of the newest message to `recipient`.
    pub async fn last_pin_to(&self, recipient: &str) -> (String, String) {
        let m = self
            .last_message_to(recipient)
            .await
            .expect("a PIN message");
        (after(&m.body, "PIN: ", 6), after(&m.body, "Reference: ", 4))
    }

    pub async fn messages_to(&self, recipient: &str) -> usize {
        self.store()
            .outbox_rows(500)
            .await
            .unwrap()
            .iter()
            .filter(|m| m.recipient == recipient)
            .count()
    }

    pub fn secret_key(&self) -> SecretKey {
        SecretKey::from_hex(TEST_KEY).unwrap()
    }
}

fn after(text: &str, marker: &str, len: usize) -> String {
    let start = text
        .find(marker)
        .unwrap_or_else(|| panic!("{marker:?} not in message"))
        + marker.len();
    text[start..start + len].to_string()
}

/// A browser: keeps the flow cookie between requests.
#[derive(Clone)]
pub struct Client {
    router: Router,
    pub cookie: Option<String>,
    addr: SocketAddr,
}

pub struct Reply {
    pub status: StatusCode,
    pub body: String,
    pub headers: axum::http::HeaderMap,
}

impl Reply {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|_| panic!("not JSON: {}", self.body))
    }
}

impl Client {
    /// Sends this browser's next requests to another instance (as a load balancer would).
    pub fn switch_to(&mut self, app: &TestApp) {
        self.router = app.router.clone();
    }

    pub async fn request(
        &mut self,
        method: &str,
        path: &str,
        form: &[(&str, &str)],
        accept: &str,
    ) -> Reply {
        self.send(method, path, form, accept, &[]).await
    }

    /// A server function call with extra request headers.
    pub async fn request_with(
        &mut self,
        method: &str,
        path: &str,
        form: &[(&str, &str)],
        headers: &[(&str, &str)],
    ) -> Reply {
        self.send(method, path, form, "application/json", headers)
            .await
    }

    async fn send(
        &mut self,
        method: &str,
        path: &str,
        form: &[(&str, &str)],
        accept: &str,
        headers: &[(&str, &str)],
    ) -> Reply {
        let body = form
            .iter()
            .map(|(k, v)| format!("{}={}", urlencode(k), urlencode(v)))
            .collect::<Vec<_>>()
            .join("&");
        let mut req = Request::builder()
            .method(method)
            .uri(path)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::ACCEPT, accept);
        if let Some(cookie) = &self.cookie {
            req = req.header(header::COOKIE, cookie.clone());
        }
        for (name, value) in headers {
            req = req.header(*name, *value);
        }
        let mut req = req.body(Body::from(body)).unwrap();
        req.extensions_mut().insert(ConnectInfo(self.addr));
        let res = self.router.clone().oneshot(req).await.unwrap();
        for value in res.headers().get_all(header::SET_COOKIE) {
            let text = value.to_str().unwrap();
            let pair = text.split(';').next().unwrap().to_string();
            if text.contains("Max-Age=0") {
                self.cookie = None;
            } else {
                self.cookie = Some(pair);
            }
        }
        let status = res.status();
        let headers = res.headers().clone();
        let bytes = res.into_body().collect().await.unwrap().to_bytes();
        Reply {
            status,
            body: String::from_utf8_lossy(&bytes).into_owned(),
            headers,
        }
    }

    /// A server function call as the hydrated page makes it.
    pub async fn call(&mut self, function: &str, form: &[(&str, &str)]) -> Reply {
        self.request(
            "POST",
            &format!("/api/{function}"),
            form,
            "application/json",
        )
        .await
    }

    pub async fn get(&mut self, path: &str) -> Reply {
        self.request("GET", path, &[], "text/html").await
    }

    pub async fn state(&mut self) -> serde_json::Value {
        let r = self.call("reset/state", &[]).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        r.json()
    }

    /// The name of the current step ("UserId", "Authenticator", "Pin", …).
    pub async fn step(&mut self) -> String {
        let state = self.state().await;
        match &state["step"] {
            serde_json::Value::String(s) => s.clone(),
            serde_json::Value::Object(o) => o.keys().next().unwrap().clone(),
            other => panic!("unexpected step {other}"),
        }
    }
}

fn urlencode(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

/// Runs a test body against SQLite always and against Postgres when
/// `KEYTURN_TEST_POSTGRES_URL` is given.
#[macro_export]
macro_rules! on_both_backends {
    ($name:ident, $body:ident) => {
        mod $name {
            #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
            async fn sqlite() {
                super::$body("sqlite").await;
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
            async fn postgres() {
                if $crate::support::postgres_admin_url().is_none() {
                    eprintln!("skipped: KEYTURN_TEST_POSTGRES_URL is not set");
                    return;
                }
                super::$body("postgres").await;
            }
        }
    };
}
