//! Two languages: `Accept-Language` picks, the language switch (a plain form) overrides it with
//! a cookie, `<html lang>` follows, and the switch cannot be turned into an open redirect.

use axum::http::StatusCode;

use crate::testkit::*;

#[tokio::test]
async fn accept_language_picks_and_the_switch_overrides() {
    let app = TestApp::new("sqlite", &[]).await;
    let mut c = app.client();

    let english = c.get("/").await;
    assert!(
        english.body.contains("<html lang=\"en\""),
        "{}",
        &english.body[..200]
    );
    assert!(english.body.contains("<h1 tabindex=\"-1\">Sign in</h1>"));

    let german = c
        .request_with(
            "GET",
            "/",
            &[],
            &[("accept-language", "de-DE,de;q=0.9,en;q=0.5")],
        )
        .await;
    assert!(
        german.body.contains("<html lang=\"de\""),
        "{}",
        &german.body[..200]
    );
    assert!(
        german.body.contains("Sprache"),
        "the switch is labelled in German"
    );
    assert!(!german.body.contains("<h1 tabindex=\"-1\">Sign in</h1>"));

    // An unknown language first, then one we have: the one we have.
    let fallback = c
        .request_with("GET", "/", &[], &[("accept-language", "fr-FR, de;q=0.8")])
        .await;
    assert!(fallback.body.contains("<html lang=\"de\""));

    // The switch: a form post from this site, answered by "303 See Other" back to the page.
    let switched = c
        .request_with(
            "POST",
            "/language",
            &[("lang", "de"), ("back", "/reset?step=1")],
            &[("sec-fetch-site", "same-origin")],
        )
        .await;
    assert_eq!(switched.status, StatusCode::SEE_OTHER, "{}", switched.body);
    assert_eq!(switched.headers.get("location").unwrap(), "/reset?step=1");
    assert_eq!(c.cookie("i18n_pref_locale"), Some("de"));
    let cookie = switched
        .headers
        .get("set-cookie")
        .unwrap()
        .to_str()
        .unwrap();
    assert!(
        cookie.contains("Path=/") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );

    // The cookie wins over the browser's own languages.
    let page = c
        .request_with("GET", "/reset", &[], &[("accept-language", "en-US,en")])
        .await;
    assert!(page.body.contains("<html lang=\"de\""));
    assert!(
        !page.body.contains("Enter your User ID"),
        "the wizard speaks German"
    );

    // And back to English.
    c.request_with(
        "POST",
        "/language",
        &[("lang", "en"), ("back", "/reset")],
        &[("sec-fetch-site", "same-origin")],
    )
    .await;
    let page = c.get("/reset").await;
    assert!(page.body.contains("<html lang=\"en\""));
    assert!(page.body.contains("Enter your User ID"));
}

#[tokio::test]
async fn the_switch_refuses_what_it_should() {
    let app = TestApp::new("sqlite", &[]).await;
    let mut c = app.client();
    let same_site = [("sec-fetch-site", "same-origin")];

    // Only a path on this site is followed back.
    for back in [
        "//evil.example/x",
        "/\\evil.example",
        "https://evil.example/",
        "",
        "reset",
    ] {
        let r = c
            .request_with(
                "POST",
                "/language",
                &[("lang", "de"), ("back", back)],
                &same_site,
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{back:?}");
        assert_eq!(r.headers.get("location").unwrap(), "/", "{back:?}");
    }

    // An unknown language sets nothing.
    let mut fresh = app.client();
    let r = fresh
        .request_with(
            "POST",
            "/language",
            &[("lang", "xx"), ("back", "/")],
            &same_site,
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.body.contains("Unknown language"), "{}", r.body);
    assert_eq!(fresh.cookie("i18n_pref_locale"), None);

    // Posted from another site: refused like every other state-changing request.
    let r = fresh
        .request_with(
            "POST",
            "/language",
            &[("lang", "de"), ("back", "/")],
            &[("sec-fetch-site", "cross-site")],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(fresh.cookie("i18n_pref_locale"), None);
}

/// A person whose browser asks for German gets the PIN in German, in both channels, and the
/// English of the same message is unchanged.
#[tokio::test]
async fn messages_are_written_in_the_language_of_the_request() {
    const USER: &str = "dana";
    const EMAIL: &str = "dana@example.com";
    let app = TestApp::with_user("sqlite", USER).await;
    let german = [("accept-language", "de")];

    let mut c = app.client();
    let r = c
        .request_with("POST", "/api/reset/start", &[("user_id", USER)], &german)
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let r = c
        .request_with("POST", "/api/reset/alternative", &[], &german)
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let email = app.last_message_to(EMAIL).await.expect("a PIN by email");
    assert!(
        email.subject.starts_with("Ihre Einmal-PIN (Referenz "),
        "{}",
        email.subject
    );
    assert!(email.body.contains("\nReferenz: "), "{}", email.body);
    assert!(email.body.contains("Minuten gültig"), "{}", email.body);
    assert!(!email.body.contains("Reference"), "{}", email.body);

    // The same in English, from a browser that asks for nothing in particular.
    let mut c = app.client_from("203.0.113.8:50000");
    c.call("reset/start", &[("user_id", USER)]).await;
    c.call("reset/alternative", &[]).await;
    let email = app.last_message_to(EMAIL).await.expect("a PIN by email");
    assert!(
        email.subject.starts_with("Your one-time PIN (reference "),
        "{}",
        email.subject
    );
    assert!(email.body.contains("\nReference: "), "{}", email.body);
}
