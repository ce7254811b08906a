//! The link: opening it changes nothing; "Continue" uses it exactly once, even fifty at a
//! time; it expires; a newer request voids it; it is built on the public URL whatever the
//! request's headers; a temporary-password email that cannot be sent leaves the link usable and
//! no temporary password behind; and with `KEYTURN_EMAIL_RESET=false` none of it exists.

use axum::http::StatusCode;

use super::*;

/// The link row as stored: when it was sent, used, and until when it works.
async fn link_row(app: &TestApp) -> (Option<i64>, Option<i64>, i64) {
    sqlx::query_as("SELECT sent_at, used_at, expires_at FROM reset_links")
        .fetch_one(app.store().pool())
        .await
        .unwrap()
}

async fn link_state(c: &mut Client, token: &str) -> serde_json::Value {
    c.call("email-reset/link", &[("token", token)]).await.json()
}

async fn opening_changes_nothing(backend: &str) {
    let (app, sink) = app(backend, &[]).await;
    let mut c = app.client();
    let token = link(&sink, &mut c, 1).await;
    let before = link_row(&app).await;
    assert!(before.0.is_some() && before.1.is_none(), "{before:?}");
    for _ in 0..5 {
        let page = c.get(&format!("/email-reset/link?token={token}")).await;
        assert!(page.body.contains("Get a temporary password"));
        assert_eq!(link_state(&mut c, &token).await, "Live");
    }
    assert_eq!(link_row(&app).await, before);
    assert_eq!(rows(&app, "temporary_passwords").await, 0);
    assert_eq!(sink.mails_to(EMAIL).len(), 2, "nothing sent by opening");
    // A token that is not ours, or none, is a link that cannot be used.
    assert_eq!(link_state(&mut c, &"0".repeat(64)).await, "Gone");
    assert_eq!(link_state(&mut c, "../../etc").await, "Gone");
    let page = c.get("/email-reset/link").await;
    assert!(page.body.contains("This link can no longer be used"));
}
on_both_backends!(opening_the_link_changes_nothing, opening_changes_nothing);

async fn fifty_at_once(backend: &str) {
    let (app, sink) = app(backend, &[]).await;
    let mut c = app.client();
    let token = link(&sink, &mut c, 1).await;
    let mut tasks = Vec::new();
    for i in 0..50 {
        let mut c = app.client_from(&format!("198.51.100.{}:{}", i + 1, 1000 + i));
        let token = token.clone();
        tasks.push(tokio::spawn(async move { redeem(&mut c, &token).await }));
    }
    let mut ok = 0;
    for task in tasks {
        let r = task.await.unwrap();
        match r.status {
            StatusCode::OK => ok += 1,
            StatusCode::GONE => assert_eq!(r.json(), serde_json::json!("LinkGone")),
            other => panic!("{other}: {}", r.body),
        }
    }
    assert_eq!(ok, 1, "exactly one Continue uses the link");
    sink.wait_for(EMAIL, TEMPORARY, 1).await;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let temporaries = sink
        .mails_to(EMAIL)
        .iter()
        .filter(|m| m.subject == TEMPORARY)
        .count();
    assert_eq!(temporaries, 1, "exactly one temporary password");
    assert_eq!(rows(&app, "temporary_passwords").await, 1);
}
on_both_backends!(fifty_concurrent_continues_make_one_password, fifty_at_once);

async fn expired(backend: &str) {
    let (app, sink) = app(backend, &[]).await;
    let mut c = app.client();
    let token = link(&sink, &mut c, 1).await;
    app.state.clock.advance(29 * 60);
    assert_eq!(link_state(&mut c, &token).await, "Live");
    app.state.clock.advance(60 + 1);
    assert_eq!(link_state(&mut c, &token).await, "Gone");
    let r = redeem(&mut c, &token).await;
    assert_eq!(r.status, StatusCode::GONE);
    let page = c.get(&format!("/email-reset/link?token={token}")).await;
    assert!(page.body.contains("This link can no longer be used"));
    assert!(page.body.contains("Ask for a new link"));
    assert_eq!(rows(&app, "temporary_passwords").await, 0);
}
on_both_backends!(an_expired_link_says_so, expired);

async fn replaced(backend: &str) {
    let (app, sink) = app(backend, &[]).await;
    let mut c = app.client();
    let first = link(&sink, &mut c, 1).await;
    let second = link(&sink, &mut c, 2).await;
    assert_ne!(first, second);
    assert_eq!(link_state(&mut c, &first).await, "Gone");
    assert_eq!(redeem(&mut c, &first).await.status, StatusCode::GONE);
    assert_eq!(rows(&app, "reset_links").await, 1, "one link per account");
    assert_eq!(redeem(&mut c, &second).await.status, StatusCode::OK);
}
on_both_backends!(a_second_request_voids_the_first_link, replaced);

async fn headers_ignored(backend: &str) {
    let (app, sink) = app(backend, &[]).await;
    let mut c = app.client();
    let r = c
        .request_with(
            "POST",
            "/api/email-reset/request",
            &[("user_id", USER), ("email", EMAIL)],
            &[
                ("host", "evil.example"),
                ("x-forwarded-host", "evil.example"),
                ("x-forwarded-proto", "http"),
                ("forwarded", "host=evil.example;proto=http"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let mail = sink.wait_for(EMAIL, LINK, 1).await;
    assert!(!mail.body.contains("evil"), "{}", mail.body);
    token_in(&mail);
}
on_both_backends!(links_ignore_host_and_forwarded_headers, headers_ignored);

async fn temporary_not_sent(backend: &str) {
    let (app, sink) = app(backend, &[]).await;
    let mut c = app.client();
    let token = link(&sink, &mut c, 1).await;
    sink.set_down(true);
    let r = redeem(&mut c, &token).await;
    assert_eq!(r.status, StatusCode::SERVICE_UNAVAILABLE, "{}", r.body);
    assert_eq!(r.json(), serde_json::json!("EmailNotSent"));
    assert_eq!(rows(&app, "temporary_passwords").await, 0);
    assert_eq!(
        link_state(&mut c, &token).await,
        "Live",
        "the link still works"
    );
    assert!(events(&app)
        .await
        .contains(&"temporary_password.delivery_failed".to_string()));
    // Without JavaScript the page comes back with "Continue" to try again.
    let r = form_post(&mut c, "email-reset/redeem", &[("token", &token)]).await;
    let location = r.headers["location"].to_str().unwrap().to_string();
    assert!(
        location.starts_with(&format!("/email-reset/link?token={token}")),
        "{location}"
    );
    sink.set_down(false);
    assert_eq!(redeem(&mut c, &token).await.status, StatusCode::OK);
    sink.wait_for(EMAIL, TEMPORARY, 1).await;
}
on_both_backends!(a_temporary_password_that_cannot_be_sent, temporary_not_sent);

async fn turned_off(backend: &str) {
    let (app, _sink) = app(backend, &[("KEYTURN_EMAIL_RESET", "false")]).await;
    let mut c = app.client();
    let signin = c.get("/").await;
    assert_eq!(signin.status, StatusCode::OK);
    assert!(signin.body.contains("Password locked or forgotten?"));
    assert!(
        !signin.body.contains("forgotten my password"),
        "{}",
        signin.body
    );
    for path in [
        "/email-reset",
        "/email-reset/sent",
        "/email-reset/link?token=x",
    ] {
        assert_eq!(c.get(path).await.status, StatusCode::NOT_FOUND, "{path}");
    }
    assert_eq!(
        request(&mut c, USER, EMAIL).await.status,
        StatusCode::NOT_FOUND
    );
    let store = app.store();
    let err = crate::testkit::admin::reset_link(store, &app.state.config, USER, 0)
        .await
        .unwrap_err();
    assert!(
        err.to_string().contains("KEYTURN_EMAIL_RESET=false"),
        "{err}"
    );
    // On (the default), the sign-in page links to it.
    let (app, _sink) = super::app(backend, &[]).await;
    let signin = app.client().get("/").await;
    assert!(
        signin.body.contains("I&#x27;ve forgotten my password")
            || signin.body.contains("I've forgotten my password"),
        "{}",
        signin.body
    );
}
on_both_backends!(turned_off_it_does_not_exist, turned_off);

/// `keyturn user reset-link`: a link live at once, under the same rules, audited.
async fn help_desk(backend: &str) {
    let (app, sink) = app(backend, &[]).await;
    let mut c = app.client();
    let emailed = link(&sink, &mut c, 1).await;
    let link = crate::testkit::admin::reset_link(
        app.store(),
        &app.state.config,
        "GWEN",
        app.state.clock.now(),
    )
    .await
    .unwrap();
    let link = link.expose().to_string();
    assert!(link.starts_with(LINK_PREFIX), "{link}");
    let token = &link[LINK_PREFIX.len()..];
    assert_eq!(
        link_state(&mut c, &emailed).await,
        "Gone",
        "the emailed link is void"
    );
    assert_eq!(link_state(&mut c, token).await, "Live");
    assert!(events(&app)
        .await
        .contains(&"email_reset.link_issued".to_string()));
    assert_eq!(redeem(&mut c, token).await.status, StatusCode::OK);
    assert_eq!(redeem(&mut c, token).await.status, StatusCode::GONE);
    let err = crate::testkit::admin::reset_link(app.store(), &app.state.config, "nobody", 0)
        .await
        .unwrap_err();
    assert!(err.to_string().contains("no user"), "{err}");
}
on_both_backends!(a_help_desk_link, help_desk);
