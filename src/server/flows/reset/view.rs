//! What the wizard shows now: the step, its number, and what the page needs to show it.

use super::{Factor, ResetService};
use crate::domain::flows::reset::{Destination, PasswordStepView, PinView, WizardStep, WizardView};
use crate::domain::{AppError, Channel};
use crate::i18n;
use crate::server::guard::{lockout, rate_limit};

impl ResetService<'_> {
    /// What the wizard shows now for this browser.
    pub async fn view(&self, cookie: Option<&str>, client: &str) -> Result<WizardView, AppError> {
        rate_limit::check(self.s, "reset.state", client).await?;
        let total = 2 + self.factors();
        let at = |number: u8, step: WizardStep| WizardView {
            step,
            number,
            total,
        };
        let Some(loaded) = self.load(cookie).await? else {
            return Ok(at(
                1,
                WizardStep::UserId {
                    expired: cookie.is_some(),
                },
            ));
        };
        if let Some(until) = self.locked_until(&loaded).await? {
            return Ok(at(
                1,
                WizardStep::Locked {
                    until: (!lockout::is_permanent(until))
                        .then(|| i18n::date_time(i18n::request_locale(), until)),
                    support: self.s.config.support_contact_in(i18n::request_locale()),
                },
            ));
        }
        if loaded.flow.completed_at.is_some() {
            return Ok(at(total, WizardStep::Done));
        }
        let number = 2 + loaded.flow.factors_passed as u8;
        match loaded.current_factor(self.factors()) {
            Some(Factor::Totp) => Ok(at(
                number,
                WizardStep::Authenticator {
                    alternative: super::alternative_available(self.factors(), loaded.email_factor),
                },
            )),
            Some(Factor::Pin {
                channel,
                switchable,
            }) => {
                let flow = &loaded.flow;
                let channel = loaded.pin_channel().unwrap_or(channel);
                let live =
                    flow.pin_hash.is_some() && flow.pin_expires_at.is_some_and(|e| e > loaded.now);
                let resend_in = flow
                    .pin_sent_at
                    .map(|sent| (sent + self.s.config.pin_resend_seconds - loaded.now).max(0))
                    .unwrap_or(0);
                Ok(at(
                    number,
                    WizardStep::Pin(PinView {
                        channel,
                        destination: match flow.pin_destination.as_deref() {
                            Some(masked) if !masked.is_empty() => {
                                Destination::Masked(masked.to_string())
                            }
                            _ => Destination::Registered,
                        },
                        reference: if live {
                            flow.pin_reference.clone()
                        } else {
                            None
                        },
                        resend_in: resend_in as u32,
                        can_switch: switchable
                            && channel == Channel::Sms
                            && flow.pin_switched == 0
                            && !loaded.email_used(),
                        support: self.s.config.support_contact_in(i18n::request_locale()),
                        valid_minutes: (self.s.config.pin_ttl_seconds / 60) as u32,
                    }),
                ))
            }
            None => match &loaded.account {
                Some(account) => Ok(at(
                    number,
                    WizardStep::NewPassword(PasswordStepView {
                        policy: self.s.config.password_policy.clone(),
                        user_id: account.user_id.clone(),
                        email: account.email.clone(),
                    }),
                )),
                // Unreachable: an unknown User ID never passes a factor.
                None => Ok(at(1, WizardStep::UserId { expired: true })),
            },
        }
    }
}
