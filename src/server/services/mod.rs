//! The flows themselves. Services take the state, use the store and the senders, and return
//! [`crate::api::AppError`]s that are safe to show.

pub mod accounts;
pub mod messages;
pub mod reset;

/// User IDs are case-insensitive: stored and looked up trimmed and lower-cased.
pub fn normalize_user_id(raw: &str) -> String {
    raw.trim().to_lowercase()
}
