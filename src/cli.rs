//! The `keyturn` command line: `serve` (the default), `migrate`, `user …` (add, show,
//! unlock, sessions, revoke-sessions, require-change, reset-link) and `audit`.

use std::io::Read;
use std::net::SocketAddr;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use leptos::config::{get_configuration, LeptosOptions};

use crate::server::admin::{self, AddUser, PasswordSource, TotpSource};
use crate::server::clock::Clock;
use crate::server::config::{Config, ConfigError, DEV_SECRET_KEY_FILE};
use crate::server::crypto::{Redacted, SecretKey};
use crate::server::state::AppState;
use crate::server::store::Store;

#[derive(Parser)]
#[command(name = "keyturn", version, about = "Self-service password portal")]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the portal (the default).
    Serve,
    /// Apply pending database migrations and exit.
    Migrate,
    /// Manage accounts.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// Remove expired flows, links, temporary passwords, sessions and counters, and audit
    /// events older than KEYTURN_AUDIT_RETENTION_DAYS, once (the server does it every five
    /// minutes); print what was removed.
    Purge,
    /// Print the audit log, oldest first (it never holds a secret).
    Audit {
        /// Only this account's events.
        #[arg(long, value_name = "USER_ID")]
        user: Option<String>,
        /// Only events this recent: 90s, 15m, 24h, 7d, 2w.
        #[arg(long, value_name = "DURATION")]
        since: Option<String>,
    },
}

#[derive(Subcommand)]
enum UserCommand {
    /// Create an account.
    Add(AddArgs),
    /// Show an account (never its secrets).
    Show { user_id: String },
    /// Clear an account's lock and failure count.
    Unlock { user_id: String },
    /// List an account's live sessions (no secrets).
    Sessions { user_id: String },
    /// End every session of an account.
    RevokeSessions { user_id: String },
    /// Make the account choose a new password at its next sign-in (its sessions end).
    RequireChange { user_id: String },
    /// Print a fresh password reset link to hand over (single use; voids the earlier link).
    ResetLink { user_id: String },
}

#[derive(Args)]
struct AddArgs {
    user_id: String,
    #[arg(long)]
    email: String,
    /// Phone number in E.164 form, such as +15551234567.
    #[arg(long)]
    phone: Option<String>,
    /// Read the password from standard input (one line).
    #[arg(long, conflicts_with = "temporary")]
    password_stdin: bool,
    /// Generate a temporary password, printed once, that must be changed at first sign-in.
    #[arg(long)]
    temporary: bool,
    /// The authenticator secret, base32.
    #[arg(long, conflicts_with = "enroll_totp")]
    totp_secret: Option<String>,
    /// Generate an authenticator secret and print its otpauth:// URI.
    #[arg(long)]
    enroll_totp: bool,
}

fn leptos_options() -> Result<LeptosOptions, String> {
    let file = std::path::Path::new("Leptos.toml")
        .exists()
        .then_some("Leptos.toml");
    get_configuration(file)
        .map(|c| c.leptos_options)
        .map_err(|e| format!("Leptos settings (Leptos.toml / LEPTOS_*): {e}"))
}

/// Dev mode without `KEYTURN_SECRET_KEY`: a key generated once and kept beside the database.
fn dev_secret_key() -> Result<SecretKey, ConfigError> {
    let problem = |p: String| ConfigError {
        var: "KEYTURN_SECRET_KEY",
        problem: p,
    };
    match std::fs::read_to_string(DEV_SECRET_KEY_FILE) {
        Ok(text) => SecretKey::from_hex(text.trim())
            .map_err(|p| problem(format!("{DEV_SECRET_KEY_FILE}: {p}"))),
        Err(_) => {
            let key = SecretKey::generate();
            if let Some(dir) = std::path::Path::new(DEV_SECRET_KEY_FILE).parent() {
                std::fs::create_dir_all(dir)
                    .map_err(|e| problem(format!("creating {}: {e}", dir.display())))?;
            }
            std::fs::write(DEV_SECRET_KEY_FILE, key.to_hex())
                .map_err(|e| problem(format!("writing {DEV_SECRET_KEY_FILE}: {e}")))?;
            Ok(key)
        }
    }
}

/// Logs go to stderr, filtered by `RUST_LOG`, as text or (`KEYTURN_LOG_FORMAT=json`) one JSON
/// object per line with its spans (`spans`, the request's with its id first) in each. Set up before the rest of the
/// configuration is read, so that its own errors are logged too.
fn init_logging() -> Result<(), String> {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| "info,sqlx=warn,leptos_axum=warn".into());
    let logs = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    match std::env::var("KEYTURN_LOG_FORMAT").as_deref() {
        Err(_) | Ok("text") => logs.init(),
        Ok("json") => logs
            .json()
            .with_current_span(false)
            .with_span_list(true)
            .init(),
        Ok(other) => {
            return Err(format!(
                "KEYTURN_LOG_FORMAT: expected text or json, got {other:?}"
            ))
        }
    }
    Ok(())
}

fn load_config(options: &LeptosOptions) -> Result<Config, String> {
    Config::from_env(
        &Config::process_env(),
        &options.site_addr.to_string(),
        dev_secret_key,
    )
    .map_err(|e| format!("configuration error: {e}"))
}

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Err(message) = init_logging() {
        eprintln!("keyturn: configuration error: {message}");
        return ExitCode::FAILURE;
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("tokio runtime");
    match runtime.block_on(run(cli.command.unwrap_or(Command::Serve))) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("keyturn: {message}");
            ExitCode::FAILURE
        }
    }
}

async fn run(command: Command) -> Result<(), String> {
    let options = leptos_options()?;
    let config = load_config(&options)?;
    let clock = Clock::default();
    match command {
        Command::Serve => serve(config, options, clock).await,
        Command::Migrate => {
            let store = open_store(&config).await?;
            store.close().await;
            println!("migrations applied");
            Ok(())
        }
        Command::Purge => {
            let store = open_store(&config).await?;
            let now = clock.now();
            let result = store
                .purge_expired(now, config.audit_purge_before(now))
                .await;
            store.close().await;
            let p = result.map_err(|e| format!("purge failed: {e}"))?;
            println!(
                "removed {} flows, {} reset links, {} temporary passwords, {} sessions, {} counters, {} unknown User IDs' counts, {} audit events, {} expired undelivered messages",
                p.flows,
                p.reset_links,
                p.temporary_passwords,
                p.sessions,
                p.counters,
                p.unknown_subjects,
                p.audit_events,
                p.messages
            );
            Ok(())
        }
        Command::Audit { user, since } => {
            let since = since
                .as_deref()
                .map(admin::parse_duration)
                .transpose()
                .map_err(|e| e.to_string())?;
            let store = open_store(&config).await?;
            let result = admin::audit_log(&store, user.as_deref(), since, clock.now()).await;
            store.close().await;
            print!("{}", result.map_err(|e| e.to_string())?);
            Ok(())
        }
        Command::User { command } => {
            let store = open_store(&config).await?;
            let result = user_command(&store, &config, command, clock.now()).await;
            store.close().await;
            result
        }
    }
}

async fn open_store(config: &Config) -> Result<Store, String> {
    Store::open(&config.database_url)
        .await
        .map_err(|e| format!("KEYTURN_DATABASE_URL: {e}"))
}

async fn user_command(
    store: &Store,
    config: &Config,
    command: UserCommand,
    now: i64,
) -> Result<(), String> {
    let keys = config.secret_key.keys();
    match command {
        UserCommand::Add(args) => {
            let password = if args.password_stdin {
                let mut line = String::new();
                std::io::stdin()
                    .read_to_string(&mut line)
                    .map_err(|e| format!("reading the password: {e}"))?;
                // Only the line ending is removed: the password is kept exactly as typed.
                let pw = line
                    .strip_suffix('\n')
                    .map(|l| l.strip_suffix('\r').unwrap_or(l))
                    .unwrap_or(&line)
                    .to_string();
                PasswordSource::Given(Redacted::new(pw))
            } else if args.temporary {
                PasswordSource::Temporary
            } else {
                PasswordSource::None
            };
            let totp = match (args.totp_secret, args.enroll_totp) {
                (Some(secret), _) => TotpSource::Given(secret),
                (None, true) => TotpSource::Enroll,
                (None, false) => TotpSource::None,
            };
            let req = AddUser {
                user_id: args.user_id,
                email: args.email,
                phone: args.phone,
                password,
                totp,
            };
            let added = admin::add_user(store, &keys, "Keyturn", req, now)
                .await
                .map_err(|e| e.to_string())?;
            println!("created user {}", added.user_id);
            if let Some(pw) = added.temporary_password {
                println!("temporary password: {}", pw.expose());
            }
            if let Some(uri) = added.otpauth_uri {
                println!("authenticator: {}", uri.expose());
            }
            Ok(())
        }
        UserCommand::Show { user_id } => {
            print!(
                "{}",
                admin::show_user(store, &user_id, now)
                    .await
                    .map_err(|e| e.to_string())?
            );
            Ok(())
        }
        UserCommand::Unlock { user_id } => {
            admin::unlock_user(store, &user_id, now)
                .await
                .map_err(|e| e.to_string())?;
            println!("unlocked {}", crate::domain::user_id::normalize(&user_id));
            Ok(())
        }
        UserCommand::Sessions { user_id } => {
            print!(
                "{}",
                admin::list_sessions(store, &user_id, now)
                    .await
                    .map_err(|e| e.to_string())?
            );
            Ok(())
        }
        UserCommand::RevokeSessions { user_id } => {
            let ended = admin::revoke_sessions(store, &user_id, now)
                .await
                .map_err(|e| e.to_string())?;
            println!(
                "ended {ended} session(s) of {}",
                crate::domain::user_id::normalize(&user_id)
            );
            Ok(())
        }
        UserCommand::ResetLink { user_id } => {
            let link = admin::reset_link(store, config, &user_id, now)
                .await
                .map_err(|e| e.to_string())?;
            println!("{}", link.expose());
            eprintln!(
                "valid once, for {} minutes; hand it to the account's owner only",
                config.reset_link_ttl_seconds / 60
            );
            Ok(())
        }
        UserCommand::RequireChange { user_id } => {
            admin::require_change(store, &user_id, now)
                .await
                .map_err(|e| e.to_string())?;
            println!(
                "{} must choose a new password at the next sign-in",
                crate::domain::user_id::normalize(&user_id)
            );
            Ok(())
        }
    }
}

async fn serve(config: Config, options: LeptosOptions, clock: Clock) -> Result<(), String> {
    if !config.dev {
        if config.smtp_url.is_none() {
            tracing::warn!(
                "KEYTURN_SMTP_URL is not set: email PINs and notifications cannot be delivered"
            );
        }
        if config.sms_url.is_none() {
            tracing::warn!("KEYTURN_SMS_URL is not set: SMS PINs cannot be delivered");
        }
        if config.public_url.scheme() != "https" {
            tracing::warn!(
                "KEYTURN_PUBLIC_URL is not https: the reset cookie is sent without Secure"
            );
        }
    }
    let state = AppState::new(config, clock).await?;
    let addr: SocketAddr = options.site_addr;
    if state.config.dev {
        let lines = admin::seed_demo_accounts(&state.store, &state.keys, state.clock.now())
            .await
            .map_err(|e| e.to_string())?;
        println!(
            "Keyturn dev mode: messages are kept in the dev outbox at http://{addr}/dev/outbox"
        );
        if !lines.is_empty() {
            println!("Demo accounts (initial passwords):");
            for line in lines {
                println!("{line}");
            }
        }
    }
    spawn_housekeeping(state.clone());
    // Delivers queued messages (this instance's, and any other's once due).
    let _worker = state.delivery.start_worker();
    if let Some(metrics_addr) = state.config.metrics_addr {
        let listener = tokio::net::TcpListener::bind(metrics_addr)
            .await
            .map_err(|e| format!("cannot listen on {metrics_addr} (KEYTURN_METRICS_ADDR): {e}"))?;
        println!("Metrics on http://{metrics_addr}/metrics");
        let app = crate::http::metrics_router(state.clone());
        tokio::spawn(async move {
            if let Err(e) = axum::serve(listener, app).await {
                tracing::error!(error = %e, "the metrics listener stopped");
            }
        });
    }
    let delivery = state.delivery.clone();
    let app = crate::http::router(state, options);
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|e| format!("cannot listen on {addr} (LEPTOS_SITE_ADDR): {e}"))?;
    println!("Keyturn listening on http://{addr}");
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown_signal())
    .await
    .map_err(|e| format!("server error: {e}"))?;
    // Messages sent after their answers (PINs, notices) are let finish, within reason.
    if tokio::time::timeout(SHUTDOWN_GRACE, delivery.settled())
        .await
        .is_err()
    {
        tracing::warn!("shutting down with messages still being sent");
    }
    Ok(())
}

/// How long shutting down waits for messages still being sent.
const SHUTDOWN_GRACE: std::time::Duration = std::time::Duration::from_secs(30);

/// Purges what has expired every `KEYTURN_PURGE_INTERVAL_SECONDS` (see `Store::purge_expired`).
/// With several instances on one database, one of them purges each time: the first whose turn
/// comes takes the interval's turn with one atomic counter hit (the count is 1 only for it),
/// and the others skip until that turn is over. An instance that stops leaves the next turn to
/// whichever comes first.
fn spawn_housekeeping(state: AppState) {
    let every = state.config.purge_interval_seconds;
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(every as u64));
        loop {
            tick.tick().await;
            let now = state.clock.now();
            // The turn lasts a little less than the interval, so the instance that took it
            // takes the next one too, unless it has stopped.
            match state.store.hit_counter(PURGE_TURN, now, every - 1).await {
                Ok(1) => {}
                Ok(_) => continue,
                Err(e) => {
                    tracing::warn!(error = %e, "housekeeping could not take its turn");
                    continue;
                }
            }
            let audit_before = state.config.audit_purge_before(now);
            match state.store.purge_expired(now, audit_before).await {
                Ok(p) => tracing::info!(
                    flows = p.flows,
                    reset_links = p.reset_links,
                    temporary_passwords = p.temporary_passwords,
                    sessions = p.sessions,
                    counters = p.counters,
                    unknown_subjects = p.unknown_subjects,
                    audit_events = p.audit_events,
                    messages = p.messages,
                    "housekeeping: expired rows purged"
                ),
                Err(e) => tracing::warn!(error = %e, "housekeeping failed"),
            }
        }
    });
}

/// The counter whose window is the current purge turn.
const PURGE_TURN: &str = "housekeeping:purge";

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = terminate => {} }
}
