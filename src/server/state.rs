//! The application state, built once at start-up and handed to every request through context.

use std::sync::{Arc, OnceLock};

use super::clock::Clock;
use super::config::Config;
use super::crypto::Keys;
use super::delivery::{Delivery, Mailer, SmsClient};
use super::factors::passwords::Hasher;
use super::metrics::Metrics;
use super::store::Store;
use crate::policy::CommonPasswords;

/// The shipped list of common and breached passwords, gzip-compressed (see data/README.md).
pub const COMMON_PASSWORDS_GZ: &[u8] = include_bytes!("../../data/common-passwords.txt.gz");

/// The list, decompressed and indexed once per process.
pub fn common_passwords() -> Arc<CommonPasswords> {
    static LIST: OnceLock<Arc<CommonPasswords>> = OnceLock::new();
    LIST.get_or_init(|| {
        use std::io::Read;
        let mut text = String::new();
        flate2::read::GzDecoder::new(COMMON_PASSWORDS_GZ)
            .read_to_string(&mut text)
            .expect("the shipped common-password list is valid gzip text");
        Arc::new(CommonPasswords::from_text(&text))
    })
    .clone()
}

#[derive(Clone)]
pub struct AppState {
    pub config: Arc<Config>,
    pub store: Store,
    pub keys: Arc<Keys>,
    pub hasher: Hasher,
    pub delivery: Delivery,
    pub clock: Clock,
    pub common: Arc<CommonPasswords>,
    pub metrics: Metrics,
}

/// Only what identifies the instance: the configuration holds the secret key and tokens.
impl std::fmt::Debug for AppState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AppState")
            .field("store", &self.store)
            .field("dev", &self.config.dev)
            .finish_non_exhaustive()
    }
}

impl AppState {
    /// Opens the store (migrating it) and sets up delivery from the configuration.
    pub async fn new(config: Config, clock: Clock) -> Result<AppState, String> {
        let store = Store::open(&config.database_url)
            .await
            .map_err(|e| format!("KEYTURN_DATABASE_URL: cannot open the database: {e}"))?;
        Self::with_store(config, store, clock)
    }

    pub fn with_store(config: Config, store: Store, clock: Clock) -> Result<AppState, String> {
        let timeout = std::time::Duration::from_secs(config.delivery_timeout_seconds);
        let mailer = match &config.smtp_url {
            Some(url) => Some(Mailer::new(url, &config.mail_from, timeout)?),
            None => None,
        };
        let sms = match (&config.sms_url, &config.sms_token) {
            (Some(url), Some(token)) => Some(SmsClient::new(url.clone(), token.clone(), timeout)),
            _ => None,
        };
        let metrics = Metrics::new();
        let keys = Arc::new(config.secret_key.keys());
        let delivery = Delivery::new(
            mailer,
            sms,
            store.clone(),
            keys.clone(),
            config.dev,
            clock.clone(),
            metrics.clone(),
        );
        Ok(AppState {
            keys,
            config: Arc::new(config),
            store,
            hasher: Hasher::new(None, metrics.hashes_waiting.clone()),
            delivery,
            clock,
            common: common_passwords(),
            metrics,
        })
    }
}
