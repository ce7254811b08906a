//! The forgotten password by email (flow C), on SQLite and on Postgres, with every email read
//! from a real SMTP server (`SmtpSink`): the request, the link, the temporary password, the
//! sign-in with it and the forced change.

mod enumeration;
mod link;
mod paths;
mod temporary;

use axum::http::StatusCode;

use crate::testkit::*;

pub(crate) const USER: &str = "gwen";
pub(crate) const EMAIL: &str = "gwen@example.com";
pub(crate) const SESSION: &str = "__Host-keyturn_session";
pub(crate) const NOTICE: &str = "A password reset was requested";
pub(crate) const LINK: &str = "Your password reset link";
pub(crate) const TEMPORARY: &str = "Your temporary password";
pub(crate) const LINK_PREFIX: &str = "https://reset.example.org/email-reset/link?token=";

/// An app that sends real email to a sink (not dev mode: there is no outbox), with one user.
pub(crate) async fn app(backend: &str, extra: &[(&str, &str)]) -> (TestApp, SmtpSink) {
    let sink = SmtpSink::start().await;
    let url = sink.url();
    let mut settings = vec![("KEYTURN_DEV", "0"), ("KEYTURN_SMTP_URL", url.as_str())];
    settings.extend_from_slice(extra);
    let app = TestApp::new(backend, &settings).await;
    app.add_user(USER, true).await;
    (app, sink)
}

/// "Reset your password by email", as the hydrated page sends it.
pub(crate) async fn request(c: &mut Client, user_id: &str, email: &str) -> Reply {
    c.call(
        "email-reset/request",
        &[("user_id", user_id), ("email", email)],
    )
    .await
}

/// A plain HTML form post (no JavaScript) to a server function.
pub(crate) async fn form_post(c: &mut Client, function: &str, form: &[(&str, &str)]) -> Reply {
    c.request("POST", &format!("/api/{function}"), form, "text/html")
        .await
}

/// The token of the link in a reset email (which must hold exactly one link).
pub(crate) fn token_in(mail: &Mail) -> String {
    assert_eq!(
        mail.body.matches("https://").count(),
        1,
        "one link only: {}",
        mail.body
    );
    let start = mail.body.find(LINK_PREFIX).expect("the link") + LINK_PREFIX.len();
    mail.body[start..start + 64].to_string()
}

/// The temporary password in email 3.
pub(crate) fn temporary_in(mail: &Mail) -> String {
    let start = mail.body.find("Temporary password: ").expect("the line") + 20;
    mail.body[start..]
        .lines()
        .next()
        .unwrap()
        .trim()
        .to_string()
}

/// Requests a link for the user and returns its token (the `nth` link email) once it is live:
/// that is a moment after the mail server accepted the email.
pub(crate) async fn link(sink: &SmtpSink, c: &mut Client, nth: usize) -> String {
    let r = request(c, USER, EMAIL).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let token = token_in(&sink.wait_for(EMAIL, LINK, nth).await);
    until_live(c, &token).await;
    token
}

/// Waits until the link is live (its email's send is recorded right after the mail server
/// accepted it).
pub(crate) async fn until_live(c: &mut Client, token: &str) {
    for _ in 0..100 {
        let state = c.call("email-reset/link", &[("token", token)]).await.json();
        if state == "Live" {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    panic!("the link never went live");
}

/// "Continue" on the link's page.
pub(crate) async fn redeem(c: &mut Client, token: &str) -> Reply {
    c.call("email-reset/redeem", &[("token", token)]).await
}

/// A link, its "Continue", and the temporary password from email 3 (the `nth` such email).
pub(crate) async fn temporary_password(sink: &SmtpSink, c: &mut Client, nth: usize) -> String {
    let token = link(sink, c, nth).await;
    let r = redeem(c, &token).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    temporary_in(&sink.wait_for(EMAIL, TEMPORARY, nth).await)
}

/// Password, then the authenticator code of the next time step (each step's code is accepted
/// once): `Ok` with the session, or the failing reply.
pub(crate) async fn sign_in(app: &TestApp, c: &mut Client, password: &str) -> Result<(), Reply> {
    app.state.clock.advance(30);
    let r = c
        .call("signin", &[("user_id", USER), ("password", password)])
        .await;
    if r.status != StatusCode::OK {
        return Err(r);
    }
    let r = c
        .call("signin/authenticator", &[("code", &app.totp_code())])
        .await;
    if r.status != StatusCode::OK {
        return Err(r);
    }
    Ok(())
}

/// The account's audit events, oldest first.
pub(crate) async fn events(app: &TestApp) -> Vec<String> {
    sqlx::query_scalar("SELECT event FROM audit_events ORDER BY id")
        .fetch_all(app.store().pool())
        .await
        .unwrap()
}

/// Rows of a table, counted.
pub(crate) async fn rows(app: &TestApp, table: &str) -> i64 {
    sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}"))
        .fetch_one(app.store().pool())
        .await
        .unwrap()
}
