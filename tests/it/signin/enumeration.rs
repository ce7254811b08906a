//! A wrong password and an unknown User ID (and a locked account given a wrong password) get
//! the same answer, byte for byte; only a locked account that gave the right password is told
//! when it unlocks.

use axum::http::StatusCode;

use super::*;

async fn one_answer(backend: &str) {
    let app = TestApp::with_user(backend, USER).await;
    let mut known = app.client();
    let mut unknown = app.client_from("203.0.113.9:50000");
    let a = password(&mut known, USER, "not the password at all").await;
    let b = password(&mut unknown, "nobody-here", "not the password at all").await;
    assert_eq!(a.status, StatusCode::UNAUTHORIZED);
    assert_eq!((a.status, &a.body), (b.status, &b.body));
    assert_eq!(a.json(), serde_json::json!("SignInFailed"));
    // Neither got a cookie.
    assert!(known.cookies.is_empty() && unknown.cookies.is_empty());
    // Case and spaces in the User ID do not matter; the password is exact.
    let r = password(&mut known, "  ERIN ", OLD_PASSWORD).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let r = password(&mut known, USER, &format!("{OLD_PASSWORD} ")).await;
    assert_eq!((r.status, &r.body), (b.status, &b.body));

    // Locked: a wrong password still answers alike; the right one is told when it unlocks.
    for _ in 0..5 {
        password(&mut known, USER, "wrong wrong wrong").await;
    }
    let locked = app.store().find_account(USER).await.unwrap().unwrap();
    assert!(locked.locked_at(app.state.clock.now()).is_some());
    let a = password(&mut known, USER, "wrong wrong wrong").await;
    assert_eq!((a.status, &a.body), (b.status, &b.body));
    let mut owner = app.client();
    let r = password(&mut owner, USER, OLD_PASSWORD).await;
    assert_eq!(r.status, StatusCode::LOCKED);
    assert!(r.json()["LockedUntil"].as_str().unwrap().ends_with("UTC"));
    assert!(owner.cookies.is_empty(), "no sign-in starts");
}
on_both_backends!(every_failed_sign_in_answers_alike, one_answer);

/// Unknown User IDs cost the same argon2 work: a wrong password for a real account and one for
/// an unknown ID take about as long (medians of interleaved tries; generous bound: the
/// benchmark measures it closely).
async fn same_time(backend: &str) {
    let app = TestApp::new(backend, &[("KEYTURN_LOCKOUT_THRESHOLD", "100")]).await;
    app.add_user(USER, true).await;
    let mut known = Vec::new();
    let mut unknown = Vec::new();
    for i in 0..12 {
        let mut c = app.client_from(&format!("198.51.100.{}:1000", i + 1));
        let t = std::time::Instant::now();
        password(&mut c, USER, "wrong password here").await;
        known.push(t.elapsed());
        let t = std::time::Instant::now();
        password(&mut c, &format!("ghost{i}"), "wrong password here").await;
        unknown.push(t.elapsed());
    }
    known.sort();
    unknown.sort();
    let (k, u) = (known[6].as_secs_f64(), unknown[6].as_secs_f64());
    assert!(
        u > k * 0.5 && u < k * 2.0,
        "known {k:.4}s vs unknown {u:.4}s"
    );
}
on_both_backends!(unknown_user_ids_cost_the_same_work, same_time);
