//! Nobody can tell from the answer whether a request matched: an unknown User ID, another
//! address (or another case of its local part), a locked account, an account over its hourly
//! limit and a mail server that is down all get the match's answer byte for byte, hydrated and
//! without JavaScript. Only a match sends anything. (The timing comparison is the `reset`
//! benchmark's "email reset request" lines.)

use axum::http::StatusCode;

use super::*;

/// What the person's browser gets: status, body and the headers that could differ.
async fn answer(c: &mut Client, user_id: &str, email: &str) -> (String, String) {
    let hydrated = request(c, user_id, email).await;
    let plain = form_post(
        c,
        "email-reset/request",
        &[("user_id", user_id), ("email", email)],
    )
    .await;
    let show = |r: &Reply| {
        let mut headers: Vec<String> = r
            .headers
            .iter()
            // The date and the request id differ for every answer alike.
            .filter(|(name, _)| *name != "date" && *name != "x-request-id")
            .map(|(name, value)| format!("{name}: {}", value.to_str().unwrap()))
            .collect();
        headers.sort();
        format!("{} {} {}", r.status, headers.join("|"), r.body)
    };
    (show(&hydrated), show(&plain))
}

async fn same_answer(backend: &str) {
    let (app, sink) = app(backend, &[("KEYTURN_RESET_LINKS_PER_HOUR", "2")]).await;
    app.add_user("hana", true).await;
    let hana = app.store().find_account("hana").await.unwrap().unwrap();
    sqlx::query("UPDATE accounts SET locked_until = $1 WHERE id = $2")
        .bind(app.state.clock.now() + 3600)
        .bind(hana.id)
        .execute(app.store().pool())
        .await
        .unwrap();
    let mut c = app.client();

    // The match: answered, and two emails sent.
    let matched = answer(&mut c, USER, EMAIL).await;
    assert!(matched.0.starts_with("200 "), "{}", matched.0);
    assert!(matched.1.starts_with("302 "), "{}", matched.1);
    assert!(
        matched.1.contains("location: /email-reset/sent"),
        "{}",
        matched.1
    );
    sink.wait_for(EMAIL, LINK, 2).await;
    // Over the limit now (two per hour here): the same answer, nothing more sent.
    let over = answer(&mut c, USER, EMAIL).await;
    assert_eq!(over, matched, "over the hourly limit");
    for (user_id, email, what) in [
        ("nobody", "nobody@example.com", "unknown User ID"),
        (USER, "someone@example.com", "another address"),
        (USER, "Gwen@example.com", "the local part in another case"),
        ("hana", "hana@example.com", "a locked account"),
        (&"x".repeat(300), EMAIL, "a User ID too long to exist"),
    ] {
        assert_eq!(answer(&mut c, user_id, email).await, matched, "{what}");
    }
    // Let the follow-ups finish, then count: four emails for the two matches, none other.
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    assert_eq!(sink.mails_to(EMAIL).len(), 4);
    assert!(sink.mails_to("hana@example.com").is_empty());
    assert!(sink.mails_to("someone@example.com").is_empty());
    assert_eq!(sink.count(), 4);
    // Each refusal is audited with its reason, for the operator.
    let reasons: Vec<String> = sqlx::query_scalar(
        "SELECT detail FROM audit_events WHERE event = 'email_reset.refused' ORDER BY id",
    )
    .fetch_all(app.store().pool())
    .await
    .unwrap();
    for reason in ["over_limit", "unknown", "email_mismatch", "locked"] {
        assert!(
            reasons.iter().any(|r| r == reason),
            "{reason} in {reasons:?}"
        );
    }

    // Blank or malformed fields are told (that says nothing about any account).
    let r = request(&mut c, "", EMAIL).await;
    assert_eq!(r.json(), serde_json::json!({"Invalid": "UserIdMissing"}));
    let r = request(&mut c, USER, "not an address").await;
    assert_eq!(r.json(), serde_json::json!({"Invalid": "EmailFormat"}));
}
on_both_backends!(same_answer_whatever_was_typed, same_answer);

/// A mail server that is down: the same answer, the failure audited, and no live link left
/// behind; the request is not counted against the hourly limit.
async fn mail_down(backend: &str) {
    let (app, sink) = app(backend, &[("KEYTURN_RESET_LINKS_PER_HOUR", "2")]).await;
    let mut c = app.client();
    let matched = answer(&mut app.client_from("203.0.113.8:1"), "nobody", EMAIL).await;
    sink.set_down(true);
    assert_eq!(answer(&mut c, USER, EMAIL).await, matched);
    let mut failed = 0;
    for _ in 0..100 {
        failed = events(&app)
            .await
            .iter()
            .filter(|e| *e == "email_reset.delivery_failed")
            .count();
        if failed == 2 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(failed, 2, "both requests (hydrated and plain) audited");
    assert_eq!(
        rows(&app, "reset_links").await,
        0,
        "no token without its email"
    );
    assert_eq!(sink.count(), 0);
    // Back up: the limit of two per hour was not used up by the failures.
    sink.set_down(false);
    link(&sink, &mut c, 1).await;
    let token = link(&sink, &mut c, 2).await;
    assert_eq!(redeem(&mut c, &token).await.status, StatusCode::OK);
}
on_both_backends!(mail_server_down, mail_down);
