//! Rate limits and send quotas, and whom they count behind a proxy.

use axum::http::StatusCode;

use super::{error, pass_totp, PHONE, USER};
use crate::testkit::*;

async fn rate_limited(backend: &str) {
    let app = TestApp::new(backend, &[("KEYTURN_RATE_LIMIT_PER_MINUTE", "3")]).await;
    let mut c = app.client();
    for _ in 0..3 {
        assert_eq!(
            c.call("reset/start", &[("user_id", "someone")])
                .await
                .status,
            StatusCode::OK
        );
    }
    let r = c.call("reset/start", &[("user_id", "someone")]).await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(error(&r), serde_json::json!("RateLimited"));
    // Another client is not affected; the window passes.
    assert_eq!(
        app.client_from("198.51.100.1:1")
            .call("reset/start", &[("user_id", "x")])
            .await
            .status,
        StatusCode::OK
    );
    app.state.clock.advance(61);
    assert_eq!(
        c.call("reset/start", &[("user_id", "someone")])
            .await
            .status,
        StatusCode::OK
    );
}
on_both_backends!(rate_limits_per_client, rate_limited);

async fn send_quota(backend: &str) {
    let app = TestApp::new(backend, &[("KEYTURN_PIN_RESEND_SECONDS", "1")]).await;
    app.add_user(USER, true).await;
    let mut c = app.client();
    pass_totp(&app, &mut c).await; // send 1
    for i in 2..=10 {
        app.state.clock.advance(2);
        assert_eq!(
            c.call("reset/resend", &[]).await.status,
            StatusCode::OK,
            "send {i}"
        );
    }
    app.state.clock.advance(2);
    let r = c.call("reset/resend", &[]).await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(error(&r), serde_json::json!("SendQuotaReached"));
    assert_eq!(app.messages_to(PHONE).await, 10);
}
on_both_backends!(at_most_ten_pins_an_hour, send_quota);

/// Behind a proxy, `KEYTURN_CLIENT_IP_HEADER` names the client: the last value (the one the
/// proxy appended) is counted, not the peer address and not what the client itself wrote.
async fn proxy_header(backend: &str) {
    let app = TestApp::new(
        backend,
        &[
            ("KEYTURN_RATE_LIMIT_PER_MINUTE", "2"),
            ("KEYTURN_CLIENT_IP_HEADER", "X-Forwarded-For"),
        ],
    )
    .await;
    let mut c = app.client();
    let start = |c: &mut Client, forwarded: &'static str| {
        let mut c = c.clone();
        async move {
            c.request_with(
                "POST",
                "/api/reset/start",
                &[("user_id", "x")],
                &[("x-forwarded-for", forwarded)],
            )
            .await
            .status
        }
    };
    assert_eq!(start(&mut c, "6.6.6.6, 198.51.100.1").await, StatusCode::OK);
    assert_eq!(start(&mut c, "7.7.7.7, 198.51.100.1").await, StatusCode::OK);
    assert_eq!(
        start(&mut c, "8.8.8.8, 198.51.100.1").await,
        StatusCode::TOO_MANY_REQUESTS,
        "forged first values do not help"
    );
    assert_eq!(
        start(&mut c, "198.51.100.2").await,
        StatusCode::OK,
        "another client behind the same proxy"
    );
    // An IPv6 client is its /64 here too, however the proxy writes it.
    assert_eq!(start(&mut c, "2001:db8:1:2::a").await, StatusCode::OK);
    assert_eq!(
        start(&mut c, "[2001:db8:1:2::b]:4711").await,
        StatusCode::OK
    );
    assert_eq!(
        start(&mut c, "2001:db8:1:2:ffff::c").await,
        StatusCode::TOO_MANY_REQUESTS,
        "one /64, one bucket"
    );
    // What is not an address buys no fresh count: all of it is one bucket.
    assert_eq!(start(&mut c, "garbage-1").await, StatusCode::OK);
    assert_eq!(start(&mut c, "garbage-2").await, StatusCode::OK);
    assert_eq!(
        start(&mut c, "garbage-3").await,
        StatusCode::TOO_MANY_REQUESTS
    );
}
on_both_backends!(proxy_header_names_the_client, proxy_header);
