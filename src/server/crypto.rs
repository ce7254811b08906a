//! Keys and the few cryptographic operations the flows need. Secrets are newtypes that are not
//! `Serialize` and whose `Debug` is redacted, so they cannot end up in a log line by accident.

use std::fmt;

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use hmac::{Hmac, Mac};
use rand::{rngs::OsRng, Rng, RngCore};
use sha2::Sha256;

type HmacSha256 = Hmac<Sha256>;

/// A value that must never be printed: `Debug` shows only that it is there.
#[derive(Clone, PartialEq, Eq)]
pub struct Redacted<T>(T);

impl<T> Redacted<T> {
    pub fn new(value: T) -> Self {
        Self(value)
    }
    pub fn expose(&self) -> &T {
        &self.0
    }
}

impl<T> fmt::Debug for Redacted<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

/// `KEYTURN_SECRET_KEY`: 32 bytes. Never used directly; each purpose gets its own derived key.
#[derive(Clone)]
pub struct SecretKey([u8; 32]);

impl fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SecretKey([redacted])")
    }
}

impl SecretKey {
    pub fn from_hex(hex_text: &str) -> Result<Self, String> {
        if hex_text.len() != 64 {
            return Err(format!(
                "must be 64 hex characters (32 bytes), got {} characters",
                hex_text.len()
            ));
        }
        let bytes = hex::decode(hex_text)
            .map_err(|_| "must contain only hex characters 0-9, a-f".to_string())?;
        let mut key = [0u8; 32];
        key.copy_from_slice(&bytes);
        Ok(Self(key))
    }

    pub fn generate() -> Self {
        let mut key = [0u8; 32];
        OsRng.fill_bytes(&mut key);
        Self(key)
    }

    pub fn to_hex(&self) -> String {
        hex::encode(self.0)
    }

    fn derive(&self, purpose: &str) -> [u8; 32] {
        let mut mac =
            <HmacSha256 as Mac>::new_from_slice(&self.0).expect("HMAC takes any key length");
        mac.update(b"keyturn/v1/");
        mac.update(purpose.as_bytes());
        mac.finalize().into_bytes().into()
    }

    pub fn keys(&self) -> Keys {
        Keys {
            totp: self.derive("totp-secret-encryption"),
            pin: self.derive("pin-mac"),
            token: self.derive("token-mac"),
            subject: self.derive("subject-mac"),
            recovery: self.derive("recovery-code-mac"),
            link: self.derive("reset-link-mac"),
            message: self.derive("queued-message-encryption"),
        }
    }
}

/// Purpose-bound keys derived from the secret key.
#[derive(Clone)]
pub struct Keys {
    totp: [u8; 32],
    pin: [u8; 32],
    token: [u8; 32],
    subject: [u8; 32],
    recovery: [u8; 32],
    link: [u8; 32],
    message: [u8; 32],
}

impl fmt::Debug for Keys {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Keys([redacted])")
    }
}

fn mac(key: &[u8; 32], parts: &[&[u8]]) -> Vec<u8> {
    let mut mac = <HmacSha256 as Mac>::new_from_slice(key).expect("HMAC takes any key length");
    for part in parts {
        mac.update(&(part.len() as u64).to_be_bytes());
        mac.update(part);
    }
    mac.finalize().into_bytes().to_vec()
}

impl Keys {
    /// Encrypts a TOTP secret, bound to its account (`aad`) so rows cannot be swapped.
    pub fn encrypt_totp(&self, secret: &[u8], aad: &str) -> Vec<u8> {
        seal(&self.totp, secret, aad)
    }

    pub fn decrypt_totp(&self, sealed: &[u8], aad: &str) -> Option<Redacted<Vec<u8>>> {
        open(&self.totp, sealed, aad)
    }

    /// Encrypts a queued message's text (it may hold a PIN or a link), bound to its channel.
    pub fn seal_message(&self, text: &[u8], channel: &str) -> Vec<u8> {
        seal(&self.message, text, channel)
    }

    pub fn open_message(&self, sealed: &[u8], channel: &str) -> Option<Redacted<Vec<u8>>> {
        open(&self.message, sealed, channel)
    }

    /// The stored form of a PIN: keyed, and bound to the flow that asked for it.
    pub fn pin_hash(&self, flow_id: &[u8], pin: &str) -> Vec<u8> {
        mac(&self.pin, &[flow_id, pin.as_bytes()])
    }

    /// The keyed hash a recovery code is stored as, bound to its account.
    pub fn recovery_code_hash(&self, account_id: i64, code: &str) -> Vec<u8> {
        mac(
            &self.recovery,
            &[&account_id.to_be_bytes(), code.as_bytes()],
        )
    }

    /// The stored form of a bearer token (flow cookie, session).
    pub fn token_hash(&self, token: &str) -> Vec<u8> {
        mac(&self.token, &[token.as_bytes()])
    }

    /// The stored form of a reset link's token (a key of its own: a token of one kind is
    /// worth nothing as another).
    pub fn link_hash(&self, token: &str) -> Vec<u8> {
        mac(&self.link, &[token.as_bytes()])
    }

    /// A stable pseudonym for a User ID, known or not: keys counters without storing the ID.
    pub fn subject(&self, user_id: &str) -> Vec<u8> {
        mac(&self.subject, &[user_id.as_bytes()])
    }
}

/// XChaCha20-Poly1305 with a random nonce, written before the ciphertext.
fn seal(key: &[u8; 32], plain: &[u8], aad: &str) -> Vec<u8> {
    let cipher = XChaCha20Poly1305::new(key.into());
    let mut nonce = [0u8; 24];
    OsRng.fill_bytes(&mut nonce);
    let mut out = nonce.to_vec();
    let sealed = cipher
        .encrypt(
            XNonce::from_slice(&nonce),
            Payload {
                msg: plain,
                aad: aad.as_bytes(),
            },
        )
        .expect("encryption in memory cannot fail");
    out.extend_from_slice(&sealed);
    out
}

fn open(key: &[u8; 32], sealed: &[u8], aad: &str) -> Option<Redacted<Vec<u8>>> {
    if sealed.len() < 24 {
        return None;
    }
    let cipher = XChaCha20Poly1305::new(key.into());
    let (nonce, body) = sealed.split_at(24);
    cipher
        .decrypt(
            XNonce::from_slice(nonce),
            Payload {
                msg: body,
                aad: aad.as_bytes(),
            },
        )
        .ok()
        .map(Redacted::new)
}

/// Constant-time equality for MACs and codes: timing does not reveal a common prefix.
pub fn same(a: &[u8], b: &[u8]) -> bool {
    use subtle::ConstantTimeEq;
    a.ct_eq(b).into()
}

/// A random bearer token: 256 bits, URL-safe hex.
pub fn new_token() -> Redacted<String> {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    Redacted::new(hex::encode(bytes))
}

/// A 6-digit one-time PIN, uniform over 000000–999999.
pub fn new_pin() -> Redacted<String> {
    Redacted::new(format!("{:06}", OsRng.gen_range(0..1_000_000u32)))
}

/// A short reference shown with a PIN so the person knows which PIN is current
/// (no 0/O, 1/I look-alikes).
pub fn new_reference() -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    (0..4)
        .map(|_| ALPHABET[OsRng.gen_range(0..ALPHABET.len())] as char)
        .collect()
}

/// A fresh TOTP secret: 160 bits, as RFC 4226 recommends.
pub fn new_totp_secret() -> Vec<u8> {
    let mut bytes = vec![0u8; 20];
    OsRng.fill_bytes(&mut bytes);
    bytes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_key_must_be_64_hex() {
        assert!(SecretKey::from_hex("00").is_err());
        assert!(SecretKey::from_hex(&"zz".repeat(32)).is_err());
        let k = SecretKey::generate();
        assert_eq!(
            SecretKey::from_hex(&k.to_hex()).unwrap().to_hex(),
            k.to_hex()
        );
        assert!(!format!("{k:?}").contains(&k.to_hex()));
    }

    #[test]
    fn totp_secret_round_trips_and_is_bound_to_its_account() {
        let keys = SecretKey::generate().keys();
        let sealed = keys.encrypt_totp(b"12345678901234567890", "alice");
        assert_eq!(
            keys.decrypt_totp(&sealed, "alice").unwrap().expose(),
            b"12345678901234567890"
        );
        assert!(keys.decrypt_totp(&sealed, "bob").is_none());
        assert!(SecretKey::generate()
            .keys()
            .decrypt_totp(&sealed, "alice")
            .is_none());
    }

    #[test]
    fn pin_hash_is_bound_to_the_flow() {
        let keys = SecretKey::generate().keys();
        assert_ne!(
            keys.pin_hash(b"flow-a", "123456"),
            keys.pin_hash(b"flow-b", "123456")
        );
        assert!(same(
            &keys.pin_hash(b"f", "123456"),
            &keys.pin_hash(b"f", "123456")
        ));
    }

    #[test]
    fn pins_and_references_have_their_shape() {
        for _ in 0..200 {
            let pin = new_pin();
            assert_eq!(pin.expose().len(), 6);
            assert!(pin.expose().chars().all(|c| c.is_ascii_digit()));
            let r = new_reference();
            assert_eq!(r.len(), 4);
        }
        assert_eq!(format!("{:?}", new_pin()), "[redacted]");
    }
}
