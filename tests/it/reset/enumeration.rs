//! Unknown User IDs: nothing a stranger sees tells them from real ones.

use axum::http::StatusCode;

use super::USER;
use crate::testkit::*;

/// Everything a stranger can see for an unknown User ID matches a real one.
async fn unknown_user(backend: &str) {
    let app = TestApp::with_user(backend, USER).await;
    let mut known = app.client();
    let mut unknown = app.client_from("203.0.113.8:50000");

    let a = known.call("reset/start", &[("user_id", USER)]).await;
    let b = unknown
        .call("reset/start", &[("user_id", "nobody-here")])
        .await;
    assert_eq!((a.status, &a.body), (b.status, &b.body));
    assert_eq!(known.state().await, unknown.state().await);

    for _ in 0..4 {
        let a = known
            .call("reset/authenticator", &[("code", "000001")])
            .await;
        let b = unknown
            .call("reset/authenticator", &[("code", "000001")])
            .await;
        assert_eq!((a.status, &a.body), (b.status, &b.body));
    }
    let a = known
        .call("reset/authenticator", &[("code", "000001")])
        .await;
    let b = unknown
        .call("reset/authenticator", &[("code", "000001")])
        .await;
    assert_eq!((a.status, &a.body), (b.status, &b.body));
    assert_eq!(a.status, StatusCode::LOCKED);
    let (sa, sb) = (known.state().await, unknown.state().await);
    assert!(sa["step"]["Locked"].is_object() && sb["step"]["Locked"].is_object());

    // The alternative path "sends" a PIN to a look-alike address.
    let app2 = TestApp::with_user(backend, USER).await;
    let mut known = app2.client();
    let mut unknown = app2.client_from("203.0.113.8:50000");
    known.call("reset/start", &[("user_id", USER)]).await;
    unknown
        .call("reset/start", &[("user_id", "nobody-here")])
        .await;
    let a = known.call("reset/alternative", &[]).await;
    let b = unknown.call("reset/alternative", &[]).await;
    assert_eq!((a.status, &a.body), (b.status, &b.body));
    let (sa, sb) = (known.state().await, unknown.state().await);
    assert_eq!(sa["number"], sb["number"]);
    let (pa, pb) = (&sa["step"]["Pin"], &sb["step"]["Pin"]);
    assert_eq!(pa["channel"], pb["channel"]);
    // Before any factor has passed no address is shown, masked or not.
    assert_eq!(pa["destination"], "Registered");
    assert_eq!(pa["destination"], pb["destination"]);
    assert_eq!(pb["reference"].as_str().unwrap().len(), 4);
    let a = known.call("reset/pin", &[("pin", "000001")]).await;
    let b = unknown.call("reset/pin", &[("pin", "000001")]).await;
    assert_eq!((a.status, &a.body), (b.status, &b.body));
}
on_both_backends!(unknown_user_ids_look_the_same, unknown_user);

/// `KEYTURN_RESPONSE_FLOOR_MS`: the steps that take a User ID or a guess answer no sooner than
/// the floor, for a real account and an unknown User ID alike, so that the work behind the
/// answer does not show in its time.
async fn floor(backend: &str) {
    const FLOOR: std::time::Duration = std::time::Duration::from_millis(300);
    let app = TestApp::new(backend, &[("KEYTURN_RESPONSE_FLOOR_MS", "300")]).await;
    app.add_user(USER, true).await;
    for (user_id, from) in [(USER, "203.0.113.7:1"), ("nobody-here", "203.0.113.8:1")] {
        let mut c = app.client_from(from);
        let steps: [(&str, Vec<(&str, &str)>); 3] = [
            ("reset/start", vec![("user_id", user_id)]),
            ("reset/authenticator", vec![("code", "000001")]),
            ("reset/alternative", vec![]),
        ];
        for (function, form) in steps {
            let began = std::time::Instant::now();
            let r = c.call(function, &form).await;
            let took = began.elapsed();
            assert!(
                r.status.is_success() || r.status.is_client_error(),
                "{function}: {}",
                r.body
            );
            assert!(took >= FLOOR, "{user_id} {function} answered in {took:?}");
        }
        // The request for a reset link looks the User ID up before answering too.
        let email = format!("{user_id}@example.com");
        let began = std::time::Instant::now();
        let r = c
            .call(
                "email-reset/request",
                &[("user_id", user_id), ("email", &email)],
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        assert!(began.elapsed() >= FLOOR, "{user_id} email-reset/request");
    }
    // The state of the page is not held back.
    let mut c = app.client();
    let began = std::time::Instant::now();
    c.state().await;
    assert!(began.elapsed() < FLOOR, "reset/state waited for the floor");
}
on_both_backends!(wizard_steps_answer_no_sooner_than_the_floor, floor);
