//! Every way to sign in: password + authenticator code, + SMS PIN, + email PIN, + recovery code.

use axum::http::StatusCode;

use super::*;

async fn with_authenticator_code(backend: &str) {
    let app = TestApp::with_user(backend, USER).await;
    let mut c = app.client();
    let r = password(&mut c, USER, OLD_PASSWORD).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(c.cookie("__Host-keyturn_signin").is_some());
    assert!(
        c.cookie(SESSION).is_none(),
        "no session before the second factor"
    );
    let state = c.call("signin/state", &[]).await.json();
    let view = &state["Authenticator"];
    assert_eq!(view["authenticator"], true);
    assert_eq!(view["channels"], serde_json::json!(["sms", "email"]));
    // Nothing of the account answers yet.
    assert_eq!(account(&mut c).await.status, StatusCode::UNAUTHORIZED);

    let r = c.call("signin/authenticator", &[("code", "000000")]).await;
    assert_eq!(r.json(), serde_json::json!("WrongCode"));
    let r = c
        .call("signin/authenticator", &[("code", &app.totp_code())])
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(
        c.cookie("__Host-keyturn_signin").is_none(),
        "the sign-in flow ends"
    );
    let set_cookie = r
        .headers
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .collect::<Vec<_>>();
    let session = set_cookie
        .iter()
        .find(|v| v.starts_with(SESSION))
        .expect("session cookie");
    for attribute in ["HttpOnly", "SameSite=Lax", "Secure", "Path=/"] {
        assert!(session.contains(attribute), "{session}");
    }
    let value = c.cookie(SESSION).unwrap().to_string();
    assert!(value.len() >= 32, "at least 128 bits");
    let view = account(&mut c).await;
    assert_eq!(view.status, StatusCode::OK, "{}", view.body);
    let view = view.json();
    assert_eq!(view["user_id"], USER);
    assert_eq!(view["email"], "e•••@example.com");
    assert_eq!(view["phone"], "•••• 4567");
    assert_eq!(view["authenticator_app"], true);
    // Stored hashed: the cookie's value is nowhere in the database.
    let account_id = app.store().find_account(USER).await.unwrap().unwrap().id;
    assert_eq!(app.store().count_sessions(account_id).await.unwrap(), 1);
    let rows: Vec<Vec<u8>> = sqlx::query_scalar("SELECT token_hash FROM sessions")
        .fetch_all(app.store().pool())
        .await
        .unwrap();
    assert!(rows.iter().all(|h| h != value.as_bytes() && h.len() == 32));
    let events = app.store().audit_events(account_id).await.unwrap();
    assert!(events
        .iter()
        .any(|e| e.event == "signin.succeeded" && e.detail == "factor=totp"));
}
on_both_backends!(
    sign_in_with_password_and_authenticator_code,
    with_authenticator_code
);

async fn with_pins(backend: &str) {
    let app = TestApp::with_user(backend, USER).await;
    for (channel, to) in [("sms", PHONE), ("email", EMAIL)] {
        let mut c = app.client();
        assert_eq!(
            password(&mut c, USER, OLD_PASSWORD).await.status,
            StatusCode::OK
        );
        let r = c.call("signin/send-pin", &[("channel", channel)]).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let state = c.call("signin/state", &[]).await.json();
        let pin_view = &state["Pin"];
        assert_eq!(pin_view["channel"], channel);
        let (pin, reference) = app.last_pin_to(to).await;
        assert_eq!(pin_view["reference"], reference.as_str());
        // The same cooldown as the wizard's.
        let r = c.call("signin/resend", &[]).await;
        assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS, "{}", r.body);
        let r = c.call("signin/pin", &[("pin", "000000")]).await;
        assert_eq!(r.json(), serde_json::json!("WrongPin"));
        let r = c.call("signin/pin", &[("pin", &pin)]).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        assert_eq!(account(&mut c).await.status, StatusCode::OK);
        // The PIN worked once.
        let mut again = app.client();
        password(&mut again, USER, OLD_PASSWORD).await;
        let r = again.call("signin/pin", &[("pin", &pin)]).await;
        assert_eq!(r.json(), serde_json::json!("PinExpired"));
    }
}
on_both_backends!(sign_in_with_an_sms_or_email_pin, with_pins);

async fn with_recovery_code(backend: &str) {
    let app = TestApp::with_user(backend, USER).await;
    let mut c = app.client();
    sign_in(&app, &mut c).await;
    let r = c.call("account/recovery-codes", &[]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let codes = c.call("account/recovery-codes/new", &[]).await.json();
    let codes: Vec<String> = codes["codes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap().to_string())
        .collect();
    assert_eq!(codes.len(), 10);
    // Shown once.
    assert_eq!(
        c.call("account/recovery-codes/new", &[]).await.json(),
        serde_json::Value::Null
    );
    assert_eq!(account(&mut c).await.json()["recovery_codes_left"], 10);

    let mut other = app.client();
    password(&mut other, USER, OLD_PASSWORD).await;
    let r = other
        .call("signin/recovery", &[("code", &codes[0].to_uppercase())])
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(account(&mut other).await.json()["recovery_codes_left"], 9);
    let mut third = app.client();
    password(&mut third, USER, OLD_PASSWORD).await;
    let r = third.call("signin/recovery", &[("code", &codes[0])]).await;
    assert_eq!(
        r.json(),
        serde_json::json!("WrongRecoveryCode"),
        "used once only"
    );
    let r = third
        .call("signin/recovery", &[("code", "not-a-code")])
        .await;
    assert_eq!(
        r.json(),
        serde_json::json!({"Invalid": "RecoveryCodeFormat"})
    );
    // Stored hashed.
    let stored: Vec<Vec<u8>> = sqlx::query_scalar("SELECT code_hash FROM recovery_codes")
        .fetch_all(app.store().pool())
        .await
        .unwrap();
    assert_eq!(stored.len(), 10);
    assert!(stored
        .iter()
        .all(|h| h.len() == 32 && h != codes[1].as_bytes()));
}
on_both_backends!(sign_in_with_a_recovery_code, with_recovery_code);

/// Fifty sign-ins race with one recovery code: exactly one passes.
async fn parallel_recovery_code(backend: &str) {
    let app = TestApp::with_user(backend, USER).await;
    let mut c = app.client();
    sign_in(&app, &mut c).await;
    c.call("account/recovery-codes", &[]).await;
    let codes = c.call("account/recovery-codes/new", &[]).await.json();
    let code = codes["codes"][3].as_str().unwrap().to_string();
    let mut browsers = Vec::new();
    for i in 0..50 {
        let mut b = app.client_from(&format!("198.51.100.{}:4000", i + 1));
        assert_eq!(
            password(&mut b, USER, OLD_PASSWORD).await.status,
            StatusCode::OK
        );
        browsers.push(b);
    }
    let tasks: Vec<_> = browsers
        .into_iter()
        .map(|mut b| {
            let code = code.clone();
            tokio::spawn(async move { b.call("signin/recovery", &[("code", &code)]).await.status })
        })
        .collect();
    let mut ok = 0;
    for t in tasks {
        if t.await.unwrap() == StatusCode::OK {
            ok += 1;
        }
    }
    assert_eq!(ok, 1);
}
on_both_backends!(
    fifty_parallel_sign_ins_with_one_recovery_code,
    parallel_recovery_code
);

/// An account without an authenticator signs in with a PIN; without a phone, SMS is not offered.
async fn without_authenticator(backend: &str) {
    let app = TestApp::new(backend, &[]).await;
    app.add_user(USER, false).await;
    let mut c = app.client();
    password(&mut c, USER, OLD_PASSWORD).await;
    let state = c.call("signin/state", &[]).await.json();
    assert_eq!(state["ChooseChannel"]["authenticator"], false);
    let r = c.call("signin/authenticator", &[("code", "123456")]).await;
    assert_eq!(r.json(), serde_json::json!("WrongCode"));
}
on_both_backends!(
    an_account_without_authenticator_chooses_a_channel,
    without_authenticator
);

/// A recovery code also stands in for the authenticator code in the wizard, once.
async fn recovery_code_in_the_wizard(backend: &str) {
    let app = TestApp::with_user(backend, USER).await;
    let mut c = app.client();
    sign_in(&app, &mut c).await;
    c.call("account/recovery-codes", &[]).await;
    let codes = c.call("account/recovery-codes/new", &[]).await.json();
    let code = codes["codes"][0].as_str().unwrap().to_string();
    let mut wizard = app.client();
    wizard.call("reset/start", &[("user_id", USER)]).await;
    let r = wizard.call("reset/recovery", &[("code", &code)]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(
        wizard.step().await,
        "Pin",
        "then the SMS PIN, as after an authenticator code"
    );
    // Used: refused at sign-in now.
    let mut other = app.client();
    password(&mut other, USER, OLD_PASSWORD).await;
    let r = other.call("signin/recovery", &[("code", &code)]).await;
    assert_eq!(r.json(), serde_json::json!("WrongRecoveryCode"));
    // An unknown User ID gets the same answer for any code.
    let mut stranger = app.client();
    stranger.call("reset/start", &[("user_id", "nobody")]).await;
    let r = stranger.call("reset/recovery", &[("code", &code)]).await;
    assert_eq!(r.json(), serde_json::json!("WrongRecoveryCode"));
}
on_both_backends!(
    a_recovery_code_stands_in_for_the_authenticator_in_the_wizard,
    recovery_code_in_the_wizard
);

/// After the password (a factor), a PIN that cannot be delivered is said at once, whichever
/// channel, and nothing is left live.
async fn delivery_failed(backend: &str) {
    let smtp = unreachable_smtp_url();
    let app = TestApp::new(
        backend,
        &[("KEYTURN_DEV", "0"), ("KEYTURN_SMTP_URL", &smtp)],
    )
    .await;
    app.add_user(USER, true).await;
    let mut c = app.client();
    let r = password(&mut c, USER, OLD_PASSWORD).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    for channel in ["email", "sms"] {
        let r = c.call("signin/send-pin", &[("channel", channel)]).await;
        assert_eq!(
            r.status,
            StatusCode::SERVICE_UNAVAILABLE,
            "{channel}: {}",
            r.body
        );
        assert_eq!(r.json(), serde_json::json!({ "DeliveryFailed": channel }));
    }
}
on_both_backends!(
    a_pin_that_cannot_be_delivered_after_the_password_is_said,
    delivery_failed
);
