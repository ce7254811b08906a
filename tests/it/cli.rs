//! The `keyturn` binary as an operator meets it: migrating and managing users.

use std::io::Write;
use std::process::{Command, Stdio};

use crate::testkit::store::Store;
use crate::testkit::*;

/// Runs the `keyturn` binary with only `env` (and PATH) set: (success, stdout, stderr).
pub(crate) fn keyturn(
    args: &[&str],
    env: &[(&str, &str)],
    stdin: Option<&str>,
) -> (bool, String, String) {
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
    let store = Store::open(&url).await.unwrap();
    let hash = store
        .find_account("gwen")
        .await
        .unwrap()
        .unwrap()
        .password_hash
        .unwrap();
    assert!(passwords::verify_now("  spaces kept exactly  ", &hash));
}

/// `user sessions` lists live sessions without secrets, `user revoke-sessions` ends them,
/// `user require-change` sends the next sign-in to the forced change, and `user show` lists the
/// enrolled authenticators.
#[tokio::test]
async fn the_cli_manages_sessions() {
    let app = TestApp::with_user("sqlite", "fay").await;
    let url = app.state.config.database_url.clone();
    let env = [
        ("KEYTURN_DATABASE_URL", url.as_str()),
        ("KEYTURN_SECRET_KEY", TEST_KEY),
    ];
    let mut c = app.client();
    c.call("signin", &[("user_id", "fay"), ("password", OLD_PASSWORD)])
        .await;
    c.call("signin/authenticator", &[("code", &app.totp_code())])
        .await;
    let token = c.cookie("__Host-keyturn_session").unwrap().to_string();

    let (ok, out, err) = keyturn(&["user", "sessions", "fay"], &env, None);
    assert!(ok, "{err}");
    assert!(out.contains("203.0.113.7"), "{out}");
    assert!(!out.contains(&token), "no secrets: {out}");
    let (ok, out, _) = keyturn(&["user", "show", "fay"], &env, None);
    assert!(ok);
    for line in [
        "Authenticator app:    enrolled",
        "Recovery codes left:  0",
        "SMS:                  yes",
        "Sessions:             1",
    ] {
        assert!(out.contains(line), "{line}: {out}");
    }

    let (ok, out, err) = keyturn(&["user", "revoke-sessions", "fay"], &env, None);
    assert!(ok, "{err}");
    assert!(out.contains("ended 1 session"), "{out}");
    assert_eq!(
        c.call("account/state", &[]).await.json(),
        serde_json::json!("NotSignedIn")
    );

    let (ok, _, err) = keyturn(&["user", "require-change", "fay"], &env, None);
    assert!(ok, "{err}");
    let account = app.store().find_account("fay").await.unwrap().unwrap();
    assert_eq!(account.must_change_password, 1);
    let (ok, _, err) = keyturn(&["user", "require-change", "nobody"], &env, None);
    assert!(!ok && err.contains("no user"), "{err}");
}

/// `keyturn user reset-link`: one line, a link on `KEYTURN_PUBLIC_URL` that works in the
/// portal; a second one voids the first; refused when the flow is turned off.
#[tokio::test]
async fn the_cli_prints_reset_links() {
    let app = TestApp::with_user("sqlite", "ivy").await;
    let url = app.state.config.database_url.clone();
    let env = [
        ("KEYTURN_DATABASE_URL", url.as_str()),
        ("KEYTURN_SECRET_KEY", TEST_KEY),
        ("KEYTURN_PUBLIC_URL", "https://reset.example.org"),
    ];
    let (ok, first, err) = keyturn(&["user", "reset-link", "IVY"], &env, None);
    assert!(ok, "{err}");
    assert!(err.contains("valid once, for 30 minutes"), "{err}");
    let prefix = "https://reset.example.org/email-reset/link?token=";
    assert!(
        first.starts_with(prefix) && first.lines().count() == 1,
        "{first}"
    );
    let (ok, second, _) = keyturn(&["user", "reset-link", "ivy"], &env, None);
    assert!(ok);
    let mut c = app.client();
    for (link, expected) in [(&first, "Gone"), (&second, "Live")] {
        let token = &link.trim()[prefix.len()..];
        let r = c.call("email-reset/link", &[("token", token)]).await;
        assert_eq!(r.json(), serde_json::json!(expected), "{link}");
    }
    let (ok, _, err) = keyturn(&["user", "reset-link", "nobody"], &env, None);
    assert!(!ok && err.contains("no user"), "{err}");
    let mut off = env.to_vec();
    off.push(("KEYTURN_EMAIL_RESET", "false"));
    let (ok, out, err) = keyturn(&["user", "reset-link", "ivy"], &off, None);
    assert!(!ok && out.is_empty(), "{out}");
    assert!(err.contains("KEYTURN_EMAIL_RESET=false"), "{err}");
}

/// `keyturn audit`: who guessed, what locked, whether the owner was told; one account or all,
/// over a window; no secrets.
#[tokio::test]
async fn the_cli_prints_the_audit_log() {
    let app = TestApp::with_user("sqlite", "hal").await;
    let url = app.state.config.database_url.clone();
    let env = [
        ("KEYTURN_DATABASE_URL", url.as_str()),
        ("KEYTURN_SECRET_KEY", TEST_KEY),
    ];
    let mut c = app.client();
    c.call("reset/start", &[("user_id", "hal")]).await;
    let right = app.totp_code();
    let wrong = if right == "000001" {
        "000002"
    } else {
        "000001"
    };
    for _ in 0..5 {
        c.call("reset/authenticator", &[("code", wrong)]).await;
    }
    let mut other = app.client_from("198.51.100.77:1");
    other.call("reset/start", &[("user_id", "nobody")]).await;
    other.call("reset/authenticator", &[("code", wrong)]).await;
    app.state.delivery.settled().await;

    let (ok, out, err) = keyturn(&["audit", "--user", "hal", "--since", "1h"], &env, None);
    assert!(ok, "{err}");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines
            .iter()
            .filter(|l| l.contains("  hal  factor.totp.failed  client=203.0.113.7"))
            .count(),
        5,
        "{out}"
    );
    let locked = lines
        .iter()
        .find(|l| l.contains("account.locked"))
        .unwrap_or_else(|| panic!("no lock in {out}"));
    assert!(locked.contains("notice=sent"), "{locked}");
    assert!(
        locked.contains(" UTC  hal  account.locked  client=203.0.113.7"),
        "{locked}"
    );
    assert!(
        !out.contains("198.51.100.77"),
        "another User ID's events: {out}"
    );
    assert!(
        !out.contains(wrong) && !out.contains(&right),
        "no codes: {out}"
    );

    // All accounts: the unknown User ID's guess shows as `-`.
    let (ok, out, err) = keyturn(&["audit"], &env, None);
    assert!(ok, "{err}");
    assert!(
        out.lines()
            .any(|l| l.contains("  -  factor.totp.failed  client=198.51.100.77")),
        "{out}"
    );
    // Bad arguments say what is expected.
    let (ok, _, err) = keyturn(&["audit", "--since", "yesterday"], &env, None);
    assert!(!ok && err.contains("expected a duration such as"), "{err}");
    let (ok, _, err) = keyturn(&["audit", "--user", "nobody"], &env, None);
    assert!(!ok && err.contains("no user"), "{err}");
}

async fn count(pool: &sqlx::AnyPool, table: &str) -> i64 {
    sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}"))
        .fetch_one(pool)
        .await
        .unwrap()
}

/// `keyturn purge`: what has expired goes, what is live stays, audit events beyond
/// `KEYTURN_AUDIT_RETENTION_DAYS` go; it says what it removed.
#[tokio::test]
async fn the_cli_purges_what_has_expired() {
    let app = TestApp::with_user("sqlite", "ivy").await;
    let url = app.state.config.database_url.clone();
    let env = [
        ("KEYTURN_DATABASE_URL", url.as_str()),
        ("KEYTURN_SECRET_KEY", TEST_KEY),
        ("KEYTURN_AUDIT_RETENTION_DAYS", "30"),
    ];
    // Two flows, one of them long expired; one audit event beyond the retention.
    let mut live = app.client();
    live.call("reset/start", &[("user_id", "ivy")]).await;
    let mut old = app.client_from("198.51.100.90:1");
    old.call("reset/start", &[("user_id", "ivy")]).await;
    let pool = app.store().pool();
    let now = app.state.clock.now();
    sqlx::query("UPDATE reset_flows SET expires_at = $1 WHERE id_hash = (SELECT MIN(id_hash) FROM reset_flows)")
        .bind(now - 60)
        .execute(pool)
        .await
        .unwrap();
    sqlx::query("UPDATE audit_events SET at = $1 WHERE id = (SELECT MIN(id) FROM audit_events)")
        .bind(now - 31 * 86_400)
        .execute(pool)
        .await
        .unwrap();
    let audit_before = count(pool, "audit_events").await;

    let (ok, out, err) = keyturn(&["purge"], &env, None);
    assert!(ok, "{err}");
    assert!(out.starts_with("removed 1 flows, "), "{out}");
    assert!(out.contains(", 1 audit events, "), "{out}");
    assert_eq!(count(pool, "reset_flows").await, 1, "the live flow stays");
    assert_eq!(count(pool, "audit_events").await, audit_before - 1);
    // Run again: nothing more to remove.
    let (ok, out, _) = keyturn(&["purge"], &env, None);
    assert!(ok);
    assert!(out.starts_with("removed 0 flows, "), "{out}");
    assert!(out.contains(", 0 audit events, "), "{out}");
    // 0 keeps the audit log for ever.
    sqlx::query("UPDATE audit_events SET at = 0")
        .execute(pool)
        .await
        .unwrap();
    let forever = [env[0], env[1], ("KEYTURN_AUDIT_RETENTION_DAYS", "0")];
    let (ok, out, _) = keyturn(&["purge"], &forever, None);
    assert!(ok && out.contains(", 0 audit events, "), "{out}");
}

/// A SQLite URL to a file that does not exist yet creates it (no `?mode=rwc` needed), in a
/// directory that does not exist yet.
#[tokio::test]
async fn a_new_sqlite_file_is_created() {
    let dir = std::env::temp_dir().join(format!("keyturn-new-{}", random_suffix()));
    let file = dir.join("deeper").join("k.db");
    let url = format!("sqlite://{}", file.display());
    let env = [
        ("KEYTURN_DATABASE_URL", url.as_str()),
        ("KEYTURN_SECRET_KEY", TEST_KEY),
    ];
    let (ok, out, err) = keyturn(&["migrate"], &env, None);
    assert!(ok, "{out}{err}");
    assert!(file.exists(), "{} was not created", file.display());
    let (ok, _, err) = keyturn(
        &[
            "user",
            "add",
            "jo",
            "--email",
            "jo@example.com",
            "--temporary",
        ],
        &env,
        None,
    );
    assert!(ok, "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// A `keyturn serve` in dev mode on a fresh SQLite file and a free port, with `env` on top.
struct Served {
    child: std::process::Child,
    base: String,
    dir: std::path::PathBuf,
    http: reqwest::Client,
}

fn free_port() -> u16 {
    let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    l.local_addr().unwrap().port()
}

impl Served {
    async fn start(env: &[(&str, &str)]) -> Served {
        let dir = std::env::temp_dir().join(format!("keyturn-serve-{}", random_suffix()));
        let url = format!("sqlite://{}", dir.join("k.db").display());
        let addr = format!("127.0.0.1:{}", free_port());
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_keyturn"));
        cmd.arg("serve")
            .env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("KEYTURN_DEV", "1")
            .env("KEYTURN_SECRET_KEY", TEST_KEY)
            .env("KEYTURN_DATABASE_URL", &url)
            .env("LEPTOS_SITE_ADDR", &addr)
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        for (k, v) in env {
            cmd.env(k, v);
        }
        let child = cmd.spawn().unwrap();
        let served = Served {
            child,
            base: format!("http://{addr}"),
            dir,
            http: reqwest::Client::new(),
        };
        for _ in 0..200 {
            if served
                .http
                .get(format!("{}/healthz", served.base))
                .send()
                .await
                .is_ok_and(|r| r.status().is_success())
            {
                return served;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        panic!("the server did not come up");
    }

    /// Five wrong authenticator codes for the demo account "alice", which lock it: the last
    /// answer (423).
    async fn lock_alice(&self) -> reqwest::Response {
        let start = self
            .http
            .post(format!("{}/api/reset/start", self.base))
            .form(&[("user_id", "alice")])
            .send()
            .await
            .unwrap();
        let cookie = start
            .headers()
            .get("set-cookie")
            .expect("a flow cookie")
            .to_str()
            .unwrap()
            .split(';')
            .next()
            .unwrap()
            .to_string();
        let mut last = None;
        for code in ["000000", "000001", "000000", "000001", "000000"] {
            let r = self
                .http
                .post(format!("{}/api/reset/authenticator", self.base))
                .header("cookie", &cookie)
                .form(&[("code", code)])
                .send()
                .await
                .unwrap();
            last = Some(r);
        }
        let last = last.unwrap();
        assert_eq!(last.status().as_u16(), 423);
        last
    }

    /// Stops the server: what it wrote to stderr.
    fn stop(mut self) -> String {
        self.child.kill().unwrap();
        let output = self.child.wait_with_output().unwrap();
        let _ = std::fs::remove_dir_all(&self.dir);
        String::from_utf8_lossy(&output.stderr).into_owned()
    }
}

/// `KEYTURN_LOG_FORMAT=json`: `keyturn serve` logs one JSON object per line, and a line written
/// while a request is handled names the request id its response carried. A format it does not
/// know stops it at once, naming the setting.
#[tokio::test]
async fn json_logs_name_the_request() {
    let (ok, _, err) = keyturn(&["migrate"], &[("KEYTURN_LOG_FORMAT", "xml")], None);
    assert!(!ok && err.contains("KEYTURN_LOG_FORMAT"), "{err}");

    let served = Served::start(&[("KEYTURN_LOG_FORMAT", "json"), ("RUST_LOG", "info")]).await;
    // The lock is a warning, written in the fifth request.
    let last = served.lock_alice().await;
    let id = last.headers()["x-request-id"].to_str().unwrap().to_string();
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let stderr = served.stop();
    let lines: Vec<serde_json::Value> = stderr
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect();
    let locked = lines
        .iter()
        .find(|l| {
            l["fields"]["message"]
                .as_str()
                .is_some_and(|m| m.contains("account locked"))
        })
        .unwrap_or_else(|| panic!("no lock warning in {stderr}"));
    assert_eq!(locked["level"], "WARN");
    assert_eq!(locked["spans"][0]["name"], "request", "{locked}");
    assert_eq!(locked["spans"][0]["id"], id.as_str(), "{locked}");
}

/// `KEYTURN_METRICS_ADDR`: `GET /metrics` in the Prometheus text format on that address only,
/// counting requests, factor outcomes, locks and deliveries as they happen. A malformed address
/// stops the program, naming the setting.
#[tokio::test]
async fn metrics_on_their_own_address() {
    let bad = [
        ("KEYTURN_SECRET_KEY", TEST_KEY),
        ("KEYTURN_METRICS_ADDR", "port 9100"),
    ];
    let (ok, _, err) = keyturn(&["serve"], &bad, None);
    assert!(!ok && err.contains("KEYTURN_METRICS_ADDR"), "{err}");

    let metrics_addr = format!("127.0.0.1:{}", free_port());
    let served = Served::start(&[("KEYTURN_METRICS_ADDR", &metrics_addr)]).await;
    let scrape = || async {
        let r = served
            .http
            .get(format!("http://{metrics_addr}/metrics"))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status().as_u16(), 200);
        assert!(r.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/openmetrics-text"));
        r.text().await.unwrap()
    };
    let before = scrape().await;
    assert!(!before.contains("keyturn_locks_total{"), "{before}");
    served.lock_alice().await;
    // The lock notice goes after the answer.
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let after = scrape().await;
    for line in [
        r#"keyturn_factor_outcomes_total{factor="totp",outcome="failed"} 5"#,
        r#"keyturn_locks_total{kind="timed"} 1"#,
        r#"keyturn_http_requests_total{kind="api",status="423"} 1"#,
        r#"keyturn_http_requests_total{kind="api",status="400"} 4"#,
        r#"keyturn_deliveries_total{channel="email",result="sent"} 1"#,
        "keyturn_messages_waiting 0",
        "keyturn_hashes_waiting 0",
        r#"keyturn_http_request_duration_seconds_count{kind="api"} 6"#,
    ] {
        assert!(after.contains(line), "{line:?} missing from:\n{after}");
    }
    // Not on the public address.
    let public = served
        .http
        .get(format!("{}/metrics", served.base))
        .send()
        .await
        .unwrap();
    assert_eq!(public.status().as_u16(), 404);
    served.stop();
}
