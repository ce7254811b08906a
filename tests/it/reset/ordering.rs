//! Steps happen in order: none can be skipped, forged or fed malformed input.

use axum::http::StatusCode;

use super::{error, new_password, USER};
use crate::testkit::passwords::verify_now;
use crate::testkit::*;

async fn skipping_steps(backend: &str) {
    let app = TestApp::with_user(backend, USER).await;
    let mut c = app.client();
    // No flow at all.
    for (f, form) in [
        ("reset/authenticator", vec![("code", "123456")]),
        ("reset/pin", vec![("pin", "123456")]),
        (
            "reset/password",
            vec![
                ("new_password", NEW_PASSWORD),
                ("confirm_password", NEW_PASSWORD),
            ],
        ),
    ] {
        let r = c.call(f, &form).await;
        assert_eq!(r.status, StatusCode::CONFLICT, "{f}: {}", r.body);
        assert_eq!(error(&r), serde_json::json!("FlowExpired"));
    }
    // A flow on step 2: later steps do nothing.
    c.call("reset/start", &[("user_id", USER)]).await;
    let r = new_password(&mut c).await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert_eq!(error(&r), serde_json::json!("OutOfOrder"));
    let r = c.call("reset/pin", &[("pin", "123456")]).await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    let r = c.call("reset/resend", &[]).await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert_eq!(c.step().await, "Authenticator");
    let hash = app
        .store()
        .find_account(USER)
        .await
        .unwrap()
        .unwrap()
        .password_hash
        .unwrap();
    assert!(verify_now(OLD_PASSWORD, &hash));
    // A forged cookie is no flow.
    c.set_only_cookie("__Host-keyturn_reset", "00ff");
    let r = c.call("reset/authenticator", &[("code", "123456")]).await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    // Malformed requests: a clear error, nothing changes.
    let mut c = app.client();
    c.call("reset/start", &[("user_id", USER)]).await;
    let r = c.call("reset/authenticator", &[("code", "12ab56")]).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(r.json(), serde_json::json!({"Invalid": "CodeFormat"}));
    let r = c.call("reset/authenticator", &[]).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    let r = c.call("reset/start", &[("user_id", "")]).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    let r = c
        .call(
            "reset/authenticator",
            &[("code", "123456"), ("code", "654321")],
        )
        .await;
    assert_eq!(
        r.status,
        StatusCode::BAD_REQUEST,
        "undecodable request: {}",
        r.body
    );
    assert_eq!(
        app.store()
            .find_account(USER)
            .await
            .unwrap()
            .unwrap()
            .failed_attempts,
        0,
        "malformed input is not a failure"
    );
}
on_both_backends!(steps_cannot_be_skipped, skipping_steps);
