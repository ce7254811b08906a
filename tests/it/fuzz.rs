//! Generated input for every server function: whatever arrives (any fields, any values, any
//! bytes, any content type, any method, forged cookies, from a new browser, one mid-reset or
//! one signed in), the answer is never a server error and nothing panics. What decodes and
//! validates requests is the layer an attacker reaches first.
//!
//! `KEYTURN_FUZZ_CASES` sets the number of generated requests per backend (default 1000).

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{header, Request};
use http_body_util::BodyExt;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use tower::ServiceExt;

use crate::signin::{sign_in, SESSION, USER};
use crate::testkit::*;

/// Every server function and the fields it reads (see the README's table).
const FUNCTIONS: &[(&str, &[&str])] = &[
    ("reset/state", &[]),
    ("reset/start", &["user_id"]),
    ("reset/authenticator", &["code"]),
    ("reset/recovery", &["code"]),
    ("reset/alternative", &[]),
    ("reset/pin", &["pin"]),
    ("reset/resend", &[]),
    ("reset/password", &["new_password", "confirm_password"]),
    ("reset/restart", &[]),
    ("reset/prefill", &["user_id"]),
    ("policy", &[]),
    ("signin", &["user_id", "password"]),
    ("signin/state", &[]),
    ("signin/authenticator", &["code"]),
    ("signin/recovery", &["code"]),
    ("signin/send-pin", &["channel"]),
    ("signin/resend", &[]),
    ("signin/pin", &["pin"]),
    ("signin/restart", &[]),
    ("signin/options", &[]),
    ("signout", &[]),
    ("account/state", &[]),
    ("account/activity", &[]),
    (
        "account/password",
        &["current_password", "new_password", "confirm_password"],
    ),
    ("account/reauth", &["current_password"]),
    ("account/authenticator/begin", &[]),
    ("account/authenticator/pending", &[]),
    ("account/authenticator/confirm", &["code"]),
    ("account/authenticator/remove", &[]),
    ("account/recovery-codes", &[]),
    ("account/recovery-codes/new", &[]),
    ("account/contact/begin", &["channel", "value"]),
    ("account/contact/pending", &[]),
    ("account/contact/confirm", &["channel", "pin"]),
    ("email-reset/request", &["user_id", "email"]),
    ("email-reset/link", &["token"]),
    ("email-reset/redeem", &["token"]),
    ("dev/outbox", &[]),
];

/// One generated request.
#[derive(Debug, Clone)]
struct Generated {
    function: usize,
    method: &'static str,
    content_type: Option<&'static str>,
    accept: &'static str,
    body: Vec<u8>,
    query: String,
    /// Which browser sends it: 0 new, 1 mid-reset, 2 signed in, 3 forged cookies.
    browser: usize,
    forged_cookie: String,
}

/// Values a field may take: plausible ones, edge cases and anything at all.
fn value() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        "[0-9]{0,12}",
        "[a-z]{1,12}",
        Just(USER.to_string()),
        Just("sms".to_string()),
        Just("email".to_string()),
        Just("+15551234567".to_string()),
        "[a-z]{1,8}@[a-z]{1,8}\\.[a-z]{2,3}",
        "\\PC{0,40}",
        any::<String>(),
        // Long values: past every limit the server sets.
        "[a-zA-Z0-9]{200,3000}",
        Just("%00%FF%".to_string()),
        Just("\u{0}\u{202e}\u{feff}".to_string()),
    ]
}

fn percent(text: &str) -> String {
    url::form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

/// A body: a form of the function's fields (some missing, some doubled, some unknown), or JSON,
/// or bytes.
fn body_for(fields: &'static [&'static str]) -> impl Strategy<Value = Vec<u8>> {
    let name = prop_oneof![
        4 => proptest::sample::select(if fields.is_empty() { &["x"][..] } else { fields })
            .prop_map(str::to_string),
        1 => "[a-z_\\[\\]]{0,12}",
    ];
    let form = proptest::collection::vec((name, value()), 0..6).prop_map(|pairs| {
        pairs
            .iter()
            .map(|(k, v)| format!("{}={}", percent(k), percent(v)))
            .collect::<Vec<_>>()
            .join("&")
            .into_bytes()
    });
    let raw_form = "[a-z_=&%0-9A-F+]{0,80}".prop_map(String::into_bytes);
    let json = proptest::collection::vec(value(), 0..3)
        .prop_map(|vs| serde_json::to_vec(&serde_json::json!({ "code": vs })).unwrap());
    prop_oneof![
        6 => form,
        2 => raw_form,
        1 => json,
        1 => proptest::collection::vec(any::<u8>(), 0..512),
    ]
}

fn generated() -> impl Strategy<Value = Generated> {
    (0..FUNCTIONS.len())
        .prop_flat_map(|function| {
            (
                Just(function),
                prop_oneof![8 => Just("POST"), 2 => Just("GET"), 1 => Just("PUT")],
                prop_oneof![
                    6 => Just(Some("application/x-www-form-urlencoded")),
                    1 => Just(Some("application/json")),
                    1 => Just(Some("text/plain")),
                    1 => Just(Some("multipart/form-data; boundary=x")),
                    1 => Just(None),
                ],
                prop_oneof![Just("application/json"), Just("text/html"), Just("*/*")],
                body_for(FUNCTIONS[function].1),
                prop_oneof![Just(String::new()), "[a-z_=&%0-9]{0,40}"],
                0..4usize,
                "[ -~]{0,60}",
            )
        })
        .prop_map(
            |(function, method, content_type, accept, body, query, browser, forged_cookie)| {
                Generated {
                    function,
                    method,
                    content_type,
                    accept,
                    body,
                    query,
                    browser,
                    forged_cookie,
                }
            },
        )
}

/// The cookies each kind of browser sends.
struct Browsers {
    mid_reset: String,
    signed_in: String,
}

impl Browsers {
    async fn prepare(app: &TestApp) -> Browsers {
        let mut reset = app.client();
        reset.call("reset/start", &[("user_id", USER)]).await;
        let mut signed = app.client();
        let session = sign_in(app, &mut signed).await;
        Browsers {
            mid_reset: format!(
                "__Host-keyturn_reset={}",
                reset
                    .cookie("__Host-keyturn_reset")
                    .expect("a reset cookie")
            ),
            signed_in: format!("{SESSION}={session}"),
        }
    }

    fn cookie(&self, g: &Generated) -> Option<String> {
        match g.browser {
            1 => Some(self.mid_reset.clone()),
            2 => Some(self.signed_in.clone()),
            3 => Some(format!(
                "__Host-keyturn_reset={0}; {SESSION}={0}; __Host-keyturn_signin={0}; {0}",
                g.forged_cookie
            )),
            _ => None,
        }
    }
}

async fn send(app: &TestApp, browsers: &Browsers, g: &Generated) -> (u16, String) {
    let (function, _) = FUNCTIONS[g.function];
    let uri = if g.query.is_empty() {
        format!("/api/{function}")
    } else {
        format!("/api/{function}?{}", g.query)
    };
    let mut request = Request::builder()
        .method(g.method)
        .uri(uri)
        .header(header::ACCEPT, g.accept);
    if let Some(content_type) = g.content_type {
        request = request.header(header::CONTENT_TYPE, content_type);
    }
    if let Some(cookie) = browsers.cookie(g) {
        if let Ok(value) = header::HeaderValue::from_str(&cookie) {
            request = request.header(header::COOKIE, value);
        }
    }
    let mut request = request.body(Body::from(g.body.clone())).unwrap();
    request
        .extensions_mut()
        .insert(ConnectInfo(std::net::SocketAddr::from((
            [203, 0, 113, 9],
            4000,
        ))));
    let response = app.router.clone().oneshot(request).await.unwrap();
    let status = response.status().as_u16();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    (status, String::from_utf8_lossy(&bytes).into_owned())
}

fn cases() -> u32 {
    std::env::var("KEYTURN_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1000)
}

async fn no_input_is_a_server_error(backend: &str) {
    // Generous limits, so that guesses keep reaching the checks behind them.
    let app = TestApp::new(
        backend,
        &[
            ("KEYTURN_LOCKOUT_THRESHOLD", "100"),
            ("KEYTURN_CLIENT_FAILURES_PER_HOUR", "1000000"),
        ],
    )
    .await;
    app.add_user(USER, true).await;
    let browsers = Browsers::prepare(&app).await;
    let hash_before = app
        .store()
        .find_account(USER)
        .await
        .unwrap()
        .unwrap()
        .password_hash;
    let mut runner = TestRunner::new(Config {
        cases: cases(),
        failure_persistence: None,
        ..Config::default()
    });
    let strategy = generated();
    let seen = std::cell::RefCell::new(std::collections::BTreeMap::<u16, usize>::new());
    // The runner is synchronous; each case is sent on this test's own runtime.
    let handle = tokio::runtime::Handle::current();
    let result = tokio::task::block_in_place(|| {
        runner
            .run(&strategy, |g| {
                let (status, body) = handle.block_on(send(&app, &browsers, &g));
                *seen.borrow_mut().entry(status).or_default() += 1;
                if status >= 500 {
                    return Err(TestCaseError::fail(format!("{status}: {body}")));
                }
                Ok(())
            })
            .map_err(|e| e.to_string())
    });
    let seen = seen.into_inner();
    eprintln!("generated requests by status: {seen:?}");
    if let Err(e) = result {
        panic!("{e}\nstatuses so far: {seen:?}");
    }
    // Inputs reached past decoding too: the generator is not just making 404s.
    assert!(seen.contains_key(&200), "{seen:?}");
    assert!(seen.contains_key(&400), "{seen:?}");
    // Nothing generated changed the password.
    let hash_after = app
        .store()
        .find_account(USER)
        .await
        .unwrap()
        .unwrap()
        .password_hash;
    assert_eq!(hash_before, hash_after);
}
on_both_backends!(
    server_functions_never_answer_a_server_error,
    no_input_is_a_server_error
);
