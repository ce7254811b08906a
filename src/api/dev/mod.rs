//! The dev outbox: every email and SMS the server sent, readable in the browser in dev mode.

use leptos::prelude::*;

use crate::domain::flows::dev::OutboxMessage;
use crate::domain::AppError;

/// The newest messages first. Outside dev mode this does not exist (404).
#[server(endpoint = "dev/outbox", input = crate::api::wire::Form, output = crate::api::wire::Json)]
pub async fn list_outbox() -> Result<Vec<OutboxMessage>, AppError> {
    use crate::domain::Channel;
    use crate::i18n::{date_time_seconds, request_locale};

    let state = super::request::app_state()?;
    let locale = request_locale();
    let result = if state.config.dev {
        state
            .store
            .outbox_rows(200)
            .await
            .map(|rows| {
                rows.into_iter()
                    .filter_map(|r| {
                        Some(OutboxMessage {
                            id: r.id,
                            sent_at: date_time_seconds(locale, r.sent_at),
                            channel: Channel::parse(&r.channel)?,
                            recipient: r.recipient,
                            subject: r.subject,
                            body: r.body,
                        })
                    })
                    .collect()
            })
            .map_err(|e| {
                tracing::error!(error = %e, "reading the dev outbox failed");
                AppError::Internal
            })
    } else {
        Err(AppError::NotFound)
    };
    super::request::respond(result, "/dev/outbox")
}
