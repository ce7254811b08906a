//! Delivery of emails and SMS (`mail`, `sms`), the texts of every message (`messages`). In dev
//! mode every message is also written to the dev outbox.
//!
//! The delivery also remembers, per channel, how long real deliveries take and whether the last
//! one worked, so that flows for unknown User IDs (where nothing is sent) take as long and fail
//! alike: response times and errors must not reveal whether an account exists.

pub mod address;
mod mail;
pub mod messages;
mod sms;

use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub use mail::Mailer;
pub use sms::SmsClient;

use super::clock::Clock;
use super::crypto::Redacted;
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

#[derive(Default)]
struct ChannelStats {
    /// Exponentially weighted mean of real delivery times.
    mean: Option<Duration>,
    last_failed_at: Option<Instant>,
}

#[derive(Clone)]
pub struct Delivery {
    mailer: Option<Mailer>,
    sms: Option<SmsClient>,
    outbox: Option<Store>,
    clock: Clock,
    stats: Arc<Mutex<HashMap<Channel, ChannelStats>>>,
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

/// How long a failure keeps a channel marked as failing for the imitation of unknown accounts.
const FAILURE_MEMORY: Duration = Duration::from_secs(120);

impl Delivery {
    pub fn new(
        mailer: Option<Mailer>,
        sms: Option<SmsClient>,
        outbox: Option<Store>,
        clock: Clock,
    ) -> Self {
        Self {
            mailer,
            sms,
            outbox,
            clock,
            stats: Arc::default(),
        }
    }

    /// Sends a message. In dev mode it first lands in the outbox, and a channel without a
    /// configured provider is then not an error.
    #[tracing::instrument(skip_all, fields(channel = ?message.channel))]
    pub async fn send(&self, message: &Message) -> Result<(), DeliveryError> {
        let started = Instant::now();
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
        let result = match message.channel {
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
        };
        // A refused recipient says nothing about the channel's health.
        self.observe(
            message.channel,
            started.elapsed(),
            !matches!(
                result,
                Err(DeliveryError::Failed(_) | DeliveryError::NotConfigured(_))
            ),
        );
        result
    }

    /// Sends a message without making the caller wait (a notice about something that has
    /// already happened: the person's response must neither wait for nor reveal it). A failure
    /// is logged as `what` not delivered.
    pub fn send_in_background(&self, message: Message, what: &'static str) {
        let delivery = self.clone();
        tokio::spawn(async move {
            if let Err(e) = delivery.send(&message).await {
                tracing::warn!(error = %e, what, "notification not delivered");
            }
        });
    }

    fn observe(&self, channel: Channel, took: Duration, ok: bool) {
        let mut stats = self.stats.lock().expect("stats lock");
        let entry = stats.entry(channel).or_default();
        entry.mean = Some(match entry.mean {
            Some(mean) => mean.mul_f64(0.8) + took.mul_f64(0.2),
            None => took,
        });
        entry.last_failed_at = if ok { None } else { Some(Instant::now()) };
    }

    /// Behaves, in time and outcome, like a real delivery on `channel` would now, without
    /// sending anything: used where there is no account (or no address) to send to.
    pub async fn imitate(&self, channel: Channel) -> Result<(), DeliveryError> {
        let (mean, failing) = {
            let stats = self.stats.lock().expect("stats lock");
            let entry = stats.get(&channel);
            (
                entry
                    .and_then(|e| e.mean)
                    .unwrap_or(Duration::from_millis(5)),
                entry
                    .and_then(|e| e.last_failed_at)
                    .is_some_and(|at| at.elapsed() < FAILURE_MEMORY),
            )
        };
        let jitter = 0.85 + rand::random::<f64>() * 0.3;
        wait_precisely(mean.mul_f64(jitter)).await;
        if failing {
            Err(DeliveryError::Failed("imitated failure".into()))
        } else {
            Ok(())
        }
    }
}

/// Waits for `duration` without the up-to-a-millisecond overshoot of the timer (which would
/// make imitated deliveries measurably slower than fast real ones): the timer covers all but
/// the last millisecond, then the task yields until the deadline.
async fn wait_precisely(duration: Duration) {
    let deadline = Instant::now() + duration;
    if let Some(coarse) = duration.checked_sub(Duration::from_millis(1)) {
        tokio::time::sleep(coarse).await;
    }
    while Instant::now() < deadline {
        tokio::task::yield_now().await;
    }
}
