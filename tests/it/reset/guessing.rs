//! Guessing that must stop: the hard cap over any time, lock emails throttled, wrong guesses
//! counted per client, a guess never compared when its count cannot be written, the flow's
//! token renewed at every passed factor, and the authenticator's clock skew.

use axum::http::StatusCode;

use super::{error, new_password, pass_totp, EMAIL, USER};
use crate::testkit::*;

const LOCK_SUBJECT: &str = "Your account has been locked";

/// A six-digit code that is neither this step's nor the previous one's.
fn wrong_code(app: &TestApp) -> String {
    let secret = totp::decode_secret(TOTP_SECRET).unwrap();
    let now = app.state.clock.now();
    let taken = [
        totp::code_at(&secret, now),
        totp::code_at(&secret, now - 30),
    ];
    (1..)
        .map(|n| format!("{n:06}"))
        .find(|c| !taken.contains(c))
        .unwrap()
}

/// `n` wrong authenticator codes in a new flow for `user_id`; the statuses and bodies.
async fn wrong_codes(app: &TestApp, c: &mut Client, user_id: &str, n: usize) -> Vec<(u16, String)> {
    c.call("reset/start", &[("user_id", user_id)]).await;
    let mut out = Vec::new();
    for _ in 0..n {
        let r = c
            .call("reset/authenticator", &[("code", &wrong_code(app))])
            .await;
        out.push((r.status.as_u16(), r.body));
    }
    out
}

async fn lock_emails(app: &TestApp) -> usize {
    app.messages_where(|m| m.recipient == EMAIL && m.subject == LOCK_SUBJECT)
        .await
}

/// Waiting each lock out buys no more guesses for ever: at `KEYTURN_LOCKOUT_MAX_FAILURES`
/// failures since the last completed flow it stays locked until an administrator unlocks it,
/// for an account and for a User ID without one alike.
async fn hard_cap(backend: &str) {
    let app = TestApp::new(backend, &[("KEYTURN_LOCKOUT_MAX_FAILURES", "12")]).await;
    app.add_user(USER, true).await;
    let mut known = app.client();
    let mut unknown = app.client_from("198.51.100.9:1");
    for round in 0..2 {
        let a = wrong_codes(&app, &mut known, USER, 5).await;
        let b = wrong_codes(&app, &mut unknown, "nobody-here", 5).await;
        assert_eq!(a, b, "round {round}");
        let statuses: Vec<u16> = a.iter().map(|(s, _)| *s).collect();
        assert_eq!(statuses, [400, 400, 400, 400, 423], "round {round}");
        app.state.clock.advance(3601);
    }
    let a = wrong_codes(&app, &mut known, USER, 2).await;
    let b = wrong_codes(&app, &mut unknown, "nobody-here", 2).await;
    assert_eq!(a, b);
    assert_eq!(
        a.iter().map(|(s, _)| *s).collect::<Vec<_>>(),
        [400, 423],
        "the twelfth failure locks for good"
    );
    let account = app.store().find_account(USER).await.unwrap().unwrap();
    assert_eq!(account.locked_until, Some(store::LOCKED_UNTIL_UNLOCKED));
    assert_eq!(account.failures_total, 12);

    // A week later: still locked, and the page says who unlocks it.
    app.state.clock.advance(7 * 86400);
    for (c, user_id) in [(&mut known, USER), (&mut unknown, "nobody-here")] {
        c.call("reset/start", &[("user_id", user_id)]).await;
        let state = c.state().await;
        assert_eq!(
            state["step"]["Locked"]["until"],
            serde_json::Value::Null,
            "{state}"
        );
    }
    let page = known.get("/reset").await;
    assert!(
        page.body.contains("until an administrator unlocks it"),
        "{}",
        page.body
    );
    // The right password does not sign in either, and says why.
    let r = known
        .call("signin", &[("user_id", USER), ("password", OLD_PASSWORD)])
        .await;
    assert_eq!(r.status, StatusCode::LOCKED, "{}", r.body);
    assert_eq!(error(&r), serde_json::json!("LockedPermanently"));
    // The hard lock is always told, though lock emails are otherwise one a day.
    assert_eq!(
        lock_emails(&app).await,
        2,
        "the first lock's and the hard lock's"
    );

    admin::unlock_user(app.store(), USER, app.state.clock.now())
        .await
        .unwrap();
    let account = app.store().find_account(USER).await.unwrap().unwrap();
    assert_eq!(
        (
            account.failed_attempts,
            account.failures_total,
            account.locked_until
        ),
        (0, 0, None)
    );
    known.call("reset/start", &[("user_id", USER)]).await;
    assert_eq!(known.step().await, "Authenticator");
}
on_both_backends!(the_hard_cap_locks_until_an_administrator_unlocks, hard_cap);

/// Someone who holds one factor alternates: pass it, guess the other, start again. Passing a
/// factor ends no run, so the fifth wrong guess locks, across new flows.
async fn alternating(backend: &str) {
    let app = TestApp::with_user(backend, USER).await;
    let mut c = app.client();
    for attempt in 0..2 {
        app.state.clock.advance(30);
        pass_totp(&app, &mut c).await;
        let (pin, _) = app.last_pin_to(super::PHONE).await;
        let wrong = if pin == "000000" { "111111" } else { "000000" };
        let tries = if attempt == 0 { 4 } else { 1 };
        for _ in 0..tries {
            let r = c.call("reset/pin", &[("pin", wrong)]).await;
            if attempt == 0 {
                assert_eq!(error(&r), serde_json::json!("WrongPin"));
            } else {
                assert_eq!(r.status, StatusCode::LOCKED, "{}", r.body);
            }
        }
    }
    let account = app.store().find_account(USER).await.unwrap().unwrap();
    assert!(account.locked_until.is_some());
    // Only completing the flow ends the run.
    let app = TestApp::with_user(backend, USER).await;
    let mut c = app.client();
    pass_totp(&app, &mut c).await;
    let (pin, _) = app.last_pin_to(super::PHONE).await;
    let wrong = if pin == "000000" { "111111" } else { "000000" };
    for _ in 0..3 {
        c.call("reset/pin", &[("pin", wrong)]).await;
    }
    let r = c.call("reset/pin", &[("pin", &pin)]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(
        app.store()
            .find_account(USER)
            .await
            .unwrap()
            .unwrap()
            .failed_attempts,
        3,
        "a passed factor leaves the run"
    );
    let r = new_password(&mut c).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let account = app.store().find_account(USER).await.unwrap().unwrap();
    assert_eq!((account.failed_attempts, account.failures_total), (0, 0));
}
on_both_backends!(holding_one_factor_buys_no_endless_guesses, alternating);

/// Anyone who knows a User ID can lock it again and again; its owner hears of it once a day,
/// and the audit log shows every lock with whether the owner was told.
async fn lock_email_throttle(backend: &str) {
    let app = TestApp::with_user(backend, USER).await;
    let mut c = app.client();
    for _ in 0..3 {
        let r = wrong_codes(&app, &mut c, USER, 5).await;
        assert_eq!(r[4].0, 423);
        app.state.clock.advance(3601);
    }
    assert_eq!(lock_emails(&app).await, 1, "one lock email a day");
    app.state.clock.advance(86400);
    wrong_codes(&app, &mut c, USER, 5).await;
    assert_eq!(
        lock_emails(&app).await,
        2,
        "a day later the owner is told again"
    );
    let details: Vec<String> = app
        .audit_of(USER)
        .await
        .into_iter()
        .filter(|e| e.event == "account.locked")
        .map(|e| e.detail)
        .collect();
    assert_eq!(details.len(), 4, "{details:?}");
    let told: Vec<bool> = details.iter().map(|d| d.contains("notice=sent")).collect();
    assert_eq!(told, [true, false, false, true], "{details:?}");
}
on_both_backends!(lock_emails_come_once_a_day, lock_email_throttle);

/// One client address may make only so many wrong guesses an hour over all User IDs; beyond
/// that it is refused before its guesses count against anyone.
async fn per_client(backend: &str) {
    let app = TestApp::new(backend, &[("KEYTURN_CLIENT_FAILURES_PER_HOUR", "6")]).await;
    app.add_user(USER, true).await;
    let mut attacker = app.client_from("198.51.100.20:1");
    for user_id in ["someone-a", "someone-b", "someone-c"] {
        let r = wrong_codes(&app, &mut attacker, user_id, 2).await;
        assert!(r.iter().all(|(s, _)| *s == 400), "{user_id}: {r:?}");
    }
    let r = wrong_codes(&app, &mut attacker, USER, 1).await;
    assert_eq!(r[0].0, 429, "{r:?}");
    assert_eq!(r[0].1, "\"RateLimited\"");
    let account = app.store().find_account(USER).await.unwrap().unwrap();
    assert_eq!(
        account.failed_attempts, 0,
        "a refused guess counts against nobody"
    );
    // The owner, from another address, is not held back.
    let mut owner = app.client();
    pass_totp(&app, &mut owner).await;
    assert_eq!(owner.step().await, "Pin");
    // An hour later the address may guess again.
    app.state.clock.advance(3601);
    let r = wrong_codes(&app, &mut attacker, "someone-d", 1).await;
    assert_eq!(r[0].0, 400, "{r:?}");
}
on_both_backends!(wrong_guesses_are_limited_per_client, per_client);

/// A guess whose count cannot be written is not compared: the right code is refused, the flow
/// stays where it was, and it works once counting works again.
async fn fail_closed(backend: &str) {
    let app = TestApp::with_user(backend, USER).await;
    let pool = app.store().pool();
    let (create, drop): (&[&str], &[&str]) = if backend == "sqlite" {
        (
            &[
                "CREATE TRIGGER no_counting BEFORE UPDATE OF failed_attempts ON accounts \
               BEGIN SELECT RAISE(ABORT, 'counting is down'); END",
            ],
            &["DROP TRIGGER no_counting"],
        )
    } else {
        (
            &[
                "CREATE FUNCTION refuse_counting() RETURNS trigger AS $$ \
                 BEGIN RAISE EXCEPTION 'counting is down'; END $$ LANGUAGE plpgsql",
                "CREATE TRIGGER no_counting BEFORE UPDATE OF failed_attempts ON accounts \
                 FOR EACH ROW EXECUTE FUNCTION refuse_counting()",
            ],
            &["DROP TRIGGER no_counting ON accounts"],
        )
    };
    for sql in create {
        sqlx::query(sql).execute(pool).await.unwrap();
    }
    let mut c = app.client();
    c.call("reset/start", &[("user_id", USER)]).await;
    let code = app.totp_code();
    let r = c.call("reset/authenticator", &[("code", &code)]).await;
    assert_eq!(r.status, StatusCode::INTERNAL_SERVER_ERROR, "{}", r.body);
    assert_eq!(c.step().await, "Authenticator", "the flow did not move on");
    for sql in drop {
        sqlx::query(sql).execute(pool).await.unwrap();
    }
    let r = c.call("reset/authenticator", &[("code", &code)]).await;
    assert_eq!(
        r.status,
        StatusCode::OK,
        "the code was never used: {}",
        r.body
    );
    assert_eq!(c.step().await, "Pin");
}
on_both_backends!(a_guess_that_cannot_be_counted_is_not_compared, fail_closed);

/// The flow's token is renewed at every passed factor: a token someone planted or saw before
/// the factors passed is void after them.
async fn rotation(backend: &str) {
    let app = TestApp::with_user(backend, USER).await;
    let mut c = app.client();
    c.call("reset/start", &[("user_id", USER)]).await;
    let cookie = |c: &Client| {
        c.cookie(super::FLOW_COOKIE)
            .expect("a flow cookie")
            .to_string()
    };
    let planted = cookie(&c);
    let r = c
        .call("reset/authenticator", &[("code", &app.totp_code())])
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let after_totp = cookie(&c);
    assert_ne!(planted, after_totp, "a new token once the code passed");
    let (pin, _) = app.last_pin_to(super::PHONE).await;
    let mut fixer = app.client_from("198.51.100.30:1");
    fixer.set_only_cookie(super::FLOW_COOKIE, &planted);
    assert_eq!(fixer.step().await, "UserId", "the planted token is void");
    let r = fixer.call("reset/pin", &[("pin", &pin)]).await;
    assert_ne!(r.status, StatusCode::OK, "{}", r.body);
    let r = c.call("reset/pin", &[("pin", &pin)]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_ne!(cookie(&c), after_totp, "and again after the PIN");
    assert_eq!(c.step().await, "NewPassword");
    fixer.set_only_cookie(super::FLOW_COOKIE, &after_totp);
    assert_eq!(fixer.step().await, "UserId");
}
on_both_backends!(the_flow_token_is_renewed_at_every_factor, rotation);

/// `KEYTURN_TOTP_SKEW`: by default the previous step's code is still accepted (a clock a little
/// behind, a code typed as it changed); at 0 only the current one.
async fn skew(backend: &str) {
    let secret = totp::decode_secret(TOTP_SECRET).unwrap();
    for (setting, accepted) in [("1", true), ("0", false)] {
        let app = TestApp::new(backend, &[("KEYTURN_TOTP_SKEW", setting)]).await;
        app.add_user(USER, true).await;
        let mut c = app.client();
        c.call("reset/start", &[("user_id", USER)]).await;
        // The codes are taken from the clock and checked a moment later: not in the last two
        // seconds of a 30-second step, so that the step cannot change in between.
        while app.state.clock.now() % 30 >= 28 {
            tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        }
        let previous = totp::code_at(&secret, app.state.clock.now() - 30);
        let r = c.call("reset/authenticator", &[("code", &previous)]).await;
        if accepted {
            assert_eq!(r.status, StatusCode::OK, "skew {setting}: {}", r.body);
        } else {
            assert_eq!(error(&r), serde_json::json!("WrongCode"), "skew {setting}");
        }
        // A code from the next step is never accepted.
        let next = totp::code_at(&secret, app.state.clock.now() + 30);
        let mut c = app.client_from("198.51.100.40:1");
        c.call("reset/start", &[("user_id", USER)]).await;
        let r = c.call("reset/authenticator", &[("code", &next)]).await;
        assert_eq!(error(&r), serde_json::json!("WrongCode"), "skew {setting}");
    }
}
on_both_backends!(the_authenticator_skew_is_a_setting, skew);

/// `KEYTURN_EMAIL_FACTOR=false`: email is no factor (NIST SP 800-63B): no "Alternative
/// Authentication", no switch to email on the PIN step.
async fn no_email_factor(backend: &str) {
    let app = TestApp::new(backend, &[("KEYTURN_EMAIL_FACTOR", "false")]).await;
    app.add_user(USER, true).await;
    let mut c = app.client();
    c.call("reset/start", &[("user_id", USER)]).await;
    let state = c.state().await;
    assert_eq!(
        state["step"]["Authenticator"]["alternative"], false,
        "{state}"
    );
    let page = c.get("/reset").await;
    assert!(
        !page.body.contains("Alternative Authentication"),
        "{}",
        page.body
    );
    let r = c.call("reset/alternative", &[]).await;
    assert_ne!(r.status, StatusCode::OK, "{}", r.body);
    let r = c
        .call("reset/authenticator", &[("code", &app.totp_code())])
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let state = c.state().await;
    assert_eq!(state["step"]["Pin"]["can_switch"], false, "{state}");
    let r = c.call("reset/alternative", &[]).await;
    assert_ne!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(app.messages_to(EMAIL).await, 0, "nothing went by email");
}
on_both_backends!(email_can_be_refused_as_a_factor, no_email_factor);
