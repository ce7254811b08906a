//! The foundation as an operator and a browser meet it: the `keyturn` binary, its settings,
//! the pages and plain routes, and the agreement of Leptos.toml with Cargo.toml.

mod support;

use std::io::Write;
use std::process::{Command, Stdio};

use axum::http::StatusCode;
use support::*;

fn keyturn(args: &[&str], env: &[(&str, &str)], stdin: Option<&str>) -> (bool, String, String) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_keyturn"));
    cmd.args(args)
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default());
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().unwrap();
    if let Some(input) = stdin {
        child
            .stdin
            .take()
            .unwrap()
            .write_all(input.as_bytes())
            .unwrap();
    } else {
        drop(child.stdin.take());
    }
    let out = child.wait_with_output().unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into(),
        String::from_utf8_lossy(&out.stderr).into(),
    )
}

#[tokio::test]
async fn the_cli_manages_users() {
    let url = fresh_database("sqlite").await;
    let env = [
        ("KEYTURN_DATABASE_URL", url.as_str()),
        ("KEYTURN_SECRET_KEY", TEST_KEY),
    ];
    let (ok, out, err) = keyturn(&["migrate"], &env, None);
    assert!(ok, "{out}{err}");

    let (ok, out, err) = keyturn(
        &[
            "user",
            "add",
            "gwen",
            "--email",
            "gwen@example.com",
            "--phone",
            "+15557654321",
            "--password-stdin",
            "--totp-secret",
            TOTP_SECRET,
        ],
        &env,
        Some("  spaces kept exactly  \n"),
    );
    assert!(ok, "{out}{err}");
    assert!(out.contains("created user gwen"));
    assert!(!out.contains("spaces kept"), "never echo the password");

    let (ok, _, err) = keyturn(
        &[
            "user",
            "add",
            "gwen",
            "--email",
            "other@example.com",
            "--temporary",
        ],
        &env,
        None,
    );
    assert!(!ok);
    assert!(err.contains("already exists"), "{err}");

    let (ok, out, _) = keyturn(
        &[
            "user",
            "add",
            "hugo",
            "--email",
            "hugo@example.com",
            "--temporary",
            "--enroll-totp",
        ],
        &env,
        None,
    );
    assert!(ok);
    assert!(out.contains("temporary password: "), "{out}");
    assert!(out.contains("otpauth://totp/Keyturn:hugo?"), "{out}");

    let (ok, out, _) = keyturn(&["user", "show", "gwen"], &env, None);
    assert!(ok);
    assert!(
        out.contains("gwen@example.com") && out.contains("+15557654321"),
        "{out}"
    );
    let (ok, out, _) = keyturn(&["user", "show", "hugo"], &env, None);
    assert!(ok && out.contains("Must change password: yes"), "{out}");
    let (ok, _, err) = keyturn(&["user", "show", "nobody"], &env, None);
    assert!(!ok && err.contains("no user"), "{err}");
    let (ok, out, _) = keyturn(&["user", "unlock", "gwen"], &env, None);
    assert!(ok && out.contains("unlocked gwen"));

    // The password was stored exactly as typed (only the line ending removed).
    let store = keyturn::server::store::Store::open(&url).await.unwrap();
    let hash = store
        .find_account("gwen")
        .await
        .unwrap()
        .unwrap()
        .password_hash
        .unwrap();
    assert!(keyturn::server::factors::passwords::verify_now(
        "  spaces kept exactly  ",
        &hash
    ));
}

#[test]
fn a_missing_or_malformed_setting_stops_start_up_naming_it() {
    let (ok, _, err) = keyturn(
        &["migrate"],
        &[("KEYTURN_DATABASE_URL", "sqlite::memory:")],
        None,
    );
    assert!(!ok);
    assert!(err.contains("KEYTURN_SECRET_KEY"), "{err}");
    let (ok, _, err) = keyturn(
        &["migrate"],
        &[
            ("KEYTURN_SECRET_KEY", TEST_KEY),
            ("KEYTURN_LOCKOUT_SECONDS", "soon"),
        ],
        None,
    );
    assert!(!ok);
    assert!(err.contains("KEYTURN_LOCKOUT_SECONDS"), "{err}");
}

#[tokio::test]
async fn pages_and_plain_routes() {
    let app = TestApp::new("sqlite", &[]).await;
    let mut c = app.client();
    let r = c.get("/healthz").await;
    assert_eq!((r.status, r.body.as_str()), (StatusCode::OK, "ok\n"));

    let page = c.get("/").await;
    assert_eq!(page.status, StatusCode::OK);
    for words in [
        "<h1>Sign in</h1>",
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

/// cargo-leptos reads Cargo.toml; the server reads Leptos.toml: they must agree.
#[test]
fn leptos_toml_agrees_with_cargo_toml() {
    fn section(text: &str) -> std::collections::BTreeMap<String, String> {
        let mut in_section = false;
        let mut map = std::collections::BTreeMap::new();
        for line in text.lines() {
            let line = line.trim();
            if line.starts_with('[') {
                in_section = line == "[package.metadata.leptos]";
                continue;
            }
            if in_section {
                if let Some((k, v)) = line.split_once('=') {
                    map.insert(k.trim().to_string(), v.trim().to_string());
                }
            }
        }
        map
    }
    let cargo = section(&std::fs::read_to_string("Cargo.toml").unwrap());
    let leptos = section(&std::fs::read_to_string("Leptos.toml").unwrap());
    assert!(!leptos.is_empty());
    for (key, value) in &leptos {
        assert_eq!(
            cargo.get(key),
            Some(value),
            "Leptos.toml {key} differs from Cargo.toml"
        );
    }
    for key in [
        "output-name",
        "site-root",
        "site-pkg-dir",
        "site-addr",
        "reload-port",
        "env",
    ] {
        assert!(leptos.contains_key(key), "Leptos.toml lacks {key}");
    }
}

#[tokio::test]
async fn dev_mode_seeds_demo_accounts_once() {
    use keyturn::server::admin::seed_demo_accounts;
    let store = keyturn::server::store::Store::open(&fresh_database("sqlite").await)
        .await
        .unwrap();
    let keys = keyturn::server::crypto::SecretKey::from_hex(TEST_KEY)
        .unwrap()
        .keys();
    let lines = seed_demo_accounts(&store, &keys, 1_800_000_000)
        .await
        .unwrap();
    assert_eq!(lines.len(), 2);
    assert!(
        lines[0].contains("alice") && lines[0].contains("alice-demo-passphrase-1"),
        "{}",
        lines[0]
    );
    let secret = lines[0]
        .split("authenticator secret: ")
        .nth(1)
        .unwrap()
        .split_whitespace()
        .next()
        .unwrap();
    assert!(
        keyturn::server::factors::totp::decode_secret(secret).is_ok(),
        "the printed secret is usable: {secret}"
    );
    assert!(lines[1].contains("bob") && lines[1].contains("(no authenticator)"));
    // A second start prints them again and adds nothing.
    assert_eq!(
        seed_demo_accounts(&store, &keys, 1_800_000_100)
            .await
            .unwrap(),
        lines
    );
    assert_eq!(store.count_accounts().await.unwrap(), 2);
}
