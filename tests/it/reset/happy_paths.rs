//! The whole reset by SMS, and the alternative paths through email.

use axum::http::StatusCode;

use super::{new_password, pass_totp, EMAIL, PHONE, USER};
use crate::testkit::passwords::verify_now;
use crate::testkit::*;

async fn whole_flow(backend: &str) {
    let app = TestApp::with_user(backend, USER).await;
    let account = app.store().find_account(USER).await.unwrap().unwrap();
    app.store()
        .insert_session(
            b"another-session",
            account.id,
            0,
            i64::MAX,
            "198.51.100.1",
            false,
        )
        .await
        .unwrap();
    let mut c = app.client();

    assert_eq!(c.step().await, "UserId");
    let r = c.call("reset/start", &[("user_id", "  Dana ")]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let cookie = r
        .headers
        .get("set-cookie")
        .unwrap()
        .to_str()
        .unwrap()
        .to_string();
    assert!(
        cookie.contains("HttpOnly")
            && cookie.contains("SameSite=Strict")
            && cookie.contains("Secure"),
        "{cookie}"
    );
    let state = c.state().await;
    assert_eq!(
        state["step"]["Authenticator"]["alternative"], true,
        "Alternative Authentication is offered: {state}"
    );
    assert_eq!(
        (state["number"].as_u64(), state["total"].as_u64()),
        (Some(2), Some(4))
    );

    let r = c
        .call("reset/authenticator", &[("code", &app.totp_code())])
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let state = c.state().await;
    let pin_view = &state["step"]["Pin"];
    assert_eq!(pin_view["channel"], "sms");
    assert_eq!(pin_view["destination"]["Masked"], "•••• 4567");
    assert_eq!(pin_view["can_switch"], true);
    assert_eq!(state["number"], 3);
    let (pin, reference) = app.last_pin_to(PHONE).await;
    assert_eq!(pin_view["reference"], reference.as_str());
    // The PIN went out during the authenticator step, so a second may have ticked since.
    let resend_in = pin_view["resend_in"].as_u64().unwrap();
    assert!((59..=60).contains(&resend_in), "{state}");

    let r = c.call("reset/pin", &[("pin", &pin)]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let state = c.state().await;
    assert_eq!(state["step"]["NewPassword"]["user_id"], USER);
    assert_eq!(state["number"], 4);

    // Weak, mismatched or personal passwords are refused by the server (the rules they miss, by
    // code), and nothing changes.
    for (new, confirm, rule) in [
        ("password1234", "password1234", "NotCommon"),
        ("short", "short", "MinLength"),
        (NEW_PASSWORD, "something else entirely", "Confirmation"),
        (
            "dana-dana-dana-dana-2024",
            "dana-dana-dana-dana-2024",
            "NoPersonalInfo",
        ),
        (OLD_PASSWORD, OLD_PASSWORD, "NotRecent"),
    ] {
        let r = c
            .call(
                "reset/password",
                &[("new_password", new), ("confirm_password", confirm)],
            )
            .await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{new}: {}", r.body);
        assert!(
            r.json()["PasswordRejected"]
                .as_array()
                .is_some_and(|rules| rules.iter().any(|r| r == rule)),
            "{new}: {}",
            r.body
        );
        let hash = app
            .store()
            .find_account(USER)
            .await
            .unwrap()
            .unwrap()
            .password_hash
            .unwrap();
        assert!(verify_now(OLD_PASSWORD, &hash));
    }

    let r = new_password(&mut c).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(c.step().await, "Done");

    // What the database holds afterwards.
    let after = app.store().find_account(USER).await.unwrap().unwrap();
    assert!(verify_now(
        NEW_PASSWORD,
        after.password_hash.as_deref().unwrap()
    ));
    assert!(!verify_now(
        OLD_PASSWORD,
        after.password_hash.as_deref().unwrap()
    ));
    assert_eq!(after.failed_attempts, 0);
    let history = app.store().password_history(after.id, 10).await.unwrap();
    assert_eq!(history.len(), 1);
    assert!(verify_now(OLD_PASSWORD, &history[0]));
    assert_eq!(
        app.store().count_sessions(after.id).await.unwrap(),
        0,
        "other sessions end"
    );
    let events: Vec<String> = app
        .store()
        .audit_events(after.id)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.event)
        .collect();
    for expected in [
        "reset.started",
        "factor.totp.accepted",
        "pin.sent",
        "factor.pin.accepted",
        "password.changed",
    ] {
        assert!(
            events.iter().any(|e| e == expected),
            "{expected} missing from {events:?}"
        );
    }
    for e in app.store().audit_events(after.id).await.unwrap() {
        assert!(
            !e.detail.contains(&pin) && !e.detail.contains(NEW_PASSWORD),
            "secret in audit: {e:?}"
        );
    }
    // The notification goes out in the background.
    let mut notified = false;
    for _ in 0..50 {
        if let Some(m) = app.last_message_to(EMAIL).await {
            if m.subject == "Your password was changed" {
                assert!(
                    m.body.contains("https://reset.example.org/"),
                    "links use KEYTURN_PUBLIC_URL: {}",
                    m.body
                );
                notified = true;
                break;
            }
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert!(notified, "password-change email");

    // The finished flow cannot be used again.
    let r = c
        .call(
            "reset/password",
            &[
                ("new_password", "Another-fine-passphrase-99"),
                ("confirm_password", "Another-fine-passphrase-99"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
}
on_both_backends!(whole_flow_by_sms, whole_flow);

async fn alternative_paths(backend: &str) {
    let app = TestApp::with_user(backend, USER).await;

    // On the PIN step: the PIN by email instead; the SMS PIN dies.
    let mut c = app.client();
    pass_totp(&app, &mut c).await;
    let (sms_pin, _) = app.last_pin_to(PHONE).await;
    let r = c.call("reset/alternative", &[]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let state = c.state().await;
    assert_eq!(state["step"]["Pin"]["channel"], "email");
    assert_eq!(
        state["step"]["Pin"]["destination"]["Masked"],
        "d•••@example.com"
    );
    assert_eq!(state["step"]["Pin"]["can_switch"], false);
    let (email_pin, _) = app.last_pin_to(EMAIL).await;
    if sms_pin != email_pin {
        let r = c.call("reset/pin", &[("pin", &sms_pin)]).await;
        assert_eq!(
            r.status,
            StatusCode::BAD_REQUEST,
            "the SMS PIN was replaced"
        );
    }
    assert_eq!(
        c.call("reset/pin", &[("pin", &email_pin)]).await.status,
        StatusCode::OK
    );
    assert_eq!(c.step().await, "NewPassword");

    // On the authenticator step: two PINs over two channels, email then SMS.
    app.store().unlock_account(USER, 0).await.unwrap();
    let mut c = app.client();
    c.call("reset/start", &[("user_id", USER)]).await;
    assert_eq!(
        c.call("reset/alternative", &[]).await.status,
        StatusCode::OK
    );
    let state = c.state().await;
    assert_eq!(state["step"]["Pin"]["channel"], "email");
    assert_eq!(state["number"], 2);
    let (pin, _) = app.last_pin_to(EMAIL).await;
    assert_eq!(
        c.call("reset/pin", &[("pin", &pin)]).await.status,
        StatusCode::OK
    );
    let state = c.state().await;
    assert_eq!(state["step"]["Pin"]["channel"], "sms");
    assert_eq!(
        state["step"]["Pin"]["can_switch"], false,
        "email already counted: no switching to it"
    );
    assert_eq!(state["number"], 3);
    // A second "Alternative Authentication" cannot make email count twice.
    assert_eq!(
        c.call("reset/alternative", &[]).await.status,
        StatusCode::CONFLICT
    );
    let (pin, _) = app.last_pin_to(PHONE).await;
    assert_eq!(
        c.call("reset/pin", &[("pin", &pin)]).await.status,
        StatusCode::OK
    );
    assert_eq!(c.step().await, "NewPassword");
}
on_both_backends!(alternative_authentication, alternative_paths);
