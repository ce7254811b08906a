//! Wrong passwords and wrong second factors count toward the same lockout as the wizard's, in
//! both directions, and a code used in one flow is refused in the other.

use axum::http::StatusCode;

use super::*;

async fn shared_lockout(backend: &str) {
    // Wrong passwords at sign-in lock the wizard.
    let app = TestApp::with_user(backend, USER).await;
    let mut c = app.client();
    for _ in 0..5 {
        password(&mut c, USER, "wrong wrong wrong").await;
    }
    let mut wizard = app.client();
    wizard.call("reset/start", &[("user_id", USER)]).await;
    assert_eq!(wizard.step().await, "Locked");

    // Wrong wizard codes lock the sign-in.
    let app = TestApp::with_user(backend, USER).await;
    let mut wizard = app.client();
    wizard.call("reset/start", &[("user_id", USER)]).await;
    for _ in 0..5 {
        wizard
            .call("reset/authenticator", &[("code", "000000")])
            .await;
    }
    let mut c = app.client();
    let r = password(&mut c, USER, OLD_PASSWORD).await;
    assert_eq!(r.status, StatusCode::LOCKED, "{}", r.body);

    // Mixed: wrong second factors at sign-in and wrong wizard codes add up.
    let app = TestApp::with_user(backend, USER).await;
    let mut c = app.client();
    password(&mut c, USER, OLD_PASSWORD).await;
    for _ in 0..3 {
        c.call("signin/authenticator", &[("code", "000000")]).await;
    }
    let mut wizard = app.client();
    wizard.call("reset/start", &[("user_id", USER)]).await;
    wizard
        .call("reset/authenticator", &[("code", "000000")])
        .await;
    let r = wizard
        .call("reset/authenticator", &[("code", "000000")])
        .await;
    assert_eq!(r.json(), serde_json::json!("Locked"));
    let r = c
        .call("signin/authenticator", &[("code", &app.totp_code())])
        .await;
    assert_eq!(r.json(), serde_json::json!("Locked"), "locked mid-sign-in");
}
on_both_backends!(sign_in_and_wizard_share_the_lockout, shared_lockout);

async fn codes_across_flows(backend: &str) {
    let app = TestApp::with_user(backend, USER).await;
    // A code accepted in the wizard is refused at sign-in…
    let code = app.totp_code();
    let mut wizard = app.client();
    wizard.call("reset/start", &[("user_id", USER)]).await;
    let r = wizard.call("reset/authenticator", &[("code", &code)]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let mut c = app.client();
    password(&mut c, USER, OLD_PASSWORD).await;
    let r = c.call("signin/authenticator", &[("code", &code)]).await;
    assert_eq!(r.json(), serde_json::json!("WrongCode"));

    // …and one accepted at sign-in is refused in the wizard.
    app.state.clock.advance(30);
    let code = app.totp_code();
    let r = c.call("signin/authenticator", &[("code", &code)]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let mut wizard = app.client();
    wizard.call("reset/start", &[("user_id", USER)]).await;
    let r = wizard.call("reset/authenticator", &[("code", &code)]).await;
    assert_eq!(r.json(), serde_json::json!("WrongCode"));
}
on_both_backends!(
    a_code_used_in_one_flow_is_refused_in_the_other,
    codes_across_flows
);
