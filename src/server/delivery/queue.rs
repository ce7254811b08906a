//! The durable queue: messages written to the database and delivered by a worker, on any
//! instance, with retries and backoff until they expire.
//!
//! A worker claims a message for a lease before it sends it (one statement that checks and
//! sets), so on several instances each message goes out once; a worker that dies mid-send
//! leaves the message to another when the lease runs out (a send that reached the provider just
//! before the crash may then go twice, never zero times).

use std::time::Duration;

use super::{Delivery, DeliveryError, Message};
use crate::domain::Channel;
use crate::server::crypto::Redacted;
use crate::server::store::{NewQueuedMessage, QueuedMessage, StoreError};

/// How long a notice of what has happened keeps being retried.
pub const NOTICE_TTL_SECONDS: i64 = 3 * 86_400;
/// How long a worker holds a message it is sending.
const LEASE_SECONDS: i64 = 120;
/// How often a worker looks for due messages when nothing wakes it.
const POLL: Duration = Duration::from_secs(1);
/// Messages claimed per look.
const BATCH: i64 = 50;

/// The retry delay after `attempts` failed tries: 5 s, doubling, at most 5 minutes.
fn backoff_seconds(attempts: i64) -> i64 {
    let doublings = (attempts - 1).clamp(0, 6) as u32;
    (5 * 2_i64.pow(doublings)).min(300)
}

/// What a queued message's sealed text holds.
#[derive(serde::Serialize, serde::Deserialize)]
struct Sealed {
    to: String,
    subject: String,
    body: String,
}

/// The running worker of one process; it stops when this is dropped.
#[derive(Debug)]
pub struct Worker(tokio::task::JoinHandle<()>);

impl Drop for Worker {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// How the first try of a queued message ended, when it was tried at once.
pub type FirstTry = Option<Result<(), DeliveryError>>;

impl Delivery {
    /// A message sealed for the queue, to be written in the caller's transaction; wake the
    /// worker ([`Delivery::wake`]) once it is committed.
    pub fn to_queue(
        &self,
        message: &Message,
        what: &'static str,
        expires_at: i64,
    ) -> NewQueuedMessage {
        let text = serde_json::to_vec(&Sealed {
            to: message.to.clone(),
            subject: message.subject.clone(),
            body: message.body.expose().clone(),
        })
        .expect("a message serialises");
        let text = Redacted::new(text);
        NewQueuedMessage {
            channel: message.channel.as_str(),
            what,
            sealed: self
                .keys
                .seal_message(text.expose(), message.channel.as_str()),
            created_at: self.clock.now(),
            expires_at,
        }
    }

    /// Queues a message and tries it at once: how that first try ended (`None` when it could
    /// not be queued, which is logged). Failures are retried by the worker until `expires_at`.
    pub async fn queue_and_try(
        &self,
        message: &Message,
        what: &'static str,
        expires_at: i64,
    ) -> FirstTry {
        let queued = self.to_queue(message, what, expires_at);
        match self.store.queue_message(&queued).await {
            Ok(id) => self.deliver_queued(id).await,
            Err(e) => {
                tracing::error!(error = %e, what, "a message could not be queued");
                None
            }
        }
    }

    /// A notice of something that has already happened: queued and tried after the answer
    /// (the person's response neither waits for nor reveals it), retried for three days.
    pub fn queue_notice(&self, message: Message, what: &'static str) {
        let delivery = self.clone();
        let expires_at = self.clock.now() + NOTICE_TTL_SECONDS;
        self.after_answer(async move {
            delivery.queue_and_try(&message, what, expires_at).await;
        });
    }

    /// Tells the worker a message was queued.
    pub fn wake(&self) {
        self.wake.notify_one();
    }

    /// Starts this process's worker: it delivers due messages when woken, and looks every
    /// second (for retries, and for messages other instances queued).
    pub fn start_worker(&self) -> Worker {
        let delivery = self.clone();
        Worker(tokio::spawn(async move {
            loop {
                tokio::select! {
                    _ = delivery.wake.notified() => {}
                    _ = tokio::time::sleep(POLL) => {}
                }
                delivery.deliver_due().await;
            }
        }))
    }

    /// One look at the queue: delivers what is due and no one holds. Returns how many messages
    /// it tried.
    pub async fn deliver_due(&self) -> usize {
        let mut tried = 0;
        loop {
            let ids = match self.store.due_messages(self.clock.now(), BATCH).await {
                Ok(ids) => ids,
                Err(e) => {
                    tracing::warn!(error = %e, "the message queue cannot be read");
                    break;
                }
            };
            for id in &ids {
                if self.deliver_queued(*id).await.is_some() {
                    tried += 1;
                }
            }
            if (ids.len() as i64) < BATCH {
                break;
            }
        }
        if let Ok(waiting) = self.store.messages_waiting().await {
            self.metrics.messages_waiting.set(waiting);
        }
        tried
    }

    /// Delivers until nothing due is left (messages held by another worker included), for
    /// shutting down and for tests. Messages that failed wait for their next try.
    pub(super) async fn drain_due(&self) {
        loop {
            self.deliver_due().await;
            match self.store.messages_due(self.clock.now()).await {
                Ok(0) | Err(_) => return,
                Ok(_) => tokio::time::sleep(Duration::from_millis(10)).await,
            }
        }
    }

    /// Claims and tries one queued message: `None` when another worker holds it or it is gone.
    async fn deliver_queued(&self, id: i64) -> FirstTry {
        let now = self.clock.now();
        let claimed = match self.store.claim_message(id, now, LEASE_SECONDS).await {
            Ok(Some(claimed)) => claimed,
            Ok(None) => return None,
            Err(e) => {
                tracing::warn!(error = %e, "a queued message could not be claimed");
                return None;
            }
        };
        Some(self.try_claimed(claimed, now).await)
    }

    async fn try_claimed(&self, m: QueuedMessage, now: i64) -> Result<(), DeliveryError> {
        let what = m.what.as_str();
        let Some(channel) = Channel::parse(&m.channel) else {
            self.forget(m.id, what, "its channel is unknown").await;
            return Err(DeliveryError::Failed("unknown channel".into()));
        };
        let message = self
            .keys
            .open_message(&m.sealed, channel.as_str())
            .and_then(|text| serde_json::from_slice::<Sealed>(text.expose()).ok());
        let Some(sealed) = message else {
            self.forget(
                m.id,
                what,
                "it cannot be read (was KEYTURN_SECRET_KEY changed?)",
            )
            .await;
            return Err(DeliveryError::Failed("unreadable".into()));
        };
        if now >= m.expires_at {
            self.metrics.delivery(channel.as_str(), "expired");
            self.forget(m.id, what, "it expired undelivered").await;
            return Err(DeliveryError::Failed("expired".into()));
        }
        let message = Message {
            channel,
            to: sealed.to,
            subject: sealed.subject,
            body: Redacted::new(sealed.body),
        };
        let sent = self.send(&message).await;
        let settled = match &sent {
            Ok(()) => {
                if m.attempts > 1 {
                    tracing::info!(what, attempts = m.attempts, "queued message delivered");
                }
                self.store.message_done(m.id).await
            }
            // Only this recipient was refused: trying again changes nothing.
            Err(e @ DeliveryError::Rejected(_)) => {
                tracing::warn!(error = %e, what, "queued message refused for its recipient");
                self.store.message_done(m.id).await
            }
            Err(e) => {
                let retry_in = backoff_seconds(m.attempts);
                tracing::warn!(
                    error = %e,
                    what,
                    attempts = m.attempts,
                    retry_in,
                    "queued message not delivered; it will be tried again"
                );
                self.store
                    .message_retry(m.id, now + retry_in, &e.to_string())
                    .await
            }
        };
        if let Err(e) = settled {
            log_store_error(&e, what);
        }
        sent
    }

    async fn forget(&self, id: i64, what: &str, why: &str) {
        tracing::warn!(what, "a queued message is dropped: {why}");
        if let Err(e) = self.store.message_done(id).await {
            log_store_error(&e, what);
        }
    }
}

fn log_store_error(e: &StoreError, what: &str) {
    tracing::warn!(error = %e, what, "the message queue could not be updated");
}

#[cfg(test)]
mod tests {
    use super::backoff_seconds;

    #[test]
    fn backoff_doubles_up_to_five_minutes() {
        let delays: Vec<i64> = (1..=9).map(backoff_seconds).collect();
        assert_eq!(delays, [5, 10, 20, 40, 80, 160, 300, 300, 300]);
    }
}
