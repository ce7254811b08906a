//! Delivery of emails and SMS (`mail`, `sms`), the texts of every message (`messages`). In dev
//! mode every message is also written to the dev outbox.
//!
//! Where a send must not show in the answer (before any factor has passed, where an unknown
//! User ID gets nothing sent; a notice about what has already happened) it runs after the
//! answer, counted, so that shutting down can wait for it ([`Delivery::settled`]).

pub mod address;
mod mail;
pub mod messages;
mod sms;

use std::fmt;
use std::future::Future;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use tokio::sync::Notify;

pub use mail::Mailer;
pub use sms::SmsClient;

use super::clock::Clock;
use super::crypto::Redacted;
use super::metrics::Metrics;
use super::store::Store;
use crate::domain::Channel;

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
    outbox: Option<Store>,
    clock: Clock,
    metrics: Metrics,
    in_flight: Arc<InFlight>,
}

impl fmt::Debug for Delivery {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Delivery")
            .field("mailer", &self.mailer)
            .field("sms", &self.sms)
            .field("outbox", &self.outbox.is_some())
            .finish_non_exhaustive()
    }
}

impl Delivery {
    pub fn new(
        mailer: Option<Mailer>,
        sms: Option<SmsClient>,
        outbox: Option<Store>,
        clock: Clock,
        metrics: Metrics,
    ) -> Self {
        Self {
            mailer,
            sms,
            outbox,
            clock,
            metrics,
            in_flight: Arc::default(),
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
        if let Some(outbox) = &self.outbox {
            outbox
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
                None if self.outbox.is_some() => Ok(()),
                None => Err(DeliveryError::NotConfigured("SMTP (KEYTURN_SMTP_URL)")),
            },
            Channel::Sms => match &self.sms {
                Some(sms) => sms.send(&message.to, message.body.expose()).await,
                None if self.outbox.is_some() => Ok(()),
                None => Err(DeliveryError::NotConfigured("SMS (KEYTURN_SMS_URL)")),
            },
        }
    }

    /// Sends a message without making the caller wait (a notice about something that has
    /// already happened: the person's response must neither wait for nor reveal it). A failure
    /// is logged as `what` not delivered.
    pub fn send_in_background(&self, message: Message, what: &'static str) {
        let delivery = self.clone();
        self.after_answer(async move {
            if let Err(e) = delivery.send(&message).await {
                tracing::warn!(error = %e, what, "notification not delivered");
            }
        });
    }

    /// Runs `work` (a delivery and what follows it) after the answer, counted until it ends.
    /// Its log lines keep the request's span (its id).
    pub fn after_answer(&self, work: impl Future<Output = ()> + Send + 'static) {
        use tracing::Instrument;
        let in_flight = Arc::clone(&self.in_flight);
        in_flight.count.fetch_add(1, Ordering::SeqCst);
        let waiting = self.metrics.messages_waiting.clone();
        waiting.inc();
        let work = work.in_current_span();
        tokio::spawn(async move {
            work.await;
            waiting.dec();
            in_flight.count.fetch_sub(1, Ordering::SeqCst);
            in_flight.done.notify_waiters();
        });
    }

    /// Waits until every send started by [`Delivery::after_answer`] so far has ended.
    pub async fn settled(&self) {
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
