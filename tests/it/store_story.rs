//! The store's story, told once and run against SQLite and Postgres: accounts, duplicate
//! User IDs, atomic counters, lockout counting, single-use TOTP steps, password history.

use crate::testkit::admin::{add_user, show_user, AddUser, AdminError, PasswordSource, TotpSource};
use crate::testkit::crypto::{Redacted, SecretKey};
use crate::testkit::store::{Claimed, PasswordChange, PinRecord, Store, LOCKED_UNTIL_UNLOCKED};
use crate::testkit::*;

async fn story(backend: &str) {
    let url = fresh_database(backend).await;
    let store = Store::open(&url).await.expect("open and migrate");
    store.migrate().await.expect("migrating twice is a no-op");
    let keys = SecretKey::from_hex(TEST_KEY).unwrap().keys();
    let now = 1_800_000_000;

    // Accounts: created once; a duplicate User ID (in any case) fails and changes nothing.
    let req = |id: &str| AddUser {
        user_id: id.into(),
        email: "erin@example.com".into(),
        phone: Some("+15550001111".into()),
        password: PasswordSource::Given(Redacted::new("first password, long enough".into())),
        totp: TotpSource::Given(TOTP_SECRET.into()),
    };
    add_user(&store, &keys, "Keyturn", req("erin"), now)
        .await
        .unwrap();
    let before = store.find_account("erin").await.unwrap().unwrap();
    match add_user(&store, &keys, "Keyturn", req("ERIN"), now + 5).await {
        Err(AdminError::Exists(id)) => assert_eq!(id, "erin"),
        other => panic!("expected Exists, got {other:?}"),
    }
    let after = store.find_account("erin").await.unwrap().unwrap();
    assert_eq!(
        (after.updated_at, after.password_hash.clone()),
        (before.updated_at, before.password_hash.clone())
    );
    assert_eq!(store.count_accounts().await.unwrap(), 1);
    assert!(after
        .password_hash
        .as_deref()
        .unwrap()
        .starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
    let sealed = after.totp_secret.clone().unwrap();
    assert!(
        !sealed
            .windows(10)
            .any(|w| w == &b"Hello!\xde\xad\xbe\xef"[..]),
        "the TOTP secret is not stored in the clear"
    );
    assert!(keys.decrypt_totp(&sealed, "erin").is_some());
    // Bad input: nothing written.
    let mut bad = req("frank");
    bad.phone = Some("555".into());
    assert!(matches!(
        add_user(&store, &keys, "Keyturn", bad, now).await,
        Err(AdminError::Invalid(_))
    ));
    assert!(store.find_account("frank").await.unwrap().is_none());
    let shown = show_user(&store, "Erin", now).await.unwrap();
    assert!(
        shown.contains("erin@example.com") && shown.contains("Authenticator app:    enrolled"),
        "{shown}"
    );
    assert!(!shown.contains("argon2"), "no hash in user show");

    // Counters: fixed windows, atomic.
    for expected in 1..=3 {
        assert_eq!(store.hit_counter("k", now, 60).await.unwrap(), expected);
    }
    assert_eq!(
        store.hit_counter("k", now + 61, 60).await.unwrap(),
        1,
        "a new window starts over"
    );
    store.unhit_counter("k", now + 61, 60).await.unwrap();
    assert_eq!(store.hit_counter("k", now + 62, 60).await.unwrap(), 1);

    // Guesses are claimed before they are compared: each claim counts, a right guess gives
    // its claim back, a lock is set once and stops further claims.
    let id = after.id;
    for n in 1..=5 {
        assert_eq!(
            store.claim_account_guess(id, 3600, now).await.unwrap(),
            Some(Claimed { run: n, total: n })
        );
    }
    store.refund_account_guess(id).await.unwrap();
    assert_eq!(
        store.claim_account_guess(id, 3600, now).await.unwrap(),
        Some(Claimed { run: 5, total: 5 }),
        "a refunded claim is counted again only when made again"
    );
    assert!(store.lock_account(id, now + 3600, now).await.unwrap());
    assert!(
        !store.lock_account(id, now + 3601, now + 1).await.unwrap(),
        "a lock in place is not set again"
    );
    assert_eq!(
        store.claim_account_guess(id, 3600, now + 10).await.unwrap(),
        None,
        "no claims while locked"
    );
    assert_eq!(
        store
            .find_account("erin")
            .await
            .unwrap()
            .unwrap()
            .locked_at(now + 10),
        Some(now + 3600)
    );
    assert!(
        !store.accept_totp_step(id, 100, now + 10).await.unwrap(),
        "no TOTP while locked"
    );
    assert_eq!(
        store
            .claim_account_guess(id, 3600, now + 3601)
            .await
            .unwrap(),
        Some(Claimed { run: 1, total: 6 }),
        "unlocks by itself with a fresh run, but the total goes on"
    );
    assert!(
        store
            .lock_account(id, LOCKED_UNTIL_UNLOCKED, now + 3601)
            .await
            .unwrap(),
        "the hard lock"
    );
    assert_eq!(
        store
            .claim_account_guess(id, 3600, now + 400 * 86_400)
            .await
            .unwrap(),
        None,
        "the hard lock does not lapse"
    );
    assert!(store.claim_lock_notice(id, false, now).await.unwrap());
    assert!(
        !store.claim_lock_notice(id, false, now + 60).await.unwrap(),
        "once a day"
    );
    assert!(store.claim_lock_notice(id, true, now + 60).await.unwrap());
    assert!(store.unlock_account("erin", now).await.unwrap());
    assert!(!store.unlock_account("nobody", now).await.unwrap());
    assert_eq!(
        store.claim_account_guess(id, 3600, now).await.unwrap(),
        Some(Claimed { run: 1, total: 1 }),
        "an administrator's unlock clears every count"
    );
    store.clear_failures(id, now).await.unwrap();

    // Unknown subjects count and lock alike.
    for n in 1..=5 {
        assert_eq!(
            store
                .claim_unknown_guess(b"subject", 60, now)
                .await
                .unwrap(),
            Some(Claimed { run: n, total: n })
        );
    }
    assert!(store.lock_unknown(b"subject", now + 60, now).await.unwrap());
    assert_eq!(
        store
            .claim_unknown_guess(b"subject", 60, now + 1)
            .await
            .unwrap(),
        None
    );
    assert_eq!(
        store.unknown_locked_until(b"subject", now).await.unwrap(),
        Some(now + 60)
    );
    assert_eq!(
        store
            .unknown_locked_until(b"subject", now + 61)
            .await
            .unwrap(),
        None
    );

    // TOTP steps: each accepted once, and never an older one.
    assert!(store.accept_totp_step(id, 100, now).await.unwrap());
    assert!(!store.accept_totp_step(id, 100, now).await.unwrap());
    assert!(!store.accept_totp_step(id, 99, now).await.unwrap());
    assert!(store.accept_totp_step(id, 101, now).await.unwrap());

    // Password changes keep a bounded history and end sessions, all in one transaction.
    store
        .insert_session(b"s1", id, now, now + 100, "198.51.100.1", false)
        .await
        .unwrap();
    for i in 0..7 {
        let hash = format!("hash-{i}");
        let old = store
            .find_account("erin")
            .await
            .unwrap()
            .unwrap()
            .password_hash;
        let change = PasswordChange {
            account_id: id,
            flow_id_hash: None,
            new_hash: &hash,
            old_hash: old.as_deref(),
            keep_history: 4,
            now: now + i,
            client: "test",
            event: "password.changed",
            factors_required: 0,
            notice: None,
        };
        assert!(store.complete_password_change(&change).await.unwrap());
    }
    let history = store.password_history(id, 10).await.unwrap();
    assert_eq!(history, vec!["hash-5", "hash-4", "hash-3", "hash-2"]);
    assert_eq!(store.count_sessions(id).await.unwrap(), 0);
    assert_eq!(
        store
            .audit_events(id)
            .await
            .unwrap()
            .iter()
            .filter(|e| e.event == "password.changed")
            .count(),
        7
    );

    // A flow completes once.
    store
        .insert_flow(
            store::FlowKind::Reset,
            b"flow",
            Some(id),
            b"subject",
            "standard",
            now,
            now + 900,
        )
        .await
        .unwrap();
    let change = PasswordChange {
        account_id: id,
        flow_id_hash: Some(b"flow"),
        new_hash: "hash-final",
        old_hash: Some("hash-6"),
        keep_history: 4,
        now,
        client: "test",
        event: "password.changed",
        factors_required: 0,
        notice: None,
    };
    assert!(store.complete_password_change(&change).await.unwrap());
    assert!(
        !store.complete_password_change(&change).await.unwrap(),
        "second completion changes nothing"
    );
    assert_eq!(
        store
            .find_account("erin")
            .await
            .unwrap()
            .unwrap()
            .password_hash
            .as_deref(),
        Some("hash-final")
    );

    // A PIN send that lost a race does not land on a later step.
    store
        .insert_flow(
            store::FlowKind::Reset,
            b"raced",
            Some(id),
            b"subject",
            "standard",
            now,
            now + 900,
        )
        .await
        .unwrap();
    assert!(store
        .claim_pin_send(b"raced", now, 60, true)
        .await
        .unwrap()
        .is_ok());
    assert!(store.pass_factor(b"raced", 0, "email", now).await.unwrap());
    let late = PinRecord {
        factor: 0,
        pin_hash: b"mac",
        channel: "email",
        reference: "ABCD",
        destination: "x",
        sent_at: now,
        expires_at: now + 300,
        switched: false,
    };
    assert!(
        !store.record_pin(b"raced", &late).await.unwrap(),
        "the flow has moved on"
    );
    let flow = store
        .get_flow(store::FlowKind::Reset, b"raced")
        .await
        .unwrap()
        .unwrap();
    assert_eq!((flow.factors_passed, flow.pin_hash), (1, None));

    store.ping().await.unwrap();
    store.close().await;
}
on_both_backends!(store_story, story);

#[tokio::test]
async fn sqlite_runs_in_wal_mode_with_a_busy_timeout() {
    let url = fresh_database("sqlite").await;
    let store = Store::open(&url).await.unwrap();
    let mode: String = sqlx::query_scalar("PRAGMA journal_mode")
        .fetch_one(store.pool())
        .await
        .unwrap();
    assert_eq!(mode.to_lowercase(), "wal");
    let timeout: i64 = sqlx::query_scalar("PRAGMA busy_timeout")
        .fetch_one(store.pool())
        .await
        .unwrap();
    assert_eq!(timeout, 5000);
}

#[tokio::test]
async fn a_broken_migration_is_fatal() {
    let url = fresh_database("sqlite").await;
    let store = Store::connect(&url).await.unwrap();
    // A table in the way of the first migration: migrating must fail, not carry on.
    sqlx::query("CREATE TABLE accounts (x INTEGER)")
        .execute(store.pool())
        .await
        .unwrap();
    assert!(store.migrate().await.is_err());
}
