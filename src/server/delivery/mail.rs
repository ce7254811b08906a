//! Email over SMTP with lettre (`smtp://host:port` plain or STARTTLS with `?tls=required`,
//! `smtps://` for implicit TLS; credentials in the URL).

use std::time::Duration;

use lettre::message::{header::ContentType, Mailbox};
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};

use super::DeliveryError;

#[derive(Clone)]
pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

/// The transport holds the SMTP credentials: only the sender is shown.
impl std::fmt::Debug for Mailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Mailer")
            .field("from", &self.from.to_string())
            .finish_non_exhaustive()
    }
}

impl Mailer {
    /// `timeout`: how long one SMTP exchange may take.
    pub fn new(smtp_url: &str, from: &str, timeout: Duration) -> Result<Self, String> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(smtp_url)
            .map_err(|e| format!("KEYTURN_SMTP_URL: {e}"))?
            .timeout(Some(timeout))
            .build();
        let from = from
            .parse()
            .map_err(|e| format!("KEYTURN_MAIL_FROM: {e}"))?;
        Ok(Self { transport, from })
    }

    pub async fn send(&self, to: &str, subject: &str, body: &str) -> Result<(), DeliveryError> {
        let to: Mailbox = to
            .parse()
            .map_err(|_| DeliveryError::Rejected("the address is not valid".into()))?;
        let email = lettre::Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(subject)
            .header(ContentType::TEXT_PLAIN)
            .body(body.to_string())
            .map_err(|e| DeliveryError::Failed(format!("building the email: {e}")))?;
        self.transport.send(email).await.map(|_| ()).map_err(|e| {
            // 550-553: this mailbox is unknown, full or not allowed; the server itself works.
            let code = e.status().map(u16::from);
            if e.is_permanent() && code.is_some_and(|c| (550..=553).contains(&c)) {
                DeliveryError::Rejected(format!("SMTP: {e}"))
            } else {
                DeliveryError::Failed(format!("SMTP: {e}"))
            }
        })
    }
}
