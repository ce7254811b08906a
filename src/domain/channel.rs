//! Where a one-time PIN goes.

use serde::{Deserialize, Serialize};

/// A delivery channel. Spelled one way everywhere (the wire, the store, the audit log):
/// `"sms"` and `"email"`. How the interface names it is for `crate::i18n`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Channel {
    Sms,
    Email,
}

impl Channel {
    /// The one spelling of the channel.
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Sms => "sms",
            Channel::Email => "email",
        }
    }

    /// Reads the one spelling back; anything else is not a channel.
    pub fn parse(name: &str) -> Option<Channel> {
        match name {
            "sms" => Some(Channel::Sms),
            "email" => Some(Channel::Email),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Channel;

    #[test]
    fn one_spelling_on_the_wire_and_in_the_store() {
        for channel in [Channel::Sms, Channel::Email] {
            let wire = serde_json::to_string(&channel).unwrap();
            assert_eq!(wire, format!("\"{}\"", channel.as_str()));
            assert_eq!(Channel::parse(channel.as_str()), Some(channel));
        }
        assert_eq!(Channel::parse("SMS"), None);
    }
}
