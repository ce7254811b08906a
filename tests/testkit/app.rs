//! `TestApp`: the application state and router around a database, with the outbox readers and
//! authenticator helpers the scenarios need.

use std::net::SocketAddr;

use axum::Router;

use super::admin::{add_user, AddUser, PasswordSource, TotpSource};
use super::crypto::Redacted;
use super::paths::{router, AppState, Clock, Config, Worker};
use super::store::{AuditEvent, OutboxRow, Store};
use super::totp;
use super::{fresh_database, settings, Client, TestDatabase, OLD_PASSWORD, TOTP_SECRET};

pub struct TestApp {
    pub state: AppState,
    pub router: Router,
    /// The app's message worker, as `keyturn serve` runs one (it stops with the app).
    _worker: Worker,
    /// The database this app created, removed when the app is dropped; `None` for an instance
    /// on a database someone else holds.
    database: Option<TestDatabase>,
}

impl TestApp {
    /// A fresh app on a fresh database of `backend`, which goes when the app does.
    pub async fn new(backend: &str, extra: &[(&str, &str)]) -> TestApp {
        let database = fresh_database(backend).await;
        let mut app = Self::on(database.url(), extra).await;
        app.database = Some(database);
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
        let router = router(state.clone(), options);
        TestApp {
            _worker: state.delivery.start_worker(),
            state,
            router,
            database: None,
        }
    }

    pub fn store(&self) -> &Store {
        &self.state.store
    }

    /// A browser at the client address `addr`.
    pub fn client_at(&self, addr: SocketAddr) -> Client {
        Client::new(self.router.clone(), addr)
    }

    /// The newest message to `recipient` in the dev outbox.
    pub async fn last_message_to(&self, recipient: &str) -> Option<OutboxRow> {
        // Some messages are sent after their answers.
        self.state.delivery.settled().await;
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

    /// Removes the database this app created now, from async code, instead of on drop (see
    /// [`TestDatabase::remove`]; close the store first).
    #[allow(dead_code, reason = "the tests leave removal to Drop")]
    pub async fn remove_database(self) -> Result<u64, String> {
        match self.database {
            Some(database) => database.remove().await,
            None => Ok(0),
        }
    }
}

/// What only the tests use: the benches number their own accounts and browsers.
#[allow(dead_code, reason = "the benches number their own accounts")]
impl TestApp {
    /// A browser of this app whose site files (the client, its style) come from `site_root`.
    pub fn client_of_site(&self, site_root: &std::path::Path) -> Client {
        let options = leptos::config::LeptosOptions::builder()
            .output_name("keyturn")
            .site_root(site_root.to_str().unwrap())
            .build();
        Client::new(
            router(self.state.clone(), options),
            "203.0.113.9:5000".parse().unwrap(),
        )
    }

    /// A fresh app with one user (phone, email, password, authenticator).
    pub async fn with_user(backend: &str, user_id: &str) -> TestApp {
        let app = Self::new(backend, &[]).await;
        app.add_user(user_id, true).await;
        app
    }

    pub fn client(&self) -> Client {
        self.client_from("203.0.113.7:50000")
    }

    pub fn client_from(&self, addr: &str) -> Client {
        self.client_at(addr.parse().unwrap())
    }

    /// Adds a user with phone, email, password and (optionally) an authenticator.
    pub async fn add_user(&self, user_id: &str, totp: bool) {
        self.add(AddUser {
            user_id: user_id.into(),
            email: format!("{user_id}@example.com"),
            phone: Some("+15551234567".into()),
            password: PasswordSource::Given(Redacted::new(OLD_PASSWORD.into())),
            totp: if totp {
                TotpSource::Given(TOTP_SECRET.into())
            } else {
                TotpSource::None
            },
        })
        .await;
    }

    /// Adds the user `req` describes, as `keyturn user add` does.
    pub async fn add(&self, req: AddUser) {
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
        let secret = totp::decode_secret(TOTP_SECRET).unwrap();
        totp::code_at(&secret, self.state.clock.now())
    }

    /// The newest message to `recipient` whose body contains `words`, waiting up to five
    /// seconds for it: notices are sent in the background, after the response.
    pub async fn notice_to(&self, recipient: &str, words: &str) -> OutboxRow {
        for _ in 0..100 {
            if let Some(m) = self.last_message_to(recipient).await {
                if m.body.contains(words) || m.subject.contains(words) {
                    return m;
                }
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        panic!("no message to {recipient} with {words:?}");
    }

    pub async fn messages_to(&self, recipient: &str) -> usize {
        self.messages_where(|m| m.recipient == recipient).await
    }

    /// How many messages so far (those sent after their answers included) are like this.
    pub async fn messages_where(&self, like: impl Fn(&OutboxRow) -> bool) -> usize {
        self.state.delivery.settled().await;
        self.store()
            .outbox_rows(500)
            .await
            .unwrap()
            .iter()
            .filter(|m| like(m))
            .count()
    }

    /// The audit events of an account so far (those written after their answers included).
    pub async fn audit_of(&self, user_id: &str) -> Vec<AuditEvent> {
        self.state.delivery.settled().await;
        let account = self.store().find_account(user_id).await.unwrap().unwrap();
        self.store().audit_events(account.id).await.unwrap()
    }
}

fn after(text: &str, marker: &str, len: usize) -> String {
    let start = text
        .find(marker)
        .unwrap_or_else(|| panic!("{marker:?} not in message"))
        + marker.len();
    text[start..start + len].to_string()
}
