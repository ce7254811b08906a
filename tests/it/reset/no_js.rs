//! The wizard without JavaScript: plain form posts and redirects.

use axum::http::StatusCode;

use super::USER;
use crate::testkit::*;

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
