//! Parallel requests on one flow: lockout and single use hold under races.

use axum::http::StatusCode;

use super::{pass_totp, PHONE, USER};
use crate::testkit::*;

async fn parallel_wrong_codes(backend: &str) {
    let app = TestApp::with_user(backend, USER).await;
    let mut c = app.client();
    c.call("reset/start", &[("user_id", USER)]).await;
    let right = app.totp_code();
    let wrong = if right == "000000" {
        "000001"
    } else {
        "000000"
    };
    let mut tasks = Vec::new();
    for _ in 0..100 {
        let mut c = c.clone();
        tasks.push(tokio::spawn(async move {
            c.call("reset/authenticator", &[("code", wrong)])
                .await
                .status
        }));
    }
    let mut statuses = Vec::new();
    for t in tasks {
        statuses.push(t.await.unwrap());
    }
    let wrong_answers = statuses
        .iter()
        .filter(|s| **s == StatusCode::BAD_REQUEST)
        .count();
    let locked = statuses
        .iter()
        .filter(|s| **s == StatusCode::LOCKED)
        .count();
    // Racing guesses from one client may also meet the per-client limit first.
    let limited = statuses
        .iter()
        .filter(|s| **s == StatusCode::TOO_MANY_REQUESTS)
        .count();
    assert_eq!(wrong_answers + locked + limited, 100, "{statuses:?}");
    assert!(
        wrong_answers <= 4,
        "at most threshold-1 plain failures, got {wrong_answers}"
    );
    let account = app.store().find_account(USER).await.unwrap().unwrap();
    assert!(account.locked_until.is_some());
    // Locked: the right code is not accepted either.
    assert_eq!(
        c.call("reset/authenticator", &[("code", &right)])
            .await
            .status,
        StatusCode::LOCKED
    );
    assert_eq!(c.step().await, "Locked");
}
on_both_backends!(
    parallel_wrong_codes_lock_without_acceptance,
    parallel_wrong_codes
);

async fn parallel_right_pin(backend: &str) {
    let app = TestApp::with_user(backend, USER).await;
    let mut c = app.client();
    pass_totp(&app, &mut c).await;
    let (pin, _) = app.last_pin_to(PHONE).await;
    let mut tasks = Vec::new();
    for _ in 0..50 {
        let mut c = c.clone();
        let pin = pin.clone();
        tasks.push(tokio::spawn(async move {
            let status = c.call("reset/pin", &[("pin", &pin)]).await.status;
            (status, c)
        }));
    }
    let mut winners = Vec::new();
    for t in tasks {
        let (status, c) = t.await.unwrap();
        if status == StatusCode::OK {
            winners.push(c);
        }
    }
    assert_eq!(winners.len(), 1, "exactly one use of the PIN succeeds");
    // The winner holds the flow's new token; the token the others sent is void.
    assert_eq!(winners[0].step().await, "NewPassword");
    assert_eq!(c.step().await, "UserId");
}
on_both_backends!(parallel_uses_of_one_pin, parallel_right_pin);
