use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

/// The one error type that crosses the wire. Its text is what the person sees, so it never
/// carries internal causes (those are logged on the server) and never says whether a User ID
/// exists: an unknown User ID gets exactly the same errors as a known one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    #[error("That code is not correct. Check your authenticator app and try again.")]
    WrongCode,
    #[error("That PIN is not correct. Check the reference and try again.")]
    WrongPin,
    #[error("That PIN has expired or has been replaced. Send a new PIN.")]
    PinExpired,
    #[error("You can ask for a new PIN in {0} s.")]
    ResendTooSoon(u32),
    #[error("Too many PINs have been sent for this account. Try again in an hour.")]
    SendQuotaReached,
    #[error("We could not send the PIN by {0}. Try again, or use Alternative Authentication.")]
    DeliveryFailed(String),
    #[error("There is no {0} contact for this account. Use Alternative Authentication if it is offered, or contact support.")]
    NoDestination(String),
    #[error("This account is locked. Try again later.")]
    Locked,
    #[error("Too many requests. Wait a minute and try again.")]
    RateLimited,
    #[error("Your reset has expired or was not started. Start again.")]
    FlowExpired,
    #[error("That step is not available now.")]
    OutOfOrder,
    #[error("The new password does not meet these rules: {}", .0.join("; "))]
    PasswordRejected(Vec<String>),
    #[error("{0}")]
    Invalid(String),
    #[error("Not found.")]
    NotFound,
    #[error("Something went wrong on our side. Try again later.")]
    Internal,
}

impl AppError {
    /// The HTTP status a programmatic client gets (plain form posts get a redirect instead).
    pub fn status(&self) -> u16 {
        match self {
            AppError::WrongCode
            | AppError::WrongPin
            | AppError::PinExpired
            | AppError::PasswordRejected(_)
            | AppError::Invalid(_) => 400,
            AppError::FlowExpired | AppError::OutOfOrder | AppError::NoDestination(_) => 409,
            AppError::Locked => 423,
            AppError::ResendTooSoon(_) | AppError::SendQuotaReached | AppError::RateLimited => 429,
            AppError::NotFound => 404,
            AppError::DeliveryFailed(_) => 503,
            AppError::Internal => 500,
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            // A malformed request (missing or undecodable field) is the client's mistake.
            ServerFnErrorErr::Args(_) | ServerFnErrorErr::Deserialization(_) => {
                AppError::Invalid("The request was malformed.".into())
            }
            ServerFnErrorErr::MissingArg(field) => {
                AppError::Invalid(format!("Missing field: {field}."))
            }
            _ => AppError::Internal,
        }
    }
}
