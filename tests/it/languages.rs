//! Two languages: `Accept-Language` picks, the language switch (a plain form) overrides it with
//! a cookie, `<html lang>` follows, and the switch cannot be turned into an open redirect.

use axum::http::StatusCode;

use crate::testkit::*;

/// What a browser that asks for German sends.
const GERMAN: &[(&str, &str)] = &[("accept-language", "de")];

/// A server function call from a browser that asks for German; the answer must be 200.
async fn in_german(c: &mut Client, function: &str, form: &[(&str, &str)]) {
    call_with(c, function, form, GERMAN).await;
}

/// A server function call with `headers`; the answer must be 200.
async fn call_with(
    c: &mut Client,
    function: &str,
    form: &[(&str, &str)],
    headers: &[(&str, &str)],
) {
    let r = c
        .request_with("POST", &format!("/api/{function}"), form, headers)
        .await;
    assert_eq!(r.status, StatusCode::OK, "{function}: {}", r.body);
}

/// Starts a reset for `user_id` and asks for its PIN by email ("Alternative Authentication"),
/// both with `headers`; returns the email that arrives at `email`.
async fn pin_by_email(
    app: &TestApp,
    c: &mut Client,
    user_id: &str,
    email: &str,
    headers: &[(&str, &str)],
) -> store::OutboxRow {
    call_with(c, "reset/start", &[("user_id", user_id)], headers).await;
    call_with(c, "reset/alternative", &[], headers).await;
    app.last_message_to(email).await.expect("a PIN by email")
}

/// The language recorded as the owner's on `user_id`'s account.
async fn recorded_language(app: &TestApp, user_id: &str) -> Option<String> {
    let account = app.store().find_account(user_id).await.unwrap();
    account.expect("the account").language
}

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
        cookie.contains("Path=/") && cookie.contains("SameSite=Lax") && cookie.contains("HttpOnly"),
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
    // A page differs by language and cookie, and says so to any cache on the way.
    let vary = page.headers.get("vary").expect("a Vary header");
    assert!(
        vary.to_str().unwrap().contains("Accept-Language, Cookie"),
        "{vary:?}"
    );
    // The common-password list is the same for everyone and stays cacheable as it is.
    let list = c.get("/common-passwords.txt").await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(
        !list
            .headers
            .get_all("vary")
            .iter()
            .any(|v| v.to_str().unwrap().contains("Cookie")),
        "{:?}",
        list.headers
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

    // No language, or two: the same clear answer, and nothing set.
    for form in [
        &[("back", "/")][..],
        &[("lang", "de"), ("lang", "en"), ("back", "/")][..],
    ] {
        let r = fresh
            .request_with("POST", "/language", form, &same_site)
            .await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{form:?}");
        assert!(r.body.contains("Unknown language"), "{}", r.body);
        assert_eq!(fresh.cookie("i18n_pref_locale"), None);
    }

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

    let email = pin_by_email(&app, &mut app.client(), USER, EMAIL, GERMAN).await;
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
    let email = pin_by_email(&app, &mut c, USER, EMAIL, &[]).await;
    assert!(
        email.subject.starts_with("Your one-time PIN (reference "),
        "{}",
        email.subject
    );
    assert!(email.body.contains("\nReference: "), "{}", email.body);
}

/// The switch on a page whose address has a query (the reset link's page holds its token there)
/// brings the person back to that very address: the page's own form says where, and the server
/// follows it.
#[tokio::test]
async fn the_switch_comes_back_to_the_address_with_its_query() {
    let app = TestApp::new("sqlite", &[]).await;
    let mut c = app.client();
    let page = c.get("/email-reset/link?token=abc123").await;
    let back = hidden_back(&page.body);
    assert_eq!(back, "/email-reset/link?token=abc123");

    let r = c
        .request_with(
            "POST",
            "/language",
            &[("lang", "de"), ("back", &back)],
            &[("sec-fetch-site", "same-origin")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(
        r.headers.get("location").unwrap(),
        "/email-reset/link?token=abc123"
    );

    // A page without a query comes back without a stray "?".
    let page = c.get("/reset").await;
    assert_eq!(hidden_back(&page.body), "/reset");
}

/// The value of the language switch's hidden `back` field in a page.
fn hidden_back(page: &str) -> String {
    let field = page
        .split("<input")
        .find(|tag| tag.contains(r#"name="back""#))
        .expect("the language switch's back field");
    let value = field.split(r#"value=""#).nth(1).expect("a value");
    value[..value.find('"').unwrap()].replace("&amp;", "&")
}

/// Without `KEYTURN_SUPPORT_CONTACT`, each language names the help desk in its own words, so a
/// German message does not carry an English phrase.
#[tokio::test]
async fn the_default_support_contact_is_in_the_language_of_the_message() {
    const USER: &str = "emil";
    const EMAIL: &str = "emil@example.com";
    let app = TestApp::new("sqlite", &[("KEYTURN_SUPPORT_CONTACT", "")]).await;
    app.add_user(USER, true).await;

    let email = pin_by_email(&app, &mut app.client(), USER, EMAIL, GERMAN).await;
    assert!(
        email.body.contains("informieren Sie Ihren IT-Helpdesk."),
        "{}",
        email.body
    );
    assert!(!email.body.contains("help desk"), "{}", email.body);

    let mut c = app.client_from("203.0.113.8:50000");
    let email = pin_by_email(&app, &mut c, USER, EMAIL, &[]).await;
    assert!(
        email.body.contains("tell your IT help desk."),
        "{}",
        email.body
    );
}

/// The messages a stranger who knows the User ID can cause go out in the language the owner last
/// used when they proved who they are, not in the stranger's: the owner signs in in German, and
/// a PIN, a lockout notice and the reset-by-email notice and link asked for from an English
/// browser all arrive in German.
async fn owners_language(backend: &str) {
    const USER: &str = "frida";
    const EMAIL: &str = "frida@example.com";
    let app = TestApp::new(backend, &[("KEYTURN_LOCKOUT_THRESHOLD", "3")]).await;
    app.add_user(USER, true).await;
    assert_eq!(recorded_language(&app, USER).await, None);

    // The owner signs in from a German browser.
    let mut owner = app.client();
    let password = [("user_id", USER), ("password", OLD_PASSWORD)];
    in_german(&mut owner, "signin", &password).await;
    in_german(
        &mut owner,
        "signin/authenticator",
        &[("code", &app.totp_code())],
    )
    .await;
    assert_eq!(recorded_language(&app, USER).await.as_deref(), Some("de"));

    // A stranger, from an English browser, asks for a PIN by email ...
    let mut stranger = app.client_from("198.51.100.4:40000");
    let pin = pin_by_email(&app, &mut stranger, USER, EMAIL, &[]).await;
    assert!(
        pin.subject.starts_with("Ihre Einmal-PIN"),
        "{}",
        pin.subject
    );

    // ... guesses until the account locks ...
    let real = &pin.body.split("PIN: ").nth(1).expect("the PIN")[..6];
    let wrong = if real == "000000" { "111111" } else { "000000" };
    for _ in 0..3 {
        stranger.call("reset/pin", &[("pin", wrong)]).await;
    }
    let notice = app.last_message_to(EMAIL).await.expect("a lockout notice");
    assert_eq!(
        notice.subject, "Ihr Konto wurde gesperrt",
        "{}",
        notice.body
    );

    // ... and asks for a reset by email (answered alike whatever the account).
    app.store()
        .unlock_account(USER, app.state.clock.now())
        .await
        .unwrap();
    let r = stranger
        .call(
            "email-reset/request",
            &[("user_id", USER), ("email", EMAIL)],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    app.state.delivery.settled().await;
    let subjects: Vec<String> = app
        .store()
        .outbox_rows(500)
        .await
        .unwrap()
        .into_iter()
        .filter(|m| m.recipient == EMAIL)
        .take(2)
        .map(|m| m.subject)
        .collect();
    assert!(
        subjects.contains(&"Ein Zurücksetzen des Passworts wurde angefordert".to_string())
            && subjects.contains(&"Ihr Link zum Zurücksetzen des Passworts".to_string()),
        "{subjects:?}"
    );
}

/// Finishing a reset records the language it was done in as the owner's, as signing in does.
async fn reset_records_language(backend: &str) {
    const USER: &str = "greta";
    const PHONE: &str = "+15551234567";
    let app = TestApp::new(backend, &[]).await;
    app.add_user(USER, true).await;
    let mut c = app.client();
    in_german(&mut c, "reset/start", &[("user_id", USER)]).await;
    in_german(&mut c, "reset/authenticator", &[("code", &app.totp_code())]).await;
    in_german(&mut c, "reset/state", &[]).await;
    let sms = app.last_message_to(PHONE).await.expect("a PIN by SMS");
    assert!(sms.body.contains("Referenz"), "{}", sms.body);
    let pin = &sms.body.split("PIN: ").nth(1).expect("the PIN")[..6];
    in_german(&mut c, "reset/pin", &[("pin", pin)]).await;
    assert_eq!(
        recorded_language(&app, USER).await,
        None,
        "nothing is recorded before the reset is finished"
    );
    let new = [
        ("new_password", NEW_PASSWORD),
        ("confirm_password", NEW_PASSWORD),
    ];
    in_german(&mut c, "reset/password", &new).await;
    assert_eq!(recorded_language(&app, USER).await.as_deref(), Some("de"));
}
on_both_backends!(
    a_strangers_browser_does_not_choose_the_owners_language,
    owners_language
);
on_both_backends!(
    a_finished_reset_records_the_language,
    reset_records_language
);
