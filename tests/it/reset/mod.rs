//! The reset wizard through its server functions, over HTTP, on SQLite and on Postgres.

mod codes;
mod concurrency;
mod delivery;
mod enumeration;
mod faults;
mod guessing;
mod happy_paths;
mod instances;
mod limits;
mod lockout;
mod no_js;
mod ordering;
mod queued_messages;

use axum::http::StatusCode;
use serde_json::Value;

use crate::testkit::*;

const USER: &str = "dana";
const EMAIL: &str = "dana@example.com";
const PHONE: &str = "+15551234567";
/// The flow cookie's name (the test apps run on an https public URL).
const FLOW_COOKIE: &str = "__Host-keyturn_reset";

fn error(r: &Reply) -> Value {
    r.json()
}

/// The last step with the testkit's new password.
async fn new_password(c: &mut Client) -> Reply {
    c.call(
        "reset/password",
        &[
            ("new_password", NEW_PASSWORD),
            ("confirm_password", NEW_PASSWORD),
        ],
    )
    .await
}

async fn pass_totp(app: &TestApp, c: &mut Client) {
    assert_eq!(
        c.call("reset/start", &[("user_id", USER)]).await.status,
        StatusCode::OK
    );
    let r = c
        .call("reset/authenticator", &[("code", &app.totp_code())])
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
}
