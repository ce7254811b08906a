//! Server functions, by flow: the only way the browser talks to the server.
//!
//! Each function is thin: parse the input, call the flow's logic in `crate::server::flows`,
//! map the result to a response. Their URLs are stable (`endpoint = …`, `/api/<flow>/<step>`)
//! and listed in the README so operators can rate-limit them at a proxy and other clients can
//! call them. In the client build each is a stub that posts to that URL.

pub mod account;
pub mod dev;
pub mod email_reset;
pub mod policy;
pub mod reset;
pub mod signin;
pub mod wire;

#[cfg(feature = "ssr")]
mod request;

#[cfg(test)]
mod tests {
    use super::reset::{ChangePassword, VerifyAuthenticatorCode, VerifyPin};
    use super::signin::SignIn;
    use crate::domain::Secret;

    /// Server functions turn their arguments into structs that derive `Debug`: a password, PIN
    /// or code among them must print redacted wherever such a struct is logged.
    #[test]
    fn secret_arguments_never_print_their_values() {
        let printed = [
            format!(
                "{:?}",
                VerifyAuthenticatorCode {
                    code: Secret::from("493817"),
                }
            ),
            format!(
                "{:?}",
                VerifyPin {
                    pin: Secret::from("493817"),
                }
            ),
            format!(
                "{:?}",
                ChangePassword {
                    new_password: Secret::from("Vivid-otter-grazes-near-7-quiet-lakes"),
                    confirm_password: Secret::from("Vivid-otter-grazes-near-7-quiet-lakes"),
                }
            ),
            format!(
                "{:?}",
                SignIn {
                    user_id: "dana".into(),
                    password: Secret::from("Vivid-otter-grazes-near-7-quiet-lakes"),
                }
            ),
        ];
        for line in &printed {
            assert!(!line.contains("493817"), "{line}");
            assert!(!line.contains("Vivid-otter"), "{line}");
            assert!(line.contains("[redacted]"), "{line}");
        }
        // The User ID is not a secret and stays readable.
        assert!(printed[3].contains("dana"));
    }
}
