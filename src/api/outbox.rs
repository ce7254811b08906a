//! The dev outbox: every email and SMS the server sent, readable in the browser in dev mode.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::AppError;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OutboxMessage {
    pub id: i64,
    /// When it was sent, as "YYYY-MM-DD HH:MM:SS UTC".
    pub sent_at: String,
    pub channel: String,
    pub recipient: String,
    pub subject: String,
    pub body: String,
}

/// The newest messages first. Outside dev mode this does not exist (404).
#[server(endpoint = "dev/outbox")]
pub async fn list_outbox() -> Result<Vec<OutboxMessage>, AppError> {
    let state = super::app_state()?;
    let result = if state.config.dev {
        state.store.outbox_list(200).await.map_err(|e| {
            tracing::error!(error = %e, "reading the dev outbox failed");
            AppError::Internal
        })
    } else {
        Err(AppError::NotFound)
    };
    super::respond(result, "/dev/outbox")
}
