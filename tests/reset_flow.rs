//! The reset wizard through its server functions, over HTTP, on SQLite and on Postgres.

mod support;

use axum::http::StatusCode;
use keyturn::server::factors::passwords::verify_now;
use serde_json::Value;
use support::*;

const USER: &str = "dana";
const EMAIL: &str = "dana@example.com";
const PHONE: &str = "+15551234567";

fn error(r: &Reply) -> Value {
    r.json()
}

async fn pass_totp(app: &TestApp, c: &mut Client) {
    assert_eq!(
        c.call("reset/start", &[("user_id", USER)]).await.status,
        StatusCode::OK
    );
    let r = c
        .call("reset/authenticator", &[("code", &app.totp_code())])
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
}

async fn whole_flow(backend: &str) {
    let app = TestApp::with_user(backend, USER).await;
    let account = app.store().find_account(USER).await.unwrap().unwrap();
    app.store()
        .insert_session(b"another-session", account.id, 0, i64::MAX)
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
    assert_eq!(state["step"], "Authenticator");
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
    assert_eq!(pin_view["channel"], "Sms");
    assert_eq!(pin_view["destination"]["Masked"], "•••• 4567");
    assert_eq!(pin_view["can_switch"], true);
    assert_eq!(state["number"], 3);
    let (pin, reference) = app.last_pin_to(PHONE).await;
    assert_eq!(pin_view["reference"], reference.as_str());
    assert_eq!(pin_view["resend_in"], 60);

    let r = c.call("reset/pin", &[("pin", &pin)]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let state = c.state().await;
    assert_eq!(state["step"]["NewPassword"]["user_id"], USER);
    assert_eq!(state["number"], 4);

    // Weak, mismatched or personal passwords are refused by the server, and nothing changes.
    for (new, confirm, rule) in [
        (
            "password1234",
            "password1234",
            "Not a common or breached password",
        ),
        ("short", "short", "At least 12 characters"),
        (NEW_PASSWORD, "something else entirely", "match"),
        (
            "dana-dana-dana-dana-2024",
            "dana-dana-dana-dana-2024",
            "User ID",
        ),
        (OLD_PASSWORD, OLD_PASSWORD, "last 5"),
    ] {
        let r = c
            .call(
                "reset/password",
                &[("new_password", new), ("confirm_password", confirm)],
            )
            .await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{new}: {}", r.body);
        assert!(r.body.contains(rule), "{new}: {}", r.body);
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

    let r = c
        .call(
            "reset/password",
            &[
                ("new_password", NEW_PASSWORD),
                ("confirm_password", NEW_PASSWORD),
            ],
        )
        .await;
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
    assert_eq!(state["step"]["Pin"]["channel"], "Email");
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
    assert_eq!(state["step"]["Pin"]["channel"], "Email");
    assert_eq!(state["number"], 2);
    let (pin, _) = app.last_pin_to(EMAIL).await;
    assert_eq!(
        c.call("reset/pin", &[("pin", &pin)]).await.status,
        StatusCode::OK
    );
    let state = c.state().await;
    assert_eq!(state["step"]["Pin"]["channel"], "Sms");
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

async fn skipping_steps(backend: &str) {
    let app = TestApp::with_user(backend, USER).await;
    let mut c = app.client();
    // No flow at all.
    for (f, form) in [
        ("reset/authenticator", vec![("code", "123456")]),
        ("reset/pin", vec![("pin", "123456")]),
        (
            "reset/password",
            vec![
                ("new_password", NEW_PASSWORD),
                ("confirm_password", NEW_PASSWORD),
            ],
        ),
    ] {
        let r = c.call(f, &form).await;
        assert_eq!(r.status, StatusCode::CONFLICT, "{f}: {}", r.body);
        assert_eq!(error(&r), serde_json::json!("FlowExpired"));
    }
    // A flow on step 2: later steps do nothing.
    c.call("reset/start", &[("user_id", USER)]).await;
    let r = c
        .call(
            "reset/password",
            &[
                ("new_password", NEW_PASSWORD),
                ("confirm_password", NEW_PASSWORD),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert_eq!(error(&r), serde_json::json!("OutOfOrder"));
    let r = c.call("reset/pin", &[("pin", "123456")]).await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    let r = c.call("reset/resend", &[]).await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert_eq!(c.step().await, "Authenticator");
    let hash = app
        .store()
        .find_account(USER)
        .await
        .unwrap()
        .unwrap()
        .password_hash
        .unwrap();
    assert!(verify_now(OLD_PASSWORD, &hash));
    // A forged cookie is no flow.
    c.cookie = Some("keyturn_reset=00ff".into());
    let r = c.call("reset/authenticator", &[("code", "123456")]).await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    // Malformed requests: a clear error, nothing changes.
    let mut c = app.client();
    c.call("reset/start", &[("user_id", USER)]).await;
    let r = c.call("reset/authenticator", &[("code", "12ab56")]).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.body.contains("6-digit"), "{}", r.body);
    let r = c.call("reset/authenticator", &[]).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    let r = c.call("reset/start", &[("user_id", "")]).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    let r = c
        .call(
            "reset/authenticator",
            &[("code", "123456"), ("code", "654321")],
        )
        .await;
    assert_eq!(
        r.status,
        StatusCode::BAD_REQUEST,
        "undecodable request: {}",
        r.body
    );
    assert_eq!(
        app.store()
            .find_account(USER)
            .await
            .unwrap()
            .unwrap()
            .failed_attempts,
        0,
        "malformed input is not a failure"
    );
}
on_both_backends!(steps_cannot_be_skipped, skipping_steps);

async fn totp_replay(backend: &str) {
    let app = TestApp::with_user(backend, USER).await;
    let code = app.totp_code();
    let mut first = app.client();
    first.call("reset/start", &[("user_id", USER)]).await;
    assert_eq!(
        first
            .call("reset/authenticator", &[("code", &code)])
            .await
            .status,
        StatusCode::OK
    );
    let mut second = app.client();
    second.call("reset/start", &[("user_id", USER)]).await;
    let r = second.call("reset/authenticator", &[("code", &code)]).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(error(&r), serde_json::json!("WrongCode"));
    assert_eq!(
        app.store()
            .find_account(USER)
            .await
            .unwrap()
            .unwrap()
            .failed_attempts,
        1
    );
    // A later code works again.
    app.state.clock.advance(30);
    assert_eq!(
        second
            .call("reset/authenticator", &[("code", &app.totp_code())])
            .await
            .status,
        StatusCode::OK
    );
}
on_both_backends!(totp_codes_are_single_use, totp_replay);

async fn pin_rules(backend: &str) {
    let app = TestApp::with_user(backend, USER).await;
    let mut c = app.client();
    pass_totp(&app, &mut c).await;

    // Resend: not before 60 s (the server says how long), then a new PIN kills the old one.
    let (old_pin, old_ref) = app.last_pin_to(PHONE).await;
    let r = c.call("reset/resend", &[]).await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(r.body.contains("ResendTooSoon"), "{}", r.body);
    assert_eq!(app.messages_to(PHONE).await, 1);
    app.state.clock.advance(60);
    assert_eq!(c.call("reset/resend", &[]).await.status, StatusCode::OK);
    let (new_pin, new_ref) = app.last_pin_to(PHONE).await;
    assert_eq!(
        c.state().await["step"]["Pin"]["reference"],
        new_ref.as_str()
    );
    if new_pin != old_pin {
        assert_eq!(
            c.call("reset/pin", &[("pin", &old_pin)]).await.status,
            StatusCode::BAD_REQUEST
        );
    }
    let _ = old_ref;

    // Expiry after 5 minutes.
    app.state.clock.advance(301);
    let r = c.call("reset/pin", &[("pin", &new_pin)]).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(error(&r), serde_json::json!("PinExpired"));

    // Used twice: the second use is refused.
    assert_eq!(c.call("reset/resend", &[]).await.status, StatusCode::OK);
    let (pin, _) = app.last_pin_to(PHONE).await;
    assert_eq!(
        c.call("reset/pin", &[("pin", &pin)]).await.status,
        StatusCode::OK
    );
    let r = c.call("reset/pin", &[("pin", &pin)]).await;
    assert_ne!(r.status, StatusCode::OK);
}
on_both_backends!(pins_expire_resend_and_work_once, pin_rules);

async fn five_wrong_pins(backend: &str) {
    let app = TestApp::with_user(backend, USER).await;
    let mut c = app.client();
    pass_totp(&app, &mut c).await;
    let (pin, _) = app.last_pin_to(PHONE).await;
    let wrong = if pin == "000000" { "111111" } else { "000000" };
    for i in 1..=4 {
        let r = c.call("reset/pin", &[("pin", wrong)]).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "try {i}");
        assert_eq!(error(&r), serde_json::json!("WrongPin"));
    }
    let r = c.call("reset/pin", &[("pin", wrong)]).await;
    assert_eq!(r.status, StatusCode::LOCKED, "{}", r.body);
    // Locked: even the right PIN does nothing now, and the page says so.
    assert_eq!(
        c.call("reset/pin", &[("pin", &pin)]).await.status,
        StatusCode::LOCKED
    );
    let state = c.state().await;
    assert_eq!(
        state["step"]["Locked"]["support"],
        "the help desk on +1 555 0100"
    );
    let account = app.store().find_account(USER).await.unwrap().unwrap();
    assert!(account.locked_until.unwrap() >= app.state.clock.now() + 3590);
    // A new reset cannot get past the lock either.
    let mut other = app.client();
    other.call("reset/start", &[("user_id", USER)]).await;
    assert!(other.state().await["step"]["Locked"].is_object());
    // The owner is told.
    let mut told = false;
    for _ in 0..50 {
        if app
            .last_message_to(EMAIL)
            .await
            .is_some_and(|m| m.subject == "Your account has been locked")
        {
            told = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert!(told, "lockout email");
    // It unlocks by itself after an hour.
    app.state.clock.advance(3601);
    let mut later = app.client();
    later.call("reset/start", &[("user_id", USER)]).await;
    assert_eq!(later.step().await, "Authenticator");
}
on_both_backends!(five_wrong_tries_lock_the_account, five_wrong_pins);

async fn unlock_by_admin(backend: &str) {
    let app = TestApp::with_user(backend, USER).await;
    let mut c = app.client();
    c.call("reset/start", &[("user_id", USER)]).await;
    for _ in 0..5 {
        c.call("reset/authenticator", &[("code", "000001")]).await;
    }
    assert!(c.state().await["step"]["Locked"].is_object());
    keyturn::server::admin::unlock_user(app.store(), "DANA", app.state.clock.now())
        .await
        .unwrap();
    assert_eq!(c.step().await, "Authenticator");
    let a = app.store().find_account(USER).await.unwrap().unwrap();
    assert_eq!((a.failed_attempts, a.locked_until), (0, None));
}
on_both_backends!(admin_unlock_clears_the_lock, unlock_by_admin);

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

async fn parallel_wrong_codes(backend: &str) {
    let app = TestApp::with_user(backend, USER).await;
    let mut c = app.client();
    c.call("reset/start", &[("user_id", USER)]).await;
    let right = app.totp_code();
    let wrong = if right == "000000" {
        "000001"
    } else {
        "000000"
    };
    let mut tasks = Vec::new();
    for _ in 0..100 {
        let mut c = c.clone();
        tasks.push(tokio::spawn(async move {
            c.call("reset/authenticator", &[("code", wrong)])
                .await
                .status
        }));
    }
    let mut statuses = Vec::new();
    for t in tasks {
        statuses.push(t.await.unwrap());
    }
    let wrong_answers = statuses
        .iter()
        .filter(|s| **s == StatusCode::BAD_REQUEST)
        .count();
    let locked = statuses
        .iter()
        .filter(|s| **s == StatusCode::LOCKED)
        .count();
    assert_eq!(wrong_answers + locked, 100, "{statuses:?}");
    assert!(
        wrong_answers <= 4,
        "at most threshold-1 plain failures, got {wrong_answers}"
    );
    let account = app.store().find_account(USER).await.unwrap().unwrap();
    assert!(account.locked_until.is_some());
    // Locked: the right code is not accepted either.
    assert_eq!(
        c.call("reset/authenticator", &[("code", &right)])
            .await
            .status,
        StatusCode::LOCKED
    );
    assert_eq!(c.step().await, "Locked");
}
on_both_backends!(
    parallel_wrong_codes_lock_without_acceptance,
    parallel_wrong_codes
);

async fn parallel_right_pin(backend: &str) {
    let app = TestApp::with_user(backend, USER).await;
    let mut c = app.client();
    pass_totp(&app, &mut c).await;
    let (pin, _) = app.last_pin_to(PHONE).await;
    let mut tasks = Vec::new();
    for _ in 0..50 {
        let mut c = c.clone();
        let pin = pin.clone();
        tasks.push(tokio::spawn(async move {
            c.call("reset/pin", &[("pin", &pin)]).await.status
        }));
    }
    let mut ok = 0;
    for t in tasks {
        if t.await.unwrap() == StatusCode::OK {
            ok += 1;
        }
    }
    assert_eq!(ok, 1, "exactly one use of the PIN succeeds");
    assert_eq!(c.step().await, "NewPassword");
}
on_both_backends!(parallel_uses_of_one_pin, parallel_right_pin);

async fn smtp_down(backend: &str) {
    // Not dev mode: real delivery only, to an SMTP port where nothing listens.
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let smtp = format!("smtp://127.0.0.1:{port}");
    let app = TestApp::new(
        backend,
        &[("KEYTURN_DEV", "0"), ("KEYTURN_SMTP_URL", &smtp)],
    )
    .await;
    app.add_user(USER, true).await;
    let mut c = app.client();
    c.call("reset/start", &[("user_id", USER)]).await;
    let r = c.call("reset/alternative", &[]).await;
    assert_eq!(r.status, StatusCode::SERVICE_UNAVAILABLE, "{}", r.body);
    assert!(r.body.contains("DeliveryFailed"), "{}", r.body);
    // The page offers a retry with no PIN live; no counter or quota was used up.
    let state = c.state().await;
    assert_eq!(state["step"]["Pin"]["reference"], Value::Null);
    assert_eq!(state["step"]["Pin"]["resend_in"], 0);
    let account = app.store().find_account(USER).await.unwrap().unwrap();
    assert_eq!(account.failed_attempts, 0);
    let r = c.call("reset/resend", &[]).await;
    assert_eq!(
        r.status,
        StatusCode::SERVICE_UNAVAILABLE,
        "retry is allowed at once: {}",
        r.body
    );
    // SMS is not configured either: after the authenticator code the SMS fails the same clear
    // way, and the page offers the other channel.
    let mut c = app.client();
    c.call("reset/start", &[("user_id", USER)]).await;
    let r = c
        .call("reset/authenticator", &[("code", &app.totp_code())])
        .await;
    assert_eq!(r.status, StatusCode::SERVICE_UNAVAILABLE, "{}", r.body);
    assert_eq!(r.json(), serde_json::json!({"DeliveryFailed": "sms"}));
    let state = c.state().await;
    assert_eq!(state["step"]["Pin"]["reference"], Value::Null);
    assert_eq!(state["step"]["Pin"]["can_switch"], true);
}
on_both_backends!(mail_server_down, smtp_down);

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

async fn no_js_forms(backend: &str) {
    let app = TestApp::with_user(backend, USER).await;
    let mut c = app.client();
    // A plain form post is sent back to the wizard page, errors travel in the URL.
    let r = c
        .request(
            "POST",
            "/api/reset/start",
            &[("user_id", USER)],
            "text/html",
        )
        .await;
    assert_eq!(r.status, StatusCode::FOUND);
    assert_eq!(r.headers.get("location").unwrap(), "/reset");
    let page = c.get("/reset").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Enter your authenticator code"));
    assert!(
        page.body.contains("Step 2 of 4") || page.body.contains("Step <!>2<!> of <!>4"),
        "step indicator"
    );
    let wrong = if app.totp_code() == "000001" {
        "000002"
    } else {
        "000001"
    };
    let r = c
        .request(
            "POST",
            "/api/reset/authenticator",
            &[("code", wrong)],
            "text/html",
        )
        .await;
    assert_eq!(r.status, StatusCode::FOUND);
    let location = r
        .headers
        .get("location")
        .unwrap()
        .to_str()
        .unwrap()
        .to_string();
    assert!(
        location.starts_with("/reset?") && location.contains("__err="),
        "{location}"
    );
    let page = c.get(&location).await;
    assert!(
        page.body.contains("That code is not correct"),
        "the error shows on the page"
    );
    assert!(page.body.contains("Enter your authenticator code"));
}
on_both_backends!(forms_work_without_javascript, no_js_forms);

/// Several stateless instances on one database: a flow, its rate limits and its lockout are
/// shared, whichever instance each request reaches.
async fn two_instances(backend: &str) {
    let url = support::fresh_database(backend).await;
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
    let r = c
        .call(
            "reset/password",
            &[
                ("new_password", NEW_PASSWORD),
                ("confirm_password", NEW_PASSWORD),
            ],
        )
        .await;
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

/// "Consecutive": a passed factor ends a run of failures, and a run older than the lock period
/// has lapsed, for real and unknown User IDs alike.
async fn consecutive_failures(backend: &str) {
    let app = TestApp::with_user(backend, USER).await;
    let wrong = |app: &TestApp| {
        if app.totp_code() == "000001" {
            "000002"
        } else {
            "000001"
        }
        .to_string()
    };
    let mut known = app.client();
    let mut unknown = app.client_from("203.0.113.8:1");
    known.call("reset/start", &[("user_id", USER)]).await;
    unknown
        .call("reset/start", &[("user_id", "nobody-here")])
        .await;
    for _ in 0..4 {
        let w = wrong(&app);
        assert_eq!(
            known
                .call("reset/authenticator", &[("code", &w)])
                .await
                .status,
            StatusCode::BAD_REQUEST
        );
        assert_eq!(
            unknown
                .call("reset/authenticator", &[("code", &w)])
                .await
                .status,
            StatusCode::BAD_REQUEST
        );
    }
    // An hour later (more than the lock period) the run has lapsed for both.
    app.state.clock.advance(3601);
    let mut known = app.client();
    let mut unknown = app.client_from("203.0.113.8:1");
    known.call("reset/start", &[("user_id", USER)]).await;
    unknown
        .call("reset/start", &[("user_id", "nobody-here")])
        .await;
    let w = wrong(&app);
    let a = known.call("reset/authenticator", &[("code", &w)]).await;
    let b = unknown.call("reset/authenticator", &[("code", &w)]).await;
    assert_eq!((a.status, &a.body), (b.status, &b.body));
    assert_eq!(
        a.status,
        StatusCode::BAD_REQUEST,
        "not locked: the old failures lapsed"
    );
    // A passed factor ends the run: 3 more failures after it do not lock.
    for _ in 0..3 {
        known
            .call("reset/authenticator", &[("code", &wrong(&app))])
            .await;
    }
    assert_eq!(
        known
            .call("reset/authenticator", &[("code", &app.totp_code())])
            .await
            .status,
        StatusCode::OK
    );
    let (pin, _) = app.last_pin_to(PHONE).await;
    let wrong_pin = if pin == "000000" { "111111" } else { "000000" };
    for _ in 0..3 {
        assert_eq!(
            known.call("reset/pin", &[("pin", wrong_pin)]).await.status,
            StatusCode::BAD_REQUEST
        );
    }
    assert!(app
        .store()
        .find_account(USER)
        .await
        .unwrap()
        .unwrap()
        .locked_until
        .is_none());
}
on_both_backends!(failures_must_be_consecutive, consecutive_failures);

/// After a factor has passed there is nothing left to hide: an account without a phone is told
/// so, and the email alternative still works.
async fn no_phone(backend: &str) {
    let app = TestApp::new(backend, &[]).await;
    let req = keyturn::server::admin::AddUser {
        user_id: "nophone".into(),
        email: "nophone@example.com".into(),
        phone: None,
        password: keyturn::server::admin::PasswordSource::None,
        totp: keyturn::server::admin::TotpSource::Given(TOTP_SECRET.into()),
    };
    keyturn::server::admin::add_user(
        app.store(),
        &app.state.keys,
        "Keyturn",
        req,
        app.state.clock.now(),
    )
    .await
    .unwrap();
    let mut c = app.client();
    c.call("reset/start", &[("user_id", "nophone")]).await;
    let r = c
        .call("reset/authenticator", &[("code", &app.totp_code())])
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    assert_eq!(r.json(), serde_json::json!({"NoDestination": "sms"}));
    assert_eq!(c.state().await["step"]["Pin"]["can_switch"], true);
    assert_eq!(
        c.call("reset/alternative", &[]).await.status,
        StatusCode::OK
    );
    let (pin, _) = app.last_pin_to("nophone@example.com").await;
    assert_eq!(
        c.call("reset/pin", &[("pin", &pin)]).await.status,
        StatusCode::OK
    );
    assert_eq!(c.step().await, "NewPassword");
}
on_both_backends!(accounts_without_a_phone_are_told, no_phone);

/// A small SMS provider on loopback that answers every message with `status`, recording what
/// it was sent.
async fn sms_provider(
    status: u16,
) -> (
    String,
    std::sync::Arc<std::sync::Mutex<Vec<(String, serde_json::Value)>>>,
) {
    use axum::{extract::State, http::HeaderMap, routing::post, Json, Router};
    type Log = std::sync::Arc<std::sync::Mutex<Vec<(String, serde_json::Value)>>>;
    let log: Log = Default::default();
    async fn receive(
        State((log, status)): State<(Log, u16)>,
        headers: HeaderMap,
        Json(body): Json<serde_json::Value>,
    ) -> StatusCode {
        let auth = headers
            .get("authorization")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string();
        log.lock().unwrap().push((auth, body));
        StatusCode::from_u16(status).unwrap()
    }
    let app = Router::new()
        .route("/sms", post(receive))
        .with_state((log.clone(), status));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/sms", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (url, log)
}

/// Real delivery to the HTTP SMS provider: Bearer token and JSON body; a provider that refuses
/// the number is answered as if sent (and audited), one that is down gives a clear error.
async fn sms_delivery(backend: &str) {
    for (status, expected) in [
        (200, StatusCode::OK),
        (422, StatusCode::OK),
        (503, StatusCode::SERVICE_UNAVAILABLE),
    ] {
        let (url, log) = sms_provider(status).await;
        let app = TestApp::new(
            backend,
            &[
                ("KEYTURN_DEV", "0"),
                ("KEYTURN_SMS_URL", &url),
                ("KEYTURN_SMS_TOKEN", "provider-token"),
            ],
        )
        .await;
        app.add_user(USER, true).await;
        let mut c = app.client();
        c.call("reset/start", &[("user_id", USER)]).await;
        let r = c
            .call("reset/authenticator", &[("code", &app.totp_code())])
            .await;
        assert_eq!(r.status, expected, "provider {status}: {}", r.body);
        let sent = log.lock().unwrap().clone();
        assert_eq!(sent.len(), 1);
        assert_eq!(sent[0].0, "Bearer provider-token");
        assert_eq!(sent[0].1["to"], PHONE);
        let body = sent[0].1["body"].as_str().unwrap();
        let reference = c.state().await["step"]["Pin"]["reference"].clone();
        let account = app.store().find_account(USER).await.unwrap().unwrap();
        let events: Vec<String> = app
            .store()
            .audit_events(account.id)
            .await
            .unwrap()
            .into_iter()
            .map(|e| e.event)
            .collect();
        match status {
            200 => {
                assert!(
                    body.contains(&format!("Reference: {}", reference.as_str().unwrap())),
                    "{body}"
                );
                assert!(events.contains(&"pin.sent".to_string()));
            }
            422 => {
                assert!(reference.is_string(), "a refused number looks sent");
                assert!(
                    events.contains(&"pin.recipient_refused".to_string()),
                    "{events:?}"
                );
            }
            _ => {
                assert!(
                    reference.is_null(),
                    "no PIN is live after a failed delivery"
                );
                assert!(
                    events.contains(&"pin.delivery_failed".to_string()),
                    "{events:?}"
                );
            }
        }
    }
}
on_both_backends!(sms_goes_to_the_http_provider, sms_delivery);

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
}
on_both_backends!(proxy_header_names_the_client, proxy_header);
