//! Delivering PINs: a mail server that is down, an account without a phone, the HTTP SMS
//! provider.

use axum::http::StatusCode;
use serde_json::Value;

use super::{PHONE, USER};
use crate::testkit::*;

async fn smtp_down(backend: &str) {
    // Not dev mode: real delivery only, to an SMTP port where nothing listens.
    let smtp = unreachable_smtp_url();
    let app = TestApp::new(
        backend,
        &[("KEYTURN_DEV", "0"), ("KEYTURN_SMTP_URL", &smtp)],
    )
    .await;
    app.add_user(USER, true).await;
    // Before any factor has passed, a send that fails looks like one that worked, and like
    // one for a User ID without an account: same answer, same page, the same wait to resend.
    let mut answers = Vec::new();
    for user_id in [USER, "nobody-here"] {
        let mut c = app.client();
        c.call("reset/start", &[("user_id", user_id)]).await;
        let r = c.call("reset/alternative", &[]).await;
        assert_eq!(r.status, StatusCode::OK, "{user_id}: {}", r.body);
        let mut state = c.state().await;
        let reference = state["step"]["Pin"]["reference"].take();
        assert!(reference.is_string(), "{user_id}: {state}");
        // The seconds left may tick between the two walks.
        let resend_in = state["step"]["Pin"]["resend_in"].take();
        assert!((58..=60).contains(&resend_in.as_u64().unwrap()), "{state}");
        let resend = c.call("reset/resend", &[]).await;
        assert!(resend.json()["ResendTooSoon"].is_u64(), "{}", resend.body);
        answers.push((r.body, state, resend.status));
    }
    assert_eq!(answers[0], answers[1]);
    assert_eq!(
        answers[0].2,
        StatusCode::TOO_MANY_REQUESTS,
        "{:?}",
        answers[0]
    );
    // Only the audit log (and the server log) says what happened.
    let events: Vec<String> = app
        .audit_of(USER)
        .await
        .into_iter()
        .map(|e| e.event)
        .collect();
    assert!(
        events.contains(&"pin.delivery_failed".to_string()),
        "{events:?}"
    );
    let account = app.store().find_account(USER).await.unwrap().unwrap();
    assert_eq!(account.failed_attempts, 0);
    // SMS is not configured either: after the authenticator code the SMS fails the same clear
    // way, and the page offers the other channel.
    let mut c = app.client();
    c.call("reset/start", &[("user_id", USER)]).await;
    let r = c
        .call("reset/authenticator", &[("code", &app.totp_code())])
        .await;
    assert_eq!(r.status, StatusCode::SERVICE_UNAVAILABLE, "{}", r.body);
    assert_eq!(r.json(), serde_json::json!({"DeliveryFailed": "sms"}));
    let state = c.state().await;
    assert_eq!(state["step"]["Pin"]["reference"], Value::Null);
    assert_eq!(state["step"]["Pin"]["can_switch"], true);
}
on_both_backends!(mail_server_down, smtp_down);

/// After a factor has passed there is nothing left to hide: an account without a phone is told
/// so, and the email alternative still works.
async fn no_phone(backend: &str) {
    let app = TestApp::new(backend, &[]).await;
    let req = admin::AddUser {
        user_id: "nophone".into(),
        email: "nophone@example.com".into(),
        phone: None,
        password: admin::PasswordSource::None,
        totp: admin::TotpSource::Given(TOTP_SECRET.into()),
    };
    app.add(req).await;
    let mut c = app.client();
    c.call("reset/start", &[("user_id", "nophone")]).await;
    let r = c
        .call("reset/authenticator", &[("code", &app.totp_code())])
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    assert_eq!(r.json(), serde_json::json!({"NoDestination": "sms"}));
    assert_eq!(c.state().await["step"]["Pin"]["can_switch"], true);
    assert_eq!(
        c.call("reset/alternative", &[]).await.status,
        StatusCode::OK
    );
    let (pin, _) = app.last_pin_to("nophone@example.com").await;
    assert_eq!(
        c.call("reset/pin", &[("pin", &pin)]).await.status,
        StatusCode::OK
    );
    assert_eq!(c.step().await, "NewPassword");
}
on_both_backends!(accounts_without_a_phone_are_told, no_phone);

/// A small SMS provider on loopback that answers every message with `status`, recording what
/// it was sent.
async fn sms_provider(
    status: u16,
) -> (
    String,
    std::sync::Arc<std::sync::Mutex<Vec<(String, serde_json::Value)>>>,
) {
    use axum::{extract::State, http::HeaderMap, routing::post, Json, Router};
    type Log = std::sync::Arc<std::sync::Mutex<Vec<(String, serde_json::Value)>>>;
    let log: Log = Default::default();
    async fn receive(
        State((log, status)): State<(Log, u16)>,
        headers: HeaderMap,
        Json(body): Json<serde_json::Value>,
    ) -> StatusCode {
        let auth = headers
            .get("authorization")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string();
        log.lock().unwrap().push((auth, body));
        StatusCode::from_u16(status).unwrap()
    }
    let app = Router::new()
        .route("/sms", post(receive))
        .with_state((log.clone(), status));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/sms", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (url, log)
}

/// Real delivery to the HTTP SMS provider: Bearer token and JSON body; a provider that refuses
/// the number is answered as if sent (and audited), one that is down gives a clear error.
async fn sms_delivery(backend: &str) {
    for (status, expected) in [
        (200, StatusCode::OK),
        (422, StatusCode::OK),
        (503, StatusCode::SERVICE_UNAVAILABLE),
    ] {
        let (url, log) = sms_provider(status).await;
        let app = TestApp::new(
            backend,
            &[
                ("KEYTURN_DEV", "0"),
                ("KEYTURN_SMS_URL", &url),
                ("KEYTURN_SMS_TOKEN", "provider-token"),
            ],
        )
        .await;
        app.add_user(USER, true).await;
        let mut c = app.client();
        c.call("reset/start", &[("user_id", USER)]).await;
        let r = c
            .call("reset/authenticator", &[("code", &app.totp_code())])
            .await;
        assert_eq!(r.status, expected, "provider {status}: {}", r.body);
        let sent = log.lock().unwrap().clone();
        assert_eq!(sent.len(), 1);
        assert_eq!(sent[0].0, "Bearer provider-token");
        assert_eq!(sent[0].1["to"], PHONE);
        let body = sent[0].1["body"].as_str().unwrap();
        let reference = c.state().await["step"]["Pin"]["reference"].clone();
        let account = app.store().find_account(USER).await.unwrap().unwrap();
        let events: Vec<String> = app
            .store()
            .audit_events(account.id)
            .await
            .unwrap()
            .into_iter()
            .map(|e| e.event)
            .collect();
        match status {
            200 => {
                assert!(
                    body.contains(&format!("Reference: {}", reference.as_str().unwrap())),
                    "{body}"
                );
                assert!(events.contains(&"pin.sent".to_string()));
            }
            422 => {
                assert!(reference.is_string(), "a refused number looks sent");
                assert!(
                    events.contains(&"pin.recipient_refused".to_string()),
                    "{events:?}"
                );
            }
            _ => {
                assert!(
                    reference.is_null(),
                    "no PIN is live after a failed delivery"
                );
                assert!(
                    events.contains(&"pin.delivery_failed".to_string()),
                    "{events:?}"
                );
            }
        }
    }
}
on_both_backends!(sms_goes_to_the_http_provider, sms_delivery);
