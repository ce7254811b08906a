//! SMS through an HTTP provider: `POST KEYTURN_SMS_URL` with JSON `{"to", "body"}` and
//! `Authorization: Bearer KEYTURN_SMS_TOKEN`. Any 2xx answer counts as accepted.

use std::time::Duration;

use super::DeliveryError;
use crate::server::crypto::Redacted;

/// The provider's token is redacted in `Debug`.
#[derive(Clone, Debug)]
pub struct SmsClient {
    http: reqwest::Client,
    url: url::Url,
    token: Redacted<String>,
}

impl SmsClient {
    /// `timeout`: how long one request to the provider may take.
    pub fn new(url: url::Url, token: String, timeout: Duration) -> Self {
        let http = reqwest::Client::builder()
            .timeout(timeout)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("the HTTP client builds with static settings");
        Self {
            http,
            url,
            token: Redacted::new(token),
        }
    }

    pub async fn send(&self, to: &str, body: &str) -> Result<(), DeliveryError> {
        let response = self
            .http
            .post(self.url.clone())
            .bearer_auth(self.token.expose())
            .json(&serde_json::json!({ "to": to, "body": body }))
            .send()
            .await
            // Without the URL: it is configuration, but the error text stays short.
            .map_err(|e| {
                DeliveryError::Failed(format!("SMS provider unreachable: {}", e.without_url()))
            })?;
        let status = response.status();
        if status.is_success() {
            Ok(())
        } else if matches!(status.as_u16(), 400 | 404 | 422) {
            // The provider works but will not take this number.
            Err(DeliveryError::Rejected(format!(
                "SMS provider answered {status}"
            )))
        } else {
            Err(DeliveryError::Failed(format!(
                "SMS provider answered {status}"
            )))
        }
    }
}
