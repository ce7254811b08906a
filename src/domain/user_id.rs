//! The canonical form of a User ID.

/// User IDs are case-insensitive: stored and looked up trimmed and lower-cased.
pub fn normalize(raw: &str) -> String {
    raw.trim().to_lowercase()
}

/// The longest User ID accepted, in characters.
pub const MAX_CHARS: usize = 128;
