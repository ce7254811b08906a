//! The account page's changes: the authenticator app set up from its secret and confirmed with
//! a code, removed; a new phone or email confirmed by a PIN sent to it; each after a recent
//! re-authentication and followed by a notice.

use axum::http::StatusCode;

use super::*;

fn code_for(base32: &str, app: &TestApp) -> String {
    let secret = totp::decode_secret(base32).unwrap();
    totp::code_at(&secret, app.state.clock.now())
}

async fn authenticator_app(backend: &str) {
    let app = TestApp::new(backend, &[]).await;
    app.add_user(USER, false).await;
    // No authenticator yet: sign in with an email PIN.
    let mut c = app.client();
    password(&mut c, USER, OLD_PASSWORD).await;
    c.call("signin/send-pin", &[("channel", "email")]).await;
    let (pin, _) = app.last_pin_to(EMAIL).await;
    assert_eq!(
        c.call("signin/pin", &[("pin", &pin)]).await.status,
        StatusCode::OK
    );
    assert_eq!(account(&mut c).await.json()["authenticator_app"], false);

    assert_eq!(
        c.call("account/authenticator/pending", &[]).await.json(),
        serde_json::Value::Null
    );
    let r = c.call("account/authenticator/begin", &[]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let setup = c.call("account/authenticator/pending", &[]).await.json();
    let secret = setup["secret"].as_str().unwrap().to_string();
    assert!(setup["qr_svg"].as_str().unwrap().contains("<svg"));
    assert!(setup["otpauth_uri"]
        .as_str()
        .unwrap()
        .starts_with("otpauth://totp/"));
    assert!(setup["otpauth_uri"].as_str().unwrap().contains(&secret));
    assert_eq!(totp::decode_secret(&secret).unwrap().len(), 20, "160 bits");
    // Not enrolled until confirmed.
    assert_eq!(account(&mut c).await.json()["authenticator_app"], false);
    let r = c
        .call("account/authenticator/confirm", &[("code", "000000")])
        .await;
    assert_eq!(r.json(), serde_json::json!("WrongCode"));
    let code = code_for(&secret, &app);
    let r = c
        .call("account/authenticator/confirm", &[("code", &code)])
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(account(&mut c).await.json()["authenticator_app"], true);
    app.notice_to(EMAIL, "authenticator app was set up").await;
    let stored = app
        .store()
        .find_account(USER)
        .await
        .unwrap()
        .unwrap()
        .totp_secret
        .unwrap();
    assert!(
        !stored.windows(secret.len()).any(|w| w == secret.as_bytes()),
        "encrypted at rest"
    );

    // Sign in with it; the confirming code is not accepted again.
    let mut other = app.client();
    password(&mut other, USER, OLD_PASSWORD).await;
    let r = other.call("signin/authenticator", &[("code", &code)]).await;
    assert_eq!(r.json(), serde_json::json!("WrongCode"));
    app.state.clock.advance(30);
    let r = other
        .call(
            "signin/authenticator",
            &[("code", &code_for(&secret, &app))],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);

    // Five minutes on, changes ask to confirm it is you first.
    app.state.clock.advance(301);
    let r = other.call("account/authenticator/remove", &[]).await;
    assert_eq!(r.json(), serde_json::json!("ReauthRequired"));
    let r = other
        .call(
            "account/reauth",
            &[("current_password", "wrong wrong wrong")],
        )
        .await;
    assert_eq!(r.json(), serde_json::json!("WrongPassword"));
    let before = other.cookie(SESSION).unwrap().to_string();
    let r = other
        .call("account/reauth", &[("current_password", OLD_PASSWORD)])
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    // A privilege change: the session takes a new id, the old one is worth nothing.
    assert_ne!(other.cookie(SESSION).unwrap(), before);
    let mut stale = app.client();
    stale.cookies.insert(SESSION.into(), before);
    assert_eq!(account(&mut stale).await.status, StatusCode::UNAUTHORIZED);
    let r = other.call("account/authenticator/remove", &[]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(account(&mut other).await.json()["authenticator_app"], false);
    app.notice_to(EMAIL, "removed").await;
}
on_both_backends!(
    set_up_sign_in_with_and_remove_an_authenticator_app,
    authenticator_app
);

async fn contact_change(backend: &str) {
    let app = TestApp::with_user(backend, USER).await;
    let mut c = app.client();
    sign_in(&app, &mut c).await;
    let r = c
        .call(
            "account/contact/begin",
            &[("channel", "email"), ("value", "not an address")],
        )
        .await;
    assert_eq!(r.json(), serde_json::json!({"Invalid": "EmailFormat"}));
    let r = c
        .call(
            "account/contact/begin",
            &[("channel", "email"), ("value", "erin.new@example.org")],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let pending = c.call("account/contact/pending", &[]).await.json();
    assert_eq!(pending["destination"], "e•••@example.org");
    let (pin, reference) = app.last_pin_to("erin.new@example.org").await;
    assert_eq!(pending["reference"], reference.as_str());
    // Nothing changes until the PIN comes back.
    assert_eq!(
        app.store().find_account(USER).await.unwrap().unwrap().email,
        EMAIL
    );
    let r = c
        .call(
            "account/contact/confirm",
            &[("channel", "email"), ("pin", "000000")],
        )
        .await;
    assert_eq!(r.json(), serde_json::json!("WrongPin"));
    let r = c
        .call(
            "account/contact/confirm",
            &[("channel", "email"), ("pin", &pin)],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(
        app.store().find_account(USER).await.unwrap().unwrap().email,
        "erin.new@example.org"
    );
    // The notice went to the old address.
    app.notice_to(EMAIL, "email address was changed").await;
    let r = c
        .call(
            "account/contact/confirm",
            &[("channel", "email"), ("pin", &pin)],
        )
        .await;
    assert_eq!(r.json(), serde_json::json!("PinExpired"), "used once");

    let r = c
        .call(
            "account/contact/begin",
            &[("channel", "sms"), ("value", "+44 20 7946 0018")],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let (pin, _) = app.last_pin_to("+442079460018").await;
    let r = c
        .call(
            "account/contact/confirm",
            &[("channel", "sms"), ("pin", &pin)],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(account(&mut c).await.json()["phone"], "•••• 0018");
}
on_both_backends!(
    phone_and_email_change_with_a_pin_to_the_new_destination,
    contact_change
);

async fn activity(backend: &str) {
    let app = TestApp::with_user(backend, USER).await;
    let mut c = app.client();
    password(&mut c, USER, "wrong wrong wrong").await;
    sign_in(&app, &mut c).await;
    let events = c.call("account/activity", &[]).await.json();
    let names: Vec<&str> = events
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["event"].as_str().unwrap())
        .collect();
    assert_eq!(names[0], "signin.succeeded", "newest first: {names:?}");
    assert!(names.contains(&"factor.password.failed"), "{names:?}");
    assert_eq!(events[0]["client"], "203.0.113.7");
}
on_both_backends!(the_activity_tab_lists_recent_security_events, activity);
