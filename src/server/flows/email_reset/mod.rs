//! The forgotten password by email (flow C): a request (`request`: User ID + email address →
//! a notification and a reset link), the link (`link`: "Continue" → a temporary password by
//! email). Signing in with the temporary password, and the forced change after it, are the
//! sign-in's and the account page's (flows B).
//!
//! The request answers the same whatever was typed: it does only what every request does
//! (look the User ID up), and everything that depends on the account — the checks, the link,
//! the emails — runs after the answer has gone. The link is live only once its email was sent,
//! so a mail server that is down leaves no usable token behind.

mod link;
mod request;

use url::Url;

use crate::domain::AppError;
use crate::server::config::Config;
use crate::server::crypto::{self, Keys, Redacted};
use crate::server::state::AppState;
use crate::server::store::{Store, StoreResult};

/// The page a reset link opens.
pub const LINK_PATH: &str = "/email-reset/link";

fn internal<E: std::fmt::Display + 'static>(e: E) -> AppError {
    crate::server::failure::failed("email reset failed", e)
}

/// The link for a token: always on `KEYTURN_PUBLIC_URL`, never on the request's Host.
pub fn link_url(public_url: &Url, token: &Redacted<String>) -> Redacted<String> {
    let mut url = public_url.clone();
    url.set_path(LINK_PATH);
    url.set_fragment(None);
    url.query_pairs_mut()
        .clear()
        .append_pair("token", token.expose());
    Redacted::new(url.to_string())
}

/// A new link for the account, replacing (voiding) any earlier one: its token (256 bits from
/// the OS CSPRNG) is stored only as a keyed hash. `handed_over`: live at once (an
/// administrator gives it to the person); otherwise live only once its email has been sent.
pub async fn new_link(
    store: &Store,
    keys: &Keys,
    config: &Config,
    account_id: i64,
    now: i64,
    handed_over: bool,
) -> StoreResult<(Redacted<String>, Vec<u8>)> {
    let token = crypto::new_token();
    let hash = keys.link_hash(token.expose());
    store
        .replace_reset_link(
            account_id,
            &hash,
            now,
            now + config.reset_link_ttl_seconds,
            handed_over,
        )
        .await?;
    Ok((link_url(&config.public_url, &token), hash))
}

/// The flow's steps for one request's state.
#[derive(Debug)]
pub struct EmailResetService<'a> {
    s: &'a AppState,
}

impl<'a> EmailResetService<'a> {
    pub fn new(state: &'a AppState) -> Self {
        Self { s: state }
    }

    /// Turned off (`KEYTURN_EMAIL_RESET=false`): there is no such thing.
    fn offered(&self) -> Result<(), AppError> {
        if self.s.config.email_reset {
            Ok(())
        } else {
            Err(AppError::NotFound)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_are_built_on_the_public_url_alone() {
        let token = Redacted::new("ab12".to_string());
        let public = Url::parse("https://reset.example.org/some/path?x=1#frag").unwrap();
        assert_eq!(
            link_url(&public, &token).expose(),
            "https://reset.example.org/email-reset/link?token=ab12"
        );
    }
}
