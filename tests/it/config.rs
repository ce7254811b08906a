//! Settings: a missing or malformed one stops start-up, Leptos.toml agrees with Cargo.toml, and
//! dev mode seeds its demo accounts.

use crate::cli::keyturn;
use crate::testkit::store::Store;
use crate::testkit::*;

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
    // Out of range: each of the guessing settings names itself.
    for (var, value) in [
        ("KEYTURN_LOCKOUT_MAX_FAILURES", "101"),
        ("KEYTURN_LOCKOUT_MAX_FAILURES", "4"),
        ("KEYTURN_CLIENT_FAILURES_PER_HOUR", "0"),
        ("KEYTURN_TOTP_SKEW", "3"),
        ("KEYTURN_EMAIL_FACTOR", "maybe"),
        ("KEYTURN_RESPONSE_FLOOR_MS", "5000"),
    ] {
        let (ok, _, err) = keyturn(
            &["migrate"],
            &[
                ("KEYTURN_DATABASE_URL", "sqlite::memory:"),
                ("KEYTURN_SECRET_KEY", TEST_KEY),
                (var, value),
            ],
            None,
        );
        assert!(!ok, "{var}={value} was accepted");
        assert!(err.contains(var), "{var}: {err}");
    }
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
    use crate::testkit::admin::seed_demo_accounts;
    let database = fresh_database("sqlite").await;
    let store = Store::open(&database).await.unwrap();
    let keys = crypto::SecretKey::from_hex(TEST_KEY).unwrap().keys();
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
        totp::decode_secret(secret).is_ok(),
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
