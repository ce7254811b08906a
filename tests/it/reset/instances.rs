//! Several instances on one database.

use axum::http::StatusCode;

use super::{new_password, PHONE, USER};
use crate::testkit::*;

/// Several stateless instances on one database: a flow, its rate limits and its lockout are
/// shared, whichever instance each request reaches.
async fn two_instances(backend: &str) {
    let url = fresh_database(backend).await;
    let a = TestApp::on(&url, &[("KEYTURN_RATE_LIMIT_PER_MINUTE", "1000")]).await;
    let b = TestApp::on(&url, &[("KEYTURN_RATE_LIMIT_PER_MINUTE", "1000")]).await;
    a.add_user(USER, true).await;

    // One flow, its steps spread over both instances.
    let mut c = a.client();
    c.call("reset/start", &[("user_id", USER)]).await;
    c.switch_to(&b);
    assert_eq!(
        c.call("reset/authenticator", &[("code", &b.totp_code())])
            .await
            .status,
        StatusCode::OK
    );
    let (pin, _) = a.last_pin_to(PHONE).await;
    c.switch_to(&a);
    assert_eq!(
        c.call("reset/pin", &[("pin", &pin)]).await.status,
        StatusCode::OK
    );
    c.switch_to(&b);
    let r = new_password(&mut c).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    c.switch_to(&a);
    assert_eq!(c.step().await, "Done");

    // Lockout counts across instances: 3 failures on one, 2 on the other.
    let mut c = a.client();
    c.call("reset/start", &[("user_id", USER)]).await;
    for i in 0..5 {
        c.switch_to(if i % 2 == 0 { &a } else { &b });
        c.call("reset/authenticator", &[("code", "000001")]).await;
    }
    assert!(b
        .store()
        .find_account(USER)
        .await
        .unwrap()
        .unwrap()
        .locked_until
        .is_some());
    c.switch_to(&b);
    assert_eq!(c.step().await, "Locked");

    // Rate limits too.
    let limited_a = TestApp::on(&url, &[("KEYTURN_RATE_LIMIT_PER_MINUTE", "4")]).await;
    let limited_b = TestApp::on(&url, &[("KEYTURN_RATE_LIMIT_PER_MINUTE", "4")]).await;
    let mut c = limited_a.client_from("198.51.100.9:1");
    for i in 0..4 {
        c.switch_to(if i % 2 == 0 { &limited_a } else { &limited_b });
        assert_eq!(
            c.call("reset/start", &[("user_id", "x")]).await.status,
            StatusCode::OK
        );
    }
    assert_eq!(
        c.call("reset/start", &[("user_id", "x")]).await.status,
        StatusCode::TOO_MANY_REQUESTS
    );
    c.switch_to(&limited_a);
    assert_eq!(
        c.call("reset/start", &[("user_id", "x")]).await.status,
        StatusCode::TOO_MANY_REQUESTS
    );
}
on_both_backends!(instances_share_one_database, two_instances);
