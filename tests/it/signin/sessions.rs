//! Sessions: a new id at sign-in (a planted one is never adopted), idle and absolute timeouts,
//! "Sign out" on the server, every other session ended by a password change (this one gets a
//! new id), and the forced change that blocks everything else.

use axum::http::StatusCode;

use super::*;

async fn fixation(backend: &str) {
    let app = TestApp::with_user(backend, USER).await;
    let mut c = app.client();
    // Someone plants a session cookie of their choosing before the victim signs in.
    c.cookies.insert(SESSION.into(), "a".repeat(64));
    let session = sign_in(&app, &mut c).await;
    assert_ne!(session, "a".repeat(64), "the id changes at sign-in");
    let mut attacker = app.client();
    attacker.cookies.insert(SESSION.into(), "a".repeat(64));
    assert_eq!(
        account(&mut attacker).await.status,
        StatusCode::UNAUTHORIZED
    );
    // A second sign-in gets yet another id.
    let mut c2 = app.client();
    app.state.clock.advance(30);
    assert_ne!(sign_in(&app, &mut c2).await, session);
}
on_both_backends!(a_new_session_id_at_every_sign_in, fixation);

async fn timeouts(backend: &str) {
    let app = TestApp::new(
        backend,
        &[
            ("KEYTURN_SESSION_IDLE_SECONDS", "600"),
            ("KEYTURN_SESSION_ABSOLUTE_SECONDS", "1800"),
        ],
    )
    .await;
    app.add_user(USER, true).await;
    let mut c = app.client();
    sign_in(&app, &mut c).await;
    // Used every 9 minutes it stays alive, until the absolute timeout.
    for _ in 0..3 {
        app.state.clock.advance(540);
        assert_eq!(account(&mut c).await.status, StatusCode::OK);
    }
    app.state.clock.advance(240); // 30 minutes and more since sign-in
    assert_eq!(
        account(&mut c).await.json(),
        serde_json::json!("NotSignedIn")
    );

    // Idle for longer than the idle timeout: ended.
    let mut c = app.client();
    app.state.clock.advance(30);
    sign_in(&app, &mut c).await;
    app.state.clock.advance(601);
    assert_eq!(account(&mut c).await.status, StatusCode::UNAUTHORIZED);
}
on_both_backends!(idle_and_absolute_timeouts_end_a_session, timeouts);

async fn sign_out(backend: &str) {
    let app = TestApp::with_user(backend, USER).await;
    let mut c = app.client();
    let session = sign_in(&app, &mut c).await;
    let r = c.call("signout", &[]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(c.cookie(SESSION).is_none());
    // The cookie's value is worth nothing on the server afterwards.
    let mut copy = app.client();
    copy.cookies.insert(SESSION.into(), session);
    assert_eq!(account(&mut copy).await.status, StatusCode::UNAUTHORIZED);
    let id = app.store().find_account(USER).await.unwrap().unwrap().id;
    assert_eq!(app.store().count_sessions(id).await.unwrap(), 0);
}
on_both_backends!(sign_out_ends_the_session_on_the_server, sign_out);

async fn change_ends_other_sessions(backend: &str) {
    let app = TestApp::with_user(backend, USER).await;
    let mut first = app.client();
    let mut second = app.client_from("198.51.100.20:1234");
    let before = sign_in(&app, &mut first).await;
    app.state.clock.advance(30);
    sign_in(&app, &mut second).await;
    let r = first
        .call(
            "account/password",
            &[
                ("current_password", OLD_PASSWORD),
                ("new_password", NEW_PASSWORD),
                ("confirm_password", NEW_PASSWORD),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let after = first.cookie(SESSION).unwrap().to_string();
    assert_ne!(before, after, "this browser gets a new id");
    assert_eq!(account(&mut first).await.status, StatusCode::OK);
    assert_eq!(account(&mut second).await.status, StatusCode::UNAUTHORIZED);
    let id = app.store().find_account(USER).await.unwrap().unwrap().id;
    assert_eq!(app.store().count_sessions(id).await.unwrap(), 1);
    let hash = app
        .store()
        .find_account(USER)
        .await
        .unwrap()
        .unwrap()
        .password_hash
        .unwrap();
    assert!(passwords::verify_now(NEW_PASSWORD, &hash));
    app.notice_to(EMAIL, "password was changed").await;

    // A wrong current password changes nothing and counts toward the lockout.
    let r = first
        .call(
            "account/password",
            &[
                ("current_password", "wrong wrong wrong"),
                ("new_password", "Another-long-passphrase-9-x"),
                ("confirm_password", "Another-long-passphrase-9-x"),
            ],
        )
        .await;
    assert_eq!(r.json(), serde_json::json!("WrongPassword"));
    let a = app.store().find_account(USER).await.unwrap().unwrap();
    assert_eq!(a.failed_attempts, 1);
    assert!(passwords::verify_now(
        NEW_PASSWORD,
        a.password_hash.as_deref().unwrap()
    ));
}
on_both_backends!(
    a_password_change_ends_every_other_session,
    change_ends_other_sessions
);

async fn forced_change(backend: &str) {
    let app = TestApp::with_user(backend, USER).await;
    app.store()
        .require_password_change(USER, app.state.clock.now())
        .await
        .unwrap();
    let mut c = app.client();
    sign_in(&app, &mut c).await;
    let view = account(&mut c).await.json();
    assert_eq!(view["must_change_password"], true);
    for function in [
        "account/activity",
        "account/recovery-codes",
        "account/authenticator/begin",
        "account/authenticator/remove",
        "account/recovery-codes/new",
        "account/contact/pending",
    ] {
        let r = c.call(function, &[]).await;
        assert_eq!(
            r.json(),
            serde_json::json!("PasswordChangeRequired"),
            "{function}"
        );
    }
    let r = c
        .call(
            "account/contact/begin",
            &[("channel", "email"), ("value", "x@example.com")],
        )
        .await;
    assert_eq!(r.json(), serde_json::json!("PasswordChangeRequired"));
    let r = c
        .call(
            "account/password",
            &[
                ("current_password", OLD_PASSWORD),
                ("new_password", NEW_PASSWORD),
                ("confirm_password", NEW_PASSWORD),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(account(&mut c).await.json()["must_change_password"], false);
    assert_eq!(c.call("account/activity", &[]).await.status, StatusCode::OK);
}
on_both_backends!(the_forced_change_blocks_everything_else, forced_change);
