//! The pages and plain routes as a browser meets them: health check, sign-in page, security
//! headers, the published policy, static files, the dev outbox.

use axum::http::StatusCode;

use crate::testkit::*;

#[tokio::test]
async fn pages_and_plain_routes() {
    let app = TestApp::new("sqlite", &[]).await;
    let mut c = app.client();
    let r = c.get("/healthz").await;
    assert_eq!((r.status, r.body.as_str()), (StatusCode::OK, "ok\n"));

    let page = c.get("/").await;
    assert_eq!(page.status, StatusCode::OK);
    for words in [
        // The heading takes focus after navigating within the app, hence its tabindex.
        "<h1 tabindex=\"-1\">Sign in</h1>",
        "User ID",
        "Password",
        "Sign in",
        "Password locked or forgotten?",
        "href=\"/reset\"",
    ] {
        assert!(page.body.contains(words), "sign-in page lacks {words:?}");
    }
    assert_eq!(page.headers.get("x-frame-options").unwrap(), "DENY");
    assert_eq!(page.headers.get("cache-control").unwrap(), "no-store");
    assert_eq!(page.headers.get("referrer-policy").unwrap(), "same-origin");

    let wizard = c.get("/reset").await;
    assert!(wizard.body.contains("Enter your User ID"));

    // The published policy, as any client can read it.
    let policy = c
        .request("GET", "/api/policy", &[], "application/json")
        .await;
    assert_eq!(policy.status, StatusCode::OK, "{}", policy.body);
    let policy = policy.json();
    assert_eq!(
        (policy["min_length"].as_u64(), policy["max_length"].as_u64()),
        (Some(12), Some(128))
    );
    assert_eq!(
        (policy["min_score"].as_u64(), policy["history"].as_u64()),
        (Some(3), Some(5))
    );

    let list = c.get("/common-passwords.txt").await;
    assert_eq!(list.headers.get("content-encoding").unwrap(), "gzip");

    let missing = c.get("/no/such/page").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    // An address below a flow that is none of its pages is not found, and not another page.
    for path in [
        "/account/no-such-tab",
        "/account/password/nope",
        "/email-reset/no-such-step",
        "/reset/extra",
    ] {
        let page = c.get(path).await;
        assert_eq!(page.status, StatusCode::NOT_FOUND, "{path}");
        assert!(
            page.body.contains("There is nothing at this address."),
            "{path}"
        );
    }
    let sent = c.get("/email-reset/sent").await;
    assert_eq!(sent.status, StatusCode::OK);
    assert!(sent
        .body
        .contains("we have sent two emails to that address"));

    let outbox = c.get("/dev/outbox").await;
    assert_eq!(outbox.status, StatusCode::OK, "dev mode has an outbox");
    let prod = TestApp::new("sqlite", &[("KEYTURN_DEV", "0")]).await;
    assert_eq!(
        prod.client().get("/dev/outbox").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        prod.client().call("dev/outbox", &[]).await.status,
        StatusCode::NOT_FOUND
    );
}

/// After a plain form post the error travels in the URL (`__path`, `__err`): a link anyone can
/// craft. Only our own codes decode, each to a fixed text; text written into the URL never
/// reaches the page.
#[tokio::test]
async fn an_error_in_the_url_shows_only_fixed_texts() {
    let app = TestApp::new("sqlite", &[]).await;
    let mut c = app.client();
    let crafted = |json: &str| {
        use base64::Engine;
        // base64url, as the server writes it
        let err = base64::engine::general_purpose::URL_SAFE.encode(json);
        format!("/reset?__path=/api/reset/start&__err={err}")
    };
    let attacker = "Call +1 555 0100 and read out your PIN";
    for url in [
        crafted(&format!(r#"{{"Invalid":"{attacker}"}}"#)),
        crafted(&format!(r#"{{"DeliveryFailed":"{attacker}"}}"#)),
        format!(
            "/reset?__path=/api/reset/start&__err={}",
            "Call%20555%200100"
        ),
    ] {
        let page = c.get(&url).await;
        assert_eq!(page.status, StatusCode::OK, "{url}");
        assert!(!page.body.contains("555 0100"), "{url} shows attacker text");
        assert!(page.body.contains("Enter your User ID"), "{url}");
    }
    let page = c.get(&crafted(r#"{"Invalid":"Call me"}"#)).await;
    assert!(page.body.contains("The request was malformed."));
    let page = c.get(&crafted(r#""RateLimited""#)).await;
    assert!(page
        .body
        .contains("Too many requests. Wait a minute and try again."));
}

/// The headers that keep a password page to itself: a CSP that runs only the app's own
/// scripts (the inline hydration script by this response's nonce), HSTS on https only, and a
/// closed default CSP on everything that is not a page.
#[tokio::test]
async fn security_headers_on_pages_and_functions() {
    let app = TestApp::new("sqlite", &[]).await;
    let mut c = app.client();
    let mut nonces = Vec::new();
    for path in ["/", "/reset", "/email-reset"] {
        let page = c.get(path).await;
        assert_eq!(page.status, StatusCode::OK, "{path}");
        let csp = page
            .headers
            .get("content-security-policy")
            .unwrap_or_else(|| panic!("{path}: no CSP"))
            .to_str()
            .unwrap()
            .to_string();
        for directive in [
            "default-src 'self'",
            "'wasm-unsafe-eval'",
            "style-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ] {
            assert!(
                csp.contains(directive),
                "{path}: {directive} missing in {csp}"
            );
        }
        assert!(!csp.contains("unsafe-inline"), "{path}: {csp}");
        let script_src = csp
            .split(';')
            .map(str::trim)
            .find(|d| d.starts_with("script-src "))
            .expect("a script-src");
        let nonce = script_src
            .split_whitespace()
            .find_map(|s| s.strip_prefix("'nonce-")?.strip_suffix('\''))
            .unwrap_or_else(|| panic!("{path}: no nonce in {script_src}"));
        assert!(nonce.len() >= 16, "{path}: a short nonce {nonce}");
        // Every inline script of the page carries the nonce; no style is inline.
        let scripts = page.body.matches("<script").count();
        assert!(scripts > 0, "{path}: no script");
        assert_eq!(
            page.body.matches(&format!("nonce=\"{nonce}\"")).count(),
            scripts,
            "{path}: a script without the nonce"
        );
        assert!(!page.body.contains(" style=\""), "{path}: an inline style");
        assert_eq!(
            page.headers.get("strict-transport-security").unwrap(),
            "max-age=63072000; includeSubDomains"
        );
        nonces.push(nonce.to_string());
    }
    nonces.sort();
    nonces.dedup();
    assert_eq!(nonces.len(), 3, "a new nonce for every response");

    // Server functions and files: nothing may run at all.
    let r = c.call("reset/state", &[]).await;
    assert_eq!(
        r.headers.get("content-security-policy").unwrap(),
        "default-src 'none'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    );

    // Served on plain http (behind nothing, on a laptop): no HSTS, which would pin the host
    // to https for two years.
    let plain = TestApp::new("sqlite", &[("KEYTURN_PUBLIC_URL", "http://localhost:3000")]).await;
    let page = plain.client().get("/").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.headers.get("strict-transport-security").is_none());
    assert!(page.headers.get("content-security-policy").is_some());
}

/// Every response names its request (`X-Request-Id`): a new id each time, or a proxy's own
/// when it is well-formed; anything else is replaced, so it cannot forge a log line.
#[tokio::test]
async fn every_response_carries_a_request_id() {
    let app = TestApp::new("sqlite", &[]).await;
    let mut c = app.client();
    let id = |r: &Reply| {
        r.headers
            .get("x-request-id")
            .expect("a request id")
            .to_str()
            .unwrap()
            .to_string()
    };
    let a = id(&c.get("/").await);
    let b = id(&c.call("reset/state", &[]).await);
    for made in [&a, &b] {
        assert_eq!(made.len(), 32, "{made}");
        assert!(made.bytes().all(|b| b.is_ascii_hexdigit()), "{made}");
    }
    assert_ne!(a, b);
    let r = c
        .request_with("GET", "/healthz", &[], &[("x-request-id", "proxy-7f3a.1")])
        .await;
    assert_eq!(id(&r), "proxy-7f3a.1");
    for bad in ["has space", "semi;colon", &"x".repeat(65)] {
        let r = c
            .request_with("GET", "/healthz", &[], &[("x-request-id", bad)])
            .await;
        let made = id(&r);
        assert_ne!(made, bad);
        assert_eq!(made.len(), 32);
    }
}

/// The site's files (the client, its style) may be kept by the browser but are checked again on
/// every use, answered "304 Not Modified" without a body when unchanged; a browser that takes
/// brotli or gzip gets the build's precompressed file. Pages are never stored (above).
#[tokio::test]
async fn site_files_are_compressed_and_revalidated() {
    let app = TestApp::new("sqlite", &[]).await;
    let site = std::env::temp_dir().join(format!("keyturn-site-{}", random_suffix()));
    let pkg = site.join("pkg");
    std::fs::create_dir_all(&pkg).unwrap();
    let client = "export function hydrate() {}\n".repeat(200);
    std::fs::write(pkg.join("keyturn.js"), &client).unwrap();
    std::fs::write(pkg.join("keyturn.js.br"), b"brotli bytes").unwrap();
    std::fs::write(pkg.join("keyturn.js.gz"), b"gzip bytes").unwrap();
    let mut c = app.client_of_site(&site);

    let plain = c.request("GET", "/pkg/keyturn.js", &[], "*/*").await;
    assert_eq!(plain.status, StatusCode::OK);
    assert_eq!(plain.body, client);
    assert_eq!(plain.headers["cache-control"], "no-cache");
    assert!(plain.headers.get("content-encoding").is_none());
    let modified = plain.headers["last-modified"].to_str().unwrap().to_string();

    for (accepts, encoding, body) in [
        ("gzip, deflate, br", "br", "brotli bytes"),
        ("gzip", "gzip", "gzip bytes"),
    ] {
        let r = c
            .request_with(
                "GET",
                "/pkg/keyturn.js",
                &[],
                &[("accept-encoding", accepts)],
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{accepts}");
        assert_eq!(r.headers["content-encoding"], encoding, "{accepts}");
        assert_eq!(r.body, body, "{accepts}");
        assert_eq!(r.headers["cache-control"], "no-cache", "{accepts}");
    }

    let again = c
        .request_with(
            "GET",
            "/pkg/keyturn.js",
            &[],
            &[("if-modified-since", &modified), ("accept-encoding", "br")],
        )
        .await;
    assert_eq!(again.status, StatusCode::NOT_MODIFIED);
    assert!(again.body.is_empty());
    // The answer to the check keeps the file kept: "no-store" here would drop it.
    assert_eq!(again.headers["cache-control"], "no-cache");

    // A page from the same app is still never stored, and a missing file is no file.
    assert_eq!(c.get("/").await.headers["cache-control"], "no-store");
    let missing = c.request("GET", "/pkg/missing.js", &[], "*/*").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert_eq!(missing.headers["cache-control"], "no-store");
    std::fs::remove_dir_all(&site).unwrap();
}

/// Building a router lists the app's routes, and listing them holds back resource loading
/// across the whole process for a moment (leptos#4773): a page rendered in that moment used to
/// wait forever. Many routers in one process (as here, and in the benches) must not stall
/// pages.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_render_while_other_routers_are_built() {
    let app = TestApp::new("sqlite", &[]).await;
    let building = {
        let state = app.state.clone();
        tokio::task::spawn_blocking(move || {
            for _ in 0..200 {
                let options = leptos::config::LeptosOptions::builder()
                    .output_name("keyturn")
                    .site_root("target/site")
                    .build();
                drop(keyturn::http::router(state.clone(), options));
            }
        })
    };
    let mut c = app.client();
    while !building.is_finished() {
        for path in ["/", "/reset", "/email-reset", "/signin", "/account"] {
            let page = tokio::time::timeout(std::time::Duration::from_secs(10), c.get(path))
                .await
                .unwrap_or_else(|_| panic!("{path} stalled while a router was built"));
            assert!(!page.status.is_server_error(), "{path}: {}", page.status);
        }
    }
    building.await.unwrap();
}
