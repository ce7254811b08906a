//! Lockout: five consecutive failures lock the account, the owner is told, it unlocks by
//! itself or by an administrator.

use axum::http::StatusCode;

use super::{error, pass_totp, EMAIL, PHONE, USER};
use crate::testkit::*;

async fn five_wrong_pins(backend: &str) {
    let app = TestApp::with_user(backend, USER).await;
    let mut c = app.client();
    pass_totp(&app, &mut c).await;
    let (pin, _) = app.last_pin_to(PHONE).await;
    let wrong = if pin == "000000" { "111111" } else { "000000" };
    for i in 1..=4 {
        let r = c.call("reset/pin", &[("pin", wrong)]).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "try {i}");
        assert_eq!(error(&r), serde_json::json!("WrongPin"));
    }
    let r = c.call("reset/pin", &[("pin", wrong)]).await;
    assert_eq!(r.status, StatusCode::LOCKED, "{}", r.body);
    // Locked: even the right PIN does nothing now, and the page says so.
    assert_eq!(
        c.call("reset/pin", &[("pin", &pin)]).await.status,
        StatusCode::LOCKED
    );
    let state = c.state().await;
    assert_eq!(
        state["step"]["Locked"]["support"],
        "the help desk on +1 555 0100"
    );
    let account = app.store().find_account(USER).await.unwrap().unwrap();
    assert!(account.locked_until.unwrap() >= app.state.clock.now() + 3590);
    // A new reset cannot get past the lock either.
    let mut other = app.client();
    other.call("reset/start", &[("user_id", USER)]).await;
    assert!(other.state().await["step"]["Locked"].is_object());
    // The owner is told.
    let mut told = false;
    for _ in 0..50 {
        if app
            .last_message_to(EMAIL)
            .await
            .is_some_and(|m| m.subject == "Your account has been locked")
        {
            told = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert!(told, "lockout email");
    // It unlocks by itself after an hour.
    app.state.clock.advance(3601);
    let mut later = app.client();
    later.call("reset/start", &[("user_id", USER)]).await;
    assert_eq!(later.step().await, "Authenticator");
}
on_both_backends!(five_wrong_tries_lock_the_account, five_wrong_pins);

async fn unlock_by_admin(backend: &str) {
    let app = TestApp::with_user(backend, USER).await;
    let mut c = app.client();
    c.call("reset/start", &[("user_id", USER)]).await;
    for _ in 0..5 {
        c.call("reset/authenticator", &[("code", "000001")]).await;
    }
    assert!(c.state().await["step"]["Locked"].is_object());
    admin::unlock_user(app.store(), "DANA", app.state.clock.now())
        .await
        .unwrap();
    assert_eq!(c.step().await, "Authenticator");
    let a = app.store().find_account(USER).await.unwrap().unwrap();
    assert_eq!((a.failed_attempts, a.locked_until), (0, None));
}
on_both_backends!(admin_unlock_clears_the_lock, unlock_by_admin);

/// "Consecutive": a run older than the lock period has lapsed, for real and unknown User IDs
/// alike; a passed factor does not end a run.
async fn consecutive_failures(backend: &str) {
    let app = TestApp::with_user(backend, USER).await;
    let wrong = |app: &TestApp| {
        if app.totp_code() == "000001" {
            "000002"
        } else {
            "000001"
        }
        .to_string()
    };
    let mut known = app.client();
    let mut unknown = app.client_from("203.0.113.8:1");
    known.call("reset/start", &[("user_id", USER)]).await;
    unknown
        .call("reset/start", &[("user_id", "nobody-here")])
        .await;
    for _ in 0..4 {
        let w = wrong(&app);
        assert_eq!(
            known
                .call("reset/authenticator", &[("code", &w)])
                .await
                .status,
            StatusCode::BAD_REQUEST
        );
        assert_eq!(
            unknown
                .call("reset/authenticator", &[("code", &w)])
                .await
                .status,
            StatusCode::BAD_REQUEST
        );
    }
    // An hour later (more than the lock period) the run has lapsed for both.
    app.state.clock.advance(3601);
    let mut known = app.client();
    let mut unknown = app.client_from("203.0.113.8:1");
    known.call("reset/start", &[("user_id", USER)]).await;
    unknown
        .call("reset/start", &[("user_id", "nobody-here")])
        .await;
    let w = wrong(&app);
    let a = known.call("reset/authenticator", &[("code", &w)]).await;
    let b = unknown.call("reset/authenticator", &[("code", &w)]).await;
    assert_eq!((a.status, &a.body), (b.status, &b.body));
    assert_eq!(
        a.status,
        StatusCode::BAD_REQUEST,
        "not locked: the old failures lapsed"
    );
    // A passed factor does not end the run (only a completed flow does): 3 more wrong codes,
    // the right one, and the first wrong PIN is the fifth failure of the run.
    for _ in 0..3 {
        known
            .call("reset/authenticator", &[("code", &wrong(&app))])
            .await;
    }
    assert_eq!(
        known
            .call("reset/authenticator", &[("code", &app.totp_code())])
            .await
            .status,
        StatusCode::OK
    );
    let (pin, _) = app.last_pin_to(PHONE).await;
    let wrong_pin = if pin == "000000" { "111111" } else { "000000" };
    assert_eq!(
        known.call("reset/pin", &[("pin", wrong_pin)]).await.status,
        StatusCode::LOCKED
    );
    assert!(app
        .store()
        .find_account(USER)
        .await
        .unwrap()
        .unwrap()
        .locked_until
        .is_some());
}
on_both_backends!(failures_must_be_consecutive, consecutive_failures);
