//! Sign-in's share of the guessing rules: runs that go on across sign-in and the wizard until
//! a flow completes, the hard cap, email refused as a factor, passwords compared in Unicode NFC.

use axum::http::StatusCode;

use super::*;

/// Four wrong passwords at sign-in, then the wizard with the authenticator passed: the first
/// wrong PIN is the fifth failure of the run. A full sign-in ends the run.
async fn run_across_flows(backend: &str) {
    let app = TestApp::with_user(backend, USER).await;
    let mut c = app.client();
    for _ in 0..4 {
        let r = password(&mut c, USER, "wrong wrong wrong").await;
        assert_eq!(r.json(), serde_json::json!("SignInFailed"), "{}", r.body);
    }
    let mut wizard = app.client();
    wizard.call("reset/start", &[("user_id", USER)]).await;
    let r = wizard
        .call("reset/authenticator", &[("code", &app.totp_code())])
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let (pin, _) = app.last_pin_to(PHONE).await;
    let wrong = if pin == "000000" { "111111" } else { "000000" };
    let r = wizard.call("reset/pin", &[("pin", wrong)]).await;
    assert_eq!(r.status, StatusCode::LOCKED, "{}", r.body);

    let app = TestApp::with_user(backend, USER).await;
    let mut c = app.client();
    for _ in 0..4 {
        password(&mut c, USER, "wrong wrong wrong").await;
    }
    sign_in(&app, &mut c).await;
    let account = app.store().find_account(USER).await.unwrap().unwrap();
    assert_eq!((account.failed_attempts, account.failures_total), (0, 0));
}
on_both_backends!(
    a_run_of_failures_goes_on_until_a_flow_completes,
    run_across_flows
);

/// The hard cap counts wrong passwords too, and the right password then says who unlocks it.
/// A wrong password is answered alike throughout, for an account and an unknown User ID.
async fn hard_cap(backend: &str) {
    let app = TestApp::new(backend, &[("KEYTURN_LOCKOUT_MAX_FAILURES", "7")]).await;
    app.add_user(USER, true).await;
    let mut c = app.client();
    let mut other = app.client_from("198.51.100.61:1");
    for round in [5, 2] {
        for _ in 0..round {
            let a = password(&mut c, USER, "wrong wrong wrong").await;
            let b = password(&mut other, "nobody-here", "wrong wrong wrong").await;
            assert_eq!((a.status, &a.body), (b.status, &b.body));
            assert_eq!(a.json(), serde_json::json!("SignInFailed"));
        }
        app.state.clock.advance(3601);
    }
    let account = app.store().find_account(USER).await.unwrap().unwrap();
    assert_eq!(account.locked_until, Some(store::LOCKED_UNTIL_UNLOCKED));
    let subject = app.state.keys.subject("nobody-here");
    let now = app.state.clock.now();
    assert_eq!(
        app.store()
            .unknown_locked_until(&subject, now)
            .await
            .unwrap(),
        Some(store::LOCKED_UNTIL_UNLOCKED)
    );
    app.state.clock.advance(30 * 86400);
    let r = password(&mut c, USER, OLD_PASSWORD).await;
    assert_eq!(r.status, StatusCode::LOCKED, "{}", r.body);
    assert_eq!(
        r.json(),
        serde_json::json!("LockedPermanently"),
        "{}",
        r.body
    );
}
on_both_backends!(the_hard_cap_counts_wrong_passwords, hard_cap);

/// A locked account still compares a wrong password (so it answers as an open one does), and
/// such guesses count toward the hard cap: locking it does not open unlimited guessing.
async fn guesses_while_locked(backend: &str) {
    let app = TestApp::new(backend, &[("KEYTURN_LOCKOUT_MAX_FAILURES", "8")]).await;
    app.add_user(USER, true).await;
    let mut c = app.client();
    for _ in 0..5 {
        password(&mut c, USER, "wrong wrong wrong").await;
    }
    let account = app.store().find_account(USER).await.unwrap().unwrap();
    let first_lock = account.locked_until.expect("locked");
    assert!(first_lock < store::LOCKED_UNTIL_UNLOCKED);
    for _ in 0..3 {
        let r = password(&mut c, USER, "wrong wrong wrong").await;
        assert_eq!(r.json(), serde_json::json!("SignInFailed"));
    }
    let account = app.store().find_account(USER).await.unwrap().unwrap();
    assert_eq!(account.failures_total, 8);
    assert_eq!(account.locked_until, Some(store::LOCKED_UNTIL_UNLOCKED));
    let r = password(&mut c, USER, OLD_PASSWORD).await;
    assert_eq!(
        r.json(),
        serde_json::json!("LockedPermanently"),
        "{}",
        r.body
    );
}
on_both_backends!(
    guesses_at_a_locked_account_count_toward_the_hard_cap,
    guesses_while_locked
);

/// `KEYTURN_EMAIL_FACTOR=false`: sign-in offers no email PIN and refuses one asked for.
async fn no_email_factor(backend: &str) {
    let app = TestApp::new(backend, &[("KEYTURN_EMAIL_FACTOR", "false")]).await;
    app.add_user(USER, true).await;
    let mut c = app.client();
    password(&mut c, USER, OLD_PASSWORD).await;
    let state = c.call("signin/state", &[]).await.json();
    assert_eq!(
        state["Authenticator"]["channels"],
        serde_json::json!(["sms"]),
        "{state}"
    );
    let r = c.call("signin/send-pin", &[("channel", "email")]).await;
    assert_ne!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(app.messages_to(EMAIL).await, 0);
    let r = c.call("signin/send-pin", &[("channel", "sms")]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
}
on_both_backends!(sign_in_can_refuse_email_as_a_factor, no_email_factor);

/// A password is the same password however its accents were typed: composed (NFC) or
/// decomposed (NFD, as some keyboards and systems send it).
async fn nfc(backend: &str) {
    let app = TestApp::new(backend, &[]).await;
    let composed = "cr\u{e8}me br\u{fb}l\u{e9}e au caf\u{e9} du matin";
    let decomposed = "cre\u{300}me bru\u{302}le\u{301}e au cafe\u{301} du matin";
    assert_ne!(composed, decomposed);
    for (user_id, set, typed) in [
        ("nfc-a", composed, decomposed),
        ("nfc-b", decomposed, composed),
    ] {
        let req = admin::AddUser {
            user_id: user_id.into(),
            email: format!("{user_id}@example.com"),
            phone: None,
            password: admin::PasswordSource::Given(crypto::Redacted::new(set.into())),
            totp: admin::TotpSource::Given(TOTP_SECRET.into()),
        };
        app.add(req).await;
        let mut c = app.client();
        let r = password(&mut c, user_id, typed).await;
        assert_eq!(r.status, StatusCode::OK, "{user_id}: {}", r.body);
        let mut c = app.client();
        let r = password(&mut c, user_id, set).await;
        assert_eq!(r.status, StatusCode::OK, "{user_id}: {}", r.body);
    }
}
on_both_backends!(passwords_compare_in_unicode_nfc, nfc);
