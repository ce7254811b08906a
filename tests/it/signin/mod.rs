//! Signing in (flow B) and the account page, through their server functions, on SQLite and on
//! Postgres.

mod account;
mod cross_site;
mod enumeration;
mod guessing;
mod lockout;
mod paths;
mod sessions;

use axum::http::StatusCode;

use crate::testkit::*;

pub(crate) const USER: &str = "erin";
pub(crate) const EMAIL: &str = "erin@example.com";
pub(crate) const PHONE: &str = "+15551234567";
/// The session cookie's name (the test apps run on an https public URL).
pub(crate) const SESSION: &str = "__Host-keyturn_session";

/// User ID and password: the second-factor step starts.
pub(crate) async fn password(c: &mut Client, user: &str, password: &str) -> Reply {
    c.call("signin", &[("user_id", user), ("password", password)])
        .await
}

/// A whole sign-in with password and authenticator code; returns the session cookie's value.
pub(crate) async fn sign_in(app: &TestApp, c: &mut Client) -> String {
    let r = password(c, USER, OLD_PASSWORD).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let r = c
        .call("signin/authenticator", &[("code", &app.totp_code())])
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    c.cookie(SESSION).expect("a session cookie").to_string()
}

/// The account page's data for this browser.
pub(crate) async fn account(c: &mut Client) -> Reply {
    c.call("account/state", &[]).await
}
