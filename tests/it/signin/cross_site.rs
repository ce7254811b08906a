//! State-changing server functions refuse a request from another site, hydrated (fetch) and
//! plain form posts alike; the same site and clients that are not browsers pass.

use axum::http::StatusCode;

use super::*;

async fn refused(backend: &str) {
    let app = TestApp::with_user(backend, USER).await;
    let mut c = app.client();
    let form = [("user_id", USER), ("password", OLD_PASSWORD)];
    for headers in [
        vec![("sec-fetch-site", "cross-site")],
        vec![("sec-fetch-site", "same-site")],
        vec![("origin", "https://evil.example")],
        vec![("origin", "https://sub.reset.example.org")],
    ] {
        let r = c.request_with("POST", "/api/signin", &form, &headers).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{headers:?}");
        assert_eq!(r.json(), serde_json::json!("CrossSite"));
        // The refusal carries the security headers too.
        for (name, value) in [
            ("x-content-type-options", "nosniff"),
            ("cache-control", "no-store"),
            (
                "strict-transport-security",
                "max-age=63072000; includeSubDomains",
            ),
        ] {
            assert_eq!(
                r.headers.get(name).map(|v| v.to_str().unwrap()),
                Some(value),
                "{name}"
            );
        }
        assert!(r.headers.get("content-security-policy").is_some());
        let r = c
            .request_with("POST", "/api/reset/start", &[("user_id", USER)], &headers)
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{headers:?}");
    }
    assert!(c.cookies.is_empty(), "nothing happened");
    let id = app.store().find_account(USER).await.unwrap().unwrap().id;
    assert!(app
        .store()
        .audit_events(id)
        .await
        .unwrap()
        .iter()
        .all(|e| !e.event.starts_with("signin")));
    for headers in [
        vec![("sec-fetch-site", "same-origin")],
        vec![("origin", "https://reset.example.org")],
        vec![],
    ] {
        let mut c = app.client();
        let r = c.request_with("POST", "/api/signin", &form, &headers).await;
        assert_eq!(r.status, StatusCode::OK, "{headers:?}: {}", r.body);
    }
}
on_both_backends!(cross_site_posts_are_refused, refused);
