//! The type of every password, PIN, code and token that arrives as a server-function argument.
//!
//! Server functions turn their arguments into structs that derive `Debug`; with `Secret` fields
//! such a struct prints `Secret([redacted])` instead of the value, wherever it is logged. The
//! value is wiped from memory when it is dropped. It is (de)serialised as a plain string, since
//! the browser must send it.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use zeroize::Zeroize;

#[derive(Clone, Default, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// The value, for the one place that must use it (hashing, comparing).
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// Hands the value on (to a hashing thread, say) without a copy left behind.
    pub fn into_inner(mut self) -> String {
        std::mem::take(&mut self.0)
    }
}

impl Drop for Secret {
    fn drop(&mut self) {
        self.0.zeroize();
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret([redacted])")
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Secret(value.to_string())
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Secret(value)
    }
}

impl Serialize for Secret {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Secret {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(Secret)
    }
}

#[cfg(test)]
mod tests {
    use super::Secret;

    #[test]
    fn debug_never_shows_the_value() {
        let secret = Secret::from("hunter2-is-my-password");
        assert_eq!(format!("{secret:?}"), "Secret([redacted])");
        assert!(!format!("{:?}", Some(secret.clone())).contains("hunter2"));
        assert_eq!(secret.expose(), "hunter2-is-my-password");
    }

    #[test]
    fn travels_as_a_plain_string() {
        let secret = Secret::from("123 456");
        assert_eq!(serde_json::to_string(&secret).unwrap(), "\"123 456\"");
        let back: Secret = serde_json::from_str("\"123 456\"").unwrap();
        assert_eq!(back, secret);
    }
}
