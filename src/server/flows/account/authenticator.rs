//! The authenticator app: set up or replace (a new secret, shown as a QR code and as text, that
//! counts only once a code from it is confirmed), and remove.

use qrcode::render::svg;
use qrcode::QrCode;

use super::{internal, AccountService};
use crate::domain::flows::account::AuthenticatorSetup;
use crate::domain::{AppError, InvalidInput, Secret};
use crate::server::crypto;
use crate::server::delivery::messages::SignInChange;
use crate::server::factors::{self, totp};
use crate::server::guard::rate_limit;

/// The issuer an authenticator app shows beside the account.
const ISSUER: &str = "Keyturn";

/// What the pending secret is bound to (its AEAD associated data), apart from the account's
/// own secret, so one can never be swapped for the other.
fn pending_aad(user_id: &str) -> String {
    format!("pending-totp:{user_id}")
}

/// The QR code of `text` as an SVG document.
fn qr_svg(text: &str) -> Result<String, AppError> {
    let code = QrCode::new(text.as_bytes()).map_err(internal)?;
    Ok(code
        .render::<svg::Color<'_>>()
        .min_dimensions(200, 200)
        .quiet_zone(true)
        .build())
}

impl AccountService<'_> {
    /// "Set up authenticator app" / "Replace authenticator app": a fresh 160-bit secret waits,
    /// encrypted, in this session until a code from it is confirmed.
    #[tracing::instrument(skip_all)]
    pub async fn begin_authenticator_setup(&self) -> Result<(), AppError> {
        rate_limit::check(self.s, "account.authenticator", &self.client).await?;
        self.require_recent_authentication()?;
        let secret = crypto::new_totp_secret();
        let sealed = self
            .s
            .keys
            .encrypt_totp(&secret, &pending_aad(&self.account.user_id));
        self.s
            .store
            .set_pending_totp(&self.session.token_hash, Some(&sealed))
            .await
            .map_err(internal)?;
        Ok(())
    }

    /// The pending setup: its QR code, the secret as text and the `otpauth://` URI.
    pub async fn pending_authenticator(&self) -> Result<Option<AuthenticatorSetup>, AppError> {
        self.unless_change_required()?;
        let Some(sealed) = &self.session.pending_totp else {
            return Ok(None);
        };
        let Some(secret) = self
            .s
            .keys
            .decrypt_totp(sealed, &pending_aad(&self.account.user_id))
        else {
            return Ok(None);
        };
        let uri = totp::otpauth_uri(secret.expose(), ISSUER, &self.account.user_id);
        Ok(Some(AuthenticatorSetup {
            qr_svg: qr_svg(&uri)?,
            secret: totp::encode_secret(secret.expose()),
            otpauth_uri: uri,
            replacing: self.account.totp_secret.is_some(),
        }))
    }

    /// The first code from the new app: only now does the secret become the account's (and
    /// that code's step counts as used).
    #[tracing::instrument(skip_all)]
    pub async fn confirm_authenticator(&self, code: Secret) -> Result<(), AppError> {
        rate_limit::check(self.s, "account.authenticator", &self.client).await?;
        self.unless_change_required()?;
        let code = factors::six_digits(code.expose())
            .ok_or(AppError::Invalid(InvalidInput::CodeFormat))?;
        let secret = self
            .session
            .pending_totp
            .as_ref()
            .and_then(|sealed| {
                self.s
                    .keys
                    .decrypt_totp(sealed, &pending_aad(&self.account.user_id))
            })
            .ok_or(AppError::OutOfOrder)?;
        let step = totp::matching_step(secret.expose(), &code, self.now, self.s.config.totp_skew)
            .ok_or(AppError::WrongCode)?;
        let sealed = self
            .s
            .keys
            .encrypt_totp(secret.expose(), &self.account.user_id);
        let store = &self.s.store;
        store
            .set_totp(self.account.id, Some(&sealed), Some(step), self.now)
            .await
            .map_err(internal)?;
        store
            .set_pending_totp(&self.session.token_hash, None)
            .await
            .map_err(internal)?;
        let replaced = self.account.totp_secret.is_some();
        let (event, what) = if replaced {
            (
                "authenticator.replaced",
                SignInChange::AuthenticatorReplaced,
            )
        } else {
            ("authenticator.set_up", SignInChange::AuthenticatorSetUp)
        };
        self.audit(event, "").await;
        self.notify(&self.account.email, what);
        Ok(())
    }

    /// "Remove authenticator app": sign-in then asks for a PIN (or a recovery code) instead.
    #[tracing::instrument(skip_all)]
    pub async fn remove_authenticator(&self) -> Result<(), AppError> {
        rate_limit::check(self.s, "account.authenticator", &self.client).await?;
        self.require_recent_authentication()?;
        if self.account.totp_secret.is_none() {
            return Err(AppError::OutOfOrder);
        }
        self.s
            .store
            .set_totp(self.account.id, None, None, self.now)
            .await
            .map_err(internal)?;
        self.audit("authenticator.removed", "").await;
        self.notify(&self.account.email, SignInChange::AuthenticatorRemoved);
        Ok(())
    }
}
