//! Durable messages: a notice or a first factor's PIN written to the queue survives a mail
//! server that is down, goes out once it is back, exactly once over several instances, and a
//! PIN's message dies with its PIN.

use std::time::Duration;

use axum::http::StatusCode;

use super::{new_password, pass_totp, EMAIL, PHONE, USER};
use crate::testkit::*;

async fn queued(app: &TestApp) -> Vec<(String, Vec<u8>, i64)> {
    sqlx::query_as("SELECT what, sealed, attempts FROM message_queue ORDER BY id")
        .fetch_all(app.store().pool())
        .await
        .unwrap()
}

/// Waits (up to ten seconds) until the queue is empty: a message is removed just after its send.
async fn until_queue_empty(app: &TestApp) {
    for _ in 0..200 {
        if queued(app).await.is_empty() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the queue kept {:?}", queued(app).await.len());
}

/// The whole reset wizard, SMS PIN from the dev outbox: the password is changed.
async fn reset_password(app: &TestApp) {
    let mut c = app.client();
    pass_totp(app, &mut c).await;
    let (pin, _) = app.last_pin_to(PHONE).await;
    assert_eq!(
        c.call("reset/pin", &[("pin", &pin)]).await.status,
        StatusCode::OK
    );
    let r = new_password(&mut c).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
}

const CHANGED: &str = "Your password was changed";

async fn notice_outlives_an_outage(backend: &str) {
    let sink = SmtpSink::start().await;
    sink.set_down(true);
    let app = TestApp::new(backend, &[("KEYTURN_SMTP_URL", &sink.url())]).await;
    app.add_user(USER, true).await;
    reset_password(&app).await;
    app.state.delivery.settled().await;
    // Tried once, refused by the mail server, kept: sealed, so neither the address nor the
    // text rests readable in the database.
    let rows = queued(&app).await;
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!(rows[0].0, "password-change notification");
    assert_eq!(rows[0].2, 1);
    let sealed = String::from_utf8_lossy(&rows[0].1);
    assert!(
        !sealed.contains(EMAIL) && !sealed.contains("changed"),
        "{sealed}"
    );
    assert!(sink.mails_to(EMAIL).is_empty());
    // Still down at the next try (5 s later): kept, tried twice.
    app.state.clock.advance(5);
    for _ in 0..100 {
        if queued(&app).await.first().is_some_and(|r| r.2 == 2) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(queued(&app).await[0].2, 2);
    // Back up: the next try (10 s later) delivers it, once.
    sink.set_down(false);
    app.state.clock.advance(10);
    let mail = sink.wait_for(EMAIL, CHANGED, 1).await;
    assert!(mail.body.contains(USER), "{}", mail.body);
    until_queue_empty(&app).await;
    tokio::time::sleep(Duration::from_millis(1200)).await;
    assert_eq!(sink.mails_to(EMAIL).len(), 1);
}
on_both_backends!(
    a_notice_outlives_a_mail_server_outage,
    notice_outlives_an_outage
);

/// A first factor's PIN (email, before anything is proven) that could not go out at once goes
/// out when the mail server is back within the PIN's life, and never after it.
async fn pin_waits_within_its_life(backend: &str) {
    let sink = SmtpSink::start().await;
    sink.set_down(true);
    let app = TestApp::new(backend, &[("KEYTURN_SMTP_URL", &sink.url())]).await;
    app.add_user(USER, true).await;
    let mut c = app.client();
    c.call("reset/start", &[("user_id", USER)]).await;
    let r = c.call("reset/alternative", &[]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let reference = c.state().await["step"]["Pin"]["reference"]
        .as_str()
        .expect("a reference")
        .to_string();
    app.state.delivery.settled().await;
    assert_eq!(queued(&app).await.len(), 1);
    sink.set_down(false);
    app.state.clock.advance(5);
    let subject = format!("Your one-time PIN (reference {reference})");
    let mail = sink.wait_for(EMAIL, &subject, 1).await;
    let pin = mail
        .body
        .split("PIN: ")
        .nth(1)
        .map(|rest| rest[..6].to_string())
        .expect("a PIN in the mail");
    until_queue_empty(&app).await;
    // The PIN that came late works (the SMS PIN of the next step goes to the dev outbox).
    let r = c.call("reset/pin", &[("pin", &pin)]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);

    // Another PIN whose mail server stays down past the PIN's five minutes is dropped unsent.
    sink.set_down(true);
    let mut late = app.client();
    late.call("reset/start", &[("user_id", USER)]).await;
    late.call("reset/alternative", &[]).await;
    app.state.delivery.settled().await;
    assert_eq!(queued(&app).await.len(), 1);
    sink.set_down(false);
    app.state.clock.advance(301);
    until_queue_empty(&app).await;
    tokio::time::sleep(Duration::from_millis(1200)).await;
    assert_eq!(
        sink.mails_to(EMAIL).len(),
        1,
        "the expired PIN was not sent"
    );
}
on_both_backends!(
    a_first_factor_pin_waits_within_its_life,
    pin_waits_within_its_life
);

/// Two instances on one database, both with workers: a queued notice goes out once.
async fn once_over_instances(backend: &str) {
    let sink = SmtpSink::start().await;
    sink.set_down(true);
    let url = fresh_database(backend).await;
    let a = TestApp::on(&url, &[("KEYTURN_SMTP_URL", &sink.url())]).await;
    a.add_user(USER, true).await;
    let b = TestApp::on(&url, &[("KEYTURN_SMTP_URL", &sink.url())]).await;
    reset_password(&a).await;
    a.state.delivery.settled().await;
    assert_eq!(queued(&a).await.len(), 1);
    sink.set_down(false);
    // Both clocks move past the retry; both workers look.
    a.state.clock.advance(5);
    b.state.clock.advance(5);
    sink.wait_for(EMAIL, CHANGED, 1).await;
    until_queue_empty(&a).await;
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(sink.mails_to(EMAIL).len(), 1);
}
on_both_backends!(
    a_queued_message_goes_once_over_two_instances,
    once_over_instances
);
