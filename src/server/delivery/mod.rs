//! Delivery of emails and SMS (`mail`, `sms`), the texts of every message (`messages`), the
//! durable queue and its worker (`queue`). In dev mode every message is also written to the dev
//! outbox.
//!
//! Two ways out. A message the answer must wait for (a PIN after a factor has passed, whose
//! failure the person is told at once; the reset link and the temporary password, whose rows
//! live only once sent) is sent directly with [`Delivery::send`]. Every other one (notices of
//! what has happened, the first factor's PIN) goes through the queue: written to the database,
//! in the transaction of the change where there is one, then delivered by a worker with retries
//! and backoff until it expires, so a mail server that is down for minutes loses nothing.
//! Where a send must not show in the answer (before any factor has passed, where an unknown
//! User ID gets nothing sent) its queueing runs after the answer, counted, so that shutting
//! down can wait for it ([`Delivery::settled`]).

pub mod address;
mod mail;
pub mod messages;
mod queue;
mod sms;

use std::fmt;
use std::future::Future;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use tokio::sync::Notify;

pub use mail::Mailer;
pub use queue::{FirstTry, Worker, NOTICE_TTL_SECONDS};
pub use sms::SmsClient;

use super::clock::Clock;
use super::crypto::{Keys, Redacted};
use super::metrics::Metrics;
use super::store::Store;
use crate::domain::Channel;

/// The queue's name for the notice of a changed password.
pub const PASSWORD_CHANGED: &str = "password-change notification";

/// One outgoing message. The body may hold a PIN, so it is redacted in `Debug`.
pub struct Message {
    pub channel: Channel,
    pub to: String,
    pub subject: String,
    pub body: Redacted<String>,
}

impl fmt::Debug for Message {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Message")
            .field("channel", &self.channel)
            .field("subject", &self.subject)
            .finish_non_exhaustive()
    }
}

#[derive(Debug, thiserror::Error)]
pub enum DeliveryError {
    #[error("no {0} provider is configured")]
    NotConfigured(&'static str),
    /// The channel is down or refused us: nobody's message gets through.
    #[error("{0}")]
    Failed(String),
    /// Only this recipient was refused (no such mailbox, invalid number). Shown to nobody:
    /// telling the person would reveal that the account exists and what is wrong with it.
    #[error("recipient refused: {0}")]
    Rejected(String),
}

/// Sends running after their answers, so that shutting down can wait for them.
#[derive(Default)]
struct InFlight {
    count: AtomicUsize,
    done: Notify,
}

#[derive(Clone)]
pub struct Delivery {
    mailer: Option<Mailer>,
    sms: Option<SmsClient>,
    /// The queue's database (and, in dev mode, the outbox's).
    store: Store,
    keys: Arc<Keys>,
    /// Dev mode: every message is also kept in the dev outbox.
    dev_outbox: bool,
    clock: Clock,
    metrics: Metrics,
    in_flight: Arc<InFlight>,
    /// Wakes the worker when a message has been queued.
    wake: Arc<Notify>,
}

impl fmt::Debug for Delivery {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Delivery")
            .field("mailer", &self.mailer)
            .field("sms", &self.sms)
            .field("dev_outbox", &self.dev_outbox)
            .finish_non_exhaustive()
    }
}

impl Delivery {
    #[allow(
        clippy::too_many_arguments,
        reason = "built once, in AppState::with_store"
    )]
    pub fn new(
        mailer: Option<Mailer>,
        sms: Option<SmsClient>,
        store: Store,
        keys: Arc<Keys>,
        dev_outbox: bool,
        clock: Clock,
        metrics: Metrics,
    ) -> Self {
        Self {
            mailer,
            sms,
            store,
            keys,
            dev_outbox,
            clock,
            metrics,
            in_flight: Arc::default(),
            wake: Arc::default(),
        }
    }

    /// Sends a message. In dev mode it first lands in the outbox, and a channel without a
    /// configured provider is then not an error.
    #[tracing::instrument(skip_all, fields(channel = ?message.channel))]
    pub async fn send(&self, message: &Message) -> Result<(), DeliveryError> {
        let sent = self.send_uncounted(message).await;
        let result = match &sent {
            Ok(()) => "sent",
            Err(DeliveryError::NotConfigured(_)) => "not_configured",
            Err(DeliveryError::Failed(_)) => "failed",
            Err(DeliveryError::Rejected(_)) => "rejected",
        };
        self.metrics.delivery(message.channel.as_str(), result);
        sent
    }

    async fn send_uncounted(&self, message: &Message) -> Result<(), DeliveryError> {
        if self.dev_outbox {
            self.store
                .outbox_add(
                    self.clock.now(),
                    message.channel.as_str(),
                    &message.to,
                    &message.subject,
                    message.body.expose(),
                )
                .await
                .map_err(|e| DeliveryError::Failed(format!("dev outbox: {e}")))?;
        }
        match message.channel {
            Channel::Email => match &self.mailer {
                Some(mailer) => {
                    mailer
                        .send(&message.to, &message.subject, message.body.expose())
                        .await
                }
                None if self.dev_outbox => Ok(()),
                None => Err(DeliveryError::NotConfigured("SMTP (KEYTURN_SMTP_URL)")),
            },
            Channel::Sms => match &self.sms {
                Some(sms) => sms.send(&message.to, message.body.expose()).await,
                None if self.dev_outbox => Ok(()),
                None => Err(DeliveryError::NotConfigured("SMS (KEYTURN_SMS_URL)")),
            },
        }
    }

    /// Runs `work` (a delivery and what follows it) after the answer, counted until it ends.
    /// Its log lines keep the request's span (its id).
    pub fn after_answer(&self, work: impl Future<Output = ()> + Send + 'static) {
        use tracing::Instrument;
        let in_flight = Arc::clone(&self.in_flight);
        in_flight.count.fetch_add(1, Ordering::SeqCst);
        let work = work.in_current_span();
        tokio::spawn(async move {
            work.await;
            in_flight.count.fetch_sub(1, Ordering::SeqCst);
            in_flight.done.notify_waiters();
        });
    }

    /// Waits until the work started by [`Delivery::after_answer`] so far has ended, then
    /// delivers every queued message that is due (see [`Delivery::deliver_due`]).
    pub async fn settled(&self) {
        self.after_answers_done().await;
        self.drain_due().await;
    }

    async fn after_answers_done(&self) {
        loop {
            let done = self.in_flight.done.notified();
            let mut done = std::pin::pin!(done);
            done.as_mut().enable();
            if self.in_flight.count.load(Ordering::SeqCst) == 0 {
                return;
            }
            done.await;
        }
    }
}
