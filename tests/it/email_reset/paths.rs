//! The whole path: the request, the two emails, the link's page, "Continue", the temporary
//! password, the sign-in with it and its second factor, the forced change; and the same path
//! without JavaScript (plain form posts and redirects).

use axum::http::StatusCode;

use super::*;
use crate::testkit::passwords::verify_now;

async fn whole_path(backend: &str) {
    let (app, sink) = app(backend, &[]).await;
    let account = app.store().find_account(USER).await.unwrap().unwrap();
    // Another browser is signed in: the change will end its session.
    let mut other = app.client_from("198.51.100.9:4000");
    sign_in(&app, &mut other, OLD_PASSWORD).await.unwrap();

    let mut c = app.client();
    let r = request(&mut c, " Gwen ", "gwen@EXAMPLE.com").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);

    // Email 1: when, from where, what to do if it was not you.
    let notice = sink.wait_for(EMAIL, NOTICE, 1).await;
    assert!(notice.body.contains("203.0.113.7"), "{}", notice.body);
    assert!(notice.body.contains(" UTC"), "{}", notice.body);
    assert!(notice.body.contains("If it was not you"), "{}", notice.body);
    assert!(!notice.body.contains("https://"), "{}", notice.body);
    // Email 2: one link, on the public URL.
    let mail = sink.wait_for(EMAIL, LINK, 1).await;
    let token = token_in(&mail);
    assert!(token.bytes().all(|b| b.is_ascii_hexdigit()), "{token}");
    until_live(&mut c, &token).await;
    // Stored only as a keyed hash.
    let stored: Vec<Vec<u8>> = sqlx::query_scalar("SELECT token_hash FROM reset_links")
        .fetch_all(app.store().pool())
        .await
        .unwrap();
    assert_eq!(stored.len(), 1);
    assert_ne!(stored[0], token.as_bytes());
    assert!(!String::from_utf8_lossy(&stored[0]).contains(&token));

    // The link's page: "Get a temporary password", never cached, no referrer.
    let page = c.get(&format!("/email-reset/link?token={token}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("Get a temporary password"),
        "{}",
        page.body
    );
    assert!(page.body.contains(">Continue<"), "{}", page.body);
    assert_eq!(page.headers["cache-control"], "no-store");
    assert_eq!(page.headers["referrer-policy"], "no-referrer");
    assert_eq!(rows(&app, "temporary_passwords").await, 0);

    // "Continue": email 3 with the temporary password, stored as an argon2id hash.
    let r = redeem(&mut c, &token).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let temporary = temporary_in(&sink.wait_for(EMAIL, TEMPORARY, 1).await);
    assert_eq!(temporary.len(), 19, "{temporary}");
    let hash: String = sqlx::query_scalar("SELECT password_hash FROM temporary_passwords")
        .fetch_one(app.store().pool())
        .await
        .unwrap();
    assert!(
        hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
        "{hash}"
    );
    assert!(verify_now(&temporary, &hash));
    // The lasting password is untouched until the change.
    let now = app.store().find_account(USER).await.unwrap().unwrap();
    assert_eq!(now.password_hash, account.password_hash);
    // Used: the link works no more.
    let r = redeem(&mut c, &token).await;
    assert_eq!(r.status, StatusCode::GONE);
    assert_eq!(r.json(), serde_json::json!("LinkGone"));

    // Sign in with it: the second factor as always, then only the forced change.
    let r = c
        .call("signin", &[("user_id", USER), ("password", &temporary)])
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let state = c.call("signin/state", &[]).await.json();
    assert!(state.get("Authenticator").is_some(), "{state}");
    app.state.clock.advance(30);
    let r = c
        .call("signin/authenticator", &[("code", &app.totp_code())])
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let view = c.call("account/state", &[]).await.json();
    assert_eq!(view["must_change_password"], true, "{view}");
    let r = c.call("account/activity", &[]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(r.json(), serde_json::json!("PasswordChangeRequired"));
    // The temporary password never becomes the lasting one.
    let r = c
        .call(
            "account/password",
            &[
                ("current_password", &temporary),
                ("new_password", &temporary.to_lowercase()),
                ("confirm_password", &temporary.to_lowercase()),
            ],
        )
        .await;
    assert_eq!(
        r.json(),
        serde_json::json!({"PasswordRejected": ["NotRecent"]})
    );
    // "Current password" is the temporary one, not the old lasting one.
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
    assert_eq!(r.json(), serde_json::json!("WrongPassword"));
    let r = c
        .call(
            "account/password",
            &[
                ("current_password", &temporary),
                ("new_password", NEW_PASSWORD),
                ("confirm_password", NEW_PASSWORD),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let view = c.call("account/state", &[]).await.json();
    assert_eq!(view["must_change_password"], false, "{view}");

    // What the database holds now: the new password, no temporary one, no link; the old
    // password in the history; the other session gone; a notice sent.
    let after = app.store().find_account(USER).await.unwrap().unwrap();
    assert!(verify_now(
        NEW_PASSWORD,
        after.password_hash.as_deref().unwrap()
    ));
    assert_eq!(rows(&app, "temporary_passwords").await, 0);
    assert_eq!(rows(&app, "reset_links").await, 0);
    assert_eq!(app.store().count_sessions(account.id).await.unwrap(), 1);
    assert_eq!(
        other.call("account/state", &[]).await.status,
        StatusCode::UNAUTHORIZED
    );
    sink.wait_for(EMAIL, "Your password was changed", 1).await;
    let events = events(&app).await;
    let order = [
        "email_reset.requested",
        "email_reset.link_sent",
        "temporary_password.sent",
        "signin.password.accepted",
        "signin.succeeded",
        "password.changed.temporary",
    ];
    let mut at = 0;
    for event in order {
        at += events[at..]
            .iter()
            .position(|e| e == event)
            .unwrap_or_else(|| panic!("{event} after {at} in {events:?}"));
    }
    // Neither password signs in now but the new one.
    let mut c = app.client();
    assert!(sign_in(&app, &mut c, &temporary).await.is_err());
    assert!(sign_in(&app, &mut c, OLD_PASSWORD).await.is_err());
    assert!(sign_in(&app, &mut c, NEW_PASSWORD).await.is_ok());
}
on_both_backends!(whole_path_with_real_email, whole_path);

/// Without JavaScript: each form posts, the server redirects to the next plain page, and the
/// token is never put back in an address.
async fn no_script(backend: &str) {
    let (app, sink) = app(backend, &[]).await;
    let mut c = app.client();
    let r = form_post(
        &mut c,
        "email-reset/request",
        &[("user_id", USER), ("email", EMAIL)],
    )
    .await;
    assert_eq!(r.status, StatusCode::FOUND, "{}", r.body);
    assert_eq!(r.headers["location"], "/email-reset/sent");
    let page = c.get("/email-reset/sent").await;
    assert!(page.body.contains("Check your email"));
    assert!(page.body.contains(
        "If the User ID and email address match an account, we have sent two emails to that address."
    ));
    let token = token_in(&sink.wait_for(EMAIL, LINK, 1).await);
    until_live(&mut c, &token).await;
    let r = form_post(&mut c, "email-reset/redeem", &[("token", &token)]).await;
    assert_eq!(r.status, StatusCode::FOUND, "{}", r.body);
    assert_eq!(r.headers["location"], "/email-reset/done");
    let page = c.get("/email-reset/done").await;
    assert!(page.body.contains("Check your email"));
    assert!(page.body.contains(">Sign in<"), "{}", page.body);
    sink.wait_for(EMAIL, TEMPORARY, 1).await;
    // A spent link: back to the plain page, which says so.
    let r = form_post(&mut c, "email-reset/redeem", &[("token", &token)]).await;
    assert_eq!(r.status, StatusCode::FOUND);
    let location = r.headers["location"].to_str().unwrap().to_string();
    assert!(location.starts_with("/email-reset/link?"), "{location}");
    assert!(!location.contains(&token), "{location}");
    let page = c.get(&location).await;
    assert!(
        page.body.contains("This link can no longer be used"),
        "{}",
        page.body
    );
    assert!(page.body.contains("Ask for a new link"));
}
on_both_backends!(without_javascript, no_script);
