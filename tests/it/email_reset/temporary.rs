//! The temporary password: one sign-in, 24 hours, typed in any case; the old password keeps
//! working until the change, and using it voids the temporary one.

use axum::http::StatusCode;

use super::*;

async fn expires(backend: &str) {
    let (app, sink) = app(backend, &[]).await;
    let mut c = app.client();
    let temporary = temporary_password(&sink, &mut c, 1).await;
    app.state.clock.advance(24 * 3600 + 1);
    let r = sign_in(&app, &mut c, &temporary).await.unwrap_err();
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert_eq!(r.json(), serde_json::json!("SignInFailed"));
}
on_both_backends!(a_temporary_password_expires, expires);

async fn once(backend: &str) {
    let (app, sink) = app(backend, &[]).await;
    let mut c = app.client();
    let temporary = temporary_password(&sink, &mut c, 1).await;
    // Typed as people type it: lower case, without the dashes.
    let typed = temporary.to_lowercase().replace('-', " ");
    sign_in(&app, &mut c, &typed).await.unwrap();
    let view = c.call("account/state", &[]).await.json();
    assert_eq!(view["must_change_password"], true);
    // Signed out without changing it: the one sign-in is spent.
    c.call("signout", &[]).await;
    let mut c = app.client();
    let r = sign_in(&app, &mut c, &temporary).await.unwrap_err();
    assert_eq!(r.json(), serde_json::json!("SignInFailed"));
    // Two sign-ins racing with one temporary password: only one session.
    let temporary = temporary_password(&sink, &mut c, 2).await;
    let mut a = app.client_from("198.51.100.1:1");
    let mut b = app.client_from("198.51.100.2:2");
    for c in [&mut a, &mut b] {
        let r = c
            .call("signin", &[("user_id", USER), ("password", &temporary)])
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    }
    app.state.clock.advance(30);
    let ra = a
        .call("signin/authenticator", &[("code", &app.totp_code())])
        .await;
    assert_eq!(ra.status, StatusCode::OK, "{}", ra.body);
    // The next authenticator step, for the other browser: its second factor is right, but the
    // temporary password's one sign-in is gone.
    app.state.clock.advance(30);
    let rb = b
        .call("signin/authenticator", &[("code", &app.totp_code())])
        .await;
    assert_eq!(rb.json(), serde_json::json!("FlowExpired"), "{}", rb.body);
    assert!(b.cookie(SESSION).is_none());
}
on_both_backends!(a_temporary_password_signs_in_once, once);

async fn old_password(backend: &str) {
    let (app, sink) = app(backend, &[]).await;
    let mut c = app.client();
    let temporary = temporary_password(&sink, &mut c, 1).await;
    // A stranger's request cannot lock the owner out: the old password still signs in, with
    // no forced change, and voids the temporary one.
    let mut owner = app.client_from("198.51.100.77:1");
    // The old password alone, without its second factor, voids nothing (whoever leaked it
    // cannot keep cancelling the owner's temporary passwords).
    let r = owner
        .call("signin", &[("user_id", USER), ("password", OLD_PASSWORD)])
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(rows(&app, "temporary_passwords").await, 1);
    sign_in(&app, &mut owner, OLD_PASSWORD).await.unwrap();
    let view = owner.call("account/state", &[]).await.json();
    assert_eq!(view["must_change_password"], false);
    assert_eq!(rows(&app, "temporary_passwords").await, 0);
    assert!(events(&app)
        .await
        .contains(&"temporary_password.voided".to_string()));
    let r = sign_in(&app, &mut c, &temporary).await.unwrap_err();
    assert_eq!(r.json(), serde_json::json!("SignInFailed"));
    // A wrong guess of that shape counts as a failed sign-in like any other.
    let account = app.store().find_account(USER).await.unwrap().unwrap();
    assert_eq!(account.failed_attempts, 1);
}
on_both_backends!(the_old_password_works_until_the_change, old_password);

/// The temporary password came by email: an email PIN would prove the same mailbox twice, so
/// the second factor after it is the authenticator, SMS or a recovery code.
async fn no_email_pin(backend: &str) {
    let (app, sink) = app(backend, &[]).await;
    let mut c = app.client();
    let temporary = temporary_password(&sink, &mut c, 1).await;
    let r = c
        .call("signin", &[("user_id", USER), ("password", &temporary)])
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let state = c.call("signin/state", &[]).await.json();
    assert_eq!(
        state["Authenticator"]["channels"],
        serde_json::json!(["sms"]),
        "{state}"
    );
    let r = c.call("signin/send-pin", &[("channel", "email")]).await;
    assert_eq!(r.json(), serde_json::json!("OutOfOrder"));
    assert!(sink
        .mails_to(EMAIL)
        .iter()
        .all(|m| !m.subject.contains("PIN")));
    // A new email address voids what was sent to the old one.
    let account = app.store().find_account(USER).await.unwrap().unwrap();
    let temporary = temporary_password(&sink, &mut app.client_from("198.51.100.3:3"), 2).await;
    let token = link(&sink, &mut app.client_from("198.51.100.4:4"), 3).await;
    app.store()
        .set_contact(
            account.id,
            Some("gwen@new.example"),
            None,
            app.state.clock.now(),
        )
        .await
        .unwrap();
    assert_eq!(rows(&app, "reset_links").await, 0);
    assert_eq!(rows(&app, "temporary_passwords").await, 0);
    assert_eq!(redeem(&mut c, &token).await.status, StatusCode::GONE);
    assert!(sign_in(&app, &mut c, &temporary).await.is_err());
}
on_both_backends!(no_email_pin_after_an_emailed_password, no_email_pin);

/// An account whose only second factor would be the email PIN has none after an emailed
/// password: the page says to contact support, and no PIN can be asked for.
async fn email_only(backend: &str) {
    let (app, sink) = app(backend, &[]).await;
    let req = crate::testkit::admin::AddUser {
        user_id: "ines".into(),
        email: "ines@example.com".into(),
        phone: None,
        password: crate::testkit::admin::PasswordSource::Given(
            crate::testkit::crypto::Redacted::new(OLD_PASSWORD.into()),
        ),
        totp: crate::testkit::admin::TotpSource::None,
    };
    app.add(req).await;
    let mut c = app.client();
    let r = request(&mut c, "ines", "ines@example.com").await;
    assert_eq!(r.status, StatusCode::OK);
    let token = token_in(&sink.wait_for("ines@example.com", LINK, 1).await);
    until_live(&mut c, &token).await;
    assert_eq!(redeem(&mut c, &token).await.status, StatusCode::OK);
    let temporary = temporary_in(&sink.wait_for("ines@example.com", TEMPORARY, 1).await);
    let r = c
        .call("signin", &[("user_id", "ines"), ("password", &temporary)])
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let state = c.call("signin/state", &[]).await.json();
    assert_eq!(
        state["ChooseChannel"]["channels"],
        serde_json::json!([]),
        "{state}"
    );
    let page = c.get("/signin").await;
    assert!(page.body.contains("Contact support."), "{}", page.body);
    assert!(!page.body.contains("Send PIN by email"), "{}", page.body);
    let r = c.call("signin/send-pin", &[("channel", "email")]).await;
    assert_eq!(r.json(), serde_json::json!("OutOfOrder"));
    assert!(c.cookie(SESSION).is_none());
}
on_both_backends!(an_email_only_account_is_sent_to_support, email_only);
