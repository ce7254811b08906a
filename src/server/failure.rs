//! What a person is told when the server side fails: the cause is logged here, never sent.
//! A database that is out of reach (restarting, a lost connection, SQLite busy past its wait)
//! is `Unavailable` (503, "try again"): the request changed nothing and may simply be sent
//! again. Anything else is `Internal` (500).

use std::any::Any;
use std::fmt::Display;

use crate::domain::AppError;
use crate::server::store::StoreError;

/// Logs `e` under `context` and gives the error the person sees. Takes any error the server
/// side meets (store, hashing, crypto, a lost task) and looks for a store outage among them.
pub fn failed<E: Display + 'static>(context: &'static str, e: E) -> AppError {
    let outage = (&e as &dyn Any)
        .downcast_ref::<StoreError>()
        .is_some_and(StoreError::is_outage);
    if outage {
        tracing::warn!(error = %e, "{context}: the database is unavailable");
        AppError::Unavailable
    } else {
        tracing::error!(error = %e, "{context}");
        AppError::Internal
    }
}
