//! Dev mode's outbox as the page shows it.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::domain::Channel;

/// One message the server sent. Its body may hold a PIN, so `Debug` leaves it out.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
pub struct OutboxMessage {
    pub id: i64,
    /// When it was sent, as "YYYY-MM-DD HH:MM:SS UTC".
    pub sent_at: String,
    pub channel: Channel,
    pub recipient: String,
    pub subject: String,
    pub body: String,
}

impl fmt::Debug for OutboxMessage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OutboxMessage")
            .field("id", &self.id)
            .field("channel", &self.channel)
            .field("subject", &self.subject)
            .finish_non_exhaustive()
    }
}
