//! Authenticator codes and PINs: single use, expiry, resending.

use axum::http::StatusCode;

use super::{error, pass_totp, PHONE, USER};
use crate::testkit::*;

async fn totp_replay(backend: &str) {
    let app = TestApp::with_user(backend, USER).await;
    let code = app.totp_code();
    let mut first = app.client();
    first.call("reset/start", &[("user_id", USER)]).await;
    assert_eq!(
        first
            .call("reset/authenticator", &[("code", &code)])
            .await
            .status,
        StatusCode::OK
    );
    let mut second = app.client();
    second.call("reset/start", &[("user_id", USER)]).await;
    let r = second.call("reset/authenticator", &[("code", &code)]).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(error(&r), serde_json::json!("WrongCode"));
    assert_eq!(
        app.store()
            .find_account(USER)
            .await
            .unwrap()
            .unwrap()
            .failed_attempts,
        1
    );
    // A later code works again.
    app.state.clock.advance(30);
    assert_eq!(
        second
            .call("reset/authenticator", &[("code", &app.totp_code())])
            .await
            .status,
        StatusCode::OK
    );
}
on_both_backends!(totp_codes_are_single_use, totp_replay);

async fn pin_rules(backend: &str) {
    let app = TestApp::with_user(backend, USER).await;
    let mut c = app.client();
    pass_totp(&app, &mut c).await;

    // Resend: not before 60 s (the server says how long), then a new PIN kills the old one.
    let (old_pin, old_ref) = app.last_pin_to(PHONE).await;
    let r = c.call("reset/resend", &[]).await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(r.body.contains("ResendTooSoon"), "{}", r.body);
    assert_eq!(app.messages_to(PHONE).await, 1);
    app.state.clock.advance(60);
    assert_eq!(c.call("reset/resend", &[]).await.status, StatusCode::OK);
    let (new_pin, new_ref) = app.last_pin_to(PHONE).await;
    assert_eq!(
        c.state().await["step"]["Pin"]["reference"],
        new_ref.as_str()
    );
    if new_pin != old_pin {
        assert_eq!(
            c.call("reset/pin", &[("pin", &old_pin)]).await.status,
            StatusCode::BAD_REQUEST
        );
    }
    let _ = old_ref;

    // Expiry after 5 minutes.
    app.state.clock.advance(301);
    let r = c.call("reset/pin", &[("pin", &new_pin)]).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(error(&r), serde_json::json!("PinExpired"));

    // Used twice: the second use is refused.
    assert_eq!(c.call("reset/resend", &[]).await.status, StatusCode::OK);
    let (pin, _) = app.last_pin_to(PHONE).await;
    assert_eq!(
        c.call("reset/pin", &[("pin", &pin)]).await.status,
        StatusCode::OK
    );
    let r = c.call("reset/pin", &[("pin", &pin)]).await;
    assert_ne!(r.status, StatusCode::OK);
}
on_both_backends!(pins_expire_resend_and_work_once, pin_rules);
